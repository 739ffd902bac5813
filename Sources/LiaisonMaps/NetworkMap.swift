import Foundation
import Liaison

/// What node colours show on a network map.
public enum MapColoring: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Key-expert tier (1 strong, 2 medium, 3 pale).
    case tier
    /// The expert's region (categorical palette, repeating after 9).
    case region
    /// The expert's institution (categorical palette, repeating after 9).
    case institution
    /// The team's coverage in a period (reached, under-visited, missed, not a target); needs a
    /// ``MapOverlay`` built from a coverage report.
    case coverage

    /// The name, as written on the command line.
    public var description: String { rawValue }

    /// Parses a colouring name (case-insensitive); the error lists the valid names.
    public static func parse(_ text: String) throws -> MapColoring {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let v = MapColoring(rawValue: key) else { throw MapParseError.unknownColoring(text) }
        return v
    }
}

/// Which experts a network map shows and how it looks.
public struct MapOptions: Sendable, Hashable {
    /// How many of the most influential experts to draw; `nil` draws every expert. With ``focus``, caps
    /// the neighbourhood (nearest experts first, then the most influential).
    public var top: Int?
    /// Draw the neighbourhood of the expert with this id instead of the top experts.
    public var focus: String?
    /// Neighbourhood radius in referral hops, ignoring direction (used with ``focus``).
    public var depth: Int
    /// What node colours show.
    public var colorBy: MapColoring
    /// How many of the drawn experts (the most influential) get a visible name label; every node has a
    /// tooltip regardless.
    public var labelTop: Int
    /// The period whose referrals are drawn; `nil` uses the scores' period.
    public var period: Period?
    /// Map title; `nil` builds one from the dataset's name and the period.
    public var title: String?
    /// Per-expert categories (coverage status, quarter comparison) that colour the nodes instead of
    /// ``colorBy``.
    public var overlay: MapOverlay?
    /// Small-cell threshold for patient counts in tooltips: counts from 1 to `minCell − 1` show as
    /// `<minCell` (0 shows every count).
    public var minCell: Int = 11

    /// Creates options; the defaults draw the 150 most influential experts coloured by tier, 25 labelled.
    public init(top: Int? = 150, focus: String? = nil, depth: Int = 1, colorBy: MapColoring = .tier,
                labelTop: Int = 25, period: Period? = nil, title: String? = nil) {
        self.top = top
        self.focus = focus
        self.depth = depth
        self.colorBy = colorBy
        self.labelTop = labelTop
        self.period = period
        self.title = title
    }
}

/// Categories that colour the experts of a map — e.g. coverage status in a quarter, or what changed
/// between two quarters — with a legend. Each category has a colour *and* a name, and the name is
/// repeated in every node's tooltip, so no information rests on colour alone.
public struct MapOverlay: Sendable, Hashable {
    /// One category: its name (shown in the legend and tooltips) and fill colour.
    public struct Category: Sendable, Hashable {
        /// Name, e.g. `under-visited`.
        public var name: String
        /// Fill colour, `#RRGGBB`.
        public var color: String
        /// The colour's name, for the legend's text equivalent.
        public var colorName: String
        /// Creates a category.
        public init(name: String, color: String, colorName: String) {
            self.name = name
            self.color = color
            self.colorName = colorName
        }
    }

    /// What the overlay shows, e.g. `coverage 2026Q3`.
    public var title: String
    /// The categories, in legend order.
    public var categories: [Category]
    /// For each expert (indexed like ``Dataset/experts``), an index into ``categories``, or -1.
    public var categoryOfExpert: [Int]

    /// Creates an overlay.
    public init(title: String, categories: [Category], categoryOfExpert: [Int]) {
        self.title = title
        self.categories = categories
        self.categoryOfExpert = categoryOfExpert
    }

    /// The category of expert `v`, if any.
    public func category(of v: Int) -> Category? {
        v < categoryOfExpert.count && categoryOfExpert[v] >= 0 && categoryOfExpert[v] < categories.count
            ? categories[categoryOfExpert[v]] : nil
    }
}

/// Why a network map cannot be built.
public enum NetworkMapError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No expert has the focus id.
    case unknownFocus(String)
    /// An option is out of range.
    case invalidOption(String)
    /// The scores were not computed for this dataset (wrong number of experts).
    case scoresMismatch(experts: Int, scores: Int)

    /// A readable, one-line explanation.
    public var description: String {
        switch self {
        case let .unknownFocus(id):
            return "unknown focus expert '\(id)': no expert has this id"
        case let .invalidOption(what):
            return what
        case let .scoresMismatch(experts, scores):
            return "the scores cover \(scores) experts but the dataset has \(experts); compute them for this dataset"
        }
    }

    /// Same as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}

/// The experts and referral links a map draws.
public struct MapSelection: Sendable, Hashable {
    /// A referral link between two drawn experts.
    public struct Link: Sendable, Hashable {
        /// Index of the referring expert.
        public var source: Int
        /// Index of the receiving expert.
        public var target: Int
        /// Patients, summed over the period.
        public var patients: Double

        /// Creates a link.
        public init(source: Int, target: Int, patients: Double) {
            self.source = source
            self.target = target
            self.patients = patients
        }
    }

    /// Indices into ``Dataset/experts``, most influential first (ties by id).
    public var experts: [Int]
    /// Referral links whose both ends are drawn, by source then target.
    public var links: [Link]
    /// The focus expert's index, for focus maps.
    public var focus: Int?
    /// Number of experts in the dataset.
    public var totalExperts: Int
}

/// Turns a dataset and its key-expert scores into a map of the referral network.
///
/// Node area grows with influence, fill colour shows tier (or region, institution), edge width grows
/// with patients, arrows show referral direction, the most influential experts are labelled and every
/// node has a tooltip. In SVG output each expert's `<g class="node">` carries `id` = the expert id.
public enum NetworkMap {
    /// Chooses the experts and links to draw. Pure: no Graphviz involved.
    ///
    /// - Without ``MapOptions/focus``: the ``MapOptions/top`` most influential experts (all when `nil`)
    ///   and the referral links among them.
    /// - With a focus: the experts within ``MapOptions/depth`` hops of the focus expert in the referral
    ///   graph, edge direction ignored; when more than `top`, the nearest are kept (then the most
    ///   influential), so the drawn neighbourhood stays connected.
    /// - Throws: ``NetworkMapError``.
    public static func select(_ dataset: Dataset, scores: ExpertScores,
                              options: MapOptions = MapOptions()) throws -> MapSelection {
        let n = dataset.experts.count
        guard scores.influence.count == n else {
            throw NetworkMapError.scoresMismatch(experts: n, scores: scores.influence.count)
        }
        if let top = options.top, top < 1 {
            throw NetworkMapError.invalidOption("top must be at least 1 (got \(top))")
        }
        guard options.depth >= 0 else {
            throw NetworkMapError.invalidOption("depth must be 0 or more (got \(options.depth))")
        }
        let graph = dataset.referralGraph(period: options.period ?? scores.period)
        let ids = dataset.experts.map(\.id)
        func moreInfluential(_ a: Int, _ b: Int) -> Bool {
            scores.influence[a] != scores.influence[b] ? scores.influence[a] > scores.influence[b] : ids[a] < ids[b]
        }

        var chosen: [Int]
        var focusIndex: Int?
        if let focus = options.focus {
            guard let f = dataset.expertIndex[focus] else { throw NetworkMapError.unknownFocus(focus) }
            focusIndex = f
            // Breadth-first search over in- and out-neighbours.
            var dist = [Int](repeating: -1, count: n)
            dist[f] = 0
            var frontier = [f]
            var reached = [f]
            var d = 0
            while d < options.depth, !frontier.isEmpty {
                var next = [Int]()
                for v in frontier {
                    let out = graph.outTargets[graph.outOffsets[v]..<graph.outOffsets[v + 1]]
                    let inc = graph.inSources[graph.inOffsets[v]..<graph.inOffsets[v + 1]]
                    for w32 in out.lazy.map({ $0 }) + inc.lazy.map({ $0 }) {
                        let w = Int(w32)
                        if dist[w] < 0 {
                            dist[w] = d + 1
                            next.append(w)
                            reached.append(w)
                        }
                    }
                }
                frontier = next
                d += 1
            }
            if let top = options.top, reached.count > top {
                reached.sort { a, b in dist[a] != dist[b] ? dist[a] < dist[b] : moreInfluential(a, b) }
                reached.removeLast(reached.count - top)
            }
            chosen = reached
        } else {
            chosen = Array(0..<n)
            if let top = options.top, top < n {
                chosen.sort(by: moreInfluential)
                chosen.removeLast(n - top)
            }
        }
        chosen.sort(by: moreInfluential)

        var isChosen = [Bool](repeating: false, count: n)
        for v in chosen { isChosen[v] = true }
        var links = [MapSelection.Link]()
        for v in 0..<n where isChosen[v] {
            for k in graph.outOffsets[v]..<graph.outOffsets[v + 1] {
                let t = Int(graph.outTargets[k])
                if isChosen[t] { links.append(.init(source: v, target: t, patients: graph.outWeights[k])) }
            }
        }
        return MapSelection(experts: chosen, links: links, focus: focusIndex, totalExperts: n)
    }

    /// Builds the Graphviz document for the map (see ``select(_:scores:options:)`` for what is drawn).
    public static func document(_ dataset: Dataset, scores: ExpertScores,
                                options: MapOptions = MapOptions()) throws -> MapDocument {
        let selection = try select(dataset, scores: scores, options: options)
        return document(dataset, scores: scores, selection: selection, options: options)
    }

    /// Builds the document for an already-made selection.
    public static func document(_ dataset: Dataset, scores: ExpertScores, selection: MapSelection,
                                options: MapOptions = MapOptions()) -> MapDocument {
        let fontname = "Helvetica,Arial,sans-serif"
        let period = options.period ?? scores.period
        let count = selection.experts.count

        // Colours.
        var colorOf: (Int) -> String
        var legendColors: String
        if let overlay = options.overlay {
            colorOf = { v in overlay.category(of: v)?.color ?? Palette.missing.hex }
            legendColors = "colour = \(overlay.title) (" + overlay.categories.map { "\($0.colorName) = \($0.name)" }.joined(separator: ", ") + ")"
        } else {
        switch options.colorBy {
        case .tier, .coverage:
            colorOf = { v in Palette.tier(Self.value(scores.tier, v) ?? 3).hex }
            legendColors = "colour = tier (" + (1...3).map { "\(Palette.tier($0).name) = \($0)" }.joined(separator: ", ") + ")"
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
            let shown = categories.prefix(6).map { "\(Palette.categorical(slot[$0] ?? 0).name) = \($0)" }
            var text = "colour = \(options.colorBy.rawValue)"
            if !shown.isEmpty {
                text += " (" + shown.joined(separator: ", ")
                if categories.count > shown.count { text += ", …; colours repeat after 9" }
                text += ")"
            }
            legendColors = text
        }
        }

        // Labels go to the most influential drawn experts (selection order), and always the focus.
        var labelled = Set(selection.experts.prefix(max(0, options.labelTop)))
        if let f = selection.focus { labelled.insert(f) }

        var nodes = [MapDocument.Node]()
        nodes.reserveCapacity(count)
        for v in selection.experts {
            let e = dataset.experts[v]
            let influence = max(0, min(1, value(scores.influence, v) ?? 0))
            let diameter = 0.15 + 0.6 * influence.squareRoot()
            var attributes: [String: String] = [
                "id": MapDocument.escaped(e.id),
                "width": fmt(diameter, 3),
                "height": fmt(diameter, 3),
                "fillcolor": colorOf(v),
                "tooltip": tooltip(dataset, scores, v, options),
            ]
            if labelled.contains(v) { attributes["xlabel"] = MapDocument.escapedLabel(displayName(e)) }
            if v == selection.focus { attributes["penwidth"] = "2"; attributes["color"] = "#000000" }
            nodes.append(.init(name: e.id, attributes: attributes))
        }

        let maxPatients = selection.links.map(\.patients).max() ?? 0
        var edges = [MapDocument.Edge]()
        edges.reserveCapacity(selection.links.count)
        for l in selection.links {
            let s = dataset.experts[l.source], t = dataset.experts[l.target]
            let width = 0.3 + 2.5 * (maxPatients > 0 ? (l.patients / maxPatients).squareRoot() : 0)
            edges.append(.init(source: s.id, target: t.id, attributes: [
                "id": MapDocument.escaped("\(s.id)->\(t.id)"),
                "penwidth": fmt(width, 2),
                "tooltip": MapDocument.escapedTooltip("\(displayName(s)) → \(displayName(t)): \(patients(l.patients, options)) patients"),
            ]))
        }

        // Title and legend, as the graph label (drawn by every layout engine, unlike clusters).
        let datasetName: String = {
            let src = dataset.source.trimmingSpaces
            if src.isEmpty { return "Referral network" }
            let last = URL(fileURLWithPath: src).lastPathComponent
            return last.isEmpty || last == "/" ? src : last
        }()
        let title = options.title ?? "\(datasetName) — referral network, \(period?.label ?? "all periods")"
        let scope: String
        if let f = selection.focus {
            let hops = options.depth == 1 ? "1 hop" : "\(options.depth) hops"
            scope = "Neighbourhood of \(displayName(dataset.experts[f])) within \(hops): \(count) experts"
        } else if count < selection.totalExperts {
            scope = "Top \(count) of \(selection.totalExperts) experts by influence"
        } else {
            scope = "All \(count) experts"
        }
        let legend = "node size = influence · \(legendColors) · line width = patients referred (arrow: referrer → receiver)"
        let label = [title, scope, legend].map(MapDocument.escapedLabel).joined(separator: "\\n")

        let graphAttributes: [String: String] = [
            "id": "liaison-map",
            "label": label,
            "labelloc": "t",
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
        ]
        return MapDocument(
            name: "liaison",
            directed: true,
            graphAttributes: graphAttributes,
            nodeDefaults: [
                "shape": "circle", "fixedsize": "true", "style": "filled", "label": "",
                "color": "#4D4D4D", "penwidth": "0.6", "fontname": fontname, "fontsize": "9",
            ],
            edgeDefaults: ["color": "#5F5F5F99", "arrowsize": "0.4", "arrowhead": "normal"],
            nodes: nodes,
            edges: edges
        )
    }

    /// Builds and renders the map.
    public static func render(_ dataset: Dataset, scores: ExpertScores, options: MapOptions = MapOptions(),
                              layout: MapLayout = .sfdp, format: MapFormat = .svg) throws -> Data {
        try GraphvizRenderer.render(document(dataset, scores: scores, options: options), layout: layout, format: format)
    }

    // MARK: - Helpers

    private static func value<T>(_ array: [T], _ i: Int) -> T? { i < array.count ? array[i] : nil }

    private static func displayName(_ e: Expert) -> String { e.name.isEmpty ? e.id : e.name }

    private static func fmt(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "0" }
        return String(format: "%.\(digits)f", x)
    }

    /// A patient count as shown: hidden as `<N` when small-cell suppression applies.
    private static func patients(_ x: Double, _ options: MapOptions) -> String {
        SmallCell.hides(x, threshold: options.minCell) ? "<\(options.minCell)" : fmt(x, 0)
    }

    private static func tooltip(_ dataset: Dataset, _ s: ExpertScores, _ v: Int, _ options: MapOptions) -> String {
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
        if let x = value(s.inStrength, v) { line.append("patients received \(patients(x, options))") }
        if !line.isEmpty { lines.append(line.joined(separator: " · ")) }
        if let overlay = options.overlay, let c = overlay.category(of: v) { lines.append("\(overlay.title): \(c.name)") }
        return MapDocument.escapedTooltip(lines.joined(separator: "\n"))
    }
}

/// Colour-blind-safe palettes: Okabe–Ito for tiers, Paul Tol's "muted" for categories.
enum Palette {
    struct Color {
        let hex: String
        let name: String
    }

    /// Tier 1 vermillion (strong), tier 2 sky blue, tier 3 pale grey.
    static func tier(_ t: Int) -> Color {
        switch t {
        case 1: return Color(hex: "#D55E00", name: "vermillion")
        case 2: return Color(hex: "#56B4E9", name: "sky blue")
        default: return Color(hex: "#DDDDDD", name: "pale grey")
        }
    }

    static let muted: [Color] = [
        Color(hex: "#332288", name: "indigo"), Color(hex: "#88CCEE", name: "cyan"),
        Color(hex: "#44AA99", name: "teal"), Color(hex: "#117733", name: "green"),
        Color(hex: "#999933", name: "olive"), Color(hex: "#DDCC77", name: "sand"),
        Color(hex: "#CC6677", name: "rose"), Color(hex: "#882255", name: "wine"),
        Color(hex: "#AA4499", name: "purple"),
    ]

    /// The `i`-th categorical colour, cycling.
    static func categorical(_ i: Int) -> Color { muted[((i % muted.count) + muted.count) % muted.count] }

    /// For experts with no category.
    static let missing = Color(hex: "#FFFFFF", name: "white")
}
