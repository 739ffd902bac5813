import CGraphviz
import CGraphvizPNG
import Foundation

// Owners of Graphviz's C objects, modelled on Graphviz's C++ wrapper (lib/gvc++): a context and a graph
// are independent owners; a layout holds strong references to both and frees its layout data in its
// deinit, so the layout is always freed before the graph is closed and before the context is freed.
// Each object frees its C resource exactly once, in deinit, under the Graphviz lock.
//
// The classes are `@unchecked Sendable`: they have no mutable state outside the Graphviz lock, and every
// method (and deinit) takes that lock.

/// A Graphviz context (`GVC_t`): plugin tables, fonts, render jobs. Owns one `gvContext()`.
final class GraphvizContext: @unchecked Sendable {
    /// The `GVC_t *`; valid for the object's lifetime.
    let pointer: OpaquePointer

    /// Creates a context (`gvContext()`), which reads Graphviz's plugin configuration, and adds
    /// Liaison's PNG device (`png:cairo:liaison`, see `Sources/CGraphvizPNG`).
    init() throws {
        pointer = try Graphviz.withLock {
            Diagnostics.begin()
            guard let p = gvContext() else { throw GraphvizError.contextUnavailable }
            liaison_add_png_device(UnsafeMutableRawPointer(p))
            _ = Diagnostics.take()
            return p
        }
    }

    deinit {
        let p = pointer
        Graphviz.withLock {
            Diagnostics.begin()
            _ = gvFreeContext(p)
            _ = Diagnostics.take()
        }
    }

    /// Guarded by the Graphviz lock.
    nonisolated(unsafe) private static var sharedContext: GraphvizContext?

    /// The process-wide context used by ``GraphvizRenderer``, created on first use and kept for the
    /// process lifetime (creating a context reads the plugin configuration, which is not free).
    static func shared() throws -> GraphvizContext {
        try Graphviz.withLock {
            if let c = sharedContext { return c }
            let c = try GraphvizContext()
            sharedContext = c
            return c
        }
    }
}

/// A cgraph graph (`Agraph_t`), owning one `agopen`/`agclose` pair. Nodes, edges and subgraphs
/// belong to it and are freed with it.
final class GraphvizGraph: @unchecked Sendable {
    /// The root graph; valid for the object's lifetime.
    let pointer: UnsafeMutablePointer<Agraph_t>
    /// Whether a ``GraphvizLayout`` currently holds layout data for this graph. Guarded by the lock.
    var hasLayout = false

    /// Opens an empty graph.
    init(name: String, directed: Bool) throws {
        pointer = try Graphviz.withLock {
            Diagnostics.begin()
            let desc = directed ? liaison_agdirected() : liaison_agundirected()
            let g = name.withCString { agopen(UnsafeMutablePointer(mutating: $0), desc, nil) }
            guard let g else {
                throw GraphvizError.graphConstruction("agopen failed", messages: Diagnostics.take())
            }
            return g
        }
    }

    /// Takes ownership of a graph cgraph made elsewhere (`agmemread`); it is closed in deinit.
    init(adopting graph: UnsafeMutablePointer<Agraph_t>) {
        pointer = graph
    }

    deinit {
        let g = pointer
        Graphviz.withLock {
            Diagnostics.begin()
            _ = agclose(g)
            _ = Diagnostics.take()
        }
    }

    /// Declares (or changes) the default value of an attribute for graphs, nodes or edges
    /// (`AGRAPH`, `AGNODE`, `AGEDGE`). Call before creating the objects it should apply to.
    func declare(kind: Int32, _ name: String, default value: String) throws {
        try Graphviz.withLock {
            let sym = name.withCString { n in
                value.withCString { v in
                    agattr(pointer, kind, UnsafeMutablePointer(mutating: n), UnsafeMutablePointer(mutating: v))
                }
            }
            if sym == nil {
                throw GraphvizError.graphConstruction("agattr \(name) failed", messages: Diagnostics.take())
            }
        }
    }

    /// Sets an attribute on a graph, subgraph, node or edge of this graph with `agsafeset`, declaring
    /// it (default empty) when needed — plain `agset` silently ignores undeclared attributes.
    func set(_ object: UnsafeMutableRawPointer, _ name: String, _ value: String) {
        Graphviz.withLock {
            _ = name.withCString { n in
                value.withCString { v in
                    "".withCString { d in
                        agsafeset(object, UnsafeMutablePointer(mutating: n), UnsafeMutablePointer(mutating: v),
                                  UnsafeMutablePointer(mutating: d))
                    }
                }
            }
        }
    }

    /// Sets an HTML-like label (Graphviz's `label=<…>`) on an object of this graph: the value is made
    /// an HTML string with `agstrdup_html`, then set with `agsafeset` (which keeps the HTML flag, as
    /// the DOT parser does), and the extra reference is released.
    func setHTML(_ object: UnsafeMutableRawPointer, _ name: String, _ html: String) {
        Graphviz.withLock {
            html.withCString { h in
                guard let value = agstrdup_html(pointer, UnsafeMutablePointer(mutating: h)) else { return }
                defer { _ = agstrfree(pointer, value) }
                _ = name.withCString { n in
                    "".withCString { d in
                        agsafeset(object, UnsafeMutablePointer(mutating: n), value, UnsafeMutablePointer(mutating: d))
                    }
                }
            }
        }
    }

    /// Creates the node called `name` in the root graph.
    func addNode(_ name: String) throws -> UnsafeMutablePointer<Agnode_t> {
        try Graphviz.withLock {
            let n = name.withCString { agnode(pointer, UnsafeMutablePointer(mutating: $0), 1) }
            guard let n else {
                throw GraphvizError.graphConstruction("agnode \(name) failed", messages: Diagnostics.take())
            }
            return n
        }
    }

    /// Creates an edge (a new one even when the pair is already linked: the graph is not strict).
    func addEdge(from tail: UnsafeMutablePointer<Agnode_t>,
                 to head: UnsafeMutablePointer<Agnode_t>) throws -> UnsafeMutablePointer<Agedge_t> {
        try Graphviz.withLock {
            guard let e = agedge(pointer, tail, head, nil, 1) else {
                throw GraphvizError.graphConstruction("agedge failed", messages: Diagnostics.take())
            }
            return e
        }
    }

    /// Creates a subgraph of the root graph (a cluster when the name starts with `cluster`).
    func addSubgraph(_ name: String) throws -> UnsafeMutablePointer<Agraph_t> {
        try Graphviz.withLock {
            let s = name.withCString { agsubg(pointer, UnsafeMutablePointer(mutating: $0), 1) }
            guard let s else {
                throw GraphvizError.graphConstruction("agsubg \(name) failed", messages: Diagnostics.take())
            }
            return s
        }
    }

    /// Adds an existing node of the root graph to a subgraph.
    func add(_ node: UnsafeMutablePointer<Agnode_t>, to subgraph: UnsafeMutablePointer<Agraph_t>) throws {
        try Graphviz.withLock {
            if agsubnode(subgraph, node, 1) == nil {
                throw GraphvizError.graphConstruction("agsubnode failed", messages: Diagnostics.take())
            }
        }
    }
}

/// A layout of one graph computed in one context (`gvLayout`), freed with `gvFreeLayout` in deinit.
///
/// Holds strong references to its graph and context, so neither can be closed or freed while the
/// layout data exists. A graph has at most one layout at a time: creating a second one while the
/// first is alive throws ``GraphvizError/alreadyLaidOut``.
final class GraphvizLayout: @unchecked Sendable {
    /// The context the layout was computed in (and renders through).
    let context: GraphvizContext
    /// The laid-out graph.
    let graph: GraphvizGraph
    /// The engine name, e.g. `sfdp`.
    let engine: String
    /// Warnings Graphviz printed while laying out.
    let warnings: [String]
    /// Which layout this is in process order (see ``GraphvizLayout/render(format:)``). Guarded by the lock.
    private var generation: UInt64

    /// Counts layouts made in this process. Guarded by the Graphviz lock.
    nonisolated(unsafe) private static var latestGeneration: UInt64 = 0

    /// Lays `graph` out with `engine` in `context`.
    init(context: GraphvizContext, graph: GraphvizGraph, engine: String) throws {
        // Everything that can fail happens before the stored properties are set, so a failed init
        // never runs deinit (which would call gvFreeLayout a second time).
        let (warnings, generation): ([String], UInt64) = try Graphviz.withLock {
            guard !graph.hasLayout else { throw GraphvizError.alreadyLaidOut }
            let messages = try Self.layOut(context: context, graph: graph, engine: engine)
            graph.hasLayout = true
            return (messages, Self.latestGeneration)
        }
        self.context = context
        self.graph = graph
        self.engine = engine
        self.warnings = warnings
        self.generation = generation
    }

    /// Runs `gvLayout`; on failure frees whatever it left and throws. Call with the lock held.
    private static func layOut(context: GraphvizContext, graph: GraphvizGraph, engine: String) throws -> [String] {
        Diagnostics.begin()
        // The engines seed their own generator from `start`, but overlap removal and some engines
        // draw from the C library's rand()/drand48(), whose state is whatever ran before in the
        // process: reseeding here (under the lock) makes every layout — and a redone one in
        // `render(format:)` — the same whatever came before.
        srand(1)
        srand48(1)
        let rc = engine.withCString { gvLayout(context.pointer, graph.pointer, $0) }
        let messages = Diagnostics.take()
        if rc != 0 {
            // gvLayout may fail half-way (after binding layout records); free what it left.
            _ = gvFreeLayout(context.pointer, graph.pointer)
            _ = Diagnostics.take()
            if Diagnostics.mentionsUnknownPlugin(messages) {
                throw GraphvizError.layoutUnavailable(engine: engine, messages: messages)
            }
            throw GraphvizError.layoutFailed(engine: engine, code: rc, messages: messages)
        }
        latestGeneration &+= 1
        return messages
    }

    deinit {
        let c = context, g = graph
        Graphviz.withLock {
            Diagnostics.begin()
            _ = gvFreeLayout(c.pointer, g.pointer) // safe when already freed: it checks for layout records
            _ = Diagnostics.take()
            g.hasLayout = false
        }
    }

    /// Where the layout put each node (centre, in points, Graphviz's y-up coordinates), keyed by node
    /// name, and the drawing's bounding box (lower-left x, y, upper-right x, y). Read from the layout
    /// records, so valid for as long as this layout exists.
    func nodePositions() -> (points: [String: MapPoint], sizes: [String: (width: Double, height: Double)],
                             box: (Double, Double, Double, Double)) {
        Graphviz.withLock {
            var points = [String: MapPoint]()
            var sizes = [String: (width: Double, height: Double)]()
            var n = agfstnode(graph.pointer)
            while let node = n {
                if let name = agnameof(UnsafeMutableRawPointer(node)) {
                    let key = String(cString: name)
                    points[key] = MapPoint(x: liaison_node_x(node), y: liaison_node_y(node))
                    sizes[key] = (liaison_node_width(node) * 72, liaison_node_height(node) * 72)
                }
                n = agnxtnode(graph.pointer, node)
            }
            let g = graph.pointer
            return (points, sizes, (liaison_graph_bb(g, 0), liaison_graph_bb(g, 1), liaison_graph_bb(g, 2), liaison_graph_bb(g, 3)))
        }
    }

    /// Renders the laid-out graph to memory with `gvRenderData` (freed with `gvFreeRenderData`).
    ///
    /// Graphviz keeps the attribute symbols of the most recently laid-out graph in process globals
    /// (`N_width`, `E_penwidth`, … set by `graph_init` during `gvLayout`) and the renderer reads
    /// attributes through them. Rendering a graph after another graph was laid out would read the
    /// other graph's symbols — freed memory once that graph is closed. So when another layout was made
    /// since this one, this layout is first redone (same engine and, as every layout reseeds the C
    /// library's generators, the same result — except that neato and fdp start from the `pos`
    /// attributes a previous `dot`-format rendering wrote).
    ///
    /// - Returns: the bytes and any warnings Graphviz printed while rendering.
    func render(format: String) throws -> (data: Data, warnings: [String]) {
        try Graphviz.withLock {
            if generation != Self.latestGeneration {
                // The graph stays reserved for this layout even if redoing it fails (deinit's
                // gvFreeLayout is then a no-op), so no second layout can be freed by this one's deinit.
                _ = gvFreeLayout(context.pointer, graph.pointer)
                _ = try Self.layOut(context: context, graph: graph, engine: engine)
                generation = Self.latestGeneration
            }
            let unplaced = placeExternalLabels()
            Diagnostics.begin()
            var result: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            // PNG: cairo draws, Liaison's device encodes (the same pixels, encoded faster and smaller).
            let device = format == MapFormat.png.rawValue ? LIAISON_PNG_FORMAT : format
            let rc = device.withCString { gvRenderData(context.pointer, graph.pointer, $0, &result, &length) }
            defer { if let result { gvFreeRenderData(result) } }
            let messages = Diagnostics.take()
            if rc != 0 {
                if Diagnostics.mentionsUnknownPlugin(messages) {
                    throw GraphvizError.formatUnavailable(format: format, messages: messages)
                }
                throw GraphvizError.renderFailed(format: format, code: rc, messages: messages)
            }
            guard let result, length > 0 || format != MapFormat.png.rawValue else {
                throw GraphvizError.renderFailed(format: format, code: rc, messages: messages + ["no output"])
            }
            let note = unplaced == 0 ? [] : ["Note: \(unplaced) name label\(unplaced == 1 ? " was" : "s were") left out: "
                                              + "no spot beside \(unplaced == 1 ? "its expert" : "their experts") was free (hover for names)"]
            return (Data(bytes: result, count: Int(length)), messages + note)
        }
    }

    /// Puts every external label (`xlabel`) against its own node, where ``LabelPlacement`` finds a
    /// free spot, hides the others, and grows the canvas to hold the labels. Call with the lock held,
    /// after layout and before rendering. Returns how many labels were left out.
    private func placeExternalLabels() -> Int {
        let g = graph.pointer
        var nodes: [LabelPlacement.Node] = []
        var labelled: [(node: UnsafeMutablePointer<Agnode_t>, index: Int)] = []
        var labels: [(node: Int, width: Double, height: Double)] = []
        var n = agfstnode(g)
        while let node = n {
            nodes.append(LabelPlacement.Node(x: liaison_node_x(node), y: liaison_node_y(node),
                                             rx: liaison_node_width(node) * 36, ry: liaison_node_height(node) * 36))
            if liaison_xlabel_exists(node) != 0 {
                labelled.append((node, nodes.count - 1))
                // Graphviz measured the text (with the fonts a browser uses: Liberation Sans is Arial-metric).
                labels.append((nodes.count - 1, liaison_xlabel_width(node) + 2, liaison_xlabel_height(node)))
            }
            n = agnxtnode(g, node)
        }
        guard !labels.isEmpty else { return 0 }
        var obstacles: [LabelPlacement.Box] = []
        if liaison_graph_label_exists(g) != 0 {
            let x = liaison_graph_label(g, 0), y = liaison_graph_label(g, 1)
            let w = liaison_graph_label(g, 2), h = liaison_graph_label(g, 3)
            obstacles.append(LabelPlacement.Box(x0: x - w / 2, y0: y - h / 2, x1: x + w / 2, y1: y + h / 2))
        }
        let boxes = LabelPlacement().place(nodes: nodes, labels: labels, obstacles: obstacles)
        var bb = (liaison_graph_bb(g, 0), liaison_graph_bb(g, 1), liaison_graph_bb(g, 2), liaison_graph_bb(g, 3))
        var unplaced = 0
        for (k, box) in boxes.enumerated() {
            let node = labelled[k].node
            guard let box else {
                liaison_xlabel_hide(node)
                unplaced += 1
                continue
            }
            let c = box.centre
            liaison_xlabel_place(node, c.x, c.y)
            bb = (min(bb.0, box.x0 - 4), min(bb.1, box.y0 - 4), max(bb.2, box.x1 + 4), max(bb.3, box.y1 + 4))
        }
        liaison_graph_set_bb(g, bb.0, bb.1, bb.2, bb.3)
        return unplaced
    }
}
