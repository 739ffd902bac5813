import Foundation
import Liaison

extension ReportWriter {
    // MARK: - Coverage by group and the comparison

    mutating func coverageSection() -> String {
        var s = "<section id=\"coverage\">\n<h2>Coverage by tier, region and liaison</h2>\n"
        s += "<p>Bars: \(HTML.text(r.period.label)); the black tick marks \(HTML.text(c.from.period.label)). A liaison's row is their book "
            + "(targets they own or met), counting only their own interactions.</p>\n"
        let series = [
            // Neutral greys: the map colours (tiers, coverage status) keep their one meaning.
            BarChart.Series(name: "reach", color: "#3B3B3B", colorName: "dark grey"),
            BarChart.Series(name: "attainment", color: "#7A7A7A", colorName: "grey"),
            BarChart.Series(name: "influence coverage", color: "#B5B5B5", colorName: "light grey"),
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
                    if let pp = CoverageView.pointChange(from: ch.from, to: ch.to) { text += " (" + CoverageView.signedPoints(pp) + ")" }
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
        var m = HTMLTable(id: "measures", columns: ["measure", q0, q, "change"])
        for (n, ch) in c.metrics {
            let show: (Double?) -> String = { ComparisonView.valueText(n, $0) }
            var change = "–"
            if let dir = ComparisonView.direction(n, ch) {
                change = (dir > 0 ? "▲ " : dir < 0 ? "▼ " : "▶ ") + ComparisonView.changeText(n, ch)
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
            for v in ComparisonView.byInfluence(list, in: r) {
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
}
