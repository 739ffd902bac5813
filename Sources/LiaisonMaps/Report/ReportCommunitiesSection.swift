import Foundation
import Liaison

extension ReportWriter {
    // MARK: - Communities

    /// A figure as the views layer decided it, counting the hidden ones.
    mutating func shown(_ c: Cell) -> String {
        if c.isHidden { suppressed += 1 }
        if case .number(let x) = c { return Fmt.short(x) }
        return c.csvText(threshold: input.minCell)
    }

    mutating func communitiesSection() -> String {
        var s = "<section id=\"communities\">\n<h2>Communities and bridges</h2>\n"
        guard let a = input.communities else {
            s += "<p class=\"muted\">Not computed.</p>\n</section>\n"
            return s
        }
        let cs = a.communities
        // The same figures as `liaison communities`: what of a community or a bridge may be shown.
        let view = CommunityView(a, dataset: d, threshold: input.minCell)
        s += "<p>Groups of experts who refer mostly among themselves (Louvain modularity on the undirected referral network of "
            + "\(HTML.text(a.period?.label ?? "all periods")); \(cs.count) communit\(cs.count == 1 ? "y" : "ies"), modularity "
            + "\(Fmt.fixed(cs.modularity, 3))). A community with few reached targets is a blind spot; a bridge connects communities "
            + "(participation ≥ 0.5 and more patients than the median expert).</p>\n"
        var t = HTMLTable(id: "communities-table", columns: ["community", "experts", "targets reached", "patients inside",
                                                             "main institutions", "regions", "leaders"])
        for sum in a.summaries.prefix(15) {
            let targets = sum.members.filter { r.experts[$0].isTarget }
            let reached = targets.filter { r.experts[$0].isSeen }.count
            let inside = shown(view.internalPatients[sum.id])
            let leaders = sum.leaders.map { expertHTML($0) + " <span class=\"muted small\">(" + HTML.text(statusName($0)) + ")</span>" }
            t.rows.append([
                .number(String(sum.id), Double(sum.id)), .number(String(sum.members.count), Double(sum.members.count)),
                .number(targets.isEmpty ? "no targets" : "\(reached) of \(targets.count)", targets.isEmpty ? -1 : Double(reached) / Double(targets.count)),
                .number(inside, view.internalPatients[sum.id].isHidden ? 0 : sum.internalPatients),
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
                let participation = view.participation[v], patients = view.patients[v]
                b.rows.append([
                    .html(expertHTML(v)), .text(institution(v)), .number(String(cs.assignment[v]), Double(cs.assignment[v])),
                    .number(participation.isHidden ? shown(participation) : Fmt.fixed(a.roles.participation[v], 2),
                            participation.isHidden ? -1 : a.roles.participation[v]),
                    .number(String(a.roles.communitiesTouched[v]), Double(a.roles.communitiesTouched[v])),
                    .number(shown(patients), patients.isHidden ? 0 : a.roles.strength[v]), .html(statusHTML(v)),
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
        var counts = "\(d.experts.count) experts, \(d.institutions.count) institutions, \(d.links.count) referral rows"
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
