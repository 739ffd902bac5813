import Foundation
import Liaison

/// Small helpers for writing HTML by hand, safely: every piece of user text goes through
/// ``HTML/text(_:)`` or ``HTML/attribute(_:)``, so a name such as `<script>alert(1)</script>` is shown
/// as text and never becomes markup.
public enum HTML {
    /// `s` escaped for HTML text content: `&`, `<`, `>` become entities (quotes too, so the result is
    /// also safe inside a quoted attribute).
    public static func text(_ s: String) -> String {
        guard s.contains(where: { "&<>\"'".contains($0) }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// `s` escaped for a double-quoted HTML attribute value (same escapes as ``text(_:)``; line
    /// breaks are kept, which attributes allow).
    public static func attribute(_ s: String) -> String { text(s) }

    /// A `<script type="application/json">` block holding `value`. ``JSONValue`` escapes `<`, `>` and
    /// `&` inside strings, so no text in the data can close the script element.
    public static func jsonScript(id: String, _ value: JSONValue) -> String {
        "<script type=\"application/json\" id=\"\(attribute(id))\">" + value.serialized(pretty: false) + "</script>\n"
    }
}

/// A sortable, filterable HTML table: headers, rows of cells, and an optional caption.
///
/// Each cell has display text (escaped when rendered) and an optional sort key, written as
/// `data-v` so that the inline script sorts numbers as numbers. Without script the table is an
/// ordinary table.
public struct HTMLTable: Sendable {
    /// One cell.
    public struct Cell: Sendable {
        /// Escaped HTML shown in the cell (build it with ``HTML/text(_:)``).
        public var html: String
        /// Numeric sort key, if the column sorts by number.
        public var sortKey: Double?
        /// Extra CSS class (e.g. `num` for right-aligned numbers).
        public var cssClass: String?

        /// A text cell (escaped here).
        public static func text(_ s: String) -> Cell { Cell(html: HTML.text(s), sortKey: nil, cssClass: nil) }
        /// A cell of ready-made, already escaped HTML.
        public static func html(_ s: String, sortKey: Double? = nil) -> Cell { Cell(html: s, sortKey: sortKey, cssClass: nil) }
        /// A right-aligned number cell shown as `shown`, sorted by `value`.
        public static func number(_ shown: String, _ value: Double?) -> Cell {
            Cell(html: HTML.text(shown), sortKey: value, cssClass: "num")
        }
    }

    /// Column headings (plain text).
    public var columns: [String]
    /// Rows of cells, one per column.
    public var rows: [[Cell]] = []
    /// Element id (for the filter box and links).
    public var id: String
    /// Caption text (plain text), if any.
    public var caption: String?

    /// Creates an empty table.
    public init(id: String, columns: [String], caption: String? = nil) {
        self.id = id
        self.columns = columns
        self.caption = caption
    }

    /// The table's HTML, with a filter box (shown only when script runs) when `filter` is true.
    public func render(filter: Bool = true) -> String {
        var s = ""
        if filter && rows.count > 5 {
            s += "<p class=\"needs-js filter\"><label>Filter <input type=\"search\" data-filter=\"\(HTML.attribute(id))\" "
                + "placeholder=\"name, institution, …\"></label> <span class=\"muted\" data-count=\"\(HTML.attribute(id))\"></span></p>\n"
        }
        s += "<div class=\"table-wrap\"><table id=\"\(HTML.attribute(id))\" class=\"sortable\">"
        if let caption { s += "<caption>\(HTML.text(caption))</caption>" }
        s += "<thead><tr>"
        for c in columns { s += "<th scope=\"col\">\(HTML.text(c))</th>" }
        s += "</tr></thead>\n<tbody>\n"
        for row in rows {
            s += "<tr>"
            for c in row {
                s += "<td"
                if let k = c.cssClass { s += " class=\"\(k)\"" }
                if let v = c.sortKey, v.isFinite { s += " data-v=\"\(Fmt.plain(v))\"" }
                s += ">" + c.html + "</td>"
            }
            s += "</tr>\n"
        }
        s += "</tbody></table></div>\n"
        return s
    }
}

/// Number formatting for the report (locale-independent).
enum Fmt {
    /// `x` with `digits` decimals.
    static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "–" }
        let s = String(format: "%.\(digits)f", x)
        return s == "-0" || s.hasPrefix("-0.") && Double(s) == 0 ? String(s.dropFirst()) : s
    }

    /// A share as `73 %`, `–` when undefined.
    static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        return fixed(100 * x, 0) + " %"
    }

    /// A number with few digits: integers without decimals, else up to 2 decimals.
    static func short(_ x: Double?) -> String { x.map(formatShort) ?? "–" }

    /// A compact number for attributes (`data-v`): shortest round-trip text.
    static func plain(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    /// SVG coordinates: one decimal.
    static func coord(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }
}
