import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Collects `<g class="node" id=…>` ids and `<title>`s from an SVG with a real XML parser.
final class SVGNodes: NSObject, XMLParserDelegate {
    var nodeIds: [String] = []
    var edgeCount = 0
    var rootIsSVG = false
    private var first = true

    static func parse(_ data: Data) -> SVGNodes? {
        let p = XMLParser(data: data)
        let d = SVGNodes()
        p.delegate = d
        return p.parse() ? d : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if first { rootIsSVG = name == "svg"; first = false }
        guard name == "g" else { return }
        if attributes["class"] == "node", let id = attributes["id"] { nodeIds.append(id) }
        if attributes["class"] == "edge" { edgeCount += 1 }
    }
}

@Suite("liaison render", .serialized, .tags(.cli))
struct RenderCLITests {
    @Test func allExpertsAsValidSVGWithExpertIds() throws {
        let dir = try TempDir()
        let out = dir.file("all.svg")
        let r = try liaison(["render", "--all", "--min-link", "0", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try #require(SVGNodes.parse(try Data(contentsOf: out)), "SVG parses as XML")
        #expect(svg.rootIsSVG)
        let ranks = try liaison(["rank", "--all", "--format", "csv", "--columns", "id"])
        let ids = Set(parseCSV(ranks.stdout).dropFirst().map { $0[0] })
        #expect(Set(svg.nodeIds) == ids)
        #expect(svg.edgeCount > 1000)
    }

    @Test func defaultMapIsTheTop150() throws {
        let dir = try TempDir()
        let r = try liaison(["render", "--out", dir.file("m.svg").path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try #require(SVGNodes.parse(try Data(contentsOf: dir.file("m.svg"))))
        #expect(svg.nodeIds.count == 150)
        let top = try liaison(["rank", "--top", "150", "--format", "csv", "--columns", "id"])
        #expect(Set(svg.nodeIds) == Set(parseCSV(top.stdout).dropFirst().map { $0[0] }))
        #expect(r.stderr.contains("150 of 300 experts"))
        #expect(r.stderr.contains("left out"))
    }

    @Test func pngAndPDFFromTheFormatOrTheExtension() throws {
        let dir = try TempDir()
        #expect(try liaison(["render", "--out", dir.file("m.png").path]).status == 0)
        let png = try Data(contentsOf: dir.file("m.png"))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(try liaison(["render", "--format", "pdf", "--out", dir.file("m.out").path, "--top", "40"]).status == 0)
        let pdf = try Data(contentsOf: dir.file("m.out"))
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
        #expect(try liaison(["render", "--format", "dot", "--out", dir.file("m.gv").path, "--top", "20"]).status == 0)
        let dot = try String(contentsOf: dir.file("m.gv"), encoding: .utf8)
        #expect(dot.contains("digraph") && dot.contains("pos="))
    }

    @Test func focusDrawsANeighbourhood() throws {
        let dir = try TempDir()
        let r = try liaison(["render", "--focus", "E085", "--depth", "1", "--out", dir.file("f.svg").path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try #require(SVGNodes.parse(try Data(contentsOf: dir.file("f.svg"))))
        #expect(svg.nodeIds.contains("E085"))
        #expect(svg.nodeIds.count > 5 && svg.nodeIds.count < 150)
        let bad = try liaison(["render", "--focus", "NOPE", "--out", dir.file("x.svg").path])
        #expect(bad.status != 0 && bad.stderr.contains("NOPE"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("x.svg").path), "no file on failure")
    }

    @Test func unknownLayoutOrFormatListsTheValidOnes() throws {
        let dir = try TempDir()
        let l = try liaison(["render", "--layout", "spring", "--out", dir.file("x.svg").path])
        #expect(l.status != 0)
        #expect(l.stderr.contains("spring") && l.stderr.contains("sfdp, neato, fdp, dot, circo, twopi"))
        let f = try liaison(["render", "--format", "gif", "--out", dir.file("x.gif").path])
        #expect(f.status != 0)
        #expect(f.stderr.contains("gif") && f.stderr.contains("svg, png, pdf, dot"))
    }

    @Test(arguments: ["neato", "fdp", "dot", "circo", "twopi"])
    func everyLayoutRenders(_ layout: String) throws {
        let dir = try TempDir()
        let r = try liaison(["render", "--layout", layout, "--top", "30", "--out", dir.file("m.svg").path])
        #expect(r.status == 0, "\(layout): \(r.stderr)")
        #expect(SVGNodes.parse(try Data(contentsOf: dir.file("m.svg")))?.nodeIds.count == 30)
    }

    @Test func coverageAndComparisonColours() throws {
        let dir = try TempDir()
        let c = try liaison(["render", "--color-by", "coverage", "--quarter", "2026Q3", "--out", dir.file("c.svg").path])
        #expect(c.status == 0, "\(c.stderr)")
        // Graphviz writes '-' in attribute text as the character reference &#45;.
        let svg = try String(contentsOf: dir.file("c.svg"), encoding: .utf8).replacingOccurrences(of: "&#45;", with: "-")
        #expect(svg.contains("coverage 2026Q3"))
        for status in ["reached", "under-visited", "missed"] { #expect(svg.contains("coverage 2026Q3: \(status)")) }
        let k = try liaison(["render", "--compare", "2026Q2", "2026Q3", "--out", dir.file("k.svg").path])
        #expect(k.status == 0, "\(k.stderr)")
        let ksvg = try String(contentsOf: dir.file("k.svg"), encoding: .utf8)
        #expect(ksvg.contains("2026Q2 → 2026Q3: gained") || ksvg.contains("2026Q2 → 2026Q3: lost"))
    }

    @Test func smallPatientCountsAreHiddenInTooltips() throws {
        let dir = try TempDir()
        try dir.write("d/experts.csv", "id,name\nA,Ann\nB,Bob\nC,Cid\n")
        try dir.write("d/referrals.csv", "source,target,patients\nA,B,4\nC,B,30\n")
        #expect(try liaison(["render", dir.file("d").path, "--out", dir.file("m.svg").path]).status == 0)
        let svg = try String(contentsOf: dir.file("m.svg"), encoding: .utf8)
        #expect(svg.contains("&lt;11 patients"))
        #expect(!svg.contains(": 4 patients"))
        #expect(try liaison(["render", dir.file("d").path, "--min-cell", "0", "--out", dir.file("o.svg").path]).status == 0)
        #expect(try String(contentsOf: dir.file("o.svg"), encoding: .utf8).contains(": 4 patients"))
    }
}
