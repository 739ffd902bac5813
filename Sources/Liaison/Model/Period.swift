/// A span of calendar days with a label: a quarter (`2026Q2`), a year (`2026`), a month (`2026-03`)
/// or an explicit range (`2026-01-01..2026-03-31`). Both ends are inclusive.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// How the period was written.
    public enum Kind: String, Sendable, Hashable {
        case quarter, year, month, range
    }

    /// The label written back to users (`2026Q2`, `2026`, `2026-03`, `2026-01-01..2026-03-31`).
    public var label: String
    /// First day, inclusive.
    public var start: Day
    /// Last day, inclusive.
    public var end: Day
    /// What kind of period this is.
    public var kind: Kind

    /// Creates a period from its parts.
    public init(label: String, start: Day, end: Day, kind: Kind) {
        self.label = label
        self.start = start
        self.end = end
        self.kind = kind
    }

    /// Number of days covered, ends included.
    public var dayCount: Int { end.ordinal - start.ordinal + 1 }

    /// Whether `day` lies in this period.
    public func contains(_ day: Day) -> Bool { day >= start && day <= end }

    /// Whether this period lies entirely inside `other`.
    public func isWithin(_ other: Period) -> Bool { start >= other.start && end <= other.end }

    public var description: String { label }

    public static func < (a: Period, b: Period) -> Bool {
        (a.start, a.end, a.label) < (b.start, b.end, b.label)
    }

    /// The calendar quarter `q` (1–4) of `year`, with quarters starting in `fiscalYearStart` (1 = January).
    ///
    /// With a fiscal year starting in April, `2026Q1` runs from 2026-04-01 to 2026-06-30
    /// (the fiscal year is named by the calendar year in which it starts).
    public static func quarter(_ year: Int, _ q: Int, fiscalYearStart: Int = 1) -> Period? {
        guard (1...4).contains(q), (1...12).contains(fiscalYearStart) else { return nil }
        let m0 = fiscalYearStart - 1 + (q - 1) * 3      // zero-based month offset from January of `year`
        let sy = year + m0 / 12, sm = m0 % 12 + 1
        let e0 = m0 + 2
        let ey = year + e0 / 12, em = e0 % 12 + 1
        guard let s = Day(year: sy, month: sm, day: 1),
              let e = Day(year: ey, month: em, day: Day.daysIn(month: em, year: ey)) else { return nil }
        return Period(label: "\(year)Q\(q)", start: s, end: e, kind: .quarter)
    }

    /// The quarter containing `day`.
    public static func quarter(containing day: Day, fiscalYearStart: Int = 1) -> Period {
        let (y, m, _) = day.components
        let offset = (m - fiscalYearStart + 12) % 12          // months since the fiscal year began
        let fy = m >= fiscalYearStart ? y : y - 1
        // Safe: q is in 1...4 and fiscalYearStart is valid whenever `day` came from a real date.
        return quarter(fy, offset / 3 + 1, fiscalYearStart: fiscalYearStart)
            ?? Period(label: "?", start: day, end: day, kind: .range)
    }

    /// The quarter before this one (for quarters), or the period of equal length just before it.
    public func previous(fiscalYearStart: Int = 1) -> Period {
        if kind == .quarter {
            return Period.quarter(containing: start.adding(days: -1), fiscalYearStart: fiscalYearStart)
        }
        let len = dayCount
        let s = start.adding(days: -len), e = start.adding(days: -1)
        return Period(label: "\(s)..\(e)", start: s, end: e, kind: .range)
    }

    /// The fiscal year that starts in `fiscalYearStart` (1 = January) of `year`: with 4, `2026` runs
    /// from 2026-04-01 to 2027-03-31; with 1, it is the calendar year.
    public static func year(_ year: Int, fiscalYearStart: Int = 1) -> Period? {
        guard let q1 = quarter(year, 1, fiscalYearStart: fiscalYearStart),
              let q4 = quarter(year, 4, fiscalYearStart: fiscalYearStart) else { return nil }
        return Period(label: "\(year)", start: q1.start, end: q4.end, kind: .year)
    }

    /// Parses `2026Q2`, `2026-Q2`, `2026`, `2026-03` or `2026-01-01..2026-03-31` — the one period
    /// parser of Liaison, for every option and file.
    ///
    /// Quarters and years follow `fiscalYearStart` (1 = January, the calendar year): a year `YYYY` is
    /// the fiscal year that starts in `YYYY` (see ``year(_:fiscalYearStart:)``) and its quarters are
    /// ``quarter(_:_:fiscalYearStart:)``. Months and ranges are calendar dates.
    ///
    /// Returns `nil` for anything else, including ranges that end before they start and a
    /// `fiscalYearStart` outside 1…12.
    public static func parse(_ text: String, fiscalYearStart: Int = 1) -> Period? {
        guard (1...12).contains(fiscalYearStart) else { return nil }
        let t = text.trimmingSpaces
        if let r = t.firstRange(of: "..") {
            guard let s = Day(iso: t[t.startIndex..<r.lowerBound]),
                  let e = Day(iso: t[r.upperBound...]), s <= e else { return nil }
            return Period(label: "\(s)..\(e)", start: s, end: e, kind: .range)
        }
        let u = Array(t.utf8)
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count else { return nil }
            var v = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard u.count >= 4, let year = digits(0..<4) else { return nil }
        if u.count == 4 { return Period.year(year, fiscalYearStart: fiscalYearStart) }
        // Quarter: 2026Q2, 2026-Q2, 2026q2
        var i = 4
        if u[i] == UInt8(ascii: "-") { i += 1 }
        if i < u.count, u[i] == UInt8(ascii: "Q") || u[i] == UInt8(ascii: "q"), u.count == i + 2, let q = digits((i + 1)..<(i + 2)) {
            return quarter(year, q, fiscalYearStart: fiscalYearStart)
        }
        // Month: 2026-03
        if u.count == 7, u[4] == UInt8(ascii: "-"), let m = digits(5..<7), (1...12).contains(m),
           let s = Day(year: year, month: m, day: 1), let e = Day(year: year, month: m, day: Day.daysIn(month: m, year: year)) {
            return Period(label: String(t), start: s, end: e, kind: .month)
        }
        return nil
    }
}

extension Period {
    /// The first month of a fiscal year from `1`–`12` or a month name or its first three letters or
    /// more (`april`, `Apr`); `nil` for anything else.
    public static func fiscalYearStart(parsing text: String) -> Int? {
        let t = text.trimmingSpaces.lowercased()
        if let m = Int(t) { return (1...12).contains(m) ? m : nil }
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"]
        guard t.count >= 3, let k = names.firstIndex(where: { $0.hasPrefix(t) }) else { return nil }
        return k + 1
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    package var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

extension Period {
    /// Periods of dataset rows read again under a fiscal year: the loader reads `plan.csv`'s quarter and
    /// year labels as calendar ones, and `--fiscal-year-start` makes the same label name other days.
    /// Each distinct label is parsed once (a plan repeats a handful of quarter labels over hundreds of
    /// rows; parsing them per row and per quarter was 2 % of the demo's `report`, perf). Months and
    /// date ranges are calendar dates under any fiscal year and come back unchanged.
    package struct FiscalReading {
        /// 1 = January, the calendar year.
        package let fiscalYearStart: Int
        private var known: [String: Period] = [:]

        package init(fiscalYearStart: Int) { self.fiscalYearStart = fiscalYearStart }

        /// `p` as `fiscalYearStart` reads its label (itself when the label does not parse).
        package mutating func callAsFunction(_ p: Period) -> Period {
            guard p.kind == .quarter || p.kind == .year else { return p }
            if let r = known[p.label] { return r }
            let r = Period.parse(p.label, fiscalYearStart: fiscalYearStart) ?? p
            known[p.label] = r
            return r
        }
    }
}
