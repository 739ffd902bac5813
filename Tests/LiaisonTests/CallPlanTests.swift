import Foundation
import Testing
@testable import Liaison

/// Random planning worlds: experts at a few institutions, quarterly referrals, interactions by a few
/// liaisons, and plan rows.
enum PlanningWorld {
    static func dataset(seed: UInt64, experts n: Int, liaisons: Int = 2, withPlan: Bool = true) -> Dataset {
        var rng = SplitMix64(seed: seed)
        let cities = ["Gent", "Leuven", "Liège"]
        let institutions = (0..<4).map { k in
            Institution(id: "H\(k)", name: "Hospital \(k)", city: cities[k % cities.count], region: k < 2 ? "North" : "South",
                        attributes: ["lat": String(50.5 + Double(k) * 0.2), "lon": String(3.5 + Double(k) * 0.5)])
        }
        let experts = (0..<n).map { v in
            Expert(id: String(format: "E%02d", v), name: "Dr \(v)", institution: "H\(rng.index(below: 4))")
        }
        let quarters = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"].compactMap { Period.parse($0) }
        var referrals: [Referral] = []
        for _ in 0..<(n * 3) {
            let a = rng.index(below: n), b = rng.index(below: n)
            guard a != b else { continue }
            referrals.append(Referral(source: a, target: b, patients: 1 + rng.index(below: 40),
                                      period: quarters[rng.index(below: quarters.count)]))
        }
        let names = (0..<liaisons).map { "L\($0)" }
        var interactions: [Interaction] = []
        for k in 0..<(n * 2) {
            let v = rng.index(below: n)
            guard rng.index(below: 4) > 0 else { continue } // some experts stay never met
            let day = Day(year: 2026, month: 1 + rng.index(below: 11), day: 1 + rng.index(below: 28)) ?? Day(ordinal: 20500)
            interactions.append(Interaction(id: "I\(k)", date: day, expert: v, liaison: names[v % liaisons], channel: "in-person"))
        }
        var plan: [PlanEntry] = []
        if withPlan, let q = Period.parse("2026Q4"), let next = Period.parse("2027Q1") {
            for v in 0..<n where rng.index(below: 3) == 0 { plan.append(PlanEntry(expert: v, period: q, planned: 1 + rng.index(below: 3))) }
            for v in 0..<n where rng.index(below: 5) == 0 { plan.append(PlanEntry(expert: v, period: next, planned: 1 + rng.index(below: 3))) }
        }
        let collaborations = (0..<n).compactMap { _ -> Collaboration? in
            let a = rng.index(below: n), b = rng.index(below: n)
            return a == b ? nil : Collaboration(a: a, b: b, kind: "co-author", weight: 1)
        }
        return Dataset(source: "world \(seed)", experts: experts, institutions: institutions, referrals: referrals,
                       collaborations: collaborations, interactions: interactions, plan: plan)
    }
}

/// F(v) computed from scratch, for the exhaustive reference.
func referenceObjective(_ terms: [PlanTerm], _ v: [Int], lambda: Double) -> Double {
    var f = 0.0
    for (t, x) in zip(terms, v) {
        if t.expectation > 0 { f += t.influence * min(Double(x), t.expectation) / t.expectation }
        if x >= 1 { f += lambda * t.bonus }
    }
    return f
}

/// The best F over every plan with vₑ ≥ cₑ and each liaison's Σ v ≤ max(C, Σ c): every combination
/// is tried (depth-first, abandoning a branch once a liaison is over its limit).
func exhaustiveOptimum(_ terms: [PlanTerm], capacity: [String: Int], lambda: Double) -> Double {
    let names = Array(Set(terms.map(\.liaison))).sorted()
    let li = terms.map { t in names.firstIndex(of: t.liaison) ?? 0 }
    var limit = names.map { capacity[$0] ?? 0 }
    var committed = [Int](repeating: 0, count: names.count)
    for (t, l) in zip(terms, li) { committed[l] += t.committed }
    for l in names.indices { limit[l] = max(limit[l], committed[l]) }
    var used = committed
    var best = -Double.infinity
    func value(_ t: PlanTerm, _ x: Int) -> Double {
        (t.expectation > 0 ? t.influence * min(Double(x), t.expectation) / t.expectation : 0) + (x >= 1 ? lambda * t.bonus : 0)
    }
    func go(_ k: Int, _ f: Double) {
        if k == terms.count { best = max(best, f); return }
        let t = terms[k], l = li[k]
        var x = t.committed
        while used[l] - t.committed + x <= limit[l] {
            used[l] += x - t.committed
            go(k + 1, f + value(t, x))
            used[l] -= x - t.committed
            x += 1
        }
    }
    go(0, 0)
    return best
}

@Suite("call plan", .tags(.unit))
struct CallPlanTests {
    @Test func greedyEqualsTheExhaustiveOptimumOnRandomTerms() {
        for seed in UInt64(1)...300 {
            var rng = SplitMix64(seed: seed)
            let liaisons = ["A", "B", "C"].prefix(1 + rng.index(below: 3))
            let count = 2 + rng.index(below: 4)
            let xs: [Double] = [0, 1, 2, 3, 2.5]
            let terms = (0..<count).map { k in
                PlanTerm(expert: k, liaison: liaisons[rng.index(below: liaisons.count)],
                         influence: Double(1 + rng.index(below: 1000)) / 1000, expectation: xs[rng.index(below: xs.count)],
                         bonus: rng.index(below: 2) == 0 ? 0 : Double(rng.index(below: 500)) / 1000,
                         committed: rng.index(below: 4) == 0 ? 1 + rng.index(below: 2) : 0,
                         continuity: rng.index(below: 2) == 0, id: "E\(k)")
            }
            var capacity: [String: Int] = [:]
            for l in liaisons { capacity[l] = rng.index(below: 7) }
            let lambda = [0.0, 0.05, 0.5][rng.index(below: 3)]
            let v = CallPlanner.optimize(terms, capacity: capacity, lambda: lambda)
            let got = referenceObjective(terms, v, lambda: lambda)
            let best = exhaustiveOptimum(terms, capacity: capacity, lambda: lambda)
            #expect(abs(got - best) < 1e-9, "seed \(seed): greedy \(got), optimum \(best)")
            for (t, x) in zip(terms, v) { #expect(x >= t.committed, "seed \(seed): committed visits kept") }
            for l in liaisons {
                let used = zip(terms, v).filter { $0.0.liaison == l }.reduce(0) { $0 + $1.1 }
                let committed = terms.filter { $0.liaison == l }.reduce(0) { $0 + $1.committed }
                #expect(used <= max(capacity[l] ?? 0, committed), "seed \(seed): capacity of \(l)")
            }
        }
    }

    @Test func suggestedPlansOnRandomNetworksAreOptimalOwnedAndWithinCapacity() throws {
        var exhaustive = 0
        for seed in UInt64(1)...40 {
            let d = PlanningWorld.dataset(seed: seed, experts: 10 + Int(seed % 7))
            guard let q = Period.parse("2027Q1") else { return }
            let setup = try PlanningSetup(d, quarter: q)
            var rng = SplitMix64(seed: seed &+ 1000)
            let cap = rng.index(below: 5)
            let keep = seed % 2 == 0
            let plan = CallPlan.suggest(setup, options: CallPlanOptions(capacity: cap, keepPlan: keep))
            // Optimal for the λ it reports (exhaustive over its terms; the terms are few here).
            var free: [String: Int] = [:]
            for t in plan.terms { free[t.liaison] = max(0, (plan.capacity[t.liaison] ?? 0)) }
            let space = plan.terms.reduce(1.0) { $0 * Double(1 + (free[$1.liaison] ?? 0)) }
            if space <= 2_000_000 {
                exhaustive += 1
                let best = exhaustiveOptimum(plan.terms, capacity: plan.capacity, lambda: plan.extraWeight)
                let got = referenceObjective(plan.terms, plan.visits, lambda: plan.extraWeight)
                #expect(abs(got - best) < 1e-9, "seed \(seed): \(got) vs optimum \(best)")
            }
            #expect(plan.extraShare <= 0.10 + 1e-12, "seed \(seed): extras at most 10 %")
            // Only owned experts, each by their owner.
            for r in plan.rows where r.committed < r.planned {
                #expect(setup.ownership.owner[r.expert] == r.liaison, "seed \(seed): \(r.expert) planned by its owner")
            }
            // Capacity: new visits never push a liaison past it.
            for l in plan.liaisons {
                #expect(l.planned <= max(l.capacity, l.committed), "seed \(seed): \(l.liaison) within capacity")
            }
            // --keep-plan keeps every committed row with at least its visits.
            if keep {
                for row in d.plan where row.period.isWithin(q) {
                    #expect(plan.rows.contains { $0.expert == row.expert && $0.period == row.period.label && $0.planned >= row.planned },
                            "seed \(seed): kept row \(row.expert) \(row.period.label)")
                }
            }
            // Rows are unique per expert and period (plan.csv keys).
            #expect(Set(plan.rows.map { "\($0.expert) \($0.period)" }).count == plan.rows.count)
        }
        #expect(exhaustive >= 10, "the exhaustive comparison ran on \(exhaustive) networks")
    }

    @Test func latestFourQuartersIsTheInfluenceBasis() throws {
        let d = PlanningWorld.dataset(seed: 3, experts: 12)
        let basis = try #require(PlanningSetup.latestFourQuarters(d))
        #expect(basis.start.description == "2026-01-01" && basis.end.description == "2026-12-31")
        var flat = d
        flat.referrals = d.referrals.map { var r = $0; r.period = nil; return r }
        #expect(PlanningSetup.latestFourQuarters(flat) == nil)
    }

    @Test func reasonsNameTheWayInAndTheNeverMet() throws {
        // A (tier 1 by far) is never met; B, met by Lia, refers to A: B is the way in.
        let experts = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"].map { Expert(id: $0, name: "Dr \($0)", institution: "H") }
        let q = try #require(Period.parse("2026Q4"))
        var referrals = [Referral(source: 1, target: 0, patients: 50, period: q)]
        for v in 2..<10 { referrals.append(Referral(source: v, target: 0, patients: 20, period: q)) }
        referrals.append(Referral(source: 3, target: 2, patients: 12, period: q))
        let met = try #require(Day(iso: "2026-11-02"))
        let interactions = [Interaction(id: "1", date: met, expert: 1, liaison: "Lia", channel: "in-person"),
                            Interaction(id: "2", date: met, expert: 2, liaison: "Lia", channel: "in-person")]
        var d = Dataset(experts: experts, referrals: referrals, interactions: interactions)
        d.experts[0].attributes["liaison"] = "Lia"
        let next = try #require(Period.parse("2027Q1"))
        let plan = CallPlan.suggest(try PlanningSetup(d, quarter: next), options: CallPlanOptions(capacity: 10))
        let view = PlanView(plan)
        let a = try #require(view.rows.first { $0.id == "A" })
        #expect(a.reason == "tier 1, never met" && a.planned == 3)
        let b = try #require(view.rows.first { $0.id == "B" })
        #expect(b.reason.contains("way in to A (Dr A)"), "\(b.reason)")
        #expect(PlanView.csvColumns == ["expert", "period", "planned", "liaison", "influence", "tier", "reason"])
        // Last quarter (2026Q4) is unfinished on the reference day (the last interaction, 2026-11-02): its
        // attainment is paced to the 33 of 92 days elapsed, never judged against the whole quarter.
        let s = plan.setup
        #expect(s.referenceDay == met)
        #expect(abs(s.previousQuarterPace - 33.0 / 92.0) < 1e-12)
        #expect(view.lastQuarterLabel == "2026Q4 paced to 2026-11-02")
        let keys = (0..<d.experts.count).filter(s.isKeyExpert)
        var x = 0.0, attained = 0.0
        for v in keys {
            let e = s.expectation[v] * 33.0 / 92.0, c = Double(interactions.filter { $0.expert == v }.count)
            x += e
            attained += min(c, e)
        }
        let team = view.team
        #expect(abs((team.lastAttainment ?? -1) - attained / x) < 1e-12, "\(team.lastAttainment ?? -1) vs \(attained / x)")
    }
}
