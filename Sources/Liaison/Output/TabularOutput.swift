import Foundation

/// One output cell: text, a whole number, a measure, a share, a yes/no flag, or a patient count
/// hidden by small-cell suppression.
///
/// Cells are made by the views layer (`Sources/Liaison/Views`), which decides once what is shown;
/// the writers below only format them: CSV for machines, aligned text for people, JSON.
public enum Cell: Sendable, Equatable {
    case text(String)
    case int(Int)
    case number(Double)
    /// A share in 0…1: a percentage for people (`60 %`), the fraction in CSV and JSON.
    case share(Double)
    /// A yes/no fact: `true`/`false` in CSV and JSON, `yes`/`no` for people.
    case flag(Bool)
    /// A patient count (or a figure derived from one) hidden because it lies in 1…(threshold − 1)
    /// (primary suppression): `<11` in CSV and tables, `null` in JSON.
    case suppressed
    /// A figure withheld although it is not itself a small count, because a hidden count could be
    /// worked out from it and the figures beside it (complementary suppression): `*` in CSV and
    /// tables, `null` in JSON.
    case withheld
    case empty

    /// Text for CSV: full precision, `<11`-style marker for suppressed counts, `*` for withheld ones.
    public func csvText(threshold: Int) -> String {
        switch self {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .number(let d), .share(let d):
            return d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)") : ""
        case .flag(let b): return b ? "true" : "false"
        case .suppressed: return "<\(threshold)"
        case .withheld: return SmallCell.complementaryMarker
        case .empty: return ""
        }
    }

    /// Text for people: numbers rounded to `digits` significant digits, shares as whole percentages.
    public func tableText(threshold: Int, digits: Int = 4) -> String {
        switch self {
        case .number(let d): return formatSignificant(d, digits: digits)
        case .share(let d): return formatPercent(d)
        case .flag(let b): return b ? "yes" : "no"
        default: return csvText(threshold: threshold)
        }
    }

    /// JSON value: suppressed and withheld counts become `null`.
    public var json: JSONValue {
        switch self {
        case .text(let s): return .string(s)
        case .int(let i): return .int(i)
        case .number(let d), .share(let d): return .number(d)
        case .flag(let b): return .bool(b)
        case .suppressed, .withheld, .empty: return .null
        }
    }

    /// Whether the cell hides a figure (primary or complementary suppression).
    public var isHidden: Bool { self == .suppressed || self == .withheld }

    var isNumeric: Bool {
        switch self {
        case .int, .number, .share, .suppressed, .withheld: return true
        default: return false
        }
    }
}

/// A share in 0…1 as a whole percentage for people: `0.734` → `73 %` (half away from zero).
public func formatPercent(_ x: Double) -> String {
    x.isFinite ? fixed(100 * x, decimals: 0) + " %" : ""
}

/// A number with few digits for prose and short cells: whole numbers without decimals, else up to
/// 2 decimals (1 from 10 up); `–` when not finite.
public func formatShort(_ x: Double) -> String {
    guard x.isFinite else { return "–" }
    if x == x.rounded() && abs(x) < 1e12 { return String(Int(x)) }
    return fixed(x, decimals: abs(x) >= 10 ? 1 : 2)
}

/// Formats `x` with about `digits` significant digits, without exponent for everyday magnitudes.
public func formatSignificant(_ x: Double, digits: Int = 4) -> String {
    guard x.isFinite else { return "" }
    if x == 0 { return "0" }
    if x == x.rounded() && abs(x) < 1e12 { return String(Int(x)) }
    let mag = Int((abs(x)).log10Floor)
    let decimals = max(0, min(12, digits - 1 - mag))
    return fixed(x, decimals: decimals)
}

/// `x` with exactly `decimals` digits after the point (half away from zero).
public func fixed(_ x: Double, decimals: Int) -> String {
    guard x.isFinite else { return "" }
    var p = 1.0
    for _ in 0..<decimals { p *= 10 }
    let scaled = (abs(x) * p).rounded()
    let neg = x < 0 && scaled != 0
    // Beyond Int's range (a sum of huge counts): every digit the Double holds, no trap.
    guard scaled < 9.0e18 else { return String(format: "%.\(max(0, min(decimals, 20)))f", x) }
    var digitsText = String(Int(scaled))
    if decimals > 0 {
        if digitsText.count <= decimals { digitsText = String(repeating: "0", count: decimals - digitsText.count + 1) + digitsText }
        let cut = digitsText.index(digitsText.endIndex, offsetBy: -decimals)
        digitsText = digitsText[..<cut] + "." + digitsText[cut...]
    }
    return (neg ? "-" : "") + digitsText
}

extension Double {
    fileprivate var log10Floor: Double {
        var m = 0.0, v = self
        while v >= 10 { v /= 10; m += 1 }
        while v < 1 { v *= 10; m -= 1 }
        return m
    }
}

/// A table of named columns, written as aligned text, RFC 4180 CSV or a JSON array of objects.
public struct TabularOutput: Sendable {
    /// Column names (used as CSV header and JSON keys).
    public var columns: [String]
    /// Rows of cells, each as long as `columns`.
    public var rows: [[Cell]]
    /// Small-cell threshold used for `<N` markers.
    public var threshold: Int
    /// Columns to leave out first when a table for people must fit a narrow terminal, in that order;
    /// the others go from the right (see ``table(maxWidth:fitting:)``).
    public var dropOrder: [String] = []
    /// Each row is a different measure (a `measure, value` list): a table for people writes each
    /// number with its own four significant digits instead of one number format per column, in
    /// which a frequency of 1.2 beside 2 233 expected interactions had read `1`.
    public var numbersByRow = false

    /// Creates an output table.
    public init(columns: [String], rows: [[Cell]] = [], threshold: Int = SmallCell.defaultThreshold) {
        self.columns = columns
        self.rows = rows
        self.threshold = threshold
    }

    /// RFC 4180 CSV with a header row and LF line endings.
    ///
    /// `forSpreadsheet` writes CSV for a person to open in Excel or LibreOffice: a UTF-8 byte-order
    /// mark first (so accents survive Excel's default encoding), and every text cell that starts with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with `'`, so that a hostile name
    /// (`=HYPERLINK(…)`) is shown as text and never run as a formula (OWASP's CSV-injection advice).
    /// Numbers are written as numbers either way. Plain CSV (the default) is for programs and for
    /// reading back: it keeps every value exactly.
    public func csv(forSpreadsheet: Bool = false) -> String {
        String(decoding: csvBytes(forSpreadsheet: forSpreadsheet), as: UTF8.self)
    }

    /// ``csv(forSpreadsheet:)`` as UTF-8 bytes, for writing without a String in between (at a
    /// million rows the String's validation and the copy back to bytes were a tenth of `rank --all`).
    public func csvBytes(forSpreadsheet: Bool = false) -> [UInt8] {
        // Written as bytes into one buffer: at a million rows (`rank --all --format csv`) joining a
        // String per field and per row took longer than computing the PageRank it prints. Large
        // tables are encoded in ranges of rows on every core, then joined.
        var out: [UInt8] = []
        if forSpreadsheet { out += [0xEF, 0xBB, 0xBF] }
        for (i, c) in columns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendCSVField(c, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        let rows = self.rows, threshold = self.threshold
        let parts = inRanges(rows.count, minimumPerRange: 50_000) { range in
            Self.csvRows(rows[range], threshold: threshold, forSpreadsheet: forSpreadsheet)
        }
        out.reserveCapacity(out.count + parts.reduce(0) { $0 + $1.count })
        for p in parts { out += p }
        return out
    }

    /// The CSV lines of `rows` (see ``csvBytes(forSpreadsheet:)``).
    private static func csvRows(_ rows: ArraySlice<[Cell]>, threshold: Int, forSpreadsheet: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 * rows.count)
        for r in rows {
            for (i, c) in r.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                switch c {
                case .text(let t):
                    if forSpreadsheet, let first = t.utf8.first, Self.formulaStarts.contains(first) {
                        Self.appendCSVField("'" + t, to: &out)
                    } else {
                        Self.appendCSVField(t, to: &out)
                    }
                case .int(let n): out += String(n).utf8
                // Digits, sign, point and exponent only: never quoted, so no scan.
                case .number, .share: out += c.csvText(threshold: threshold).utf8
                default: Self.appendCSVField(c.csvText(threshold: threshold), to: &out)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// First bytes that make a spreadsheet read a cell as a formula: `=`, `+`, `-`, `@`, tab, CR.
    private static let formulaStarts: [UInt8] = Array("=+-@\t\r".utf8)

    /// Appends `s` as one CSV field: quoted, with quotes doubled, when it holds a comma, quote or line
    /// break (the same rule as ``csvEscape(_:)``; those are ASCII, so bytes and scalars agree).
    private static func appendCSVField(_ s: String, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        if !s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 10 || $0 == 13 }) {
            out += s.utf8
            return
        }
        out.append(quote)
        for b in s.utf8 {
            if b == quote { out.append(quote) }
            out.append(b)
        }
        out.append(quote)
    }

    /// A JSON array with one object per row. Suppressed cells are `null`, and the object gains
    /// `"suppressed": true` and `"suppressed_fields": [...]`.
    public func jsonValue() -> JSONValue {
        .array(rows.map(objectValue))
    }

    /// One row as a JSON object (see ``jsonValue()``).
    public func objectValue(_ r: [Cell]) -> JSONValue {
        var o: [(String, JSONValue)] = zip(columns, r).map { ($0, $1.json) }
        let hidden = zip(columns, r).filter { $1.isHidden }.map(\.0)
        if !hidden.isEmpty {
            o.append(("suppressed", .bool(true)))
            o.append(("suppressed_fields", .array(hidden.map { .string($0) })))
        }
        return .object(o)
    }
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
public func csvEscape(_ s: String) -> String {
    // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
    if s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }
    return s
}

/// Replaces control characters (which could move a terminal's cursor or change its colours) with spaces.
public func sanitizeForTerminal(_ s: String) -> String {
    String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
}

extension String {
    package func replacingAll(_ a: String, with b: String) -> String {
        split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
    }

    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

extension TabularOutput {
    /// The same table without the columns named in `names` (and without their cells).
    public func removing(columns names: Set<String>) -> TabularOutput {
        let keep = columns.indices.filter { !names.contains(columns[$0]) }
        if keep.count == columns.count { return self }
        var t = self  // keeps every other setting
        t.columns = keep.map { columns[$0] }
        t.rows = rows.map { r in keep.map { k in k < r.count ? r[k] : .empty } }
        t.dropOrder = dropOrder.filter { !names.contains($0) }
        return t
    }
}
