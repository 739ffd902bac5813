import Foundation
import Testing
import Liaison

/// Whether python3 can be run here (the reference script needs only the standard library).
let python3Available: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import csv, json, statistics"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run(); p.waitUntilExit(); return p.terminationStatus == 0 } catch { return false }
}()

/// The small world of the library's `CoverageFixture`, as CSV files.
func writeCoverageFixture(_ dir: TempDir, _ name: String = "d") throws {
    try dir.write("\(name)/experts.csv", "id,name,institution\nA,Dr A,H1\nB,Dr B,H1\nC,Dr C,H2\nD,Dr D,H1\nE,Dr E,H2\nF,Dr F,H2\nG,Dr G,H3\n")
    try dir.write("\(name)/referrals.csv", "source,target,patients\nA,B,20\nE,B,30\nC,A,10\nE,C,10\nG,F,50\n")
    try dir.write("\(name)/plan.csv", "expert,period,planned\nA,2026Q1,2\nB,2026Q1,2\nE,2026Q1,1\nA,2026Q2,3\nB,2026Q2,2\nC,2026Q2,2\nD,2026Q2,1\n")
    try dir.write("\(name)/interactions.csv", """
        id,date,expert,liaison,channel
        I1,2026-01-15,A,Lia,in-person
        I2,2026-03-31,A,Lia,virtual
        I3,2026-04-01,A,Lia,in-person
        I4,2026-05-10,A,Max,virtual
        I5,2026-06-30,A,Lia,in-person
        I6,2026-02-01,B,Max,phone
        I7,2026-06-01,C,Max,virtual
        I8,2026-04-10,E,Lia,in-person
        I9,2026-04-20,E,Lia,in-person
        I10,2026-05-05,E,Lia,in-person
        I11,2026-05-25,E,Lia,in-person
        I12,2026-06-15,E,Lia,in-person
        I13,2025-12-01,F,Max,in-person

        """)
}

func jsonObject(_ r: RunResult) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
}

@Suite("coverage, gaps and compare commands", .tags(.cli))
struct CoverageCLITests {
    @Test func eachCommandHasHelpWithExamples() throws {
        let top = try liaison(["--help"])
        for c in ["coverage", "gaps", "compare"] {
            #expect(top.stdout.contains(c))
            let h = try liaison([c, "--help"])
            #expect(h.status == 0, "\(c) --help")
            #expect(h.stdout.contains("Examples:"), "\(c) --help shows an example")
        }
    }

    @Test func coverageJSONHasTheDocumentedKeys() throws {
        let r = try liaison(["coverage", "--quarter", "2026Q3", "--format", "json", "--by", "liaison"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r)
        for k in ["quarter", "targets", "reached", "reach", "interactions", "frequency", "attainment", "influence_coverage", "groups"] {
            #expect(o[k] != nil, "key \(k)")
        }
        #expect(o["quarter"] as? String == "2026Q3")
        let groups = try #require(o["groups"] as? [[String: Any]])
        #expect(groups.count == 4)
        for k in ["group", "targets", "reached", "reach", "interactions", "frequency", "attainment", "influence_coverage"] {
            #expect(groups[0][k] != nil, "group key \(k)")
        }
        let plain = try jsonObject(try liaison(["coverage", "--quarter", "2026Q3", "--format", "json"]))
        #expect(plain["groups"] == nil)
    }

    @Test func fixtureCoverageMatchesTheHandComputation() throws {
        let dir = try TempDir()
        try writeCoverageFixture(dir)
        let path = dir.file("d").path
        // Default period: the latest quarter with interactions, 2026Q2. Targets A, B, C, D; see CoverageTests.
        let o = try jsonObject(try liaison(["coverage", path, "--format", "json"]))
        #expect(o["quarter"] as? String == "2026Q2")
        #expect(o["targets"] as? Int == 4 && o["reached"] as? Int == 2 && o["interactions"] as? Int == 4)
        #expect(o["reach"] as? Double == 0.5 && o["attainment"] as? Double == 0.5 && o["frequency"] as? Double == 2)
        let ch = try jsonObject(try liaison(["coverage", path, "--format", "json", "--channel", "in-person"]))
        #expect(ch["reach"] as? Double == 0.25)
        let csv = parseCSV(try liaison(["coverage", path, "--format", "csv", "--by", "channel"]).stdout)
        #expect(csv.first?.prefix(4) == ["quarter", "group", "targets", "reached"])
        #expect(csv.dropFirst().map { $0[1] } == ["in-person", "virtual", "(none)"])
        let table = try liaison(["coverage", path, "--quarter", "2026Q2"])
        #expect(table.stdout.contains("2026Q2") && table.stdout.contains("Reached 2 of 4 targets"))
    }

    @Test func zeroTargetsGiveNullsNotNaN() throws {
        let dir = try TempDir()
        try dir.write("z/experts.csv", "id,name\nA,Ann\n")
        try dir.write("z/interactions.csv", "id,date,expert,liaison,channel\nI1,2026-05-01,A,Lia,phone\n")
        let r = try liaison(["coverage", dir.file("z").path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("NaN") && !r.stdout.lowercased().contains("nan,"))
        let o = try jsonObject(r)
        #expect(o["targets"] as? Int == 0 && o["reach"] is NSNull && o["attainment"] is NSNull)
        let t = try liaison(["coverage", dir.file("z").path])
        #expect(t.status == 0 && !t.stdout.contains("nan"))
    }

    @Test func gapsCSVHasTheDocumentedColumns() throws {
        let r = try liaison(["gaps", "--quarter", "2026Q3", "--format", "csv", "--all"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSV(r.stdout)
        let header = try #require(rows.first)
        #expect(Array(header.prefix(11)) == ["id", "name", "institution", "tier", "influence", "expected", "actual", "shortfall",
                                             "last_interaction", "days_since", "gap_score"])
        let score = try #require(header.firstIndex(of: "gap_score"))
        let scores = rows.dropFirst().compactMap { Double($0[score]) }
        #expect(scores.count == rows.count - 1 && zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
        let top = try liaison(["gaps", "--quarter", "2026Q3", "--format", "csv", "--top", "5"])
        #expect(parseCSV(top.stdout).count == 6)
    }

    @Test func fixtureGapsAndWayIn() throws {
        let dir = try TempDir()
        try writeCoverageFixture(dir)
        let r = try liaison(["gaps", dir.file("d").path, "--quarter", "2026Q2", "--format", "json", "--plan-only", "--min-cell", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let gaps = try #require(try jsonObject(r)["gaps"] as? [[String: Any]])
        // Plan targets below expectation: B (0 of 2), C (1 of 2), D (0 of 1).
        #expect(Set(gaps.compactMap { $0["id"] as? String }) == ["B", "C", "D"])
        let b = try #require(gaps.first { $0["id"] as? String == "B" })
        #expect(b["way_in_id"] as? String == "E")               // 30 patients, seen in Q2
        #expect(b["stale"] as? Bool == true && b["never_visited"] as? Bool == false)
        let d = try #require(gaps.first { $0["id"] as? String == "D" })
        #expect(d["never_visited"] as? Bool == true)
        // Small patient counts are hidden by default.
        let hidden = try liaison(["gaps", dir.file("d").path, "--quarter", "2026Q2", "--format", "csv", "--plan-only"])
        #expect(!parseCSV(hidden.stdout).filter { $0.first == "C" }.isEmpty)
        #expect(parseCSV(hidden.stdout).first { $0.first == "C" }?.contains("<11") == true)
    }

    @Test func compareFixtureGainedAndLost() throws {
        let dir = try TempDir()
        try writeCoverageFixture(dir)
        let r = try liaison(["compare", dir.file("d").path, "2026Q1", "2026Q2", "--format", "json", "--by", "liaison"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r)
        #expect(o["from"] as? String == "2026Q1" && o["to"] as? String == "2026Q2")
        #expect(o["gained"] as? [String] == ["C"])
        #expect(o["lost"] as? [String] == ["B"])
        let metrics = try #require(o["metrics"] as? [String: [String: Any]])
        #expect(metrics["attainment"]?["from"] as? Double == 0.6 && metrics["attainment"]?["to"] as? Double == 0.5)
        #expect(metrics["targets"]?["delta"] as? Int == 1)
        #expect(o["groups"] is [[String: Any]] && o["rising"] is [Any])
        let csv = parseCSV(try liaison(["compare", dir.file("d").path, "2026Q1", "2026Q2", "--format", "csv"]).stdout)
        #expect(csv.first == ["measure", "from", "to", "delta"])
    }

    /// Gained and lost experts are listed most influential first (influence of TO's basis, as the
    /// report orders them), so at national scale the 15 shown are the ones that matter; they were in
    /// id order at an earlier stop. JSON keeps every id in id order.
    @Test func compareListsGainedAndLostByInfluence() throws {
        let r = try liaison(["compare", "2026Q3", "2026Q4"])
        #expect(r.status == 0, "\(r.stderr)")
        let ranks = parseCSV(try liaison(["rank", "--period", "2026Q4", "--columns", "id,influence", "--all", "--format", "csv"]).stdout)
        var influence: [String: Double] = [:]
        for row in ranks.dropFirst() where row.count == 2 { influence[row[0]] = Double(row[1]) }
        let json = try jsonObject(try liaison(["compare", "2026Q3", "2026Q4", "--format", "json"]))
        for (title, key) in [("Gained", "gained"), ("Lost", "lost")] {
            let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix(title + " (") }.map(String.init))
            #expect(line.contains(", most influential first): "), "\(line)")
            let shown = line.split(separator: ":", maxSplits: 1)[1].split(separator: ",")
                .compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.hasPrefix("E") }
            let all = try #require(json[key] as? [String])
            #expect(all == all.sorted() && !shown.isEmpty, "\(key)")
            let expected = all.sorted { a, b in
                (influence[a] ?? 0) != (influence[b] ?? 0) ? (influence[a] ?? 0) > (influence[b] ?? 0) : a < b
            }
            #expect(shown == Array(expected.prefix(shown.count)), "\(title): \(shown) vs \(expected.prefix(shown.count))")
        }
    }

    @Test func compareAsOfPacesToAsCoverageDoes() throws {
        // The demo's interactions stop on 2026-11-20, inside 2026Q4.
        func metrics(_ args: [String]) throws -> [String: [String: Any]] {
            let r = try liaison(["compare", "2026Q3", "2026Q4", "--format", "json"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            return try #require(try jsonObject(r)["metrics"] as? [String: [String: Any]])
        }
        func coverage(_ q: String, _ args: [String]) throws -> [String: Any] {
            let r = try liaison(["coverage", "--quarter", q, "--format", "json"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            return try jsonObject(r)
        }
        // Without --as-of, a TO that goes past the last interaction is paced to it (2026-11-20).
        let plain = try metrics(["--as-of", "none"])
        let paced = try metrics(["--as-of", "2026-11-20"])
        let automatic = try metrics([])
        for k in ["expected", "attainment", "reached", "median_days_since"] {
            #expect(same(automatic[k]?["to"], paced[k]?["to"]), "\(k): default pacing is the last interaction")
        }
        let cov = try coverage("2026Q4", ["--as-of", "2026-11-20"])
        // FROM is judged to the same point: 2026-11-20 is day 51 of 2026Q4, so 2026Q3 as of its day 51,
        // 2026-08-20 — as `coverage` judges it alone; judged in full only with --as-of none.
        let covFrom = try coverage("2026Q3", ["--as-of", "2026-08-20"])
        let covFromFull = try coverage("2026Q3", ["--as-of", "none"])
        for k in ["targets", "reached", "interactions", "expected", "attainment", "influence_coverage",
                  "median_days_since", "below_expectation"] {
            #expect(same(paced[k]?["to"], cov[k]), "\(k): compare \(paced[k]?["to"] ?? "nil"), coverage \(cov[k] ?? "nil")")
            #expect(same(paced[k]?["from"], covFrom[k]), "\(k) in FROM so far: \(paced[k]?["from"] ?? "nil"), coverage \(covFrom[k] ?? "nil")")
            #expect(same(plain[k]?["from"], covFromFull[k]), "\(k) in FROM in full")
        }
        #expect(try #require(paced["interactions"]?["from"] as? Int) < (try #require(plain["interactions"]?["from"] as? Int)))
        let before = try #require(plain["attainment"]?["to"] as? Double), after = try #require(paced["attainment"]?["to"] as? Double)
        #expect(after > before, "pacing raises 2026Q4's attainment: \(before) → \(after)")
        #expect(same(paced["attainment"]?["delta"], after - (try #require(paced["attainment"]?["from"] as? Double))))
        let o = try jsonObject(try liaison(["compare", "2026Q3", "2026Q4", "--as-of", "2026-11-20", "--format", "json"]))
        #expect(o["as_of"] as? String == "2026-11-20")
        let table = try liaison(["compare", "2026Q3", "2026Q4", "--as-of", "2026-11-20"])
        #expect(table.stdout.contains("As of 2026-11-20: 55 % of 2026Q4 elapsed; 2026Q3 is counted to the same point (2026-08-20"))
        // After TO's end, as-of is clamped as coverage clamps it: no pacing.
        for day in ["2027-02-01"] {
            let m = try metrics(["--as-of", day])
            let c = try coverage("2026Q4", ["--as-of", day])
            for k in ["expected", "attainment", "interactions", "reached"] {
                #expect(same(m[k]?["to"], c[k]), "as of \(day), \(k): compare \(m[k]?["to"] ?? "nil"), coverage \(c[k] ?? "nil")")
            }
        }
        #expect(same(try metrics(["--as-of", "2027-02-01"])["attainment"]?["to"], before))
        // Before TO starts, TO has no interactions to measure: an error naming the data's date range.
        for args in [["compare", "2026Q3", "2026Q4", "--as-of", "2026-09-15"], ["coverage", "--quarter", "2026Q4", "--as-of", "2026-09-15"]] {
            let r = try liaison(args)
            #expect(r.status == 1 && r.stderr.contains("2026Q4") && r.stderr.contains("2025-01-06 to 2026-09-15"), "\(r.stderr)")
        }
        let bad = try liaison(["compare", "2026Q3", "2026Q4", "--as-of", "20-11-2026"])
        #expect(bad.status != 0 && bad.stderr.contains("--as-of") && bad.stderr.contains("YYYY-MM-DD"))
    }

    @Test func compareUndirectedRanksAsRankUndirected() throws {
        /// 1-based influence rank of every expert, from `rank --period q` (plus `extra`).
        func ranks(_ q: String, _ extra: [String]) throws -> [String: Int] {
            let r = try liaison(["rank", "--period", q, "--all", "--format", "csv", "--columns", "rank,id"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return Dictionary(uniqueKeysWithValues: parseCSV(r.stdout).dropFirst().compactMap { row in
                Int(row[0]).map { (row[1], $0) }
            })
        }
        func changes(_ args: [String]) throws -> [[String: Any]] {
            let o = try jsonObject(try liaison(["compare", "2026Q3", "2026Q4", "--format", "json", "--top", "25"] + args))
            return (o["rising"] as? [[String: Any]] ?? []) + (o["falling"] as? [[String: Any]] ?? [])
        }
        let fromU = try ranks("2026Q3", ["--undirected"]), toU = try ranks("2026Q4", ["--undirected"])
        let fromD = try ranks("2026Q3", []), toD = try ranks("2026Q4", [])
        #expect(fromU != fromD || toU != toD, "direction matters on the demo")
        let undirected = try changes(["--undirected"]), directed = try changes([])
        #expect(!undirected.isEmpty && !directed.isEmpty)
        for x in undirected {
            let id = try #require(x["id"] as? String)
            #expect(x["rank_from"] as? Int == fromU[id] && x["rank_to"] as? Int == toU[id], "\(id) undirected")
        }
        for x in directed {
            let id = try #require(x["id"] as? String)
            #expect(x["rank_from"] as? Int == fromD[id] && x["rank_to"] as? Int == toD[id], "\(id) directed")
        }
        #expect(undirected.map { $0["id"] as? String } != directed.map { $0["id"] as? String })
        // Influence coverage of TO is coverage --undirected's.
        let c = try jsonObject(try liaison(["compare", "2026Q3", "2026Q4", "--format", "json", "--undirected"]))
        let cov = try jsonObject(try liaison(["coverage", "--quarter", "2026Q4", "--format", "json", "--undirected"]))
        let m = try #require(c["metrics"] as? [String: [String: Any]])
        #expect(same(m["influence_coverage"]?["to"], cov["influence_coverage"]))
    }

    /// Numbers equal (to 1e-12), or both null.
    func same(_ a: Any?, _ b: Any?) -> Bool {
        if a == nil || a is NSNull { return b == nil || b is NSNull }
        guard let x = (a as? NSNumber)?.doubleValue, let y = (b as? NSNumber)?.doubleValue else { return false }
        return abs(x - y) <= 1e-12 * max(1, abs(y))
    }

    @Test func badInputsFailClearly() throws {
        let bad = try liaison(["coverage", "--quarter", "2026Q7"])
        #expect(bad.status != 0 && bad.stderr.contains("not a period"))
        let badGaps = try liaison(["gaps", "--quarter", "soon"])
        #expect(badGaps.status != 0 && badGaps.stderr.contains("not a period"))
        let badCompare = try liaison(["compare", "2026Q2", "next"])
        #expect(badCompare.status != 0 && badCompare.stderr.contains("not a period"))
        for args in [["compare", "2026Q2"], ["compare", "a", "2026Q1", "2026Q2", "2026Q3"], ["compare"]] {
            let r = try liaison(args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains("compare needs two periods"), "\(args): \(r.stderr)")
        }
        let channel = try liaison(["coverage", "--channel", "carrier-pigeon"])
        #expect(channel.status != 0 && channel.stderr.contains("carrier-pigeon"))
        let who = try liaison(["coverage", "--liaison", "Nobody Here"])
        #expect(who.status != 0 && who.stderr.contains("not a liaison"))
    }

    /// A sanity check of the demo's planted story (kept loose on purpose).
    @Test func demoGapsFindHiddenInfluencersAndTheWeakQuarter() throws {
        let r = try liaison(["gaps", "--quarter", "2026Q3", "--format", "csv", "--top", "10"])
        #expect(r.status == 0, "\(r.stderr)")
        let ids = Set(parseCSV(r.stdout).dropFirst().map { $0[0] })
        let planted: Set<String> = ["E085", "E038", "E171", "E285", "E243", "E221", "E219"]
        #expect(ids.intersection(planted).count >= 3, "top 10 gaps: \(ids.sorted())")
        func reach(_ q: String) throws -> Double? {
            let o = try jsonObject(try liaison(["coverage", "--quarter", q, "--by", "liaison", "--format", "json"]))
            let groups = o["groups"] as? [[String: Any]] ?? []
            return groups.first { $0["group"] as? String == "Julien Dubois" }?["reach"] as? Double
        }
        let q2 = try #require(try reach("2026Q2")), q3 = try #require(try reach("2026Q3"))
        #expect(q3 < q2)
        // The same book through --liaison.
        let one = try jsonObject(try liaison(["coverage", "--quarter", "2026Q3", "--liaison", "Julien Dubois", "--format", "json"]))
        #expect(one["reach"] as? Double == q3)
    }
}

/// `liaison coverage` against `Tests/reference/coverage_reference.py` on random networks whose ids,
/// channels and liaison names differ from the demo.
@Suite("coverage equals the reference script", .enabled(if: python3Available, "python3 is not installed"), .tags(.cli))
struct CoverageReferenceTests {

    func randomDataset(seed: UInt64, into dir: TempDir) throws -> String {
        var g = SplitMix64(seed: seed)
        let n = g.int(25...45)
        let ids = (1...n).map { "x-\($0 * 7 % 101)" }
        var experts = "id,name,institution,region\n"
        for (k, id) in ids.enumerated() { experts += "\(id),Person \(k),site-\(k % 6),zone-\(k % 3)\n" }
        var refs = "source,target,patients,period\n"
        var seen = Set<String>()
        for q in ["2024Q3", "2024Q4"] {
            for _ in 0..<(3 * n) {
                let a = g.int(0...(n - 1)), b = g.int(0...(n - 1))
                guard a != b, seen.insert("\(a)-\(b)-\(q)").inserted else { continue }
                refs += "\(ids[a]),\(ids[b]),\(g.int(1...60)),\(q)\n"
            }
        }
        let channels = ["visio", "face2face", "mail"], liaisons = ["Ana Ruiz", "Bo Chen", "Cy Obi"]
        var inter = "id,date,expert,liaison,channel\n"
        for k in 0..<(6 * n) {
            // Dates from 2024-05-01 to 2024-12-31, including quarter boundaries now and then.
            let day: String
            switch g.int(0...9) {
            case 0: day = ["2024-06-30", "2024-07-01", "2024-09-30", "2024-10-01", "2024-12-31"][g.int(0...4)]
            default:
                let m = g.int(5...12)
                day = String(format: "2024-%02d-%02d", m, g.int(1...(m == 6 || m == 9 || m == 11 ? 30 : 31)))
            }
            // Skew interactions to a third of the experts so that some targets are missed.
            let e = g.int(0...2) == 0 ? g.int(0...(n - 1)) : g.int(0...(n / 3))
            inter += "int-\(k),\(day),\(ids[e]),\(liaisons[g.int(0...2)]),\(channels[g.int(0...2)])\n"
        }
        var plan = "expert,period,planned\n"
        for id in ids where g.int(0...9) < 4 { plan += "\(id),2024Q4,\(g.int(1...4))\n" }
        let name = "net-\(seed)"
        try dir.write("\(name)/experts.csv", experts)
        try dir.write("\(name)/referrals.csv", refs)
        try dir.write("\(name)/interactions.csv", inter)
        try dir.write("\(name)/plan.csv", plan)
        return dir.file(name).path
    }

    func reference(_ folder: String, _ quarter: String, rank: String) throws -> [String: Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", packageRoot.appendingPathComponent("Tests/reference/coverage_reference.py").path, folder, quarter, rank]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return try #require(try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
    }

    func same(_ a: Any?, _ b: Any?) -> Bool {
        if a is NSNull || a == nil { return b is NSNull || b == nil }
        if let x = a as? Double, let y = b as? Double { return abs(x - y) <= 1e-9 * max(1, abs(y)) }
        return false
    }

    @Test(arguments: [UInt64(3), 17, 2024])
    func randomNetworks(seed: UInt64) throws {
        let dir = try TempDir()
        let folder = try randomDataset(seed: seed, into: dir)
        var seenBy: [String: [String: Any]] = [:]
        // 2024Q3 has no plan rows (tier targets); 2024Q4 has plan rows.
        for q in ["2024Q3", "2024Q4"] {
            let rank = try liaison(["rank", folder, "--all", "--format", "csv", "--period", q, "--min-cell", "0", "--quiet"])
            #expect(rank.status == 0, "\(rank.stderr)")
            try dir.write("rank-\(q).csv", rank.stdout)
            let ref = try reference(folder, q, rank: dir.file("rank-\(q).csv").path)
            seenBy[q] = ref
            // The network is not trivial: there are targets, and not all of them are reached.
            #expect((ref["targets"] as? Int ?? 0) > 3 && (ref["reached"] as? Int ?? 0) < (ref["targets"] as? Int ?? 0),
                    "seed \(seed) \(q): \(ref["targets"] ?? "") targets, \(ref["reached"] ?? "") reached")
            let r = try liaison(["coverage", folder, "--quarter", q, "--format", "json", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let o = try jsonObject(r)
            #expect(o["targets_source"] as? String == ref["targets_source"] as? String)
            for k in ["targets", "reached", "reach", "interactions", "frequency", "expected", "attainment", "influence_coverage",
                      "median_days_since", "never_seen", "below_expectation"] {
                #expect(same(o[k], ref[k]), "seed \(seed) \(q) \(k): liaison \(o[k] ?? "nil") vs reference \(ref[k] ?? "nil")")
            }
            let mix = o["channel_mix"] as? [String: Double] ?? [:], refMix = ref["channel_mix"] as? [String: Double] ?? [:]
            #expect(Set(mix.keys) == Set(refMix.keys) && mix.allSatisfy { same($0.value, refMix[$0.key]) }, "seed \(seed) \(q) channel mix")
            let gaps = try jsonObject(try liaison(["gaps", folder, "--quarter", q, "--all", "--format", "json", "--quiet"]))
            let gapIds = (gaps["gaps"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(gapIds == ref["gap_ids"] as? [String], "seed \(seed) \(q) gaps")
        }
        // Compare: gained = TO targets seen in TO, not in FROM; lost = FROM targets seen in FROM, not in TO.
        let a = try #require(seenBy["2024Q3"]), b = try #require(seenBy["2024Q4"])
        let seenA = Set(a["seen_ids"] as? [String] ?? []), seenB = Set(b["seen_ids"] as? [String] ?? [])
        let gained = (b["target_ids"] as? [String] ?? []).filter { seenB.contains($0) && !seenA.contains($0) }.sorted()
        let lost = (a["target_ids"] as? [String] ?? []).filter { seenA.contains($0) && !seenB.contains($0) }.sorted()
        let c = try jsonObject(try liaison(["compare", folder, "2024Q3", "2024Q4", "--format", "json", "--quiet"]))
        #expect(c["gained"] as? [String] == gained, "seed \(seed) gained")
        #expect(c["lost"] as? [String] == lost, "seed \(seed) lost")
        let metrics = c["metrics"] as? [String: [String: Any]] ?? [:]
        for k in ["reach", "attainment", "influence_coverage"] {
            #expect(same(metrics[k]?["from"], a[k]) && same(metrics[k]?["to"], b[k]), "seed \(seed) compare \(k)")
        }
    }
}

extension SplitMix64 {
    /// A whole number in `r` (modulo draw; the bias is negligible for test data).
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
}
