import Foundation
import Testing

@Suite("synth command and published referral files", .tags(.cli))
struct SynthCLITests {
    @Test func synthThenRank() throws {
        let t = try TempDir()
        let out = t.file("net").path
        let r = try liaison(["synth", "--experts", "2000", "--seed", "5", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("2000 experts") && r.stdout.isEmpty)
        let again = try liaison(["synth", "--experts", "2000", "--out", out])
        #expect(again.status == 1 && again.stderr.contains("not empty") && again.stderr.contains("--force"))
        let forced = try liaison(["synth", "--experts", "2000", "--seed", "5", "--out", out, "--force", "--quiet"])
        #expect(forced.status == 0 && forced.stderr.isEmpty)
        let rank = try liaison(["rank", out, "--metric", "pagerank", "--columns", "id,pagerank", "--format", "csv", "--top", "3"])
        #expect(rank.status == 0, "\(rank.stderr)")
        #expect(parseCSV(rank.stdout).count == 4)
    }

    @Test func docgraphAsFolderFileOrReferralsOption() throws {
        let t = try TempDir()
        let out = t.file("dg").path
        #expect(try liaison(["synth", "--experts", "1500", "--format", "docgraph", "--out", out, "-q"]).status == 0)
        let file = t.file("dg/referrals.csv").path
        let a = try liaison(["rank", out, "--metric", "pagerank", "--columns", "id,pagerank", "--format", "csv"])
        let b = try liaison(["rank", file, "--metric", "pagerank", "--columns", "id,pagerank", "--format", "csv"])
        let c = try liaison(["rank", "--referrals", file, "--metric", "pagerank", "--columns", "id,pagerank", "--format", "csv"])
        #expect(a.status == 0 && b.status == 0 && c.status == 0, "\(a.stderr)\(b.stderr)\(c.stderr)")
        #expect(a.stdout == b.stdout && b.stdout == c.stdout)
        #expect(parseCSV(a.stdout).dropFirst().allSatisfy { $0[0].count == 10 })
        // Not a terminal: no progress on stderr.
        #expect(a.stderr.isEmpty)
    }

    /// A published file has no header and no experts.csv: `summary` must not say it read either.
    @Test func summaryOfAPublishedFileClaimsNoHeaderOrExpertsFile() throws {
        let t = try TempDir()
        try t.write("cms.csv", "1000026017,1598773715,56        ,23        ,29\n1598773715,1000026017,12        ,12        ,11\n")
        let r = try liaison(["summary", t.file("cms.csv").path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("separator") && $0.hasSuffix(", (comma) in cms.csv (found from each file's first row)") },
                "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("institutions") && $0.hasSuffix("  none (no institutions.csv or experts.csv)") },
                "\(r.stdout)")
        #expect(!r.stdout.contains("header row") && !r.stdout.contains("named in experts.csv"))
        #expect(lines.contains { $0.hasPrefix("experts") && $0.hasSuffix("  2") }, "\(r.stdout)")

        // Its key experts' table has no name column repeating the NPI, and no blank institution column.
        let rank = try liaison(["rank", t.file("cms.csv").path])
        #expect(rank.status == 0, "\(rank.stderr)")
        let header = rank.stdout.split(separator: "\n").first { $0.hasPrefix("rank ") }.map(String.init) ?? ""
        #expect(header.split(separator: " ").map(String.init).prefix(3) == ["rank", "id", "in_degree"], "\(rank.stdout)")
        #expect(rank.stdout.contains("1000026017") && !header.contains("name") && !header.contains("institution"))
        // CSV keeps them (a script reads the same columns from every dataset).
        let csv = try liaison(["rank", t.file("cms.csv").path, "--format", "csv"])
        #expect(parseCSV(csv.stdout).first?.prefix(4) == ["rank", "id", "name", "institution"], "\(csv.stdout)")
    }

    /// One referral period reads "1: 2025", not "1: 2025 … 2025"; several keep their span.
    @Test func summaryNamesOneReferralPeriodOnce() throws {
        let t = try TempDir()
        for dir in ["one", "two"] { try t.write("\(dir)/experts.csv", "id,name\nA,Anna\nB,Bart\nC,Chloé\n") }
        try t.write("one/referrals.csv", "source,target,patients,period\nA,B,12,2025\nB,C,14,2025\n")
        try t.write("two/referrals.csv", "source,target,patients,period\nA,B,12,2024\nB,C,14,2025\n")
        let one = try liaison(["summary", t.file("one").path]), two = try liaison(["summary", t.file("two").path])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
        #expect(one.stdout.split(separator: "\n").contains { $0.hasPrefix("referral periods") && $0.hasSuffix("  1: 2025") }, "\(one.stdout)")
        #expect(two.stdout.split(separator: "\n").contains { $0.hasPrefix("referral periods") && $0.hasSuffix("  2: 2024 … 2025") }, "\(two.stdout)")
        // The same for a plan of one quarter, in the singular.
        try t.write("one/plan.csv", "expert,period,planned\nA,2025Q4,2\n")
        let plan = try liaison(["summary", t.file("one").path])
        #expect(plan.stdout.split(separator: "\n").contains { $0.hasPrefix("plan") && $0.hasSuffix("  1 row over 1 period (2025Q4)") }, "\(plan.stdout)")
    }

    /// Communities of a published file: leaders by NPI alone, no column of `(none)` on every row.
    @Test func communitiesOfAPublishedFileShowNoBlankColumns() throws {
        let t = try TempDir()
        let out = t.file("dg").path
        #expect(try liaison(["synth", "--experts", "400", "--format", "docgraph", "--out", out, "-q"]).status == 0)
        let r = try liaison(["communities", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("(none)") && !r.stdout.contains("institutions") && !r.stdout.contains("regions"), "\(r.stdout)")
        // "1234567893; 1003000126", never "1234567893 (1234567893)".
        #expect(r.stdout.range(of: #"\b(\d{10}) \(\1\)"#, options: .regularExpression) == nil, "\(r.stdout)")
        let leaderRows = r.stdout.split(separator: "\n").filter { $0.range(of: #"^\s+\d+\s+\d+\s+\S+\s+\d{10};"#, options: .regularExpression) != nil }
        #expect(!leaderRows.isEmpty, "\(r.stdout)")
        // CSV keeps every column.
        let csv = try liaison(["communities", out, "--format", "csv"])
        #expect(parseCSV(csv.stdout).first?.contains("institutions") == true, "\(csv.stdout)")

        // The same for an expert's referrers and for an advisory board.
        let top = try liaison(["rank", out, "--top", "1", "--format", "csv", "--columns", "id"])
        let npi = try #require(parseCSV(top.stdout).dropFirst().first?.first)
        let refs = try liaison(["referrers", npi, out])
        #expect(refs.status == 0, "\(refs.stderr)")
        #expect(refs.stdout.hasPrefix("Referrers of \(npi) (") && !refs.stdout.contains("\(npi) \(npi)"), "\(refs.stdout)")
        let refHeader = refs.stdout.split(separator: "\n").first { $0.hasPrefix("id ") }.map(String.init) ?? ""
        #expect(refHeader.split(separator: " ").first == "id" && !refHeader.contains("name") && !refHeader.contains("institution")
                && !refHeader.contains("specialty"), "\(refs.stdout)")
        let board = try liaison(["board", out, "--size", "3"])
        #expect(board.status == 0, "\(board.stderr)")
        let boardHeader = board.stdout.split(separator: "\n").first { $0.hasPrefix("# ") }.map(String.init) ?? ""
        #expect(boardHeader.hasPrefix("#  id") && !boardHeader.contains("name") && !boardHeader.contains("region"), "\(board.stdout)")
        #expect(board.stdout.range(of: #"\b(\d{10}) \(\1\)"#, options: .regularExpression) == nil, "\(board.stdout)")

        // No institution, so no trial site: said in words, not as an empty table.
        let sites = try liaison(["sites", out])
        #expect(sites.status == 0, "\(sites.stderr)")
        #expect(sites.stdout.contains("(0 of 0)") && sites.stdout.contains("(none: sites are institutions, and the dataset names none"),
                "\(sites.stdout)")
        #expect(!sites.stdout.contains("score ="), "\(sites.stdout)")
    }

    @Test func synthHelpHasExamples() throws {
        let r = try liaison(["synth", "--help"])
        #expect(r.stdout.contains("Examples:") && r.stdout.contains("--format"))
        let bad = try liaison(["synth", "--experts", "1", "--out", "x"])
        #expect(bad.status == 64 && bad.stderr.contains("--experts must be between 2 and 100000000 (got 1)"))
    }

    @Test func publishedErrorsAreLocated() throws {
        let t = try TempDir()
        try t.write("cms.csv", "1000026017,1598773715,56        ,23        ,29\n1000026017,1598773716,56        ,2x        ,29\n")
        let r = try liaison(["validate", "--referrals", t.file("cms.csv").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cms.csv:2:34: bene_count '2x' is not a whole number"))
    }
}

@Suite("DocGraph sample on the command line",
       .enabled(if: FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("cms-physician-shared-patient-patterns-sample").path),
                "../shared/data/cms-physician-shared-patient-patterns-sample is absent"), .tags(.cli))
struct DocGraphCLITests {
    @Test func summaryOfTheRealSample() throws {
        let file = sharedData.appendingPathComponent("cms-physician-shared-patient-patterns-sample/pspp_sample_normalized.csv")
        let r = try liaison(["summary", "--referrals", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("396") && r.stdout.contains("200 distinct pairs"))
    }
}
