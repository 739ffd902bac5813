/// Where to put name labels on a laid-out map so that every label sits against its own node: it
/// touches the node, overlaps no other node and no other label, and so is nearer its own node than
/// any other. Graphviz's own external-label placement (`xlabel`) only avoids overlaps, and on a dense
/// map puts a name ~50 points from its node, nearer another expert; this replaces it after layout.
///
/// Pure geometry in Graphviz's coordinates (points, y up), with no Graphviz calls, so it is tested on
/// its own. Labels are placed greedily in priority order (the most influential expert first); each
/// takes the first free spot among 16 around its node — right, left, above, below, the four corners,
/// and the eight half-shifted sides — every one touching the node with a gap of `gap` points. A label
/// with no free spot is left out (its expert keeps its tooltip), never put where it would mislead.
///
/// This is the candidate-position model of map labelling (Christensen, Marks & Shieber 1995, "An
/// empirical study of algorithms for point-feature label placement"), with a greedy pass.
///
/// - Complexity: O(k · 16 · (n + k)) for k labels and n nodes; a few milliseconds for 25 labels on
///   a 250-expert map.
struct LabelPlacement {
    /// A node: centre and half-axes of its ellipse (a circle when equal).
    struct Node: Equatable {
        var x, y, rx, ry: Double
    }

    /// An axis-aligned box: lower-left and upper-right corners.
    struct Box: Equatable {
        var x0, y0, x1, y1: Double
        var centre: (x: Double, y: Double) { ((x0 + x1) / 2, (y0 + y1) / 2) }

        /// Whether the boxes overlap once each is grown by `pad`.
        func overlaps(_ b: Box, pad: Double) -> Bool {
            x0 - pad < b.x1 && b.x0 - pad < x1 && y0 - pad < b.y1 && b.y0 - pad < y1
        }

        /// The distance from the box to an ellipse's boundary, as a multiple of its half-axes: below 1
        /// means the box reaches inside (after growing the ellipse by `pad`).
        func intrudes(into n: Node, pad: Double) -> Bool {
            let px = min(max(n.x, x0), x1), py = min(max(n.y, y0), y1)
            let dx = (px - n.x) / (n.rx + pad), dy = (py - n.y) / (n.ry + pad)
            return dx * dx + dy * dy < 1
        }
    }

    /// Gap between a label and its own node, in points.
    var gap = 1.0
    /// Extra clearance kept from every other node, in points (so the own node is strictly nearest).
    var clearance = 2.5
    /// Space kept between two labels, in points.
    var labelSpacing = 1.0

    /// The 16 candidate boxes of a `w` × `h` label around `n`, in order of preference.
    func candidates(around n: Node, width w: Double, height h: Double) -> [Box] {
        let g = gap
        func box(cx: Double, cy: Double) -> Box { Box(x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2) }
        let c = 0.7071067811865476     // cos 45°: the ellipse point at the corner directions
        let right = n.x + n.rx + g + w / 2, left = n.x - n.rx - g - w / 2
        let above = n.y + n.ry + g + h / 2, below = n.y - n.ry - g - h / 2
        return [
            box(cx: right, cy: n.y), box(cx: left, cy: n.y), box(cx: n.x, cy: above), box(cx: n.x, cy: below),
            box(cx: n.x + n.rx * c + g + w / 2, cy: n.y + n.ry * c + g + h / 2),
            box(cx: n.x - n.rx * c - g - w / 2, cy: n.y + n.ry * c + g + h / 2),
            box(cx: n.x + n.rx * c + g + w / 2, cy: n.y - n.ry * c - g - h / 2),
            box(cx: n.x - n.rx * c - g - w / 2, cy: n.y - n.ry * c - g - h / 2),
            box(cx: right, cy: n.y + h / 2), box(cx: right, cy: n.y - h / 2),
            box(cx: left, cy: n.y + h / 2), box(cx: left, cy: n.y - h / 2),
            box(cx: n.x + w / 2, cy: above), box(cx: n.x - w / 2, cy: above),
            box(cx: n.x + w / 2, cy: below), box(cx: n.x - w / 2, cy: below),
        ]
    }

    /// Places `labels` (node index and size, in priority order) among `nodes`, keeping clear of
    /// `obstacles` (e.g. the legend). Returns each label's box, or `nil` for a label left out.
    func place(nodes: [Node], labels: [(node: Int, width: Double, height: Double)], obstacles: [Box] = []) -> [Box?] {
        var placed: [Box] = obstacles
        var result: [Box?] = []
        result.reserveCapacity(labels.count)
        for l in labels {
            guard nodes.indices.contains(l.node) else { result.append(nil); continue }
            let own = nodes[l.node]
            let spot = candidates(around: own, width: l.width, height: l.height).first { b in
                !placed.contains { $0.overlaps(b, pad: labelSpacing) }
                    && !nodes.indices.contains { k in k != l.node && b.intrudes(into: nodes[k], pad: clearance) }
            }
            if let spot { placed.append(spot) }
            result.append(spot)
        }
        return result
    }
}

extension MapDocument {
    /// Whether some node carries an external name label.
    var hasExternalLabels: Bool { nodes.contains { !($0.attributes["xlabel"] ?? "").isEmpty } }

    /// The document as laid out when its labels need room: each labelled node is laid out as a box as
    /// wide as itself plus its label on either side, so the force-directed layout's overlap removal
    /// (`overlap=prism`) keeps other nodes out of the spots beside it; the map is then drawn at those
    /// positions with the nodes at their real size (``GraphvizRenderer/renderWithWarnings(_:layout:format:)``).
    /// The label's width is estimated from its characters (0.6 em each), as no font is measured yet.
    func reservingLabelSpace() -> MapDocument {
        let fontsize = Double(nodeDefaults["fontsize"] ?? "") ?? 14
        var d = self
        d.nodes = nodes.map { n in
            guard let label = n.attributes["xlabel"], !label.isEmpty else { return n }
            var m = n
            let width = Double(n.attributes["width"] ?? nodeDefaults["width"] ?? "") ?? 0.75
            let height = Double(n.attributes["height"] ?? nodeDefaults["height"] ?? "") ?? 0.5
            let text = Double(label.count) * fontsize * 0.6 / 72 + 0.1
            m.attributes["shape"] = "box"
            m.attributes["width"] = String(width + text)
            m.attributes["height"] = String(max(height, fontsize * 1.4 / 72))
            m.attributes["fixedsize"] = "true"
            return m
        }
        return d
    }
}
