/// The experts a team should see in a period, and how often.
///
/// **Plan targets.** When `plan.csv` has rows overlapping the period, the targets are exactly the
/// experts of those rows and each one's expectation is
/// `expected = Σ planned × overlap_days / plan_period_days` over its rows. A quarter's plan row thus
/// counts in full for that quarter, a year sums its four quarters, a month gets a third of its
/// quarter's plan (prorated by days). Plan period labels are re-read in the fiscal calendar of
/// ``CoverageOptions/fiscalYearStart``.
///
/// **Tier targets.** Otherwise the targets are the tier-1 and tier-2 experts, expecting
/// `expectTier1 × scale` and `expectTier2 × scale` interactions with
/// `scale` = ``CoveragePeriod/quarterScale(of:)`` (quarter 1, month 1/3, year 4, range days / 91.3125).
///
/// **Influence and tiers** come from ``KeyExperts/compute(_:period:measures:model:)`` on the referral
/// graph of the *influence basis* (see ``influenceBasis(_:period:)``).
public struct CoverageTargets: Sendable {
    /// Where the targets came from.
    public enum Source: String, Sendable {
        /// `plan.csv` rows of the period.
        case plan
        /// Tier 1 and tier 2 experts with per-quarter expectations.
        case tiers
    }

    /// Where the targets came from.
    public var source: Source
    /// The whole-period expectation of each target expert (expert index → interactions).
    public var expected: [Int: Double]
    /// Influence, tier and influence rank of every expert on the influence basis.
    public var scores: ExpertScores
    /// The referral period the scores were computed on (`nil`: all referrals).
    public var influencePeriod: Period?

    /// Target expert indices, ascending.
    public var experts: [Int] { expected.keys.sorted() }

    /// Whether expert `v` is a target.
    public func isTarget(_ v: Int) -> Bool { expected[v] != nil }

    /// Tier-1 and tier-2 experts who are not targets (non-empty only for plan targets): the
    /// key experts the plan leaves out.
    public var offPlanKeyExperts: [Int] {
        scores.tier.indices.filter { scores.tier[$0] <= 2 && expected[$0] == nil }
    }

    /// The whole-period tier expectation of expert `v` (0 for tier 3).
    public static func tierExpectation(tier: Int, period: Period, options: CoverageOptions) -> Double {
        let scale = CoveragePeriod.quarterScale(of: period)
        switch tier {
        case 1: return options.expectTier1 * scale
        case 2: return options.expectTier2 * scale
        default: return 0
        }
    }

    /// The referral period influence is computed on: when referral rows carry periods and some
    /// overlap `period`, the smallest span covering those rows (a quarter's own referrals for a
    /// quarter; the four quarters of a year; the quarter holding a month); otherwise `nil`, all
    /// referrals of every period summed.
    public static func influenceBasis(_ d: Dataset, period: Period) -> Period? {
        let overlapping = d.referralPeriods.filter { CoveragePeriod.overlapDays($0, period) > 0 }
        guard let s = overlapping.map(\.start).min(), let e = overlapping.map(\.end).max() else { return nil }
        if overlapping.count == 1, let only = overlapping.first { return only }
        return Period(label: "\(s)..\(e)", start: s, end: e, kind: .range)
    }

    /// Influence scores on the influence basis of `period`.
    public static func scores(_ d: Dataset, period: Period, options: CoverageOptions) throws -> (ExpertScores, Period?) {
        let basis = influenceBasis(d, period: period)
        let s = try KeyExperts.compute(d, period: basis, measures: [.influence, .tier], model: options.model)
        return (s, basis)
    }

    /// The targets of `period`.
    public static func compute(_ d: Dataset, period: Period, options: CoverageOptions) throws -> CoverageTargets {
        let (s, basis) = try scores(d, period: period, options: options)
        return compute(d, period: period, options: options, scores: s, influencePeriod: basis)
    }

    /// The targets of `period` with already computed scores.
    public static func compute(_ d: Dataset, period: Period, options: CoverageOptions, scores s: ExpertScores,
                               influencePeriod: Period?) -> CoverageTargets {
        var planned: [Int: Double] = [:]
        var fiscal = Period.FiscalReading(fiscalYearStart: options.fiscalYearStart)
        for row in d.plan where row.expert >= 0 && row.expert < d.experts.count {
            let p = fiscal(row.period)
            let overlap = CoveragePeriod.overlapDays(p, period)
            guard overlap > 0 else { continue }
            planned[row.expert, default: 0] += Double(row.planned) * Double(overlap) / Double(p.dayCount)
        }
        if !planned.isEmpty {
            return CoverageTargets(source: .plan, expected: planned, scores: s, influencePeriod: influencePeriod)
        }
        var expected: [Int: Double] = [:]
        for v in s.tier.indices where s.tier[v] <= 2 {
            expected[v] = tierExpectation(tier: s.tier[v], period: period, options: options)
        }
        return CoverageTargets(source: .tiers, expected: expected, scores: s, influencePeriod: influencePeriod)
    }
}
