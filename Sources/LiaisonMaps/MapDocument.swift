import Foundation
import Liaison

/// A graph to draw, as plain values: what ``GraphvizRenderer`` turns into a Graphviz graph.
///
/// Attribute names and values are Graphviz's own (`shape`, `fillcolor`, `penwidth`, …) and are passed
/// through unchanged, so Graphviz's conventions apply: `label`, `xlabel`, `tooltip` and `id` are
/// escaped strings (`\N` is the node name, `\n` a line break, a literal backslash is `\\`); labels
/// and tooltips also decode HTML entities (`&amp;`), and Graphviz 2.43 expands tooltips twice. To show
/// text literally use ``MapDocument/escaped(_:)`` for `id`, ``MapDocument/escapedLabel(_:)`` for labels
/// and ``MapDocument/escapedTooltip(_:)`` for tooltips. Values are always plain strings, never HTML
/// labels; Graphviz escapes them for SVG/XML output itself. A node without a `label` shows its name,
/// literally.
public struct MapDocument: Sendable, Hashable {
    /// A node: a unique name plus its attributes.
    public struct Node: Sendable, Hashable {
        /// Unique, non-empty node name (Graphviz's key; the SVG `<title>` of the node).
        public var name: String
        /// Node attributes.
        public var attributes: [String: String]

        /// Creates a node.
        public init(name: String, attributes: [String: String] = [:]) {
            self.name = name
            self.attributes = attributes
        }
    }

    /// An edge between two named nodes.
    public struct Edge: Sendable, Hashable {
        /// Name of the tail node.
        public var source: String
        /// Name of the head node.
        public var target: String
        /// Edge attributes.
        public var attributes: [String: String]

        /// Creates an edge.
        public init(source: String, target: String, attributes: [String: String] = [:]) {
            self.source = source
            self.target = target
            self.attributes = attributes
        }
    }

    /// A cluster (`subgraph cluster_<name>`): a labelled box around member nodes.
    ///
    /// Only the `dot` and `fdp` layouts draw clusters; the others lay the members out as usual.
    public struct Cluster: Sendable, Hashable {
        /// Cluster name; `cluster_` is prefixed when missing.
        public var name: String
        /// Label drawn with the box.
        public var label: String
        /// Names of member nodes (each must be a node of the document).
        public var members: [String]
        /// Other subgraph attributes (`style`, `color`, …).
        public var attributes: [String: String]

        /// Creates a cluster.
        public init(name: String, label: String = "", members: [String], attributes: [String: String] = [:]) {
            self.name = name
            self.label = label
            self.members = members
            self.attributes = attributes
        }

        /// The subgraph name Graphviz sees.
        public var graphvizName: String { name.hasPrefix("cluster") ? name : "cluster_" + name }
    }

    /// Graph name (the SVG `<title>` of the graph).
    public var name: String
    /// Whether edges have a direction (drawn with arrows).
    public var directed: Bool
    /// Attributes of the graph itself (`label`, `overlap`, `bgcolor`, …).
    public var graphAttributes: [String: String]
    /// Default attributes of every node.
    public var nodeDefaults: [String: String]
    /// Default attributes of every edge.
    public var edgeDefaults: [String: String]
    /// Nodes, drawn in this order.
    public var nodes: [Node]
    /// Edges; both ends must name nodes of the document.
    public var edges: [Edge]
    /// Clusters.
    public var clusters: [Cluster]
    /// An HTML-like label for the graph (the text between Graphviz's `label=<` and `>`, e.g. a
    /// `<TABLE>` legend), drawn instead of `graphAttributes["label"]`, which stays the plain-text
    /// equivalent. User text inside it must be escaped with ``htmlEscaped(_:)``. `nil`: no HTML label.
    public var htmlLabel: String?

    /// Creates a document.
    public init(name: String = "G", directed: Bool = true, graphAttributes: [String: String] = [:],
                nodeDefaults: [String: String] = [:], edgeDefaults: [String: String] = [:],
                nodes: [Node] = [], edges: [Edge] = [], clusters: [Cluster] = [], htmlLabel: String? = nil) {
        self.name = name
        self.directed = directed
        self.graphAttributes = graphAttributes
        self.nodeDefaults = nodeDefaults
        self.edgeDefaults = edgeDefaults
        self.nodes = nodes
        self.edges = edges
        self.clusters = clusters
        self.htmlLabel = htmlLabel
    }

    /// `text` made literal inside an HTML-like label (``htmlLabel``): `&`, `<`, `>` and `"` become
    /// character entities, line breaks become spaces.
    public static func htmlEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\r\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    /// `text` made literal for Graphviz's plain escaped-string attributes (`id`, `comment`):
    /// backslashes are doubled so that `\N`, `\G`, `\n`… in user data are not expanded, and line
    /// breaks become Graphviz's `\n`.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// `text` made literal for Graphviz labels (`label`, `xlabel`, `headlabel`, …): like
    /// ``escaped(_:)``, and `&` is written `&amp;` because labels decode HTML entities.
    public static func escapedLabel(_ text: String) -> String {
        let e = escaped(text)
        return e.contains("&") ? e.replacingOccurrences(of: "&", with: "&amp;") : e
    }

    /// `text` made literal for `tooltip`: Graphviz 2.43 decodes HTML entities in tooltips and
    /// expands `\N`, `\G`, `\\`… twice (once when reading the tooltip, once when emitting it), so
    /// backslashes are written four times and `&` as `&amp;`; line breaks become `\n`.
    public static func escapedTooltip(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "\\": out += "\\\\\\\\"
            case "&": out += "&amp;"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Graphviz layout engines.
public enum MapLayout: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Scalable force-directed placement: the default, fast on large networks.
    case sfdp
    /// Spring model (stress majorization).
    case neato
    /// Force-directed placement; draws clusters.
    case fdp
    /// Hierarchical layers, following edge direction; draws clusters.
    case dot
    /// Circular layout.
    case circo
    /// Radial layout.
    case twopi

    /// The name, as written on the command line.
    public var description: String { rawValue }

    /// Parses a layout name (case-insensitive); the error lists the valid names.
    public static func parse(_ text: String) throws -> MapLayout {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let v = MapLayout(rawValue: key) else { throw MapParseError.unknownLayout(text) }
        return v
    }
}

/// Output formats.
public enum MapFormat: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Scalable vector graphics (Graphviz's core SVG renderer): the default, with tooltips and ids.
    case svg
    /// PNG bitmap: drawn by Graphviz's cairo renderer, encoded by Liaison's device (`Sources/CGraphvizPNG`).
    case png
    /// PDF (cairo).
    case pdf
    /// The laid-out graph in DOT, with `pos` attributes.
    case dot
    /// JPEG bitmap.
    case jpg

    /// The name, as written on the command line.
    public var description: String { rawValue }

    /// The usual file extension (`gv` for DOT).
    public var fileExtension: String { self == .dot ? "gv" : rawValue }

    /// The file extensions each format is written to (case-insensitive).
    public var fileExtensions: [String] {
        switch self {
        case .dot: return ["gv", "dot"]
        case .jpg: return ["jpg", "jpeg"]
        default: return [rawValue]
        }
    }

    /// The format a file name's extension calls for, or `nil` when it names none of them.
    public static func forFile(_ path: String) -> MapFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return allCases.first { $0.fileExtensions.contains(ext) }
    }

    /// Parses a format name (case-insensitive); the error lists the valid names.
    public static func parse(_ text: String) throws -> MapFormat {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let v = MapFormat(rawValue: key == "jpeg" ? "jpg" : key) else { throw MapParseError.unknownFormat(text) }
        return v
    }
}

/// A layout, format or colouring name that is not one of the valid values.
public enum MapParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a ``MapLayout``.
    case unknownLayout(String)
    /// Not a ``MapFormat``.
    case unknownFormat(String)
    /// Not a ``MapColoring``.
    case unknownColoring(String)

    /// A readable, one-line explanation.
    public var description: String {
        switch self {
        case let .unknownLayout(s):
            return "unknown layout \(UserText.quoted(s)); valid layouts: " + MapLayout.allCases.map(\.rawValue).joined(separator: ", ")
        case let .unknownFormat(s):
            return "unknown format \(UserText.quoted(s)); valid formats: " + MapFormat.allCases.map(\.rawValue).joined(separator: ", ")
        case let .unknownColoring(s):
            return "unknown colouring \(UserText.quoted(s)); valid colourings: "
                + MapColoring.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}

extension MapParseError: LocalizedError {
    /// Same as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}
