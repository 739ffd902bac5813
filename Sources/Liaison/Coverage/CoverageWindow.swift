/// How an unfinished period is paced (`--as-of`).
public enum AsOfChoice: Sendable, Hashable {
    /// Pace to the last interaction when the period goes past it (the default).
    case automatic
    /// Judge against the whole period (`--as-of none`).
    case none
    /// Pace to this day (`--as-of 2026-11-20`); interactions after it are not counted.
    case date(Day)
}

/// Why a coverage analysis was paced, or not.
public enum AsOfSource: String, Sendable, Hashable {
    /// `--as-of DATE` was given.
    case given
    /// The period goes past the last interaction, so it is paced to that day (the default).
    case lastInteraction = "last-interaction"
    /// The period is over by the last interaction, or `--as-of none`: judged in full.
    case none
}

/// A coverage period with the data's time frame: which period, paced to which day, and which
/// interactions count at all — the honest defaults of `coverage`, `gaps`, `compare`, `report` and
/// `render --color-by coverage`, decided once.
///
/// - The **extraction day** is the `--as-of` date, else today. Interactions dated after it are planned
///   calls, not visits: never counted, and said (``futureInteractions``).
/// - The **default period** is the quarter holding the last interaction on or before the extraction day.
/// - With ``AsOfChoice/automatic`` a period that goes past the last interaction is **paced** to that
///   day: expectations are scaled by the share of the period elapsed by then and `days_since` counts to
///   it — so an unfinished quarter is not shown as a fall, and an expert seen in October is not stale
///   on 31 December.
/// - A period that lies wholly before the first interaction or after the last is an error naming the
///   data's date range, never a report of 0 %.
public struct CoverageWindow: Sendable, Hashable {
    /// The period analysed.
    public var period: Period
    /// Whether `period` is the default (the quarter of the last interaction) rather than asked for.
    public var periodIsDefault: Bool
    /// The day the period is paced to (`nil`: judged in full).
    public var asOf: Day?
    /// Why ``asOf`` is what it is.
    public var asOfSource: AsOfSource
    /// Interactions dated after this day are not counted.
    public var extractionDay: Day
    /// First and last interaction on or before the extraction day.
    public var firstInteraction: Day, lastInteraction: Day
    /// Interactions dated after the extraction day (planned calls, not counted).
    public var futureInteractions: Int

    /// The window for `requested` (`nil`: the default quarter) of `d`, with quarters in the fiscal
    /// calendar starting in `fiscalYearStart`.
    ///
    /// - Throws: ``CoverageWindowError`` when the data has no interactions up to the extraction day, or
    ///   the period lies wholly outside the interactions' date range.
    public static func resolve(_ d: Dataset, period requested: Period?, asOf choice: AsOfChoice = .automatic,
                               today: Day, fiscalYearStart: Int = 1) throws(CoverageWindowError) -> CoverageWindow {
        var extraction = today
        if case .date(let day) = choice { extraction = day }
        var first: Day?, last: Day?, future = 0
        for i in d.interactions {
            if i.date > extraction { future += 1; continue }
            if first.map({ i.date < $0 }) ?? true { first = i.date }
            if last.map({ i.date > $0 }) ?? true { last = i.date }
        }
        guard let first, let last else {
            throw .noInteractions(until: extraction, future: future)
        }
        let period = requested ?? Period.quarter(containing: last, fiscalYearStart: fiscalYearStart)
        if period.end < first || period.start > last {
            throw .outsideInteractions(period: period, first: first, last: last)
        }
        var asOf: Day?, source = AsOfSource.none
        switch choice {
        case .date(let day): asOf = day; source = .given
        case .none: break
        case .automatic:
            if last < period.end { asOf = last; source = .lastInteraction }
        }
        return CoverageWindow(period: period, periodIsDefault: requested == nil, asOf: asOf, asOfSource: source,
                              extractionDay: extraction, firstInteraction: first, lastInteraction: last,
                              futureInteractions: future)
    }

    /// `options` with this window's pacing and extraction day.
    public func applied(to options: CoverageOptions) -> CoverageOptions {
        var o = options
        o.asOf = asOf
        o.countedUntil = extractionDay
        return o
    }

    /// One sentence on the pacing, for the head of an output: `As of 2026-11-20 (the last interaction):
    /// 55 % of 2026Q4 elapsed; expectations are paced to that share.`, or `nil` when judged in full.
    public func pacingSentence(elapsedFraction: Double) -> String? {
        guard let asOf else { return nil }
        let why = asOfSource == .lastInteraction ? " (the last interaction in the data; --as-of none judges the whole period)" : ""
        return "As of \(asOf)\(why): \(fixed(100 * elapsedFraction, decimals: 0)) % of \(period.label) elapsed; "
            + "expectations are paced to that share."
    }

    /// The warning about planned calls, or `nil` when there are none.
    public var futureWarning: String? {
        guard futureInteractions > 0 else { return nil }
        return "\(futureInteractions) interaction\(futureInteractions == 1 ? " is" : "s are") dated after \(extractionDay) "
            + "(planned calls, not visits): not counted"
    }
}

/// Why a coverage period cannot be analysed.
public enum CoverageWindowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No interaction is dated on or before `until`.
    case noInteractions(until: Day, future: Int)
    /// `period` lies wholly before the first or after the last interaction.
    case outsideInteractions(period: Period, first: Day, last: Day)

    public var description: String {
        switch self {
        case .noInteractions(let until, let future):
            return "the dataset has no interactions dated on or before \(until)"
                + (future > 0 ? " (\(future) dated later are planned calls)" : "")
                + ", so there is no coverage to measure"
        case .outsideInteractions(let p, let first, let last):
            return "\(p.label) (\(p.start) to \(p.end)) has no interactions: the data's interactions run from \(first) to \(last)"
        }
    }
}
