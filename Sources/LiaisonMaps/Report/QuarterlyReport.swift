import Foundation
import Liaison

/// What the quarterly report shows, computed by the caller (`liaison report`).
public struct QuarterlyReportInput: Sendable {
    /// Coverage of the compared quarter (`from`, Q0) and of the report's quarter (`to`, Q).
    public var comparison: CoverageComparison
    /// Under-visited key experts of Q, most important first (``CoverageGaps/find(_:staleDays:includeOffPlan:)``).
    public var gaps: [CoverageGap]
    /// Communities and bridges of the referral network (on Q's influence basis), if computed.
    public var communities: CommunityAnalysis?
    /// Coverage colours of Q's experts (status names and Okabe–Ito colours).
    public var overlay: MapOverlay
    /// Small-cell threshold: patient counts from 1 to `minCell − 1` show as `<minCell` (0: all shown).
    public var minCell: Int = SmallCell.defaultThreshold
    /// When the report was generated, ISO 8601 (e.g. `2026-11-21T08:00:00Z`).
    public var generatedAt: String
    /// The generating program and version, e.g. `liaison 0.1.0`.
    public var generator: String
    /// The dataset's display name, e.g. `belgian-hematology`.
    public var datasetName: String
    /// Data files read, with what they held, e.g. `("referrals.csv", "4 200 rows")`, for the data notes.
    public var files: [(name: String, detail: String)] = []
    /// The main map draws the `mapTop` most influential experts …
    public var mapTop: Int = 150
    /// … plus Q's targets and off-plan key experts, most influential first, up to `mapLimit` experts in all.
    public var mapLimit: Int = 250
    /// How many of the largest gaps get a neighbourhood map.
    public var neighbourhoodMaps: Int = 4
    /// Rows of the under-visited table.
    public var gapRows: Int = 25
    /// The `--stale-days` used for the gaps.
    public var staleDays: Int = 90
    /// Filters in force (channels, liaison), described in one line, if any.
    public var filterLine: String?

    /// Creates an input with the default limits (150 + targets up to 250 experts on the main map,
    /// 4 neighbourhood maps, 25 gap rows).
    public init(comparison: CoverageComparison, gaps: [CoverageGap], communities: CommunityAnalysis?,
                overlay: MapOverlay, generatedAt: String, generator: String, datasetName: String) {
        self.comparison = comparison
        self.gaps = gaps
        self.communities = communities
        self.overlay = overlay
        self.generatedAt = generatedAt
        self.generator = generator
        self.datasetName = datasetName
    }
}

/// Builds the quarterly coverage report: one self-contained HTML file (inline CSS, script, SVG and
/// JSON; no external scripts, styles, fonts or images) that opens from disk, offline.
///
/// Sections: headline measures with their change from the previous quarter; the network map
/// (Graphviz SVG coloured by coverage, with pan, zoom, tooltips, details, neighbourhood highlight and
/// search); under-visited key experts with neighbourhood maps and the suggested way in; coverage by
/// tier, region and liaison as SVG bar charts and the quarter comparison; communities and bridges;
/// data notes. All user text is escaped; patient counts follow the small-cell rule; the page reads
/// fully without script and prints cleanly.
public enum QuarterlyReport {
    /// The report's HTML.
    ///
    /// - Throws: ``GraphvizError`` when a map cannot be laid out.
    public static func html(_ input: QuarterlyReportInput) throws -> String {
        var w = ReportWriter(input)
        return try w.build()
    }

    /// The HTML as UTF-8 bytes.
    public static func bytes(_ input: QuarterlyReportInput) throws -> [UInt8] { Array(try html(input).utf8) }
}

/// Writes the report, section by section, counting the patient counts it hides.
struct ReportWriter {
    let input: QuarterlyReportInput
    let c: CoverageComparison
    let r: CoverageReport
    let d: Dataset
    let scores: ExpertScores
    /// Patient counts shown as `<minCell` in tables and captions.
    var suppressed = 0
    /// Patient counts shown as `<minCell` in map tooltips.
    var suppressedInMaps = 0
    /// Influence rank (1-based) of every expert on Q's basis.
    let rank: [Int]
    /// Experts by influence, most influential first (ties by id).
    let byInfluence: [Int]

    init(_ input: QuarterlyReportInput) {
        self.input = input
        c = input.comparison
        r = input.comparison.to
        d = r.dataset
        scores = r.targets.scores
        let n = input.comparison.to.dataset.experts.count
        let influence = input.comparison.to.targets.scores.influence
        let infl = { (v: Int) in v < influence.count ? influence[v] : 0 }
        let ids = input.comparison.to.dataset.experts.map(\.id)
        let order = (0..<n).sorted { a, b in infl(a) != infl(b) ? infl(a) > infl(b) : ids[a] < ids[b] }
        byInfluence = order
        var rk = [Int](repeating: 0, count: n)
        for (k, v) in order.enumerated() { rk[v] = k + 1 }
        rank = rk
    }

    // MARK: - Small helpers

    func name(_ v: Int) -> String {
        let e = d.experts[v]
        return e.name.trimmingSpaces.isEmpty ? e.id : e.name
    }

    func institution(_ v: Int) -> String { d.institutionName(ofExpert: v) }

    func region(_ v: Int) -> String {
        let e = d.experts[v]
        return e.region.isEmpty ? (d.institution(ofExpert: v)?.region ?? "") : e.region
    }

    /// A patient count as shown, hiding small cells (and counting them).
    mutating func patients(_ x: Double) -> String {
        if SmallCell.hides(x, threshold: input.minCell) {
            suppressed += 1
            return "<\(input.minCell)"
        }
        return Fmt.short(x)
    }

    /// Coverage status of `v`: the overlay's category (colour swatch + name).
    func statusName(_ v: Int) -> String { input.overlay.category(of: v)?.name ?? r.status(of: v).rawValue }

    func statusHTML(_ v: Int) -> String {
        guard let cat = input.overlay.category(of: v) else { return HTML.text(r.status(of: v).rawValue) }
        return "<span class=\"status\"><i class=\"swatch\" style=\"background:\(HTML.attribute(cat.color))\"></i>"
            + HTML.text(cat.name) + "</span>"
    }

    func expertHTML(_ v: Int) -> String {
        HTML.text(name(v)) + " <span class=\"muted small\">" + HTML.text(d.experts[v].id) + "</span>"
    }

    // MARK: - Document

    mutating func build() throws -> String {
        let q = r.period, q0 = c.from.period
        var body = ""
        body += header()
        body += "<main>\n"
        body += headline()
        let (mapHTML, mapJSON) = try mainMap()
        body += mapHTML
        body += try gapsSection()
        body += coverageSection()
        body += communitiesSection()
        body += dataNotes()
        body += "</main>\n"
        body += "<footer>\(HTML.text(input.generator)) · Graphviz \(HTML.text(GraphvizInfo.version)) · generated \(HTML.text(input.generatedAt)) · "
            + "confidential: patients appear only as counts, and counts from 1 to \(max(0, input.minCell - 1)) are hidden.</footer>\n"
        body += "<div id=\"tooltip\" role=\"tooltip\" hidden></div>\n"
        let data: JSONValue = .object([
            ("quarter", .string(q.label)), ("previous", .string(q0.label)),
            ("generated_at", .string(input.generatedAt)), ("map", mapJSON),
        ])
        body += HTML.jsonScript(id: "report-data", data)
        let script = ReportAssets.script
        body += "<script>" + script + "</script>\n"

        let title = "Liaison quarterly report — \(input.datasetName) — \(q.label)"
        var head = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        head += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // Only this page's own inline script may run; nothing may be fetched.
        head += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
            + "style-src 'unsafe-inline'; script-src 'sha256-\(SHA256.base64Digest(script))'; form-action 'none'; base-uri 'none'\">\n"
        head += "<meta name=\"generator\" content=\"\(HTML.attribute(input.generator))\">\n"
        head += "<link rel=\"icon\" href=\"data:,\">\n"
        head += "<title>\(HTML.text(title))</title>\n<style>\n\(ReportAssets.css)\n</style>\n</head>\n<body>\n"
        return head + body + "</body>\n</html>\n"
    }

    func header() -> String {
        let q = r.period, q0 = c.from.period
        var s = "<header class=\"top\">\n<h1>Quarterly coverage report — \(HTML.text(q.label))</h1>\n"
        s += "<p>\(HTML.text(input.datasetName)) · \(HTML.text(q.label)) (\(q.start) to \(q.end)) compared with \(HTML.text(q0.label)) "
            + "(\(q0.start) to \(q0.end)) · generated \(HTML.text(input.generatedAt))</p>\n"
        s += "<nav class=\"toc\" aria-label=\"Sections\"><a href=\"#headline\">Headline</a><a href=\"#map\">Network map</a>"
            + "<a href=\"#gaps\">Under-visited key experts</a><a href=\"#coverage\">Coverage by group</a>"
            + "<a href=\"#comparison\">Quarter comparison</a><a href=\"#communities\">Communities and bridges</a>"
            + "<a href=\"#notes\">Data notes</a></nav>\n</header>\n"
        return s
    }

    // MARK: - Headline

    func headline() -> String {
        let a = c.from.totals, b = r.totals
        let q0 = c.from.period.label
        var s = "<section id=\"headline\">\n<h2>Headline</h2>\n"
        s += "<p>" + HTML.text(targetsSentence(r)) + "</p>\n"
        s += "<div class=\"cards\">\n"
        s += card("Reach", Fmt.percent(b.reach), delta: share(a.reach, b.reach), q0: q0,
                  detail: "reached \(b.reached) of \(b.targets) targets")
        s += card("Attainment", Fmt.percent(b.attainment), delta: share(a.attainment, b.attainment), q0: q0,
                  detail: "\(Fmt.short(b.attained)) of \(Fmt.short(b.expected)) expected interactions")
        s += card("Influence coverage", Fmt.percent(b.influenceCoverage),
                  delta: share(a.influenceCoverage, b.influenceCoverage), q0: q0,
                  detail: "share of the targets' influence reached")
        let dInt = Double(b.interactions - a.interactions)
        s += card("Interactions", String(b.interactions), delta: (dInt, Fmt.signed(dInt, unit: "")), q0: q0,
                  detail: "with targets" + (r.nonTargetInteractions > 0 ? "; \(r.nonTargetInteractions) more with other experts" : ""))
        s += "</div>\n"
        if let note = pacingNote() { s += "<p class=\"muted small\">" + HTML.text(note) + "</p>\n" }
        if let f = input.filterLine { s += "<p class=\"muted small\">" + HTML.text(f) + "</p>\n" }
        s += "</section>\n"
        return s
    }

    func targetsSentence(_ x: CoverageReport) -> String {
        var s = "Targets of \(x.period.label): "
        switch x.targets.source {
        case .plan: s += "the experts of the call plan (\(x.targetExperts.count))"
        case .tiers: s += "the tier 1 and 2 experts (\(x.targetExperts.count); the plan has no rows for the quarter)"
        }
        s += ". Influence and tiers come from the referrals of \(x.targets.influencePeriod?.label ?? "all periods")."
        return s
    }

    func pacingNote() -> String? {
        let p = r.period
        if let a = r.options.asOf {
            return "As of \(a): \(Fmt.fixed(100 * r.elapsedFraction, 0)) % of the quarter has elapsed; expectations are paced to that share."
        }
        if let last = d.interactions.map(\.date).max(), last < p.end, last >= p.start {
            return "Interactions in the data stop on \(last), before the quarter ends on \(p.end): expectations are for the whole quarter (liaison report --as-of \(last) paces them)."
        }
        return nil
    }

    /// A share change in percentage points: (value, text).
    func share(_ a: Double?, _ b: Double?) -> (Double, String)? {
        guard let a, let b else { return nil }
        let pp = (100 * (b - a)).rounded()
        return (pp, Fmt.signed(pp, unit: " pp"))
    }

    func card(_ title: String, _ value: String, delta: (Double, String)?, q0: String, detail: String) -> String {
        var s = "<div class=\"card\"><div class=\"k\">\(HTML.text(title))</div><div class=\"v\">\(HTML.text(value))</div>"
        if let (x, text) = delta {
            let (arrow, cls, word) = x > 0 ? ("▲", "up", "up") : (x < 0 ? ("▼", "down", "down") : ("▶", "flat", "unchanged"))
            s += "<div class=\"d \(cls)\" title=\"\(HTML.attribute("\(word) from \(q0)"))\"><span aria-hidden=\"true\">\(arrow)</span> "
                + "\(HTML.text(text)) <span class=\"muted\">vs \(HTML.text(q0))</span></div>"
        } else {
            s += "<div class=\"d flat\">– <span class=\"muted\">no value for \(HTML.text(q0))</span></div>"
        }
        s += "<div class=\"s\">\(HTML.text(detail))</div></div>\n"
        return s
    }

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
        return (MapSelection(experts: chosen, links: links, focus: nil, totalExperts: n), extra)
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
            let leftTargets = r.experts.filter { ($0.isTarget || $0.isOffPlanKeyExpert) }.count - sel.experts.filter { r.experts[$0].isTarget || r.experts[$0].isOffPlanKeyExpert }.count
            caption += ". Left out: the \(total - shown) less influential experts"
            if leftTargets > 0 { caption += " (\(leftTargets) of them targets; they are in the tables below)" }
            caption += " and their links."
        } else {
            caption += "."
        }
        caption += " \(sel.links.count) referral links drawn (referrals of \(scores.period?.label ?? "all periods"))."
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
        for v in sel.experts where v < scores.inStrength.count && SmallCell.hides(scores.inStrength[v], threshold: input.minCell) {
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
        var s = String(decoding: data, as: UTF8.self)
        if let r = s.range(of: "<svg") { s = String(s[r.lowerBound...]) }
        s = stripComments(s)
        guard let end = s.firstIndex(of: ">") else { return s }
        var root = String(s[..<end])
        for attribute in ["width", "height"] { root = removeAttribute(attribute, from: root) }
        root += " class=\"\(cssClass)\" role=\"img\" aria-label=\"\(HTML.attribute(label))\""
        var lines = (root + String(s[end...])).split(separator: "\n", omittingEmptySubsequences: true)
        lines = lines.filter { !$0.allSatisfy { $0 == " " } }
        return lines.joined(separator: "\n")
    }

    static func stripComments(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var rest = Substring(s)
        while let open = rest.range(of: "<!--") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "-->") else { rest = ""; break }
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    static func removeAttribute(_ name: String, from tag: String) -> String {
        guard let r = tag.range(of: " \(name)=\"") else { return tag }
        guard let close = tag[r.upperBound...].firstIndex(of: "\"") else { return tag }
        return String(tag[..<r.lowerBound]) + String(tag[tag.index(after: close)...])
    }

    // MARK: - Under-visited key experts

    mutating func gapsSection() throws -> String {
        let gaps = input.gaps
        var s = "<section id=\"gaps\">\n<h2>Under-visited key experts</h2>\n"
        let never = gaps.filter(\.neverVisited).count, stale = gaps.filter(\.stale).count, off = gaps.filter(\.offPlan).count
        var intro = "\(gaps.count) key experts are below their expected interactions in \(r.period.label)"
        if off > 0 { intro += " (\(gaps.count - off) plan targets and \(off) tier 1–2 experts the plan leaves out)" }
        intro += ": \(never) never visited, \(stale) not seen for \(input.staleDays) days or more. Most important first: gap score = influence × shortfall ÷ expected. The way in is the colleague the team did meet "
            + "this quarter with the strongest referral or collaboration tie."
        s += "<p>" + HTML.text(intro) + "</p>\n"
        if gaps.isEmpty {
            s += "<p><strong>No gaps:</strong> every target met its expectation.</p>\n</section>\n"
            return s
        }
        let shown = Array(gaps.prefix(max(1, input.gapRows)))
        var t = HTMLTable(id: "gaps-table", columns: ["#", "expert", "institution", "tier", "influence", "status", "expected",
                                                      "actual", "last seen", "flags", "liaison", "way in"],
                          caption: shown.count < gaps.count ? "The \(shown.count) largest of \(gaps.count) gaps (liaison gaps --all lists every one)." : nil)
        for (k, g) in shown.enumerated() {
            var flags: [String] = []
            if g.neverVisited { flags.append("<span class=\"flag strong\">never visited</span>") }
            if g.stale { flags.append("<span class=\"flag\">stale</span>") }
            if g.offPlan { flags.append("<span class=\"flag\">off plan</span>") }
            let last = g.lastInteraction.map { "\($0) (\(g.daysSince ?? 0) d)" } ?? "never"
            t.rows.append([
                .number(String(k + 1), Double(k + 1)), .html(expertHTML(g.expert)), .text(institution(g.expert)),
                .number(String(g.tier), Double(g.tier)), .number(Fmt.fixed(g.influence, 3), g.influence),
                .html(statusHTML(g.expert)), .number(Fmt.short(g.expected), g.expected),
                .number(String(g.actual), Double(g.actual)),
                .html(HTML.text(last), sortKey: g.daysSince.map(Double.init) ?? 1e9),
                .html(flags.joined(separator: " ")), .text(g.owner), .html(wayInHTML(g.wayIn, gap: g.expert)),
            ])
        }
        s += t.render()
        let mapped = Array(gaps.prefix(max(0, input.neighbourhoodMaps)))
        if !mapped.isEmpty {
            s += "<h3>Where to start</h3>\n<p class=\"muted small\">Each map shows the expert's referral neighbourhood (one hop, "
                + "up to 25 experts, coloured by coverage). Black ring: the under-visited expert; blue ring: the suggested way in.</p>\n"
            s += "<div class=\"gapmaps\">\n"
            for (j, g) in mapped.enumerated() {
                s += try neighbourhoodFigure(g, index: j)
            }
            s += "</div>\n"
        }
        s += "</section>\n"
        return s
    }

    /// Whether the way-in tie's patient count (both directions summed) may be shown: not when either
    /// direction alone is a small cell, since rank's strengths would let a reader subtract it out
    /// (the rule `liaison gaps` applies).
    func wayInCountShown(gap g: Int, _ w: WayIn) -> Bool {
        var there = 0, back = 0
        for x in d.referrals {
            if x.source == g && x.target == w.expert { there += x.patients }
            if x.source == w.expert && x.target == g { back += x.patients }
        }
        return !SmallCell.hides(Double(there), threshold: input.minCell) && !SmallCell.hides(Double(back), threshold: input.minCell)
    }

    mutating func wayInHTML(_ w: WayIn?, gap: Int) -> String {
        guard let w else { return "<span class=\"muted\">none met this quarter</span>" }
        var ties: [String] = []
        if w.patients > 0 {
            ties.append(wayInCountShown(gap: gap, w) ? patients(Double(w.patients)) + " patients" : "referral tie (count withheld)")
        }
        if w.collaborationWeight > 0 {
            ties.append((w.collaborationKinds.isEmpty ? "collaboration" : w.collaborationKinds.joined(separator: ", ")))
        }
        var s = expertHTML(w.expert)
        if !ties.isEmpty { s += "<br><span class=\"muted small\">" + HTML.text(ties.joined(separator: "; ")) + "</span>" }
        return s
    }

    mutating func neighbourhoodFigure(_ g: CoverageGap, index j: Int) throws -> String {
        let id = d.experts[g.expert].id
        let options = mapOptions(top: 25, focus: id)
        let sel = try NetworkMap.select(d, scores: scores, options: options)
        var o = options
        o.labelTop = 8
        var doc = NetworkMap.document(d, scores: scores, selection: sel, options: o)
        doc = ReportWriter.prepare(doc, prefix: "g\(j)n", edgePrefix: "g\(j)l", graphID: "gap-map-\(j)", edgeTooltips: true)
        if let w = g.wayIn, let k = doc.nodes.firstIndex(where: { $0.name == d.experts[w.expert].id }) {
            doc.nodes[k].attributes["penwidth"] = "3"
            doc.nodes[k].attributes["color"] = "#0072B2"
            doc.nodes[k].attributes["xlabel"] = MapDocument.escapedLabel(name(w.expert))
        }
        countHiddenTooltips(sel, edgeTooltips: true)
        let svg = try GraphvizRenderer.render(doc, layout: NetworkMap.suggestedLayout(experts: sel.experts.count), format: .svg)
        var s = "<figure>\n" + ReportWriter.inlineSVG(svg, cssClass: "gapmap", label: "Referral neighbourhood of \(name(g.expert))") + "\n"
        var cap = "<strong>\(HTML.text(name(g.expert)))</strong> (\(HTML.text(id))), \(HTML.text(institution(g.expert))); tier \(g.tier), "
        cap += HTML.text(statusName(g.expert)) + ", \(g.actual) of \(Fmt.short(g.expected)) expected interactions, last seen "
            + HTML.text(g.lastInteraction?.description ?? "never") + ". "
        if let w = g.wayIn {
            let met = r.experts[w.expert].actual
            cap += "Way in: <strong>\(HTML.text(name(w.expert)))</strong> (\(HTML.text(institution(w.expert)))), met \(met) time\(met == 1 ? "" : "s") in \(HTML.text(r.period.label))"
            var ties: [String] = []
            if w.patients > 0 {
                ties.append(wayInCountShown(gap: g.expert, w) ? patients(Double(w.patients)) + " patients referred between them"
                                                              : "they share referrals (count withheld: small cell)")
            }
            if w.collaborationWeight > 0 { ties.append(w.collaborationKinds.isEmpty ? "collaborators" : w.collaborationKinds.joined(separator: ", ")) }
            if !ties.isEmpty { cap += " — " + HTML.text(ties.joined(separator: "; ")) }
            cap += "."
        } else {
            cap += "No colleague with a tie to them was met this quarter."
        }
        s += "<figcaption>\(cap)</figcaption>\n</figure>\n"
        return s
    }

    // MARK: - Coverage by group and the comparison

    mutating func coverageSection() -> String {
        var s = "<section id=\"coverage\">\n<h2>Coverage by tier, region and liaison</h2>\n"
        s += "<p>Bars: \(HTML.text(r.period.label)); the black tick marks \(HTML.text(c.from.period.label)). A liaison's row is their book "
            + "(targets they own or met), counting only their own interactions.</p>\n"
        let series = [
            BarChart.Series(name: "reach", color: "#0072B2", colorName: "blue"),
            BarChart.Series(name: "attainment", color: "#E69F00", colorName: "orange"),
            BarChart.Series(name: "influence coverage", color: "#009E73", colorName: "bluish green"),
        ]
        let keys = ["reach", "attainment", "influence_coverage"]
        s += "<div class=\"charts\">\n"
        for (grouping, title) in [(CoverageGrouping.tier, "By tier"), (.region, "By region"), (.liaison, "By liaison")] {
            let groups = c.groups(by: grouping)
            func value(_ m: [(name: String, change: MeasureChange)], _ k: String) -> MeasureChange {
                m.first { $0.name == k }?.change ?? MeasureChange(from: nil, to: nil)
            }
            let rows = groups.filter { (value($0.metrics, "targets").to ?? 0) > 0 }.map { g -> BarChart.Row in
                let label = grouping == .tier ? "Tier \(g.group)" : g.group
                let targets = Int(value(g.metrics, "targets").to ?? 0)
                let reached = Int(value(g.metrics, "reached").to ?? 0)
                return BarChart.Row(label: label, values: keys.map { value(g.metrics, $0).to },
                                    previous: keys.map { value(g.metrics, $0).from },
                                    note: "\(reached) of \(targets) targets reached")
            }
            s += "<div><h3>\(HTML.text(title))</h3>\n"
            if rows.isEmpty {
                s += "<p class=\"muted\">No targets.</p></div>\n"
                continue
            }
            s += BarChart(title: "Coverage \(title.lowercased()), \(r.period.label)", series: series, rows: rows,
                          previousLabel: c.from.period.label).html()
            var t = HTMLTable(id: "by-\(grouping.rawValue)", columns: [grouping.rawValue, "targets", "reached", "reach", "attainment",
                                                                       "influence coverage", "interactions"])
            for g in groups {
                let m = g.metrics
                func pct(_ k: String) -> HTMLTable.Cell {
                    let ch = value(m, k)
                    var text = Fmt.percent(ch.to)
                    if let dd = ch.delta { text += " (" + Fmt.signed((100 * dd).rounded(), unit: " pp") + ")" }
                    return .number(text, ch.to)
                }
                let n = { (k: String) -> HTMLTable.Cell in
                    let x = value(m, k).to
                    return .number(Fmt.short(x), x)
                }
                t.rows.append([.text(grouping == .tier ? "Tier \(g.group)" : g.group), n("targets"), n("reached"), pct("reach"),
                               pct("attainment"), pct("influence_coverage"), n("interactions")])
            }
            s += "<details><summary>Numbers (change from \(HTML.text(c.from.period.label)) in percentage points)</summary>\n"
                + t.render(filter: false) + "</details></div>\n"
        }
        s += "</div>\n</section>\n"
        s += comparisonSection()
        return s
    }

    func comparisonSection() -> String {
        let q = r.period.label, q0 = c.from.period.label
        var s = "<section id=\"comparison\">\n<h2>Quarter comparison: \(HTML.text(q0)) → \(HTML.text(q))</h2>\n"
        s += "<p>" + HTML.text(targetsSentence(c.from)) + "</p>\n"
        let shares: Set<String> = ["reach", "attainment", "influence_coverage"]
        var m = HTMLTable(id: "measures", columns: ["measure", q0, q, "change"])
        for (n, ch) in c.metrics {
            let isShare = shares.contains(n)
            let show: (Double?) -> String = { isShare ? Fmt.percent($0) : Fmt.short($0) }
            var change = "–"
            if let dd = ch.delta {
                let x = isShare ? (100 * dd).rounded() : dd
                change = (x > 0 ? "▲ " : x < 0 ? "▼ " : "▶ ") + Fmt.signed(x, unit: isShare ? " pp" : "")
            }
            m.rows.append([.text(n.replacingOccurrences(of: "_", with: " ")), .number(show(ch.from), ch.from), .number(show(ch.to), ch.to),
                           .number(change, ch.delta)])
        }
        s += m.render(filter: false)
        s += "<div class=\"cols\">\n"
        for (title, list, id, note) in [("Gained", c.gained, "gained", "targets of \(q) met in \(q) and not in \(q0)"),
                                        ("Lost", c.lost, "lost", "targets of \(q0) met in \(q0) and not in \(q)")] {
            s += "<div><h3>\(title) (\(list.count))</h3><p class=\"muted small\">\(HTML.text(note))</p>\n"
            if list.isEmpty { s += "<p class=\"muted\">None.</p></div>\n"; continue }
            var t = HTMLTable(id: id, columns: ["expert", "institution", "tier", "liaison"])
            for v in list.sorted(by: { rank[$0] < rank[$1] }) {
                t.rows.append([.html(expertHTML(v)), .text(institution(v)), .number(String(r.experts[v].tier), Double(r.experts[v].tier)),
                               .text(r.experts[v].owner)])
            }
            s += t.render() + "</div>\n"
        }
        s += "</div>\n"
        s += "<h3>Rising experts</h3>\n"
        if c.rising.isEmpty {
            s += "<p class=\"muted\">No rank changes: referrals carry no periods, or one of the quarters has none.</p>\n"
        } else {
            let notMet = c.rising.filter { $0.interactionsTo == 0 }.count
            s += "<p>Tier 1–2 experts whose influence rank rose most from \(HTML.text(q0)) to \(HTML.text(q)) (each quarter's own referrals); "
                + "<strong>\(notMet) not met in \(HTML.text(q))</strong>.</p>\n"
            var t = HTMLTable(id: "rising", columns: ["expert", "institution", "rank \(q0)", "rank \(q)", "rise", "tier", "met"])
            for x in c.rising {
                let met: String = x.interactionsTo > 0 ? "\(x.interactionsTo) in \(q)"
                    : (x.everMet ? "<span class=\"flag strong\">not met in \(HTML.text(q))</span>" : "<span class=\"flag strong\">never met</span>")
                t.rows.append([.html(expertHTML(x.expert)), .text(institution(x.expert)), .number(String(x.rankFrom), Double(x.rankFrom)),
                               .number(String(x.rankTo), Double(x.rankTo)), .number("+\(x.change)", Double(x.change)),
                               .number(String(x.tierTo), Double(x.tierTo)),
                               .html(x.interactionsTo > 0 ? HTML.text(met) : met, sortKey: Double(x.interactionsTo))])
            }
            s += t.render()
        }
        s += "</section>\n"
        return s
    }

    // MARK: - Communities

    mutating func communitiesSection() -> String {
        var s = "<section id=\"communities\">\n<h2>Communities and bridges</h2>\n"
        guard let a = input.communities else {
            s += "<p class=\"muted\">Not computed.</p>\n</section>\n"
            return s
        }
        let cs = a.communities
        s += "<p>Groups of experts who refer mostly among themselves (Louvain modularity on the undirected referral network of "
            + "\(HTML.text(a.period?.label ?? "all periods")); \(cs.count) communit\(cs.count == 1 ? "y" : "ies"), modularity "
            + "\(Fmt.fixed(cs.modularity, 3)). A community with few reached targets is a blind spot; a bridge connects communities "
            + "(participation ≥ 0.5 and more patients than the median expert).</p>\n"
        var t = HTMLTable(id: "communities-table", columns: ["community", "experts", "targets reached", "patients inside",
                                                             "main institutions", "regions", "leaders"])
        for sum in a.summaries.prefix(15) {
            let targets = sum.members.filter { r.experts[$0].isTarget }
            let reached = targets.filter { r.experts[$0].isSeen }.count
            let inside = patients(sum.internalPatients)
            let leaders = sum.leaders.map { expertHTML($0) + " <span class=\"muted small\">(" + HTML.text(statusName($0)) + ")</span>" }
            t.rows.append([
                .number(String(sum.id), Double(sum.id)), .number(String(sum.members.count), Double(sum.members.count)),
                .number(targets.isEmpty ? "no targets" : "\(reached) of \(targets.count)", targets.isEmpty ? -1 : Double(reached) / Double(targets.count)),
                .number(inside, sum.internalPatients >= Double(input.minCell) || input.minCell == 0 ? sum.internalPatients : 0),
                .text(sum.institutions.prefix(3).map { "\($0.name) (\($0.experts))" }.joined(separator: "; ")),
                .text(sum.regions.prefix(2).map { "\($0.name) (\($0.experts))" }.joined(separator: "; ")),
                .html(leaders.joined(separator: "<br>")),
            ])
        }
        if a.summaries.count > 15 { t.caption = "The 15 largest of \(a.summaries.count) communities." }
        s += t.render()
        s += "<h3>Bridges</h3>\n"
        let bridges = Array(a.bridges.prefix(12))
        if bridges.isEmpty {
            s += "<p class=\"muted\">No expert bridges communities by this rule.</p>\n"
        } else {
            var b = HTMLTable(id: "bridges-table", columns: ["expert", "institution", "community", "participation",
                                                             "communities touched", "patients", "coverage"])
            for v in bridges {
                let p = v < a.roles.strength.count ? a.roles.strength[v] : 0
                let shown = patients(p)
                b.rows.append([
                    .html(expertHTML(v)), .text(institution(v)), .number(String(cs.assignment[v]), Double(cs.assignment[v])),
                    .number(Fmt.fixed(a.roles.participation[v], 2), a.roles.participation[v]),
                    .number(String(a.roles.communitiesTouched[v]), Double(a.roles.communitiesTouched[v])),
                    .number(shown, SmallCell.hides(p, threshold: input.minCell) ? 0 : p), .html(statusHTML(v)),
                ])
            }
            s += b.render()
        }
        s += "</section>\n"
        return s
    }

    // MARK: - Data notes

    func dataNotes() -> String {
        var s = "<section id=\"notes\">\n<h2>Data notes</h2>\n<dl class=\"notes\">\n"
        func item(_ k: String, _ v: String) { s += "<dt>\(HTML.text(k))</dt><dd>\(HTML.text(v))</dd>\n" }
        item("Dataset", d.source.isEmpty ? input.datasetName : d.source)
        let files = input.files.isEmpty
            ? d.filesPresent.sorted().map { (name: $0, detail: "") }
            : input.files
        item("Files read", files.map { $0.detail.isEmpty ? $0.name : "\($0.name) (\($0.detail))" }.joined(separator: "; "))
        let periods = d.referralPeriods
        var counts = "\(d.experts.count) experts, \(d.institutions.count) institutions, \(d.referrals.count) referral rows"
        if let first = periods.first, let last = periods.last {
            counts += " (\(periods.count) period\(periods.count == 1 ? "" : "s"), \(first.label) to \(last.label))"
        }
        counts += ", \(d.collaborations.count) collaborations, \(d.interactions.count) interactions"
        if let lo = d.interactions.map(\.date).min(), let hi = d.interactions.map(\.date).max() { counts += " (\(lo) to \(hi))" }
        counts += ", \(d.plan.count) plan rows."
        item("Counts", counts)
        item("Quarters", "\(r.period.label): \(r.period.start) to \(r.period.end); compared with \(c.from.period.label): "
             + "\(c.from.period.start) to \(c.from.period.end).")
        item("Targets", targetsSentence(r) + " " + targetsSentence(c.from))
        var counted = "A row of interactions.csv dated in the quarter (a date-time counts by its date) with any liaison"
        if let ch = r.options.channels { counted += " and channel \(ch.sorted().joined(separator: ", "))" } else { counted += " and any channel" }
        if let l = r.options.liaison { counted += ", only \(l)'s book" }
        counted += ". \(r.counted.count) interactions counted in \(r.period.label), \(r.nonTargetInteractions) of them with experts who are not targets "
            + "(they count in no measure). Reached = at least one counted interaction; attainment caps each target at its expectation."
        item("What counts as an interaction", counted)
        item("Referrals", "Links are referral or shared-patient counts from referrals.csv, summed per pair over the influence period. "
             + "Shared patients are not referrals: a shared-patient count says two physicians saw the same patients, "
             + "not that one sent them to the other.")
        let rule = input.minCell > 0
            ? "Patient counts from 1 to \(input.minCell - 1) are never shown (CMS cell-size rule; shown as <\(input.minCell)). "
                + "Suppressed in this report: \(suppressed) count\(suppressed == 1 ? "" : "s") in tables and captions, "
                + "\(suppressedInMaps) in map tooltips. Analysis uses the true values."
            : "Small-cell suppression is off (--min-cell 0): every patient count is shown."
        item("Suppressed", rule)
        item("Influence", "0.4 × PageRank + 0.2 × betweenness + 0.2 × closeness + 0.2 × patients received, each scaled by its maximum; "
             + "tier 1 = top 10 %, tier 2 = next 20 %.")
        item("Generated", "\(input.generatedAt) by \(input.generator) with Graphviz \(GraphvizInfo.version).")
        s += "</dl>\n</section>\n"
        return s
    }
}

extension Fmt {
    /// `x` with its sign (`+5`, `−3`, `0`) and a unit.
    static func signed(_ x: Double, unit: String) -> String {
        let v = short(abs(x))
        if x > 0 { return "+" + v + unit }
        if x < 0 { return "−" + v + unit }
        return "0" + unit
    }
}
