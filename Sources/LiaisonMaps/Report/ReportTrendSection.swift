import Foundation
import Liaison

extension ReportWriter {
    // MARK: - Trend

    /// Every quarter with interactions: the team's reach, attainment and influence coverage as line
    /// charts (the paced quarter marked), each liaison's book per quarter, and the experts whose
    /// influence rose most over the whole span — the same numbers as `liaison coverage --by quarter`.
    func trendSection() -> String {
        var s = "<section id=\"trend\">\n<h2>The whole story: every quarter</h2>\n"
        guard let trend = input.trend, let first = trend.quarters.first, let last = trend.quarters.last else {
            return s + "<p class=\"muted\">Not computed.</p>\n</section>\n"
        }
        s += "<p>Coverage in every quarter from \(HTML.text(first.period.label)) to \(HTML.text(last.period.label)), "
            + "each judged on its own targets and influence (as <code>liaison coverage --by quarter</code>)."
        if last.paced {
            s += " <strong>\(HTML.text(last.period.label)) is not over:</strong> it is paced to "
                + "\(HTML.text(last.report.referenceDay.description)) (hollow point, dashed line)."
        }
        s += "</p>\n<div class=\"trends\">\n"
        let names = ["reach": "Reach", "attainment": "Attainment", "influence_coverage": "Influence coverage"]
        for k in CoverageTrendView.lineMeasures {
            let points = trend.quarters.map { q in
                LineChart.Point(label: q.period.label, value: q.report.totals.value(k), paced: q.paced)
            }
            s += LineChart(title: names[k] ?? k, points: points, pacedNote: "paced to \(last.report.referenceDay)").html() + "\n"
        }
        s += "</div>\n"
        if !trend.liaisons.isEmpty {
            var t = HTMLTable(id: "trend-liaisons", columns: ["liaison", "measure"] + trend.quarters.map {
                $0.period.label + ($0.paced ? " (paced)" : "")
            })
            for l in trend.liaisons {
                let measures = trend.measures(ofLiaison: l)
                for k in CoverageTrendView.lineMeasures {
                    t.rows.append([.text(l), .text(names[k] ?? k)] + measures.map { m in
                        let v = m?.value(k)
                        return .number(Fmt.percent(v), v)
                    })
                }
            }
            s += "<h3>Each liaison's book</h3>\n" + t.render() + "\n"
        }
        s += "<h3>Rising over the whole span</h3>\n"
        if trend.rising.isEmpty {
            s += "<p class=\"muted\">No rank changes: referrals carry no periods, or only one quarter has them.</p>\n"
        } else {
            let notMet = trend.rising.filter { $0.interactionsTo == 0 }.count
            s += "<p>Tier 1–2 experts whose influence rank rose most from the first quarter with referrals to "
                + "\(HTML.text(last.period.label)); <strong>\(notMet) not met in \(HTML.text(last.period.label))</strong>.</p>\n"
            var t = HTMLTable(id: "trend-rising", columns: ["expert", "institution", "rank then", "rank now", "rise", "tier", "met"])
            for x in trend.rising {
                let met = ComparisonView.metText(x, to: last.period)
                t.rows.append([.html(expertHTML(x.expert)), .text(institution(x.expert)),
                               .number(String(x.rankFrom), Double(x.rankFrom)), .number(String(x.rankTo), Double(x.rankTo)),
                               .number("+\(x.change)", Double(x.change)), .number(String(x.tierTo), Double(x.tierTo)),
                               .html(x.interactionsTo > 0 ? HTML.text(met) : "<span class=\"flag strong\">\(HTML.text(met))</span>",
                                     sortKey: Double(x.interactionsTo))])
            }
            s += t.render()
        }
        return s + "</section>\n"
    }
}
