import Foundation
import Liaison
import Testing
@testable import LiaisonMaps

/// Node centres in an SVG: for each `<g class="node" id=…>`, the first ellipse's `cx,cy`.
func svgNodeCentres(_ data: Data) -> [String: String] {
    let text = String(decoding: data, as: UTF8.self)
    var out = [String: String]()
    var current: String?
    for line in text.split(separator: "\n") {
        if line.contains("class=\"node\""), let r = line.range(of: "id=\"") {
            current = String(line[r.upperBound...].prefix { $0 != "\"" })
        } else if let id = current, line.contains("<ellipse"),
                  let cx = line.range(of: "cx=\""), let cy = line.range(of: "cy=\"") {
            out[id] = String(line[cx.upperBound...].prefix { $0 != "\"" }) + "," + String(line[cy.upperBound...].prefix { $0 != "\"" })
            current = nil
        }
    }
    return out
}

/// `pos` of every node in laid-out DOT text, read back through cgraph (unshifted).
func dotPositions(_ data: Data) throws -> [String: String] {
    try GraphvizReading.positions(dot: String(decoding: data, as: UTF8.self), fileName: "t.gv")
}

@Suite(.serialized, .tags(.unit)) struct ClusterAndLegendTests {
    @Test func clustersFollowInstitutions() throws {
        let d = sampleDataset()
        let scores = try KeyExperts.compute(d)
        var options = MapOptions(top: nil)
        options.cluster = .institution
        let doc = try NetworkMap.document(d, scores: scores, options: options)
        #expect(doc.clusters.count == 2)
        #expect(Set(doc.clusters.map(\.label)) == ["University Hospital", "General Hospital"])
        for c in doc.clusters {
            let expected = d.experts.indices.filter { d.institutionName(ofExpert: $0) == c.label }.map { d.experts[$0].id }
            #expect(Set(c.members) == Set(expected))
            #expect(c.attributes["style"]?.contains("filled") == true)
        }
        #expect(NetworkMap.suggestedLayout(experts: 10, clustered: true) == .fdp)
        // Drawn as boxes, arranged without overlap, each labelled.
        let positions = try GraphvizRenderer.clusteredLayoutPositions(doc)
        #expect(Set(positions.points.keys) == Set(d.experts.map(\.id)))
        let svg = try GraphvizRenderer.render(doc, positions: positions)
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.components(separatedBy: "class=\"cluster\"").count - 1 == 2)
        let inspection = SVGInspection(svg)
        #expect(inspection.wellFormed, "\(inspection.parseError ?? "")")
        #expect(inspection.texts.contains("University Hospital"))
        #expect(inspection.nodeIDs.count == 10) // the frame nodes are invisible
        // dot draws the clusters itself.
        let viaDot = String(decoding: try GraphvizRenderer.render(doc, layout: .dot), as: UTF8.self)
        #expect(viaDot.components(separatedBy: "class=\"cluster\"").count - 1 == 2)
    }

    @Test func clusterBoxesDoNotOverlap() throws {
        let d = randomDataset(experts: 200, links: 700)
        let scores = try KeyExperts.compute(d)
        var options = MapOptions(top: 120)
        options.cluster = .institution
        let doc = try NetworkMap.document(d, scores: scores, options: options)
        let positions = try GraphvizRenderer.clusteredLayoutPositions(doc)
        let (pinned, _) = doc.pinned(to: positions)
        let boxes = pinned.clusters.compactMap { c -> [Double]? in
            let v = (c.attributes["bb"] ?? "").split(separator: ",").compactMap { Double($0) }
            return v.count == 4 ? v : nil
        }
        #expect(boxes.count == doc.clusters.count)
        var overlaps = 0
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let a = boxes[i], b = boxes[j]
                let w = min(a[2], b[2]) - max(a[0], b[0]), h = min(a[3], b[3]) - max(a[1], b[1])
                if w > 4 && h > 4 { overlaps += 1 }
            }
        }
        #expect(overlaps == 0)
    }

    @Test func legendIsAnHTMLTableWithEscapedText() throws {
        let d = sampleDataset()
        let scores = try KeyExperts.compute(d)
        let doc = try NetworkMap.document(d, scores: scores, options: MapOptions(top: 5, title: "<script>alert(1)</script> & co"))
        let html = try #require(doc.htmlLabel)
        #expect(html.hasPrefix("<TABLE"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("Size") && html.contains("tier 1 (blue)") && html.contains("Line width"))
        #expect(html.contains("5 less influential experts are not drawn"))
        let svg = SVGInspection(try GraphvizRenderer.render(doc, layout: .neato))
        #expect(svg.wellFormed, "\(svg.parseError ?? "")")
        #expect(svg.texts.contains { $0.contains("<script>alert(1)</script> & co") })
        #expect(svg.texts.contains("Size"))
        #expect(MapDocument.htmlEscaped("a<b>&\"c\"\nd") == "a&lt;b&gt;&amp;&quot;c&quot; d")
    }

    /// The legend says what the labels are: names, or — for experts named only by their id, as a
    /// published shared-patient file brings them — ids.
    @Test func legendSaysWhetherLabelsAreNamesOrIds() throws {
        let named = sampleDataset()
        var bare = named
        for i in bare.experts.indices { bare.experts[i].name = bare.experts[i].id }
        for (d, word) in [(named, "names"), (bare, "ids")] {
            let doc = try NetworkMap.document(d, scores: try KeyExperts.compute(d), options: MapOptions(top: 8, labelTop: 3))
            let html = try #require(doc.htmlLabel)
            #expect(html.lowercased().contains("\(word) shown for the 3 most influential"), "\(html)")
        }
    }

    @Test func largeMapsGetSmallerNodesAndMoreRoom() throws {
        let small = MapStyle(experts: 50), large = MapStyle(experts: 1000)
        #expect(large.minDiameter < small.minDiameter)
        #expect(large.labelFontSize > small.labelFontSize)
        #expect(large.layoutAttributes(clustered: false)["overlap"] == "prism")
        #expect(NetworkMap.suggestedLayout(experts: 40) == .neato)
        #expect(NetworkMap.suggestedLayout(experts: 1000) == .sfdp)
    }
}

@Suite(.serialized, .tags(.unit)) struct StablePositionTests {
    /// A dataset whose referrals are split over two quarters.
    func twoQuarters() throws -> (Dataset, Period, Period) {
        var d = randomDataset(experts: 90, links: 320)
        let q1 = try #require(Period.quarter(2026, 2)), q2 = try #require(Period.quarter(2026, 3))
        d.referrals = d.referrals.enumerated().map { i, r in
            var r = r
            r.period = i % 3 == 0 ? q1 : q2
            return r
        }
        return (d, q1, q2)
    }

    @Test func commonExpertsKeepTheirCoordinates() throws {
        let (d, q1, q2) = try twoQuarters()
        let scores = try KeyExperts.compute(d)
        let options = MapOptions(top: 70)
        let base = try NetworkMap.baseLayout(d, scores: scores, options: options, periods: [q1, q2])
        #expect(base.points.count == 70)
        // Reproducible.
        let again = try NetworkMap.baseLayout(d, scores: scores, options: options, periods: [q1, q2])
        #expect(again.points == base.points)
        #expect(again.width == base.width && again.height == base.height)

        var o1 = options, o2 = options
        o1.period = q1
        o2.period = q2
        let dot1 = try NetworkMap.render(d, scores: scores, options: o1, positions: base, format: .dot)
        let dot2 = try NetworkMap.render(d, scores: scores, options: o2, positions: base, format: .dot)
        #expect(dot1.warnings.allSatisfy { !$0.contains("no base position") })
        let p1 = try dotPositions(dot1.data), p2 = try dotPositions(dot2.data)
        let common = Set(p1.keys).intersection(p2.keys)
        #expect(common.count == 70)
        for id in common {
            #expect(p1[id] == p2[id], "\(id)")
            #expect(p1[id] == base[id]?.description, "\(id) sits at its base position")
        }
        // The links differ, the places do not.
        #expect(dot1.data != dot2.data)
        let s1 = svgNodeCentres(try NetworkMap.render(d, scores: scores, options: o1, positions: base).data)
        let s2 = svgNodeCentres(try NetworkMap.render(d, scores: scores, options: o2, positions: base).data)
        #expect(s1.count == 70)
        #expect(s1 == s2)
        // Read back from the DOT output, the positions are the base layout's (up to a shift).
        let read = try MapPositions.read(dot: String(decoding: dot1.data, as: UTF8.self))
        let id = try #require(common.first), other = try #require(common.first { $0 != id })
        let dx = (read[id]?.x ?? 0) - (read[other]?.x ?? 0), bx = (base[id]?.x ?? 0) - (base[other]?.x ?? 0)
        #expect(abs(dx - bx) < 0.01)
    }

    @Test func nodesWithoutABasePositionArePlacedAndNamed() throws {
        let doc = smallDocument()
        let positions = MapPositions(points: ["a": MapPoint(x: 50, y: 50), "b": MapPoint(x: 150, y: 80)])
        let r = try GraphvizRenderer.renderWithWarnings(doc, positions: positions, format: .dot)
        #expect(r.warnings.contains { $0.contains("2 nodes have no base position (c, d)") })
        let pos = try dotPositions(r.data)
        #expect(pos["a"] == "50,50")
        #expect(pos["b"] == "150,80")
        #expect(pos["c"] != nil && pos["d"] != nil)
    }

    @Test func clusteredMapsCanBePinned() throws {
        let (d, q1, q2) = try twoQuarters()
        let scores = try KeyExperts.compute(d)
        var options = MapOptions(top: 50)
        options.cluster = .region
        let base = try NetworkMap.baseLayout(d, scores: scores, options: options, periods: [q1, q2])
        options.period = q1
        let svg = try NetworkMap.render(d, scores: scores, options: options, positions: base)
        #expect(String(decoding: svg.data, as: UTF8.self).components(separatedBy: "class=\"cluster\"").count - 1 == 5)
    }
}

@Suite(.serialized, .tags(.unit)) struct DOTReaderTests {
    let reader = DOTNetworkReader()

    @Test func nodesAndEdgesBecomeExpertsAndReferrals() throws {
        let text = """
        digraph G {
          node [shape=circle];
          a [label="Dr. Ann \\"A\\" Smith", institution="UZ Leuven", specialty=Hematology, color=red];
          b [label="\\N"];
          c [name="Cid", region=Flanders];
          subgraph cluster_x { label="AZ Delta"; d; c; }
          a -> b [patients=12];
          a -> b [patients=3];
          b -> c [weight=2.6];
          c -> d;
          d -> d;
          d -> a [weight=4, period="2026Q2"];
        }
        """
        let ds = try reader.load(text: text, fileName: "net.gv")
        #expect(ds.experts.map(\.id) == ["a", "b", "c", "d"])
        let a = ds.experts[0], b = ds.experts[1], c = ds.experts[2], d = ds.experts[3]
        #expect(a.name == "Dr. Ann \"A\" Smith")
        #expect(a.institution == "UZ Leuven" && a.specialty == "Hematology")
        #expect(a.attributes["color"] == "red" && a.attributes["shape"] == "circle")
        #expect(b.name == "b")
        #expect(c.name == "Cid" && c.region == "Flanders" && c.institution == "AZ Delta")
        #expect(d.institution == "AZ Delta")
        func patients(_ s: Int, _ t: Int) -> Int { ds.referrals.filter { $0.source == s && $0.target == t }.map(\.patients).reduce(0, +) }
        #expect(patients(0, 1) == 15) // parallel edges summed
        #expect(patients(1, 2) == 3)  // fractional weight rounded
        #expect(patients(2, 3) == 1)  // no count: 1
        #expect(patients(3, 0) == 4)
        #expect(ds.referrals.first { $0.source == 3 && $0.target == 0 }?.period?.label == "2026Q2")
        #expect(ds.warnings.contains { $0.contains("self-loop") })
        #expect(ds.warnings.contains { $0.contains("rounded 1 fractional") })
    }

    @Test func openedThroughTheDatasetSourcesOfTheLibrary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-dot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("net.gv")
        try Data("digraph { a -> b [patients=12] }".utf8).write(to: url)
        #expect(throws: DatasetError.self) { _ = try DatasetSources.standard.open(url) }   // the pure module has no DOT reader
        let ds = try (DatasetSources.standard + [.dot]).open(url)
        #expect(ds.referrals.map(\.patients) == [12])
    }

    @Test func undirectedEdgesCountBothWays() throws {
        let ds = try reader.load(text: "graph { a -- b [weight=5]; b -- c }", fileName: "u.dot")
        #expect(ds.referrals.count == 4)
        #expect(ds.referrals.filter { $0.source == 1 && $0.target == 0 }.first?.patients == 5)
        #expect(ds.warnings.contains { $0.contains("both ways") })
    }

    @Test func errorsNameTheFileTheLineAndTheEdge() throws {
        do {
            _ = try reader.load(text: "digraph {\n a -> b;\n a -> -> c;\n}\n", fileName: "bad.gv")
            Issue.record("expected a syntax error")
        } catch {
            let issue = try #require(error.issues.first)
            #expect(issue.file == "bad.gv")
            #expect(issue.line == 3)
            #expect(issue.description.hasPrefix("bad.gv:3: syntax error"), "\(issue)")
        }
        // Line numbers restart with every file.
        do {
            _ = try reader.load(text: "digraph {\n x y z -> ;\n}", fileName: "bad2.gv")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.issues.first?.line == 2, "\(error)")
        }
        do {
            _ = try reader.load(text: "digraph { a -> b [patients=many]; b -> c [weight=-2] }", fileName: "n.gv")
            Issue.record("expected an error")
        } catch {
            let text = error.description
            #expect(text.contains("n.gv: edge a -> b: patients 'many' is not a number"), "\(text)")
            #expect(text.contains("edge b -> c: weight '-2' is negative"), "\(text)")
        }
        let lenient = try DOTNetworkReader(lenient: true).load(text: "digraph { a -> b [patients=x]; b -> c }", fileName: "l.gv")
        #expect(lenient.referrals.count == 1)
        #expect(lenient.warnings.contains { $0.contains("skipped 1") })
        // A good read after errors works.
        #expect(try reader.load(text: "digraph { p -> q }", fileName: "ok.gv").referrals.count == 1)
    }

    @Test func aRenderedMapReadsBack() throws {
        let d = sampleDataset()
        let scores = try KeyExperts.compute(d)
        var options = MapOptions(top: nil)
        options.minCell = 0
        options.cluster = .institution
        let doc = try NetworkMap.document(d, scores: scores, options: options)
        let positions = try GraphvizRenderer.clusteredLayoutPositions(doc)
        let dot = try GraphvizRenderer.render(doc, positions: positions, format: .dot)
        let back = try reader.load(text: String(decoding: dot, as: UTF8.self), fileName: "m.gv")
        #expect(Set(back.experts.map(\.id)) == Set(d.experts.map(\.id))) // frame nodes skipped
        for e in back.experts {
            let i = try #require(d.expertIndex[e.id])
            #expect(e.name == d.experts[i].name)
            #expect(e.institution == d.institutionName(ofExpert: i))
            #expect(e.region == d.experts[i].region)
        }
        let original = Set(d.referrals.map { [d.experts[$0.source].id, d.experts[$0.target].id, String($0.patients)] })
        let read = Set(back.referrals.map { [back.experts[$0.source].id, back.experts[$0.target].id, String($0.patients)] })
        #expect(read == original)
    }
}
