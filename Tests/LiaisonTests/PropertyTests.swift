import Foundation
import Testing
@testable import Liaison


/// A random team: experts, referral rows (with repeated pairs and periods, self-referrals and zero
/// counts), interactions and sometimes a plan, as dataset CSV text.
struct RandomTeam {
    var experts: [String]           // CSV rows, no header
    var referrals: [String]
    var interactions: [String]
    var plan: [String]

    init(_ g: inout SplitMix64) {
        let n = Int.random(in: 1...40, using: &g)
        experts = (0..<n).map { "E\($0),Expert \($0),Hematology,H\($0 % 3)" }
        let periods = ["2026Q1", "2026Q2", "2026-Q2", "2026Q3", ""]
        let m = Int.random(in: 0...(n * 4), using: &g)
        referrals = (0..<m).map { _ in
            let a = Int.random(in: 0..<n, using: &g), b = Int.random(in: 0..<n, using: &g)
            let p = Int.random(in: 0...3, using: &g) == 0 ? 0 : Int.random(in: 1...60, using: &g)
            return "E\(a),E\(b),\(p),\(periods.randomElement(using: &g) ?? "")"
        }
        let k = Int.random(in: 0...(n * 3), using: &g)
        let channels = ["in-person", "virtual", "phone", "congress"]
        interactions = (0..<k).map { i in
            let day = Int.random(in: 1...28, using: &g), month = Int.random(in: 1...9, using: &g)
            return "I\(i),2026-0\(month)-\(day < 10 ? "0" : "")\(day),E\(Int.random(in: 0..<n, using: &g)),L\(Int.random(in: 0...2, using: &g)),\(channels.randomElement(using: &g) ?? "phone")"
        }
        plan = Bool.random(using: &g) ? [] : (0..<n).filter { _ in Bool.random(using: &g) }.map {
            "E\($0),2026Q\(Int.random(in: 1...3, using: &g)),\(Int.random(in: 0...4, using: &g))"
        }
    }

    func files(_ g: inout SplitMix64, shuffled: Bool) -> [String: String] {
        func body(_ rows: [String]) -> String { (shuffled ? rows.shuffled(using: &g) : rows).map { $0 + "\n" }.joined() }
        var f = [
            "experts.csv": "id,name,specialty,institution\n" + body(experts),
            "referrals.csv": "source,target,patients,period\n" + body(referrals),
            "interactions.csv": "id,date,expert,liaison,channel\n" + body(interactions),
        ]
        if !plan.isEmpty { f["plan.csv"] = "expert,period,planned\n" + body(plan) }
        return f
    }
}

@Suite("Properties (seeded random inputs)", .tags(.unit))
struct PropertyTests {
    static let seeds: [UInt64] = Array(1...60)

    @Test("PageRank sums to 1 and is never negative", arguments: seeds)
    func pageRankSumsToOne(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let n = Int.random(in: 1...200, using: &g)
        let m = Int.random(in: 0...(n * 5), using: &g)
        let edges = (0..<m).map { _ in
            (source: Int.random(in: 0..<n, using: &g), target: Int.random(in: 0..<n, using: &g),
             weight: Double(Int.random(in: 0...100, using: &g)))
        }
        let pr = try Digraph(nodeCount: n, edges: edges).pageRank()
        #expect(pr.count == n)
        #expect(abs(pr.reduce(0, +) - 1) < 1e-9, "seed \(seed): sum \(pr.reduce(0, +))")
        #expect(pr.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    @Test("reach, attainment and influence coverage stay in [0, 1], for the team and every group", arguments: seeds)
    func coverageBounded(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let team = RandomTeam(&g)
        let d = try TempDataset(team.files(&g, shuffled: false)).load()
        let quarter = try #require(Period.parse("2026Q\(Int.random(in: 1...3, using: &g))"))
        var options = CoverageOptions()
        if Bool.random(using: &g) { options.asOf = quarter.start.adding(days: Int.random(in: 0...100, using: &g)) }
        let report = try CoverageReport.analyze(d, period: quarter, options: options)
        var all = [report.totals]
        for grouping in CoverageGrouping.allCases { all += report.groups(by: grouping).map(\.measures) }
        for m in all {
            for x in [m.reach, m.attainment, m.influenceCoverage].compactMap({ $0 }) {
                #expect(x >= 0 && x <= 1 + 1e-12, "seed \(seed): \(x)")
            }
            #expect(m.reached <= m.targets)
            #expect(m.channelMix.allSatisfy { $0.share >= 0 && $0.share <= 1 })
        }
    }

    @Test("summing referral rows does not depend on their order", arguments: seeds)
    func referralSumsOrderFree(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let team = RandomTeam(&g)
        let a = try TempDataset(team.files(&g, shuffled: false)).load()
        let b = try TempDataset(team.files(&g, shuffled: true)).load()
        func sums(_ d: Dataset) -> [String: Int] {
            var m: [String: Int] = [:]
            for r in d.referrals {
                m["\(d.experts[r.source].id)>\(d.experts[r.target].id)@\(r.period?.description ?? "-")", default: 0] += r.patients
            }
            return m
        }
        #expect(sums(a) == sums(b), "seed \(seed)")
        // The same, computed by hand from the rows (self-referrals dropped).
        var expected: [String: Int] = [:]
        for row in team.referrals {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f[0] != f[1], let p = Int(f[2]) else { continue }
            let label = f[3].isEmpty ? "-" : (Period.parse(f[3])?.description ?? f[3])
            expected["\(f[0])>\(f[1])@\(label)", default: 0] += p
        }
        #expect(sums(a) == expected, "seed \(seed)")
    }

    @Test("ranks do not depend on the order of experts.csv and referrals.csv rows", arguments: seeds)
    func ranksOrderFree(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let team = RandomTeam(&g)
        let a = try TempDataset(team.files(&g, shuffled: false)).load()
        let b = try TempDataset(team.files(&g, shuffled: true)).load()
        let sa = try KeyExperts.compute(a), sb = try KeyExperts.compute(b)
        /// The rank table: experts in rank order with their tiers, and every measure in that order.
        /// Measures are compared to a relative 1e-13, not as 12-digit text: text differs whenever a
        /// value sits on a rounding boundary of the 12th digit, which a 1e-15 difference in summation
        /// order (PageRank's inner products over the nodes) can cross.
        func table(_ d: Dataset, _ s: ExpertScores) -> (rows: [String], values: [[Double]]) {
            let order = (0..<d.experts.count).sorted { s.influenceRank[$0] < s.influenceRank[$1] }
            return (order.map { "\(d.experts[$0].id) \(s.tier[$0])" },
                    order.map { [s.pagerank[$0], s.betweenness[$0], s.closeness[$0], s.influence[$0], s.inStrength[$0]] })
        }
        let ta = table(a, sa), tb = table(b, sb)
        #expect(ta.rows == tb.rows, "seed \(seed)")
        for (x, y) in zip(ta.values.joined(), tb.values.joined()) where abs(x - y) > 1e-13 * max(abs(x), abs(y)) {
            Issue.record("seed \(seed): \(x) against \(y)")
        }
    }
}
