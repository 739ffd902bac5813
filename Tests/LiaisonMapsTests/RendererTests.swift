import Foundation
import Testing
import Liaison
@testable import LiaisonMaps

/// A small directed document: a → b → c, a → c, plus an isolated d, each node with an `id`.
func smallDocument(clusters: Bool = false) -> MapDocument {
    MapDocument(
        name: "small",
        graphAttributes: ["label": "Small test", "overlap": "prism", "outputorder": "edgesfirst"],
        nodeDefaults: ["shape": "circle", "style": "filled", "fillcolor": "#DDDDDD"],
        edgeDefaults: ["arrowsize": "0.5"],
        nodes: ["a", "b", "c", "d"].map { MapDocument.Node(name: $0, attributes: ["id": "id-\($0)", "tooltip": "node \($0)"]) },
        edges: [.init(source: "a", target: "b", attributes: ["penwidth": "2"]),
                .init(source: "b", target: "c"),
                .init(source: "a", target: "c")],
        clusters: clusters ? [.init(name: "legend", label: "Legend", members: ["d"])] : []
    )
}

@Suite(.serialized, .tags(.unit)) struct RendererTests {
    @Test func versionComesFromTheLibrary() {
        let v = GraphvizInfo.version
        #expect(v != "unknown")
        #expect(v.first?.isNumber == true)
    }

    @Test func svgIsWellFormedWithOneGroupPerNode() throws {
        let data = try GraphvizRenderer.render(smallDocument(), layout: .sfdp, format: .svg)
        let svg = SVGInspection(data)
        #expect(svg.wellFormed, "\(svg.parseError ?? "")")
        #expect(svg.rootElement == "svg")
        #expect(svg.nodeIDs.sorted() == ["id-a", "id-b", "id-c", "id-d"])
        #expect(svg.nodeTitles.sorted() == ["a", "b", "c", "d"])
        #expect(svg.edgeIDs.count == 3)
        #expect(Set(svg.edgeTitles) == ["a->b", "b->c", "a->c"])
        #expect(svg.tooltips.contains("node a"))
        #expect(svg.texts.contains("Small test"))
    }

    @Test func pngPdfAndDotOutputs() throws {
        let doc = smallDocument()
        let png = try GraphvizRenderer.render(doc, format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let pdf = try GraphvizRenderer.render(doc, format: .pdf)
        #expect(Array(pdf.prefix(4)) == Array("%PDF".utf8))
        let dot = String(decoding: try GraphvizRenderer.render(doc, format: .dot), as: UTF8.self)
        #expect(dot.hasPrefix("digraph"))
        #expect(dot.contains("pos="))
        #expect(dot.contains("bb="))
    }

    @Test(arguments: MapLayout.allCases)
    func everyLayoutRendersATinyGraph(layout: MapLayout) throws {
        let data = try GraphvizRenderer.render(smallDocument(clusters: true), layout: layout, format: .svg)
        let svg = SVGInspection(data)
        #expect(svg.wellFormed, "\(svg.parseError ?? "")")
        #expect(svg.nodeIDs.count == 4)
        #expect(svg.edgeIDs.count == 3)
        let dot = String(decoding: try GraphvizRenderer.render(smallDocument(), layout: layout, format: .dot), as: UTF8.self)
        #expect(dot.contains("pos="))
    }

    @Test func undirectedDocumentsRender() throws {
        var doc = smallDocument()
        doc.directed = false
        let dot = String(decoding: try GraphvizRenderer.render(doc, layout: .neato, format: .dot), as: UTF8.self)
        #expect(dot.hasPrefix("graph"))
        #expect(dot.contains("a -- b"))
    }

    @Test func clustersAreDrawnByDot() throws {
        let data = try GraphvizRenderer.render(smallDocument(clusters: true), layout: .dot, format: .svg)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("class=\"cluster\""))
        #expect(SVGInspection(data).texts.contains("Legend"))
    }

    @Test func hostileNamesStayValidXML() throws {
        let names = ["<script>alert('x')</script>", "Dr. \"Quote\" & O'Brien", "Zoë Ångström 漢字 🧬",
                     "R&D; &amp; &#38; &B;", "back\\slash \\N \\G", "dash--dash -->", "tab\tand\u{1}ctrl"]
        let doc = MapDocument(
            name: "hostile & <graph>",
            graphAttributes: ["label": MapDocument.escapedLabel("Title <b>&amp; \"x\"")],
            nodes: names.enumerated().map { i, n in
                MapDocument.Node(name: n, attributes: [
                    "id": MapDocument.escaped(n),
                    "tooltip": MapDocument.escapedTooltip(n + "\n" + "line 2 & <i> &amp;"),
                    "xlabel": i == 0 ? MapDocument.escapedLabel("x" + n) : "",
                ])
            },
            edges: zip(names, names.dropFirst()).map {
                MapDocument.Edge(source: $0, target: $1, attributes: ["id": MapDocument.escaped("\($0)->\($1)")])
            }
        )
        let data = try GraphvizRenderer.render(doc, layout: .neato, format: .svg)
        let svg = SVGInspection(data)
        #expect(svg.wellFormed, "\(svg.parseError ?? "")")
        let cleaned = names.map { $0.replacingOccurrences(of: "\u{1}", with: "") }
        // Ids and titles round-trip exactly, including entity-like text (`&B;`) and backslashes. (An XML
        // parser turns a tab inside an attribute value into a space.)
        #expect(svg.nodeIDs.sorted() == cleaned.map { $0.replacingOccurrences(of: "\t", with: " ") }.sorted())
        #expect(svg.nodeTitles.sorted() == cleaned.sorted())
        #expect(svg.edgeIDs.count == names.count - 1)
        #expect(svg.edgeIDs.contains("R&D; &amp; &#38; &B;->back\\slash \\N \\G"))
        // Labels show names literally: no `\N` expansion, entities not decoded.
        #expect(svg.texts.contains("R&D; &amp; &#38; &B;"))
        #expect(svg.texts.contains("back\\slash \\N \\G"))
        #expect(svg.texts.contains("x<script>alert('x')</script>"))
        #expect(svg.texts.contains("Title <b>&amp; \"x\""))
        // Tooltips too (tab → space by XML attribute normalization).
        #expect(svg.tooltips.sorted() == cleaned.map { ($0 + "\nline 2 & <i> &amp;").replacingOccurrences(of: "\t", with: " ") }.sorted())
        // Other formats keep the names unchanged.
        let dot = String(decoding: try GraphvizRenderer.render(doc, layout: .neato, format: .dot), as: UTF8.self)
        #expect(dot.contains("R&D; &amp; &#38; &B;"))
    }

    @Test func invalidDocumentsAreRejected() {
        var dup = smallDocument()
        dup.nodes.append(.init(name: "a"))
        #expect(throws: GraphvizError.invalidDocument("duplicate node name 'a'")) { try GraphvizRenderer.render(dup) }
        var dangling = smallDocument()
        dangling.edges.append(.init(source: "a", target: "zz"))
        #expect(throws: GraphvizError.self) { try GraphvizRenderer.render(dangling) }
        var badCluster = smallDocument()
        badCluster.clusters = [.init(name: "x", members: ["nobody"])]
        #expect(throws: GraphvizError.self) { try GraphvizRenderer.render(badCluster) }
        var empty = smallDocument()
        empty.nodes.append(.init(name: ""))
        #expect(throws: GraphvizError.self) { try GraphvizRenderer.render(empty) }
    }

    @Test func emptyDocumentRenders() throws {
        let svg = SVGInspection(try GraphvizRenderer.render(MapDocument(), format: .svg))
        #expect(svg.wellFormed)
        #expect(svg.nodeIDs.isEmpty)
    }

    @Test func parseErrorsListValidValues() throws {
        #expect(try MapLayout.parse("NEATO") == .neato)
        #expect(try MapFormat.parse(" svg ") == .svg)
        #expect(try MapColoring.parse("Region") == .region)
        #expect(MapLayout.allCases.map(\.rawValue) == ["sfdp", "neato", "fdp", "dot", "circo", "twopi"])
        #expect(MapFormat.allCases.map(\.rawValue) == ["svg", "png", "pdf", "dot", "jpg"])
        #expect(try MapFormat.parse("JPEG") == .jpg)
        do {
            _ = try MapLayout.parse("xyz")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "unknown layout 'xyz'; valid layouts: sfdp, neato, fdp, dot, circo, twopi")
        }
        do {
            _ = try MapFormat.parse("tiff")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "unknown format 'tiff'; valid formats: svg, png, pdf, dot, jpg")
        }
        #expect(throws: MapParseError.unknownColoring("hue")) { try MapColoring.parse("hue") }
    }

    @Test func unknownEngineAndFormatBecomeReadableErrors() throws {
        let context = try GraphvizContext.shared()
        do {
            _ = try GraphvizRenderer.render(smallDocument(), engine: "nosuchengine", format: "svg", in: context)
            Issue.record("expected an error")
        } catch let e as GraphvizError {
            guard case let .layoutUnavailable(engine, messages) = e else { Issue.record("got \(e)"); return }
            #expect(engine == "nosuchengine")
            #expect(messages.contains { $0.contains("not recognized") })
            // A non-standard engine name is not blamed on plugin configuration.
            #expect(!e.description.contains("dot -c"))
        }
        do {
            _ = try GraphvizRenderer.render(smallDocument(), engine: "neato", format: "nosuchformat", in: context)
            Issue.record("expected an error")
        } catch let e as GraphvizError {
            guard case .formatUnavailable = e else { Issue.record("got \(e)"); return }
            #expect(e.description.contains("nosuchformat"))
        }
        // A standard engine that Graphviz does not know means plugins are not configured.
        let unconfigured = GraphvizError.layoutUnavailable(
            engine: "sfdp", messages: ["Error: Layout type: \"sfdp\" not recognized. Use one of:"])
        #expect(unconfigured.description.contains("config6a"))
        #expect(unconfigured.description.contains("dot -c"))
        // Errors are not sticky: the next render works.
        _ = try GraphvizRenderer.render(smallDocument())
    }

    /// Run with `GVBINDIR` pointing to an empty folder: Graphviz then finds no plugins.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LIAISON_EXPECT_NO_GRAPHVIZ_PLUGINS"] == "1"))
    func missingPluginConfigurationIsExplained() {
        do {
            _ = try GraphvizRenderer.render(smallDocument())
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("dot -c"))
        }
    }
}

@Suite(.serialized, .tags(.unit)) struct OwnershipTests {
    @Test func repeatedRenderAndFreeCycles() throws {
        for i in 0..<25 {
            // Fresh context, graph and layout every time; released at the end of each iteration.
            let context = try GraphvizContext()
            let graph = try GraphvizRenderer.build(smallDocument())
            let layout = try GraphvizLayout(context: context, graph: graph, engine: i.isMultiple(of: 2) ? "neato" : "dot")
            let out = try layout.render(format: "svg")
            #expect(SVGInspection(out.data).nodeIDs.count == 4)
        }
    }

    @Test func layoutKeepsGraphAndContextAlive() throws {
        var layout: GraphvizLayout?
        do {
            let context = try GraphvizContext()
            let graph = try GraphvizRenderer.build(smallDocument())
            layout = try GraphvizLayout(context: context, graph: graph, engine: "fdp")
        }
        // The caller's references are gone; the layout still owns both.
        let svg = try #require(layout).render(format: "svg")
        #expect(SVGInspection(svg.data).wellFormed)
        let png = try #require(layout).render(format: "png")
        #expect(png.data.starts(with: [0x89, 0x50]))
        layout = nil // gvFreeLayout, then agclose, then gvFreeContext
    }

    /// A layout rendered again after another graph was laid out is redone (Graphviz keeps the last
    /// layout's attribute symbols in globals); the redone layout must be the same drawing. sfdp's
    /// overlap removal draws from drand48(), so before layouts reseeded it, the other layout's draws
    /// moved this one (1273 × 1150 pt became 1182 × 1155) and a PNG test comparing two renders of
    /// one layout failed when another test laid out a graph between them.
    @Test func layoutRedoneAfterAnotherIsTheSameDrawing() throws {
        let dataset = randomDataset(experts: 120, links: 500)
        let graph = try GraphvizRenderer.build(try NetworkMap.document(dataset, scores: try KeyExperts.compute(dataset)))
        let layout = try GraphvizLayout(context: try GraphvizContext(), graph: graph, engine: "sfdp")
        let first = try layout.render(format: "svg").data
        let small = randomDataset(experts: 40, links: 100)
        let other = try GraphvizLayout(context: try GraphvizContext(),
                                       graph: try GraphvizRenderer.build(try NetworkMap.document(small, scores: try KeyExperts.compute(small))),
                                       engine: "sfdp")
        _ = try other.render(format: "svg")
        let again = try layout.render(format: "svg").data
        #expect(first == again, "\(first.count) vs \(again.count) bytes")
    }

    @Test func secondLayoutOfTheSameGraphIsRefused() throws {
        let context = try GraphvizContext()
        let graph = try GraphvizRenderer.build(smallDocument())
        var first: GraphvizLayout? = try GraphvizLayout(context: context, graph: graph, engine: "neato")
        #expect(throws: GraphvizError.alreadyLaidOut) {
            _ = try GraphvizLayout(context: context, graph: graph, engine: "dot")
        }
        #expect(first != nil)
        first = nil
        // Once the first layout is freed, the graph can be laid out again.
        let second = try GraphvizLayout(context: context, graph: graph, engine: "dot")
        #expect(String(decoding: try second.render(format: "dot").data, as: UTF8.self).contains("pos="))
    }

    @Test func failedLayoutLeavesTheGraphUsable() throws {
        let context = try GraphvizContext.shared()
        let graph = try GraphvizRenderer.build(smallDocument())
        #expect(throws: GraphvizError.self) { _ = try GraphvizLayout(context: context, graph: graph, engine: "bogus") }
        let layout = try GraphvizLayout(context: context, graph: graph, engine: "circo")
        #expect(try layout.render(format: "svg").data.count > 0)
    }

    @Test func concurrentRendersAreSerialized() async throws {
        let count = 20
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for i in 0..<count {
                group.addTask {
                    var doc = smallDocument(clusters: i.isMultiple(of: 3))
                    for k in 0..<(i % 5) {
                        doc.nodes.append(.init(name: "x\(k)", attributes: ["id": "id-x\(k)"]))
                        doc.edges.append(.init(source: "a", target: "x\(k)"))
                    }
                    let layout = MapLayout.allCases[i % MapLayout.allCases.count]
                    let format = MapFormat.allCases[i % MapFormat.allCases.count]
                    let data = try GraphvizRenderer.render(doc, layout: layout, format: format)
                    if format == .svg { #expect(SVGInspection(data).nodeIDs.count == doc.nodes.count) }
                    #expect(!data.isEmpty)
                    return (i, data.count)
                }
            }
            var all = [(Int, Int)]()
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.count == count)
        // Graphviz objects created and freed on many threads at once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let context = try GraphvizContext()
                    let graph = try GraphvizRenderer.build(smallDocument())
                    let layout = try GraphvizLayout(context: context, graph: graph, engine: "neato")
                    _ = try layout.render(format: "dot")
                }
            }
            try await group.waitForAll()
        }
    }
}

@Suite(.serialized, .tags(.unit)) struct StaleLayoutTests {
    /// Graphviz keeps the last laid-out graph's attribute symbols in globals; rendering an older layout
    /// after another graph was laid out and closed must not read freed memory.
    @Test func renderingAnOlderLayoutAfterAnotherGraph() throws {
        let context = try GraphvizContext.shared()
        var styled = smallDocument()
        styled.nodes[0].attributes["penwidth"] = "3"
        let first = try GraphvizLayout(context: context, graph: try GraphvizRenderer.build(styled), engine: "dot")
        let before = try first.render(format: "dot").data
        do {
            var other = smallDocument(clusters: true)
            other.graphAttributes["label"] = "Other"
            other.nodeDefaults["fontsize"] = "20"
            other.edgeDefaults["color"] = "red"
            let g = try GraphvizRenderer.build(other)
            let l = try GraphvizLayout(context: context, graph: g, engine: "neato")
            _ = try l.render(format: "svg")
        } // the other graph is closed here; Graphviz's globals point into it
        let after = try first.render(format: "dot").data
        #expect(before == after)
        let svg = SVGInspection(try first.render(format: "svg").data)
        #expect(svg.wellFormed)
        #expect(svg.nodeIDs.count == 4)
    }
}

@Suite(.serialized, .tags(.unit)) struct KnownGraphvizBugTests {
    /// Graphviz 2.43's neato-family spline router corrupts the heap on ordinary graphs; the renderer
    /// draws straight lines instead and says so.
    @Test(arguments: [MapLayout.neato, .sfdp, .fdp])
    func splineRoutingIsReplacedOnOldGraphviz(layout: MapLayout) throws {
        let dataset = randomDataset(experts: 120, links: 300)
        let scores = try KeyExperts.compute(dataset)
        var doc = try NetworkMap.document(dataset, scores: scores, options: MapOptions(top: 60))
        doc.graphAttributes["splines"] = "true"
        let r = try GraphvizRenderer.renderWithWarnings(doc, layout: layout)
        #expect(SVGInspection(r.data).nodeIDs.count == 60)
        if GraphvizInfo.version.hasPrefix("2.") {
            #expect(r.warnings.contains { $0.contains("splines=true replaced") })
        }
    }

    @Test func curvedIsKeptForSmallGraphs() throws {
        var doc = smallDocument()
        doc.graphAttributes["splines"] = "curved"
        let r = try GraphvizRenderer.renderWithWarnings(doc, layout: .neato)
        #expect(r.warnings.isEmpty)
        #expect(SVGInspection(r.data).edgeIDs.count == 3)
    }
}
