import CGraphviz
import Foundation
import Liaison

/// Reads a Graphviz DOT file (`.gv`, `.dot`) into a ``Dataset`` through cgraph (`agmemread`), so a
/// network drawn with Graphviz elsewhere — or a map Liaison wrote with `render --format dot` — can be
/// analysed.
///
/// - **Nodes** become experts: the node name is the id; the name is the `label` when it is set, not
///   `\N` and not an HTML-like label (Graphviz escapes such as `\N` and `\n` are expanded), else the
///   `name` attribute, else `xlabel`, else the id. `institution`, `region`, `specialty`, `title`
///   and `npi` attributes fill those fields; a node without `institution` inside a labelled
///   `cluster…` subgraph takes the cluster's label as its institution. Every other non-empty
///   attribute is kept in ``Expert/attributes``, except layout output (`pos`, `_draw_`…).
/// - **Edges** become referrals `tail → head`: patients are the `patients` attribute (a whole
///   number ≥ 0), else `weight` (Graphviz's weights are often fractional: a fractional `weight` is
///   rounded to whole patients, with a warning), else 1. An optional `period` attribute (`2026Q2`…)
///   dates the referral. Parallel edges are summed; self-loops are dropped with a warning.
/// - **Undirected graphs** (`graph`, `--`): each edge is a referral **both ways** with its full
///   count, as for undirected GraphML and node-link files (centrality then treats the tie as
///   mutual).
/// - Errors: Graphviz's syntax errors become `FILE:LINE: syntax error …` with cgraph's line number;
///   a bad count names the file and the edge. With ``lenient``, bad edges are skipped with a warning.
public struct DOTNetworkReader: Sendable {
    /// File extensions read as DOT.
    public static let extensions = ["gv", "dot"]

    /// Skip edges with bad counts (with a warning) instead of failing.
    public var lenient: Bool

    /// Creates a reader.
    public init(lenient: Bool = false) { self.lenient = lenient }

    /// Reads the file at `url`; messages name it by `url.path`.
    public func load(_ url: URL) throws(DatasetError) -> Dataset {
        let file = url.path
        let data: Data
        do {
            // At most one byte past the limit: a device or a huge file is never read whole.
            let h = try FileHandle(forReadingFrom: url)
            defer { try? h.close() }
            data = try h.read(upToCount: DOTInputLimits.maxFileBytes + 1) ?? Data()
        } catch {
            throw DatasetError(issues: [DataIssue(file: file, message: "cannot read file: \(error.localizedDescription)")])
        }
        if data.count > DOTInputLimits.maxFileBytes, let issue = DOTInputLimits.issue(data, file: file) {
            throw DatasetError(issues: [issue])
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let z = bytes.firstIndex(of: 0) {
            let line = bytes[..<z].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw DatasetError(issues: [DataIssue(file: file, line: line, message: "contains a NUL byte: this looks like a binary file, not DOT")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DatasetError(issues: [DataIssue(file: file, message: "is not UTF-8 text (DOT files are read as UTF-8)")])
        }
        return try load(text: text, fileName: file)
    }

    /// Reads DOT text; `fileName` is used in messages and as the dataset's source.
    public func load(text: String, fileName file: String) throws(DatasetError) -> Dataset {
        if let issue = DOTInputLimits.issue(text.utf8, file: file) { throw DatasetError(issues: [issue]) }
        do {
            return try Graphviz.withLock { try read(text, file) }
        } catch let e as DatasetError {
            throw e
        } catch {
            throw DatasetError(issues: [DataIssue(file: file, message: "\(error)")])
        }
    }

    /// Attributes that are Graphviz's layout output, not data.
    static let layoutOutput: Set<String> = ["pos", "_draw_", "_ldraw_", "_hdraw_", "_tdraw_", "_hldraw_", "_tldraw_",
                                            "xlp", "lp", "rects", GraphvizRenderer.frameMarker]

    private func read(_ text: String, _ file: String) throws -> Dataset {
        let graph: GraphvizGraph
        do {
            graph = try GraphvizReading.parse(text, fileName: file)
        } catch let GraphvizError.graphConstruction(_, messages) {
            throw DatasetError(issues: Self.syntaxIssues(messages, file: file))
        }
        let g = graph.pointer
        let directed = agisdirected(g) != 0
        var problems = Problems(file: file, lenient: lenient)
        var warnings = [String]()
        func fail(_ m: String) { problems.fail(m) }

        // Cluster labels, innermost last, as institutions for nodes without one.
        var clusterOf = [String: String]()
        func walk(_ parent: UnsafeMutablePointer<Agraph_t>) {
            var s = agfstsubg(parent)
            while let sub = s {
                let raw = UnsafeMutableRawPointer(sub)
                if let name = agnameof(raw), String(cString: name).hasPrefix("cluster"),
                   let label = Self.plainLabel(raw, nodeName: "", graphName: String(cString: name)) {
                    var n = agfstnode(sub)
                    while let node = n {
                        if let nn = agnameof(UnsafeMutableRawPointer(node)) { clusterOf[String(cString: nn)] = label }
                        n = agnxtnode(sub, node)
                    }
                }
                walk(sub)
                s = agnxtsubg(sub)
            }
        }
        walk(g)

        var nodeSymbols = [(String, UnsafeMutablePointer<Agsym_t>)]()
        var sym = agnxtattr(g, Int32(AGNODE), nil)
        while let s = sym {
            if let n = s.pointee.name { nodeSymbols.append((String(cString: n), s)) }
            sym = agnxtattr(g, Int32(AGNODE), s)
        }

        var experts = [Expert]()
        var index = [String: Int]()
        var n = agfstnode(g)
        while let node = n {
            defer { n = agnxtnode(g, node) }
            let raw = UnsafeMutableRawPointer(node)
            let id = agnameof(raw).map { String(cString: $0) } ?? ""
            if Self.string(raw, GraphvizRenderer.frameMarker) == "true" { continue }
            if id.isEmpty { fail("a node has an empty name"); continue }
            var e = Expert(id: id, name: id)
            var fromName: String?, fromXLabel: String?
            let label = Self.plainLabel(raw, nodeName: id, graphName: "")
            for (key, s) in nodeSymbols {
                guard let cv = agxget(raw, s) else { continue }
                let value = String(cString: cv).trimmingSpaces
                if value.isEmpty || Self.layoutOutput.contains(key) { continue }
                switch key.lowercased() {
                case "label": if aghtmlstr(cv) != 0 { e.attributes[key] = value } // plain labels are the name
                case "name": fromName = value
                case "xlabel": fromXLabel = Self.unescape(value, nodeName: id, graphName: ""); e.attributes[key] = value
                case "institution": e.institution = value
                case "region": e.region = value
                case "specialty": e.specialty = value
                case "title": e.title = value
                case "npi": e.npi = value
                default: e.attributes[key] = value
                }
            }
            e.name = label ?? fromName ?? fromXLabel.flatMap { $0.isEmpty ? nil : $0 } ?? id
            if e.institution.isEmpty, let c = clusterOf[id] { e.institution = c }
            index[id] = experts.count
            experts.append(e)
        }

        // Edges: tail → head (both ways when undirected), summed per pair and period.
        struct Key: Hashable { var s: Int, t: Int, period: Period? }
        var slot = [Key: Int]()
        var referrals = [Referral]()
        var selfLoops = 0, rounded = 0
        let arrow = directed ? "->" : "--"
        n = agfstnode(g)
        while let node = n {
            defer { n = agnxtnode(g, node) }
            var e = agfstout(g, node)
            while let edge = e {
                defer { e = agnxtout(g, edge) }
                let raw = UnsafeMutableRawPointer(edge)
                guard let tn = agnameof(UnsafeMutableRawPointer(liaison_agtail(edge))),
                      let hn = agnameof(UnsafeMutableRawPointer(liaison_aghead(edge))) else { continue }
                let tail = String(cString: tn), head = String(cString: hn)
                guard let s = index[tail], let t = index[head] else { continue } // frame nodes
                let what = "edge \(UserText.escaped(tail)) \(arrow) \(UserText.escaped(head))"
                var patients = 1
                if let text = Self.string(raw, "patients").map(\.trimmingSpaces), !text.isEmpty {
                    guard let v = Self.wholeNumber(text), v <= PatientCount.ceiling else {
                        fail("\(what): patients \(UserText.quoted(text)) \(Self.why(text))"); continue
                    }
                    patients = v
                } else if let text = Self.string(raw, "weight").map(\.trimmingSpaces), !text.isEmpty {
                    if let v = Self.wholeNumber(text), v <= PatientCount.ceiling {
                        patients = v
                    } else if let x = Double(text), x.isFinite, x >= 0, x.rounded() <= Double(PatientCount.ceiling) {
                        patients = Int(x.rounded())
                        rounded += 1
                    } else {
                        fail("\(what): weight \(UserText.quoted(text)) \(Self.why(text))"); continue
                    }
                }
                var period: Period?
                if let text = Self.string(raw, "period").map(\.trimmingSpaces), !text.isEmpty {
                    guard let p = Period.parse(text) else {
                        fail("\(what): period \(UserText.quoted(text)) is not a period (use 2026Q2, 2026-Q2, 2026, 2026-03 or 2026-01-01..2026-03-31)")
                        continue
                    }
                    period = p
                }
                if s == t { selfLoops += 1; continue }
                let pairs = directed ? [(s, t)] : [(s, t), (t, s)]
                if pairs.contains(where: { a, b in
                    PatientCount.sum(slot[Key(s: a, t: b, period: period)].map { referrals[$0].patients } ?? 0, patients) == nil
                }) {
                    fail("\(what): the edges of this pair sum to more than \(PatientCount.ceilingText) patients, the most "
                         + "Liaison accepts for one pair (no real referral count comes near it)")
                    continue
                }
                for (a, b) in pairs {
                    let k = Key(s: a, t: b, period: period)
                    if let i = slot[k] { referrals[i].patients += patients } else {
                        slot[k] = referrals.count
                        referrals.append(Referral(source: a, target: b, patients: patients, period: period))
                    }
                }
            }
        }
        if !problems.errors.isEmpty { throw DatasetError(issues: problems.errors, total: problems.total) }
        // One pair's edges of several periods, summed (each period's sum was checked above).
        let totals = PatientCount.referralIssues(referrals, experts: experts, file: file)
        if !totals.isEmpty { throw DatasetError(issues: totals) }
        if rounded > 0 {
            warnings.append("\(file): rounded \(rounded) fractional edge weight\(rounded == 1 ? "" : "s") to whole patients")
        }
        if selfLoops > 0 { warnings.append("\(file): ignored \(selfLoops) self-loop\(selfLoops == 1 ? "" : "s") (source = target)") }
        if !directed && !referrals.isEmpty {
            warnings.append("\(file): undirected graph: each edge counts as a referral both ways")
        }
        if problems.skipped > 0 {
            warnings.append("\(file): skipped \(problems.skipped) item\(problems.skipped == 1 ? "" : "s") with errors (--lenient)")
        }
        return Dataset(source: file, experts: experts, referrals: referrals,
                       filesPresent: ["experts.csv", "referrals.csv"], warnings: warnings)
    }

    /// Errors found (up to 50), or in lenient mode how many items were skipped.
    private struct Problems {
        let file: String
        let lenient: Bool
        var errors = [DataIssue]()
        var total = 0
        var skipped = 0

        mutating func fail(_ message: String) {
            total += 1
            if lenient { skipped += 1 } else if errors.count < 50 { errors.append(DataIssue(file: file, message: message)) }
        }
    }

    // MARK: - Helpers (call under the Graphviz lock)

    private static func string(_ object: UnsafeMutableRawPointer, _ name: String) -> String? {
        GraphvizReading.attribute(object, name)
    }

    /// A plain (not HTML) `label` other than `\N`, with Graphviz's escapes expanded; `nil` when none.
    private static func plainLabel(_ object: UnsafeMutableRawPointer, nodeName: String, graphName: String) -> String? {
        guard let cv = "label".withCString({ agget(object, UnsafeMutablePointer(mutating: $0)) }), aghtmlstr(cv) == 0 else { return nil }
        let raw = String(cString: cv).trimmingSpaces
        if raw.isEmpty || raw == "\\N" { return nil }
        let text = unescape(raw, nodeName: nodeName, graphName: graphName).trimmingSpaces
        return text.isEmpty ? nil : text
    }

    /// Expands Graphviz's escString: `\N` (node name), `\G` (graph name), `\n` `\l` `\r` (line
    /// breaks, here spaces), `\\`; and the HTML entities labels decode (`&amp;`, `&#38;`…).
    static func unescape(_ s: String, nodeName: String, graphName: String) -> String {
        var out = ""
        var it = s.makeIterator()
        while let c = it.next() {
            guard c == "\\" else { out.append(c); continue }
            guard let d = it.next() else { out.append("\\"); break }
            switch d {
            case "N": out += nodeName
            case "G": out += graphName
            case "n", "l", "r": out += " "
            default: out.append(d)
            }
        }
        return decodeEntities(out)
    }

    private static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = String(after[..<semi])
                var decoded: String?
                if let v = named[name] { decoded = v }
                else if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { decoded = String(u) }
                else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let u = Unicode.Scalar(v) { decoded = String(u) }
                if let decoded {
                    out += decoded
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }

    /// A whole number ≥ 0 written as an integer or a float without fraction (`3`, `3.0`, `1e2`).
    private static func wholeNumber(_ t: String) -> Int? {
        if let v = Int(t), v >= 0 { return v }
        if let x = Double(t), x.isFinite, x >= 0, x < 9.0e15, x.rounded() == x { return Int(x) }
        return nil
    }

    private static func why(_ t: String) -> String {
        if let v = Int(t), v > PatientCount.ceiling { return PatientCount.aboveCeiling }
        guard let x = Double(t), x.isFinite else { return "is not a number" }
        if x > Double(PatientCount.ceiling) { return PatientCount.aboveCeiling }
        return x < 0 ? "is negative" : "is not a whole number (Liaison counts links in whole patients)"
    }

    /// Graphviz's parse messages as located issues: `… syntax error in line N near 'x'` becomes
    /// `FILE:N: syntax error near 'x'`.
    static func syntaxIssues(_ messages: [String], file: String) -> [DataIssue] {
        var issues = [DataIssue]()
        for m in messages {
            var text = m
            for prefix in ["Error: ", "Warning: "] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
            for prefix in [GraphvizReading.inputName + ": ", GraphvizReading.inputName + ":"] where text.hasPrefix(prefix) {
                text.removeFirst(prefix.count)
            }
            var line = 0
            if let r = text.range(of: "in line ") {
                let digits = text[r.upperBound...].prefix { $0.isNumber }
                if let v = Int(digits) {
                    line = v
                    let end = text.index(r.upperBound, offsetBy: digits.count)
                    text = (String(text[..<r.lowerBound]) + String(text[end...]))
                        .replacingOccurrences(of: "  ", with: " ").trimmingSpaces
                }
            }
            if text.contains("memory exhausted") {
                text += " (Graphviz's parser ran out of stack: a statement too long, such as a chain of thousands of "
                    + "edges, or subgraphs nested too deeply; split it into shorter statements)"
            }
            issues.append(DataIssue(file: file, line: line, message: text.isEmpty ? m : text))
        }
        if issues.isEmpty { issues.append(DataIssue(file: file, message: "not a DOT graph: Graphviz could not read it")) }
        return issues
    }
}

extension DatasetFileReader {
    /// Graphviz DOT files (`.gv`, `.dot`), read through cgraph: this module's contribution to
    /// ``DatasetSources``.
    public static let dot = DatasetFileReader(
        extensions: DOTNetworkReader.extensions,
        description: "a Graphviz DOT network (nodes = experts, edges = referrals)") { url, o throws(DatasetError) in
        try DOTNetworkReader(lenient: o.lenient).load(url)
    }
}
