/// How dates are written in a dataset's files: the one date parser of Liaison, used for
/// `interactions.csv`, `encounters.csv`, the workspace import and the command line's date options.
///
/// ISO 8601 (`2026-03-14`) is always accepted, and so is an ISO date-time (`2026-03-14T09:30:00Z`,
/// `2026-03-14 09:30`), counted by its date part: Liaison works with days, never times or zones.
/// Day-first (`14/03/2026`) and month-first (`03/14/2026`) dates, with `/`, `.` or `-` between the
/// parts and a four-digit year, are read only when that format is chosen: `03/04/2026` is the 3rd of
/// April in one and the 4th of March in the other, so without a choice such a date is refused as
/// ambiguous rather than guessed — and the message names `--date-format`.
public enum DateFormat: String, CaseIterable, Sendable {
    /// `YYYY-MM-DD`, optionally followed by a time.
    case iso = "yyyy-mm-dd"
    /// `14/03/2026` (also with `.` or `-`), optionally followed by a time.
    case dayMonthYear = "dd/mm/yyyy"
    /// `03/14/2026` (also with `.` or `-`), optionally followed by a time.
    case monthDayYear = "mm/dd/yyyy"

    /// The formats as a user types them, for help and messages (`yyyy-mm-dd, dd/mm/yyyy, mm/dd/yyyy`).
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Parses a date in this format (or ISO 8601); `nil` when it is not one.
    public func parse(_ s: String) -> Day? {
        var s = s
        return s.withUTF8 { parse(bytes: $0) }
    }

    /// Parses the UTF-8 bytes of a date in this format (or ISO 8601); `nil` when they are not one.
    /// The readers call this on raw fields, with no `String` made.
    public func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Day? {
        if let d = DateFormat.isoDate(b, allowTime: true) { return d }
        guard self != .iso else { return nil }
        // The date part ends at the first space or `T`.
        var n = 0
        while n < b.count && b[n] != UInt8(ascii: " ") && b[n] != UInt8(ascii: "T") { n += 1 }
        guard let (a, m, y) = DateFormat.slashParts(b, count: n) else { return nil }
        return self == .dayMonthYear ? Day(year: y, month: m, day: a) : Day(year: y, month: a, day: m)
    }

    /// The message for a value that is not a date in this format, naming `--date-format` where a
    /// format would help. With `echo` false (identifying columns such as an encounter's date) the
    /// value itself is not quoted.
    public func complaint(_ s: String, column: String = "date", echo: Bool = true) -> String {
        if s.isEmpty { return "empty \(column)" }
        let what = echo ? "\(column) '\(s)'" : column
        if self == .iso {
            var t = s
            let parts = t.withUTF8 { b -> (Int, Int, Int)? in
                var n = 0
                while n < b.count && b[n] != UInt8(ascii: " ") && b[n] != UInt8(ascii: "T") { n += 1 }
                return DateFormat.slashParts(b, count: n)
            }
            if let (a, m, _) = parts {
                let hint = a > 12 && m <= 12 ? "it looks day-first: give --date-format dd/mm/yyyy"
                    : m > 12 && a <= 12 ? "it looks month-first: give --date-format mm/dd/yyyy"
                    : "give --date-format dd/mm/yyyy or mm/dd/yyyy"
                return "\(what) is ambiguous without a date format: \(hint) (or write YYYY-MM-DD)"
            }
            return "\(what) is not an ISO 8601 date (YYYY-MM-DD; for dates like 14/03/2026 give --date-format dd/mm/yyyy or mm/dd/yyyy)"
        }
        return "\(what) is not a date in \(rawValue) (nor YYYY-MM-DD; --date-format says how dates are written)"
    }

    /// `YYYY-MM-DD`, then nothing or (`allowTime`) `T` or a space and anything.
    static func isoDate(_ b: UnsafeBufferPointer<UInt8>, allowTime: Bool) -> Day? {
        guard b.count == 10 || (allowTime && b.count > 10 && (b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ")))
        else { return nil }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = digits(b, 0..<4), let m = digits(b, 5..<7), let d = digits(b, 8..<10) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// The three numbers of `A/B/YYYY` (separators `/`, `.` or `-`, the same twice; A and B of one or
    /// two digits) in the first `count` bytes.
    static func slashParts(_ b: UnsafeBufferPointer<UInt8>, count: Int) -> (Int, Int, Int)? {
        var seps: [Int] = []
        for i in 0..<count where b[i] == UInt8(ascii: "/") || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "-") {
            seps.append(i)
        }
        guard seps.count == 2, b[seps[0]] == b[seps[1]] else { return nil }
        let (s1, s2) = (seps[0], seps[1])
        guard (1...2).contains(s1), (1...2).contains(s2 - s1 - 1), count - s2 - 1 == 4,
              let a = digits(b, 0..<s1), let m = digits(b, (s1 + 1)..<s2), let y = digits(b, (s2 + 1)..<count)
        else { return nil }
        return (a, m, y)
    }

    @inline(__always)
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        var v = 0
        for i in r {
            let x = b[i] &- UInt8(ascii: "0")
            guard x <= 9 else { return nil }
            v = v * 10 + Int(x)
        }
        return v
    }
}

extension Day {
    /// Parses `YYYY-MM-DD`, or an ISO 8601 date-time (`2026-03-14T09:30:00Z`) by its date part
    /// (``DateFormat/iso``).
    public init?(isoDateOrDateTime s: String) {
        guard let d = DateFormat.iso.parse(s) else { return nil }
        self = d
    }
}
