import Foundation

/// A horizontal bar chart of shares (0…1) drawn as plain SVG — no chart library.
///
/// Each row is a group (a tier, a region, a liaison) with one bar per series (reach, attainment,
/// …); every bar carries its value as text, and an optional tick marks the previous period's value,
/// so nothing rests on colour alone.
public struct BarChart: Sendable {
    /// One series: a measure drawn in every row.
    public struct Series: Sendable {
        /// Name shown in the legend, e.g. `reach`.
        public var name: String
        /// Fill colour, `#RRGGBB`.
        public var color: String
        /// The colour's name, for the legend's text equivalent.
        public var colorName: String

        /// Creates a series.
        public init(name: String, color: String, colorName: String) {
            self.name = name
            self.color = color
            self.colorName = colorName
        }
    }

    /// One row (group).
    public struct Row: Sendable {
        /// Group label, e.g. `Tier 1`.
        public var label: String
        /// One value per series, a share in 0…1 (`nil`: undefined, drawn as `–`).
        public var values: [Double?]
        /// The previous period's values (same order), drawn as ticks; empty for none.
        public var previous: [Double?]
        /// A note after the label, e.g. `12 targets`.
        public var note: String

        /// Creates a row.
        public init(label: String, values: [Double?], previous: [Double?] = [], note: String = "") {
            self.label = label
            self.values = values
            self.previous = previous
            self.note = note
        }
    }

    /// Accessible title of the chart.
    public var title: String
    /// The series, in drawing order.
    public var series: [Series]
    /// The rows, top to bottom.
    public var rows: [Row]
    /// Label of the previous period's ticks (e.g. `2026Q2`), if any are drawn.
    public var previousLabel: String?

    /// Creates a chart.
    public init(title: String, series: [Series], rows: [Row], previousLabel: String? = nil) {
        self.title = title
        self.series = series
        self.rows = rows
        self.previousLabel = previousLabel
    }

    static let width = 680.0
    static let labelWidth = 200.0
    static let barWidth = 380.0
    static let barHeight = 11.0
    static let rowGap = 12.0

    /// The chart as an inline `<svg>` element (with a `<title>`), followed by an HTML legend.
    public func html() -> String {
        let w = BarChart.width, x0 = BarChart.labelWidth, bw = BarChart.barWidth, bh = BarChart.barHeight
        let groupHeight = Double(max(1, series.count)) * (bh + 2) + BarChart.rowGap
        let top = 18.0
        let height = top + Double(rows.count) * groupHeight + 6
        var s = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Fmt.coord(w)) \(Fmt.coord(height))\" "
        s += "width=\"\(Fmt.coord(w))\" height=\"\(Fmt.coord(height))\" role=\"img\" aria-label=\"\(HTML.attribute(title))\">"
        s += "<title>\(HTML.text(title))</title>"
        // Grid: 0, 25, 50, 75, 100 %.
        for k in 0...4 {
            let x = x0 + bw * Double(k) / 4
            s += "<line x1=\"\(Fmt.coord(x))\" y1=\"\(Fmt.coord(top - 4))\" x2=\"\(Fmt.coord(x))\" y2=\"\(Fmt.coord(height - 4))\" class=\"grid\"/>"
            s += "<text x=\"\(Fmt.coord(x))\" y=\"11\" class=\"axis\" text-anchor=\"middle\">\(k * 25) %</text>"
        }
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * groupHeight
            let mid = y + (groupHeight - BarChart.rowGap) / 2
            s += "<g class=\"bar-row\">"
            s += "<text x=\"\(Fmt.coord(x0 - 8))\" y=\"\(Fmt.coord(mid - 1))\" text-anchor=\"end\" class=\"label\">"
                + HTML.text(BarChart.clip(row.label, 30)) + "</text>"
            if !row.note.isEmpty {
                s += "<text x=\"\(Fmt.coord(x0 - 8))\" y=\"\(Fmt.coord(mid + 10))\" text-anchor=\"end\" class=\"note\">"
                    + HTML.text(row.note) + "</text>"
            }
            for (j, serie) in series.enumerated() {
                let by = y + Double(j) * (bh + 2)
                let value = j < row.values.count ? row.values[j] : nil
                let v = max(0, min(1, value ?? 0))
                let len = bw * v
                var tip = "\(row.label) — \(serie.name): \(Fmt.percent(value))"
                let prev = j < row.previous.count ? row.previous[j] : nil
                if let previousLabel, row.previous.count > j { tip += " (\(previousLabel): \(Fmt.percent(prev)))" }
                s += "<g><title>\(HTML.text(tip))</title>"
                s += "<rect x=\"\(Fmt.coord(x0))\" y=\"\(Fmt.coord(by))\" width=\"\(Fmt.coord(max(len, value == nil ? 0 : 1)))\" "
                    + "height=\"\(Fmt.coord(bh))\" fill=\"\(serie.color)\"/>"
                var end = len
                if let p = prev, p.isFinite {
                    end = max(end, bw * max(0, min(1, p)))
                    let px = x0 + bw * max(0, min(1, p))
                    s += "<line x1=\"\(Fmt.coord(px))\" y1=\"\(Fmt.coord(by - 1.5))\" x2=\"\(Fmt.coord(px))\" "
                        + "y2=\"\(Fmt.coord(by + bh + 1.5))\" class=\"prev\"/>"
                }
                s += "<text x=\"\(Fmt.coord(x0 + end + 4))\" y=\"\(Fmt.coord(by + bh - 1.5))\" class=\"value\">"
                    + HTML.text(Fmt.percent(value)) + "</text></g>"
            }
            s += "</g>"
        }
        s += "</svg>\n"
        s += legend()
        return s
    }

    /// The legend: every colour with its name, and the tick's meaning.
    func legend() -> String {
        var s = "<p class=\"legend\">"
        for serie in series {
            s += "<span><i class=\"swatch\" style=\"background:\(serie.color)\"></i>\(HTML.text(serie.name)) "
                + "<span class=\"muted\">(\(HTML.text(serie.colorName)))</span></span> "
        }
        if let previousLabel {
            s += "<span><i class=\"tick\"></i>black tick = \(HTML.text(previousLabel))</span>"
        }
        s += "</p>\n"
        return s
    }

    /// `s` cut to `n` characters with an ellipsis.
    static func clip(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }
}
