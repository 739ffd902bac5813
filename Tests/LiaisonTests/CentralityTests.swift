import Foundation
import Testing
@testable import Liaison

@Suite("Centrality")
struct CentralityTests {
    @Test("matches networkx on every fixture", arguments: Fixture.names)
    func matchesNetworkx(name: String) throws {
        try checkAll(try Fixture.graph(name), try Fixture.expected(name), name)
    }

    @Test("matches networkx on the CKM physicians network",
          .enabled(if: Fixture.ckmAvailable, "needs ../shared/data/ckm-physicians-innovation"))
    func ckmPhysicians() throws {
        let g = try Fixture.ckmGraph()
        #expect(g.nodeCount == 246)
        try checkAll(g, try Fixture.expected("ckm"), "ckm")
    }

    @Test("PageRank sums to 1")
    func pageRankSumsToOne() throws {
        for name in Fixture.names {
            let g = try Fixture.graph(name)
            let pr = try g.pageRank()
            #expect(abs(pr.reduce(0, +) - 1) < 1e-12, "\(name)")
            #expect(pr.allSatisfy { $0 > 0 }, "\(name)")
            let ppr = try g.pageRank(personalization: (0..<g.nodeCount).map { Double($0 % 4) })
            #expect(abs(ppr.reduce(0, +) - 1) < 1e-12, "\(name) personalized")
        }
    }

    @Test("PageRank throws instead of returning an unconverged vector")
    func pageRankDidNotConverge() throws {
        let g = try Fixture.graph("random_gnm300")
        #expect(throws: CentralityError.didNotConverge(iterations: 1)) { try g.pageRank(maxIterations: 1) }
        #expect(throws: CentralityError.didNotConverge(iterations: 0)) { try g.pageRank(maxIterations: 0) }
    }

    @Test("PageRank rejects bad arguments")
    func pageRankInvalidArguments() throws {
        let g = try Fixture.graph("kite")
        #expect(throws: CentralityError.self) { try g.pageRank(alpha: 1.5) }
        #expect(throws: CentralityError.self) { try g.pageRank(tolerance: 0) }
        #expect(throws: CentralityError.self) { try g.pageRank(personalization: [1, 2]) }
        #expect(throws: CentralityError.self) { try g.pageRank(personalization: [Double](repeating: 0, count: 10)) }
        #expect(throws: CentralityError.self) { try g.pageRank(personalization: [-1] + [Double](repeating: 1, count: 9)) }
    }

    @Test("betweenness is bit-identical serial vs parallel and run to run")
    func betweennessDeterministic() throws {
        for g in [try Fixture.graph("random_gnm300"), try Fixture.graph("random_scalefree200"),
                  randomDigraph(nodes: 1_000, edges: 6_000, seed: 42)] {
            let serial = g.betweenness(parallel: false)
            let parallel = g.betweenness()
            #expect(serial.map(\.bitPattern) == parallel.map(\.bitPattern))
            #expect(g.betweenness().map(\.bitPattern) == parallel.map(\.bitPattern))
            #expect(g.betweenness(normalized: false, parallel: false).map(\.bitPattern)
                    == g.betweenness(normalized: false).map(\.bitPattern))
            #expect(g.closeness(parallel: false).map(\.bitPattern) == g.closeness().map(\.bitPattern))
        }
    }

    @Test("betweenness and closeness match an all-pairs brute force on small random graphs",
          arguments: [(8, 14, 1), (12, 30, 2), (20, 45, 3), (25, 120, 4), (40, 90, 5), (40, 300, 6)] as [(Int, Int, UInt64)])
    func matchesBruteForce(nodes: Int, edges: Int, seed: UInt64) {
        let g = randomDigraph(nodes: nodes, edges: edges, seed: seed)
        let (b, c) = bruteForce(g)
        expectClose(g.betweenness(), b, "betweenness")
        expectClose(g.betweenness(parallel: false), b, "betweenness serial")
        let scale = Double((nodes - 1) * (nodes - 2))
        expectClose(g.betweenness(normalized: false), b.map { $0 * scale }, "betweenness unnormalized", tolerance: 1e-9 * scale)
        expectClose(g.closeness(), c, "closeness")
    }

    @Test("empty, single-node and two-node graphs")
    func tinyGraphs() throws {
        let empty = Digraph(nodeCount: 0, edges: [])
        #expect(try empty.pageRank() == [])
        #expect(empty.betweenness() == [])
        #expect(empty.betweenness(normalized: false) == [])
        #expect(empty.undirectedBetweenness() == [])
        #expect(empty.closeness() == [])

        let one = Digraph(nodeCount: 1, edges: [])
        #expect(try one.pageRank() == [1])
        #expect(one.betweenness() == [0])
        #expect(one.closeness() == [0])

        let two = Digraph(nodeCount: 2, edges: [(0, 1, 5)])
        let pr = try two.pageRank()
        #expect(abs(pr.reduce(0, +) - 1) < 1e-12)
        #expect(pr[1] > pr[0])
        #expect(two.betweenness() == [0, 0])
        #expect(two.closeness() == [0, 1])

        let isolated = Digraph(nodeCount: 5, edges: [])
        let u = try isolated.pageRank()
        #expect(u.allSatisfy { abs($0 - 0.2) < 1e-15 })
        #expect(isolated.betweenness() == [0, 0, 0, 0, 0])
        #expect(isolated.closeness() == [0, 0, 0, 0, 0])
    }

    @Test("path graph: known betweenness and closeness")
    func pathGraph() {
        // 0 → 1 → 2 → 3: node 1 lies on 0→2, 0→3; node 2 on 0→3, 1→3. n = 4, scale 1/6.
        let g = Digraph(nodeCount: 4, edges: [(0, 1, 1), (1, 2, 1), (2, 3, 1)])
        #expect(g.betweenness(normalized: false) == [0, 2, 2, 0])
        expectClose(g.betweenness(), [0, 1.0 / 3, 1.0 / 3, 0], "path betweenness")
        // Node u is reached from the u nodes before it at distances 1…u: (u / Σd) · (u / 3).
        expectClose(g.closeness(), [0, 1.0 / 3, 2.0 / 3 * 2.0 / 3, 3.0 / 6 * 3.0 / 3], "path closeness")
    }
}

// MARK: - Helpers (nested so they cannot clash with other test files)

extension CentralityTests {
    /// Expected values written by `Fixtures/centrality/make_fixtures.py` (networkx), indexed by node id.
    fileprivate struct Expected: Decodable {
        let nodes: Int
        let edges: Int
        let pagerank: [Double]
        let pagerank_personalized: [Double]
        let betweenness: [Double]
        let betweenness_undirected: [Double]
        let closeness: [Double]
        let in_degree: [Int]
        let out_degree: [Int]
        let in_strength: [Double]
        let out_strength: [Double]
    }

    fileprivate enum Fixture {
        static let names = ["kite", "florentine", "langville_meyer", "dangling_isolated",
                            "random_gnp60", "random_scalefree200", "random_gnm300"]

        static func directory() throws -> URL {
            let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            return fixtures.appendingPathComponent("centrality")
        }

        static func expected(_ name: String) throws -> Expected {
            let data = try Data(contentsOf: directory().appendingPathComponent(name + ".json"))
            return try JSONDecoder().decode(Expected.self, from: data)
        }

        /// Reads `NAME.csv`: `# nodes=N`, the header `source,target,weight`, then one edge per line.
        static func graph(_ name: String) throws -> Digraph {
            let text = try String(contentsOf: directory().appendingPathComponent(name + ".csv"), encoding: .utf8)
            let lines = text.split(whereSeparator: \.isNewline)
            try #require(lines.count >= 2)
            #expect(lines[0].hasPrefix("# nodes="))
            let n = try #require(Int(lines[0].dropFirst("# nodes=".count)))
            #expect(lines[1] == "source,target,weight")
            var edges = [(source: Int, target: Int, weight: Double)]()
            for line in lines.dropFirst(2) {
                let f = line.split(separator: ",")
                try #require(f.count == 3)
                edges.append((try #require(Int(f[0])), try #require(Int(f[1])), try #require(Double(f[2]))))
            }
            return Digraph(nodeCount: n, edges: edges)
        }

        /// `../shared/data/ckm-physicians-innovation` next to the package root (derived from this file's path).
        static let ckmDirectory: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()   // LiaisonTests
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // package root
            .appendingPathComponent("../shared/data/ckm-physicians-innovation").standardizedFileURL

        static var ckmAvailable: Bool {
            FileManager.default.fileExists(atPath: ckmDirectory.appendingPathComponent("CKM-Physicians-Innovation_multiplex.edges").path)
                && FileManager.default.fileExists(atPath: ckmDirectory.appendingPathComponent("CKM-Physicians-Innovation_nodes.txt").path)
        }

        /// The CKM multiplex as one digraph: union of layers, weight = number of layers an arc is in.
        static func ckmGraph() throws -> Digraph {
            let nodesText = try String(contentsOf: ckmDirectory.appendingPathComponent("CKM-Physicians-Innovation_nodes.txt"), encoding: .utf8)
            let ids = nodesText.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
                line.split(separator: " ").first.flatMap { Int($0) }
            }
            let n = try #require(ids.max())
            #expect(n == 246 && ids.count == 246)
            let edgesText = try String(contentsOf: ckmDirectory.appendingPathComponent("CKM-Physicians-Innovation_multiplex.edges"), encoding: .utf8)
            var edges = [(source: Int, target: Int, weight: Double)]()
            for line in edgesText.split(whereSeparator: \.isNewline) {
                let f = line.split(separator: " ")
                try #require(f.count == 4)
                // Layer, source, target, weight (always 1): one unit per layer, summed by Digraph.
                edges.append((try #require(Int(f[1])) - 1, try #require(Int(f[2])) - 1, 1))
            }
            return Digraph(nodeCount: n, edges: edges)
        }
    }

    /// Deterministic SplitMix64 so random test graphs are the same on every run.
    fileprivate struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    fileprivate func randomDigraph(nodes n: Int, edges m: Int, seed: UInt64) -> Digraph {
        var rng = SplitMix64(state: seed)
        var edges = [(source: Int, target: Int, weight: Double)]()
        for _ in 0..<m {
            edges.append((Int.random(in: 0..<n, using: &rng), Int.random(in: 0..<n, using: &rng),
                          Double(Int.random(in: 1...60, using: &rng))))
        }
        return Digraph(nodeCount: n, edges: edges)
    }

    fileprivate func expectClose(_ actual: [Double], _ expected: [Double], _ what: String, tolerance: Double = 1e-9,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(what): count", sourceLocation: sourceLocation)
        for v in 0..<min(actual.count, expected.count) where !(abs(actual[v] - expected[v]) <= tolerance) {
            Issue.record("\(what)[\(v)] = \(actual[v]), expected \(expected[v])", sourceLocation: sourceLocation)
        }
    }

    fileprivate func checkAll(_ g: Digraph, _ e: Expected, _ name: String) throws {
        let n = g.nodeCount
        #expect(n == e.nodes)
        #expect(g.edgeCount == e.edges)
        #expect((0..<n).map(g.inDegree) == e.in_degree, "\(name) in_degree")
        #expect((0..<n).map(g.outDegree) == e.out_degree, "\(name) out_degree")
        expectClose((0..<n).map(g.inStrength), e.in_strength, "\(name) in_strength")
        expectClose((0..<n).map(g.outStrength), e.out_strength, "\(name) out_strength")
        expectClose(try g.pageRank(), e.pagerank, "\(name) pagerank")
        let p = (0..<n).map { Double($0 % 4) }
        expectClose(try g.pageRank(personalization: p), e.pagerank_personalized, "\(name) pagerank_personalized")
        expectClose(g.betweenness(), e.betweenness, "\(name) betweenness")
        expectClose(g.undirectedBetweenness(), e.betweenness_undirected, "\(name) betweenness_undirected")
        expectClose(g.closeness(), e.closeness, "\(name) closeness")
    }

    /// Brute force on all pairs: BFS from every node gives d(s, ·) and σ(s, ·); then
    /// b(v) = Σ_{s≠v≠t, d(s,v)+d(v,t)=d(s,t)} σ_sv σ_vt / σ_st, and closeness from the distance columns.
    fileprivate func bruteForce(_ g: Digraph) -> (betweenness: [Double], closeness: [Double]) {
        let n = g.nodeCount
        var d = [[Int]](repeating: [Int](repeating: -1, count: n), count: n)
        var sigma = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for s in 0..<n {
            d[s][s] = 0
            sigma[s][s] = 1
            var frontier = [s]
            while !frontier.isEmpty {
                var nextFrontier = [Int]()
                for v in frontier {
                    for k in g.outOffsets[v]..<g.outOffsets[v + 1] {
                        let w = Int(g.outTargets[k])
                        if d[s][w] < 0 { d[s][w] = d[s][v] + 1; nextFrontier.append(w) }
                        if d[s][w] == d[s][v] + 1 { sigma[s][w] += sigma[s][v] }
                    }
                }
                frontier = nextFrontier
            }
        }
        var b = [Double](repeating: 0, count: n)
        for s in 0..<n {
            for t in 0..<n where t != s && d[s][t] > 0 {
                for v in 0..<n where v != s && v != t && d[s][v] > 0 && d[v][t] > 0 && d[s][v] + d[v][t] == d[s][t] {
                    b[v] += sigma[s][v] * sigma[v][t] / sigma[s][t]
                }
            }
        }
        if n > 2 { b = b.map { $0 / Double((n - 1) * (n - 2)) } }
        var c = [Double](repeating: 0, count: n)
        for u in 0..<n {
            var total = 0, reached = 0
            for v in 0..<n where v != u && d[v][u] > 0 { total += d[v][u]; reached += 1 }
            if total > 0 && n > 1 {
                c[u] = Double(reached) / Double(total) * Double(reached) / Double(n - 1)
            }
        }
        return (b, c)
    }
}
