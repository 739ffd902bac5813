import Foundation
import Testing

/// What people read, through the built binary: the bugs issue 11 found, each checked where a user
/// meets it — privacy figures, honest default periods, and one fiscal calendar for every option.
@Suite("what people read: privacy, defaults and periods", .tags(.cli))
struct ViewsCLITests {
    /// A small network: I1 and I2 are hospitals; A→B carries 6 patients inside I1 (a small count).
    func smallWorld(_ dir: TempDir) throws -> String {
        try dir.write("w/institutions.csv", "id,name\nI1,Hospital One\nI2,Hospital Two\n")
        try dir.write("w/experts.csv", """
            id,name,institution
            A,Dr A,I1
            B,Dr B,I1
            C,Dr C,I2
            D,Dr D,I2
            T,Dr T,I2

            """)
        // T receives 1 + 2 + 3 + 4 = 10 patients from four referrers: a hidden total.
        try dir.write("w/referrals.csv", """
            source,target,patients
            A,B,6
            C,A,40
            D,A,25
            B,C,30
            A,T,1
            B,T,2
            C,T,3
            D,T,4

            """)
        return dir.file("w").path
    }

    @Test func undirectedCountsEveryPatientOnce() throws {
        let dir = try TempDir()
        let ds = try smallWorld(dir)
        func internalPatients(_ extra: [String]) throws -> [String: String] {
            let r = try liaison(["rank", "--level", "institution", ds, "--all", "--format", "csv", "--min-cell", "0",
                                 "--columns", "id,internal_patients"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return Dictionary(uniqueKeysWithValues: parseCSV(r.stdout).dropFirst().map { ($0[0], $0[1]) })
        }
        let directed = try internalPatients([]), undirected = try internalPatients(["--undirected"])
        #expect(directed["I1"] == "6")
        #expect(undirected == directed, "undirected doubled internal patients: \(undirected)")
        func communityPatients(_ extra: [String]) throws -> [String] {
            let r = try liaison(["communities", ds, "--format", "csv", "--min-cell", "0"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return parseCSV(r.stdout).dropFirst().map { $0[2] }.sorted()
        }
        #expect(try communityPatients(["--undirected"]) == (try communityPatients([])))
    }

    @Test func aDegreeNeverPinsAHiddenStrength() throws {
        let dir = try TempDir()
        let ds = try smallWorld(dir)
        let r = try liaison(["rank", ds, "--all", "--format", "csv", "--columns", "id,in_degree,in_strength"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = Dictionary(uniqueKeysWithValues: parseCSV(r.stdout).dropFirst().map { ($0[0], Array($0.dropFirst())) })
        // T: 4 referrers, 10 patients: the strength shows <11 and the degree, which bounds it, is withheld.
        #expect(rows["T"] == ["*", "<11"], "\(rows["T"] ?? [])")
        #expect(rows["A"] == ["2", "65"])
        // Its referrers would number (and bound) the hidden total: not listed.
        let ref = try liaison(["referrers", "T", ds])
        #expect(ref.status == 0 && ref.stdout.contains("(withheld)") && !ref.stdout.contains("Dr C"), "\(ref.stdout)")
    }

    @Test func theDefaultQuarterIsPacedToTheLastInteraction() throws {
        // The demo's interactions stop on 2026-11-20, inside 2026Q4.
        let cov = try liaison(["coverage", "--format", "json"])
        #expect(cov.status == 0, "\(cov.stderr)")
        let o = try jsonObject(cov)
        #expect(o["quarter"] as? String == "2026Q4" && o["as_of"] as? String == "2026-11-20")
        #expect(o["as_of_source"] as? String == "last-interaction")
        let table = try liaison(["coverage"])
        #expect(table.stdout.contains("As of 2026-11-20 (the last interaction in the data"))
        // Judged in full only when asked, and then said nowhere as paced.
        let full = try jsonObject(try liaison(["coverage", "--as-of", "none", "--format", "json"]))
        #expect(full["as_of"] is NSNull)
        let paced = try #require(o["attainment"] as? Double), whole = try #require(full["attainment"] as? Double)
        #expect(paced > whole)
        // gaps counts days to the last interaction, not to the end of the quarter.
        let gaps = parseCSV(try liaison(["gaps", "--all", "--format", "csv"]).stdout)
        let header = try #require(gaps.first)
        let last = try #require(header.firstIndex(of: "last_interaction")), days = try #require(header.firstIndex(of: "days_since"))
        for row in gaps.dropFirst() where !row[last].isEmpty {
            let seen = try #require(isoDay(row[last]))
            #expect(Int(row[days]) == isoDay("2026-11-20").map { $0 - seen }, "\(row[0]): \(row[last]) → \(row[days]) days")
        }
    }

    @Test func periodsOutsideTheInteractionsAreErrors() throws {
        for args in [["coverage", "--quarter", "2024Q1"], ["gaps", "--quarter", "2027Q2"], ["compare", "2024Q1", "2024Q2"]] {
            let r = try liaison(args)
            #expect(r.status == 1, "\(args): \(r.stdout)")
            #expect(r.stderr.contains("the data's interactions run from 2025-01-06 to 2026-11-20"), "\(r.stderr)")
        }
        let dir = try TempDir()
        try FileManager.default.createDirectory(at: dir.file("r"), withIntermediateDirectories: true)
        let report = try liaison(["report", "--quarter", "2024Q1", "--out", dir.file("r/x.html").path])
        #expect(report.status == 1 && !FileManager.default.fileExists(atPath: dir.file("r/x.html").path))
    }

    @Test func interactionsAfterTheExtractionArePlannedCalls() throws {
        let dir = try TempDir()
        try writeCoverageFixture(dir)
        // Two calls booked in the future: not visits.
        let path = dir.file("d/interactions.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + "I90,2099-01-05,B,Max,in-person\nI91,2099-02-05,B,Max,in-person\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try liaison(["coverage", dir.file("d").path, "--quarter", "2026Q2", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("2 interactions are dated after") && r.stderr.contains("planned calls"), "\(r.stderr)")
        #expect(try jsonObject(r)["planned_calls_not_counted"] as? Int == 2)
        // The default quarter is the last one with a visit, not 2099Q1.
        #expect(try jsonObject(try liaison(["coverage", dir.file("d").path, "--format", "json", "-q"]))["quarter"] as? String == "2026Q2")
    }

    @Test func oneFiscalCalendarForEveryPeriodOption() throws {
        // With an April fiscal year, 2026 is 2026-04-01..2027-03-31 for rank as for coverage.
        func ids(_ args: [String]) throws -> [String] {
            let r = try liaison(["rank", "--all", "--format", "csv", "--columns", "id,in_strength", "--min-cell", "0"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            return parseCSV(r.stdout).dropFirst().map { $0.joined(separator: ":") }
        }
        let fiscal = try ids(["--period", "2026", "--fiscal-year-start", "april"])
        #expect(fiscal == (try ids(["--period", "2026-04-01..2027-03-31"])))
        #expect(fiscal != (try ids(["--period", "2026"])))
        let cov = try jsonObject(try liaison(["coverage", "--quarter", "2026", "--fiscal-year-start", "4", "--format", "json", "--as-of", "none"]))
        #expect(cov["period_start"] as? String == "2026-04-01" && cov["period_end"] as? String == "2027-03-31")
        let bad = try liaison(["rank", "--fiscal-year-start", "13"])
        #expect(bad.status == 64 && bad.stderr.contains("--fiscal-year-start"))
    }

    @Test func sharesAndChangesReadAsPercentages() throws {
        let inst = try liaison(["rank", "--level", "institution", "--top", "3"])
        #expect(inst.status == 0 && inst.stdout.contains(" %"), "\(inst.stdout)")
        #expect(!inst.stdout.contains("0.6000"))
        // A change in points is the difference of the rounded percentages shown.
        let cmp = try liaison(["compare", "2026Q3", "2026Q4", "--format", "json"])
        let metrics = try #require(try jsonObject(cmp)["metrics"] as? [String: [String: Any]])
        let table = try liaison(["compare", "2026Q3", "2026Q4"]).stdout
        for k in ["reach", "attainment", "influence_coverage"] {
            let a = try #require(metrics[k]?["from"] as? Double), b = try #require(metrics[k]?["to"] as? Double)
            let pa = Int((100 * a).rounded()), pb = Int((100 * b).rounded())
            let change = pb - pa
            let text = change > 0 ? "+\(change) pp" : (change < 0 ? "−\(-change) pp" : "0 pp")
            let line = try #require(table.split(separator: "\n").first { $0.hasPrefix(k + " ") })
            #expect(line.contains("\(pa) %") && line.contains("\(pb) %") && line.hasSuffix(text), "\(line)")
        }
    }
}

/// Days since 1970-01-01 of an ISO date, for differences.
func isoDay(_ s: String) -> Int? {
    let parts = s.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    var c = DateComponents()
    (c.year, c.month, c.day) = (parts[0], parts[1], parts[2])
    c.timeZone = TimeZone(identifier: "UTC")
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "UTC") ?? .current
    return cal.date(from: c).map { Int($0.timeIntervalSince1970 / 86400) }
}
