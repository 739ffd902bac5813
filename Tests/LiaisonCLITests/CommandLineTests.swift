import Foundation
import Testing

@Suite("liaison command line", .tags(.cli))
struct CommandLineTests {
    @Test func helpListsCommandsAndEachCommandHasAnExample() throws {
        let r = try liaison(["--help"])
        #expect(r.status == 0)
        for c in ["summary", "validate", "rank", "render"] {
            #expect(r.stdout.contains(c))
            let h = try liaison([c, "--help"])
            #expect(h.status == 0, "\(c) --help")
            #expect(h.stdout.contains("Examples:"), "\(c) --help shows an example")
        }
    }

    @Test func summaryOfTheBundledDemoFromAnyDirectory() throws {
        let dir = try TempDir()
        let r = try liaison(["summary"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("experts"))
        #expect(r.stdout.contains("belgian-hematology"))
        #expect(r.stdout.contains("interactions"))
    }

    @Test func validateCleanDemoExitsZero() throws {
        let r = try liaison(["validate"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok:"))
    }

    /// Every kind of bad input of the dataset format: message on stderr with FILE:LINE:COLUMN and exit 1.
    @Test(arguments: [
        ("unknown expert", ["referrals.csv": "source,target,patients\nE1,E9,12\n"], "referrals.csv:2:4: unknown expert id 'E9'"),
        ("unknown institution", ["experts.csv": "id,name,institution\nE1,Ann,H1\nE2,Bob,H9\n",
                                 "institutions.csv": "id,name\nH1,UZ Leuven\n"], "experts.csv:3:8: unknown institution id 'H9'"),
        ("duplicate id", ["experts.csv": "id,name\nE1,Ann\nE2,Bob\nE2,Carl\n"], "experts.csv:4:1: duplicate expert id 'E2'"),
        ("non-numeric count", ["referrals.csv": "source,target,patients\nE1,E2,many\n"], "referrals.csv:2:7: patients 'many' is not a whole number"),
        ("negative count", ["referrals.csv": "source,target,patients\nE1,E2,-4\n"], "referrals.csv:2:7: patients '-4' is negative"),
        ("bad date", ["interactions.csv": "id,date,expert,liaison,channel\nI1,2026-13-01,E1,Sofie,phone\n"], "interactions.csv:2:4: date '2026-13-01' is not an ISO 8601 date"),
        ("missing column", ["interactions.csv": "id,expert,liaison,channel\nI1,E1,Sofie,phone\n"], "interactions.csv:1: missing required column 'date'"),
        ("unbalanced quote", ["experts.csv": "id,name\nE1,\"Ann\nE2,Bob\n"], "experts.csv:2:4: unbalanced quote"),
    ] as [(String, [String: String], String)])
    func badInputIsReportedWithLocation(_ label: String, _ files: [String: String], _ expected: String) throws {
        let dir = try TempDir()
        var all = ["experts.csv": "id,name\nE1,Ann\nE2,Bob\n"]
        for (k, v) in files { all[k] = v }
        for (k, v) in all { try dir.write("data/\(k)", v) }
        for command in [["validate"], ["rank"], ["summary"]] {
            let r = try liaison(command + [dir.file("data").path])
            #expect(r.status == 1, "\(label): \(command) exit status")
            #expect(r.stderr.contains(expected), "\(label): stderr was \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(label): nothing on stdout")
        }
    }

    @Test func lenientTurnsRowErrorsIntoWarnings() throws {
        let dir = try TempDir()
        try dir.write("d/experts.csv", "id,name\nE1,Ann\nE2,Bob\n")
        try dir.write("d/referrals.csv", "source,target,patients\nE1,E9,12\nE1,E2,30\n")
        let r = try liaison(["validate", dir.file("d").path, "--lenient"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("referrals.csv:2:4"))
        #expect(r.stderr.contains("skipped 1 row"))
    }

    @Test func missingDatasetFolder() throws {
        let r = try liaison(["rank", "/nonexistent/dataset"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/dataset: no such file or folder"))
        // A missing file given with --layer is missing, not the wrong kind of file.
        let layered = try liaison(["rank", "/nonexistent/net.edges", "--layer", "advice"])
        #expect(layered.status == 1 && layered.stderr.contains("no such file or folder") && !layered.stderr.contains("applies to"))
        // An existing folder without experts.csv is still told what a dataset is.
        let empty = try TempDir()
        try FileManager.default.createDirectory(at: empty.file("d"), withIntermediateDirectories: true)
        #expect(try liaison(["rank", empty.file("d").path]).stderr.contains("every dataset needs experts.csv"))
    }

    @Test func rankCSVHasTheDocumentedColumnsAndOneRowPerExpert() throws {
        let r = try liaison(["rank", "--all", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSV(r.stdout)
        let header = try #require(rows.first)
        for c in ["id", "name", "institution", "in_degree", "out_degree", "in_strength", "out_strength",
                  "pagerank", "betweenness", "closeness", "influence", "tier"] {
            #expect(header.contains(c), "column \(c)")
        }
        let summary = try liaison(["summary"])
        let expertsLine = try #require(summary.stdout.split(separator: "\n").first { $0.hasPrefix("experts ") })
        let n = try #require(Int(expertsLine.split(separator: " ").last ?? ""))
        #expect(rows.count - 1 == n)
        let tierCol = try #require(header.firstIndex(of: "tier"))
        let tiers = rows.dropFirst().map { $0[tierCol] }
        #expect(Set(tiers).isSubset(of: ["1", "2", "3"]))
        #expect(tiers.filter { $0 == "1" }.count == Int((Double(n) * 0.1).rounded(.up)))
        // Sorted by influence, highest first.
        let inf = try #require(header.firstIndex(of: "influence"))
        let vals = rows.dropFirst().compactMap { Double($0[inf]) }
        #expect(vals.count == n && zip(vals, vals.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func rankJSONIsAnArrayOfObjectsWithTheSameKeys() throws {
        let r = try liaison(["rank", "--top", "5", "--format", "json", "--min-cell", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let arr = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(arr.count == 5)
        for k in ["id", "name", "institution", "in_degree", "out_degree", "in_strength", "out_strength",
                  "pagerank", "betweenness", "closeness", "influence", "tier"] {
            #expect(arr[0][k] != nil, "key \(k)")
        }
        #expect(arr[0]["in_strength"] is NSNumber)
    }

    @Test func rankColumnsPrintsOnlyThoseColumns() throws {
        let r = try liaison(["rank", "--columns", "id,pagerank", "--format", "csv", "--metric", "pagerank"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSV(r.stdout)
        #expect(rows.first == ["id", "pagerank"])
        // Without --metric, the first measure among the columns sorts (no influence computed).
        let implied = try liaison(["rank", "--columns", "id,pagerank", "--format", "csv"])
        #expect(implied.status == 0 && implied.stdout == r.stdout, "\(implied.stderr)")
        let values = rows.dropFirst().compactMap { Double($0[1]) }
        #expect(values.count > 10 && zip(values, values.dropFirst()).allSatisfy { $0 >= $1 })
        let byStrength = try liaison(["rank", "--columns", "id,in_strength", "--format", "csv", "--min-cell", "0"])
        let strengths = parseCSV(byStrength.stdout).dropFirst().compactMap { Double($0[1]) }
        #expect(strengths.count > 10 && zip(strengths, strengths.dropFirst()).allSatisfy { $0 >= $1 })
        // With influence or tier among the columns, influence still sorts.
        let withTier = try liaison(["rank", "--columns", "id,pagerank,tier", "--format", "csv"])
        let plain = try liaison(["rank", "--columns", "id,tier", "--format", "csv", "--metric", "influence"])
        #expect(parseCSV(withTier.stdout).dropFirst().map { $0[0] } == parseCSV(plain.stdout).dropFirst().map { $0[0] })
        let bad = try liaison(["rank", "--columns", "id,fame"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("fame") && bad.stderr.contains("valid columns"))
    }

    @Test func rankTableIsForPeople() throws {
        let r = try liaison(["rank"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count >= 22)
        #expect(r.stdout.contains("Key experts by influence"))
        let bad = try liaison(["rank", "--period", "Q7"])
        #expect(bad.status != 0 && bad.stderr.contains("not a period"))
    }

    @Test func smallCountsAreSuppressedUnlessTheThresholdIsLowered() throws {
        let dir = try TempDir()
        try dir.write("d/experts.csv", "id,name\nA,Ann\nB,Bob\nC,Cid\n")
        try dir.write("d/referrals.csv", "source,target,patients\nA,B,4\nC,B,30\nB,C,12\n")
        let r = try liaison(["rank", dir.file("d").path, "--all", "--format", "csv", "--columns", "id,in_strength,out_strength"])
        let rows = parseCSV(r.stdout)
        let byId = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        #expect(byId["B"]?[1] == "34")
        #expect(byId["A"]?[2] == "<11")
        #expect(byId["A"]?[1] == "0")
        let j = try liaison(["rank", dir.file("d").path, "--all", "--format", "json", "--columns", "id,out_strength"])
        let arr = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [[String: Any]])
        let a = try #require(arr.first { $0["id"] as? String == "A" })
        #expect(a["out_strength"] is NSNull)
        #expect(a["suppressed"] as? Bool == true)
        let open = try liaison(["rank", dir.file("d").path, "--all", "--format", "csv", "--columns", "id,out_strength", "--min-cell", "0"])
        #expect(parseCSV(open.stdout).contains(["A", "4"]))
    }
}

@Suite("rank levels and communities", .tags(.cli))
struct RankLevelTests {
    @Test func institutionLevelRanksHospitals() throws {
        let r = try liaison(["rank", "--level", "institution", "--all", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSV(r.stdout)
        let header = try #require(rows.first)
        for c in ["id", "name", "experts", "tier1_experts", "in_strength", "internal_patients", "pagerank", "influence",
                  "tier", "key_experts", "targets", "reached", "reach"] {
            #expect(header.contains(c), "column \(c)")
        }
        let summary = try liaison(["summary"])
        let line = try #require(summary.stdout.split(separator: "\n").first { $0.hasPrefix("institutions ") })
        #expect(rows.count - 1 == Int(line.split(separator: " ").last ?? "") ?? -1)
    }

    @Test func communityColumnMatchesTheCommunitiesCommand() throws {
        let r = try liaison(["rank", "--all", "--format", "csv", "--columns", "id,community"])
        #expect(r.status == 0, "\(r.stderr)")
        let ours = Dictionary(uniqueKeysWithValues: parseCSV(r.stdout).dropFirst().map { ($0[0], $0[1]) })
        let c = try liaison(["communities", "--list", "experts", "--format", "csv"])
        #expect(c.status == 0, "\(c.stderr)")
        let rows = parseCSV(c.stdout)
        let header = try #require(rows.first)
        let idCol = try #require(header.firstIndex(of: "id"))
        let comCol = try #require(header.firstIndex(of: "community"))
        var checked = 0
        for row in rows.dropFirst() where row.count > max(idCol, comCol) {
            #expect(ours[row[idCol]] == row[comCol], "expert \(row[idCol])")
            checked += 1
        }
        #expect(checked == ours.count)
    }
}
