import Foundation

/// Reads a whitespace-separated edge list (`.edges`, `.edgelist`, `.txt`) into a ``Dataset``.
///
/// Each non-blank line is one directed link, in one of three shapes (the first data line decides,
/// and every other line must have as many fields):
///
/// - `from to` — weight 1;
/// - `from to weight` — networkx `write_weighted_edgelist`;
/// - `layer from to weight` — the multiplex format of the CKM physicians and similar published
///   data (a `*_layers.txt` file beside it names the layers, e.g. `1 advice`).
///
/// Fields are separated by spaces or tabs; `#` starts a comment to the end of the line; CRLF is
/// accepted. Weights are whole numbers ≥ 0 (`3` or `3.0`); parallel links are summed, self-loops
/// dropped with a warning.
///
/// Layers: with ``NetworkFileOptions/layer`` only that layer is read (by name from the layers file,
/// case-insensitive, or by number); without it every layer is read and the weights of the same
/// pair in different layers are **summed** (a warning says how many layers were merged).
///
/// Companion files are found beside the edge list by name: for `NAME.edges` or
/// `NAME_multiplex.edges` (also `_edges`, `-edges`, `_edgelist`), `NAME_nodes.txt` and
/// `NAME_layers.txt`. The node file has a header row of whitespace-separated column names and one
/// row per node; its id column is `nodeID`, `id`, `node` or `node_id` (else the first column).
/// Every node in it becomes an expert, isolates included, in file order; its other columns are kept
/// as attributes (see ``NetworkBuilder`` for `name`, `specialty`, `npi`, …), and an edge naming a node
/// not in it is an error. Without a node file, nodes are made from the edges (of every layer, so the
/// experts do not depend on the layer read) in order of appearance.
public struct EdgeListReader: Sendable {
    /// File extensions read as edge lists.
    public static let extensions = ["edges", "edgelist", "txt"]

    /// Reading options.
    public var options: NetworkFileOptions

    /// Creates a reader.
    public init(options: NetworkFileOptions = NetworkFileOptions()) { self.options = options }

    /// The node attribute and layer-name files beside an edge list, when they exist.
    public static func companions(of url: URL) -> (nodes: URL?, layers: URL?) {
        let dir = url.deletingLastPathComponent()
        let stem = url.deletingPathExtension().lastPathComponent
        var stems = [stem]
        for suffix in ["_multiplex", "_edges", "-edges", "_edgelist", "-edgelist"] where stem.hasSuffix(suffix) {
            stems.append(String(stem.dropLast(suffix.count)))
        }
        func find(_ tail: String) -> URL? {
            for s in stems {
                let u = dir.appendingPathComponent(s + tail)
                if u.path != url.path, FileManager.default.fileExists(atPath: u.path) { return u }
            }
            return nil
        }
        return (find("_nodes.txt"), find("_layers.txt"))
    }

    /// Reads the edge list at `url` and its companion files.
    public func load(_ url: URL) throws(DatasetError) -> Dataset {
        let (nodesURL, layersURL) = EdgeListReader.companions(of: url)
        let bytes: [UInt8]
        do throws(DataIssue) { bytes = try readTextFile(url, displayName: url.path) } catch { throw DatasetError(issues: [error]) }
        return try load(text: bytes, file: url.path, nodesURL: nodesURL, layersURL: layersURL)
    }

    /// Reads an edge list from memory (no companion files); `fileName` names it in messages.
    public func load(bytes: [UInt8], fileName: String) throws(DatasetError) -> Dataset {
        let text: [UInt8]
        do throws(DataIssue) { text = try checkText(bytes, displayName: fileName) } catch { throw DatasetError(issues: [error]) }
        return try load(text: text, file: fileName, nodesURL: nil, layersURL: nil)
    }

    private func load(text: [UInt8], file: String, nodesURL: URL?, layersURL: URL?) throws(DatasetError) -> Dataset {
        let lines = EdgeListReader.tokenize(text)
        var b = NetworkBuilder(file: file, createsNodes: nodesURL == nil, options: options)
        if let nodesURL { try readNodes(nodesURL, into: &b) }

        guard let first = lines.first else {
            if options.layer != nil {
                throw DatasetError(issues: [DataIssue(file: file, message: "a layer was asked for, but the edge list is empty")])
            }
            return try b.finish(source: file)
        }
        let shape = first.tokens.count
        guard (2...4).contains(shape) else {
            throw DatasetError(issues: [DataIssue(file: file, line: first.number, column: first.tokens[0].column, message:
                "expected an edge list line `from to`, `from to weight` or `layer from to weight`, found \(shape) fields")])
        }
        if layersURL != nil, shape != 4 {
            throw DatasetError(issues: [DataIssue(file: file, line: first.number, column: first.tokens[0].column, message:
                "a layers file is beside this edge list, so lines should read `layer from to weight`; found \(shape) fields")])
        }
        let layered = shape == 4
        let lead = layered ? 1 : 0

        // Layers: names from the layers file, the ids seen in the edge list, the one asked for.
        var layerNames: [(id: String, name: String)] = []
        if let layersURL { layerNames = try readLayers(layersURL) }
        var selected: String?
        var seenLayers: [String] = []
        if layered {
            var seen = Set<String>()
            for l in lines where l.tokens.count == 4 && seen.insert(l.tokens[0].text).inserted { seenLayers.append(l.tokens[0].text) }
        }
        if let want = options.layer {
            guard layered else {
                throw DatasetError(issues: [DataIssue(file: file, message:
                    "a layer (\(UserText.quoted(want))) was asked for, but this edge list has no layer column (lines read `from to\(shape == 3 ? " weight" : "")`)")])
            }
            let lw = want.lowercased()
            if let byName = layerNames.first(where: { $0.name.lowercased() == lw }) {
                selected = byName.id
            } else if seenLayers.contains(want) || layerNames.contains(where: { $0.id == want }) {
                selected = want
            } else {
                let known = layerNames.isEmpty ? seenLayers.joined(separator: ", ")
                    : layerNames.map { "\($0.id) \($0.name)" }.joined(separator: ", ")
                throw DatasetError(issues: [DataIssue(file: file, message: "no layer \(UserText.quoted(want)) in this edge list (layers: \(known))")])
            }
        }

        for l in lines {
            func issue(_ k: Int) -> (String) -> DataIssue {
                { m in DataIssue(file: file, line: l.number, column: l.tokens[min(k, l.tokens.count - 1)].column, message: m) }
            }
            guard l.tokens.count == shape else {
                b.error(issue(l.tokens.count > shape ? shape : 0)(
                    "expected \(shape) fields, as on line \(first.number), found \(l.tokens.count)"))
                continue
            }
            // Nodes of every layer are experts, whichever layer is read.
            guard let a = b.node(l.tokens[lead].text, issue: issue(lead)),
                  let c = b.node(l.tokens[lead + 1].text, issue: issue(lead + 1)) else { continue }
            if layered, let selected, l.tokens[0].text != selected { continue }
            var w = 1
            if shape >= 3 {
                guard let x = b.weight(l.tokens[lead + 2].text, issue: issue(lead + 2)) else { continue }
                w = x
            }
            b.addLink(a, c, weight: w, directed: true, issue: issue(lead))
        }

        var source = file
        if let selected {
            let name = layerNames.first(where: { $0.id == selected })?.name
            source += " (layer \(selected)\(name.map { " " + $0 } ?? ""))"
        } else if layered, seenLayers.count > 1 {
            let names = seenLayers.map { id in
                layerNames.first(where: { $0.id == id }).map { "\(id) \($0.name)" } ?? id
            }
            b.warn("\(file): \(seenLayers.count) layers (\(names.joined(separator: ", "))) read as one network, weights summed; choose one with --layer NAME")
        }
        return try b.finish(source: source)
    }

    /// Reads the node attribute file into `b`.
    private func readNodes(_ url: URL, into b: inout NetworkBuilder) throws(DatasetError) {
        let name = url.path
        b.nodeFile = name
        let lines: [Line]
        do throws(DataIssue) {
            lines = EdgeListReader.tokenize(try readTextFile(url, displayName: name))
        } catch { throw DatasetError(issues: [error]) }
        guard let head = lines.first else {
            throw DatasetError(issues: [DataIssue(file: name, line: 1, column: 1, message: "node file is empty: expected a header row")])
        }
        let columns = head.tokens.map(\.text)
        let idKeys = ["nodeid", "id", "node", "node_id"]
        let idColumn = idKeys.lazy.compactMap { k in columns.firstIndex { $0.lowercased() == k } }.first ?? 0
        let npiColumn = columns.firstIndex { $0.lowercased() == "npi" }
        for l in lines.dropFirst() {
            func issue(_ k: Int) -> (String) -> DataIssue {
                { m in DataIssue(file: name, line: l.number, column: l.tokens[min(k, l.tokens.count - 1)].column, message: m) }
            }
            guard l.tokens.count == columns.count else {
                b.error(issue(l.tokens.count > columns.count ? columns.count : 0)(
                    "expected \(columns.count) fields (one per header column), found \(l.tokens.count)"))
                continue
            }
            var attributes: [(String, String)] = []
            for (k, t) in l.tokens.enumerated() where k != idColumn { attributes.append((columns[k], t.text)) }
            b.addNode(id: l.tokens[idColumn].text, attributes: attributes, line: l.number, issue: issue(idColumn),
                      npiIssue: npiColumn.map(issue))
        }
    }

    /// Reads `id name…` lines; a first line such as `layerID layerLabel` is a header and skipped.
    private func readLayers(_ url: URL) throws(DatasetError) -> [(id: String, name: String)] {
        let lines: [Line]
        do throws(DataIssue) {
            lines = EdgeListReader.tokenize(try readTextFile(url, displayName: url.path))
        } catch { throw DatasetError(issues: [error]) }
        var out: [(id: String, name: String)] = []
        for (k, l) in lines.enumerated() {
            let first = l.tokens[0].text.lowercased()
            if k == 0, ["layer", "id", "layerid", "layer_id"].contains(first) { continue }
            out.append((l.tokens[0].text, l.tokens.dropFirst().map(\.text).joined(separator: " ")))
        }
        return out
    }

    /// One non-blank line: its 1-based number and its fields.
    struct Line {
        var number: Int
        var tokens: [(text: String, column: Int)]
    }

    /// Splits text into lines of fields separated by spaces or tabs; `#` comments and blank lines
    /// are dropped; columns count characters from 1.
    static func tokenize(_ bytes: [UInt8]) -> [Line] {
        var out: [Line] = []
        var tokens: [(text: String, column: Int)] = []
        var lineNo = 1
        var col = 1
        var start = -1, startCol = 0
        var comment = false
        func flush(_ end: Int) {
            if start >= 0 {
                tokens.append((String(decoding: bytes[start..<end], as: UTF8.self), startCol))
                start = -1
            }
        }
        for (k, c) in bytes.enumerated() {
            if c == UInt8(ascii: "\n") {
                flush(k)
                if !tokens.isEmpty { out.append(Line(number: lineNo, tokens: tokens)) }
                tokens = []
                lineNo += 1
                col = 1
                comment = false
                continue
            }
            if !comment {
                if c == UInt8(ascii: "#") {
                    flush(k); comment = true
                } else if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                    flush(k)
                } else if start < 0 {
                    start = k; startCol = col
                }
            }
            if c & 0xC0 != 0x80 { col += 1 }
        }
        flush(bytes.count)
        if !tokens.isEmpty { out.append(Line(number: lineNo, tokens: tokens)) }
        return out
    }
}
