import Foundation
import Testing
@testable import Liaison

@Suite("Centrality", .tags(.unit))
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

    @Test("PageRank is bit-identical serial vs parallel, and equal to a plain power iteration")
    func pageRankParallelDeterministic() throws {
        // Large enough (n + m ≥ pageRankParallelMinimum) for the parallel path to run.
        let g = randomDigraph(nodes: 30_000, edges: 200_000, seed: 7)
        #expect(g.nodeCount + g.edgeCount >= Digraph.pageRankParallelMinimum)
        let serial = try g.pageRank(parallel: false)
        let parallel = try g.pageRank()
        #expect(serial.map(\.bitPattern) == parallel.map(\.bitPattern))
        #expect(try g.pageRank().map(\.bitPattern) == parallel.map(\.bitPattern))
        let seeds = (0..<g.nodeCount).map { Double($0 % 7 == 0 ? 1 : 0) }
        #expect(try g.pageRank(personalization: seeds, parallel: false).map(\.bitPattern)
                == g.pageRank(personalization: seeds).map(\.bitPattern))

        // Naive reference: the textbook power iteration over out-edges (push), dangling mass spread
        // uniformly, run to the same tolerance.
        let n = g.nodeCount
        var x = [Double](repeating: 1 / Double(n), count: n)
        for _ in 0..<10_000 {
            var y = [Double](repeating: 0, count: n)
            var dangling = 0.0
            for u in 0..<n {
                let s = g.outStrength(u)
                if s == 0 { dangling += x[u]; continue }
                for k in g.outOffsets[u]..<g.outOffsets[u + 1] {
                    y[Int(g.outTargets[k])] += 0.85 * x[u] * g.outWeights[k] / s
                }
            }
            var err = 0.0
            for v in 0..<n {
                y[v] += 0.85 * dangling / Double(n) + 0.15 / Double(n)
                err += abs(y[v] - x[v])
            }
            x = y
            if err < 1e-12 { break }
        }
        var worst = 0.0
        for v in 0..<n { worst = max(worst, abs(x[v] - parallel[v])) }
        #expect(worst < 1e-10, "largest difference \(worst)")
    }

    @Test("PageRank throws instead of returning an unconverged vector")
    func pageRankDidNotConverge() throws {
        let g = try Fixture.graph("random_gnm300")
        #expect(throws: CentralityError.didNotConverge(iterations: 1)) { try g.pageRank(maxIterations: 1) }
        #expect(throws: CentralityError.didNotConverge(iterations: 0)) { try g.pageRank(maxIterations: 0) }
    }

    @Test("PageRank's result is within its tolerance of the exact vector (L1), for loose and tight tolerances")
    func pageRankErrorBound() throws {
        let graphs = try Fixture.names.map { try Fixture.graph($0) } + [randomDigraph(nodes: 30_000, edges: 200_000, seed: 7)]
        for g in graphs {
            let n = g.nodeCount
            let seeds = (0..<n).map { Double($0 % 5 == 0 ? 1 : 0) }
            for personalization in [nil, seeds] {
                // Reference: the power iteration to an L1 error bound of 1e-13 (its L1 change below
                // 1.8e-14; tighter stops are below the round-off of the larger graph's sums).
                let exact = try g.pageRank(tolerance: 1e-13, personalization: personalization, solver: .power)
                for tolerance in [1e-3, 1e-6, 1e-10] {
                    for solver in [PageRankSolver.automatic, .power] {
                        let x = try g.pageRank(tolerance: tolerance, personalization: personalization, solver: solver)
                        let error = zip(x, exact).reduce(0) { $0 + abs($1.0 - $1.1) }
                        #expect(error <= tolerance + 1e-13, "\(n) nodes, \(solver), tolerance \(tolerance): L1 error \(error)")
                        #expect(abs(x.reduce(0, +) - 1) < 1e-12)
                        #expect(x.allSatisfy { $0 >= 0 })
                    }
                }
            }
        }
    }

    @Test("personalized PageRank is exactly 0 where no seed's walk reaches")
    func personalizedPageRankUnreached() throws {
        // 0 ⇄ 4 → … and 0 → 1 → 2 ⇄ 3; walks from seed 1 never reach 0 or 4. A power iteration from
        // the uniform vector leaves the 0 ⇄ 4 cycle's mass decaying (0.85ᵏ), never exactly 0.
        let g = Digraph(nodeCount: 5, edges: [(0, 1, 2), (1, 2, 1), (2, 3, 4), (3, 2, 1), (4, 0, 3), (0, 4, 1)])
        let x = try g.pageRank(personalization: [0, 1, 0, 0, 0])
        #expect(x[0] == 0 && x[4] == 0)
        #expect(x[1] > 0 && x[2] > 0 && x[3] > 0)
        #expect(abs(x.reduce(0, +) - 1) < 1e-12)
    }

    @Test("PageRank without damping is the random walk's stationary distribution (strength / total)")
    func pageRankUndamped() throws {
        // The kite is undirected (every edge as two arcs) and connected with triangles, so the walk is
        // aperiodic and its stationary distribution is proportional to each node's strength.
        let g = try Fixture.graph("kite")
        let x = try g.pageRank(alpha: 1, tolerance: 1e-14)
        let total = (0..<g.nodeCount).reduce(0.0) { $0 + g.outStrength($1) }
        for v in 0..<g.nodeCount { #expect(abs(x[v] - g.outStrength(v) / total) < 1e-12, "node \(v)") }
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

// MARK: - Issue 4 measures

extension CentralityTests {
    @Test("harmonic and weighted betweenness are bit-identical serial vs parallel")
    func harmonicDeterministic() throws {
        for g in [try Fixture.graph("random_gnm300"), try Fixture.graph("random_scalefree200"),
                  randomDigraph(nodes: 1_000, edges: 6_000, seed: 42)] {
            #expect(g.harmonic(parallel: false).map(\.bitPattern) == g.harmonic().map(\.bitPattern))
            #expect(g.harmonic().map(\.bitPattern) == g.harmonic().map(\.bitPattern))
            #expect(g.weightedBetweenness(parallel: false).map(\.bitPattern) == g.weightedBetweenness().map(\.bitPattern))
            #expect(g.sampledBetweenness(samples: 50, seed: 9, parallel: false).map(\.bitPattern)
                    == g.sampledBetweenness(samples: 50, seed: 9).map(\.bitPattern))
        }
    }

    @Test("components of a million-node path: no stack overflow")
    func millionNodePath() {
        let n = 1_000_000
        var edges = [(source: Int, target: Int, weight: Double)]()
        edges.reserveCapacity(n)
        for v in 0..<(n - 1) { edges.append((v, v + 1, 1)) }
        let path = Digraph(nodeCount: n, edges: edges)
        let scc = path.stronglyConnectedComponents()
        #expect(scc.count == n)
        #expect(scc.sizes.allSatisfy { $0 == 1 })
        // All singletons tie on size: ids follow the node order.
        #expect(scc.id[0] == 1 && scc.id[n - 1] == n)
        let wcc = path.weaklyConnectedComponents()
        #expect(wcc.count == 1 && wcc.sizes == [n])
        // Closing the cycle makes one strongly connected component of a million nodes.
        edges.append((n - 1, 0, 1))
        let cycle = Digraph(nodeCount: n, edges: edges)
        let big = cycle.stronglyConnectedComponents()
        #expect(big.count == 1 && big.sizes == [n])
        #expect(cycle.coreNumbers().allSatisfy { $0 == 2 })
    }

    @Test("component ids: largest first, ties by smallest member")
    func componentIds() {
        // Weak parts {5,6,7}, {0,1}, {3,4}, {2}: sizes 3, 2, 2, 1; {0,1} before {3,4} (smaller member).
        let g = Digraph(nodeCount: 8, edges: [(5, 6, 1), (6, 7, 1), (7, 5, 1), (1, 0, 2), (3, 4, 1), (4, 3, 1)])
        let wcc = g.weaklyConnectedComponents()
        #expect(wcc.id == [2, 2, 4, 3, 3, 1, 1, 1])
        #expect(wcc.sizes == [3, 2, 2, 1])
        let scc = g.stronglyConnectedComponents()
        // SCCs: {5,6,7} size 3, {3,4} size 2, then singletons 0, 1, 2 by smallest member.
        #expect(scc.id == [3, 4, 5, 2, 2, 1, 1, 1])
        #expect(scc.sizes == [3, 2, 1, 1, 1])
    }

    @Test("sampled betweenness: all sources gives the exact values, bit for bit")
    func sampledWithAllSources() throws {
        for name in ["random_gnm300", "random_scalefree200", "kite"] {
            let g = try Fixture.graph(name)
            let exact = g.betweenness()
            #expect(g.sampledBetweenness(samples: g.nodeCount, seed: 5).map(\.bitPattern) == exact.map(\.bitPattern))
            #expect(g.sampledBetweenness(samples: g.nodeCount + 10, seed: 5).map(\.bitPattern) == exact.map(\.bitPattern))
            // Drawing every node as a sampled source (k = n through the sampling path) scales exactly too.
            let all = Digraph.sampleSources(nodeCount: g.nodeCount, samples: g.nodeCount, seed: 3)
            #expect(Set(all).count == g.nodeCount)
            let raw = g.betweennessSums(sources: all, weighted: false, parallel: true)
            let scaled = Digraph.rescaleBetweenness(raw, nodeCount: g.nodeCount, normalized: true, sampled: all)
            expectClose(scaled, exact, "\(name) k = n via sampling", tolerance: 1e-12)
            #expect(g.sampledBetweenness(samples: g.nodeCount, seed: 5, weightedPaths: true).map(\.bitPattern)
                    == g.weightedBetweenness().map(\.bitPattern))
        }
    }

    @Test("sampled betweenness stays within the Hoeffding bound", arguments: [30, 100, 200])
    func sampledWithinBound(samples: Int) throws {
        let g = try Fixture.graph("random_gnm300")
        let exact = try Fixture.expected("random_gnm300").betweenness
        let bound = Digraph.betweennessSamplingError(nodeCount: g.nodeCount, samples: samples, confidence: 0.95)
        // The bound holds for every node at once with probability ≥ 95 %; check several fixed seeds.
        for seed in [1, 2, 3] as [UInt64] {
            let estimate = g.sampledBetweenness(samples: samples, seed: seed)
            let worst = zip(estimate, exact).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= bound, "k = \(samples), seed \(seed): worst error \(worst) > bound \(bound)")
            // Same seed, same sources, same values.
            #expect(g.sampledBetweenness(samples: samples, seed: seed) == estimate)
        }
        // The estimator is unbiased: averaged over many seeds it approaches the exact values.
        var mean = [Double](repeating: 0, count: g.nodeCount)
        let runs = 40
        for seed in 0..<runs {
            let estimate = g.sampledBetweenness(samples: samples, seed: UInt64(100 + seed))
            for v in mean.indices { mean[v] += estimate[v] / Double(runs) }
        }
        let meanError = zip(mean, exact).map { abs($0 - $1) }.max() ?? 0
        #expect(meanError <= bound / Double(runs).squareRoot())
    }

    @Test("sampled closeness: exact with every source, close and deterministic with fewer")
    func sampledCloseness() throws {
        let g = try Fixture.graph("random_gnm300")
        let exact = try Fixture.expected("random_gnm300").closeness
        #expect(g.sampledCloseness(samples: 300, seed: 1).map(\.bitPattern) == g.closeness().map(\.bitPattern))
        let estimate = g.sampledCloseness(samples: 150, seed: 4)
        #expect(estimate == g.sampledCloseness(samples: 150, seed: 4, parallel: false))
        let worst = zip(estimate, exact).map { abs($0 - $1) / max($1, 1e-12) }.max() ?? 0
        #expect(worst < 0.1, "relative error \(worst)")
    }

    @Test("rank sampling: automatic above the threshold, explicit below, never with exact")
    func keyExpertsSampling() throws {
        let small = try Fixture.graph("random_gnm300")
        let ids = (0..<small.nodeCount).map { "n\($0)" }
        var options = MeasureOptions()
        let exact = try KeyExperts.compute(graph: small, ids: ids, measures: [.betweenness, .closeness], options: options)
        #expect(exact.sampling == nil && exact.notes.isEmpty)
        options.samples = 100
        options.samplingSeed = 7
        let sampled = try KeyExperts.compute(graph: small, ids: ids, measures: [.betweenness, .closeness], options: options)
        #expect(sampled.sampling?.samples == 100 && sampled.sampling?.automatic == false)
        #expect(sampled.betweenness == small.sampledBetweenness(samples: 100, seed: 7))
        #expect(sampled.closeness == small.sampledCloseness(samples: 100, seed: 7))
        #expect(sampled.notes.count == 2)
        options.samples = nil
        options.exact = true
        #expect(try KeyExperts.compute(graph: small, ids: ids, measures: [.betweenness], options: options).sampling == nil)

        // 50 001 experts, sparse: sampled automatically with 1000 sources.
        let n = Digraph.betweennessSamplingThreshold + 1
        var rng = SplitMix64(seed: 11)
        let edges = (0..<3 * n).map { _ in
            (source: Int.random(in: 0..<n, using: &rng), target: Int.random(in: 0..<n, using: &rng), weight: 1.0)
        }
        let big = Digraph(nodeCount: n, edges: edges)
        let auto = try KeyExperts.compute(graph: big, ids: (0..<n).map { "e\($0)" }, measures: [.betweenness],
                                          options: MeasureOptions())
        #expect(auto.sampling?.automatic == true && auto.sampling?.samples == Digraph.defaultBetweennessSamples)
        #expect(auto.notes.first?.contains("sampled from 1000 of 50001") == true, "\(auto.notes)")
    }

    @Test("sampling error bound formula")
    func samplingBound() {
        // sqrt(ln(2n/δ) / (2(k − 1))) with n = 1e6, k = 1001, δ = 0.05: ln(4e7) = 17.504…
        let e = Digraph.betweennessSamplingError(nodeCount: 1_000_000, samples: 1_001, confidence: 0.95)
        #expect(abs(e - (17.50439 / 2000).squareRoot()) < 1e-5)
        #expect(Digraph.betweennessSamplingError(nodeCount: 100, samples: 100) == 0)
    }

    @Test("weighted betweenness: ties in floating-point path lengths behave like networkx")
    func weightedTies() {
        // 0→1→3 has length 1/2 + 1/2 = 1 and 0→2→3 has 1/4 + 3/4 = 1: exactly tied, two paths.
        let tied = Digraph(nodeCount: 4, edges: [(0, 1, 2), (1, 3, 2), (0, 2, 4), (2, 3, 4.0 / 3)])
        let b = tied.weightedBetweenness(normalized: false)
        #expect(b[1] == 0.5 && b[2] == 0.5)
        // 1/10 + 1/5 = 0.30000000000000004 (either order) but the direct link 0→3 with 10/3 patients
        // has length 1 / (10/3) = 0.3: in floating point the direct link is strictly shorter, so
        // neither 1 nor 2 lies on a shortest path — networkx gives {0: 0, 1: 0, 2: 0, 3: 0} too.
        let g = Digraph(nodeCount: 4, edges: [(0, 1, 10), (1, 3, 5), (0, 3, 10.0 / 3), (0, 2, 5), (2, 3, 10)])
        #expect(g.weightedBetweenness(normalized: false) == [0, 0, 0, 0])
        // Without the direct link the two-hop paths tie exactly (addition is commutative).
        let h = Digraph(nodeCount: 4, edges: [(0, 1, 10), (1, 3, 5), (0, 2, 5), (2, 3, 10)])
        #expect(h.weightedBetweenness(normalized: false) == [0, 0.5, 0.5, 0])
    }

    @Test("eigenvector and HITS: ties across parts are flagged, edgeless graphs are safe")
    func spectralEdgeCases() throws {
        // Two identical separate dyads: the leading eigenvalue is shared.
        let twins = Digraph(nodeCount: 5, edges: [(0, 1, 3), (2, 3, 3)])
        let ev = try twins.eigenvectorCentrality()
        #expect(ev.ambiguous)
        expectClose(ev.values, [0.5, 0.5, 0.5, 0.5, 0], "twin dyads")
        let h = try twins.hits()
        #expect(h.hubs.ambiguous)
        expectClose(h.hubs.values, [0.5, 0, 0.5, 0, 0], "twin hubs")
        expectClose(h.authorities.values, [0, 0.5, 0, 0.5, 0], "twin authorities")
        // A heavier dyad wins alone.
        let uneven = Digraph(nodeCount: 4, edges: [(0, 1, 3), (2, 3, 5), (3, 2, 1)])
        let u = try uneven.eigenvectorCentrality()
        #expect(!u.ambiguous)
        expectClose(u.values, [0, 0, 0.5.squareRoot(), 0.5.squareRoot()], "uneven dyads")
        #expect(abs(u.eigenvalue - 6) < 1e-12)
        let empty = Digraph(nodeCount: 0, edges: [])
        #expect(try empty.eigenvectorCentrality().values.isEmpty)
        #expect(try empty.hits().hubs.values.isEmpty)
        #expect(empty.harmonic().isEmpty && empty.coreNumbers().isEmpty)
        let isolated = Digraph(nodeCount: 3, edges: [])
        #expect(try isolated.hits().authorities.values == [0, 0, 0])
        #expect(isolated.coreNumbers() == [0, 0, 0])
        #expect(isolated.harmonic() == [0, 0, 0])
        #expect(isolated.weaklyConnectedComponents().id == [1, 2, 3])
    }

    @Test("harmonic on a path: Σ 1/d from the nodes before")
    func harmonicPath() {
        let g = Digraph(nodeCount: 4, edges: [(0, 1, 1), (1, 2, 1), (2, 3, 1)])
        expectClose(g.harmonic(), [0, 1, 1.5, 1 + 0.5 + 1.0 / 3], "path harmonic")
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
        // Issue 4 measures; eigenvector/hub/authority are null where the leading vector is not unique.
        let eigenvector: [Double]?
        let hub: [Double]?
        let authority: [Double]?
        let harmonic: [Double]
        let core: [Int]
        let wcc: [Int]
        let wcc_size: [Int]
        let scc: [Int]
        let scc_size: [Int]
        let betweenness_weighted: [Double]
        let seeds: [Int]
        let pagerank_seeded: [Double]
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


    fileprivate func randomDigraph(nodes n: Int, edges m: Int, seed: UInt64) -> Digraph {
        var rng = SplitMix64(seed: seed)
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

        let ev = try g.eigenvectorCentrality()
        if let expected = e.eigenvector {
            #expect(!ev.ambiguous, "\(name) eigenvector ambiguous")
            expectClose(ev.values, expected, "\(name) eigenvector")
        } else {
            #expect(ev.ambiguous, "\(name) eigenvector should be flagged ambiguous")
        }
        let h = try g.hits()
        if let hub = e.hub, let authority = e.authority {
            #expect(!h.hubs.ambiguous, "\(name) hits ambiguous")
            expectClose(h.hubs.values, hub, "\(name) hub")
            expectClose(h.authorities.values, authority, "\(name) authority")
        } else {
            #expect(h.authorities.ambiguous, "\(name) hits should be flagged ambiguous")
        }
        expectClose(g.harmonic(), e.harmonic, "\(name) harmonic")
        #expect(g.coreNumbers() == e.core, "\(name) core")
        let wcc = g.weaklyConnectedComponents(), scc = g.stronglyConnectedComponents()
        #expect(wcc.id == e.wcc, "\(name) wcc")
        #expect((0..<n).map(wcc.size(ofNode:)) == e.wcc_size, "\(name) wcc_size")
        #expect(scc.id == e.scc, "\(name) scc")
        #expect((0..<n).map(scc.size(ofNode:)) == e.scc_size, "\(name) scc_size")
        expectClose(g.weightedBetweenness(), e.betweenness_weighted, "\(name) betweenness_weighted")
        expectClose(g.weightedBetweenness(parallel: false), e.betweenness_weighted, "\(name) betweenness_weighted serial")
        var seeds = [Double](repeating: 0, count: n)
        for v in e.seeds { seeds[v] = 1 }
        expectClose(try g.pageRank(personalization: seeds), e.pagerank_seeded, "\(name) pagerank_seeded")
        var options = MeasureOptions()
        options.seedExperts = e.seeds
        let scores = try KeyExperts.compute(graph: g, ids: (0..<n).map { "n\($0)" }, measures: [.ppr], options: options)
        expectClose(scores.ppr, e.pagerank_seeded, "\(name) KeyExperts ppr")
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
