import Foundation
import Liaison

extension ReportWriter {
    // MARK: - Trial sites

    /// Institutions ranked for a new trial (``TrialSiteRanking``, as `liaison sites`), on the quarter's
    /// influence basis and coverage.
    mutating func trialSitesSection() -> String {
        var s = "<section id=\"trial-sites\">\n<h2>Trial sites</h2>\n"
        let ranking = TrialSiteRanking.rank(d, scores: scores, coverage: r, period: scores.period, condition: nil,
                                            minCell: input.minCell)
        let w = TrialSiteRanking.weights
        s += "<p>Where to place the next trial: score = \(w.patients) × patients referred in from other institutions + "
            + "\(w.keyExperts) × tier 1–2 experts + \(w.trials) × trials run there (a trial recruiting now counts twice) + "
            + "\(w.reach) × the team's reach of its targets in \(HTML.text(r.period.label)), each but reach scaled by its maximum "
            + "(<code>liaison sites</code>; patients of \(HTML.text(scores.period?.label ?? "all periods"))).</p>\n"
        let sci = d.science
        if sci.trials.isEmpty {
            s += "<p class=\"muted\">The dataset has no trials/ folder (ClinicalTrials.gov JSON): sites are ranked on patients, "
                + "key experts and reach only.</p>\n"
        } else {
            let placed = ranking.trialsCounted - ranking.trialsUnplaced
            s += "<p>\(sci.trials.count) trial\(sci.trials.count == 1 ? "" : "s") read, \(placed) run at institutions of the dataset; "
                + "\(sci.trials.filter(\.isRecruiting).count) recruiting now.</p>\n"
        }
        var t = HTMLTable(id: "trial-sites-table", columns: ["site", "city", "score", "patients in", "key experts", "trials",
                                                             "recruiting", "reach", "investigators"])
        for row in ranking.rows.prefix(12) {
            let node = ranking.network.nodes[row.institution]
            let inflow = SmallCell.cell(row.patientsIn, threshold: input.minCell)
            let reach = (row.targets ?? 0) > 0 ? "\(row.reached ?? 0) of \(row.targets ?? 0)" : "no targets"
            t.rows.append([
                .text(node.name), .text(node.city), .number(Fmt.fixed(row.score, 3), row.score),
                .number(shown(inflow), inflow.isHidden ? 0 : row.patientsIn),
                .number(String(row.keyExperts), Double(row.keyExperts)), .number(String(row.trials), Double(row.trials)),
                .number(String(row.recruiting), Double(row.recruiting)),
                .number(reach, (row.targets ?? 0) > 0 ? row.reach : -1),
                .html(row.investigators.prefix(3).map(expertHTML).joined(separator: "<br>")),
            ])
        }
        t.caption = "The \(min(12, ranking.rows.count)) best of \(ranking.rows.count) institutions."
        s += t.render()
        if !sci.isEmpty, let standing = scores.science, (standing.scientific.max() ?? 0) > 0 {
            s += "<p class=\"small muted\">Influence in this report includes a \(Fmt.fixed(sci.influenceShare * 100, 0)) % scientific share "
                + "(publications and trials matched to experts; <code>--science-weight</code>).</p>\n"
        }
        s += "</section>\n"
        return s
    }
}
