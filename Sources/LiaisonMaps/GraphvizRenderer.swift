import CGraphviz
import Foundation
import Liaison

/// A rendered map and what Graphviz had to say while producing it.
public struct MapRendering: Sendable {
    /// The output bytes (SVG/DOT text in UTF-8, PNG or PDF binary).
    public var data: Data
    /// Graphviz warnings (layout and rendering), one per line, e.g. `Warning: …`.
    public var warnings: [String]
}

/// Lays out and renders ``MapDocument``s with Graphviz's libraries (cgraph + gvc) — in process, never
/// by running the `dot` program. Safe to call from any thread: calls are serialized by
/// ``Graphviz/withLock(_:)``.
public enum GraphvizRenderer {
    /// Lays `doc` out with `layout` and renders it as `format`.
    ///
    /// - Throws: ``GraphvizError`` (invalid document, layout or plugin failure, with Graphviz's messages).
    public static func render(_ doc: MapDocument, layout: MapLayout = .sfdp, format: MapFormat = .svg) throws -> Data {
        try renderWithWarnings(doc, layout: layout, format: format).data
    }

    /// Like ``render(_:layout:format:)``, also returning Graphviz's warnings.
    ///
    /// Name labels (`xlabel`) are put against their own nodes after layout (``LabelPlacement``). With a
    /// force-directed layout (sfdp, neato, fdp) a map with labels is laid out with room reserved beside
    /// each labelled node (``MapDocument/reservingLabelSpace()``), then drawn at those positions.
    public static func renderWithWarnings(_ doc: MapDocument, layout: MapLayout = .sfdp,
                                          format: MapFormat = .svg) throws -> MapRendering {
        if doc.hasExternalLabels, doc.clusters.isEmpty, [.sfdp, .neato, .fdp].contains(layout) {
            let positions = try layoutPositions(doc, layout: layout)
            return try renderWithWarnings(doc, positions: positions, format: format)
        }
        return try Graphviz.withLock {
            let context = try GraphvizContext.shared()
            return try render(doc, engine: layout.rawValue, format: format.rawValue, in: context)
        }
    }

    /// Builds, lays out and renders in `context`; the layout, then the graph, are freed on return.
    static func render(_ doc: MapDocument, engine: String, format: String,
                       in context: GraphvizContext) throws -> MapRendering {
        try Graphviz.withLock {
            let (safe, notes) = doc.avoidingKnownCrashes(engine: engine, version: GraphvizInfo.version)
            let graph = try build(safe, forSVG: format == MapFormat.svg.rawValue)
            let layout = try GraphvizLayout(context: context, graph: graph, engine: engine)
            let out = try layout.render(format: format)
            let data = format == MapFormat.svg.rawValue ? GraphvizRenderer.withLabelHalo(out.data) : out.data
            return MapRendering(data: data, warnings: notes + layout.warnings + out.warnings)
        }
    }

    /// Builds the cgraph graph for `doc` (validating it first). Control characters, which XML cannot
    /// carry, are removed from every name and value; nodes that show their name through the default
    /// label get it as a literal label; `forSVG` applies ``MapDocument/preparedForSVG()``.
    static func build(_ original: MapDocument, forSVG: Bool = false) throws -> GraphvizGraph {
        let cleaned = original.withoutControlCharacters().withLiteralNameLabels()
        var seen = Set<String>()
        for n in cleaned.nodes {
            if n.name.isEmpty { throw GraphvizError.invalidDocument("a node has an empty name") }
            if !seen.insert(n.name).inserted { throw GraphvizError.invalidDocument("duplicate node name \(UserText.quoted(n.name))") }
        }
        for e in cleaned.edges {
            for end in [e.source, e.target] where !seen.contains(end) {
                throw GraphvizError.invalidDocument("edge \(e.source) -> \(e.target) names unknown node \(UserText.quoted(end))")
            }
        }
        for c in cleaned.clusters {
            for m in c.members where !seen.contains(m) {
                throw GraphvizError.invalidDocument("cluster \(UserText.quoted(c.name)) names unknown node \(UserText.quoted(m))")
            }
        }

        let doc = forSVG ? cleaned.preparedForSVG() : cleaned
        return try Graphviz.withLock {
            Diagnostics.begin()
            let g = try GraphvizGraph(name: doc.name.isEmpty ? "G" : doc.name, directed: doc.directed)
            let root = UnsafeMutableRawPointer(g.pointer)
            // Attributes in key order, so the output is deterministic. Defaults are declared before the
            // objects are created; the node label default is Graphviz's usual `\N` (the node name).
            try g.declare(kind: Int32(AGNODE), "label", default: "\\N")
            for (k, v) in doc.graphAttributes.sorted(by: { $0.key < $1.key }) { g.set(root, k, v) }
            if let html = doc.htmlLabel { g.setHTML(root, "label", html) }
            for (k, v) in doc.nodeDefaults.sorted(by: { $0.key < $1.key }) {
                try g.declare(kind: Int32(AGNODE), k, default: v)
            }
            for (k, v) in doc.edgeDefaults.sorted(by: { $0.key < $1.key }) {
                try g.declare(kind: Int32(AGOUTEDGE), k, default: v)
            }
            var nodes = [String: UnsafeMutablePointer<Agnode_t>](minimumCapacity: doc.nodes.count)
            for n in doc.nodes {
                let p = try g.addNode(n.name)
                nodes[n.name] = p
                for (k, v) in n.attributes.sorted(by: { $0.key < $1.key }) { g.set(UnsafeMutableRawPointer(p), k, v) }
            }
            for e in doc.edges {
                guard let t = nodes[e.source], let h = nodes[e.target] else { continue } // validated above
                let p = try g.addEdge(from: t, to: h)
                for (k, v) in e.attributes.sorted(by: { $0.key < $1.key }) { g.set(UnsafeMutableRawPointer(p), k, v) }
            }
            for c in doc.clusters {
                let s = try g.addSubgraph(c.graphvizName)
                let sp = UnsafeMutableRawPointer(s)
                if !c.label.isEmpty { g.set(sp, "label", c.label) }
                for (k, v) in c.attributes.sorted(by: { $0.key < $1.key }) { g.set(sp, k, v) }
                for m in c.members {
                    guard let n = nodes[m] else { continue } // validated above
                    try g.add(n, to: s)
                }
            }
            return g
        }
    }
}

extension GraphvizRenderer {
    /// The style an SVG map carries so that names stay readable over the lines they cross: a white
    /// halo behind every node's text (drawn by the viewer; PNG and PDF have no halo).
    static let labelHaloStyle = "<style>g.node text{paint-order:stroke;stroke:#FFFFFF;stroke-width:3px;stroke-linejoin:round}</style>"

    /// Graphviz's SVG with ``labelHaloStyle`` as the first child of the root element.
    static func withLabelHalo(_ svg: Data) -> Data {
        let bytes = [UInt8](svg)
        guard let open = bytes.firstRange(of: Array("<svg".utf8)),
              let close = bytes[open.upperBound...].firstIndex(of: UInt8(ascii: ">")) else { return svg }
        var out = Array(bytes[...close])
        out += Array(("\n" + labelHaloStyle).utf8)
        out += bytes[(close + 1)...]
        return Data(out)
    }
}

extension MapDocument {
    /// The document with `splines` settings that are known to crash or hang Graphviz 2.x replaced by
    /// straight lines, plus a note for each replacement.
    ///
    /// - `splines=true`/`spline`/`polyline` with the neato-family engines (neato, fdp, sfdp, circo,
    ///   twopi) runs a spline router that corrupts the heap on ordinary graphs in Graphviz 2.43
    ///   (invalid writes in `makeMultiSpline`/`mkRouter`, then `free()` aborts).
    /// - `splines=curved` enumerates every cycle of the graph (exponential) in Graphviz 2.43; it is
    ///   kept only for graphs with at most 30 edges.
    func avoidingKnownCrashes(engine: String, version: String) -> (MapDocument, [String]) {
        guard let major = Int(version.prefix { $0.isNumber }), major < 3,
              let splines = graphAttributes["splines"]?.trimmingCharacters(in: .whitespaces).lowercased()
        else { return (self, []) }
        var d = self
        if engine != "dot", ["true", "yes", "spline", "polyline", "compound"].contains(splines) {
            d.graphAttributes["splines"] = "line"
            return (d, ["Note: splines=\(splines) replaced by straight lines: Graphviz \(version)'s \(engine) "
                        + "spline router corrupts memory on some graphs"])
        }
        if splines == "curved", edges.count > 30 {
            d.graphAttributes["splines"] = "line"
            return (d, ["Note: splines=curved replaced by straight lines: Graphviz \(version) enumerates every "
                        + "cycle of the graph for curved edges, which takes exponential time"])
        }
        return (self, [])
    }

    /// The document with C0 control characters (other than tab and line breaks) and NULs removed.
    func withoutControlCharacters() -> MapDocument {
        func clean(_ s: String) -> String {
            guard s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" })
            else { return s }
            var out = String.UnicodeScalarView()
            for u in s.unicodeScalars where u.value >= 0x20 || u == "\t" || u == "\n" || u == "\r" { out.append(u) }
            return String(out)
        }
        func clean(_ d: [String: String]) -> [String: String] {
            var out = [String: String](minimumCapacity: d.count)
            for (k, v) in d { out[clean(k)] = clean(v) }
            return out
        }
        var d = self
        d.name = clean(name)
        d.graphAttributes = clean(graphAttributes)
        d.nodeDefaults = clean(nodeDefaults)
        d.edgeDefaults = clean(edgeDefaults)
        d.nodes = nodes.map { Node(name: clean($0.name), attributes: clean($0.attributes)) }
        d.edges = edges.map { Edge(source: clean($0.source), target: clean($0.target), attributes: clean($0.attributes)) }
        d.clusters = clusters.map {
            Cluster(name: clean($0.name), label: clean($0.label), members: $0.members.map(clean), attributes: clean($0.attributes))
        }
        d.htmlLabel = htmlLabel.map(clean)
        return d
    }

    /// The document with an explicit, literal `label` on every node whose name would otherwise be
    /// shown through the default label `\N` and contains a backslash or `&`: Graphviz re-reads the
    /// substituted name as an escaped string with HTML entities, which would mangle it.
    func withLiteralNameLabels() -> MapDocument {
        let defaultLabel = nodeDefaults["label"] ?? "\\N"
        var d = self
        d.nodes = nodes.map { n in
            guard n.name.contains("\\") || n.name.contains("&"),
                  (n.attributes["label"] ?? defaultLabel) == "\\N" else { return n }
            var m = n
            m.attributes["label"] = MapDocument.escapedLabel(n.name)
            return m
        }
        return d
    }

    /// The document adjusted for Graphviz 2.43's SVG writer.
    ///
    /// Graphviz writes object names (`<title>`, comments) and `id`/`class` values with `xml_string`,
    /// which escapes `&` only when it does not already start something that looks like an entity:
    /// a name containing `&B;` is copied as is, an undefined entity, and the SVG is not well-formed
    /// XML. Pre-escaping every `&` as `&amp;` in those strings makes Graphviz copy them unchanged, so
    /// the SVG carries exactly the original text. Apply after ``withLiteralNameLabels()``.
    func preparedForSVG() -> MapDocument {
        func amp(_ s: String) -> String { s.contains("&") ? s.replacingOccurrences(of: "&", with: "&amp;") : s }
        func ampIDs(_ d: [String: String]) -> [String: String] {
            var out = d
            for key in ["id", "class"] { if let v = out[key] { out[key] = amp(v) } }
            return out
        }
        var d = self
        d.name = amp(name)
        d.graphAttributes = ampIDs(graphAttributes)
        d.nodeDefaults = ampIDs(nodeDefaults)
        d.edgeDefaults = ampIDs(edgeDefaults)
        d.nodes = nodes.map { Node(name: amp($0.name), attributes: ampIDs($0.attributes)) }
        d.edges = edges.map { Edge(source: amp($0.source), target: amp($0.target), attributes: ampIDs($0.attributes)) }
        d.clusters = clusters.map {
            Cluster(name: amp($0.name), label: $0.label, members: $0.members.map(amp), attributes: ampIDs($0.attributes))
        }
        return d
    }
}
