import Foundation
import Testing
@testable import Liaison

/// The patient-count ceiling (``PatientCount``): counts past it are located errors in every non-CSV
/// reader, and the analytics' integer sums stay exact at it.
@Suite("Count ceiling", .tags(.unit))
struct CountCeilingTests {
    static let huge = "9223372036854775807"   // Int64.max: two of them for one pair used to trap

    func errorText(_ load: () throws(DatasetError) -> Dataset) -> String? {
        do { _ = try load(); return nil } catch { return error.description }
    }

    @Test("edge list: two rows of Int64.max for one pair are a located error, not a trap")
    func edgeList() throws {
        let t = try TempDataset(["n.edges": "A B \(Self.huge)\nA B \(Self.huge)\n"])
        let text = try #require(errorText { () throws(DatasetError) in
            try EdgeListReader().load(t.url.appendingPathComponent("n.edges"))
        })
        #expect(text.contains("n.edges:1:5: weight '\(Self.huge)' is above 1 000 000 000"), "\(text)")
        #expect(text.contains("n.edges:2:5:"), "\(text)")
    }

    @Test("node-link JSON and GraphML: Int64.max weights are located errors")
    func jsonAndGraphML() {
        let json = "{\"directed\":true,\"nodes\":[{\"id\":\"A\"},{\"id\":\"B\"}],\"links\":["
            + "{\"source\":\"A\",\"target\":\"B\",\"weight\":\(Self.huge)},{\"source\":\"A\",\"target\":\"B\",\"weight\":\(Self.huge)}]}"
        let j = errorText { () throws(DatasetError) in try NodeLinkJSONReader().load(bytes: Array(json.utf8), fileName: "n.json") }
        #expect(j?.contains("n.json:1:") == true && j?.contains("link 0: weight '\(Self.huge)' is above") == true, "\(j ?? "loaded")")
        let graphml = """
            <?xml version="1.0"?>
            <graphml><key id="w" for="edge" attr.name="weight" attr.type="long"/>
            <graph edgedefault="directed"><node id="A"/><node id="B"/>
            <edge source="A" target="B"><data key="w">\(Self.huge)</data></edge>
            <edge source="A" target="B"><data key="w">\(Self.huge)</data></edge>
            </graph></graphml>
            """
        let g = errorText { () throws(DatasetError) in try GraphMLReader().load(bytes: Array(graphml.utf8), fileName: "n.graphml") }
        #expect(g?.contains("n.graphml:4:") == true && g?.contains("weight '\(Self.huge)' is above") == true, "\(g ?? "loaded")")
    }

    @Test("rows within the ceiling whose pair sums past it: an error at the row that crosses it")
    func pairSum() throws {
        let t = try TempDataset(["n.edges": "A B 600000000\nB A 1\nA B 400000000\nA B 1\n"])
        let url = t.url.appendingPathComponent("n.edges")
        let text = try #require(errorText { () throws(DatasetError) in try EdgeListReader().load(url) })
        #expect(text.contains("n.edges:4:1: the links 'A' → 'B' sum to more than 1 000 000 000 patients"), "\(text)")
        #expect(!text.contains("n.edges:3:"), "\(text)")
        // Exactly at the ceiling is accepted.
        try t.write("ok.edges", bytes: Array("A B 600000000\nA B 400000000\n".utf8))
        let d = try EdgeListReader().load(t.url.appendingPathComponent("ok.edges"))
        #expect(d.referrals.map(\.patients) == [PatientCount.ceiling])
        // Undirected GraphML: both directions are checked before either is added.
        let u = """
            <graphml><graph><node id="A"/><node id="B"/>
            <edge source="A" target="B"><data key="weight">700000000</data></edge>
            <edge source="B" target="A"><data key="weight">700000000</data></edge>
            </graph></graphml>
            """
        let lenient = try GraphMLReader(options: NetworkFileOptions(lenient: true)).load(bytes: Array(u.utf8), fileName: "u.graphml")
        #expect(lenient.referrals.map(\.patients) == [700_000_000, 700_000_000])
    }

    @Test("a pair's rows of several periods may not sum past the ceiling")
    func severalPeriods() {
        let experts = [Expert(id: "A", name: "A"), Expert(id: "B", name: "B")]
        let q1 = Period.parse("2026Q1"), q2 = Period.parse("2026Q2")
        let within = [Referral(source: 0, target: 1, patients: 500_000_000, period: q1),
                      Referral(source: 0, target: 1, patients: 500_000_000, period: q2),
                      Referral(source: 1, target: 0, patients: 1_000_000_000, period: q1)]
        #expect(PatientCount.referralIssues(within, experts: experts, file: "f").isEmpty)
        var past = within
        past[1].patients += 1
        let issues = PatientCount.referralIssues(past, experts: experts, file: "f")
        #expect(issues.count == 1)
        #expect(issues.first?.description.contains("f: referrals 'A' → 'B': patients summed over the pair's rows") == true,
                "\(issues)")
        let negative = [Referral(source: 0, target: 1, patients: -1, period: nil, pairCount: Int.max)]
        #expect(PatientCount.referralIssues(negative, experts: experts, file: "f").count == 2)
        #expect(PatientCount.sum(PatientCount.ceiling, 1) == nil)
        #expect(PatientCount.sum(Int.max, Int.max) == nil)
        #expect(PatientCount.sum(400, 600) == 1000)
    }

    /// The bound argument of ``PatientCount``, checked at the ceiling: every pair at C both ways.
    @Test("analytics' integer sums are exact with every pair at the ceiling")
    func analyticsAtCeiling() throws {
        let c = PatientCount.ceiling
        let n = 40
        let experts = (0..<n).map { Expert(id: String(format: "E%02d", $0), name: "E\($0)", specialty: "hematology",
                                             institution: $0 < n / 2 ? "H1" : "H2") }
        var referrals = [Referral]()
        for a in 0..<n { for b in 0..<n where a != b { referrals.append(Referral(source: a, target: b, patients: c)) } }
        let d = Dataset(experts: experts, referrals: referrals, filesPresent: ["experts.csv", "referrals.csv"])
        #expect(PatientCount.referralIssues(d.referrals, experts: d.experts, file: "d").isEmpty)
        let r = ReferrerPatterns.analyze(d, focal: 0)
        #expect(r.referrers.count == n - 1)
        #expect(r.referrers.allSatisfy { $0.toFocal == c && $0.toPeers == (n - 2) * c })
        #expect(r.totalToFocal == (n - 1) * c)
        let u = ReferrerPatterns.analyze(d, focal: 0, options: { var o = ReferrerOptions(); o.undirected = true; return o }())
        #expect(u.referrers.allSatisfy { $0.toFocal == 2 * c })
        let g = d.undirected().referralGraph(period: nil)
        #expect(g.inStrength(0) == Double(2 * c * (n - 1)))
        let inst = InstitutionNetwork(d, period: nil)
        #expect(inst.internalPatients.reduce(0, +) == Double(2 * (n / 2) * (n / 2 - 1) * c))
        #expect(fixed(Double(Int.max) * 4, decimals: 2).hasSuffix(".00"))
        #expect(fixed(-1e300, decimals: 0).hasPrefix("-1000000000"))
    }
}
