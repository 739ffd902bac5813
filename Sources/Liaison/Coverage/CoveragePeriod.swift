/// Period rules for coverage: parsing with a fiscal calendar, the default period, pacing and the
/// scaling of per-quarter expectations to other period lengths.
public enum CoveragePeriod {
    /// Average days in a quarter of the Gregorian calendar: 365.25 / 4.
    public static let daysPerQuarter = 91.3125

    /// Parses `2026Q2`, `2026-Q2`, `2026`, `2026-03` or `2026-01-01..2026-03-31`.
    ///
    /// Quarters follow `fiscalYearStart` (see ``Period/quarter(_:_:fiscalYearStart:)``). A year `YYYY`
    /// is the fiscal year that starts in `YYYY`: with `fiscalYearStart` 4, `2026` runs from
    /// 2026-04-01 to 2027-03-31 (with 1, the calendar year). Months and ranges are calendar dates.
    public static func parse(_ text: String, fiscalYearStart: Int = 1) -> Period? {
        guard (1...12).contains(fiscalYearStart), let p = Period.parse(text, fiscalYearStart: fiscalYearStart) else { return nil }
        guard p.kind == .year, fiscalYearStart != 1 else { return p }
        let (y, _, _) = p.start.components
        guard let q1 = Period.quarter(y, 1, fiscalYearStart: fiscalYearStart),
              let q4 = Period.quarter(y, 4, fiscalYearStart: fiscalYearStart) else { return nil }
        return Period(label: p.label, start: q1.start, end: q4.end, kind: .year)
    }

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
