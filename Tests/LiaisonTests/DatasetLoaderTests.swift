import Foundation
import Testing
@testable import Liaison

@Suite("Dataset loading", .tags(.unit))
struct DatasetLoaderTests {
    static let experts = "id,name,institution,specialty\nE1,Ann Peeters,H1,Hematology\nE2,\"Dubois, Marc\",H2,Oncology\nE3,Lotte,H1,Hematology\n"
    static let institutions = "id,name,city\nH1,UZ Leuven,Leuven\nH2,CHU de Liège,Liège\n"

    /// The single issue of a failed load.
    func issue(_ files: [String: String]) throws -> DataIssue {
        let e = try #require(try loadError(files))
        return try #require(e.issues.first)
    }

    /// The science folders are read while the tables load; what a load reports stays in file order:
    /// a table's errors are thrown, never the science files' (read beside them), and with `lenient`
    /// the tables' warnings come before the science files', which come in file-name order.
    @Test func scienceReadBesideTheTablesKeepsTheOrderOfErrorsAndWarnings() throws {
        let t = try TempDataset([:])
        for sub in ["publications", "trials"] {
            try FileManager.default.createDirectory(at: t.url.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try t.write("publications/bad.txt", bytes: Array("PMID- 1\nAU  - Peeters A\nnot medline\n".utf8))
        try t.write("publications/notes.doc", bytes: Array("x".utf8))
        try t.write("trials/NCT1.json", bytes: Array("{".utf8))
        for _ in 0..<5 {
            try t.write("experts.csv", bytes: Array("id,name\nE1,Ann Peeters\nE1,Bob\n".utf8))
            let failure: DatasetError?
            do { _ = try t.load(); failure = nil } catch { failure = error }
            let e = try #require(failure)
            #expect(e.issues.first?.file.hasSuffix("experts.csv") == true, "\(e.issues)")
            #expect(!e.issues.contains { $0.file.contains("/publications/") || $0.file.contains("/trials/") }, "\(e.issues)")
            try t.write("experts.csv", bytes: Array("id,name\nE1,Ann Peeters\nE2,Bob\n".utf8))
            try t.write("referrals.csv", bytes: Array("source,target,patients\nE1,E2,5\nE1,E9,3\n".utf8))
            let d = try t.load(lenient: true)
            let table = try #require(d.warnings.firstIndex { $0.contains("referrals.csv") })
            let skipped = try #require(d.warnings.firstIndex { $0.contains("bad.txt: skipped") })
            let ignored = try #require(d.warnings.firstIndex { $0.contains("notes.doc: ignored") })
            let trial = try #require(d.warnings.firstIndex { $0.contains("NCT1.json: skipped") })
            #expect(table < skipped && skipped < ignored && ignored < trial, "\(d.warnings)")
            #expect(d.filesPresent.contains("publications/") && d.filesPresent.contains("trials/"))
        }
    }

    @Test func loadsAWellFormedDataset() throws {
        let t = try TempDataset([
            "experts.csv": "name,id,institution,extra\r\nAnn,E1,H1,x\r\nBob,E2,H2,\r\n",
            "institutions.csv": Self.institutions,
            "referrals.csv": "source,target,patients,period\nE1,E2,12,2026Q1\nE1,E2,3,2026Q1\nE1,E2,20,2026Q2\nE2,E1,0,\nE1,E1,5,2026Q1\n",
            "interactions.csv": "id,date,expert,liaison,channel,topic,duration_minutes\nI1,2026-01-05,E1,Sofie,In-Person,CAR-T,30\nI2,2026-02-01T09:30:00Z,E2,Sofie,virtual,,\n",
            "plan.csv": "expert,period,planned\nE1,2026Q1,3\n",
            "collaborations.csv": "a,b,kind,weight\nE1,E2,co-author,2\nE2,E1,advisory board,\n",
        ])
        let d = try t.load()
        #expect(d.experts.map(\.id) == ["E1", "E2"])
        #expect(d.experts[0].attributes == ["extra": "x"])
        #expect(d.experts[0].region == "")
        #expect(d.institutionName(ofExpert: 1) == "CHU de Liège")
        // Same pair and period summed; different period kept apart; self-referral dropped with a warning.
        let q1 = d.referrals.filter { $0.period?.label == "2026Q1" }
        #expect(q1.count == 1 && q1[0].patients == 15)
        #expect(d.referrals.count == 3)
        #expect(d.warnings.contains { $0.contains("self-referral") })
        #expect(d.interactions.count == 2)
        #expect(d.interactions[0].channel == "in-person")
        #expect(d.interactions[0].durationMinutes == 30)
        #expect(d.interactions[1].date.description == "2026-02-01")
        #expect(d.plan.first?.planned == 3)
        #expect(d.collaborations.count == 2 && d.collaborations[1].weight == 1)
        // Zero-patient pair is no link in the graph.
        let g = d.referralGraph()
        #expect(g.edgeCount == 1 && g.outWeights == [35])
        #expect(d.referralGraph(period: Period.parse("2026Q1")).outWeights == [15])
    }

    // Rows grouped by source skip the sort by source; rows that are not must merge the same way. Both
    // orders hold repeated pairs and one pair in two periods interleaved (the sorted fallback).
    @Test("rows of one pair and period are summed whether or not the file is grouped by source",
          arguments: [true, false])
    func mergesGroupedAndUngrouped(grouped: Bool) throws {
        let rows = grouped
            ? ["E1,E2,12,2026Q1", "E1,E2,20,2026Q2", "E1,E2,3,2026Q1", "E1,E3,1,2026Q1", "E2,E1,4,2026Q1", "E2,E1,1,2026Q1"]
            : ["E2,E1,4,2026Q1", "E1,E2,12,2026Q1", "E1,E2,20,2026Q2", "E2,E1,1,2026Q1", "E1,E3,1,2026Q1", "E1,E2,3,2026Q1"]
        let d = try TempDataset([
            "experts.csv": "id,name\nE1,Ann\nE2,Bob\nE3,Cyd\n",
            "referrals.csv": "source,target,patients,period\n" + rows.joined(separator: "\n") + "\n",
        ]).load()
        let links = d.referrals.map { "\(d.experts[$0.source].id)>\(d.experts[$0.target].id) \($0.period?.label ?? "-") \($0.patients)" }
        // Links come in the order of their first row.
        #expect(links == (grouped
            ? ["E1>E2 2026Q1 15", "E1>E2 2026Q2 20", "E1>E3 2026Q1 1", "E2>E1 2026Q1 5"]
            : ["E2>E1 2026Q1 5", "E1>E2 2026Q1 15", "E1>E2 2026Q2 20", "E1>E3 2026Q1 1"]))
    }

    // Repeated pairs are merged in ranges of sources on every core for large files: the links must be
    // those of one worker — sums, first-row order, the sorted fallback for a pair in several periods —
    // whether the file is grouped by source or not, with or without the count columns of CMS files.
    @Test("merging repeated pairs in ranges of sources gives one worker's links", arguments: [true, false])
    func mergesInRanges(grouped: Bool) throws {
        var rng = SplitMix64(seed: grouped ? 1 : 2)
        var rows: [(Int, String)] = []
        for _ in 0..<6_000 {
            let a = Int.random(in: 1...60, using: &rng), b = Int.random(in: 1...12, using: &rng)
            let period = ["2026Q1", "2026Q2", "2026Q3"][Int.random(in: 0..<3, using: &rng)]
            rows.append((a, "E\(a),E\(b),\(Int.random(in: 0...20, using: &rng)),\(period),\(Int.random(in: 1...9, using: &rng))"))
        }
        if grouped { rows.sort { $0.0 < $1.0 } }
        let files = ["experts.csv": "id,name\n" + (1...60).map { "E\($0),Expert \($0)\n" }.joined(),
                     "referrals.csv": "source,target,patients,period,pair_count\n" + rows.map { $0.1 + "\n" }.joined()]
        let t = try TempDataset(files)
        func load(ranges: Bool) throws -> [Referral] {
            var options = DatasetLoader.Options()
            options.slicing.maxSlices = 1
            options.slicing.minimumRowsToMergeInRanges = ranges ? 0 : .max
            return try DatasetLoader(options: options).load(folder: t.url).referrals
        }
        let one = try load(ranges: false)
        #expect(one.count < 6_000 && one.count > 1_000)
        #expect(try load(ranges: true) == one)
    }

    // A CMS file grouped by its first NPI numbers experts as it meets them, targets included, so its
    // sources' runs are not in id order: repeated pairs must still be summed, in first-row order.
    @Test("a CMS file grouped by source, its ids not in source order: pairs summed in first-row order",
          arguments: [0, 1_000_000])
    func mergesGroupedCMSFile(minimumRowsToMergeInRanges: Int) throws {
        var rng = SplitMix64(seed: 17)
        let pool = (0..<80).map { i -> String in
            let nine = String(100_000_000 + i * 7_919)
            return nine + String(NPI.checkDigit(forFirstNine: nine) ?? 0)
        }
        var text = "", expected: [String: Int] = [:], firstSeen: [String] = []
        for a in pool.shuffled(using: &rng) {
            for _ in 0..<Int.random(in: 1...40, using: &rng) {
                let b = pool[Int.random(in: 0..<pool.count, using: &rng)]
                guard a != b else { continue }
                let patients = Int.random(in: 11...30, using: &rng)
                text += "\(a),\(b),\(patients + 5),\(patients),0\n"
                let key = "\(a)>\(b)"
                if expected[key] == nil { firstSeen.append(key) }
                expected[key, default: 0] += patients
            }
        }
        let t = try TempDataset(["pspp.csv": text])
        var options = DatasetLoader.Options()
        options.slicing.maxSlices = 1
        options.slicing.minimumRowsToMergeInRanges = minimumRowsToMergeInRanges
        let d = try DatasetLoader(options: options).load(folder: nil, referrals: t.url.appendingPathComponent("pspp.csv"))
        #expect(d.referrals.map { "\(d.experts[$0.source].id)>\(d.experts[$0.target].id)" } == firstSeen)
        #expect(d.referrals.map(\.patients) == firstSeen.map { expected[$0] ?? -1 })
    }

    @Test func institutionNameWithoutInstitutionsFile() throws {
        let d = try TempDataset(["experts.csv": "id,name,institution\nE1,Ann,Some Clinic\n"]).load()
        #expect(d.institutionName(ofExpert: 0) == "Some Clinic")
    }

    @Test func missingExpertsFile() throws {
        let i = try issue(["referrals.csv": "source,target,patients\n"])
        #expect(i.file.hasSuffix("experts.csv") && i.message.contains("missing"))
    }

    @Test func missingRequiredColumn() throws {
        let i = try issue(["experts.csv": "id,full_name\nE1,Ann\n"])
        #expect(i.file.hasSuffix("experts.csv") && i.line == 1 && i.message.contains("missing required column 'name'"))
        let j = try issue(["experts.csv": Self.experts, "referrals.csv": "source,target\nE1,E2\n"])
        #expect(j.file.hasSuffix("referrals.csv") && j.message.contains("'patients'"))
    }

    @Test func unknownExpertId() throws {
        let i = try issue(["experts.csv": Self.experts, "referrals.csv": "source,target,patients\nE1,E2,4\nE1,E9,5\n"])
        #expect(i.file.hasSuffix("referrals.csv") && i.line == 3 && i.column == 4)
        #expect(i.message.contains("unknown expert id 'E9'"))
        #expect(i.description.hasSuffix("referrals.csv:3:4: unknown expert id 'E9' (not in experts.csv)"))
    }

    @Test func unknownInstitutionId() throws {
        let i = try issue(["experts.csv": "id,name,institution\nE1,Ann,H1\nE2,Bob,H7\n", "institutions.csv": Self.institutions])
        #expect(i.line == 3 && i.column == 8 && i.message.contains("unknown institution id 'H7'"))
    }

    @Test func duplicateIds() throws {
        let i = try issue(["experts.csv": "id,name\nE1,Ann\nE2,Bob\nE1,Carl\n"])
        #expect(i.line == 4 && i.column == 1 && i.message.contains("duplicate expert id 'E1' (first on line 2)"))
        let j = try issue(["experts.csv": Self.experts,
                           "interactions.csv": "id,date,expert,liaison,channel\nI1,2026-01-02,E1,S,phone\nI1,2026-01-03,E2,S,phone\n"])
        #expect(j.line == 3 && j.message.contains("duplicate interaction id 'I1'"))
        let k = try issue(["experts.csv": Self.experts, "institutions.csv": Self.institutions + "H1,Again,X\n"])
        #expect(k.line == 4 && k.message.contains("duplicate institution id 'H1'"))
    }

    @Test func nonNumericAndNegativeCounts() throws {
        let i = try issue(["experts.csv": Self.experts, "referrals.csv": "source,target,patients\nE1,E2,twelve\n"])
        #expect(i.line == 2 && i.column == 7 && i.message.contains("'twelve' is not a whole number"))
        let j = try issue(["experts.csv": Self.experts, "referrals.csv": "source,target,patients\nE1,E2,-3\n"])
        #expect(j.line == 2 && j.column == 7 && j.message.contains("is negative"))
        let k = try issue(["experts.csv": Self.experts, "plan.csv": "expert,period,planned\nE1,2026Q1,2.5\n"])
        #expect(k.line == 2 && k.message.contains("'2.5' is not a whole number"))
        let l = try issue(["experts.csv": Self.experts, "referrals.csv": "source,target,patients\nE1,E2,\n"])
        #expect(l.message.contains("empty patients"))
    }

    @Test func badDatesAndPeriods() throws {
        let i = try issue(["experts.csv": Self.experts,
                           "interactions.csv": "id,date,expert,liaison,channel\nI1,2026-02-30,E1,S,phone\n"])
        #expect(i.line == 2 && i.column == 4 && i.message.contains("'2026-02-30' is not an ISO 8601 date"))
        let j = try issue(["experts.csv": Self.experts,
                           "interactions.csv": "id,date,expert,liaison,channel\nI1,14/03/2026,E1,S,phone\n"])
        #expect(j.message.contains("'14/03/2026'"))
        let k = try issue(["experts.csv": Self.experts, "referrals.csv": "source,target,patients,period\nE1,E2,4,Q3\n"])
        #expect(k.line == 2 && k.column == 9 && k.message.contains("'Q3' is not a period"))
    }

    @Test func unbalancedQuoteInDataset() throws {
        let i = try issue(["experts.csv": "id,name\nE1,\"Ann\nE2,Bob\n"])
        #expect(i.line == 2 && i.column == 4 && i.message.contains("unbalanced quote"))
    }

    @Test func emptyFileAndHeaderOnly() throws {
        let i = try issue(["experts.csv": ""])
        #expect(i.message.contains("empty"))
        let d = try TempDataset(["experts.csv": "id,name\n"]).load()
        #expect(d.experts.isEmpty)
    }

    @Test func allErrorsAreCollectedInFileOrder() throws {
        let e = try #require(try loadError(["experts.csv": "id,name\nE1,Ann\nE1,Bob\n,Carl\nE4,\n"]))
        #expect(e.issues.map(\.line) == [3, 4, 5])
    }

    @Test func lenientSkipsBadRowsWithACount() throws {
        let t = try TempDataset(["experts.csv": Self.experts,
                                 "referrals.csv": "source,target,patients\nE1,E2,4\nE1,E9,5\nE2,E3,x\nE3,E1,12\n"])
        let d = try t.load(lenient: true)
        #expect(d.referrals.count == 2)
        #expect(d.warnings.contains { $0.contains("skipped 2 rows") })
        #expect(d.warnings.contains { $0.contains("referrals.csv:3:4") })
    }
}
