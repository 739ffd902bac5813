import Foundation
import Testing

let scienceFixture = packageRoot.appendingPathComponent("Tests/LiaisonTests/Fixtures/science")
let demoFolder = packageRoot.appendingPathComponent("Graphs/belgian-hematology")

/// Parses JSON output.
func jsonObject(_ s: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(s.utf8)) }

/// `liaison matches`, `rank`'s scientific columns and `sites`, on a hand-made fixture checked against
/// its truth and an independent Python computation (see the fixture's README), and on the demo.
@Suite("Publications, trials and trial sites", .tags(.cli))
struct ScienceCLITests {
    static func number(_ x: Any?) -> Double? { (x as? NSNumber)?.doubleValue }

    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: scienceFixture.appendingPathComponent("expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every decision of `liaison matches` on the fixture is the truth: matched people to their expert,
    /// the others (a colleague abroad, ambiguous initials, a `Pieter` who is not `Pieter-Jan`) to none.
    @Test func matchesEqualTheTruth() throws {
        let r = try liaison(["matches", scienceFixture.appendingPathComponent("dataset").path, "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSV(r.stdout)
        #expect(rows.first == ["source", "record", "author", "affiliation", "expert", "status", "reason"])
        let truthData = try Data(contentsOf: scienceFixture.appendingPathComponent("truth.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: [String: [Any]]])
        var position: [String: Int] = [:]
        for row in rows.dropFirst() {
            let key = row[0] + " " + row[1]
            let k = position[key, default: 0]
            position[key] = k + 1
            let list = try #require(truth[row[0] == "pubmed" ? "publications" : "trials"]?[row[1]])
            let who = list[k] as? String
            #expect(row[4] == (who ?? ""), "\(row)")
            #expect((row[5] == "matched") == (who != nil), "\(row)")
        }
        #expect(rows.count - 1 == 33)
        #expect(rows.contains { $0[2] == "Peeters A" && $0[5] == "ambiguous" })
    }

    @Test func rankColumnsEqualTheReference() throws {
        let exp = try Self.expected()
        let r = try liaison(["rank", scienceFixture.appendingPathComponent("dataset").path, "--all", "--format", "json", "--columns",
                             "id,publications,publications_5y,first_last_author,trials,trials_pi,coauthors,scientific,influence,tier"])
        #expect(r.status == 0, "\(r.stderr)")
        let mine = try #require(try jsonObject(r.stdout) as? [[String: Any]])
        let theirs = try #require(exp["experts"] as? [[String: Any]])
        #expect(mine.count == theirs.count && mine.count == 13)
        let byId = Dictionary(uniqueKeysWithValues: theirs.compactMap { e in (e["id"] as? String).map { ($0, e) } })
        for row in mine {
            let id = try #require(row["id"] as? String)
            let e = try #require(byId[id])
            for c in ["publications", "publications_5y", "first_last_author", "trials", "trials_pi", "coauthors", "tier"] {
                #expect(row[c] as? Int == e[c] as? Int, "\(id) \(c)")
            }
            for c in ["scientific", "influence"] {
                let a = try #require(Self.number(row[c])), b = try #require(Self.number(e[c]))
                #expect(abs(a - b) <= 1e-9, "\(id) \(c): \(a) vs \(b)")
            }
        }
    }

    @Test func sitesEqualTheReference() throws {
        let exp = try Self.expected()
        let r = try liaison(["sites", scienceFixture.appendingPathComponent("dataset").path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let mine = try #require(try jsonObject(r.stdout) as? [[String: Any]])
        let theirs = try #require(exp["sites"] as? [[String: Any]])
        #expect(mine.map { $0["id"] as? String } == theirs.map { $0["id"] as? String })
        for (a, b) in zip(mine, theirs) {
            for c in ["key_experts", "trials", "recruiting", "targets", "reached"] { #expect(a[c] as? Int == b[c] as? Int, "\(c)") }
            #expect(abs((Self.number(a["score"]) ?? -1) - (Self.number(b["score"]) ?? -2)) <= 1e-12)
            let inflow = try #require(Self.number(b["patients_in"]))
            if inflow > 0 && inflow < 11 {
                #expect(a["patients_in"] is NSNull && (a["suppressed_fields"] as? [String]) == ["patients_in"])
            } else {
                #expect(Self.number(a["patients_in"]) == inflow)
            }
        }
        // A condition keeps only its trials.
        let myeloma = try liaison(["sites", scienceFixture.appendingPathComponent("dataset").path, "--condition", "MYELOMA",
                                   "--format", "csv"])
        let rows = parseCSV(myeloma.stdout)
        let liege = try #require(rows.first { $0.count > 8 && $0[1] == "chul" })
        #expect(liege[8] == "1" && liege[9] == "1")   // NCT99900004 only, recruiting
    }

    @Test(.enabled(if: networkxAvailable, "python3 with networkx is not installed"))
    func referenceFileIsCurrent() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", packageRoot.appendingPathComponent("Tests/reference/science_reference.py").path, scienceFixture.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let fresh = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let committed = try Self.expected()
        #expect((fresh["sites"] as? [[String: Any]])?.map { $0["id"] as? String } == (committed["sites"] as? [[String: Any]])?.map { $0["id"] as? String })
        let a = try #require(fresh["experts"] as? [[String: Any]]), b = try #require(committed["experts"] as? [[String: Any]])
        for (x, y) in zip(a, b) {
            #expect(x["id"] as? String == y["id"] as? String && x["tier"] as? Int == y["tier"] as? Int)
            #expect(abs((Self.number(x["influence"]) ?? 0) - (Self.number(y["influence"]) ?? 1)) <= 1e-12)
        }
    }

    /// Without publications/ and trials/ the demo's rank and gaps are byte for byte what they were
    /// before the scientific layer (Tests/reference/golden, written by the binary of commit 54d35ff and
    /// regenerated when PageRank's solver changed; its README says how they compare).
    @Test func withoutTheLayerNothingChanges() throws {
        let dir = try TempDir()
        let plain = dir.file("demo")
        try FileManager.default.copyItem(at: demoFolder, to: plain)
        try FileManager.default.removeItem(at: plain.appendingPathComponent("publications"))
        try FileManager.default.removeItem(at: plain.appendingPathComponent("trials"))
        let golden = packageRoot.appendingPathComponent("Tests/reference/golden")
        for (args, file) in [(["rank", "--all", "--format", "csv"], "demo-rank-all.csv"), (["rank"], "demo-rank-table.txt"),
                             (["rank", "--level", "institution", "--all", "--format", "csv"], "demo-rank-institutions.csv"),
                             (["gaps", "--all", "--format", "csv"], "demo-gaps-all.csv")] {
            let r = try liaison([args[0], plain.path] + args.dropFirst())
            #expect(r.status == 0)
            let want = try String(contentsOf: golden.appendingPathComponent(file), encoding: .utf8)
            #expect(r.stdout == want, "\(args) differs from \(file)")
        }
        // With the layer and --science-weight 0, the referral figures are the same too.
        let r = try liaison(["rank", demoFolder.path, "--all", "--format", "csv", "--science-weight", "0",
                             "--columns", "rank,id,name,institution,specialty,region,in_degree,out_degree,in_strength,out_strength,pagerank,betweenness,closeness,influence,tier"])
        #expect(r.stdout == (try String(contentsOf: golden.appendingPathComponent("demo-rank-all.csv"), encoding: .utf8)))
    }

    /// On the demo every author and investigator the generator made from an expert and that Liaison
    /// matched is matched to that expert (precision 1); recall is printed by the generator's --truth.
    @Test(.enabled(if: python3Available, "python3 is not installed"))
    func demoMatchingIsPrecise() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", packageRoot.appendingPathComponent("Graphs/generate_demo_science.py").path, "--truth"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let truth = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [Any]]])
        let r = try liaison(["matches", "--format", "csv"])
        #expect(r.status == 0)
        var position: [String: Int] = [:]
        var matched = 0, right = 0, experts = 0
        for row in parseCSV(r.stdout).dropFirst() {
            let key = row[0] + " " + row[1]
            let k = position[key, default: 0]
            position[key] = k + 1
            let who = try #require(truth[row[0] == "pubmed" ? "publications" : "trials"]?[row[1]])[k] as? String
            if who != nil { experts += 1 }
            if row[5] == "matched" {
                matched += 1
                if row[4] == who { right += 1 }
            }
        }
        #expect(matched == right && matched > 0)
        #expect(Double(right) / Double(experts) > 0.9)   // measured: 1 660 of 1 757
    }

    @Test func demoShowsTheLayer() throws {
        let s = try liaison(["summary"])
        #expect(s.stdout.contains("publications      300 (2012–2026), 18 read twice (same PMID) and counted once"))
        #expect(s.stdout.contains("trials            36"))
        // The collaborations count includes the science ties, and says so: its parts are the file's
        // rows and the science ties line's count.
        let file = try String(contentsOf: packageRoot.appendingPathComponent("Graphs/belgian-hematology/collaborations.csv"),
                              encoding: .utf8)
        let rows = file.split(separator: "\n").count - 1
        let line = try #require(s.stdout.split(separator: "\n").first { $0.hasPrefix("collaborations ") })
        let ties = try #require(s.stdout.split(separator: "\n").first { $0.hasPrefix("science ties ") })
        let derived = try #require(Int(ties.split(separator: " ", omittingEmptySubsequences: true)[2]))
        #expect(line.hasSuffix(" \(rows + derived) (\(rows) from collaborations.csv, \(derived) science ties)"), "\(line)")
        let rank = try liaison(["rank", "--top", "3"])
        #expect(rank.stdout.contains("publications") && rank.stdout.contains("scientific"))
        #expect(rank.stdout.contains("Influence includes a 25 % scientific share"))
        let sites = try liaison(["sites", "--condition", "myeloma", "--top", "3"])
        #expect(sites.status == 0 && sites.stdout.contains("Trial sites for \"myeloma\""))
        for cmd in ["matches", "sites"] {
            let h = try liaison([cmd, "--help"])
            #expect(h.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(cmd) --help")
        }
    }

    @Test func badFilesAreLocatedAndLenientSkipsThem() throws {
        let dir = try TempDir()
        try dir.write("d/experts.csv", "id,name,institution\nE1,Jan Peeters,UZ Leuven\n")
        try dir.write("d/publications/bad.txt", "PMID- 1\nAU  - Peeters J\nnot medline\n")
        try dir.write("d/trials/bad.json", "{\"protocolSection\": {\"identificationModule\": {\"nctId\": 5}}}")
        let r = try liaison(["rank", dir.file("d").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains(dir.file("d/publications/bad.txt").path + ":3:1: not a MEDLINE line"))
        #expect(r.stderr.contains(dir.file("d/trials/bad.json").path + ":1:56: expected 'identificationModule.nctId' to be a string"))
        let lenient = try liaison(["summary", dir.file("d").path, "--lenient"])
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("bad.txt: skipped (errors above; --lenient)"))
        let weight = try liaison(["rank", "--science-weight", "1.5"])
        #expect(weight.status == 64)
    }
}
