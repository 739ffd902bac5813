/// One measure in two periods.
public struct MeasureChange: Sendable, Equatable {
    /// Value in FROM (`nil`: undefined ratio).
    public var from: Double?
    /// Value in TO.
    public var to: Double?
    /// Creates a change from the two values.
    public init(from: Double?, to: Double?) {
        self.from = from
        self.to = to
    }

    /// `to − from`, `nil` when either is undefined.
    public var delta: Double? {
        guard let from, let to else { return nil }
        return to - from
    }
}

/// An expert whose influence rank moved between FROM and TO.
public struct RankChange: Sendable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// 1-based influence rank on FROM's referrals.
    public var rankFrom: Int
    /// 1-based influence rank on TO's referrals.
    public var rankTo: Int
    /// Tier on TO's referrals.
    public var tierTo: Int
    /// `rankFrom − rankTo`: positive when the expert rose.
    public var change: Int { rankFrom - rankTo }
    /// Counted interactions in TO.
    public var interactionsTo: Int
    /// Whether the team ever had a counted interaction with the expert, up to TO's reference day.
    public var everMet: Bool
}

/// Coverage of two periods side by side (`liaison compare FROM TO`).
public struct CoverageComparison: Sendable {
    /// Coverage of FROM.
    public let from: CoverageReport
    /// Coverage of TO.
    public let to: CoverageReport

    /// Experts rising in influence rank (see ``rankChanges(limit:)``); empty when referrals carry no
    /// periods or either period has none.
    public let rising: [RankChange]
    /// Experts falling in influence rank.
    public let falling: [RankChange]

    /// Compares FROM and TO with the same options (targets, influence and expectations are each
    /// period's own). `limit` caps the rising and falling lists.
    ///
    /// When TO is paced (``CoverageOptions/asOf`` falls inside it), FROM is judged to the same point:
    /// as of the day as far into FROM as the as-of day is into TO (``matchingAsOf(from:to:asOf:)``), so
    /// interactions, reach, gained and lost compare a quarter so far with the previous quarter so far —
    /// never a part of a quarter with a whole one, which would show every paced quarter as a fall.
    public init(_ d: Dataset, from: Period, to: Period, options: CoverageOptions = CoverageOptions(), limit: Int = 10) throws {
        var fromOptions = options
        if let asOf = options.asOf { fromOptions.asOf = CoverageComparison.matchingAsOf(from: from, to: to, asOf: asOf) }
        let a = try CoverageReport.analyze(d, period: from, options: fromOptions)
        let b = try CoverageReport.analyze(d, period: to, options: options)
        self.from = a
        self.to = b
        (rising, falling) = try CoverageComparison.rankChanges(d, from: a, to: b, options: options, limit: limit)
    }

    /// The as-of day for FROM when TO is judged as of `asOf`: as many days into FROM as `asOf` is into
    /// TO (FROM's last day at most) when `asOf` falls inside TO before its end; otherwise `asOf` itself
    /// (FROM is then judged as it would be alone).
    public static func matchingAsOf(from: Period, to: Period, asOf: Day) -> Day {
        guard to.start <= asOf && asOf < to.end && from.end < to.start else { return asOf }
        return min(from.start.adding(days: asOf.ordinal - to.start.ordinal), from.end)
    }

    /// Compares two reports already made (e.g. with targets built by hand); rank changes as in
    /// ``rankChanges(_:from:to:options:limit:)``.
    public init(from a: CoverageReport, to b: CoverageReport, limit: Int = 10) throws {
        from = a
        to = b
        (rising, falling) = try CoverageComparison.rankChanges(b.dataset, from: a, to: b, options: b.options, limit: limit)
    }

    /// Each measure of ``CoverageMeasures/names`` in both periods.
    public static func changes(_ a: CoverageMeasures, _ b: CoverageMeasures) -> [(name: String, change: MeasureChange)] {
        CoverageMeasures.names.map { ($0, MeasureChange(from: a.value($0), to: b.value($0))) }
    }

    /// Totals in both periods.
    public var metrics: [(name: String, change: MeasureChange)] { CoverageComparison.changes(from.totals, to.totals) }

    /// Experts reached in TO (≥ 1 counted interaction) with none in FROM, among TO's targets, ascending by id.
    public var gained: [Int] { members(.gained) }
    /// Experts reached in FROM, among FROM's targets, with no counted interaction in TO, ascending by id.
    public var lost: [Int] { members(.lost) }

    /// The change of expert `v` (see ``ComparisonStatus``).
    public func status(of v: Int) -> ComparisonStatus {
        guard from.experts.indices.contains(v), to.experts.indices.contains(v) else { return .nonTarget }
        let a = from.experts[v], b = to.experts[v]
        return ComparisonStatus.of(targetFrom: a.isTarget, targetTo: b.isTarget, seenFrom: a.isSeen, seenTo: b.isSeen)
    }

    private func members(_ s: ComparisonStatus) -> [Int] {
        to.dataset.experts.indices.filter { status(of: $0) == s }.sorted { to.dataset.experts[$0].id < to.dataset.experts[$1].id }
    }

    /// Both periods' groups side by side; a group missing from one period has zero targets there.
    public func groups(by g: CoverageGrouping) -> [(group: String, metrics: [(name: String, change: MeasureChange)])] {
        let a = from.groups(by: g), b = to.groups(by: g)
        var names = a.map(\.group)
        for x in b.map(\.group) where !names.contains(x) { names.append(x) }
        names.sort { x, y in
            if (x == LiaisonOwnership.none) != (y == LiaisonOwnership.none) { return y == LiaisonOwnership.none }
            if g == .tier, let i = Int(x), let j = Int(y) { return i < j }
            return x < y
        }
        return names.map { n in
            let ma = a.first { $0.group == n }?.measures ?? CoverageMeasures()
            let mb = b.first { $0.group == n }?.measures ?? CoverageMeasures()
            return (n, CoverageComparison.changes(ma, mb))
        }
    }

    /// Influence-rank changes between the referral graphs of FROM and TO (each period's own
    /// referrals, ``KeyExperts/compute(_:period:measures:model:)``). Rising: experts in tier 1–2 on
    /// TO's referrals whose rank improved, largest rise first; falling: experts in tier 1–2 on FROM's
    /// referrals whose rank dropped, largest fall first (ties by id). Empty unless both periods have
    /// referral rows.
    public static func rankChanges(_ d: Dataset, from a: CoverageReport, to b: CoverageReport, options: CoverageOptions,
                                   limit: Int) throws -> (rising: [RankChange], falling: [RankChange]) {
        guard d.hasLinks(in: a.period), d.hasLinks(in: b.period) else { return ([], []) }
        let sa = try KeyExperts.compute(d, period: a.period, measures: [.influence, .tier], model: options.model)
        let sb = try KeyExperts.compute(d, period: b.period, measures: [.influence, .tier], model: options.model)
        let all = d.experts.indices.map { v in
            RankChange(expert: v, rankFrom: sa.influenceRank[v] + 1, rankTo: sb.influenceRank[v] + 1, tierTo: sb.tier[v],
                       interactionsTo: b.experts[v].actual, everMet: b.experts[v].lastInteraction != nil)
        }
        let id = { (v: Int) in d.experts[v].id }
        let rising = all.filter { $0.change > 0 && sb.tier[$0.expert] <= 2 }
            .sorted { $0.change != $1.change ? $0.change > $1.change : id($0.expert) < id($1.expert) }
        let falling = all.filter { $0.change < 0 && sa.tier[$0.expert] <= 2 }
            .sorted { $0.change != $1.change ? $0.change < $1.change : id($0.expert) < id($1.expert) }
        return (Array(rising.prefix(limit)), Array(falling.prefix(limit)))
    }
}
