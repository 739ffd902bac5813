import Foundation
import Liaison

/// The report's "Next quarter" section: the suggested call plan per liaison with its reasons, and the
/// coverage expected if it is carried out beside the last quarter's actuals — the rows of
/// ``PlanView``, as `liaison plan` prints them.
enum ReportNextQuarterSection {
    /// The section's HTML.
    static func html(_ v: PlanView) -> String {
        let p = v.plan, s = p.setup, o = p.objective
        var h = "<section id=\"next-quarter\">\n<h2>Next quarter: the suggested plan for \(HTML.text(s.quarter.label))</h2>\n"
        h += "<p>" + HTML.text(
            "Made on \(s.referenceDay) for \(s.quarter.label) (\(s.quarter.start) to \(s.quarter.end)), as liaison plan makes it: "
            + "each liaison's capacity goes to the visits that add most influence-weighted attainment of the key experts in their book, "
            + "Σ influence × min(visits, expected) ÷ expected (expected 3 a quarter for tier 1, 2 for tier 2) — optimal for this "
            + "separable, concave objective. Influence and tiers: \(v.influenceBasis). The way in to a key expert never met and rising "
            + "experts not met this quarter add \(Fmt.fixed(100 * p.extraShare, 1)) % of the objective "
            + "(attainment \(Fmt.fixed(o.main, 2)), extras \(Fmt.fixed(o.extra, 3)); at most 10 %).") + "</p>\n"
        var t = HTMLTable(id: "plan-summary", columns: ["liaison", "capacity", "planned", "left", "key experts planned",
                                                        "infl. coverage (plan)", "attainment (plan)", "infl. coverage (last)",
                                                        "attainment (last)"])
        func pct(_ x: Double?) -> HTMLTable.Cell { .number(Fmt.percent(x), x) }
        for l in p.liaisons + [v.team] {
            t.rows.append([.text(l.liaison), .number(String(l.capacity), Double(l.capacity)), .number(String(l.planned), Double(l.planned)),
                           .number(String(l.capacityLeft), Double(l.capacityLeft)),
                           .number("\(l.keyExpertsPlanned) of \(l.keyExperts)", Double(l.keyExpertsPlanned)),
                           pct(l.expectedInfluenceCoverage), pct(l.expectedAttainment), pct(l.lastInfluenceCoverage), pct(l.lastAttainment)])
        }
        t.caption = "Capacity (visits a quarter) from: " + p.liaisons.map { "\($0.liaison) \($0.capacitySource)" }.joined(separator: "; ")
            + ". Plan: if it is carried out. Last: \(v.lastQuarterLabel), each liaison's own interactions with the same key experts."
        h += t.render(filter: false)
        if !p.unownedKeyExperts.isEmpty {
            h += "<p class=\"muted\">" + HTML.text("\(p.unownedKeyExperts.count) key experts have no liaison and cannot be planned.") + "</p>\n"
        }
        for (k, l) in p.liaisons.enumerated() {
            let rows = v.rows.filter { $0.liaison == l.liaison }
            h += "<details\(k == 0 ? " open" : "")><summary>" + HTML.text("\(l.liaison): \(l.planned) visits to \(rows.count) experts")
                + "</summary>\n"
            var r = HTMLTable(id: "plan-\(k + 1)", columns: ["expert", "institution", "tier", "influence", "visits", "reason"])
            for x in rows {
                r.rows.append([.html(HTML.text(x.name) + " <span class=\"muted small\">" + HTML.text(x.id) + "</span>"),
                               .text(x.institution), .number(String(x.tier), Double(x.tier)),
                               .number(Fmt.fixed(x.influence, 3), x.influence), .number(String(x.planned), Double(x.planned)),
                               .text(x.reason)])
            }
            h += r.render() + "</details>\n"
        }
        h += "</section>\n"
        return h
    }
}
