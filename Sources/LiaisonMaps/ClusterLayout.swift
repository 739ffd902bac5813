import Foundation

extension GraphvizRenderer {
    /// A two-level layout for documents with clusters, where `fdp`'s own cluster handling lets boxes
    /// overlap on dense networks (Graphviz 2.43): each cluster's members are laid out on their own
    /// (`neato`, with overlap removal), each cluster then becomes one box of that size, and the boxes
    /// (with the nodes outside clusters) are arranged with overlap removal (`prism`), pulled
    /// together by the links between them. Nodes keep their place inside their box.
    ///
    /// Draw the result with ``renderWithWarnings(_:positions:format:)``, which draws each cluster's
    /// box around its members. A node listed in several clusters belongs to the first.
    ///
    /// - Parameter layout: the engine arranging the boxes: `sfdp`, else `neato` (Graphviz 2.43's `fdp`
    ///   leaves large boxes overlapping even with overlap removal, so `fdp` is drawn by `neato` too).
    /// - Throws: ``GraphvizError``.
    public static func clusteredLayoutPositions(_ doc: MapDocument, layout: MapLayout = .fdp) throws -> MapPositions {
        var nodeByName = [String: MapDocument.Node](minimumCapacity: doc.nodes.count)
        for n in doc.nodes { nodeByName[n.name] = n }
        var clusterOf = [String: Int]()
        for (i, c) in doc.clusters.enumerated() {
            for m in c.members where clusterOf[m] == nil && nodeByName[m] != nil { clusterOf[m] = i }
        }
        func size(_ n: MapDocument.Node) -> (Double, Double) {
            let w = (Double(n.attributes["width"] ?? doc.nodeDefaults["width"] ?? "") ?? 0.75) * 72
            let h = (Double(n.attributes["height"] ?? doc.nodeDefaults["height"] ?? "") ?? 0.5) * 72
            return (w, h)
        }
        let graphFont = Double(doc.graphAttributes["fontsize"] ?? "") ?? 14

        /// A box to place: its members' offsets from the box centre, and its size.
        struct Block {
            var members: [String: MapPoint]
            var width: Double
            var height: Double
        }
        var blocks = [Block]()
        var blockOf = [String: Int]()

        // Inside each cluster.
        for (i, c) in doc.clusters.enumerated() {
            let members = c.members.filter { clusterOf[$0] == i }
            guard !members.isEmpty else { continue }
            let set = Set(members)
            var inner = [String: MapPoint]()
            var box: (Double, Double, Double, Double)
            if members.count == 1, let n = nodeByName[members[0]] {
                let (w, h) = size(n)
                inner[members[0]] = MapPoint(x: 0, y: 0)
                box = (-w / 2, -h / 2, w / 2, h / 2)
            } else {
                var attributes: [String: String] = ["overlap": "prism", "sep": "+4", "start": "1", "splines": "false"]
                for key in ["forcelabels", "fontname", "fontsize"] { attributes[key] = doc.graphAttributes[key] }
                let sub = MapDocument(name: "cluster", directed: doc.directed, graphAttributes: attributes,
                                      nodeDefaults: doc.nodeDefaults, edgeDefaults: doc.edgeDefaults,
                                      nodes: members.compactMap { nodeByName[$0] },
                                      edges: doc.edges.filter { set.contains($0.source) && set.contains($0.target) })
                let laid = try rawLayout(sub, engine: MapLayout.neato.rawValue)
                inner = laid.points
                box = laid.box
            }
            let fontsize = Double(c.attributes["fontsize"] ?? "") ?? graphFont
            let labelRoom = c.label.isEmpty ? 0 : fontsize * 1.3
            let labelWidth = Double(c.label.count) * fontsize * 0.55
            let pad = 10.0
            let width = max(box.2 - box.0, labelWidth) + 2 * pad
            let height = box.3 - box.1 + 2 * pad + labelRoom
            // Centre of the member area inside the block: below the label.
            let cx = (box.0 + box.2) / 2, cy = (box.1 + box.3) / 2
            var offsets = [String: MapPoint]()
            for (k, p) in inner { offsets[k] = MapPoint(x: p.x - cx, y: p.y - cy - labelRoom / 2) }
            for m in members { blockOf[m] = blocks.count }
            blocks.append(Block(members: offsets, width: width, height: height))
        }
        // Nodes outside clusters: a block each.
        for n in doc.nodes where blockOf[n.name] == nil {
            let (w, h) = size(n)
            blockOf[n.name] = blocks.count
            blocks.append(Block(members: [n.name: MapPoint(x: 0, y: 0)], width: w + 8, height: h + 8))
        }

        // The boxes, pulled together by the links between them.
        var links = [[Int]: Int]()
        for e in doc.edges {
            guard let a = blockOf[e.source], let b = blockOf[e.target], a != b else { continue }
            links[[min(a, b), max(a, b)], default: 0] += 1
        }
        // fdp (2.43) leaves big boxes overlapping even with overlap removal; neato's prism does not.
        let engine: MapLayout = layout == .sfdp ? .sfdp : .neato
        let top = MapDocument(
            name: "blocks", directed: false,
            graphAttributes: ["overlap": "prism", "overlap_scaling": "0", "sep": "+12", "start": "1", "splines": "false"],
            nodeDefaults: ["shape": "box", "fixedsize": "true", "label": ""],
            nodes: blocks.enumerated().map { i, b in
                MapDocument.Node(name: "b\(i)", attributes: ["width": String(format: "%.3f", b.width / 72),
                                                              "height": String(format: "%.3f", b.height / 72)])
            },
            edges: links.keys.sorted { $0[0] != $1[0] ? $0[0] < $1[0] : $0[1] < $1[1] }.map {
                MapDocument.Edge(source: "b\($0[0])", target: "b\($0[1])",
                                 attributes: ["weight": String(min(10, links[$0] ?? 1)), "len": "0.2"])
            })
        let placed = try rawLayout(top, engine: engine.rawValue)

        var points = [String: MapPoint]()
        for (i, b) in blocks.enumerated() {
            guard let c = placed.points["b\(i)"] else { continue }
            for (k, o) in b.members { points[k] = MapPoint(x: c.x + o.x, y: c.y + o.y) }
        }
        // Shift so the blocks start 72 points from the origin.
        let margin = 72.0 // room for the name labels beside the outermost nodes
        let box = placed.box
        for (k, p) in points { points[k] = MapPoint(x: p.x - box.0 + margin, y: p.y - box.1 + margin) }
        return MapPositions(points: points, width: box.2 - box.0 + 2 * margin, height: box.3 - box.1 + 2 * margin)
    }

    /// Lays `doc` out (without its graph label) and returns node centres and the box around the
    /// nodes (external labels not included), in Graphviz's coordinates.
    static func rawLayout(_ doc: MapDocument, engine: String) throws
        -> (points: [String: MapPoint], box: (Double, Double, Double, Double)) {
        var base = doc
        base.graphAttributes["label"] = nil
        base.htmlLabel = nil
        if base.graphAttributes["start"] == nil { base.graphAttributes["start"] = "1" }
        return try Graphviz.withLock {
            let context = try GraphvizContext.shared()
            let (safe, _) = base.avoidingKnownCrashes(engine: engine, version: GraphvizInfo.version)
            let graph = try build(safe)
            // `start` seeds the engines' own generator; GraphvizLayout reseeds the C library's.
            let laidOut = try GraphvizLayout(context: context, graph: graph, engine: engine)
            // The box around the nodes themselves: Graphviz's bounding box also covers the external
            // labels, whose placement is not reproducible from one run to the next.
            let (points, sizes, _) = laidOut.nodePositions()
            var box = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
            for (k, p) in points {
                let (w, h) = sizes[k] ?? (0, 0)
                box = (min(box.0, p.x - w / 2), min(box.1, p.y - h / 2), max(box.2, p.x + w / 2), max(box.3, p.y + h / 2))
            }
            if points.isEmpty { box = (0, 0, 0, 0) }
            return (points, box)
        }
    }
}
