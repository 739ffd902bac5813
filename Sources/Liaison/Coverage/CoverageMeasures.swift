/// The coverage measures of a set of target experts in one period.
///
/// Definitions (a *counted* interaction passes the channel and liaison filters and is dated inside
/// the period, on or before the as-of date; `actualᵥ` = counted interactions with target `v`;
/// `expectedᵥ` = its expectation so far, i.e. the whole-period expectation × elapsed fraction):
///
/// - `targets` = number of target experts;
/// - `reached` = targets with `actualᵥ ≥ 1`;
/// - `reach` = reached / targets;
/// - `interactions` = Σ actualᵥ over targets;
/// - `frequency` = interactions / reached;
/// - `expected` = Σ expectedᵥ;
/// - `attainment` = Σ min(actualᵥ, expectedᵥ) / Σ expectedᵥ;
/// - `influence_coverage` = Σ influence of reached targets / Σ influence of targets;
/// - `median_days_since`: for each target, days from its last counted interaction on or before the
///   reference day (period end, or as-of date when earlier; interactions before the period count
///   too) to the reference day; the median over targets ever seen (mean of the two middle values
///   for an even count); targets never seen are left out and counted in `never_seen`;
/// - `below_expectation` = targets with actualᵥ < expectedᵥ (behind pace, with an as-of date);
/// - `channel_mix`: share of `interactions` by channel, largest first (ties by name).
///
/// A ratio whose denominator is 0 is `nil` (written as JSON `null` / an empty CSV field), never NaN.
public struct CoverageMeasures: Sendable, Equatable {
    /// Number of target experts.
    public var targets = 0
    /// Targets with at least one counted interaction.
    public var reached = 0
    /// Counted interactions with targets.
    public var interactions = 0
    /// Σ expectation so far over targets.
    public var expected = 0.0
    /// Σ min(actual, expectation so far) over targets.
    public var attained = 0.0
    /// Σ influence of targets.
    public var influence = 0.0
    /// Σ influence of reached targets.
    public var reachedInfluence = 0.0
    /// Median days since the last counted interaction, over targets ever seen.
    public var medianDaysSince: Double?
    /// Targets with no counted interaction on or before the reference day.
    public var neverSeen = 0
    /// Targets whose actual count is below their expectation so far.
    public var belowExpectation = 0
    /// Counted interactions with targets by channel, largest first (ties by name).
    public var channelCounts: [(channel: String, count: Int)] = []

    /// Creates empty measures (zero targets).
    public init() {}

    public static func == (a: CoverageMeasures, b: CoverageMeasures) -> Bool {
        a.targets == b.targets && a.reached == b.reached && a.interactions == b.interactions && a.expected == b.expected
            && a.attained == b.attained && a.influence == b.influence && a.reachedInfluence == b.reachedInfluence
            && a.medianDaysSince == b.medianDaysSince && a.neverSeen == b.neverSeen
            && a.belowExpectation == b.belowExpectation
            && a.channelCounts.map(\.channel) == b.channelCounts.map(\.channel)
            && a.channelCounts.map(\.count) == b.channelCounts.map(\.count)
    }

    /// reached / targets.
    public var reach: Double? { ratio(Double(reached), Double(targets)) }
    /// interactions / reached.
    public var frequency: Double? { ratio(Double(interactions), Double(reached)) }
    /// Σ min(actual, expected) / Σ expected.
    public var attainment: Double? { ratio(attained, expected) }
    /// Σ influence of reached targets / Σ influence of targets.
    public var influenceCoverage: Double? { ratio(reachedInfluence, influence) }
    /// Share of `interactions` per channel, in ``channelCounts`` order.
    public var channelMix: [(channel: String, share: Double)] {
        guard interactions > 0 else { return [] }
        return channelCounts.map { ($0.channel, Double($0.count) / Double(interactions)) }
    }

    /// The measures by their output names, in output order (a contract for csv and json).
    public static let names = ["targets", "reached", "reach", "interactions", "frequency", "expected", "attainment",
                               "influence_coverage", "median_days_since", "never_seen", "below_expectation"]

    /// The value of the measure called `name` (see ``names``); `nil` for an undefined ratio.
    public func value(_ name: String) -> Double? {
        switch name {
        case "targets": return Double(targets)
        case "reached": return Double(reached)
        case "reach": return reach
        case "interactions": return Double(interactions)
        case "frequency": return frequency
        case "expected": return expected
        case "attainment": return attainment
        case "influence_coverage": return influenceCoverage
        case "median_days_since": return medianDaysSince
        case "never_seen": return Double(neverSeen)
        case "below_expectation": return Double(belowExpectation)
        default: return nil
        }
    }

    /// Each measure of ``names`` as an output cell (counts as `.int`, undefined ratios `.empty`).
    public var cells: [(String, Cell)] {
        CoverageMeasures.names.map { n in
            switch n {
            case "targets": return (n, .int(targets))
            case "reached": return (n, .int(reached))
            case "interactions": return (n, .int(interactions))
            case "never_seen": return (n, .int(neverSeen))
            case "below_expectation": return (n, .int(belowExpectation))
            default: return (n, value(n).map(Cell.number) ?? .empty)
            }
        }
    }

    /// The channel mix as `channel=share;…` text (for CSV).
    public var channelMixText: String {
        channelMix.map { "\($0.channel)=\(Cell.number($0.share).csvText(threshold: 0))" }.joined(separator: ";")
    }

    /// The channel mix as a JSON object, channel → share.
    public var channelMixJSON: JSONValue {
        .object(channelMix.map { ($0.channel, .number($0.share)) })
    }

    private func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }

    /// The median of `xs` (mean of the two middle values for an even count); `nil` when empty.
    public static func median(_ xs: [Int]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted(), n = s.count
        return n % 2 == 1 ? Double(s[n / 2]) : Double(s[n / 2 - 1] + s[n / 2]) / 2
    }
}
