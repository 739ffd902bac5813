import Foundation
import Liaison

/// A map of field trips (`render --trips`): the institutions a liaison visits, at their geographic
/// position when `institutions.csv` has `lat`/`lon`, labelled with the numbers of the days they are
/// visited, the liaison's home, each day's route from home and back, and a scale bar.
///
/// Positions: an equirectangular projection around the mean latitude φ₀ (x = λ·cos φ₀, y = φ), scaled
/// so the drawing is about ``width`` points wide; drawn with Graphviz's `nop` engine (the library form
/// of `neato -n`) through ``GraphvizRenderer/renderWithWarnings(_:positions:format:)``, so nothing
/// moves. Without any coordinates the map is laid out by neato instead (``positions`` is `nil`).
public struct TripMap: Sendable {
    /// The document to draw.
    public var document: MapDocument
    /// Pinned positions, or `nil` when no place has coordinates.
    public var positions: MapPositions?

    /// Width of the drawing in points (10 inches).
    public static let width = 720.0
    /// Okabe–Ito colours, one per liaison.
    static let colors: [(hex: String, name: String)] = [
        ("#0072B2", "blue"), ("#D55E00", "vermillion"), ("#009E73", "green"), ("#CC79A7", "purple"),
        ("#E69F00", "orange"), ("#56B4E9", "sky blue"),
    ]

    /// The map of `view`'s trips (all liaisons in it), titled `title`.
    public init(_ view: TripsView, title: String) {
        var doc = MapDocument(name: "trips", directed: false)
        doc.graphAttributes = ["fontname": "Helvetica", "fontsize": "11", "labelloc": "t", "labeljust": "l",
                               "bgcolor": "white", "outputorder": "edgesfirst", "forcelabels": "true", "pad": "0.3"]
        doc.nodeDefaults = ["fontname": "Helvetica", "fontsize": "10", "style": "filled", "fixedsize": "true",
                            "penwidth": "0.8", "color": "#333333"]
        doc.edgeDefaults = ["fontname": "Helvetica", "fontsize": "9"]
        var points: [String: GeoPoint] = [:]
        var legend: [String] = []
        for (k, t) in view.trips.enumerated() {
            let c = TripMap.colors[k % TripMap.colors.count]
            let prefix = view.trips.count > 1 ? "\(k + 1)." : ""
            // Places of this liaison: day numbers and visits.
            var days: [Int: [Int]] = [:], visits: [Int: Int] = [:]
            for day in t.days {
                for s in day.stops {
                    if days[s.place]?.last != day.number { days[s.place, default: []].append(day.number) }
                    visits[s.place, default: 0] += 1
                }
            }
            func node(_ p: Int) -> String { "\(t.liaison) · \(view.places[p].key)" }
            for p in days.keys.sorted(by: { view.places[$0].name < view.places[$1].name }) {
                let place = view.places[p]
                let size = 0.16 + 0.035 * Double(min(visits[p] ?? 0, 12))
                let list = (days[p] ?? []).map { prefix + String($0) }.joined(separator: " ")
                doc.nodes.append(.init(name: node(p), attributes: [
                    "shape": "circle", "label": "", "width": fmt(size), "height": fmt(size), "fillcolor": c.hex,
                    "xlabel": MapDocument.escapedLabel("\(place.name)\ndays \(list)"),
                    "tooltip": MapDocument.escapedTooltip("\(place.name), \(place.city): \(visits[p] ?? 0) visits by \(t.liaison) on days \(list)"),
                ]))
                if let g = place.point { points[node(p)] = g }
            }
            let home = "\(t.liaison) · home"
            if t.home != nil || t.homePoint != nil {
                doc.nodes.append(.init(name: home, attributes: [
                    "shape": "house", "label": "", "width": "0.32", "height": "0.28", "fillcolor": "white", "color": c.hex,
                    "penwidth": "2", "xlabel": MapDocument.escapedLabel("\(t.home ?? "home") (home of \(t.liaison))"),
                    "tooltip": MapDocument.escapedTooltip("home of \(t.liaison): \(t.home ?? "")"),
                ]))
                if let h = t.homePoint { points[home] = h }
            }
            // Each day's route, home → places → home; one line per pair, wider when used on more days.
            var pairs: [String: (a: String, b: String, days: [Int])] = [:]
            let hasHome = t.home != nil || t.homePoint != nil
            for day in t.days {
                var stops: [Int] = []
                for s in day.stops where stops.last != s.place { stops.append(s.place) }
                var chain = stops.map(node)
                if hasHome { chain = [home] + chain + [home] }
                for (a, b) in zip(chain, chain.dropFirst()) where a != b {
                    let key = a < b ? a + "\u{1}" + b : b + "\u{1}" + a
                    pairs[key, default: (a, b, [])].days.append(day.number)
                }
            }
            for key in pairs.keys.sorted() {
                guard let e = pairs[key] else { continue }
                doc.edges.append(.init(source: e.a, target: e.b, attributes: [
                    "color": c.hex + "99", "penwidth": fmt(1 + 0.6 * Double(min(e.days.count, 8))),
                    "tooltip": MapDocument.escapedTooltip("days " + e.days.map { prefix + String($0) }.joined(separator: ", ")),
                ]))
            }
            let km = TripsView.km(t.km).map { ", about \(Int($0.rounded())) km in straight lines" } ?? ""
            legend.append("\(prefix.isEmpty ? "" : prefix + " ")\(t.liaison) (\(c.name)): \(t.days.count) days on the road, "
                          + "\(TripsView.visits(t)) visits\(km)")
        }
        legend.append("circle = an institution (size: visits), at its position; numbers = days on the road, 1 = first; "
                      + "lines = each day's route from home and back")
        // Positions: equirectangular around the mean latitude, about `width` points wide.
        var pos: MapPositions?
        if !points.isEmpty {
            let lat0 = points.values.map(\.lat).reduce(0, +) / Double(points.count)
            let k = cos(lat0 * .pi / 180)
            let xs = points.values.map { $0.lon * k }, ys = points.values.map(\.lat)
            let spanDeg = max((xs.max() ?? 0) - (xs.min() ?? 0), (ys.max() ?? 0) - (ys.min() ?? 0), 0.05)
            let scale = TripMap.width / spanDeg  // points per degree of latitude
            let margin = 110.0
            var pts: [String: MapPoint] = [:]
            for (name, g) in points {
                pts[name] = MapPoint(x: (g.lon * k - (xs.min() ?? 0)) * scale + margin, y: (g.lat - (ys.min() ?? 0)) * scale + margin)
            }
            // Scale bar: a round number of km near a fifth of the width.
            let kmPerPoint = 111.2 / scale
            let target = TripMap.width / 5 * kmPerPoint
            let bar = [1.0, 2, 5, 10, 20, 25, 50, 100, 200, 500].last { $0 <= target } ?? 1
            pts["scale a"] = MapPoint(x: margin, y: margin / 3)
            pts["scale b"] = MapPoint(x: margin + bar / kmPerPoint, y: margin / 3)
            for n in ["scale a", "scale b"] {
                doc.nodes.append(.init(name: n, attributes: ["shape": "point", "width": "0.05", "height": "0.05", "label": "",
                                                             "fillcolor": "black", "color": "black", "tooltip": " "]))
            }
            doc.edges.append(.init(source: "scale a", target: "scale b", attributes: [
                "penwidth": "2", "color": "black", "label": "\(Int(bar)) km", "tooltip": "scale: \(Int(bar)) km"]))
            let w = (pts.values.map(\.x).max() ?? 0) + margin, h = (pts.values.map(\.y).max() ?? 0) + margin
            pos = MapPositions(points: pts, width: w, height: h)
        }
        // Left-aligned lines: each ends in Graphviz's `\l`.
        doc.graphAttributes["label"] = ([title] + legend).map { MapDocument.escapedLabel($0) + "\\l" }.joined()
        document = doc
        positions = pos
    }

    /// Renders the map (pinned positions, else neato).
    ///
    /// - Throws: ``GraphvizError``.
    public func render(format: MapFormat) throws -> MapRendering {
        if let positions { return try GraphvizRenderer.renderWithWarnings(document, positions: positions, format: format) }
        return try GraphvizRenderer.renderWithWarnings(document, layout: .neato, format: format)
    }
}

/// Two decimals, for Graphviz sizes.
private func fmt(_ x: Double) -> String { String(format: "%.2f", x) }
