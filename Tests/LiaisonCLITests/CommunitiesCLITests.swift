import Foundation
import Testing

/// `liaison communities`, run as a user would.
@Suite("communities command", .tags(.cli))
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

    /// Each community's members, from `--list experts` (community column).
    func members() throws -> [Int: [String]] {
        let r = try liaison(["communities", "--list", "experts", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        var out: [Int: [String]] = [:]
        for row in parseCSV(r.stdout).dropFirst() where row.count > 3 {
            out[try #require(Int(row[3])), default: []].append(row[0])
        }
        return out
    }

    @Test("--leaders-by pagerank: each community's top 3 by rank's PageRank; the output names the measure")
    func leadersByPageRank() throws {
        let pr = try liaison(["rank", "--metric", "pagerank", "--all", "--format", "csv", "--columns", "id,pagerank"])
        #expect(pr.status == 0, "\(pr.stderr)")
        var pagerank: [String: Double] = [:]
        for row in parseCSV(pr.stdout).dropFirst() where row.count == 2 { pagerank[row[0]] = Double(row[1]) }
        #expect(pagerank.count == 300)
        let groups = try members()

        let r = try liaison(["communities", "--leaders-by", "pagerank", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "an explicit measure needs no note: \(r.stderr)")
        let o = try json(r.stdout)
        #expect(o["leaders_by"] as? String == "pagerank")
        #expect(o["leaders_by_reason"] is NSNull)
        let comms = try #require(o["communities"] as? [[String: Any]])
        #expect(comms.count == groups.count && comms.count > 1)
        var differsFromInfluence = false
        let byInfluence = try #require(try json(try liaison(["communities", "--format", "json"]).stdout)["communities"] as? [[String: Any]])
        for (c, influence) in zip(comms, byInfluence) {
            let id = try #require(c["id"] as? Int)
            let expected = try #require(groups[id]).sorted { a, b in
                let x = pagerank[a] ?? -1, y = pagerank[b] ?? -1
                return x != y ? x > y : a < b
            }.prefix(3)
            let leaders = try #require(c["leaders"] as? [[String: Any]])
            #expect(leaders.compactMap { $0["id"] as? String } == Array(expected), "community \(id)")
            for l in leaders {
                let got = try #require(l["pagerank"] as? Double)
                #expect(abs(got - (pagerank[l["id"] as? String ?? ""] ?? -1)) < 1e-12)
                #expect(l["influence"] == nil)
            }
            let influenceLeaders = (influence["leaders"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            if influenceLeaders != leaders.compactMap({ $0["id"] as? String }) { differsFromInfluence = true }
        }
        #expect(differsFromInfluence, "on the demo some community has other leaders by PageRank than by influence")

        let csv = parseCSV(try liaison(["communities", "--leaders-by", "pagerank", "--format", "csv"]).stdout)
        #expect(csv.first?.last == "leaders_by")
        #expect(csv.dropFirst().allSatisfy { $0.last == "pagerank" })
        let table = try liaison(["communities", "--leaders-by", "pagerank"])
        #expect(table.status == 0 && table.stdout.contains("Leaders by PageRank (--leaders-by pagerank)."))
    }

    @Test("without --leaders-by the demo's leaders are by influence, as before, and say so in csv and json")
    func leadersByInfluenceByDefault() throws {
        let r = try liaison(["communities", "--format", "json"])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let o = try json(r.stdout)
        #expect(o["leaders_by"] as? String == "influence" && o["leaders_by_reason"] is NSNull)
        let explicit = try liaison(["communities", "--format", "json", "--leaders-by", "influence"])
        #expect(explicit.stdout == r.stdout)
        // The leaders are the most influential members by rank's influence.
        let rank = parseCSV(try liaison(["rank", "--all", "--format", "csv", "--columns", "id"]).stdout).dropFirst().map { $0[0] }
        let position = Dictionary(uniqueKeysWithValues: rank.enumerated().map { ($1, $0) })
        let groups = try members()
        for c in try #require(o["communities"] as? [[String: Any]]) {
            let id = try #require(c["id"] as? Int)
            let expected = try #require(groups[id]).sorted { (position[$0] ?? .max) < (position[$1] ?? .max) }.prefix(3)
            #expect((c["leaders"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == Array(expected))
            #expect((c["leaders"] as? [[String: Any]])?.allSatisfy { $0["influence"] is Double } == true)
        }
        let table = try liaison(["communities"])
        #expect(!table.stdout.contains("Leaders by"), "the demo's table is unchanged")
        #expect(parseCSV(try liaison(["communities", "--format", "csv"]).stdout).dropFirst().allSatisfy { $0.last == "influence" })
    }

    @Test("--leaders-by in-strength hides small patient counts")
    func leadersByInStrength() throws {
        let r = try liaison(["communities", "--leaders-by", "in-strength", "--min-cell", "1000000", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        #expect(o["leaders_by"] as? String == "in-strength")
        let leaders = (o["communities"] as? [[String: Any]] ?? []).flatMap { $0["leaders"] as? [[String: Any]] ?? [] }
        #expect(!leaders.isEmpty && leaders.allSatisfy { $0["in_strength"] is NSNull })
    }

    @Test("an unknown --leaders-by measure fails clearly")
    func unknownLeaderMeasure() throws {
        for bad in ["betweenness", "popularity"] {
            let r = try liaison(["communities", "--leaders-by", bad])
            #expect(r.status != 0, "--leaders-by \(bad)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("--leaders-by") && r.stderr.contains(bad) && r.stderr.contains("pagerank"), "\(r.stderr)")
        }
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
