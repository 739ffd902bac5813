import Foundation
import Testing
@testable import Liaison

@Suite("GraphML", .tags(.unit))
struct GraphMLTests {
    func load(_ text: String, lenient: Bool = false) throws(DatasetError) -> Dataset {
        try GraphMLReader(options: .init(lenient: lenient)).load(bytes: Array(text.utf8), fileName: "g.graphml")
    }

    func issues(_ text: String) -> [DataIssue] {
        do { _ = try load(text) } catch { return error.issues }
        Issue.record("loaded without error")
        return []
    }

    func links(_ d: Dataset) -> [String] {
        d.referrals.map { "\(d.experts[$0.source].id)>\(d.experts[$0.target].id):\($0.patients)" }
    }

    /// As networkx `write_graphml` writes a DiGraph with a node name and an edge weight.
    static let networkx = """
    <?xml version='1.0' encoding='utf-8'?>
    <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
      <key id="d3" for="edge" attr.name="weight" attr.type="long" />
      <key id="d2" for="node" attr.name="region" attr.type="string"><default>Brussels</default></key>
      <key id="d1" for="node" attr.name="npi" attr.type="string" />
      <key id="d0" for="node" attr.name="name" attr.type="string" />
      <graph edgedefault="directed">
        <node id="A">
          <data key="d0">Dr A &amp; Co</data>
          <data key="d1">1234567893</data>
          <data key="d2">Antwerp</data>
        </node>
        <node id="B"><data key="d0"><![CDATA[Dr <B>]]></data></node>
        <node id="C"/>
        <edge source="A" target="B"><data key="d3">4</data></edge>
        <edge source="B" target="C" />
        <edge source="A" target="B"><data key="d3">2.0</data></edge>
        <edge source="C" target="A" directed="false"><data key="d3">7</data></edge>
      </graph>
    </graphml>
    """

    @Test func networkxDigraph() throws {
        let d = try load(Self.networkx)
        #expect(d.experts.map(\.id) == ["A", "B", "C"])
        #expect(d.experts.map(\.name) == ["Dr A & Co", "Dr <B>", "C"])
        #expect(d.experts.map(\.region) == ["Antwerp", "Brussels", "Brussels"])
        #expect(d.experts[0].npi == "1234567893" && d.warnings.isEmpty)
        #expect(links(d) == ["A>B:6", "B>C:1", "C>A:7", "A>C:7"])
    }

    @Test func undirectedByDefaultAndKeyDefaultsForEdges() throws {
        let text = """
        <graphml><key id="w" for="all" attr.name="Weight"><default>3</default></key>
        <key id="lab" for="node" attr.name="label"/><key id="x" for="node"/>
        <graph><node id="1"><data key="lab">One</data><data key="x">kept</data></node><node id="2"/>
        <edge source="1" target="2"/></graph></graphml>
        """
        let d = try load(text)
        #expect(links(d) == ["1>2:3", "2>1:3"])
        // A key `for="all"` with a default gives every node the attribute too, as GraphML says.
        #expect(d.experts[0].name == "One" && d.experts[0].attributes == ["label": "One", "x": "kept", "Weight": "3"])
    }

    @Test func yEdGraphicsAreIgnored() throws {
        let text = """
        <graphml xmlns:y="http://www.yworks.com/xml/graphml"><key id="d6" for="node" yfiles.type="nodegraphics"/>
        <graph edgedefault="directed"><node id="n0"><data key="d6"><y:ShapeNode><y:NodeLabel>Dr X</y:NodeLabel></y:ShapeNode></data></node>
        <node id="n1"/><edge id="e0" source="n0" target="n1"/></graph></graphml>
        """
        let d = try load(text)
        #expect(d.experts.map(\.id) == ["n0", "n1"] && d.experts[0].attributes.isEmpty)
        #expect(links(d) == ["n0>n1:1"])
    }

    @Test func problemsAreLocated() {
        let malformed = issues("<graphml>\n<graph>\n<node id=\"a\">\n</graph>\n</graphml>")
        #expect(malformed.count == 1 && malformed[0].line == 4 && malformed[0].message.hasPrefix("malformed XML"), "\(malformed)")
        #expect(issues("<html><body/></html>").first?.message == "not GraphML: the root element is <html>, not <graphml>")
        #expect(issues("just text").first?.message.hasPrefix("malformed XML") == true)
        let bad = issues("""
        <graphml><key id="w" for="edge" attr.name="weight"/><graph edgedefault="directed">
        <node id="a"/><node id="a"/><node/>
        <edge source="a" target="zz"/>
        <edge source="a"/>
        <edge source="a" target="a"><data key="w">-1</data></edge>
        </graph></graphml>
        """)
        #expect(bad.map(\.line).sorted() == [2, 2, 3, 4, 5], "\(bad)")
        #expect(bad.contains { $0.message == "<node> without id" })
        #expect(bad.contains { $0.message == "duplicate node id 'a' (first on line 2)" })
        #expect(bad.contains { $0.message.hasPrefix("unknown node id 'zz'") })
        #expect(bad.contains { $0.message == "<edge> without source and target" })
        #expect(bad.contains { $0.message == "edge a → a: weight '-1' is negative" })
        let hyper = issues("<graphml><graph>\n<hyperedge><endpoint node=\"a\"/></hyperedge></graph></graphml>")
        #expect(hyper.first?.line == 2 && hyper.first?.message.contains("hyperedges") == true)
    }

    @Test func npiWarnings() throws {
        let d = try load("<graphml><key id=\"n\" for=\"node\" attr.name=\"NPI\"/><graph>\n<node id=\"x\"><data key=\"n\">1234567890</data></node></graph></graphml>")
        #expect(d.experts[0].npi == "1234567890")
        #expect(d.warnings.count == 1 && d.warnings[0].hasPrefix("g.graphml:2:") && d.warnings[0].contains("fails the NPI check digit"))
    }

    /// Truncations and byte flips never crash the reader.
    @Test func malformedInputNeverCrashes() {
        let good = Array(Self.networkx.utf8)
        var rng = SystemRandomNumberGenerator()
        for cut in stride(from: 0, to: good.count, by: 7) {
            do { _ = try GraphMLReader().load(bytes: Array(good[..<cut]), fileName: "t.graphml") } catch {
                #expect(!error.issues.isEmpty)
            }
        }
        let alphabet = Array("<>/=\"' &;abcdegnrx0123456789".utf8)
        for _ in 0..<500 {
            var b = good
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                b[Int.random(in: 0..<b.count, using: &rng)] = alphabet.randomElement(using: &rng) ?? 0
            }
            do { _ = try GraphMLReader(options: .init(lenient: Bool.random(using: &rng))).load(bytes: b, fileName: "t.graphml") } catch {
                #expect(!error.issues.isEmpty)
            }
        }
    }
}
