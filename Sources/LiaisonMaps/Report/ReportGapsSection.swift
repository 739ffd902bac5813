import Foundation
import Liaison

extension ReportWriter {
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
        // The same rows as `liaison gaps`: order, and what of the way-in tie may be shown.
        let view = GapView(gaps, dataset: d, limit: max(1, input.gapRows), threshold: input.minCell)
        let shown = view.rows
        var t = HTMLTable(id: "gaps-table", columns: ["#", "expert", "institution", "tier", "influence", "status", "expected",
                                                      "actual", "last seen", "flags", "liaison", "way in"],
                          caption: shown.count < gaps.count ? "The \(shown.count) largest of \(gaps.count) gaps (liaison gaps --all lists every one)." : nil)
        for (k, row) in shown.enumerated() {
            let g = row.gap
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
                .html(flags.joined(separator: " ")), .text(g.owner), .html(wayInHTML(row)),
            ])
        }
        s += t.render()
        let mapped = view.rows.prefix(max(0, input.neighbourhoodMaps))
        if !mapped.isEmpty {
            s += "<h3>Where to start</h3>\n<p class=\"muted small\">Each map shows the expert's referral neighbourhood (one hop, "
                + "up to 25 experts, coloured by coverage). Solid black ring: the under-visited expert; dashed black ring: the suggested way in.</p>\n"
            s += "<div class=\"gapmaps\">\n"
            for (j, row) in mapped.enumerated() {
                s += try neighbourhoodFigure(row, index: j)
            }
            s += "</div>\n"
        }
        s += "</section>\n"
        return s
    }

    /// The way-in tie's patient count as shown by ``GapView`` (counting it when hidden).
    mutating func tiePatients(_ row: GapRow) -> String {
        if row.wayInPatients.isHidden { suppressed += 1 }
        return row.wayInPatients.csvText(threshold: input.minCell)
    }

    mutating func wayInHTML(_ row: GapRow) -> String {
        guard let w = row.gap.wayIn else { return "<span class=\"muted\">none met this quarter</span>" }
        var ties: [String] = []
        if w.patients > 0 {
            ties.append(row.wayInPatients == .withheld ? "referral tie (count withheld)" : tiePatients(row) + " patients")
        }
        if w.collaborationWeight > 0 {
            ties.append((w.collaborationKinds.isEmpty ? "collaboration" : w.collaborationKinds.joined(separator: ", ")))
        }
        var s = expertHTML(w.expert)
        if !ties.isEmpty { s += "<br><span class=\"muted small\">" + HTML.text(ties.joined(separator: "; ")) + "</span>" }
        return s
    }

    mutating func neighbourhoodFigure(_ row: GapRow, index j: Int) throws -> String {
        let g = row.gap
        let id = d.experts[g.expert].id
        let options = mapOptions(top: 25, focus: id)
        let sel = try NetworkMap.select(d, scores: scores, options: options)
        var o = options
        o.labelTop = 8
        var doc = NetworkMap.document(d, scores: scores, selection: sel, options: o)
        doc = ReportWriter.prepare(doc, prefix: "g\(j)n", edgePrefix: "g\(j)l", graphID: "gap-map-\(j)", edgeTooltips: true)
        if let w = g.wayIn, let k = doc.nodes.firstIndex(where: { $0.name == d.experts[w.expert].id }) {
            doc.nodes[k].attributes["penwidth"] = "3"
            doc.nodes[k].attributes["color"] = "#000000"
            doc.nodes[k].attributes["style"] = "filled,dashed"
            doc.nodes[k].attributes["xlabel"] = MapDocument.escapedLabel(name(w.expert))
        }
        countHiddenTooltips(sel, edgeTooltips: true)
        let svg = try GraphvizRenderer.render(doc, layout: NetworkMap.suggestedLayout(experts: sel.experts.count), format: .svg)
        var s = "<figure>\n" + ReportWriter.inlineSVG(svg, cssClass: "gapmap", label: "Referral neighbourhood of \(name(g.expert))") + "\n"
        var cap = "<strong>\(HTML.text(name(g.expert)))</strong> (\(HTML.text(id))), \(HTML.text(institution(g.expert))); tier \(g.tier), "
        cap += HTML.text(statusName(g.expert)) + ", \(GapView.actualText(g)) expected interactions, "
            + (g.lastInteraction.map { "last seen " + HTML.text($0.description) } ?? "never seen") + ". "
        if let w = g.wayIn {
            let met = r.experts[w.expert].actual
            cap += "Way in: <strong>\(HTML.text(name(w.expert)))</strong> (\(HTML.text(institution(w.expert)))), met \(met) time\(met == 1 ? "" : "s") in \(HTML.text(r.period.label))"
            var ties: [String] = []
            if w.patients > 0 {
                ties.append(row.wayInPatients == .withheld ? "they share referrals (count withheld: small cell)"
                                                           : tiePatients(row) + " patients referred between them")
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
}
