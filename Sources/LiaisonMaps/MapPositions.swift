import CGraphviz
import Foundation

/// A point on a map, in points (1/72 inch), Graphviz's coordinates (y grows upwards).
public struct MapPoint: Sendable, Hashable, CustomStringConvertible {
    /// Horizontal position.
    public var x: Double
    /// Vertical position (upwards).
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// `x,y` as Graphviz writes `pos`.
    public var description: String { MapPositions.format(x) + "," + MapPositions.format(y) }
}

/// Fixed node positions for maps: where each node (by node name — the expert id on network maps)
/// sits, and the canvas they share.
///
/// Made by ``GraphvizRenderer/layoutPositions(_:layout:)`` (a *base layout*, e.g. of the union of two
/// quarters' networks) or read from a laid-out DOT file with ``read(dot:fileName:)``; used by
/// ``GraphvizRenderer/renderWithWarnings(_:positions:format:)``, which draws every map at exactly
/// these positions (Graphviz's `nop` engine, the library form of `neato -n`), so the same expert
/// stays in the same place from one map to the next.
public struct MapPositions: Sendable, Hashable {
    /// Node centre by node name. Coordinates are rounded to 1/10 point, so they survive a round
    /// trip through Graphviz's `pos` text unchanged.
    public var points: [String: MapPoint]
    /// Width of the canvas, from x = 0.
    public var width: Double
    /// Height of the canvas, from y = 0.
    public var height: Double

    /// Creates positions; the canvas defaults to the points' extent plus a 36-point margin.
    public init(points: [String: MapPoint], width: Double? = nil, height: Double? = nil) {
        var rounded = [String: MapPoint](minimumCapacity: points.count)
        for (k, p) in points { rounded[k] = MapPoint(x: Self.round(p.x), y: Self.round(p.y)) }
        self.points = rounded
        self.width = Self.round(width ?? ((rounded.values.map(\.x).max() ?? 0) + 36))
        self.height = Self.round(height ?? ((rounded.values.map(\.y).max() ?? 0) + 36))
    }

    /// The position of the node called `name`.
    public subscript(name: String) -> MapPoint? { points[name] }

    /// Reads the `pos` of every node of a laid-out DOT graph (e.g. written by `liaison render --format
    /// dot` or `dot -Tdot`), through cgraph. Nodes without a `pos`, or with one that is not `x,y`, are
    /// left out. Positions are shifted so that the smallest x and y sit 36 points from the origin.
    ///
    /// - Throws: ``GraphvizError/graphConstruction(_:messages:)`` when the text is not DOT.
    public static func read(dot text: String, fileName: String = "<dot>") throws -> MapPositions {
        var points = [String: MapPoint]()
        for (name, pos) in try GraphvizReading.positions(dot: text, fileName: fileName) {
            let parts = pos.replacingOccurrences(of: "!", with: "").split(separator: ",")
            guard parts.count >= 2, let x = Double(parts[0].trimmingCharacters(in: .whitespaces)),
                  let y = Double(parts[1].trimmingCharacters(in: .whitespaces)), x.isFinite, y.isFinite else { continue }
            points[name] = MapPoint(x: x, y: y)
        }
        let minX = points.values.map(\.x).min() ?? 0, minY = points.values.map(\.y).min() ?? 0
        for (k, p) in points { points[k] = MapPoint(x: p.x - minX + 36, y: p.y - minY + 36) }
        return MapPositions(points: points)
    }

    /// To 1/10 point: what Graphviz's `pos` output (`%.5g`) keeps exactly up to 9999.9 points.
    static func round(_ x: Double) -> Double { x.isFinite ? (x * 10).rounded() / 10 : 0 }

    static func format(_ x: Double) -> String {
        let r = round(x)
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.1f", r)
    }
}

extension GraphvizRenderer {
    /// Node attribute marking the two invisible nodes that fix the canvas of a pinned map (they are
    /// not drawn in SVG or PNG; DOT output carries them, and Liaison's readers skip them).
    static let frameMarker = "liaison_frame"

    /// Lays `doc` out with `layout` and returns where every node went — a base layout to draw later
    /// maps with (``renderWithWarnings(_:positions:format:)``).
    ///
    /// The graph label is left out while laying out (it would shift the drawing), labelled nodes are
    /// laid out with room for their labels, a fixed seed
    /// (`start`, default 1) makes the result reproducible, and positions are shifted so the nodes'
    /// lower-left corner is 72 points from the origin (room for labels); the canvas leaves as much
    /// on the other sides.
    ///
    /// - Throws: ``GraphvizError``.
    public static func layoutPositions(_ doc: MapDocument, layout: MapLayout = .sfdp) throws -> MapPositions {
        // Name labels need room beside their nodes (see ``MapDocument/reservingLabelSpace()``).
        let laidOut = doc.hasExternalLabels && doc.clusters.isEmpty ? doc.reservingLabelSpace() : doc
        let (points, box) = try rawLayout(laidOut, engine: layout.rawValue)
        let margin = 72.0 // room for the name labels beside the outermost nodes
        var shifted = [String: MapPoint](minimumCapacity: points.count)
        for (k, p) in points { shifted[k] = MapPoint(x: p.x - box.0 + margin, y: p.y - box.1 + margin) }
        return MapPositions(points: shifted, width: box.2 - box.0 + 2 * margin, height: box.3 - box.1 + 2 * margin)
    }

    /// Draws `doc` with every node at its position in `positions` (Graphviz's `nop` layout, the
    /// library form of `neato -n`): nothing moves, edges are drawn straight between the given
    /// centres, and the canvas is the positions' whole canvas, so maps drawn with the same positions
    /// line up when laid side by side or flipped through.
    ///
    /// Nodes `positions` does not know are placed at the centre of their positioned neighbours (else
    /// in a row below the canvas) and listed in a note. Overlap removal is off (`overlap=true`), the
    /// drawing is not translated (`notranslate=true`), clusters get the box around their members.
    ///
    /// - Throws: ``GraphvizError``.
    public static func renderWithWarnings(_ doc: MapDocument, positions: MapPositions,
                                          format: MapFormat = .svg) throws -> MapRendering {
        let (pinned, notes) = doc.pinned(to: positions)
        return try Graphviz.withLock {
            let context = try GraphvizContext.shared()
            let r = try render(pinned, engine: "nop", format: format.rawValue, in: context)
            return MapRendering(data: r.data, warnings: notes + r.warnings)
        }
    }

    /// Like ``renderWithWarnings(_:positions:format:)``, without the warnings.
    public static func render(_ doc: MapDocument, positions: MapPositions, format: MapFormat = .svg) throws -> Data {
        try renderWithWarnings(doc, positions: positions, format: format).data
    }
}

extension MapDocument {
    /// The document with `pos="x,y!"` on every node, the canvas fixed by two invisible frame nodes,
    /// cluster boxes (`bb`) around their members and the layout-only graph attributes removed.
    func pinned(to positions: MapPositions) -> (MapDocument, [String]) {
        var d = self
        var notes = [String]()
        var point = [String: MapPoint](minimumCapacity: nodes.count)
        for n in nodes { if let p = positions[n.name] { point[n.name] = p } }
        // Unknown nodes: at their positioned neighbours' centre, else in a row under the canvas.
        let missing = nodes.map(\.name).filter { point[$0] == nil }
        if !missing.isEmpty {
            var neighbours = [String: [MapPoint]]()
            for e in edges {
                if point[e.source] == nil, let p = point[e.target] { neighbours[e.source, default: []].append(p) }
                if point[e.target] == nil, let p = point[e.source] { neighbours[e.target, default: []].append(p) }
            }
            var row = 0
            for (k, name) in missing.enumerated() {
                if let ps = neighbours[name], !ps.isEmpty {
                    let cx = ps.map(\.x).reduce(0, +) / Double(ps.count), cy = ps.map(\.y).reduce(0, +) / Double(ps.count)
                    let angle = Double(k) * 2.399963 // golden angle: spread nodes sharing a centre
                    point[name] = MapPoint(x: MapPositions.round(cx + 18 * cos(angle)), y: MapPositions.round(cy + 18 * sin(angle)))
                } else {
                    point[name] = MapPoint(x: Double(36 + 24 * (row % 40)), y: Double(-24 - 24 * (row / 40)))
                    row += 1
                }
            }
            let shown = missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
            notes.append("Note: \(missing.count) node\(missing.count == 1 ? " has" : "s have") no base position (\(shown)); "
                         + "placed beside \(missing.count == 1 ? "its" : "their") neighbours")
        }
        d.nodes = nodes.map { n in
            var m = n
            if let p = point[n.name] { m.attributes["pos"] = p.description + "!" }
            m.attributes["pin"] = "true"
            return m
        }
        // Two invisible nodes at the canvas corners keep every map of these positions the same size.
        let taken = Set(nodes.map(\.name))
        var prefix = "liaison frame"
        while taken.contains(prefix + " ll") || taken.contains(prefix + " ur") { prefix += "_" }
        let frame: [String: String] = [
            "style": "invis", "shape": "point", "width": "0.01", "height": "0.01", "label": "", "xlabel": "",
            "tooltip": "", "fixedsize": "true", GraphvizRenderer.frameMarker: "true",
        ]
        let minY = min(0, point.values.map(\.y).min() ?? 0)
        var ll = frame, ur = frame
        ll["pos"] = MapPoint(x: 0, y: minY).description + "!"
        ur["pos"] = MapPoint(x: positions.width, y: positions.height).description + "!"
        d.nodes.append(Node(name: prefix + " ll", attributes: ll))
        d.nodes.append(Node(name: prefix + " ur", attributes: ur))

        // Cluster boxes: nop draws a cluster only where its `bb` is given.
        func size(_ n: Node, _ key: String, _ fallback: Double) -> Double {
            (Double(n.attributes[key] ?? nodeDefaults[key] ?? "") ?? fallback) * 72
        }
        var nodeByName = [String: Node](minimumCapacity: nodes.count)
        for n in nodes { nodeByName[n.name] = n }
        d.clusters = clusters.map { c in
            var c = c
            var box: (Double, Double, Double, Double)?
            for m in c.members {
                guard let p = point[m], let n = nodeByName[m] else { continue }
                let hw = size(n, "width", 0.75) / 2, hh = size(n, "height", 0.5) / 2
                let b = (p.x - hw, p.y - hh, p.x + hw, p.y + hh)
                box = box.map { (min($0.0, b.0), min($0.1, b.1), max($0.2, b.2), max($0.3, b.3)) } ?? b
            }
            if let b = box {
                let fontsize = Double(c.attributes["fontsize"] ?? graphAttributes["fontsize"] ?? "") ?? 14
                let labelRoom = c.label.isEmpty ? 0 : fontsize * 1.3
                let text = Double(c.label.count) * fontsize * 0.55
                let pad = 6.0
                var (x0, y0, x1, y1) = (b.0 - pad, b.1 - pad, b.2 + pad, b.3 + pad + labelRoom)
                if x1 - x0 < text + 2 * pad { let grow = (text + 2 * pad - (x1 - x0)) / 2; x0 -= grow; x1 += grow }
                c.attributes["bb"] = [x0, y0, x1, y1].map(MapPositions.format).joined(separator: ",")
                if labelRoom > 0 {
                    c.attributes["lp"] = MapPositions.format((x0 + x1) / 2) + "," + MapPositions.format(y1 - labelRoom / 2 - 1)
                }
            }
            return c
        }
        for key in ["overlap", "start", "K", "sep", "esep", "overlap_scaling", "repulsiveforce", "maxiter", "mode", "model"] {
            d.graphAttributes[key] = nil
        }
        d.graphAttributes["overlap"] = "true"
        d.graphAttributes["notranslate"] = "true"
        return (d, notes)
    }
}

/// Reading DOT text through cgraph, under the Graphviz lock.
enum GraphvizReading {
    /// Parses `text` with `agmemread`. Graphviz's syntax errors come back as
    /// ``GraphvizError/graphConstruction(_:messages:)`` with its messages (`… syntax error in line N near …`).
    ///
    /// Text past ``DOTInputLimits`` is refused before cgraph sees it. A parse that cgraph reports as
    /// an error (`agerrors()` at `AGERR` or above) fails even when cgraph returns a graph: after an
    /// error (e.g. its parser's stack exhausted by deep nesting) that graph holds only the part read
    /// before it, and using it would lose the rest silently.
    static func parse(_ text: String, fileName: String) throws -> GraphvizGraph {
        if let issue = DOTInputLimits.issue(text.utf8, file: fileName) {
            throw GraphvizError.graphConstruction("input refused before parsing", messages: [issue.description])
        }
        return try Graphviz.withLock {
            // cgraph's scanner keeps what it had buffered after the previous graph (the rest of its
            // last line, usually the newline after `}`), and counts it into the next read's lines:
            // drain it with an empty read first, discarding what that says.
            Diagnostics.begin()
            _ = "".withCString { agmemread($0) }
            Diagnostics.begin()
            // agsetfile names the input in messages and restarts line numbers at 1 (cgraph keeps
            // counting across reads otherwise). It keeps the pointer, so it gets a static string.
            agsetfile(UnsafeMutablePointer(mutating: fileNameForMessages))
            let g = text.withCString { agmemread($0) }
            let messages = Diagnostics.take()
            let failed = agerrors() >= Int32(AGERR.rawValue)
            guard let g, !failed else {
                if let g { agclose(g) }
                throw GraphvizError.graphConstruction(failed ? "agmemread reported an error" : "agmemread failed",
                                                      messages: messages.isEmpty ? ["Graphviz reported an error"] : messages)
            }
            return GraphvizGraph(adopting: g)
        }
    }

    /// The input name cgraph puts in its messages; the caller replaces it with the real file name.
    static let inputName = "<liaison-input>"
    nonisolated(unsafe) private static let fileNameForMessages: UnsafePointer<CChar> = {
        let bytes = Array(inputName.utf8CString)
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        p.initialize(from: bytes, count: bytes.count)
        return UnsafePointer(p)
    }()

    /// The `pos` text of every node of DOT `text` that has one (frame nodes left out), by node name.
    static func positions(dot text: String, fileName: String) throws -> [String: String] {
        try Graphviz.withLock {
            let graph = try parse(text, fileName: fileName)
            var out = [String: String]()
            var n = agfstnode(graph.pointer)
            while let node = n {
                defer { n = agnxtnode(graph.pointer, node) }
                let raw = UnsafeMutableRawPointer(node)
                guard let name = agnameof(raw), let pos = attribute(raw, "pos"), !pos.isEmpty,
                      attribute(raw, GraphvizRenderer.frameMarker) != "true" else { continue }
                out[String(cString: name)] = pos
            }
            return out
        }
    }

    /// The value of attribute `name` on `object`, `nil` when undeclared. Call under the lock.
    static func attribute(_ object: UnsafeMutableRawPointer, _ name: String) -> String? {
        guard let v = name.withCString({ agget(object, UnsafeMutablePointer(mutating: $0)) }) else { return nil }
        return String(cString: v)
    }
}
