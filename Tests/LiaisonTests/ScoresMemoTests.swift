import Testing
@testable import Liaison

/// `KeyExperts.compute(_:period:…)` keeps its scores with the links (``GraphMemo``): asked again for
/// the same links, experts and question it must give what a fresh computation gives, and never the
/// scores of other links, other experts or another question.
@Suite("Scores kept with the links", .tags(.unit))
struct ScoresMemoTests {
    /// Random quarterly links (and a few without a period) among `n` experts.
    static func dataset(seed: UInt64, n: Int = 30, ids: (Int) -> String = { "E\($0)" }) -> Dataset {
        var rng = SplitMix64(seed: seed)
        let quarters = ["2026Q1", "2026Q2", "2026Q3"].compactMap { Period.parse($0) }
        var referrals: [Referral] = []
        for _ in 0..<(4 * n) {
            let a = rng.index(below: n), b = rng.index(below: n)
            guard a != b else { continue }
            let k = rng.index(below: quarters.count + 1)
            referrals.append(Referral(source: a, target: b, patients: 1 + rng.index(below: 40),
                                      period: k < quarters.count ? quarters[k] : nil))
        }
        return Dataset(experts: (0..<n).map { Expert(id: ids($0), name: "Expert \($0)") }, referrals: referrals)
    }

    /// What a person reads of a ranking: each measure, the rank and the tier.
    static func summary(_ s: ExpertScores) -> [String] {
        [s.pagerank.description, s.betweenness.description, s.closeness.description, s.influence.description,
         s.influenceRank.description, s.tier.description, s.inDegree.description, String(describing: s.period)]
    }

    @Test func repeatedAndInterleavedQuestionsEqualFreshComputations() throws {
        let periods: [Period?] = [nil] + ["2026Q1", "2026Q2", "2026", "2026Q3", "2026Q1"].map { Period.parse($0) }
        let asks: [Set<Measure>] = [[.influence, .tier], [.pagerank, .inDegree], [.influence, .tier]]
        for seed in UInt64(1)...4 {
            let d = Self.dataset(seed: seed)
            for p in periods {
                for m in asks {
                    let memoised = try KeyExperts.compute(d, period: p, measures: m)
                    // A fresh dataset has a fresh memo: the reference.
                    let fresh = try KeyExperts.compute(Self.dataset(seed: seed), period: p, measures: m)
                    #expect(Self.summary(memoised) == Self.summary(fresh), "seed \(seed), period \(String(describing: p)), \(m)")
                }
            }
            // The periods' link sets differ, so their scores must too (the memo keys on the links).
            let q1 = try KeyExperts.compute(d, period: Period.parse("2026Q1"), measures: [.pagerank])
            let q2 = try KeyExperts.compute(d, period: Period.parse("2026Q2"), measures: [.pagerank])
            #expect(q1.pagerank != q2.pagerank)
        }
    }

    @Test func otherOptionsModelsAndExpertsAreNotServedFromTheMemo() throws {
        let d = Self.dataset(seed: 9)
        let plain = try KeyExperts.compute(d, measures: [.influence, .tier])
        var heavy = InfluenceModel()
        heavy.pagerankWeight = 0.9
        let reweighted = try KeyExperts.compute(d, measures: [.influence, .tier], model: heavy)
        #expect(reweighted.influence == (try KeyExperts.compute(Self.dataset(seed: 9), measures: [.influence, .tier], model: heavy)).influence)
        #expect(reweighted.influence != plain.influence)
        var sampled = MeasureOptions()
        sampled.samples = 5
        let estimate = try KeyExperts.compute(d, measures: [.betweenness], options: sampled)
        #expect(estimate.betweenness == (try KeyExperts.compute(Self.dataset(seed: 9), measures: [.betweenness], options: sampled)).betweenness)
        #expect(estimate.betweenness != plain.betweenness)
        // Same links, experts renamed so that ties break the other way round: ranks follow the names.
        var renamed = d
        renamed.experts = (0..<d.experts.count).map { Expert(id: "Z\(99 - $0)", name: "Expert \($0)") }
        let r = try KeyExperts.compute(renamed, measures: [.influence, .tier])
        let fresh = try KeyExperts.compute(Self.dataset(seed: 9, ids: { "Z\(99 - $0)" }), measures: [.influence, .tier])
        #expect(r.influenceRank == fresh.influenceRank)
    }

    /// The CSR arrays of a graph, for comparing two graphs whole.
    static func arrays(_ g: Digraph) -> [String] {
        [g.outOffsets.description, g.outTargets.description, g.outWeights.description,
         g.inOffsets.description, g.inSources.description, g.inWeights.description]
    }

    @Test func aPeriodThatCountsEveryLinkIsAllPeriods() throws {
        // Every link dated inside 2026: the year counts them all, a quarter does not.
        var rng = SplitMix64(seed: 41)
        let quarters = ["2026Q1", "2026Q2", "2026Q3"].compactMap { Period.parse($0) }
        var referrals: [Referral] = []
        for _ in 0..<160 {
            let a = rng.index(below: 40), b = rng.index(below: 40)
            guard a != b else { continue }
            referrals.append(Referral(source: a, target: b, patients: 1 + rng.index(below: 40),
                                      period: quarters[rng.index(below: quarters.count)]))
        }
        let experts = (0..<40).map { Expert(id: "E\($0)", name: "Expert \($0)") }
        let year = try #require(Period.parse("2026"))
        for undirected in [false, true] {
            let plain = Dataset(experts: experts, referrals: referrals)
            let d = undirected ? plain.undirected() : plain
            #expect(d.links.accepted(in: year) == nil)
            #expect(d.links.accepted(in: quarters[0]) != nil)
            #expect(d.links.hasRows(in: year) && d.links.rows(in: year).map { $0 }.count == d.links.count)
            // The graph is the one built from the year's rows, and the all-periods one.
            let rows = Array(0..<d.links.count)
            let built = d.links.graph(nodeCount: experts.count, rows: rows, mirror: undirected)
            #expect(Self.arrays(d.referralGraph(period: year)) == Self.arrays(built))
            #expect(Self.arrays(d.referralGraph(period: year)) == Self.arrays(d.referralGraph()))
            // Scores: equal to a computation on that graph, and served from the memo (the same storage).
            let all = try KeyExperts.compute(d, measures: [.influence, .tier])
            let inYear = try KeyExperts.compute(d, period: year, measures: [.influence, .tier])
            let direct = try KeyExperts.compute(graph: built, ids: experts.map(\.id), period: year, measures: [.influence, .tier])
            #expect(Self.summary(inYear) == Self.summary(direct))
            #expect(inYear.period == year && all.period == nil)
            #expect(inYear.pagerank.withUnsafeBufferPointer { $0.baseAddress } == all.pagerank.withUnsafeBufferPointer { $0.baseAddress })
        }
        // One link without a period: the year no longer counts every link.
        var undated = referrals
        undated.append(Referral(source: 0, target: 1, patients: 500, period: nil))
        let u = Dataset(experts: experts, referrals: undated)
        #expect(u.links.accepted(in: year) != nil)
        #expect(try KeyExperts.compute(u, period: year, measures: [.pagerank]).pagerank
                != (try KeyExperts.compute(u, measures: [.pagerank])).pagerank)
        // One link in another year: neither.
        var other = referrals
        other.append(Referral(source: 2, target: 3, patients: 500, period: Period.parse("2025Q4")))
        #expect(Dataset(experts: experts, referrals: other).links.accepted(in: year) != nil)
    }

    @Test func aSmallNetworksQuartersAllStayKept() throws {
        // Eight quarters, then the first again: on a small network it is served from the memo (the
        // same storage), as a report asks for the compared quarters again after its trend.
        var rng = SplitMix64(seed: 43)
        let quarters = (1...8).compactMap { Period.parse("\(2025 + ($0 - 1) / 4)Q\(($0 - 1) % 4 + 1)") }
        #expect(quarters.count == 8)
        var referrals: [Referral] = []
        for q in quarters {
            for _ in 0..<60 {
                let a = rng.index(below: 30), b = rng.index(below: 30)
                if a != b { referrals.append(Referral(source: a, target: b, patients: 1 + rng.index(below: 20), period: q)) }
            }
        }
        let d = Dataset(experts: (0..<30).map { Expert(id: "E\($0)", name: "Expert \($0)") }, referrals: referrals)
        let first = try KeyExperts.compute(d, period: quarters[0], measures: [.influence, .tier])
        for q in quarters.dropFirst() { _ = try KeyExperts.compute(d, period: q, measures: [.influence, .tier]) }
        let again = try KeyExperts.compute(d, period: quarters[0], measures: [.influence, .tier])
        #expect(again.pagerank.withUnsafeBufferPointer { $0.baseAddress } == first.pagerank.withUnsafeBufferPointer { $0.baseAddress })
        #expect(Self.summary(again) == Self.summary(first))
    }
}
