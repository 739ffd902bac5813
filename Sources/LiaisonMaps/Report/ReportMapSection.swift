import Foundation
import Liaison

extension ReportWriter {
    // MARK: - Main map

    /// The experts of the main map: the `mapTop` most influential, then targets and off-plan key
    /// experts by influence, up to `mapLimit`; and what was left out.
    func mainSelection() -> (selection: MapSelection, extraTargets: Int) {
        let n = d.experts.count
        let top = max(1, input.mapTop)
        var chosen = Array(byInfluence.prefix(top))
        var isChosen = [Bool](repeating: false, count: n)
        for v in chosen { isChosen[v] = true }
        var extra = 0
        for v in byInfluence where !isChosen[v] && chosen.count < max(top, input.mapLimit) {
            let e = r.experts[v]
            if e.isTarget || e.isOffPlanKeyExpert {
                chosen.append(v)
                isChosen[v] = true
                extra += 1
            }
        }
        chosen.sort { rank[$0] < rank[$1] }
        let graph = d.referralGraph(period: scores.period)
        var links: [MapSelection.Link] = []
        for v in chosen {
            for k in graph.outOffsets[v]..<graph.outOffsets[v + 1] {
                let t = Int(graph.outTargets[k])
                if isChosen[t] && t != v { links.append(.init(source: v, target: t, patients: graph.outWeights[k])) }
            }
        }
        // Weak links thinned as on `render`'s maps, said in the caption.
        return (MapSelection(experts: chosen, links: links, focus: nil, totalExperts: n).thinned(mapOptions(top: nil)), extra)
    }

    func mapOptions(top: Int?, focus: String? = nil) -> MapOptions {
        var o = MapOptions(top: top, focus: focus, depth: 1, colorBy: .coverage, labelTop: 25, period: scores.period)
        o.overlay = input.overlay
        o.minCell = input.minCell
        return o
    }

    mutating func mainMap() throws -> (String, JSONValue) {
        let (sel, extra) = mainSelection()
        let options = mapOptions(top: nil)
        var doc = NetworkMap.document(d, scores: scores, selection: sel, options: options)
        doc = ReportWriter.prepare(doc, prefix: "m", edgePrefix: "l", graphID: "report-map", edgeTooltips: false)
        countHiddenTooltips(sel, edgeTooltips: false)
        let svg = try GraphvizRenderer.render(doc, layout: .sfdp, format: .svg)
        let svgText = ReportWriter.inlineSVG(svg, cssClass: "netmap",
                                             label: "Referral network of \(input.datasetName), coloured by coverage in \(r.period.label)")

        var s = "<section id=\"map\">\n<h2>The network map</h2>\n"
        s += "<p>Experts as circles (area = influence), referral links as lines (width = patients referred, arrow from referrer to receiver), "
            + "colour = coverage in \(HTML.text(r.period.label)).<span class=\"needs-js\"> Click an expert for details and their neighbourhood; "
            + "drag to pan, scroll or use the buttons to zoom.</span></p>\n"
        s += overlayLegend()
        s += "<div class=\"needs-js\"><form id=\"map-search\" class=\"controls\" role=\"search\" autocomplete=\"off\">"
            + "<label for=\"search-input\">Find an expert</label>"
            + "<input type=\"search\" id=\"search-input\" list=\"expert-names\" placeholder=\"name or id\">"
            + "<button type=\"submit\">Find</button>"
            + "<button type=\"button\" id=\"zoom-in\" aria-label=\"Zoom in\">+</button>"
            + "<button type=\"button\" id=\"zoom-out\" aria-label=\"Zoom out\">−</button>"
            + "<button type=\"button\" id=\"zoom-reset\">Reset view</button>"
            + "<span id=\"search-status\" class=\"muted small\" aria-live=\"polite\"></span></form></div>\n"
        s += "<datalist id=\"expert-names\">"
        for v in sel.experts { s += "<option value=\"\(HTML.attribute("\(name(v)) (\(d.experts[v].id))"))\"></option>" }
        s += "</datalist>\n"
        s += "<div class=\"map-layout\"><div class=\"map-frame\" id=\"map-frame\">\n\(svgText)\n</div>\n"
        s += "<aside class=\"panel needs-js\" id=\"details\" aria-live=\"polite\"></aside></div>\n"
        let total = sel.totalExperts, shown = sel.experts.count
        var caption = "Showing \(shown) of \(total) experts"
        if shown < total {
            caption += ": the \(min(input.mapTop, total)) most influential"
            if extra > 0 { caption += " and \(extra) more targets or key experts off the plan" }
            // Targets and off-plan key experts not drawn, counted apart: the headline counts targets,
            // and only the plan's experts are targets (a 100 000-expert network has far more key
            // experts off the plan than targets).
            let drawn = Set(sel.experts)
            var leftTargets = 0, leftOffPlan = 0
            for (v, e) in r.experts.enumerated() where !drawn.contains(v) {
                if e.isTarget { leftTargets += 1 } else if e.isOffPlanKeyExpert { leftOffPlan += 1 }
            }
            caption += ". Left out: the \(total - shown) less influential experts and their links"
            let among = (leftTargets > 0 ? [plural(leftTargets, "target")] : [])
                + (leftOffPlan > 0 ? [plural(leftOffPlan, "key expert") + " off the plan"] : [])
            if !among.isEmpty { caption += " (among them " + among.joined(separator: " and ") + ", counted in the tables below)" }
            caption += "."
        } else {
            caption += "."
        }
        caption += " \(sel.links.count) referral links drawn (referrals of \(scores.period?.label ?? "all periods"))"
        if sel.hiddenLinks > 0 {
            caption += "; the \(sel.hiddenLinks) weaker links, under \(Int(sel.linkThreshold)) patients, are not drawn"
        }
        caption += "."
        s += "<p class=\"muted small\">" + HTML.text(caption) + "</p>\n"
        s += "<p class=\"no-js muted small\">This is a static map; hover an expert for their tooltip. Search, zoom and details need JavaScript.</p>\n"
        s += "</section>\n"

        var experts: [JSONValue] = []
        experts.reserveCapacity(sel.experts.count)
        for v in sel.experts {
            let e = r.experts[v]
            var o: [(String, JSONValue)] = [
                ("id", .string(d.experts[v].id)), ("name", .string(name(v))), ("inst", .string(institution(v))),
                ("tier", .int(e.tier)), ("infl", .number((e.influence * 10000).rounded() / 10000)), ("rank", .int(rank[v])),
                ("status", .string(statusName(v))), ("actual", .int(e.actual)),
                ("expected", .number((e.expectedSoFar * 100).rounded() / 100)),
                ("last", e.lastInteraction.map { .string($0.description) } ?? .null),
                ("liaison", .string(e.owner)),
            ]
            let sp = d.experts[v].specialty, rg = region(v)
            if !sp.isEmpty { o.append(("specialty", .string(sp))) }
            if !rg.isEmpty { o.append(("region", .string(rg))) }
            experts.append(.object(o))
        }
        var index = [Int: Int]()
        for (k, v) in sel.experts.enumerated() { index[v] = k }
        let links: [JSONValue] = sel.links.compactMap { l in
            guard let a = index[l.source], let b = index[l.target] else { return nil }
            return .array([.int(a), .int(b)])
        }
        return (s, .object([("experts", .array(experts)), ("links", .array(links))]))
    }

    func overlayLegend() -> String {
        var s = "<p class=\"legend\">"
        for cat in input.overlay.categories {
            s += "<span><i class=\"swatch\" style=\"background:\(HTML.attribute(cat.color))\"></i>\(HTML.text(cat.name)) "
                + "<span class=\"muted\">(\(HTML.text(cat.colorName)))</span></span> "
        }
        s += "</p>\n"
        return s
    }

    /// Counts the patient counts a map's tooltips hide (edge tooltips, patients received).
    mutating func countHiddenTooltips(_ sel: MapSelection, edgeTooltips: Bool) {
        if edgeTooltips {
            for l in sel.links where SmallCell.hides(l.patients, threshold: input.minCell) { suppressedInMaps += 1 }
        }
        for v in sel.experts where v < received.count && received[v].isHidden {
            suppressedInMaps += 1
        }
    }

    /// Gives a map document report-wide unique SVG ids (`<prefix><k>` for the k-th node), drops the
    /// graph label (the page has its own caption and legend) and, optionally, edge tooltips.
    static func prepare(_ original: MapDocument, prefix: String, edgePrefix: String, graphID: String,
                        edgeTooltips: Bool) -> MapDocument {
        var doc = original
        doc.graphAttributes["label"] = nil
        doc.htmlLabel = nil
        doc.graphAttributes["tooltip"] = nil
        doc.graphAttributes["id"] = graphID
        doc.graphAttributes["pad"] = "0.2"
        for k in doc.nodes.indices { doc.nodes[k].attributes["id"] = "\(prefix)\(k)" }
        for k in doc.edges.indices {
            doc.edges[k].attributes["id"] = "\(edgePrefix)\(k)"
            if !edgeTooltips { doc.edges[k].attributes["tooltip"] = nil }
        }
        return doc
    }

    /// Graphviz's SVG made fit to inline: no XML prolog, DOCTYPE or comments; the root `<svg>` keeps
    /// its viewBox but loses its fixed size (CSS sizes it), and gets a class and an accessible label.
    static func inlineSVG(_ data: Data, cssClass: String, label: String) -> String {
        // Bytes, not `String.range(of:)`: Foundation's search re-derived UTF-16 offsets of the whole
        // map on every call and took half of `report`'s time on the demo (perf: 0.77 s run, 47 % in
        // `_StringBreadcrumbs`); this is one pass.
        let bytes = [UInt8](data)
        let from = firstOffset(of: Array("<svg".utf8), in: bytes, from: 0) ?? 0
        let s = stripComments(bytes[from...])
        guard let end = s.firstIndex(of: UInt8(ascii: ">")) else { return String(decoding: s, as: UTF8.self) }
        var root = String(decoding: s[..<end], as: UTF8.self)
        for attribute in ["width", "height"] { root = removeAttribute(attribute, from: root) }
        root += " class=\"\(cssClass)\" role=\"img\" aria-label=\"\(HTML.attribute(label))\""
        var out: [UInt8] = []
        out.reserveCapacity(s.count + 128)
        for line in (Array(root.utf8) + s[end...]).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        where !line.allSatisfy({ $0 == UInt8(ascii: " ") }) {
            if !out.isEmpty { out.append(UInt8(ascii: "\n")) }
            out += line
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `s` without its `<!-- … -->` comments (an unclosed one runs to the end).
    static func stripComments(_ s: ArraySlice<UInt8>) -> [UInt8] {
        let open = Array("<!--".utf8), close = Array("-->".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while let o = firstOffset(of: open, in: s, from: i) {
            out += s[i..<o]
            guard let c = firstOffset(of: close, in: s, from: o + open.count) else { return out }
            i = c + close.count
        }
        out += s[i...]
        return out
    }

    /// The first index at or after `from` where `needle` occurs in `bytes`.
    static func firstOffset<C: RandomAccessCollection>(of needle: [UInt8], in bytes: C, from: Int) -> Int?
    where C.Element == UInt8, C.Index == Int {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var i = from
        let last = bytes.endIndex - needle.count
        while i <= last {
            guard let k = bytes[i...last].firstIndex(of: first) else { return nil }
            var j = 1
            while j < needle.count && bytes[k + j] == needle[j] { j += 1 }
            if j == needle.count { return k }
            i = k + 1
        }
        return nil
    }

    static func removeAttribute(_ name: String, from tag: String) -> String {
        guard let r = tag.range(of: " \(name)=\"") else { return tag }
        guard let close = tag[r.upperBound...].firstIndex(of: "\"") else { return tag }
        return String(tag[..<r.lowerBound]) + String(tag[tag.index(after: close)...])
    }
}
