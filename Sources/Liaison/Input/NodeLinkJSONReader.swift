import Foundation

/// Reads a node-link JSON network (`.json`) into a ``Dataset``: networkx `node_link_data` and the
/// D3 force-layout shape.
///
/// ```json
/// {"directed": true, "multigraph": false, "graph": {},
///  "nodes": [{"id": "A", "name": "Dr A", "specialty": "Cardiology"}, {"id": "B"}],
///  "links": [{"source": "A", "target": "B", "weight": 12}]}
/// ```
///
/// - `nodes` is an array of objects. With an `id` member (networkx), the id (a string, or a number
///   as written) is the expert id and links name nodes by id. Without ids (D3), links name nodes by
///   their 0-based index in `nodes`, and the expert id is that index (`"0"`, `"1"`, …). A link end
///   may also be a node object (as D3 leaves them after a simulation); its `id` is used.
/// - `links` (or `edges`, as newer networkx writes) is an array of objects with `source` and
///   `target`. The weight is the first of `patients`, `weight`, `value`, `count` present (a whole
///   number ≥ 0), else 1; other link members are ignored. Parallel links are summed.
/// - `directed: false` (networkx's undirected graphs) makes every link a referral **both ways**;
///   `directed` absent (as in D3 files) is read as directed, source → target. `multigraph` only
///   means parallel links, which are summed either way.
/// - Node members: see ``NetworkBuilder`` (`name`/`label` → name, `npi`, `specialty`, … → fields,
///   the rest kept as attributes; arrays of scalars are joined with `; `).
///
/// Syntax errors are reported at their line and column; bad nodes and links at theirs.
public struct NodeLinkJSONReader: Sendable {
    /// File extensions read as node-link JSON.
    public static let extensions = ["json"]

    /// Link members that give the weight, in order of preference.
    public static let weightKeys = ["patients", "weight", "value", "count"]

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

    /// Reads node-link JSON from memory; `fileName` is used in messages.
    public func load(bytes input: [UInt8], fileName file: String) throws(DatasetError) -> Dataset {
        let bytes: [UInt8]
        do throws(DataIssue) { bytes = try checkText(input, displayName: file) } catch { throw DatasetError(issues: [error]) }
        let lines = LineIndex(bytes)
        func issue(_ offset: Int, _ message: String) -> DataIssue {
            let (l, c) = lines.position(offset)
            return DataIssue(file: file, line: l, column: c, message: message)
        }
        if options.layer != nil {
            throw DatasetError(issues: [DataIssue(file: file, message: "layers apply to edge lists with a layer column, not to node-link JSON")])
        }
        let root: JSONParser.Node
        do { root = try JSONParser.parse(bytes) } catch {
            throw DatasetError(issues: [issue(error.offset, "invalid JSON: \(error.message)")])
        }
        guard root.value.members != nil else {
            throw DatasetError(issues: [issue(root.offset, "expected a node-link object {\"nodes\": […], \"links\": […]}, found \(root.value.kind)")])
        }
        guard let nodesNode = root.value["nodes"], case .array(let nodes) = nodesNode.value else {
            let found = root.value["nodes"].map { "'nodes' is \($0.value.kind)" } ?? "no 'nodes' member"
            throw DatasetError(issues: [issue(root.value["nodes"]?.offset ?? root.offset, "expected 'nodes' to be an array of node objects (\(found))")])
        }
        let linksKey = root.value["links"] != nil ? "links" : "edges"
        var links: [JSONParser.Node] = []
        if let ln = root.value[linksKey] {
            guard case .array(let a) = ln.value else {
                throw DatasetError(issues: [issue(ln.offset, "expected '\(linksKey)' to be an array of link objects, found \(ln.value.kind)")])
            }
            links = a
        }
        if root.value["links"] != nil, let other = root.value["edges"] {
            throw DatasetError(issues: [issue(other.offset, "both 'links' and 'edges' are present: keep one")])
        }
        var directed = true
        if let dn = root.value["directed"] {
            switch dn.value {
            case .bool(let v): directed = v
            case .number(let n) where n == "0" || n == "1": directed = n == "1"
            default: throw DatasetError(issues: [issue(dn.offset, "expected 'directed' to be true or false, found \(dn.value.kind)")])
            }
        }

        var b = NetworkBuilder(file: file, createsNodes: false, options: options)
        // Nodes: by id (networkx) or by index (D3); every node must do the same.
        let byId = nodes.first.map { $0.value["id"] != nil } ?? true
        for (k, n) in nodes.enumerated() {
            guard let members = n.value.members else {
                b.error(issue(n.offset, "node \(k) is \(n.value.kind), expected an object")); continue
            }
            let line = lines.position(n.offset).line
            var id = String(k)
            if byId {
                guard let idNode = n.value["id"] else {
                    b.error(issue(n.offset, "node \(k) has no 'id' (the first node has one, so every node needs one)")); continue
                }
                guard let t = idNode.value.scalarText else {
                    b.error(issue(idNode.offset, "node id is \(idNode.value.kind), expected a string or a number")); continue
                }
                id = t
            } else if n.value["id"] != nil {
                b.error(issue(n.offset, "node \(k) has an 'id' but the first node has none: give every node an id, or none (links then use indices)")); continue
            }
            var attributes: [(String, String)] = []
            for (key, v) in members where key != "id" {
                if let t = v.value.attributeText { attributes.append((key, t)) }
            }
            let npiOffset = members.first { $0.key.lowercased() == "npi" }?.value.offset
            b.addNode(id: id, attributes: attributes, line: line, issue: { m in issue(n.offset, "node \(k): " + m) },
                      npiIssue: npiOffset.map { o in { m in issue(o, "node \(k): " + m) } })
        }

        for (k, l) in links.enumerated() {
            guard l.value.members != nil else {
                b.error(issue(l.offset, "link \(k) is \(l.value.kind), expected an object")); continue
            }
            func end(_ key: String) -> Int? {
                guard let e = l.value[key] else { b.error(issue(l.offset, "link \(k) has no '\(key)'")); return nil }
                var v = e.value
                if v.members != nil, let inner = v["id"] ?? v["index"] { v = inner.value }
                guard let text = v.scalarText, v.members == nil else {
                    b.error(issue(e.offset, "link \(k): '\(key)' is \(e.value.kind), expected a node \(byId ? "id" : "index")")); return nil
                }
                if !byId {
                    guard let x = Int(text), x >= 0, x < nodes.count else {
                        b.error(issue(e.offset, "link \(k): '\(key)' \(text) is not a node index (0…\(nodes.count - 1)); nodes without 'id' are named by index"))
                        return nil
                    }
                }
                return b.node(text) { m in issue(e.offset, "link \(k): " + m) }
            }
            guard let s = end("source"), let t = end("target") else { continue }
            var w = 1
            if let wk = NodeLinkJSONReader.weightKeys.first(where: { l.value[$0] != nil }), let wn = l.value[wk] {
                guard let text = wn.value.scalarText, !(wn.value.isBool) else {
                    b.error(issue(wn.offset, "link \(k): '\(wk)' is \(wn.value.kind), expected a whole number ≥ 0")); continue
                }
                guard let x = b.weight(text, issue: { m in issue(wn.offset, "link \(k): " + m) }) else { continue }
                w = x
            }
            b.addLink(s, t, weight: w, directed: directed) { m in issue(l.offset, "link \(k): " + m) }
        }
        return try b.finish(source: file)
    }
}
