import Foundation
import Testing
@testable import Liaison

@Suite("Opening a DATASET: readers chosen by content, then extension", .tags(.unit))
struct DatasetSourcesTests {
    static let json = #"{"directed": true, "nodes": [{"id": "A"}, {"id": "B"}], "links": [{"source": "A", "target": "B", "weight": 12}]}"#

    func links(_ d: Dataset) -> [String] {
        d.referrals.map { "\(d.experts[$0.source].id)>\(d.experts[$0.target].id):\($0.patients)" }
    }

    @Test("each standard reader is chosen by its extension; a folder by the loader")
    func byExtension() throws {
        let t = try TempDataset([
            "experts.csv": "id,name\nA,Ann\nB,Bob\n", "referrals.csv": "source,target,patients\nA,B,12\n",
            "net.json": Self.json, "net.edges": "A B 12\n", "net.txt": "1 A B 12\n2 B A 3\n",
            "net.graphml": #"<graphml><key id="w" for="edge" attr.name="weight"/><graph edgedefault="directed"><node id="A"/><node id="B"/><edge source="A" target="B"><data key="w">12</data></edge></graph></graphml>"#,
        ])
        let s = DatasetSources.standard
        for name in ["net.json", "net.edges", "net.graphml", "referrals.csv"] {
            #expect(links(try s.open(t.url.appendingPathComponent(name))) == ["A>B:12"], "\(name)")
        }
        #expect(links(try s.open(t.url)) == ["A>B:12"])
        // --layer is for edge lists only.
        let layered = try s.open(t.url.appendingPathComponent("net.txt"), options: .init(layer: "2"))
        #expect(links(layered) == ["B>A:3"])
        for name in ["net.json", "referrals.csv", ""] {
            #expect(throws: DatasetError.self) { _ = try s.open(t.url.appendingPathComponent(name), options: .init(layer: "1")) }
        }
        // A referrals file given apart replaces the folder's.
        try t.write("other.csv", bytes: Array("source,target,patients\nB,A,20\n".utf8))
        let replaced = try s.open(t.url, options: .init(referrals: t.url.appendingPathComponent("other.csv")))
        #expect(links(replaced) == ["B>A:20"])
    }

    @Test("an unknown extension is refused with every kind the readers know")
    func unknown() throws {
        let t = try TempDataset(["net.xyz": "A B\n"])
        do {
            _ = try DatasetSources.standard.open(t.url.appendingPathComponent("net.xyz"))
            Issue.record("opened")
        } catch {
            let m = error.description
            #expect(m.contains("net.xyz: not a dataset: give a folder holding experts.csv, or one of: "))
            for k in DatasetSources.standard.fileKinds {
                #expect(m.contains(k.description + " (" + k.extensions.map { "." + $0 }.joined(separator: ", ") + ")"))
            }
        }
    }

    @Test("another module's reader: by its extension, or by content before any extension")
    func registered() throws {
        let t = try TempDataset(["a.net": "whatever", "b.csv": "MAGIC\n", "c.csv": "source,target,patients\nA,B,1\n"])
        let mine = DatasetFileReader(extensions: ["net"], description: "a test network",
                                     recognises: { (try? String(contentsOf: $0, encoding: .utf8))?.hasPrefix("MAGIC") == true }) { url, o throws(DatasetError) in
            Dataset(source: url.lastPathComponent + (o.lenient ? " lenient" : ""), experts: [Expert(id: "X", name: "X")])
        }
        let s = DatasetSources.standard + [mine]
        #expect(try s.open(t.url.appendingPathComponent("a.net"), options: .init(lenient: true)).source == "a.net lenient")
        #expect(try s.open(t.url.appendingPathComponent("b.csv")).source == "b.csv")          // content wins over .csv
        #expect(try s.open(t.url.appendingPathComponent("c.csv")).experts.map(\.id) == ["A", "B"])
        #expect(s.fileKinds.last?.description == "a test network")
        #expect(throws: DatasetError.self) { _ = try DatasetSources.standard.open(t.url.appendingPathComponent("a.net")) }
    }
}
