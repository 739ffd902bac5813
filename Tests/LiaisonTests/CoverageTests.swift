import Testing
import Foundation
@testable import Liaison

/// A small world whose coverage is computed by hand in the comments below.
///
/// Experts (index): A 0, B 1, C 2, D 3, E 4, F 5, G 6. Institutions: A, B, D at H1; C, E, F at H2; G at H3.
/// Hand-set influence A .5, B .3, C .1, D .05, E .05, F 0, G .2; tiers A 1, G 1, B 2, the rest 3.
///
/// Plan: 2026Q1 A 2, B 2, E 1. 2026Q2 A 3, B 2, C 2, D 1 (D: a plan target never met).
/// Interactions (liaison Lia or Max):
///   A: 01-15 in-person Lia, 03-31 virtual Lia, 04-01 in-person Lia, 05-10 virtual Max, 06-30 in-person Lia
///      (both quarters, with dates on the quarter boundaries);
///   B: 02-01 phone Max (only in the other quarter);
///   C: 06-01 virtual Max;
///   E: 04-10, 04-20, 05-05, 05-25, 06-15 in-person Lia (a non-target of 2026Q2 with many interactions);
///   F: 2025-12-01 in-person Max.
/// Ties: referrals A→B 20, E→B 30, C→A 10, E→C 10, G→F 50; collaborations B–F 5, D–C 2, D–A 1, G–A 1.
enum CoverageFixture {
    static func day(_ s: String) -> Day { Day(iso: s) ?? Day(ordinal: 0) }

    static var dataset: Dataset {
        let experts = [("A", "H1"), ("B", "H1"), ("C", "H2"), ("D", "H1"), ("E", "H2"), ("F", "H2"), ("G", "H3")]
            .map { Expert(id: $0.0, name: "Dr \($0.0)", specialty: $0.0 == "C" ? "Pediatrics" : "Hematology", institution: $0.1,
                          region: $0.1 == "H3" ? "South" : "North") }
        var k = 0
        func i(_ date: String, _ e: Int, _ l: String, _ c: String) -> Interaction {
            k += 1
            return Interaction(id: "I\(k)", date: day(date), expert: e, liaison: l, channel: c, topic: c == "phone" ? "trial" : "data")
        }
        let interactions = [
            i("2026-01-15", 0, "Lia", "in-person"), i("2026-03-31", 0, "Lia", "virtual"), i("2026-04-01", 0, "Lia", "in-person"),
            i("2026-05-10", 0, "Max", "virtual"), i("2026-06-30", 0, "Lia", "in-person"),
            i("2026-02-01", 1, "Max", "phone"),
            i("2026-06-01", 2, "Max", "virtual"),
            i("2026-04-10", 4, "Lia", "in-person"), i("2026-04-20", 4, "Lia", "in-person"), i("2026-05-05", 4, "Lia", "in-person"),
            i("2026-05-25", 4, "Lia", "in-person"), i("2026-06-15", 4, "Lia", "in-person"),
            i("2025-12-01", 5, "Max", "in-person"),
        ]
        let q1 = Period.parse("2026Q1"), q2 = Period.parse("2026Q2")
        var plan: [PlanEntry] = []
        if let q1, let q2 {
            plan = [PlanEntry(expert: 0, period: q1, planned: 2), PlanEntry(expert: 1, period: q1, planned: 2),
                    PlanEntry(expert: 4, period: q1, planned: 1),
                    PlanEntry(expert: 0, period: q2, planned: 3), PlanEntry(expert: 1, period: q2, planned: 2),
                    PlanEntry(expert: 2, period: q2, planned: 2), PlanEntry(expert: 3, period: q2, planned: 1)]
        }
        let referrals = [Referral(source: 0, target: 1, patients: 20), Referral(source: 4, target: 1, patients: 30),
                         Referral(source: 2, target: 0, patients: 10), Referral(source: 4, target: 2, patients: 10),
                         Referral(source: 6, target: 5, patients: 50)]
        let collaborations = [Collaboration(a: 1, b: 5, kind: "co-author", weight: 5), Collaboration(a: 3, b: 2, kind: "tumour board", weight: 2),
                              Collaboration(a: 3, b: 0, kind: "co-author", weight: 1), Collaboration(a: 6, b: 0, kind: "advisory board", weight: 1)]
        return Dataset(experts: experts, referrals: referrals, collaborations: collaborations, interactions: interactions, plan: plan)
    }

    static var scores: ExpertScores {
        var s = ExpertScores()
        s.influence = [0.5, 0.3, 0.1, 0.05, 0.05, 0, 0.2]
        s.tier = [1, 2, 3, 3, 3, 3, 1]
        s.influenceRank = [0, 1, 3, 4, 5, 6, 2]
        return s
    }

    static func period(_ s: String, fiscalYearStart: Int = 1) throws -> Period {
        try #require(Period.parse(s, fiscalYearStart: fiscalYearStart))
    }

    /// A report with the hand-set influence and tiers.
    static func report(_ p: String, options: CoverageOptions = CoverageOptions(), dataset d: Dataset = dataset) throws -> CoverageReport {
        let period = try period(p, fiscalYearStart: options.fiscalYearStart)
        let t = CoverageTargets.compute(d, period: period, options: options, scores: scores, influencePeriod: nil)
        return CoverageReport(d, period: period, options: options, targets: t)
    }
}

func close(_ a: Double?, _ b: Double, _ eps: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= eps
}

@Suite("Coverage measures", .tags(.unit))
struct CoverageTests {
    typealias F = CoverageFixture

    /// Influence comes from the smallest span of referral periods covering the ones that overlap the
    /// requested period, and every row inside that span — as the README says: with a yearly row beside
    /// quarterly ones, a quarter's influence spans the whole year, other quarters' rows included.
    @Test func influenceBasisIsTheSpanOfOverlappingReferralPeriods() throws {
        let experts = (0..<6).map { Expert(id: "E\($0)", name: "E\($0)") }
        let q1 = try #require(Period.parse("2026Q1")), q3 = try #require(Period.parse("2026Q3"))
        let year = try #require(Period.parse("2026")), q4of2025 = try #require(Period.parse("2025Q4"))
        let quarterly = Dataset(experts: experts, referrals: [
            Referral(source: 0, target: 1, patients: 20, period: q1), Referral(source: 2, target: 3, patients: 30, period: q3),
            Referral(source: 4, target: 5, patients: 40, period: q4of2025)])
        // Quarterly rows only: a quarter's own rows.
        #expect(CoverageTargets.influenceBasis(quarterly, period: q3) == q3)
        #expect(quarterly.referrals(in: CoverageTargets.influenceBasis(quarterly, period: q3)).map(\.patients) == [30])
        let yearBasis = try #require(CoverageTargets.influenceBasis(quarterly, period: year))
        #expect(yearBasis.start == q1.start && yearBasis.end == q3.end)
        // A yearly row beside them: 2026Q3's basis is all of 2026, the 2026Q1 row included.
        var mixed = quarterly
        mixed.referrals.append(Referral(source: 1, target: 2, patients: 50, period: year))
        let basis = try #require(CoverageTargets.influenceBasis(mixed, period: q3))
        #expect(basis.start == year.start && basis.end == year.end)
        #expect(mixed.referrals(in: basis).map(\.patients).sorted() == [20, 30, 50])
        // Nothing overlaps: every referral.
        #expect(CoverageTargets.influenceBasis(quarterly, period: try #require(Period.parse("2024Q1"))) == nil)
    }

    @Test func quarterWithPlanTargets() throws {
        let r = try F.report("2026Q2")
        let m = r.totals
        // Targets A, B, C, D (plan rows of 2026Q2), expected 3 + 2 + 2 + 1 = 8.
        #expect(r.targets.source == .plan)
        #expect(r.targetExperts == [0, 1, 2, 3])
        #expect(m.targets == 4)
        // A: 04-01, 05-10, 06-30 = 3 (03-31 belongs to Q1); B 0; C 1; D 0 → reached A, C.
        #expect(m.reached == 2)
        #expect(m.reach == 0.5)                                   // 2 / 4
        #expect(m.interactions == 4)                              // 3 + 0 + 1 + 0 (E's 5 are not with a target)
        #expect(m.frequency == 2)                                 // 4 / 2
        #expect(m.expected == 8)
        #expect(m.attainment == 0.5)                              // (min(3,3) + 0 + min(1,2) + 0) / 8 = 4 / 8
        #expect(close(m.influenceCoverage, 0.6 / 0.95))           // (.5 + .1) / (.5 + .3 + .1 + .05)
        // Days to 06-30: A 0 (06-30), B 149 (02-01: 27 + 31 + 30 + 31 + 30), C 29 (06-01); D never seen.
        #expect(m.medianDaysSince == 29)                          // median of 0, 29, 149
        #expect(m.neverSeen == 1)
        #expect(m.belowExpectation == 3)                          // B 0 < 2, C 1 < 2, D 0 < 1
        #expect(m.channelCounts.map(\.channel) == ["in-person", "virtual"])
        #expect(m.channelMix.map(\.share) == [0.5, 0.5])          // A in-person 2, virtual 1; C virtual 1
        #expect(r.nonTargetInteractions == 5)                     // E's five
        #expect(r.experts[6].isOffPlanKeyExpert)                  // G: tier 1, not on the plan
        #expect(r.status(of: 0) == .reached && r.status(of: 1) == .missed && r.status(of: 2) == .underVisited
                && r.status(of: 3) == .missed && r.status(of: 4) == .nonTarget)
    }

    @Test func otherQuarterAndBoundaries() throws {
        let m = try F.report("2026Q1").totals
        // Targets A 2, B 2, E 1. A: 01-15 and 03-31 (boundary day counts in Q1) = 2; B 1; E 0 (its visits are in Q2).
        #expect(m.targets == 3 && m.reached == 2 && m.interactions == 3)
        #expect(close(m.reach, 2.0 / 3.0))
        #expect(m.frequency == 1.5)                               // 3 / 2
        #expect(m.attainment == 0.6)                              // (2 + 1 + 0) / 5
        #expect(close(m.influenceCoverage, 0.8 / 0.85))           // (.5 + .3) / (.5 + .3 + .05)
        #expect(m.medianDaysSince == 29)                          // A 0, B 58 (02-01 → 03-31): (0 + 58) / 2
        #expect(m.neverSeen == 1)                                 // E, as of 03-31
    }

    @Test func channelFilterCountsOnlyThoseChannels() throws {
        let m = try F.report("2026Q2", options: CoverageOptions(channels: ["In-Person"])).totals
        // In-person only: A 2 (04-01, 06-30), B 0 (phone), C 0 (virtual), D 0.
        #expect(m.targets == 4 && m.reached == 1 && m.interactions == 2)
        #expect(m.reach == 0.25)
        #expect(m.attainment == 0.25)                             // min(2, 3) / 8
        #expect(m.neverSeen == 3)                                 // B, C, D never seen in person
        #expect(m.medianDaysSince == 0)                           // A only
    }

    @Test func liaisonFilterIsTheirBook() throws {
        // Owners: A Lia (4 vs 1), B Max, C Max, D Lia (H1 majority: Lia 4, Max 2), E Lia, F Max.
        let own = LiaisonOwnership(F.dataset)
        #expect(own.owner == ["Lia", "Max", "Max", "Lia", "Lia", "Max", LiaisonOwnership.none])
        let r = try F.report("2026Q2", options: CoverageOptions(liaison: "max"))
        // Max's book: owns B, C; met A on 05-10 → targets A, B, C; only Max's interactions: A 1, B 0, C 1.
        #expect(r.targetExperts == [0, 1, 2])
        #expect(r.totals.reached == 2 && r.totals.interactions == 2)
        #expect(close(r.totals.attainment, 2.0 / 7.0))            // (1 + 0 + 1) / (3 + 2 + 2)
    }

    @Test func groupsByLiaisonChannelAndTier() throws {
        let r = try F.report("2026Q2")
        let byLiaison = r.groups(by: .liaison)
        #expect(byLiaison.map(\.group) == ["Lia", "Max"])
        // Lia: owns A, D; A met by Lia twice (04-01, 06-30) → reach 1/2, attainment (2 + 0) / (3 + 1).
        #expect(byLiaison[0].measures.targets == 2 && byLiaison[0].measures.reach == 0.5 && byLiaison[0].measures.attainment == 0.5)
        // Max: the same as --liaison Max.
        let max = try F.report("2026Q2", options: CoverageOptions(liaison: "Max")).totals
        #expect(byLiaison[1].measures == max)
        let byChannel = r.groups(by: .channel)
        // in-person: A (2); virtual: A (05-10), C (06-01); (none): B, D.
        #expect(byChannel.map(\.group) == ["in-person", "virtual", "(none)"])
        #expect(byChannel.map(\.measures.targets) == [1, 2, 2])
        #expect(byChannel.map(\.measures.interactions) == [2, 2, 0])
        let byTier = r.groups(by: .tier)
        #expect(byTier.map(\.group) == ["1", "2", "3"])
        #expect(byTier.map(\.measures.targets) == [1, 1, 2])     // A | B | C, D
        let byRegion = r.groups(by: .region)
        #expect(byRegion.map(\.group) == ["North"])
        let bySpecialty = r.groups(by: .specialty)
        #expect(bySpecialty.map(\.group) == ["Hematology", "Pediatrics"])
    }

    @Test func asOfPacesTheQuarter() throws {
        let r = try F.report("2026Q2", options: CoverageOptions(asOf: F.day("2026-05-15")))
        // Elapsed: 04-01 … 05-15 inclusive = 30 + 15 = 45 of 91 days.
        #expect(r.elapsedFraction == 45.0 / 91.0)
        let m = r.totals
        // By 05-15: A 2 (04-01, 05-10), C's 06-01 is ignored.
        #expect(m.reached == 1 && m.interactions == 2)
        #expect(close(m.expected, 8 * 45.0 / 91.0))
        // min(2, 3·45/91) / (8·45/91) = 3/8.
        #expect(close(m.attainment, 0.375))
        #expect(m.belowExpectation == 3)                          // B, C, D behind pace; A ahead
        #expect(r.experts[0].daysSince == 5)                      // 05-10 → 05-15
        #expect(r.status(of: 0) == .reached && r.experts[2].isBehind)
    }

    @Test func yearsAndMonthsScaleThePlan() throws {
        // 2026: both quarters' plan rows summed: A 5, B 4, C 2, D 1, E 1 = 13.
        // Actual in 2026: A 5, B 1, C 1, D 0, E 5 → Σ min = 5 + 1 + 1 + 0 + 1 = 8.
        let y = try F.report("2026").totals
        #expect(y.targets == 5 && y.expected == 13)
        #expect(close(y.attainment, 8.0 / 13.0))
        // 2026-04: Q2 rows prorated by 30/91 days; actual A 1 (04-01).
        // min(1, 3·30/91) / (8·30/91) = (90/91) / (240/91) = 0.375.
        let m = try F.report("2026-04").totals
        #expect(close(m.expected, 240.0 / 91.0))
        #expect(close(m.attainment, 0.375))
    }

    @Test func tierTargetsScaleByPeriodLength() throws {
        var d = F.dataset
        d.plan = []
        let q = try F.report("2026Q2", dataset: d)
        // No plan: tier 1 (A, G) expect 3, tier 2 (B) expects 2.
        #expect(q.targets.source == .tiers)
        #expect(q.targetExperts == [0, 1, 6])
        #expect(q.targets.expected == [0: 3, 1: 2, 6: 3])
        // A 3, B 0, G 0: attainment 3 / 8, influence coverage .5 / 1.0.
        #expect(q.totals.attainment == 0.375 && close(q.totals.influenceCoverage, 0.5))
        #expect(try F.report("2026-04", dataset: d).targets.expected == [0: 1, 1: 2.0 / 3.0, 6: 1])
        #expect(try F.report("2026", dataset: d).targets.expected == [0: 12, 1: 8, 6: 12])
        let range = try F.report("2026-01-01..2026-03-31", dataset: d)
        #expect(close(range.targets.expected[0], 3 * 90 / 91.3125))
    }

    @Test func fiscalYearStartShiftsQuartersYearsAndPlanLabels() throws {
        let q1 = try F.period("2026Q1", fiscalYearStart: 4)
        #expect(q1.start.description == "2026-04-01" && q1.end.description == "2026-06-30")
        let y = try F.period("2026", fiscalYearStart: 4)
        #expect(y.start.description == "2026-04-01" && y.end.description == "2027-03-31")
        // Plan rows labelled 2026Q1 are fiscal Q1 (April–June): targets A 2, B 2, E 1.
        // Actual April–June: A 3, B 0, E 5 → attainment (2 + 0 + 1) / 5.
        let r = try F.report("2026Q1", options: CoverageOptions(fiscalYearStart: 4))
        #expect(r.targetExperts == [0, 1, 4])
        #expect(r.totals.attainment == 0.6)
        #expect(close(r.totals.reach, 2.0 / 3.0))
        #expect(CoveragePeriod.latestQuarter(of: F.dataset, fiscalYearStart: 4)?.label == "2026Q1")
        #expect(CoveragePeriod.latestQuarter(of: F.dataset)?.label == "2026Q2")
    }

    @Test func zeroTargetsNeverDivideByZero() throws {
        let d = Dataset(experts: [Expert(id: "A", name: "A")],
                        interactions: [Interaction(id: "1", date: F.day("2026-05-01"), expert: 0, liaison: "Lia", channel: "phone")])
        let r = try CoverageReport.analyze(d, period: try F.period("2026Q2"))
        let m = r.totals
        #expect(m.targets == 0 && m.reach == nil && m.frequency == nil && m.attainment == nil)
        #expect(m.influenceCoverage == nil && m.medianDaysSince == nil && m.channelMix.isEmpty)
        #expect(m.cells.allSatisfy { c in if case .number(let x) = c.1 { return x.isFinite } else { return true } })
        #expect(CoverageGaps.find(r).isEmpty)
    }

    @Test func gapsOrderAndWayIn() throws {
        let r = try F.report("2026Q2")
        let gaps = CoverageGaps.find(r)
        // B: .3 × 2 / 2 = .3; G (off plan, tier 1, expects 3): .2 × 3 / 3 = .2;
        // C: .1 × 1 / 2 = .05; D: .05 × 1 / 1 = .05 (tie → by id: C before D).
        #expect(gaps.map(\.expert) == [1, 6, 2, 3])
        #expect(zip(gaps.map(\.gapScore), [0.3, 0.2, 0.05, 0.05]).allSatisfy { close($0, $1) })
        #expect(gaps.map(\.offPlan) == [false, true, false, false])
        #expect(CoverageGaps.find(r, includeOffPlan: false).map(\.expert) == [1, 2, 3])
        // Way in (seen in Q2: A, C, E): B → E (30 patients beats A's 20; F is not seen);
        // G → A (collaboration; F has 50 patients but is not seen); C → A (10 patients like E, higher influence);
        // D → C (collaboration weight 2 beats A's 1).
        #expect(gaps.map { $0.wayIn?.expert } == [4, 0, 0, 2])
        #expect(gaps[0].wayIn?.patients == 30)
        #expect(gaps[3].wayIn?.collaborationWeight == 2 && gaps[3].wayIn?.collaborationKinds == ["tumour board"])
        // Flags: B last seen 02-01 (149 days) → stale at 90; D and G never visited.
        #expect(gaps[0].stale && !gaps[0].neverVisited && gaps[0].daysSince == 149)
        #expect(gaps[1].neverVisited && gaps[3].neverVisited && !gaps[3].stale)
        #expect(!CoverageGaps.find(r, staleDays: 150)[0].stale)
    }

    @Test func compareGainedLostAndDeltas() throws {
        let c = try CoverageComparison(from: try F.report("2026Q1"), to: try F.report("2026Q2"))
        // Q1 targets A, B, E (seen A, B); Q2 targets A, B, C, D (seen A, C, E).
        #expect(c.gained == [2])                                  // C
        #expect(c.lost == [1])                                    // B
        #expect(c.status(of: 0) == .stillReached && c.status(of: 3) == .stillMissed && c.status(of: 4) == .nonTarget)
        let m = Dictionary(uniqueKeysWithValues: c.metrics.map { ($0.name, $0.change) })
        #expect(m["targets"]?.delta == 1)                         // 4 − 3
        #expect(m["interactions"]?.delta == 1)                    // 4 − 3
        #expect(close(m["reach"]?.delta, 0.5 - 2.0 / 3.0))
        #expect(close(m["attainment"]?.delta, -0.1))              // 0.5 − 0.6
        // No referral periods → no rank changes.
        #expect(c.rising.isEmpty && c.falling.isEmpty)
        let groups = c.groups(by: .liaison)
        #expect(groups.map(\.group) == ["Lia", "Max"])
    }

    @Test func risingAndFallingExpertsByPeriodRank() throws {
        // 2026Q1: P, R, S each send 10 to Q (Q rank 1, S rank 4 by id); 2026Q2: P, Q, R each send 10 to S.
        let q1 = try F.period("2026Q1"), q2 = try F.period("2026Q2")
        let experts = ["P", "Q", "R", "S"].map { Expert(id: $0, name: $0) }
        let refs = [0, 2, 3].map { Referral(source: $0, target: 1, patients: 10, period: q1) }
            + [0, 1, 2].map { Referral(source: $0, target: 3, patients: 10, period: q2) }
        let d = Dataset(experts: experts, referrals: refs)
        let c = try CoverageComparison(d, from: q1, to: q2)
        #expect(c.rising.map(\.expert) == [3])                    // S: 4 → 1 (tier 1 in Q2)
        #expect(c.rising.first?.change == 3 && c.rising.first?.everMet == false)
        #expect(c.falling.map(\.expert) == [1])                   // Q: 1 → 3 (P, Q, R tie; by id)
        #expect(c.falling.first?.change == -2)
        // Tiers on each period's own referrals: 4 experts → 1 in tier 1, 1 in tier 2.
        #expect(c.to.targets.influencePeriod == q2)
    }
}

/// The way in's patient counts come from a flat list of link rows per expert; they equal a table of
/// patients per pair built from every row, as the gaps once built it, on random networks with
/// repeated pairs, both directions, several periods and self-referrals.
@Suite("Link rows by expert", .tags(.unit))
struct LinkIncidenceTests {
    @Test(arguments: Array(UInt64(1)...25))
    func patientsEqualTheSumOfEveryRow(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let n = 2 + Int(g.next() % 40)
        let experts = (0..<n).map { Expert(id: "E\($0)", name: "X\($0)") }
        let periods = ["2026Q1", "2026Q2", "2025"].compactMap { Period.parse($0) }
        var referrals: [Referral] = []
        for _ in 0..<Int(g.next() % UInt64(6 * n)) {
            let a = Int(g.next() % UInt64(n)), b = Int(g.next() % UInt64(n))
            referrals.append(Referral(source: a, target: b, patients: Int(g.next() % 50),
                                      period: g.next() % 4 == 0 ? nil : periods[Int(g.next() % 3)]))
        }
        let d = Dataset(experts: experts, referrals: referrals)
        var reference = [[Int: Int]](repeating: [:], count: n)
        for x in d.links(in: nil) {
            reference[x.source][x.target, default: 0] += x.patients
            reference[x.target][x.source, default: 0] += x.patients
        }
        let ties = LinkIncidence(d, nodeCount: n)
        for v in 0..<n {
            var expected = reference[v]
            expected[v] = nil  // a self-referral is never a way in
            #expect(ties.patients(of: v) == expected, "seed \(seed), expert \(v)")
        }
    }
}

@Suite("Channel mix as people read it", .tags(.unit))
struct ChannelMixTextTests {
    /// Each of 1/3, 1/3, 1/3 rounds to 33 % (99 in all) and 5/8, 1/8, 1/8, 1/8 to 63 + 13 + 13 + 13 = 102:
    /// the apportioned points add up to 100 for every split of up to 32 interactions over 4 channels.
    @Test("whole percentages add up to 100 and stay within a point of each share")
    func apportioned() {
        #expect(CoverageView.wholePercentages([1, 1, 1]) == [34, 33, 33])
        #expect(CoverageView.wholePercentages([5, 1, 1, 1]) == [63, 13, 12, 12])
        #expect(CoverageView.wholePercentages([0, 0]) == [0, 0])
        for a in 0...8 { for b in 0...8 { for c in 0...8 { for d in 0...8 where a + b + c + d > 0 {
            let counts = [a, b, c, d], total = Double(a + b + c + d)
            let p = CoverageView.wholePercentages(counts)
            #expect(p.reduce(0, +) == 100)
            for (x, q) in zip(counts, p) { #expect(abs(Double(q) - 100 * Double(x) / total) < 1) }
        }}}}
    }

    @Test("the line names every channel, <1 % for a sliver, nothing without interactions")
    func line() {
        var m = CoverageMeasures()
        #expect(CoverageView.channelMixText(m) == nil)
        m.interactions = 301
        m.channelCounts = [("in-person", 150), ("virtual", 150), ("phone", 1)]
        #expect(CoverageView.channelMixText(m) == "in-person 50 %, virtual 50 %, phone <1 %")
        m.interactions = 3
        m.channelCounts = [("in-person", 1), ("virtual", 1), ("phone", 1)]
        #expect(CoverageView.channelMixText(m) == "in-person 34 %, virtual 33 %, phone 33 %")
    }
}

@Suite("Comparison changes as people read them", .tags(.unit))
struct ComparisonChangeTextTests {
    /// The change of a number is the difference of the two numbers shown, so a reader subtracting
    /// gets it: at an earlier stop 1.214 → 1.965 read "+0.7506" (the unrounded difference).
    @Test("a number's change is the difference of the values shown")
    func shownDifference() {
        func change(_ a: Double?, _ b: Double?) -> String {
            ComparisonView.changeText("frequency", MeasureChange(from: a, to: b))
        }
        #expect(change(1.21428, 1.96491) == "+0.751")
        #expect(change(99.2301, 91.4699) == "−7.76")
        #expect(change(63, 19.5) == "−43.50")
        #expect(change(1.2141, 1.2144) == "0")
        #expect(ComparisonView.direction("frequency", MeasureChange(from: 1.2141, to: 1.2144)) == 0)
        #expect(ComparisonView.direction("frequency", MeasureChange(from: 1.2141, to: 1.2149)) == 1)
        #expect(change(nil, 2) == "–")
        #expect(ComparisonView.changeText("reach", MeasureChange(from: 0.344, to: 0.776)) == "+44 pp")
        // Every change equals the shown values' difference, for values across magnitudes.
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let a = Double(rng.next() % 1_000_000) / pow(10, Double(rng.next() % 6))
            let b = Double(rng.next() % 1_000_000) / pow(10, Double(rng.next() % 6))
            let text = change(a, b)
            let shownA = Double(formatSignificant(a)) ?? .nan, shownB = Double(formatSignificant(b)) ?? .nan
            let value = Double(text.replacingOccurrences(of: "−", with: "-")) ?? .nan
            #expect(abs(value - (shownB - shownA)) < 1e-9 * max(1, abs(shownB - shownA)), "\(a) → \(b): \(text)")
        }
    }
}
