import Foundation
import Testing

/// `liaison shared-patients` and `liaison referrers`, run as a user would.
@Suite("shared-patients and referrers commands", .tags(.cli))
struct SharedPatientsCLITests {
    /// The hand-computed fixture of `EncounterDerivationTests` (library suite), unsorted.
    static let encounters = """
        patient,expert,date
        P3,B,2026-05-01
        P1,A,2026-01-01
        P2,A,2026-03-01
        P1,B,2026-01-01
        P3,A,2026-05-05
        P1,A,2026-01-01
        P2,A,2026-03-10
        P1,C,2026-01-31
        P3,C,2026-05-05
        P1,D,2026-02-01
        P2,B,2026-03-20

        """

    @Test func writesTheDerivedLinks() throws {
        let dir = try TempDir()
        try dir.write("encounters.csv", Self.encounters)
        let r = try liaison(["shared-patients", dir.file("encounters.csv").path, "--min-cell", "0", "--out", dir.file("referrals.csv").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let text = try String(contentsOf: dir.file("referrals.csv"), encoding: .utf8)
        #expect(text == """
            source,target,patients,pair_count,same_day_count
            A,B,2,3,1
            A,C,2,2,1
            B,A,2,2,1
            B,C,2,2,0
            C,A,1,1,1
            C,D,1,1,0

            """)
        #expect(r.stderr.contains("not sorted by patient"))
        #expect(r.stderr.contains("small-cell suppression is off"))
        #expect(r.stderr.contains("1 duplicate encounter"))
        #expect(!r.stderr.contains("P1") && !r.stderr.contains("P2"))
    }

    @Test func leavesOutSmallLinksByDefault() throws {
        let dir = try TempDir()
        try dir.write("encounters.csv", Self.encounters)
        let r = try liaison(["shared-patients", dir.file("encounters.csv").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "source,target,patients,pair_count,same_day_count\n")
        #expect(r.stderr.contains("left out 6 links with 1 to 10 patients"))
        // The patient total (3) is a small count too.
        #expect(r.stderr.contains("of <11 patients"))
        let two = try liaison(["shared-patients", dir.file("encounters.csv").path, "--min-cell", "2"])
        #expect(two.stdout == "source,target,patients,pair_count,same_day_count\nA,B,2,3,1\nA,C,2,2,1\nB,A,2,2,1\nB,C,2,2,0\n")
        let window = try liaison(["shared-patients", dir.file("encounters.csv").path, "--min-cell", "0", "--window", "31", "--undirected"])
        #expect(window.stdout.hasPrefix("a,b,patients,pair_count,same_day_count\n"))
        #expect(window.stdout.contains("\nA,D,1,1,0\n"))   // 31 days apart: inside a 31-day window
    }

    @Test func errorsNeverShowThePatient() throws {
        let dir = try TempDir()
        try dir.write("encounters.csv", "patient,expert,date\nPATIENT-SECRET-123,A,2026-01-01\nPATIENT-SECRET-124,B,01/02/2026\n")
        let r = try liaison(["shared-patients", dir.file("encounters.csv").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("encounters.csv:3:22: date is ambiguous without a date format: give --date-format dd/mm/yyyy or mm/dd/yyyy"))
        #expect(!r.stderr.contains("SECRET") && !r.stdout.contains("SECRET"))
        let bad = try liaison(["shared-patients", dir.file("encounters.csv").path, "--window", "-1"])
        #expect(bad.status == 64)
    }

    @Test func datasetFolderUsesEncounters() throws {
        let dir = try TempDir()
        try dir.write("experts.csv", "id,name,specialty\nA,Ann,Hematology\nB,Bob,Hematology\nC,Cas,GP\nD,Dee,GP\n")
        try dir.write("encounters.csv", Self.encounters)
        let s = try liaison(["summary", dir.url.path])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("6 distinct pairs"))
        #expect(s.stdout.contains("used as the referrals"))
        try dir.write("referrals.csv", "source,target,patients\nC,A,40\n")
        let plain = try liaison(["summary", dir.url.path])
        #expect(plain.stdout.contains("1 distinct pairs"))
        #expect(plain.stdout.contains("not used"))
        let added = try liaison(["summary", dir.url.path, "--add-encounters"])
        #expect(added.stdout.contains("6 distinct pairs"))   // C→A summed into the derived C→A
        #expect(added.stdout.contains("added to referrals.csv"))
    }

    // MARK: referrers

    /// The fixture of `ReferrerPatternTests` as a dataset folder.
    static func referrerDataset() throws -> TempDir {
        let dir = try TempDir()
        try dir.write("experts.csv", """
            id,name,specialty
            F,Dr F,Hematology
            P1,Dr P1,Hematology
            P2,Dr P2,Hematology
            R1,Dr R1,GP
            R2,Dr R2,GP
            R3,Dr R3,GP
            R4,Dr R4,GP
            O,Dr O,Oncology

            """)
        try dir.write("referrals.csv", """
            source,target,patients
            R1,F,30
            R1,P1,10
            R2,F,10
            R2,P1,10
            R2,P2,10
            R3,F,2
            R3,P2,40
            R3,O,100
            R4,F,1
            R4,P1,5
            P1,F,12
            P1,P2,12
            F,R1,50

            """)
        return dir
    }

    @Test func referrerClassesWithoutSuppression() throws {
        let dir = try Self.referrerDataset()
        let r = try liaison(["referrers", "F", dir.url.path, "--format", "csv", "--min-cell", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(parseCSV(r.stdout).map { [$0[0], $0[4], $0[5], $0[6], $0[7]] } == [
            ["id", "class", "to_focal", "to_peers", "share"],
            ["R1", "loyalist", "30", "10", "0.75"],
            ["P1", "loyalist", "12", "12", "0.5"],
            ["R2", "splitter", "10", "20", "0.33"],
            ["R4", "splitter", "1", "5", "0.17"],
            ["R3", "opportunity", "2", "40", "0.05"],
        ])
        let table = try liaison(["referrers", "F", dir.url.path, "--min-cell", "0"])
        #expect(table.stdout.contains("suppression is off"))
        #expect(table.stdout.contains("5 referrers (2 loyalists, 2 splitters, 1 opportunity); patients received: 55"))
        let undirected = try liaison(["referrers", "F", dir.url.path, "--format", "csv", "--min-cell", "0", "--undirected"])
        #expect(undirected.stdout.hasPrefix("id,name,institution,specialty,class,with_focal,with_peers,share\nR1,Dr R1,,GP,loyalist,80,10,0.89\n"))
    }

    @Test func referrerSuppressionAndComplements() throws {
        let dir = try Self.referrerDataset()
        // to_focal: 30, 12, 10, 1, 2 (total 55, shown by rank as F's in-strength). 10, 1 and 2 are
        // hidden; their sum (13) leaves each anywhere in 1…10, so no complement is needed.
        let r = try liaison(["referrers", "F", dir.url.path, "--format", "csv"])
        #expect(parseCSV(r.stdout).dropFirst().map { [$0[0], $0[5], $0[6], $0[7]] } == [
            ["R1", "30", "<11", "*"], ["P1", "12", "12", "0.5"], ["R2", "<11", "20", "*"],
            ["R4", "<11", "<11", "*"], ["R3", "<11", "40", "*"],
        ])
        let j = try liaison(["referrers", "F", dir.url.path, "--format", "json"])
        let o = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        let rows = try #require(o["referrers"] as? [[String: Any]])
        let r2 = try #require(rows.first { $0["id"] as? String == "R2" })
        #expect(r2["to_focal"] is NSNull && r2["share"] is NSNull && r2["to_peers"] as? Int == 20)
        #expect(r2["suppressed"] as? Bool == true)
        #expect(r2["suppressed_fields"] as? [String] == ["to_focal", "share"])
        #expect(o["patients_received"] as? Int == 55)
        // Only R4's 1 hidden: with the total 55 published it would be 55 − 54, so the smallest shown
        // count (12) is withheld too.
        try dir.write("referrals.csv", "source,target,patients\nR1,F,30\nR2,F,12\nR3,F,20\nR4,F,1\n")
        let c = try liaison(["referrers", "F", dir.url.path, "--format", "csv"])
        #expect(parseCSV(c.stdout).dropFirst().map { [$0[0], $0[5]] } == [["R1", "30"], ["R3", "20"], ["R2", "*"], ["R4", "<11"]])
        let unknown = try liaison(["referrers", "NOPE", dir.url.path])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("has the id or name 'NOPE'"))
        let help = try liaison(["referrers", "--help"])
        #expect(help.stdout.contains("Examples:"))
    }
}
