import Foundation
import Testing

/// `pos` of every node in laid-out DOT text written by Graphviz (`name [... pos="x,y" ...]`).
func dotNodePositions(_ text: String) -> [String: String] {
    var out = [String: String]()
    var current: String?
    for raw in text.split(separator: "\n") {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.contains("->") || line.contains(" -- ") { current = nil; continue } // edges
        if line.hasPrefix("E"), line.contains("[") {
            current = String(line.prefix { $0 != " " && $0 != "\t" && $0 != "[" })
        }
        if let id = current, let r = line.range(of: "pos=\"") {
            out[id] = String(line[r.upperBound...].prefix { $0 != "\"" })
            current = nil
        }
        if line.hasSuffix("];") { current = nil }
    }
    return out
}

@Suite("liaison maps", .serialized, .tags(.cli))
struct MapCLITests {
    @Test func clusterInstitutionDrawsBoxesWithALegend() throws {
        let dir = try TempDir()
        let r = try liaison(["render", "--cluster", "institution", "--top", "60", "--out", dir.file("c.svg").path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOf: dir.file("c.svg"), encoding: .utf8)
        #expect(svg.components(separatedBy: "class=\"cluster\"").count - 1 > 5)
        #expect(svg.contains("UZ Leuven"))
        #expect(svg.contains(">Size<") && svg.contains("Line width"))
        #expect(r.stderr.contains("boxes arranged"))
        #expect(r.stderr.contains("left out"))
        // With a layout that cannot draw boxes, fdp is used and the user told.
        let s = try liaison(["render", "--cluster", "institution", "--layout", "circo", "--top", "30", "--out", dir.file("s.svg").path])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stderr.contains("using fdp instead of circo"))
        let bad = try liaison(["render", "--cluster", "city", "--out", dir.file("x.svg").path])
        #expect(bad.status == 64 && bad.stderr.contains("institution, region"))
    }

    @Test func compareDrawsBothQuartersWithTheSamePositions() throws {
        let dir = try TempDir()
        let out = dir.file("change.gv").path
        let r = try liaison(["render", "--compare", "2026Q2", "2026Q3", "--format", "dot", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let from = try String(contentsOf: dir.file("change.2026Q2.gv"), encoding: .utf8)
        let to = try String(contentsOf: dir.file("change.2026Q3.gv"), encoding: .utf8)
        let change = try String(contentsOf: dir.file("change.gv"), encoding: .utf8)
        let p1 = dotNodePositions(from), p2 = dotNodePositions(to), p0 = dotNodePositions(change)
        #expect(p1.count == 150)
        let common = Set(p1.keys).intersection(p2.keys)
        #expect(common.count == 150)
        for id in common { #expect(p1[id] == p2[id] && p1[id] == p0[id], "\(id): \(p1[id] ?? "") \(p2[id] ?? "")") }
        #expect(from != to) // different links and colours
        #expect(r.stderr.contains("share one layout"))
        // SVG: the same centres.
        let s = try liaison(["render", "--compare", "2026Q2", "2026Q3", "--top", "40", "--out", dir.file("k.svg").path])
        #expect(s.status == 0, "\(s.stderr)")
        let a = try Data(contentsOf: dir.file("k.2026Q2.svg")), b = try Data(contentsOf: dir.file("k.2026Q3.svg"))
        let ca = svgCentres(a), cb = svgCentres(b)
        #expect(ca.count == 40 && ca == cb)
    }

    @Test func positionsFromAnEarlierMap() throws {
        let dir = try TempDir()
        #expect(try liaison(["render", "--top", "50", "--format", "dot", "--out", dir.file("base.gv").path]).status == 0)
        let r = try liaison(["render", "--top", "50", "--period", "2026Q3", "--positions-from", dir.file("base.gv").path,
                             "--format", "dot", "--out", dir.file("q3.gv").path])
        #expect(r.status == 0, "\(r.stderr)")
        let base = dotNodePositions(try String(contentsOf: dir.file("base.gv"), encoding: .utf8))
        let q3 = dotNodePositions(try String(contentsOf: dir.file("q3.gv"), encoding: .utf8))
        // Same relative placement: every common expert moved by the same shift.
        let common = Set(base.keys).intersection(q3.keys).sorted()
        #expect(common.count > 30)
        func xy(_ s: String?) -> (Double, Double) {
            let p = (s ?? "").split(separator: ",").compactMap { Double($0) }
            return p.count >= 2 ? (p[0], p[1]) : (0, 0)
        }
        let (bx, by) = xy(base[common[0]]), (qx, qy) = xy(q3[common[0]])
        for id in common {
            let (x0, y0) = xy(base[id]), (x1, y1) = xy(q3[id])
            #expect(abs((x1 - qx) - (x0 - bx)) < 0.2 && abs((y1 - qy) - (y0 - by)) < 0.2, "\(id)")
        }
        let missing = try liaison(["render", "--positions-from", dir.file("nope.gv").path, "--out", dir.file("x.svg").path])
        #expect(missing.status == 1 && missing.stderr.contains("nope.gv"))
    }

    @Test func aDOTFileIsADataset() throws {
        let dir = try TempDir()
        try dir.write("net.gv", """
            digraph referrals {
              A [label="Ann Peeters", institution="UZ Leuven"];
              B [label="Bob Janssens", institution="UZ Leuven"];
              C [label="Cid Dubois", institution="CHU Liège"];
              D;
              B -> A [patients=40]; C -> A [patients=25]; D -> C [weight=12]; D -> A;
            }
            """)
        let rank = try liaison(["rank", dir.file("net.gv").path, "--format", "csv", "--columns", "id,name,institution,in_strength"])
        #expect(rank.status == 0, "\(rank.stderr)")
        let rows = parseCSV(rank.stdout)
        #expect(rows.first == ["id", "name", "institution", "in_strength"])
        #expect(rows.dropFirst().first == ["A", "Ann Peeters", "UZ Leuven", "66"])
        let render = try liaison(["render", dir.file("net.gv").path, "--min-cell", "0", "--out", dir.file("m.svg").path])
        #expect(render.status == 0, "\(render.stderr)")
        #expect(SVGNodes.parse(try Data(contentsOf: dir.file("m.svg")))?.nodeIds.sorted() == ["A", "B", "C", "D"])
    }

    @Test func aDOTSyntaxErrorIsLocated() throws {
        let dir = try TempDir()
        try dir.write("bad.gv", "digraph {\n  A -> B;\n  A -> -> C;\n}\n")
        let r = try liaison(["rank", dir.file("bad.gv").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.gv:3: syntax error"), "\(r.stderr)")
        try dir.write("n.gv", "digraph { A -> B [patients=lots] }")
        let n = try liaison(["summary", dir.file("n.gv").path])
        #expect(n.status == 1)
        #expect(n.stderr.contains("n.gv: edge A -> B: patients 'lots' is not a number"), "\(n.stderr)")
    }

    @Test func aRenderedMapReadsBack() throws {
        let dir = try TempDir()
        let m = dir.file("m.gv").path
        let r = try liaison(["render", "--format", "dot", "--out", m, "--all", "--min-cell", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let back = try liaison(["rank", m, "--all", "--format", "csv", "--columns", "id,name,in_strength"])
        #expect(back.status == 0, "\(back.stderr)")
        let demo = try liaison(["rank", "--all", "--format", "csv", "--columns", "id,name,in_strength"])
        #expect(Set(parseCSV(back.stdout).map { $0.joined(separator: ",") }) == Set(parseCSV(demo.stdout).map { $0.joined(separator: ",") }))
    }
}

/// Node centres in an SVG, by node id.
private func svgCentres(_ data: Data) -> [String: String] {
    var out = [String: String]()
    var current: String?
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        if line.contains("class=\"node\""), let r = line.range(of: "id=\"") {
            current = String(line[r.upperBound...].prefix { $0 != "\"" })
        } else if let id = current, line.contains("<ellipse"), let cx = line.range(of: "cx=\""), let cy = line.range(of: "cy=\"") {
            out[id] = String(line[cx.upperBound...].prefix { $0 != "\"" }) + "," + String(line[cy.upperBound...].prefix { $0 != "\"" })
            current = nil
        }
    }
    return out
}
