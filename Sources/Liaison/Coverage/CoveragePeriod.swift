/// Period rules for coverage: the default period, pacing and the
/// scaling of per-quarter expectations to other period lengths.
public enum CoveragePeriod {
    /// Average days in a quarter of the Gregorian calendar: 365.25 / 4.
    public static let daysPerQuarter = 91.3125

    /// The default period: the quarter (of the fiscal calendar) holding the latest interaction,
    /// or `nil` when the dataset has no interactions.
    public static func latestQuarter(of dataset: Dataset, fiscalYearStart: Int = 1) -> Period? {
        guard let last = dataset.interactions.map(\.date).max() else { return nil }
        return Period.quarter(containing: last, fiscalYearStart: fiscalYearStart)
    }

    /// How many quarters' worth of expectation a period carries:
    /// quarter 1, month 1/3, year 4, range `days / 91.3125`.
    public static func quarterScale(of period: Period) -> Double {
        switch period.kind {
        case .quarter: return 1
        case .month: return 1.0 / 3.0
        case .year: return 4
        case .range: return Double(period.dayCount) / daysPerQuarter
        }
    }

    /// Share of `period` elapsed by the end of `asOf` (inclusive):
    /// `clamp((asOf − start + 1) / dayCount, 0, 1)`; 1 when `asOf` is `nil`.
    public static func elapsedFraction(of period: Period, asOf: Day?) -> Double {
        guard let asOf else { return 1 }
        let elapsed = Double(asOf.ordinal - period.start.ordinal + 1) / Double(period.dayCount)
        return min(1, max(0, elapsed))
    }

    /// Days of `a` that also lie in `b` (0 when they do not overlap).
    public static func overlapDays(_ a: Period, _ b: Period) -> Int {
        let s = max(a.start.ordinal, b.start.ordinal), e = min(a.end.ordinal, b.end.ordinal)
        return max(0, e - s + 1)
    }
}
