import Foundation
import Testing

/// `liaison communities`, run as a user would.
@Suite("communities command")
struct CommunitiesCLITests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("json on the demo: keys, modularity, communities, bridges")
    func demoJSON() throws {
        let r = try liaison(["communities", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        for key in ["algorithm", "seed", "resolution", "modularity", "communities", "bridges"] {
            #expect(o[key] != nil, "missing \(key)")
        }
        #expect(o["algorithm"] as? String == "louvain")
        #expect(o["seed"] as? Int == 42)
        let q = try #require(o["modularity"] as? Double)
        #expect(q > 0.3)
        let comms = try #require(o["communities"] as? [[String: Any]])
        #expect(comms.count > 1)
        #expect(comms.map { $0["id"] as? Int } == comms.indices.map { $0 })
        let sizes = comms.compactMap { $0["size"] as? Int }
        #expect(sizes.reduce(0, +) == 300)
        #expect(zip(sizes, sizes.dropFirst()).allSatisfy { $0 >= $1 })
        for c in comms {
            #expect((c["leaders"] as? [[String: Any]])?.isEmpty == false)
            #expect((c["institutions"] as? [[String: Any]])?.isEmpty == false)
        }
        let bridges = try #require(o["bridges"] as? [[String: Any]])
        #expect(!bridges.isEmpty)
        for b in bridges {
            #expect((b["participation"] as? Double).map { $0 >= 0.5 } == true)
            #expect(b["id"] is String && b["community"] is Int)
        }
    }

    @Test("same seed, same output; the seed and algorithm are stated")
    func deterministic() throws {
        let a = try liaison(["communities", "--seed", "7"]), b = try liaison(["communities", "--seed", "7"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(a.stdout.contains("Louvain") && a.stdout.contains("seed 7") && a.stdout.contains("modularity 0."))
        let leiden = try liaison(["communities", "--algorithm", "leiden", "--format", "json"])
        #expect(leiden.status == 0)
        #expect(try json(leiden.stdout)["algorithm"] as? String == "leiden")
    }

    @Test("--list experts: every expert once, with a community")
    func expertsList() throws {
        let r = try liaison(["communities", "--list", "experts", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSV(r.stdout)
        #expect(rows.first == ["id", "name", "institution", "community", "participation", "communities_touched",
                               "patients", "within_z", "bridge"])
        #expect(rows.count == 301)
        #expect(Set(rows.dropFirst().map { $0[0] }).count == 300)
    }

    @Test("patient counts obey --min-cell")
    func smallCells() throws {
        let r = try liaison(["communities", "--min-cell", "1000000", "--format", "json"])
        #expect(r.status == 0)
        let comms = try #require(try json(r.stdout)["communities"] as? [[String: Any]])
        #expect(comms.allSatisfy { $0["internal_patients"] is NSNull && $0["suppressed"] as? Bool == true })
        let t = try liaison(["communities", "--min-cell", "1000000"])
        #expect(t.stdout.contains("<1000000"))
    }

    @Test("--help has examples; bad options fail")
    func help() throws {
        let r = try liaison(["communities", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Examples:") && r.stdout.contains("liaison communities"))
        #expect(try liaison(["communities", "--resolution", "-1"]).status != 0)
        #expect(try liaison(["communities", "--min-participation", "2"]).status != 0)
    }
}
