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
    /// The period's window (pacing, extraction day), when the caller resolved one.
    public var window: CoverageWindow?
    /// Every quarter's coverage up to the report's quarter (the trend section), if computed.
    public var trend: CoverageTrend?
    /// The suggested plan for the quarter after, shown as the "Next quarter" section when given.
    public var nextQuarter: PlanView?

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
    /// Patients received as map tooltips show them (see ``MapFigures/patientsReceived(_:threshold:)``).
    let received: [Cell]

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
        received = MapFigures.patientsReceived(d.referralGraph(period: scores.period), threshold: input.minCell)
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
        body += trendSection()
        body += coverageSection()
        body += communitiesSection()
        body += trialSitesSection()
        if let plan = input.nextQuarter { body += ReportNextQuarterSection.html(plan) }
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
            + "<a href=\"#gaps\">Under-visited key experts</a><a href=\"#trend\">Every quarter</a><a href=\"#coverage\">Coverage by group</a>"
            + "<a href=\"#comparison\">Quarter comparison</a><a href=\"#communities\">Communities and bridges</a>"
            + (input.nextQuarter == nil ? "" : "<a href=\"#next-quarter\">Next quarter</a>")
            + "<a href=\"#notes\">Data notes</a></nav>\n</header>\n"
        return s
    }

    // MARK: - Headline

    func headline() -> String {
        let a = c.from.totals, b = r.totals
        let q0 = c.from.period.label
        var s = "<section id=\"headline\">\n<h2>Headline</h2>\n"
        s += "<p>" + HTML.text(targetsSentence(r)) + "</p>\n"
        if let note = pacingNote() { s += "<p class=\"pacing\"><strong>Paced:</strong> " + HTML.text(note) + "</p>\n" }
        s += "<div class=\"cards\">\n"
        s += card("Reach", Fmt.percent(b.reach), delta: share(a.reach, b.reach), q0: q0,
                  detail: "reached \(b.reached) of \(b.targets) targets")
        s += card("Attainment", Fmt.percent(b.attainment), delta: share(a.attainment, b.attainment), q0: q0,
                  // Attained interactions count each target's only up to its expectation, so they can be
                  // fewer than the Interactions card's: say so where both numbers are read together.
                  detail: "\(Fmt.short(b.attained)) of \(Fmt.short(b.expected)) expected interactions, "
                      + "each target counted up to its expectation")
        s += card("Influence coverage", Fmt.percent(b.influenceCoverage),
                  delta: share(a.influenceCoverage, b.influenceCoverage), q0: q0,
                  detail: "share of the targets' influence reached")
        let dInt = Double(b.interactions - a.interactions)
        s += card("Interactions", String(b.interactions), delta: (dInt, Fmt.signed(dInt, unit: "")), q0: q0,
                  detail: "with targets" + (r.nonTargetInteractions > 0 ? "; \(r.nonTargetInteractions) more with other experts" : ""))
        s += "</div>\n"

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
        if let sentence = input.window?.pacingSentence(elapsedFraction: r.elapsedFraction) {
            guard c.from.elapsedFraction < 1 else { return sentence }
            return sentence + " The changes against \(c.from.period.label) count it to the same point (\(c.from.referenceDay)), "
                + "so a quarter so far is compared with the previous quarter so far."
        }
        if let a = r.options.asOf {
            return "As of \(a): \(Fmt.fixed(100 * r.elapsedFraction, 0)) % of the quarter has elapsed; expectations are paced to that share."
        }
        return nil
    }

    /// A share change in percentage points between the rounded percentages shown: (value, text).
    func share(_ a: Double?, _ b: Double?) -> (Double, String)? {
        CoverageView.pointChange(from: a, to: b).map { (Double($0), CoverageView.signedPoints($0)) }
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
