import Foundation
import Testing
@testable import Liaison

@Suite("Referral formats", .tags(.unit))
struct ReferralFormatTests {
    /// Loads a dataset folder made of `files`, or (with `single`) that one file alone.
    func load(_ files: [String: String], single: String? = nil, lenient: Bool = false) throws -> Dataset {
        let t = try TempDataset(files)
        if let single {
            return try DatasetLoader(options: .init(lenient: lenient)).load(folder: nil, referrals: t.url.appendingPathComponent(single))
        }
        return try t.load(lenient: lenient)
    }

    func issue(_ files: [String: String], single: String? = nil) throws -> DataIssue {
        do { _ = try load(files, single: single) } catch let e as DatasetError { return try #require(e.issues.first) }
        Issue.record("loaded")
        throw DataIssue(file: "", message: "loaded")
    }

    @Test func cmsWithoutHeaderPaddedCountsAndCRLF() throws {
        let cms = "1000026017,1598773715,56        ,23        ,29\r\n1598773715,1003000126,120       ,40        ,0\r\n1000026017,1598773715,4         ,2         ,1\r\n"
        let d = try load(["referrals.csv": cms])
        #expect(d.experts.map(\.id) == ["1000026017", "1598773715", "1003000126"])
        #expect(d.experts[0].name == "1000026017" && d.experts[0].npi == "1000026017")
        #expect(d.referrals.count == 2)
        let r = d.referrals[0]
        #expect(r.source == 0 && r.target == 1)
        #expect(r.patients == 25 && r.pairCount == 60 && r.sameDayCount == 30 && r.transactionCount == nil)
        #expect(r.counts == ["pair_count": 60, "same_day_count": 30])
        #expect(!d.filesPresent.contains("experts.csv") && d.filesPresent.contains("referrals.csv"))
        #expect(d.referralGraph().outWeights == [25, 40])
    }

    @Test func cmsWithHeaderIgnoresTextColumns() throws {
        let text = "npi1,npi2,pair_count,bene_count,same_day_count,source_column_group\n1003033051,1154584084,69,11,0,B_unlabelled_columns\n"
        let d = try load(["pspp.csv": text], single: "pspp.csv")
        #expect(d.referrals.count == 1 && d.referrals[0].patients == 11 && d.referrals[0].pairCount == 69)
        #expect(d.referrals[0].extraCounts.isEmpty)
    }

    @Test func hopTeamingColumnsInAnyOrder() throws {
        let text = "transaction_count,std_day_wait,to_npi,patient_count,from_npi,average_day_wait\n" +
                   "140,12.5,1598773715,31,1000026017,20.1\n" +
                   "22, 3.0 ,1000026017,  15 ,1598773715,4\n"
        let d = try load(["hop.csv": text], single: "hop.csv")
        #expect(d.experts.map(\.id) == ["1000026017", "1598773715"])
        #expect(d.referrals.map(\.patients) == [31, 15])
        #expect(d.referrals.map(\.transactionCount) == [140, 22])
        #expect(d.referrals[0].counts == ["transaction_count": 140])
    }

    @Test func publishedFormatMatchesExpertsByIdOrNPI() throws {
        let d = try load([
            "experts.csv": "id,name,npi\nE1,Ann Peeters,1000026017\n1598773715,Bob\n",
            "referrals.csv": "1000026017,1598773715,56,23,29\n1598773715,1234567893,30,12,0\n",
            "interactions.csv": "id,date,expert,liaison,channel\nI1,2026-01-05,1234567893,Sofie,phone\n",
        ])
        #expect(d.experts.map(\.id) == ["E1", "1598773715", "1234567893"])
        #expect(d.referrals.map { [$0.source, $0.target] } == [[0, 1], [1, 2]])
        #expect(d.interactions.first?.expert == 2)
    }

    @Test func liaisonFormatStillNeedsExpertsInAFolder() throws {
        let i = try issue(["referrals.csv": "source,target,patients\nA,B,3\n"])
        #expect(i.file.hasSuffix("experts.csv") && i.message.contains("missing"))
        // …but a single referrals file in Liaison layout makes bare experts.
        let d = try load(["r.csv": "source,target,patients,period\nA,B,3,2026Q1\nA,B,4,2026Q1\nB,A,2,\n"], single: "r.csv")
        #expect(d.experts.map(\.id) == ["A", "B"] && d.experts[0].npi.isEmpty)
        #expect(d.referrals.map(\.patients) == [7, 2])
    }

    @Test func liaisonExtrasAreSummedByName() throws {
        let d = try load(["experts.csv": "id,name\nE1,A\nE2,B\n",
                          "referrals.csv": "source,target,patients,period,pair_count,visits\nE1,E2,3,2026Q1,10,1\nE1,E2,4,2026Q1,,2\nE1,E2,5,2026Q2,7,\n"])
        #expect(d.referrals.count == 2)
        #expect(d.referrals[0].patients == 7 && d.referrals[0].pairCount == 10 && d.referrals[0].extraCounts == ["visits": 3])
        #expect(d.referrals[1].counts == ["pair_count": 7])
    }

    @Test func duplicatesAcrossPeriodsAreMergedPerPeriod() throws {
        // One source, one target, interleaved periods: exercises the sorted merge.
        let rows = ["E1,E2,1,2026Q1", "E1,E2,2,2026Q2", "E1,E3,4,", "E1,E2,8,2026Q1", "E1,E2,16,2026Q2", "E1,E3,32,", "E2,E1,64,2026Q1"]
        let d = try load(["experts.csv": "id,name\nE1,A\nE2,B\nE3,C\n",
                          "referrals.csv": "source,target,patients,period\n" + rows.joined(separator: "\n")])
        #expect(d.referrals.map(\.patients) == [9, 18, 36, 64])
        #expect(d.referrals.map { $0.period?.label ?? "-" } == ["2026Q1", "2026Q2", "-", "2026Q1"])
    }

    @Test func errorsNameFileLineAndColumn() throws {
        let a = try issue(["r.csv": "1000026017,1598773715,56,x1,29\n"], single: "r.csv")
        #expect(a.line == 1 && a.column == 26 && a.message == "bene_count 'x1' is not a whole number: expected a whole number ≥ 0")
        let b = try issue(["r.csv": "1000026017,1598773715,56,23,29\n1000026017,1598773715,56,-3,29\n"], single: "r.csv")
        #expect(b.line == 2 && b.column == 26 && b.message.contains("is negative"))
        let c = try issue(["r.csv": "1000026017,1598773715,56,23\n"], single: "r.csv")
        #expect(c.line == 1 && c.message.contains("has 4 fields"))
        let e = try issue(["r.csv": "from_npi,to_npi,transaction_count\n1,2,3\n"], single: "r.csv")
        #expect(e.message.contains("missing required column 'patient_count'"))
        let f = try issue(["r.csv": "from_npi,to_npi,patient_count\n1000026017,,4\n"], single: "r.csv")
        #expect(f.line == 2 && f.column == 12 && f.message == "empty to_npi")
        let g = try issue(["r.csv": "1000026017,1598773715,\"56,23,29\n"], single: "r.csv")
        #expect(g.line == 1 && g.column == 23 && g.message.contains("unbalanced quote"))
    }

    @Test func lenientSkipsBadPublishedRows() throws {
        let d = try load(["r.csv": "1000026017,1598773715,56,23,29\n1000026017,1598773716,56,,29\n1000026017,1000026017,5,15,0\n"],
                         single: "r.csv", lenient: true)
        #expect(d.referrals.count == 1)
        #expect(d.warnings.contains { $0.contains("skipped 1 row") })
        #expect(d.warnings.contains { $0.contains("self-referral") })
    }

    @Test func referralsOptionReplacesTheFolderFile() throws {
        let t = try TempDataset(["experts.csv": "id,name\nE1,A\nE2,B\n", "referrals.csv": "source,target,patients\nE1,E2,5\n",
                                 "other.csv": "source,target,patients\nE2,E1,7\n"])
        let d = try DatasetLoader().load(folder: t.url, referrals: t.url.appendingPathComponent("other.csv"))
        #expect(d.referrals.map(\.patients) == [7])
    }

    @Test func referralKeepsItsPublicInitializer() {
        var r = Referral(source: 0, target: 1, patients: 3, counts: ["pair_count": 5, "x": 1])
        #expect(r.pairCount == 5 && r.extraCounts == ["x": 1])
        r.counts["same_day_count", default: 0] += 2
        #expect(r.sameDayCount == 2 && r.counts.count == 3)
    }
}

/// The real CMS sample rows in ../shared/data (skipped where that folder is absent).
let docGraphSampleFolder = sharedData.appendingPathComponent("cms-physician-shared-patient-patterns-sample")

@Suite("DocGraph sample", .enabled(if: FileManager.default.fileExists(atPath: docGraphSampleFolder.path),
                                   "../shared/data/cms-physician-shared-patient-patterns-sample is absent"), .tags(.unit))
struct DocGraphSample {
    static let folder = docGraphSampleFolder

    @Test func normalizedSampleLoads() throws {
        let d = try DatasetLoader().load(folder: nil, referrals: Self.folder.appendingPathComponent("pspp_sample_normalized.csv"))
        #expect(d.referrals.count == 200)
        #expect(d.experts.count == 396)
        #expect(d.referrals.allSatisfy { $0.patients >= 11 && $0.pairCount != nil && $0.sameDayCount != nil })
        #expect(d.referrals[0].patients == 11 && d.referrals[0].pairCount == 69)
    }

    @Test func sampleRewrittenAsPublishedLoadsTheSame() throws {
        // The CMS files themselves: no header, counts padded with spaces; and as hop-teaming with shuffled columns.
        let text = try String(contentsOf: Self.folder.appendingPathComponent("pspp_sample_normalized.csv"), encoding: .utf8)
        let rows = parseRows(text).dropFirst()
        let pad = { (s: String) in s.padding(toLength: 10, withPad: " ", startingAt: 0) }
        let cms = rows.map { "\($0[0]),\($0[1]),\(pad($0[2])),\(pad($0[3])),\($0[4])" }.joined(separator: "\r\n")
        let hop = "patient_count,from_npi,average_day_wait,to_npi,transaction_count,std_day_wait\n" +
            rows.map { "\($0[3]),\($0[0]),1.5,\($0[1]),\($0[2]),0.5" }.joined(separator: "\n")
        let t = try TempDataset(["cms.csv": cms, "hop.csv": hop])
        let a = try DatasetLoader().load(folder: nil, referrals: t.url.appendingPathComponent("cms.csv"))
        let b = try DatasetLoader().load(folder: nil, referrals: t.url.appendingPathComponent("hop.csv"))
        #expect(a.referrals.count == 200 && a.experts.count == 396)
        #expect(b.referrals.count == 200 && b.experts.count == 396)
        #expect(a.referrals.map(\.patients) == b.referrals.map(\.patients))
        #expect(a.referrals.map(\.pairCount) == b.referrals.map(\.transactionCount))
        #expect(a.experts.map(\.id) == b.experts.map(\.id))
    }

    func parseRows(_ text: String) -> [[String]] {
        text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
}
