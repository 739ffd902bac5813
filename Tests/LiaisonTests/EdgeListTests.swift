import Foundation
import Testing
@testable import Liaison

@Suite("Edge lists", .tags(.unit))
struct EdgeListTests {
    func load(_ files: [String: String], _ name: String, layer: String? = nil, lenient: Bool = false) throws -> Dataset {
        let t = try TempDataset(files)
        return try EdgeListReader(options: .init(lenient: lenient, layer: layer)).load(t.url.appendingPathComponent(name))
    }

    func issues(_ files: [String: String], _ name: String, layer: String? = nil) throws -> [DataIssue] {
        do { _ = try load(files, name, layer: layer) } catch let e as DatasetError { return e.issues }
        Issue.record("loaded without error")
        return []
    }

    func links(_ d: Dataset) -> [String] {
        d.referrals.map { "\(d.experts[$0.source].id)>\(d.experts[$0.target].id):\($0.patients)" }
    }

    @Test func plainPairsCommentsTabsCRLF() throws {
        let text = "# a comment\r\nA B\r\nB\tC   # trailing comment\r\n\r\n  C  A\r\nA B\r\nD D\r\n"
        let d = try load(["net.edges": text], "net.edges")
        #expect(d.experts.map(\.id) == ["A", "B", "C", "D"])
        #expect(links(d) == ["A>B:2", "B>C:1", "C>A:1"])
        #expect(d.warnings.contains { $0.contains("ignored 1 self-loop") })
        #expect(d.filesPresent.contains("referrals.csv"))
    }

    @Test func weightedAndFloatWeights() throws {
        let d = try load(["w.edgelist": "1 2 3\n2 3 4.0\n1 2 1e1\n"], "w.edgelist")
        #expect(links(d) == ["1>2:13", "2>3:4"])
    }

    @Test func badWeightsAndShapesAreLocated() throws {
        let e = try issues(["w.txt": "1 2 3\n2 3 x\n3 4 0.5\n4 5 -2\n5 6\n"], "w.txt")
        #expect(e.map(\.line) == [2, 3, 4, 5])
        #expect(e[0].column == 5 && e[0].message == "weight 'x' is not a number")
        #expect(e[1].message.contains("is not a whole number"))
        #expect(e[2].message.contains("is negative"))
        #expect(e[3].message == "expected 3 fields, as on line 1, found 2")
        let five = try issues(["w.txt": "1 2 3 4 5\n"], "w.txt")
        #expect(five.first?.line == 1 && five.first?.message.contains("found 5 fields") == true)
        // Lenient: bad lines skipped with a warning.
        let d = try load(["w.txt": "1 2 3\n2 3 x\n"], "w.txt", lenient: true)
        #expect(links(d) == ["1>2:3"])
        #expect(d.warnings.contains { $0.contains(":2:5: weight 'x'") })
    }

    static let layered: [String: String] = [
        "net_multiplex.edges": "1 1 2 1\n1 3 2 1\n2 1 2 1\n2 2 3 1\n3 3 1 2\n",
        "net_layers.txt": "layerID layerLabel\n1 advice\n2 discussion\n3 friend\n",
        "net_nodes.txt": "nodeID nodeCity nodeSpecialty name\r\n1 1 2 Ann\r\n2 1 1 Bob\r\n3 2 9 Cy\r\n4 2 1 Dee\r\n",
    ]

    @Test func layersByNameNumberOrAll() throws {
        let all = try load(Self.layered, "net_multiplex.edges")
        #expect(all.experts.map(\.id) == ["1", "2", "3", "4"])           // isolate 4 from the node file
        #expect(all.experts.map(\.name) == ["Ann", "Bob", "Cy", "Dee"])
        #expect(all.experts[2].attributes == ["nodeCity": "2", "nodeSpecialty": "9"])
        #expect(links(all) == ["1>2:2", "3>2:1", "2>3:1", "3>1:2"])     // layers summed
        #expect(all.warnings.contains { $0.contains("3 layers (1 advice, 2 discussion, 3 friend) read as one network, weights summed") })

        let advice = try load(Self.layered, "net_multiplex.edges", layer: "Advice")
        #expect(links(advice) == ["1>2:1", "3>2:1"])
        #expect(advice.experts.count == 4 && advice.warnings.isEmpty)
        #expect(advice.source.hasSuffix("(layer 1 advice)"))
        let friend = try load(Self.layered, "net_multiplex.edges", layer: "3")
        #expect(links(friend) == ["3>1:2"])

        let e = try issues(Self.layered, "net_multiplex.edges", layer: "colleague")
        #expect(e.first?.message == "no layer 'colleague' in this edge list (layers: 1 advice, 2 discussion, 3 friend)")
        let flat = try issues(["a.edges": "1 2\n"], "a.edges", layer: "advice")
        #expect(flat.first?.message.contains("has no layer column") == true)
    }

    @Test func layerNumbersWithoutALayersFile() throws {
        let d = try load(["m.edges": "a x y 1\nb x z 1\n"], "m.edges", layer: "b")
        #expect(links(d) == ["x>z:1"])
        #expect(d.experts.map(\.id) == ["x", "y", "z"])
        let e = try issues(["m.edges": "a x y 1\n"], "m.edges", layer: "c")
        #expect(e.first?.message == "no layer 'c' in this edge list (layers: a)")
    }

    @Test func nodeFileProblemsAreLocated() throws {
        var files = Self.layered
        files["net_multiplex.edges"] = "1 1 2 1\n1 1 7 1\n"
        let e = try issues(files, "net_multiplex.edges")
        #expect(e.count == 1 && e[0].line == 2 && e[0].column == 5)
        #expect(e[0].message.contains("unknown node id '7' (not among the nodes of") && e[0].message.hasSuffix("net_nodes.txt)"))

        files = Self.layered
        files["net_nodes.txt"] = "nodeID nodeCity\n1 1\n2 1\n3 1\n4\n1 3\n"
        let n = try issues(files, "net_multiplex.edges")
        #expect(n.map(\.line) == [5, 6])
        #expect(n[0].file.hasSuffix("net_nodes.txt") && n[0].message.contains("expected 2 fields"))
        #expect(n[1].message == "duplicate node id '1' (first on line 2)" && n[1].column == 1)

        files = Self.layered
        files["net_multiplex.edges"] = "1 2 1\n"
        let shape = try issues(files, "net_multiplex.edges")
        #expect(shape.first?.message.contains("a layers file is beside this edge list") == true)
    }

    @Test func npiColumnInNodeFileIsChecked() throws {
        let d = try load(["g.edges": "1 2\n", "g_nodes.txt": "id npi\n1 1234567893\n2 1234567890\n"], "g.edges")
        #expect(d.experts[1].npi == "1234567890")
        #expect(d.warnings.count == 1)
        #expect(d.warnings.first?.contains("g_nodes.txt:3:3: npi '1234567890' fails the NPI check digit") == true, "\(d.warnings)")
    }

    @Test func companionsAreFoundByName() throws {
        let t = try TempDataset(Self.layered)
        let c = EdgeListReader.companions(of: t.url.appendingPathComponent("net_multiplex.edges"))
        #expect(c.nodes?.lastPathComponent == "net_nodes.txt" && c.layers?.lastPathComponent == "net_layers.txt")
        let none = EdgeListReader.companions(of: t.url.appendingPathComponent("other.edges"))
        #expect(none.nodes == nil && none.layers == nil)
    }

    @Test func emptyBinaryAndNonUTF8() throws {
        let d = try load(["e.edges": "# nothing\n\n"], "e.edges")
        #expect(d.experts.isEmpty && d.referrals.isEmpty)
        let t = try TempDataset([:])
        try t.write("b.edges", bytes: [0x31, 0x20, 0x32, 0x0A, 0x33, 0x00])
        try t.write("l.edges", bytes: Array("1 2\n3 caf".utf8) + [0xE9] + [0x0A])
        for (name, line, col) in [("b.edges", 2, 2), ("l.edges", 2, 6)] {
            do {
                _ = try EdgeListReader().load(t.url.appendingPathComponent(name))
                Issue.record("\(name) loaded")
            } catch {
                #expect(error.issues.first?.line == line && error.issues.first?.column == col, "\(error)")
            }
        }
    }
}
