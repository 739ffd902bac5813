import Foundation
import Liaison
import Testing
@testable import LiaisonMaps

/// Ten experts: e1, e2, e3 refer to e0; e4 → e1; e5 → e2; e0 → e6; e7 → e8; e9 is isolated.
func sampleDataset() -> Dataset {
    let regions = ["Brussels", "Flanders", "Wallonia"]
    let experts = (0..<10).map { i in
        Expert(id: "e\(i)", name: "Dr. Expert \(i)", institution: i < 5 ? "H1" : "H2", region: regions[i % 3])
    }
    let referrals = [(1, 0, 10), (2, 0, 20), (3, 0, 5), (4, 1, 3), (5, 2, 7), (0, 6, 2), (7, 8, 1)]
        .map { Referral(source: $0.0, target: $0.1, patients: $0.2) }
    return Dataset(source: "/data/sample-network", experts: experts,
                   institutions: [Institution(id: "H1", name: "University Hospital"), Institution(id: "H2", name: "General Hospital")],
                   referrals: referrals)
}

/// A larger random network (deterministic).
func randomDataset(experts n: Int, links m: Int) -> Dataset {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    let experts = (0..<n).map { Expert(id: "x\($0)", name: "Expert \($0)", institution: "I\($0 % 17)", region: "R\($0 % 5)") }
    var seen = Set<[Int]>()
    var referrals = [Referral]()
    while referrals.count < m {
        // Preferential: low indices receive more.
        let s = next(n), t = min(next(n), next(n))
        if s != t, seen.insert([s, t]).inserted { referrals.append(Referral(source: s, target: t, patients: 1 + next(40))) }
    }
    return Dataset(source: "random", experts: experts, referrals: referrals)
}

/// Indices sorted by influence, highest first, ties by id.
/// Whether `order` lists experts by influence as the maps promise: every listed expert ranks above
/// every expert listed after it and every expert left out (higher influence, or equal and a smaller
/// id). Checked pairwise from the definition, not by sorting as the implementation does.
func isByInfluence(_ order: [Int], _ d: Dataset, _ s: ExpertScores) -> Bool {
    func above(_ a: Int, _ b: Int) -> Bool {
        s.influence[a] > s.influence[b] || (s.influence[a] == s.influence[b] && d.experts[a].id < d.experts[b].id)
    }
    let listed = Set(order)
    for (i, a) in order.enumerated() {
        for b in order[(i + 1)...] where !above(a, b) { return false }
        for b in d.experts.indices where !listed.contains(b) && !above(a, b) { return false }
    }
    return Set(order).count == order.count
}

@Suite(.tags(.unit))
struct NetworkMapSelectionTests {
    let dataset = sampleDataset()

    @Test func topPicksTheMostInfluential() throws {
        let scores = try KeyExperts.compute(dataset)
        let sel = try NetworkMap.select(dataset, scores: scores, options: MapOptions(top: 3))
        #expect(sel.experts.count == 3 && isByInfluence(sel.experts, dataset, scores))
        #expect(sel.experts.first == 0) // e0 receives the most referrals
        #expect(sel.totalExperts == 10)
        #expect(sel.focus == nil)
    }

    @Test func linksOnlyAmongSelected() throws {
        let scores = try KeyExperts.compute(dataset)
        for top in 1...10 {
            let sel = try NetworkMap.select(dataset, scores: scores, options: MapOptions(top: top))
            let chosen = Set(sel.experts)
            #expect(sel.experts.count == top)
            #expect(sel.links.allSatisfy { chosen.contains($0.source) && chosen.contains($0.target) })
            let expected = dataset.referrals.filter { chosen.contains($0.source) && chosen.contains($0.target) }
            #expect(Set(sel.links.map { [$0.source, $0.target, Int($0.patients)] })
                    == Set(expected.map { [$0.source, $0.target, $0.patients] }))
        }
    }

    @Test func topNilDrawsEverything() throws {
        let scores = try KeyExperts.compute(dataset)
        let sel = try NetworkMap.select(dataset, scores: scores, options: MapOptions(top: nil))
        #expect(Set(sel.experts) == Set(0..<10))
        #expect(isByInfluence(sel.experts, dataset, scores))
        #expect(sel.links.count == 7)
        // The default (150) also draws all ten.
        #expect(try NetworkMap.select(dataset, scores: scores).experts.count == 10)
    }

    @Test func focusNeighbourhoodIgnoresDirection() throws {
        let scores = try KeyExperts.compute(dataset)
        func ids(_ depth: Int, top: Int? = nil, focus: String = "e2") throws -> Set<String> {
            let sel = try NetworkMap.select(dataset, scores: scores, options: MapOptions(top: top, focus: focus, depth: depth))
            #expect(sel.focus == dataset.expertIndex[focus])
            return Set(sel.experts.map { dataset.experts[$0].id })
        }
        #expect(try ids(0) == ["e2"])
        #expect(try ids(1) == ["e2", "e0", "e5"])           // e0 receives from e2, e5 sends to e2
        #expect(try ids(2) == ["e2", "e0", "e5", "e1", "e3", "e6"])
        #expect(try ids(3) == ["e2", "e0", "e5", "e1", "e3", "e6", "e4"])
        #expect(try ids(9) == ["e2", "e0", "e5", "e1", "e3", "e6", "e4"]) // e7, e8, e9 are unreachable
        #expect(try ids(1, focus: "e9") == ["e9"])
        #expect(try ids(1, focus: "e8") == ["e8", "e7"])
        // With a cap, the nearest come first, then the most influential of the next ring.
        let capped = try ids(2, top: 4)
        #expect(capped.isSuperset(of: ["e2", "e0", "e5"]))
        #expect(capped.count == 4)
        let ring2 = ["e1", "e3", "e6"].compactMap { dataset.expertIndex[$0] }
        // The most influential of ring 2 by the definition: highest influence, ties by smaller id.
        let best = try #require(ring2.min { a, b in
            scores.influence[a] > scores.influence[b] || (scores.influence[a] == scores.influence[b] && dataset.experts[a].id < dataset.experts[b].id)
        })
        #expect(capped.contains(dataset.experts[best].id))
    }

    @Test func focusLinksStayInsideTheNeighbourhood() throws {
        let scores = try KeyExperts.compute(dataset)
        let sel = try NetworkMap.select(dataset, scores: scores, options: MapOptions(focus: "e0", depth: 1))
        let names = Set(sel.experts.map { dataset.experts[$0].id })
        #expect(names == ["e0", "e1", "e2", "e3", "e6"])
        #expect(sel.links.count == 4)
    }

    @Test func unknownFocusAndBadOptionsFail() throws {
        let scores = try KeyExperts.compute(dataset)
        #expect(throws: NetworkMapError.unknownFocus("nobody")) {
            try NetworkMap.select(dataset, scores: scores, options: MapOptions(focus: "nobody"))
        }
        #expect("\(NetworkMapError.unknownFocus("nobody"))".contains("'nobody'"))
        #expect(throws: NetworkMapError.self) { try NetworkMap.select(dataset, scores: scores, options: MapOptions(top: 0)) }
        #expect(throws: NetworkMapError.self) {
            try NetworkMap.select(dataset, scores: scores, options: MapOptions(focus: "e1", depth: -1))
        }
        let other = try KeyExperts.compute(randomDataset(experts: 12, links: 20))
        #expect(throws: NetworkMapError.scoresMismatch(experts: 10, scores: 12)) {
            try NetworkMap.select(dataset, scores: other)
        }
    }

    @Test func periodSelectsReferrals() throws {
        let q1 = try #require(Period.quarter(2026, 1)), q2 = try #require(Period.quarter(2026, 2))
        var d = dataset
        d.referrals = d.referrals.enumerated().map { i, r in
            var r = r
            r.period = i.isMultiple(of: 2) ? q1 : q2
            return r
        }
        let scores = try KeyExperts.compute(d, period: q1)
        let s1 = try NetworkMap.select(d, scores: scores, options: MapOptions(top: nil))
        #expect(s1.links.count == 4) // the scores' period is used by default
        let s2 = try NetworkMap.select(d, scores: scores, options: MapOptions(top: nil, period: q2))
        #expect(s2.links.count == 3)
        let doc = try NetworkMap.document(d, scores: scores)
        #expect(doc.graphAttributes["label"]?.contains("2026Q1") == true)
    }

    @Test func documentEncodesTheMeasures() throws {
        let scores = try KeyExperts.compute(dataset)
        let doc = try NetworkMap.document(dataset, scores: scores, options: MapOptions(labelTop: 3))
        #expect(doc.nodes.count == 10)
        #expect(doc.edges.count == 7)
        #expect(doc.directed)
        for n in doc.nodes {
            let i = try #require(dataset.expertIndex[n.name])
            #expect(n.attributes["id"] == n.name)
            #expect(n.attributes["width"] == n.attributes["height"])
            let tip = try #require(n.attributes["tooltip"])
            #expect(tip.contains(dataset.experts[i].name))
            #expect(tip.contains("tier \(scores.tier[i])"))
            #expect(tip.contains("PageRank"))
            #expect(tip.contains(i < 5 ? "University Hospital" : "General Hospital"))
            #expect(n.attributes["fillcolor"] == Palette.tier(scores.tier[i]).hex)
        }
        // Node size grows with influence.
        func width(_ id: String) -> Double { Double(doc.nodes.first { $0.name == id }?.attributes["width"] ?? "") ?? 0 }
        let order = try NetworkMap.select(dataset, scores: scores, options: MapOptions(top: nil)).experts
        #expect(isByInfluence(order, dataset, scores))
        #expect(width(dataset.experts[order[0]].id) > width(dataset.experts[order[9]].id))
        #expect(width(dataset.experts[order[9]].id) >= 0.15)
        // The top three are labelled, the others are not (but keep tooltips).
        let labelled = doc.nodes.filter { $0.attributes["xlabel"] != nil }.map(\.name)
        #expect(Set(labelled) == Set(order.prefix(3).map { dataset.experts[$0].id }))
        #expect(doc.nodeDefaults["label"] == "")
        // Edge width grows with patients; the largest flow gets the widest line.
        let widest = try #require(doc.edges.max { Double($0.attributes["penwidth"] ?? "") ?? 0 < Double($1.attributes["penwidth"] ?? "") ?? 0 })
        #expect(widest.source == "e2" && widest.target == "e0")
        #expect(widest.attributes["penwidth"] == "2.80")
        #expect(doc.graphAttributes["outputorder"] == "edgesfirst")
        #expect(doc.graphAttributes["overlap"] == "prism")
        let label = try #require(doc.graphAttributes["label"])
        #expect(label.contains("sample-network"))
        #expect(label.contains("node size = influence"))
        #expect(label.contains("all periods"))
    }

    @Test func colourByRegionAndInstitution() throws {
        let scores = try KeyExperts.compute(dataset)
        for coloring in [MapColoring.region, .institution] {
            let doc = try NetworkMap.document(dataset, scores: scores, options: MapOptions(colorBy: coloring))
            var colourOf = [String: String]()
            for n in doc.nodes {
                let i = try #require(dataset.expertIndex[n.name])
                let key = coloring == .region ? dataset.experts[i].region : dataset.institutionName(ofExpert: i)
                let c = try #require(n.attributes["fillcolor"])
                if let prev = colourOf[key] { #expect(prev == c) }
                colourOf[key] = c
            }
            #expect(Set(colourOf.values).count == colourOf.count) // distinct categories, distinct colours
            #expect(doc.graphAttributes["label"]?.contains("colour = \(coloring.rawValue)") == true)
        }
    }
}

@Suite(.serialized, .tags(.unit)) struct NetworkMapRenderingTests {
    @Test func svgHasOneGroupPerExpertWithItsID() throws {
        let dataset = sampleDataset()
        let scores = try KeyExperts.compute(dataset)
        let data = try NetworkMap.render(dataset, scores: scores, options: MapOptions(labelTop: 2))
        let svg = SVGInspection(data)
        #expect(svg.wellFormed, "\(svg.parseError ?? "")")
        #expect(svg.nodeIDs.sorted() == dataset.experts.map(\.id).sorted())
        #expect(svg.edgeIDs.count == 7)
        #expect(svg.edgeIDs.contains("e2->e0"))
        for e in dataset.experts {
            #expect(svg.tooltips.contains { $0.hasPrefix(e.name + "\n") })
        }
        #expect(svg.texts.filter { $0.hasPrefix("Dr. Expert") }.count == 2)
    }

    @Test(arguments: MapLayout.allCases)
    func largerNetworkRendersInEveryLayout(layout: MapLayout) throws {
        let dataset = randomDataset(experts: 120, links: 300)
        let scores = try KeyExperts.compute(dataset)
        let options = MapOptions(top: 60, colorBy: .institution)
        let sel = try NetworkMap.select(dataset, scores: scores, options: options)
        let svg = SVGInspection(try NetworkMap.render(dataset, scores: scores, options: options, layout: layout))
        #expect(svg.wellFormed)
        #expect(svg.nodeIDs.sorted() == sel.experts.map { dataset.experts[$0].id }.sorted())
        #expect(svg.edgeIDs.count == sel.links.count)
    }

    @Test func defaultMapOfALargeNetwork() throws {
        let dataset = randomDataset(experts: 600, links: 2400)
        let scores = try KeyExperts.compute(dataset)
        let rendering = try GraphvizRenderer.renderWithWarnings(try NetworkMap.document(dataset, scores: scores))
        let svg = SVGInspection(rendering.data)
        #expect(svg.wellFormed)
        #expect(svg.nodeIDs.count == 150)
        let png = try NetworkMap.render(dataset, scores: scores, options: MapOptions(top: nil), format: .png)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func focusMapMarksTheFocus() throws {
        let dataset = sampleDataset()
        let scores = try KeyExperts.compute(dataset)
        let doc = try NetworkMap.document(dataset, scores: scores, options: MapOptions(focus: "e5", depth: 1, labelTop: 0))
        #expect(Set(doc.nodes.map(\.name)) == ["e5", "e2"])
        #expect(doc.nodes.first { $0.name == "e5" }?.attributes["xlabel"] == "Dr. Expert 5")
        #expect(doc.graphAttributes["label"]?.contains("Neighbourhood of Dr. Expert 5") == true)
        let svg = SVGInspection(try GraphvizRenderer.render(doc, layout: .neato))
        #expect(svg.nodeIDs.sorted() == ["e2", "e5"])
    }
}
