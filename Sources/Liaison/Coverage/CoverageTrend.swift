/// Coverage quarter by quarter: every quarter from the one holding the first interaction to the
/// window's quarter, each analysed on its own (its targets, its influence basis) as `coverage` analyses
/// it, the unfinished last quarter paced as the window says — the whole story behind a two-quarter
/// comparison. Also each liaison's book per quarter, and the experts whose influence rose most from
/// the first quarter with referrals to the last.
///
/// - Complexity: one ``CoverageReport`` per quarter (each computes influence on its referrals).
public struct CoverageTrend: Sendable {
    /// One quarter's coverage.
    public struct Quarter: Sendable {
        /// The quarter.
        public var period: Period
        /// Its analysis.
        public var report: CoverageReport
        /// Whether it was paced (an unfinished quarter judged as of ``CoverageReport/referenceDay``).
        public var paced: Bool { report.elapsedFraction < 1 }
    }

    /// The quarters, oldest first.
    public var quarters: [Quarter]
    /// The liaisons with a book in some quarter, by name.
    public var liaisons: [String]
    /// Rising experts from the first quarter with referrals to the last (tier 1–2 at the end).
    public var rising: [RankChange]

    /// The trend of `d` through `window`'s period (a quarter; for another period, the quarters it
    /// ends in), with `options` (filters, expectations) and the window's pacing for every quarter.
    ///
    /// - Throws: ``CentralityError`` when influence cannot be computed.
    public static func compute(_ d: Dataset, through window: CoverageWindow, options: CoverageOptions,
                               risingLimit: Int = 10) throws -> CoverageTrend {
        let fiscal = options.fiscalYearStart
        let last = window.period.kind == .quarter ? window.period
            : Period.quarter(containing: min(window.period.end, window.lastInteraction), fiscalYearStart: fiscal)
        var q = Period.quarter(containing: window.firstInteraction, fiscalYearStart: fiscal)
        var periods: [Period] = []
        while q.start <= last.start {
            periods.append(q)
            q = Period.quarter(containing: q.end.adding(days: 1), fiscalYearStart: fiscal)
        }
        let o = window.applied(to: options)
        let quarters = try periods.map { Quarter(period: $0, report: try CoverageReport.analyze(d, period: $0, options: o)) }
        var names = Set<String>()
        for x in quarters { for g in x.report.groups(by: .liaison) where g.group != LiaisonOwnership.none { names.insert(g.group) } }
        var rising: [RankChange] = []
        let withReferrals = quarters.filter { d.hasLinks(in: $0.period) }
        if let a = withReferrals.first, let b = withReferrals.last, a.period != b.period {
            rising = try CoverageComparison.rankChanges(d, from: a.report, to: b.report, options: o, limit: risingLimit).rising
        }
        return CoverageTrend(quarters: quarters, liaisons: names.sorted(), rising: rising)
    }

    /// Each quarter's measures for `liaison`'s book (`nil` where the liaison had no book that quarter).
    public func measures(ofLiaison liaison: String) -> [CoverageMeasures?] {
        quarters.map { x in x.report.groups(by: .liaison).first { $0.group == liaison }?.measures }
    }
}
