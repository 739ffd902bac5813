import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a GraphML network (`.graphml`) into a ``Dataset``, as networkx `write_graphml`, Gephi,
/// yEd and igraph write it.
///
/// - `<key id attr.name for>` declares an attribute (with an optional `<default>`); `<data key>`
///   inside a `<node>` or `<edge>` gives its value. Attributes are known by `attr.name` (by the key
///   id when there is none).
/// - `<node id>`: the id is the expert id; node attributes follow ``NetworkBuilder`` (`name` or
///   `label` → name, `npi`, `specialty`, … → fields, others kept). Every node becomes an expert.
/// - `<edge source target>`: the weight is the first of the edge attributes `patients`, `weight`,
///   `value`, `count` (a whole number ≥ 0), else 1; other edge attributes are ignored. Parallel edges
///   are summed. An edge naming a node not declared is an error.
/// - Direction: an edge's `directed` attribute, else its graph's `edgedefault`; as in networkx, a
///   graph without `edgedefault` is undirected. Undirected edges are referrals **both ways**.
/// - `<data>` holding elements rather than text (yEd's graphics) is ignored; nested graphs are
///   flattened; hyperedges are an error.
///
/// Malformed XML is reported at the parser's line and column.
public struct GraphMLReader: Sendable {
    /// File extensions read as GraphML.
    public static let extensions = ["graphml"]

    /// Reading options (``NetworkFileOptions/layer`` does not apply).
    public var options: NetworkFileOptions

    /// Creates a reader.
    public init(options: NetworkFileOptions = NetworkFileOptions()) { self.options = options }

    /// Reads the file at `url`.
    public func load(_ url: URL) throws(DatasetError) -> Dataset {
        let file = url.path
        let bytes: [UInt8]
        do throws(DataIssue) { bytes = try readTextFile(url, displayName: file) } catch { throw DatasetError(issues: [error]) }
        return try load(bytes: bytes, fileName: file)
    }

    /// The bytes with every processing instruction, the XML declaration included, replaced by spaces
    /// (line breaks kept, so positions stay right). Foundation's XMLParser on Linux crashes on an
    /// instruction without data (`<?pi?>`, `<?xml?>`, or one hidden after a malformed declaration —
    /// all found by fuzzing). GraphML never needs them, and the declaration says nothing the reader
    /// uses: the bytes were already checked to be UTF-8, libxml2's default.
    static func blankingProcessingInstructions(_ b: [UInt8]) -> [UInt8] {
        var out = b
        let lt = UInt8(ascii: "<"), q = UInt8(ascii: "?"), gt = UInt8(ascii: ">"), nl = UInt8(ascii: "\n")
        var i = 0
        while i + 1 < out.count {
            guard out[i] == lt && out[i + 1] == q else { i += 1; continue }
            var j = i + 2
            while j + 1 < out.count && !(out[j] == q && out[j + 1] == gt) { j += 1 }
            let end = min(out.count, j + 2)
            for k in i..<end where out[k] != nl { out[k] = 0x20 }
            i = end
        }
        return out
    }

    /// Reads GraphML from memory; `fileName` is used in messages.
    public func load(bytes input: [UInt8], fileName file: String) throws(DatasetError) -> Dataset {
        let bytes: [UInt8]
        do throws(DataIssue) { bytes = try checkText(input, displayName: file) } catch { throw DatasetError(issues: [error]) }
        if options.layer != nil {
            throw DatasetError(issues: [DataIssue(file: file, message: "layers apply to edge lists with a layer column, not to GraphML")])
        }
        let h = GraphMLHandler(file: file)
        let parser = XMLParser(data: Data(GraphMLReader.blankingProcessingInstructions(bytes)))
        parser.delegate = h
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let root = h.rootName, root != "graphml" {
            throw DatasetError(issues: [DataIssue(file: file, line: 1, column: 1, message: "not GraphML: the root element is <\(root)>, not <graphml>")])
        }
        if let fatal = h.fatal { throw DatasetError(issues: [fatal]) }
        if !ok {
            let e = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown error"
            throw DatasetError(issues: [DataIssue(file: file, line: max(1, parser.lineNumber), column: max(0, parser.columnNumber),
                                                  message: "malformed XML: \(e)")])
        }
        if h.rootName == nil {
            throw DatasetError(issues: [DataIssue(file: file, line: 1, column: 1, message: "not GraphML: no <graphml> element")])
        }

        var b = NetworkBuilder(file: file, createsNodes: false, options: options)
        for i in h.structural { b.error(i) }
        func name(_ keyId: String) -> String { h.keys[keyId]?.name ?? keyId }
        func applies(_ k: GraphMLHandler.Key, _ to: String) -> Bool { k.domain == to || k.domain == "all" }
        let nodeDefaults = h.keys.values.filter { applies($0, "node") && $0.defaultValue != nil }.sorted { $0.id < $1.id }
        let edgeDefaults = h.keys.values.filter { applies($0, "edge") && $0.defaultValue != nil }

        for n in h.nodes {
            var attributes: [(String, String)] = []
            var seen = Set<String>()
            for (k, v) in n.data {
                if let key = h.keys[k], !applies(key, "node") {
                    b.error(DataIssue(file: file, line: n.line, column: n.column, message: "<data key=\"\(k)\"> is declared for \(key.domain), not node"))
                    continue
                }
                attributes.append((name(k), v)); seen.insert(k)
            }
            for k in nodeDefaults where !seen.contains(k.id) { attributes.append((k.name, k.defaultValue ?? "")) }
            b.addNode(id: n.id, attributes: attributes, line: n.line) { m in
                DataIssue(file: file, line: n.line, column: n.column, message: m)
            }
        }
        for e in h.edges {
            func issue(_ m: String) -> DataIssue { DataIssue(file: file, line: e.line, column: e.column, message: m) }
            guard let s = b.node(e.source, issue: issue), let t = b.node(e.target, issue: issue) else { continue }
            var values: [String: String] = [:]
            for k in edgeDefaults { values[k.name.lowercased()] = k.defaultValue }
            for (k, v) in e.data { values[name(k).lowercased()] = v }
            var w = 1
            if let wk = NodeLinkJSONReader.weightKeys.first(where: { values[$0] != nil }), let text = values[wk] {
                guard let x = b.weight(text, issue: { m in issue("edge \(e.source) → \(e.target): " + m) }) else { continue }
                w = x
            }
            b.addLink(s, t, weight: w, directed: e.directed, issue: issue)
        }
        return try b.finish(source: file)
    }
}

/// Collects the keys, nodes and edges of a GraphML document from XMLParser's callbacks.
final class GraphMLHandler: NSObject, XMLParserDelegate {
    struct Key {
        var id: String
        var name: String
        var domain: String
        var defaultValue: String?
    }
    struct Node {
        var id: String
        var line: Int
        var column: Int
        var data: [(String, String)] = []
    }
    struct Edge {
        var source: String
        var target: String
        var directed: Bool
        var line: Int
        var column: Int
        var data: [(String, String)] = []
    }

    let file: String
    var keys: [String: Key] = [:]
    var nodes: [Node] = []
    var edges: [Edge] = []
    /// Problems with the structure (missing attributes): reported as row errors.
    var structural: [DataIssue] = []
    /// A problem that stops reading.
    var fatal: DataIssue?
    /// The root element's local name.
    var rootName: String?

    private var depth = 0
    private var graphDirected: [Bool] = []
    private enum Owner { case none, node, edge }
    private var owner = Owner.none
    private var dataKey: String?
    private var dataDepth = 0
    private var dataHasChildren = false
    private var text = ""
    private var keyOpen: String?
    private var inDefault = false

    init(file: String) { self.file = file }

    private static func local(_ name: String) -> String {
        if let c = name.lastIndex(of: ":") { return String(name[name.index(after: c)...]) }
        return name
    }

    private func issue(_ parser: XMLParser, _ message: String) -> DataIssue {
        DataIssue(file: file, line: parser.lineNumber, column: parser.columnNumber, message: message)
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes a: [String: String] = [:]) {
        depth += 1
        if dataKey != nil || inDefault { dataHasChildren = true; return }
        let name = GraphMLHandler.local(elementName)
        if depth == 1 {
            rootName = name
            if name != "graphml" { parser.abortParsing() }
            return
        }
        switch name {
        case "key":
            guard let id = a["id"] else { structural.append(issue(parser, "<key> without id")); return }
            keys[id] = Key(id: id, name: a["attr.name"] ?? id, domain: (a["for"] ?? "all").lowercased(), defaultValue: nil)
            keyOpen = id
        case "default":
            if keyOpen != nil { inDefault = true; text = ""; dataHasChildren = false }
        case "graph":
            graphDirected.append((a["edgedefault"] ?? "undirected").lowercased() == "directed")
        case "node":
            guard let id = a["id"] else { structural.append(issue(parser, "<node> without id")); return }
            nodes.append(Node(id: id, line: parser.lineNumber, column: parser.columnNumber))
            owner = .node
        case "edge":
            guard let s = a["source"], let t = a["target"] else {
                structural.append(issue(parser, "<edge> without source and target")); return
            }
            var directed = graphDirected.last ?? false
            if let d = a["directed"]?.lowercased() { directed = d == "true" || d == "1" }
            edges.append(Edge(source: s, target: t, directed: directed, line: parser.lineNumber, column: parser.columnNumber))
            owner = .edge
        case "data":
            guard let k = a["key"] else { structural.append(issue(parser, "<data> without key")); return }
            if owner != .none { dataKey = k; dataDepth = depth; text = ""; dataHasChildren = false }
        case "hyperedge":
            fatal = issue(parser, "hyperedges are not supported (Liaison reads links between two experts)")
            parser.abortParsing()
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        defer { depth -= 1 }
        if let k = dataKey {
            guard depth == dataDepth else { return }
            if !dataHasChildren {
                let v = text.trimmingCharacters(in: .whitespacesAndNewlines)
                switch owner {
                case .node: if !nodes.isEmpty { nodes[nodes.count - 1].data.append((k, v)) }
                case .edge: if !edges.isEmpty { edges[edges.count - 1].data.append((k, v)) }
                case .none: break
                }
            }
            dataKey = nil
            return
        }
        let name = GraphMLHandler.local(elementName)
        if inDefault {
            guard name == "default" else { return }
            if let k = keyOpen, !dataHasChildren { keys[k]?.defaultValue = text.trimmingCharacters(in: .whitespacesAndNewlines) }
            inDefault = false
            return
        }
        switch name {
        case "key": keyOpen = nil
        case "graph": if !graphDirected.isEmpty { graphDirected.removeLast() }
        case "node", "edge": owner = .none
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if dataKey != nil || inDefault { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if dataKey != nil || inDefault { text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if fatal == nil, rootName == nil || rootName == "graphml" {
            let e = (parseError as NSError).localizedDescription
            fatal = DataIssue(file: file, line: max(1, parser.lineNumber), column: max(0, parser.columnNumber),
                              message: "malformed XML: \(e)")
        }
    }
}
