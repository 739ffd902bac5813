import Foundation

/// A small line chart of one share (0…1) over quarters, drawn as plain SVG — no chart library.
///
/// Every point carries its value as text and a tooltip. A point marked *paced* (an unfinished quarter
/// judged as of a day) is drawn hollow, reached by a dashed segment and labelled, so a paced quarter
/// is never read as a finished one.
public struct LineChart: Sendable {
    /// One point: an x label (a quarter) and a value in 0…1 (`nil`: undefined, a gap in the line).
    public struct Point: Sendable {
        /// The quarter label, e.g. `2026Q3`.
        public var label: String
        /// The share, or `nil` when undefined.
        public var value: Double?
        /// Whether the value is paced (drawn hollow, dashed, labelled).
        public var paced: Bool

        /// Creates a point.
        public init(label: String, value: Double?, paced: Bool = false) {
            self.label = label
            self.value = value
            self.paced = paced
        }
    }

    /// Title (the measure), also the accessible name.
    public var title: String
    /// The points, oldest first.
    public var points: [Point]
    /// Note for the paced point's label, e.g. `paced to 2026-11-20`.
    public var pacedNote: String

    /// Creates a chart.
    public init(title: String, points: [Point], pacedNote: String = "paced") {
        self.title = title
        self.points = points
        self.pacedNote = pacedNote
    }

    static let width = 370.0, height = 190.0
    static let left = 36.0, right = 14.0, top = 36.0, bottom = 34.0

    /// The chart as an inline `<svg>` element with a `<title>`.
    public func html() -> String {
        let w = LineChart.width, h = LineChart.height
        let plotW = w - LineChart.left - LineChart.right, plotH = h - LineChart.top - LineChart.bottom
        let n = max(1, points.count)
        func x(_ i: Int) -> Double { LineChart.left + (n == 1 ? plotW / 2 : plotW * Double(i) / Double(n - 1)) }
        func y(_ v: Double) -> Double { LineChart.top + plotH * (1 - max(0, min(1, v))) }
        var s = "<svg class=\"chart trend\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Fmt.coord(w)) \(Fmt.coord(h))\" "
        s += "width=\"\(Fmt.coord(w))\" height=\"\(Fmt.coord(h))\" role=\"img\" aria-label=\"\(HTML.attribute(title))\">"
        s += "<title>\(HTML.text(title))</title>"
        s += "<text x=\"\(Fmt.coord(LineChart.left))\" y=\"14\" class=\"label\">\(HTML.text(title))</text>"
        if points.contains(where: \.paced) {
            s += "<text x=\"\(Fmt.coord(w - LineChart.right))\" y=\"14\" class=\"note\" text-anchor=\"end\">hollow: \(HTML.text(pacedNote))</text>"
        }
        for k in 0...4 {
            let gy = y(Double(k) / 4)
            s += "<line x1=\"\(Fmt.coord(LineChart.left))\" y1=\"\(Fmt.coord(gy))\" x2=\"\(Fmt.coord(w - LineChart.right))\" y2=\"\(Fmt.coord(gy))\" class=\"grid\"/>"
            s += "<text x=\"\(Fmt.coord(LineChart.left - 4))\" y=\"\(Fmt.coord(gy + 3))\" class=\"axis\" text-anchor=\"end\">\(k * 25) %</text>"
        }
        // Quarter labels on two lines (`Q3` over `2026`, the year where it changes), thinned past 12.
        var lastYear = ""
        for (i, p) in points.enumerated() {
            let parts = p.label.split(separator: "Q", maxSplits: 1).map(String.init)
            let (top, year) = parts.count == 2 && parts[0].count == 4 ? ("Q" + parts[1], parts[0]) : (p.label, "")
            if n <= 12 || i % 2 == (n - 1) % 2 {
                s += "<text x=\"\(Fmt.coord(x(i)))\" y=\"\(Fmt.coord(h - 20))\" class=\"axis\" text-anchor=\"middle\">\(HTML.text(top))</text>"
            }
            if !year.isEmpty && year != lastYear {
                s += "<text x=\"\(Fmt.coord(x(i)))\" y=\"\(Fmt.coord(h - 7))\" class=\"axis\" text-anchor=\"middle\">\(HTML.text(year))</text>"
            }
            lastYear = year
        }
        // Segments: solid between finished quarters, dashed into a paced one; none across a gap.
        for i in points.indices.dropFirst() {
            guard let a = points[i - 1].value, let b = points[i].value else { continue }
            let dashed = points[i].paced || points[i - 1].paced
            s += "<line x1=\"\(Fmt.coord(x(i - 1)))\" y1=\"\(Fmt.coord(y(a)))\" x2=\"\(Fmt.coord(x(i)))\" y2=\"\(Fmt.coord(y(b)))\" "
                + "class=\"trend-line\(dashed ? " paced" : "")\"/>"
        }
        for (i, p) in points.enumerated() {
            guard let v = p.value else { continue }
            let tip = "\(p.label): \(Fmt.percent(v))" + (p.paced ? " (\(pacedNote))" : "")
            s += "<g><title>\(HTML.text(tip))</title>"
            s += "<circle cx=\"\(Fmt.coord(x(i)))\" cy=\"\(Fmt.coord(y(v)))\" r=\"3.5\" class=\"trend-point\(p.paced ? " paced" : "")\"/>"
            s += "<text x=\"\(Fmt.coord(x(i)))\" y=\"\(Fmt.coord(y(v) - 7))\" class=\"value\" text-anchor=\"middle\">\(HTML.text(Fmt.percent(v)))</text>"
            s += "</g>"
        }
        s += "</svg>"
        return s
    }
}
