import Foundation
import Liaison

/// Turns a dataset and its key-expert scores into a map of the referral network.
///
/// Node area grows with influence, fill colour shows tier (or region, institution), edge width grows
/// with patients, arrows show referral direction, the most influential experts are labelled and every
/// node has a tooltip. In SVG output each expert's `<g class="node">` carries `id` = the expert id.
public enum NetworkMap {
    /// The measures a map shows: influence (node size, label choice, order) and tier (colour), and
    /// what influence is made of — PageRank, betweenness, closeness (tooltips) and in-strength.
    /// Compute only these (``KeyExperts/compute(_:period:measures:model:options:)``): the full set
    /// adds eigenvector and HITS, iterative methods that can fail to converge on shapes a map draws
    /// well (a star of 10 000 spokes).
    public static let measures: Set<Measure> = [.influence, .tier]

    /// Builds the Graphviz document for the map (see ``select(_:scores:options:)`` for what is drawn).
    public static func document(_ dataset: Dataset, scores: ExpertScores,
                                options: MapOptions = MapOptions()) throws -> MapDocument {
        let selection = try select(dataset, scores: scores, options: options)
        return document(dataset, scores: scores, selection: selection, options: options)
    }

    /// Builds the document for an already-made selection.
    ///
    /// Besides the drawing attributes, nodes carry `name`, `institution`, `region` and `specialty`
    /// and edges `patients` (unless hidden by ``MapOptions/minCell``) as data attributes: Graphviz
    /// ignores them when drawing and writes them in DOT output, so `render --format dot` output
    /// reads back as a dataset (``DOTNetworkReader``). The legend is an HTML-like table
    /// (``MapDocument/htmlLabel``); `graphAttributes["label"]` holds the same text, plain.
    public static func document(_ dataset: Dataset, scores: ExpertScores, selection: MapSelection,
                                options: MapOptions = MapOptions()) -> MapDocument {
        let fontname = "Helvetica,Arial,sans-serif"
        let period = options.period ?? scores.period
        let count = selection.experts.count
        let style = MapStyle(experts: count)

        // Colours, with legend entries (colour, colour name, meaning).
        var colorOf: (Int) -> String
        var legendTitle: String
        var legendEntries: [(hex: String, name: String, meaning: String)]
        var legendMore = ""
        if let overlay = options.overlay {
            colorOf = { v in overlay.category(of: v)?.color ?? Palette.missing.hex }
            legendTitle = overlay.title
            legendEntries = overlay.categories.map { ($0.color, $0.colorName, $0.name) }
        } else {
        switch options.colorBy {
        case .tier, .coverage:
            colorOf = { v in Palette.tier(Self.value(scores.tier, v) ?? 3).hex }
            legendTitle = "tier"
            legendEntries = (1...3).map { (Palette.tier($0).hex, Palette.tier($0).name, "tier \($0)") }
        case .region, .institution:
            let key: (Int) -> String = options.colorBy == .region
                ? { dataset.experts[$0].region.trimmingSpaces }
                : { dataset.institutionName(ofExpert: $0).trimmingSpaces }
            var frequency = [String: Int]()
            for v in selection.experts { frequency[key(v), default: 0] += 1 }
            let categories = frequency.keys.filter { !$0.isEmpty }
                .sorted { frequency[$0] != frequency[$1] ? frequency[$0, default: 0] > frequency[$1, default: 0] : $0 < $1 }
            var slot = [String: Int]()
            for (i, c) in categories.enumerated() { slot[c] = i }
            colorOf = { v in slot[key(v)].map { Palette.categorical($0).hex } ?? Palette.missing.hex }
            legendTitle = options.colorBy.rawValue
            legendEntries = categories.prefix(6).map {
                let c = Palette.categorical(slot[$0] ?? 0)
                return (c.hex, c.name, $0)
            }
            if categories.count > legendEntries.count { legendMore = "…; colours repeat after 9" }
        }
        }
        var legendColors = "colour = \(legendTitle)"
        if !legendEntries.isEmpty {
            legendColors += " (" + legendEntries.map { "\($0.name) = \($0.meaning)" }.joined(separator: ", ")
                + (legendMore.isEmpty ? "" : ", " + legendMore) + ")"
        }

        // Labels go to the most influential drawn experts (selection order), and always the focus.
        var labelled = Set(selection.experts.prefix(max(0, options.labelTop)))
        if let f = selection.focus { labelled.insert(f) }

        // Patients received as shown beside the links (complementary suppression of the total).
        let received = MapFigures.patientsReceived(dataset.referralGraph(period: options.period ?? scores.period),
                                                   threshold: options.minCell)
        var nodes = [MapDocument.Node]()
        nodes.reserveCapacity(count)
        for v in selection.experts {
            let e = dataset.experts[v]
            let influence = max(0, min(1, value(scores.influence, v) ?? 0))
            let diameter = style.minDiameter + style.diameterRange * influence.squareRoot()
            var attributes: [String: String] = [
                "id": MapDocument.escaped(e.id),
                "width": fmt(diameter, 3),
                "height": fmt(diameter, 3),
                "fillcolor": colorOf(v),
                "tooltip": tooltip(dataset, scores, v, options, received: v < received.count ? received[v] : .empty),
                // Data, not drawing: kept in DOT output so it reads back as a dataset.
                "name": e.name,
            ]
            let inst = dataset.institutionName(ofExpert: v).trimmingSpaces
            if !inst.isEmpty { attributes["institution"] = inst }
            if !e.region.isEmpty { attributes["region"] = e.region }
            if !e.specialty.isEmpty { attributes["specialty"] = e.specialty }
            if labelled.contains(v) { attributes["xlabel"] = MapDocument.escapedLabel(shortName(e, style: style)) }
            if v == selection.focus { attributes["penwidth"] = "2"; attributes["color"] = "#000000" }
            nodes.append(.init(name: e.id, attributes: attributes))
        }

        let maxPatients = selection.links.map(\.patients).max() ?? 0
        var edges = [MapDocument.Edge]()
        edges.reserveCapacity(selection.links.count)
        // Undirected data holds each pair both ways with the same count: draw it once.
        for l in selection.links where !(options.undirected && l.source > l.target) {
            let s = dataset.experts[l.source], t = dataset.experts[l.target]
            // A hidden small count is drawn at the width of the threshold, so the line width cannot
            // give the count away.
            let shown = SmallCell.hides(l.patients, threshold: options.minCell) ? Double(options.minCell) : l.patients
            // Strength sets both width and darkness, so the strong links stand out of the web.
            let strength = maxPatients > 0 ? min(1, shown / maxPatients).squareRoot() : 0
            let width = style.minPen + style.penRange * strength
            var attributes = [
                "id": MapDocument.escaped("\(s.id)->\(t.id)"),
                "penwidth": fmt(width, 2),
                "color": "#4A4A4A" + String(format: "%02X", Int(0x38 + (0xD0 - 0x38) * strength)),
                "tooltip": MapDocument.escapedTooltip("\(displayName(s)) \(options.undirected ? "–" : "→") \(displayName(t)): \(patients(l.patients, options)) patients"),
            ]
            if !SmallCell.hides(l.patients, threshold: options.minCell) { attributes["patients"] = fmt(l.patients, 0) }
            edges.append(.init(source: s.id, target: t.id, attributes: attributes))
        }

        // Clusters: one box per institution (or region) with at least one drawn expert.
        var clusters = [MapDocument.Cluster]()
        if let clustering = options.cluster {
            let key: (Int) -> String = clustering == .region
                ? { dataset.experts[$0].region.trimmingSpaces }
                : { dataset.institutionName(ofExpert: $0).trimmingSpaces }
            var members = [String: [String]]()
            var order = [String]()
            for v in selection.experts {
                let k = key(v)
                if k.isEmpty { continue }
                if members[k] == nil { order.append(k) }
                members[k, default: []].append(dataset.experts[v].id)
            }
            for (i, k) in order.enumerated() {
                clusters.append(.init(name: "cluster_\(clustering.rawValue)_\(i + 1)", label: MapDocument.escapedLabel(k),
                                      members: members[k] ?? [], attributes: [
                    "style": "filled,rounded", "fillcolor": "#F4F4F2", "color": "#C9C9C4", "penwidth": "0.8",
                    "fontsize": fmt(style.clusterFontSize, 0), "fontcolor": "#4A4A4A", "fontname": fontname,
                    "labeljust": "l", "margin": "6",
                    "tooltip": MapDocument.escapedTooltip(k + " (\(members[k]?.count ?? 0) drawn)"),
                ]))
            }
        }

        // Title, scope and legend.
        let datasetName: String = {
            let src = dataset.source.trimmingSpaces
            if src.isEmpty { return "Referral network" }
            let last = URL(fileURLWithPath: src).lastPathComponent
            return last.isEmpty || last == "/" ? src : last
        }()
        let title = options.title ?? "\(datasetName) — referral network, \(period?.label ?? "all periods")"
        let drawn = selection.links.count, allLinks = drawn + selection.hiddenLinks
        var linkText = "\(drawn) referral link\(drawn == 1 ? "" : "s")"
        if selection.hiddenLinks > 0 {
            linkText = "the strongest \(drawn) of \(allLinks) referral links (\(fmt(selection.linkThreshold, 0)) patients or more; "
                + "render --min-link 0 draws all)"
        }
        var scope: String
        if let f = selection.focus {
            let hops = options.depth == 1 ? "1 hop" : "\(options.depth) hops"
            scope = "Neighbourhood of \(displayName(dataset.experts[f])) within \(hops): \(count) experts, \(linkText)"
            if let all = selection.neighbourhoodSize, all > count {
                scope += "; the \(all - count) farthest and least influential of its \(all) experts are not drawn (--top \(all) draws them)"
            }
        } else if count < selection.totalExperts {
            scope = "Top \(count) of \(selection.totalExperts) experts by influence and "
                + (selection.hiddenLinks > 0 ? linkText : "the \(linkText) among them")
                + "; the \(selection.totalExperts - count) less influential experts are not drawn"
        } else {
            scope = "All \(count) experts, \(linkText)"
        }
        // Experts without a name of their own (a published file's NPIs) are labelled by their id.
        let labelWord = labelled.contains { dataset.experts[$0].hasOwnName } ? "names" : "ids"
        let labelNote = count > labelled.count && !labelled.isEmpty
            ? "\(labelWord) shown for the \(labelled.count) most influential; hover a node for details" : ""
        let clusterNote = options.cluster.map { "boxes = \($0.rawValue)s" } ?? ""
        let legend = ["node size = influence", legendColors,
                      "line width = patients " + (options.undirected ? "shared (no direction shown)" : "referred (arrow: referrer → receiver)"), clusterNote, labelNote]
            .filter { !$0.isEmpty }.joined(separator: " · ")
        let label = [title, scope, legend].map(MapDocument.escapedLabel).joined(separator: "\\n")
        let html = legendTable(title: title, scope: scope, colorTitle: legendTitle, entries: legendEntries,
                               more: legendMore, clusterNote: clusterNote, labelNote: labelNote, style: style,
                               undirected: options.undirected)

        var graphAttributes: [String: String] = [
            "id": "liaison-map",
            "label": label,
            "labelloc": "t",
            "labeljust": "l",
            "fontname": fontname,
            "fontsize": "12",
            "tooltip": MapDocument.escapedTooltip(title),
            "bgcolor": "white",
            "overlap": "prism",
            "outputorder": "edgesfirst",
            // Straight lines: fast, and safe. Graphviz 2.43's spline router (splines=true) corrupts the
            // heap on ordinary maps and splines=curved enumerates every cycle of the graph.
            "splines": "false",
            "forcelabels": "true",
            "pad": "0.3",
            // A fixed seed: the same data gives the same map.
            "start": "1",
        ]
        for (k, v) in style.layoutAttributes(clustered: !clusters.isEmpty) { graphAttributes[k] = v }
        return MapDocument(
            name: "liaison",
            directed: true,
            graphAttributes: graphAttributes,
            nodeDefaults: [
                "shape": "circle", "fixedsize": "true", "style": "filled", "label": "",
                "color": "#4D4D4D", "penwidth": "0.6", "fontname": fontname, "fontsize": fmt(style.labelFontSize, 0),
            ],
            edgeDefaults: options.undirected ? ["color": style.edgeColor, "dir": "none"]
                                             : ["color": style.edgeColor, "arrowsize": "0.4", "arrowhead": "normal"],
            nodes: nodes,
            edges: edges,
            clusters: clusters,
            htmlLabel: html
        )
    }

    /// The layout that suits a map of `experts` nodes: `fdp` when clustered (only `dot` and `fdp` draw
    /// clusters, and `fdp` keeps the network's shape), `neato` up to 60 experts (a stress layout reads
    /// best when small), `sfdp` above (fast, with overlap removal; the graph attributes
    /// ``document(_:scores:selection:options:)`` sets scale its spacing by size).
    public static func suggestedLayout(experts: Int, clustered: Bool = false) -> MapLayout {
        if clustered { return .fdp }
        return experts <= 60 ? .neato : .sfdp
    }

    /// Builds and renders the map.
    public static func render(_ dataset: Dataset, scores: ExpertScores, options: MapOptions = MapOptions(),
                              layout: MapLayout = .sfdp, format: MapFormat = .svg) throws -> Data {
        try GraphvizRenderer.render(document(dataset, scores: scores, options: options), layout: layout, format: format)
    }

    /// Builds the map and draws it with every expert at their place in `positions` (see
    /// ``baseLayout(_:scores:options:periods:layout:)``): maps drawn with the same positions can be
    /// compared by eye.
    public static func render(_ dataset: Dataset, scores: ExpertScores, options: MapOptions = MapOptions(),
                              positions: MapPositions, format: MapFormat = .svg) throws -> MapRendering {
        try GraphvizRenderer.renderWithWarnings(document(dataset, scores: scores, options: options),
                                                positions: positions, format: format)
    }

    /// One layout for several maps of the same experts — e.g. two quarters — so that each expert sits
    /// in the same place on every map.
    ///
    /// The experts are those ``select(_:scores:options:)`` picks for `options`; the links are the
    /// union of the referral links of every period in `periods` (`nil` in the list: all referrals;
    /// an empty list: `options.period`). The layout runs with a fixed seed, so the same data always
    /// gives the same positions. Draw each map with ``render(_:scores:options:positions:format:)`` or
    /// ``GraphvizRenderer/renderWithWarnings(_:positions:format:)``.
    ///
    /// - Parameter layout: the engine; `nil` uses ``suggestedLayout(experts:clustered:)``. With
    ///   ``MapOptions/cluster``, every engine but `dot` arranges the boxes of
    ///   ``GraphvizRenderer/clusteredLayoutPositions(_:layout:)``.
    /// - Returns: positions keyed by expert id.
    public static func baseLayout(_ dataset: Dataset, scores: ExpertScores, options: MapOptions = MapOptions(),
                                  periods: [Period?] = [], layout: MapLayout? = nil) throws -> MapPositions {
        let selection = try select(dataset, scores: scores, options: options)
        var union = selection
        let chosen = Set(selection.experts)
        var patients = [[Int]: Double]()
        for p in periods.isEmpty ? [options.period] : periods {
            let graph = dataset.referralGraph(period: p)
            for v in chosen {
                for k in graph.outOffsets[v]..<graph.outOffsets[v + 1] {
                    let t = Int(graph.outTargets[k])
                    if chosen.contains(t) { patients[[v, t], default: 0] += graph.outWeights[k] }
                }
            }
        }
        union.links = patients.keys.sorted { $0[0] != $1[0] ? $0[0] < $1[0] : $0[1] < $1[1] }
            .map { MapSelection.Link(source: $0[0], target: $0[1], patients: patients[$0] ?? 0) }
        let doc = document(dataset, scores: scores, selection: union, options: options)
        let engine = layout ?? suggestedLayout(experts: selection.experts.count, clustered: options.cluster != nil)
        if !doc.clusters.isEmpty && engine != .dot { return try GraphvizRenderer.clusteredLayoutPositions(doc, layout: engine) }
        return try GraphvizRenderer.layoutPositions(doc, layout: engine)
    }

    /// The legend as an HTML-like table: title, scope, then one line per visual channel, with
    /// coloured glyphs as swatches (one line of text each, so nothing stretches).
    private static func legendTable(title: String, scope: String, colorTitle: String,
                                    entries: [(hex: String, name: String, meaning: String)], more: String,
                                    clusterNote: String, labelNote: String, style: MapStyle,
                                    undirected: Bool = false) -> String {
        let h = MapDocument.htmlEscaped
        let lineMeaning = undirected ? "shared" : "referred"
        let direction = undirected ? "no direction shown" : "arrow: referrer → receiver"
        let fs = style.legendFontSize
        func row(_ cells: String) -> String { "<TR><TD ALIGN=\"LEFT\">\(cells)</TD></TR>" }
        func glyph(_ g: String, _ hex: String, size: Double? = nil) -> String {
            "<FONT COLOR=\"\(hex)\"" + (size.map { " POINT-SIZE=\"\(fmt($0, 0))\"" } ?? "") + ">\(g)</FONT>"
        }
        let space = "\u{A0}\u{A0}\u{A0}"
        var rows = [String]()
        rows.append(row("<FONT POINT-SIZE=\"\(fmt(fs + 5, 0))\"><B>\(h(title))</B></FONT>"))
        rows.append(row("<FONT COLOR=\"#444444\">\(h(scope))</FONT>"))
        let grey = "#8A8A8A"
        rows.append(row("<B>Size</B> = influence:  low " + [fs * 0.8, fs * 1.3, fs * 2].map { glyph("●", grey, size: $0) }.joined(separator: " ")
                        + " high"))
        var colour = "<B>Colour</B> = \(h(colorTitle)):"
        for e in entries {
            colour += space + glyph("■", e.hex, size: fs * 1.3) + (e.hex.uppercased() == "#FFFFFF" ? "" : "") + " \(h(e.meaning)) (\(h(e.name)))"
        }
        if !more.isEmpty { colour += space + h(more) }
        rows.append(row(colour))
        rows.append(row("<B>Line width</B> = patients \(lineMeaning):  few " + glyph("─", "#5F5F5F") + glyph("─", "#5F5F5F") + " "
                        + glyph("━", "#5F5F5F") + glyph("━", "#5F5F5F") + " many" + space + direction))
        var notes = [String]()
        if !clusterNote.isEmpty { notes.append(clusterNote.replacingOccurrences(of: "boxes = ", with: "Grey boxes: ")) }
        if !labelNote.isEmpty { notes.append(labelNote.prefix(1).uppercased() + labelNote.dropFirst()) }
        if !notes.isEmpty { rows.append(row("<FONT COLOR=\"#444444\">\(h(notes.joined(separator: ". ")))</FONT>")) }
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"1\">"
            + rows.map { $0.replacingOccurrences(of: "<TD ALIGN=\"LEFT\">", with: "<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"\(fmt(fs, 0))\">")
                .replacingOccurrences(of: "</TD></TR>", with: "</FONT></TD></TR>") }.joined()
            + "</TABLE>"
    }

    // MARK: - Helpers

    private static func value<T>(_ array: [T], _ i: Int) -> T? { i < array.count ? array[i] : nil }

    private static func displayName(_ e: Expert) -> String { e.name.isEmpty ? e.id : e.name }

    /// The name a label shows: the display name, shortened past 28 characters.
    private static func shortName(_ e: Expert, style: MapStyle) -> String {
        let name = displayName(e)
        return name.count > 28 ? String(name.prefix(27)) + "…" : name
    }

    private static func fmt(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "0" }
        return String(format: "%.\(digits)f", x)
    }

    /// A patient count as shown: hidden as `<N` when small-cell suppression applies.
    private static func patients(_ x: Double, _ options: MapOptions) -> String {
        SmallCell.hides(x, threshold: options.minCell) ? "<\(options.minCell)" : fmt(x, 0)
    }

    private static func tooltip(_ dataset: Dataset, _ s: ExpertScores, _ v: Int, _ options: MapOptions,
                                received: Cell) -> String {
        let e = dataset.experts[v]
        var lines = [displayName(e)]
        let inst = dataset.institutionName(ofExpert: v).trimmingSpaces
        if !inst.isEmpty { lines.append(inst) }
        var line = [String]()
        if let t = value(s.tier, v) { line.append("tier \(t)") }
        if let x = value(s.influence, v) { line.append("influence \(fmt(x, 3))") }
        if !line.isEmpty { lines.append(line.joined(separator: " · ")) }
        line = []
        if let x = value(s.pagerank, v) { line.append("PageRank \(fmt(x, 4))") }
        if let x = value(s.betweenness, v) { line.append("betweenness \(fmt(x, 4))") }
        if let x = value(s.closeness, v) { line.append("closeness \(fmt(x, 3))") }
        if received != .empty { line.append("patients received \(MapFigures.tooltipText(received, threshold: options.minCell))") }
        if !line.isEmpty { lines.append(line.joined(separator: " · ")) }
        if let overlay = options.overlay, let c = overlay.category(of: v) { lines.append("\(overlay.title): \(c.name)") }
        return MapDocument.escapedTooltip(lines.joined(separator: "\n"))
    }
}
