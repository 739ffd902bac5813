import Foundation
import Liaison
import Testing
@testable import LiaisonMaps

/// A small dataset with hostile names, two quarters of referrals, interactions and a plan.
func reportTestDataset() -> Dataset {
    let names = ["<script>alert(1)</script>", "\"Quotes\" & Ampersands", "Ana </script><b>Bold</b>", "D'Artagnan",
                 "Eve", "Fay", "Gus", "Hal"]
    let experts = names.enumerated().map { i, n in
        Expert(id: "X\(i)", name: n, specialty: "Hematology", institution: i < 4 ? "H<1>" : "H&2", region: i % 2 == 0 ? "North" : "South")
    }
    let q1 = Period.parse("2026Q1"), q2 = Period.parse("2026Q2")
    var referrals: [Referral] = []
    for (s, t, p) in [(1, 0, 40), (2, 0, 30), (3, 0, 4), (4, 1, 25), (5, 2, 12), (6, 0, 15), (7, 3, 22), (0, 4, 3)] {
        referrals.append(Referral(source: s, target: t, patients: p, period: q1))
        referrals.append(Referral(source: s, target: t, patients: p + 1, period: q2))
    }
    func day(_ s: String) -> Day { Day(iso: s) ?? Day(ordinal: 0) }
    let interactions = [
        Interaction(id: "I1", date: day("2026-02-03"), expert: 0, liaison: "Lia <i>One</i>", channel: "in-person", topic: "<topic>"),
        Interaction(id: "I2", date: day("2026-02-10"), expert: 1, liaison: "Lia <i>One</i>", channel: "virtual"),
        Interaction(id: "I3", date: day("2026-05-03"), expert: 0, liaison: "Lia <i>One</i>", channel: "in-person"),
        Interaction(id: "I4", date: day("2026-05-04"), expert: 2, liaison: "Bo & Co", channel: "phone"),
        Interaction(id: "I5", date: day("2026-06-04"), expert: 4, liaison: "Bo & Co", channel: "phone"),
    ]
    var plan: [PlanEntry] = []
    for p in [q1, q2].compactMap({ $0 }) {
        for v in 0..<4 { plan.append(PlanEntry(expert: v, period: p, planned: 2)) }
    }
    return Dataset(source: "/data/<hostile>&team", experts: experts,
                   institutions: [Institution(id: "H<1>", name: "Hôpital <b>Un</b>"), Institution(id: "H&2", name: "Clinic \"Two\" & Co")],
                   referrals: referrals, interactions: interactions, plan: plan)
}

func reportTestInput(_ d: Dataset = reportTestDataset()) throws -> QuarterlyReportInput {
    let q2 = try #require(Period.parse("2026Q2")), q1 = try #require(Period.parse("2026Q1"))
    let c = try CoverageComparison(d, from: q1, to: q2)
    let r = c.to
    let cats = [MapOverlay.Category(name: "reached", color: "#009E73", colorName: "green"),
                MapOverlay.Category(name: "under-visited", color: "#E69F00", colorName: "orange"),
                MapOverlay.Category(name: "missed", color: "#D55E00", colorName: "vermillion"),
                MapOverlay.Category(name: "not a target", color: "#DDDDDD", colorName: "grey")]
    let index: [CoverageStatus: Int] = [.reached: 0, .underVisited: 1, .missed: 2, .nonTarget: 3]
    let overlay = MapOverlay(title: "coverage", categories: cats,
                             categoryOfExpert: d.experts.indices.map { index[r.status(of: $0)] ?? -1 })
    var input = QuarterlyReportInput(comparison: c, gaps: CoverageGaps.find(r), communities: try CommunityAnalysis.analyze(d),
                                     overlay: overlay, generatedAt: "2026-07-01T00:00:00Z", generator: "liaison test",
                                     datasetName: "<hostile>&team")
    input.files = [("experts.csv", "8 rows")]
    return input
}

@Suite("Report building blocks", .tags(.unit))
struct ReportBuildingBlockTests {
    @Test func escapesTextAndAttributes() {
        #expect(HTML.text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(HTML.attribute("\"q\" & 'a'") == "&quot;q&quot; &amp; &#39;a&#39;")
        #expect(HTML.text("plain") == "plain")
        let json = HTML.jsonScript(id: "x", .object([("name", .string("</script><script>alert(1)</script>"))]))
        #expect(!json.dropLast(10).contains("</script><script>"))
        #expect(json.contains("\\u003c/script\\u003e"))
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.base64Digest("abc") == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        #expect(SHA256.base64Digest("") == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        let long = String(repeating: "a", count: 1000)
        var h = SHA256()
        h.update(Array(long.utf8))
        #expect(h.digest().count == 32)
        #expect(SHA256.base64Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=")
    }

    @Test func barChartDrawsEveryValueAsText() {
        let chart = BarChart(title: "Coverage <by> tier", series: [.init(name: "reach", color: "#0072B2", colorName: "blue"),
                                                                    .init(name: "attainment", color: "#E69F00", colorName: "orange")],
                             rows: [.init(label: "Tier 1", values: [0.5, 1], previous: [0.25, nil], note: "4 targets"),
                                    .init(label: "<b>x</b>", values: [nil, 0.333])],
                             previousLabel: "2026Q1")
        let html = chart.html()
        #expect(html.hasPrefix("<svg class=\"chart\""))
        for text in ["50 %", "100 %", "33 %", "–", "Tier 1", "&lt;b&gt;x&lt;/b&gt;", "reach", "(blue)", "2026Q1", "Coverage &lt;by&gt; tier"] {
            #expect(html.contains(text), "\(text)")
        }
        #expect(!html.contains("<b>x"))
        #expect(html.components(separatedBy: "class=\"prev\"").count == 2, "one previous tick (the other is undefined)")
    }

    @Test func tableSortKeysAndEscaping() {
        var t = HTMLTable(id: "t", columns: ["name", "n"])
        t.rows = (0..<6).map { [.text("<i>\($0)</i>"), .number("\($0)", Double($0))] }
        let html = t.render()
        #expect(html.contains("data-filter=\"t\""))
        #expect(html.contains("<td class=\"num\" data-v=\"5\">5</td>"))
        #expect(html.contains("&lt;i&gt;0&lt;/i&gt;") && !html.contains("<i>0"))
    }

    @Test func inlineSVGDropsPrologCommentsAndSize() {
        let svg = """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <!-- Generated by graphviz -->
        <svg width="100pt" height="50pt" viewBox="0.00 0.00 100.00 50.00" xmlns="http://www.w3.org/2000/svg">
        <!-- E1 -->
        <g id="m0" class="node"></g>
        </svg>
        """
        let out = ReportWriter.inlineSVG(Data(svg.utf8), cssClass: "netmap", label: "a <map>")
        #expect(out.hasPrefix("<svg viewBox=\"0.00 0.00 100.00 50.00\""))
        #expect(!out.contains("<!--") && !out.contains("DOCTYPE") && !out.contains("width=") && !out.contains("<?xml"))
        #expect(out.contains("aria-label=\"a &lt;map&gt;\""))
    }

    @Test func inlineSVGKeepsTextAroundCommentsByteForByte() {
        // A root tag over two lines (as Graphviz writes it), accented names, blank lines, and a last
        // comment that is never closed: it runs to the end.
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"10pt\" height=\"5pt\"\n viewBox=\"0 0 10 5\">\n"
            + "<text>Lemaître &amp; Çelik</text><!-- a --><!-- b -->\n   \n<g id=\"é\"/>\n</svg>\n<!-- open"
        let out = ReportWriter.inlineSVG(Data(svg.utf8), cssClass: "c", label: "l")
        #expect(out == "<svg\n viewBox=\"0 0 10 5\" class=\"c\" role=\"img\" aria-label=\"l\">\n"
                + "<text>Lemaître &amp; Çelik</text>\n<g id=\"é\"/>\n</svg>")
    }
}

@Suite("Quarterly report", .serialized, .tags(.unit))
struct QuarterlyReportTests {
    @Test func everySectionAndNoRawUserMarkup() throws {
        let html = try QuarterlyReport.html(try reportTestInput())
        for heading in ["Headline", "The network map", "Under-visited key experts", "Coverage by tier, region and liaison",
                        "Quarter comparison", "Communities and bridges", "Data notes"] {
            #expect(html.contains("<h2>\(heading)"), "\(heading)")
        }
        #expect(!html.contains("<script>alert(1)"))
        #expect(!html.contains("<b>Bold</b>") && !html.contains("<i>One</i>") && !html.contains("<b>Un</b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;Quotes&quot; &amp; Ampersands"))
        // Exactly two script elements: the JSON data and the code.
        #expect(html.components(separatedBy: "<script").count == 3)
        #expect(html.components(separatedBy: "</script>").count == 3)
    }

    @Test func embeddedJSONParsesAndMatchesTheMap() throws {
        let html = try QuarterlyReport.html(try reportTestInput())
        let open = "<script type=\"application/json\" id=\"report-data\">"
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
        let map = try #require(json?["map"] as? [String: Any])
        let experts = try #require(map["experts"] as? [[String: Any]])
        #expect(experts.count == 8)
        #expect(experts.contains { $0["name"] as? String == "<script>alert(1)</script>" })
        #expect(json?["quarter"] as? String == "2026Q2")
        let nodes = html.components(separatedBy: "class=\"node\"").count - 1
        #expect(nodes >= 8, "main map plus neighbourhood maps")
        for k in 0..<8 { #expect(html.contains("id=\"m\(k)\"")) }
    }

    /// The map's caption counts the targets it leaves out as targets, and off-plan key experts apart:
    /// it had called every left-out target or off-plan key expert a target (29 750 "targets" on a
    /// network whose plan has 900).
    @Test func mapCaptionCountsLeftOutTargetsApart() throws {
        var input = try reportTestInput()
        input.mapTop = 1
        input.mapLimit = 1
        let html = try QuarterlyReport.html(input)
        // The one expert drawn, from the report's embedded data.
        let open = "<script type=\"application/json\" id=\"report-data\">"
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
        let drawnIDs = try #require(((json?["map"] as? [String: Any])?["experts"] as? [[String: Any]])?.compactMap { $0["id"] as? String })
        #expect(drawnIDs.count == 1)
        let d = reportTestDataset(), r = input.comparison.to
        let drawn = Set(drawnIDs.compactMap { id in d.experts.firstIndex { $0.id == id } })
        let leftTargets = r.experts.indices.filter { !drawn.contains($0) && r.experts[$0].isTarget }.count
        let leftOffPlan = r.experts.indices.filter { !drawn.contains($0) && r.experts[$0].isOffPlanKeyExpert }.count
        #expect(leftTargets >= 3, "the plan has 4 targets and one expert is drawn")
        var among = ["\(leftTargets) targets"]
        if leftOffPlan > 0 { among.append(leftOffPlan == 1 ? "1 key expert off the plan" : "\(leftOffPlan) key experts off the plan") }
        let expected = "Left out: the 7 less influential experts and their links (among them "
            + among.joined(separator: " and ") + ", counted in the tables below)."
        #expect(html.contains(expected), "\(expected)")
        #expect(!html.contains("of them targets"))
    }

    /// The attainment card's interactions count each target only up to its expectation, so they can
    /// be fewer than the Interactions card beside it (327 against 332 on the 100 000-expert network):
    /// the card says so, and its figures are the report's totals.
    @Test func attainmentCardSaysWhatItCounts() throws {
        let input = try reportTestInput()
        let html = try QuarterlyReport.html(input)
        let t = input.comparison.to.totals
        let detail = "\(Fmt.short(t.attained)) of \(Fmt.short(t.expected)) expected interactions, "
            + "each target counted up to its expectation"
        #expect(html.contains(detail), "\(detail)")
        #expect(t.attained <= Double(t.interactions))
    }

    /// Sentences people read close what they open: every paragraph, caption and cell has as many
    /// `)` as `(` (the communities paragraph had left one open); and an expert never met reads
    /// "never seen", not "last seen never".
    @Test func readableTextIsWellFormed() throws {
        let html = try QuarterlyReport.html(try reportTestInput())
        var body = html.replacing(/<script.*?<\/script>/.dotMatchesNewlines(), with: "")
        body = body.replacing(/<svg.*?<\/svg>/.dotMatchesNewlines(), with: "")
        var checked = 0
        for m in body.matches(of: /<(p|li|figcaption|td|th)\b[^>]*>(.*?)<\/\1>/.dotMatchesNewlines()) {
            let text = String(m.output.2).replacing(/<[^>]+>/, with: "")
            #expect(text.filter { $0 == "(" }.count == text.filter { $0 == ")" }.count, "\(text)")
            checked += 1
        }
        #expect(checked > 50)
        #expect(body.contains("Groups of experts who refer mostly among themselves"))
        #expect(!html.contains("last seen never"))
        #expect(html.contains("never seen"), "X3 is a target no one met")
    }

    @Test func smallPatientCountsAreHidden() throws {
        let html = try QuarterlyReport.html(try reportTestInput())
        // X3 → X0 carries 4 and 5 patients, X0 → X4 3 and 4: never shown as such.
        for bad in [#"(^|[^0-9.])[345] (patients|pts)"#, #"patients received [345]\b"#] {
            #expect(html.range(of: bad, options: .regularExpression) == nil, "\(bad)")
        }
        #expect(html.contains("shown as &lt;11"))
        var input = try reportTestInput()
        input.minCell = 0
        let open = try QuarterlyReport.html(input)
        #expect(open.contains("Small-cell suppression is off"))
    }

    @Test func selfContained() throws {
        let html = try QuarterlyReport.html(try reportTestInput())
        for bad in ["src=\"http", "href=\"http", "@import", "url(http", "url(//", "src=\"//"] { #expect(!html.contains(bad), "\(bad)") }
        var rest = Substring(html)
        while let r = rest.range(of: #"(src|href)=""#, options: .regularExpression) {
            let value = rest[r.upperBound...].prefix { $0 != "\"" }
            #expect(value.hasPrefix("#") || value.hasPrefix("data:"), "\(value)")
            rest = rest[r.upperBound...]
        }
        #expect(html.contains("Content-Security-Policy"))
        let hash = SHA256.base64Digest(ReportAssets.script)
        #expect(html.contains("'sha256-\(hash)'"))
        #expect(html.contains("<script>" + ReportAssets.script + "</script>"))
    }
}
