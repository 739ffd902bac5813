import Foundation
import Testing
@testable import Liaison

@Suite("Node-link JSON", .tags(.unit))
struct NodeLinkJSONTests {
    func load(_ text: String, lenient: Bool = false) throws(DatasetError) -> Dataset {
        try NodeLinkJSONReader(options: .init(lenient: lenient)).load(bytes: Array(text.utf8), fileName: "g.json")
    }

    func issues(_ text: String) -> [DataIssue] {
        do { _ = try load(text) } catch { return error.issues }
        Issue.record("loaded without error")
        return []
    }

    func links(_ d: Dataset) -> [String] {
        d.referrals.map { "\(d.experts[$0.source].id)>\(d.experts[$0.target].id):\($0.patients)" }
    }

    @Test func networkxDirected() throws {
        let text = """
        {"directed": true, "multigraph": false, "graph": {"name": "x"},
         "nodes": [{"id": "A", "name": "Dr A", "specialty": "Cardiology", "npi": "1234567893", "beds": 12, "tags": ["x", "y"]},
                   {"id": 7, "label": "Dr Seven"}, {"id": "C"}],
         "links": [{"source": "A", "target": 7, "weight": 3}, {"source": 7, "target": "C", "patients": 12, "weight": 99},
                   {"source": "A", "target": 7, "value": 2.0}, {"source": "C", "target": "A", "count": 0}, {"source": "C", "target": "C"}]}
        """
        let d = try load(text)
        #expect(d.experts.map(\.id) == ["A", "7", "C"])
        #expect(d.experts.map(\.name) == ["Dr A", "Dr Seven", "C"])
        #expect(d.experts[0].specialty == "Cardiology" && d.experts[0].npi == "1234567893")
        #expect(d.experts[0].attributes == ["beds": "12", "tags": "x; y"])
        #expect(d.experts[1].attributes == ["label": "Dr Seven"])
        #expect(links(d) == ["A>7:5", "7>C:12", "C>A:0"])
        #expect(d.warnings == ["g.json: ignored 1 self-loop (source = target)"])
    }

    @Test func undirectedCountsBothWaysAndEdgesKey() throws {
        let d = try load(#"{"directed": false, "multigraph": true, "nodes": [{"id": 1}, {"id": 2}], "edges": [{"source": 1, "target": 2, "weight": 4}, {"source": 2, "target": 1, "key": 1}]}"#)
        #expect(links(d) == ["1>2:5", "2>1:5"])
    }

    @Test func d3Indices() throws {
        let text = #"{"nodes": [{"name": "GLICK, JEFFREY", "type": "referring", "group": 0}, {"name": "INGRAM, DONNA", "type": "referred", "group": 0}], "links": [{"source": 0, "target": 1}, {"source": {"id": 1}, "target": 0}]}"#
        let d = try load(text)
        #expect(d.experts.map(\.id) == ["0", "1"])
        #expect(d.experts[0].name == "GLICK, JEFFREY" && d.experts[0].attributes == ["type": "referring", "group": "0"])
        #expect(links(d) == ["0>1:1", "1>0:1"])
        let e = issues(#"{"nodes": [{"name": "a"}], "links": [{"source": 0, "target": 1}]}"#)
        #expect(e.first?.message == "link 0: 'target' 1 is not a node index (0…0); nodes without 'id' are named by index")
        #expect(e.first?.line == 1 && e.first?.column == 62)
    }

    @Test func syntaxErrorsAreLocated() {
        let cases: [(String, Int, Int, String)] = [
            ("{\"nodes\": [\n  {\"id\": 1,}\n]}", 2, 12, "expected a member name"),
            ("{\"nodes\": [\n  {\"id\": 1}\n", 3, 1, "unexpected end of file"),
            ("{\"nodes\": [{\"id\": \"a\nb\"}]}", 1, 21, "control character"),
            ("{\"nodes\": [{\"id\": 01}]}", 1, 19, "leading zeros"),
            ("{\"nodes\": []} x", 1, 15, "after the end"),
            ("{\"nodes\": [{\"id\": \"é\" tru}]}", 1, 23, "expected ',' or '}'"),
            ("{\"nodes\": [{\"id\": nul}]}", 1, 19, "did you mean null"),
            ("", 1, 1, "unexpected end of file"),
            (String(repeating: "[", count: 600), 1, 513, "nesting deeper than 512"),
        ]
        for (text, line, col, what) in cases {
            let e = issues(text)
            #expect(e.count == 1, "\(text)")
            #expect(e.first?.line == line && e.first?.column == col, "\(text): \(e)")
            #expect(e.first?.message.hasPrefix("invalid JSON: ") == true && e.first?.message.contains(what) == true, "\(e)")
        }
    }

    @Test func structuralErrorsAreLocated() {
        #expect(issues("[1, 2]").first?.message.contains("found an array") == true)
        #expect(issues(#"{"links": []}"#).first?.message.contains("no 'nodes' member") == true)
        let e = issues("{\"nodes\": [{\"id\": \"a\"},\n {\"id\": \"a\"}, {\"name\": \"b\"}, 3],\n \"links\": [{\"source\": \"a\", \"target\": \"z\"}, {\"source\": \"a\"}, {\"source\": \"a\", \"target\": \"a\", \"weight\": 1.5}, {\"source\": [1], \"target\": \"a\"}]}")
        #expect(e.map(\.line) == [2, 2, 2, 3, 3, 3, 3])
        #expect(e[0].message == "node 1: duplicate node id 'a' (first on line 1)" && e[0].column == 2)
        #expect(e[1].message.contains("node 2 has no 'id'"))
        #expect(e[2].message == "node 3 is a number, expected an object")
        #expect(e[3].message.contains("link 0: unknown node id 'z'"))
        #expect(e[4].message == "link 1 has no 'target'")
        #expect(e[5].message.contains("weight '1.5' is not a whole number"))
        #expect(e[6].message.contains("'source' is an array"))
        #expect(issues(#"{"directed": "yes", "nodes": []}"#).first?.message.contains("'directed' to be true or false") == true)
    }

    @Test func npiWarningPointsAtTheValue() throws {
        let d = try load("{\"nodes\": [\n {\"id\": 1, \"npi\": \"1234567890\"}]}")
        #expect(d.warnings == ["g.json:2:19: node 0: npi '1234567890' fails the NPI check digit (Luhn over 80840 + the first 9 digits) (check digit should be 3)"])
    }

    @Test func escapesAndUnicode() throws {
        let d = try load(#"{"nodes": [{"id": "a\"b", "name": "Ren\u00e9e \ud83d\ude00 \/ \\"}], "links": []}"#)
        #expect(d.experts.first?.id == "a\"b" && d.experts.first?.name == "Renée 😀 / \\")
        #expect(issues(#"{"nodes": [{"id": "\ud83d"}]}"#).first?.message.contains("surrogate") == true)
        #expect(issues(#"{"nodes": [{"id": "\q"}]}"#).first?.message.contains("invalid escape") == true)
    }

    /// Truncations and byte flips of a valid document load or fail with located issues: never a crash.
    @Test func malformedInputNeverCrashes() {
        let good = Array(#"{"directed": true, "nodes": [{"id": "A", "name": "Dr \u00c5"}, {"id": 2}], "links": [{"source": "A", "target": 2, "weight": 3}]}"#.utf8)
        var rng = SystemRandomNumberGenerator()
        var failures = 0
        for cut in 0..<good.count {
            do { _ = try NodeLinkJSONReader().load(bytes: Array(good[..<cut]), fileName: "t.json") } catch {
                failures += 1
                #expect(error.issues.allSatisfy { $0.line >= 1 })
            }
        }
        #expect(failures == good.count)
        let alphabet = Array("{}[]\":,0123456789.-eE \\ntrufalsn".utf8) + [0x00, 0xFF, 0xC3]
        for _ in 0..<2000 {
            var b = good
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                b[Int.random(in: 0..<b.count, using: &rng)] = alphabet.randomElement(using: &rng) ?? 0
            }
            do { _ = try NodeLinkJSONReader(options: .init(lenient: Bool.random(using: &rng))).load(bytes: b, fileName: "t.json") } catch {
                #expect(!error.issues.isEmpty)
            }
        }
    }
}
