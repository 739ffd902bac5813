import Testing
@testable import Liaison

/// The tuned searches (direction-optimizing levels, closeness from the Brandes searches, 32-bit
/// offsets in the distance searches) against plain references written for clarity, not speed: the
/// results must be the same bits, not merely close.
@Suite("Brandes and distance searches", .tags(.unit))
struct BrandesSearchTests {
    /// Graphs with different shapes: sparse and dense random ones (many top-down and bottom-up
    /// levels, pulls and pushes), a relabelled copy (discovery order far from index order), a grid
    /// (many shortest paths, long distances), a fan-in tree (small frontiers, big next levels) and a
    /// symmetric one (what `--undirected` measures).
    static func graphs() -> [(String, Digraph)] {
        var out: [(String, Digraph)] = []
        for (n, m, seed) in [(60, 150, 1), (300, 900, 2), (300, 3_000, 3), (1_000, 4_000, 4), (700, 9_000, 5)]
            as [(Int, Int, UInt64)] {
            out.append(("random \(n)/\(m)", randomDigraph(nodes: n, edges: m, seed: seed)))
        }
        let g = randomDigraph(nodes: 800, edges: 4_000, seed: 9)
        var rng = SplitMix64(seed: 11)
        var label = Array(0..<800)
        label.shuffle(using: &rng)
        var edges = [(source: Int, target: Int, weight: Double)]()
        for v in 0..<800 {
            for k in g.outOffsets[v]..<g.outOffsets[v + 1] { edges.append((label[v], label[Int(g.outTargets[k])], 1)) }
        }
        out.append(("relabelled", Digraph(nodeCount: 800, edges: edges)))
        edges = []
        let side = 20
        for r in 0..<side {
            for c in 0..<side {
                let v = r * side + c
                if c + 1 < side { edges.append((v, v + 1, 1)); edges.append((v + 1, v, 1)) }
                if r + 1 < side { edges.append((v, v + side, 1)) }
                if r > 0 && c % 3 == 0 { edges.append((v, v - side, 1)) }
            }
        }
        out.append(("grid", Digraph(nodeCount: side * side, edges: edges)))
        edges = []
        for v in 1..<500 { edges.append((v, (v - 1) / 4, 1)); if v % 7 == 0 { edges.append(((v - 1) / 4, v, 1)) } }
        for v in stride(from: 0, to: 500, by: 13) { edges.append((0, v, 1)) }
        out.append(("fan-in tree", Digraph(nodeCount: 500, edges: edges)))
        let u = randomDigraph(nodes: 400, edges: 700, seed: 13)
        edges = []
        for v in 0..<400 {
            for k in u.outOffsets[v]..<u.outOffsets[v + 1] {
                edges.append((v, Int(u.outTargets[k]), 1))
                edges.append((Int(u.outTargets[k]), v, 1))
            }
        }
        out.append(("symmetric", Digraph(nodeCount: 400, edges: edges)))
        return out
    }

    @Test("Brandes sums equal a discovery-order search, bit for bit (all sources and sampled ones)")
    func brandesEqualsDiscoveryOrder() {
        for (name, g) in Self.graphs() {
            let expected = chunkedReference(g, sources: (0..<g.nodeCount).map(Int32.init))
            #expect(firstDifference(g.betweennessSums(sources: nil, weighted: false, parallel: false), expected) == nil,
                    "\(name)")
            #expect(firstDifference(g.betweennessSums(sources: nil, weighted: false, parallel: true), expected) == nil,
                    "\(name) parallel")
            let sampled = Digraph.sampleSources(nodeCount: g.nodeCount, samples: g.nodeCount / 5, seed: 3)
            #expect(firstDifference(g.betweennessSums(sources: sampled, weighted: false, parallel: true),
                                    chunkedReference(g, sources: sampled)) == nil, "\(name) sampled")
        }
    }

    @Test("betweenness and closeness together equal each computed alone, bit for bit")
    func fusedEqualsSeparate() {
        for (name, g) in Self.graphs() {
            let n = g.nodeCount
            let both = g.betweennessAndCloseness()
            #expect(firstDifference(both.betweenness, g.betweenness()) == nil, "\(name)")
            #expect(firstDifference(both.closeness, g.closeness()) == nil, "\(name)")
            for k in [1, 2, 17, n / 3, n, n + 4] {
                let s = g.betweennessAndCloseness(samples: k, seed: 7, parallel: k % 2 == 0)
                #expect(firstDifference(s.betweenness, g.sampledBetweenness(samples: k, seed: 7)) == nil,
                        "\(name) k = \(k)")
                #expect(firstDifference(s.closeness, g.sampledCloseness(samples: k, seed: 7)) == nil,
                        "\(name) k = \(k)")
            }
        }
    }

    @Test("closeness from out-searches equals per-node in-searches, bit for bit; sampled too")
    func closenessEqualsInSearches() {
        for (name, g) in Self.graphs() {
            #expect(firstDifference(g.closeness(parallel: false), inSearchCloseness(g)) == nil, "\(name)")
            #expect(firstDifference(g.closeness(), inSearchCloseness(g)) == nil, "\(name) parallel")
            let k = max(2, g.nodeCount / 4)
            let sources = Digraph.sampleSources(nodeCount: g.nodeCount, samples: k, seed: 5)
            #expect(firstDifference(g.sampledCloseness(samples: k, seed: 5), sampledReference(g, sources: sources)) == nil,
                    "\(name) sampled")
        }
    }

    /// nil when `a` and `b` are the same bits; else where and how they first differ.
    func firstDifference(_ a: [Double], _ b: [Double]) -> String? {
        if a.count != b.count { return "\(a.count) values vs \(b.count)" }
        guard let i = a.indices.first(where: { a[$0].bitPattern != b[$0].bitPattern }) else { return nil }
        let count = a.indices.filter { a[$0].bitPattern != b[$0].bitPattern }.count
        return "\(count) values differ, first at node \(i): \(a[i]) vs \(b[i])"
    }

    // MARK: - References

    /// Brandes' sums with levels in discovery order: the same direction choices (top-down or
    /// bottom-up by edges scanned), the same pull-or-push choice and the same summation order as the
    /// kernel claims to reproduce.
    func discoveryOrderBrandes(_ g: Digraph, sources: [Int]) -> [Double] {
        let n = g.nodeCount, m = g.edgeCount
        var sum = [Double](repeating: 0, count: n)
        for s in sources where g.outDegree(s) > 0 {
            var dist = [Int](repeating: -1, count: n), sigma = [Double](repeating: 0, count: n)
            var queue = [s], levelStart = [0]
            dist[s] = 0
            sigma[s] = 1
            var lo = 0, next = 1
            var frontierOut = g.outDegree(s), unvisitedIn = m - g.inDegree(s)
            var candidates: [Int]?
            while lo < queue.count {
                let hi = queue.count
                if unvisitedIn + (candidates?.count ?? n) < frontierOut {
                    let found = candidates ?? (0..<n).filter { dist[$0] < 0 }
                    var kept: [Int] = []
                    for w in found where dist[w] < 0 {
                        var a = [0.0, 0.0]
                        for (j, k) in (g.inOffsets[w]..<g.inOffsets[w + 1]).enumerated() {
                            let u = Int(g.inSources[k])
                            a[j % 2] += dist[u] == next - 1 ? sigma[u] : 0
                        }
                        if a[0] + a[1] > 0 {
                            dist[w] = next
                            sigma[w] = a[0] + a[1]
                            queue.append(w)
                        } else {
                            kept.append(w)
                        }
                    }
                    candidates = kept
                } else {
                    for v in queue[lo..<hi] {
                        for k in g.outOffsets[v]..<g.outOffsets[v + 1] {
                            let w = Int(g.outTargets[k])
                            if dist[w] < 0 { dist[w] = next; queue.append(w) }
                            if dist[w] == next { sigma[w] += sigma[v] }
                        }
                    }
                }
                frontierOut = queue[hi...].map(g.outDegree).reduce(0, +)
                unvisitedIn -= queue[hi...].map(g.inDegree).reduce(0, +)
                if queue.count > hi { levelStart.append(hi) }
                lo = hi
                next += 1
            }
            levelStart.append(queue.count)
            let levels = levelStart.count - 1
            var delta = [Double](repeating: 0, count: n), coef = [Double](repeating: 0, count: n)
            for level in stride(from: levels - 1, through: 1, by: -1) {
                let here = queue[levelStart[level]..<levelStart[level + 1]]
                if level == levels - 1 {
                    for v in here { delta[v] = 0 }
                } else {
                    let below = queue[levelStart[level + 1]..<levelStart[level + 2]]
                    if here.map(g.outDegree).reduce(0, +) <= below.map(g.inDegree).reduce(0, +) {
                        for v in here {
                            var a = [0.0, 0.0]
                            for (j, k) in (g.outOffsets[v]..<g.outOffsets[v + 1]).enumerated() { a[j % 2] += coef[Int(g.outTargets[k])] }
                            delta[v] = sigma[v] * (a[0] + a[1])
                        }
                    } else {
                        for v in here { delta[v] = 0 }
                        for w in below {
                            for k in g.inOffsets[w]..<g.inOffsets[w + 1] { delta[Int(g.inSources[k])] += coef[w] }
                        }
                        for v in here { delta[v] *= sigma[v] }
                    }
                    for w in below { coef[w] = 0 }
                }
                for v in here {
                    sum[v] += delta[v]
                    coef[v] = (1 + delta[v]) / sigma[v]
                }
            }
        }
        return sum
    }

    /// The reference's sums chunked as ``Digraph/betweennessSums(sources:weighted:parallel:)`` chunks
    /// them: source number i in chunk i % 32, each chunk summed in source order, chunks added in order.
    func chunkedReference(_ g: Digraph, sources: [Int32]) -> [Double] {
        let chunks = max(1, min(Digraph.betweennessChunkCount, sources.count))
        var result = [Double](repeating: 0, count: g.nodeCount)
        for c in 0..<chunks {
            let mine = stride(from: c, to: sources.count, by: chunks).map { Int(sources[$0]) }
            let partial = discoveryOrderBrandes(g, sources: mine)
            for v in result.indices { result[v] += partial[v] }
        }
        return result
    }

    /// Closeness as a search along in-edges from every node computes it (networkx's way).
    func inSearchCloseness(_ g: Digraph) -> [Double] {
        let n = g.nodeCount
        return (0..<n).map { u in
            var dist = [Int](repeating: -1, count: n)
            dist[u] = 0
            var queue = [u], head = 0, total = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                for k in g.inOffsets[v]..<g.inOffsets[v + 1] where dist[Int(g.inSources[k])] < 0 {
                    dist[Int(g.inSources[k])] = dist[v] + 1
                    total += dist[v] + 1
                    queue.append(Int(g.inSources[k]))
                }
            }
            guard total > 0 else { return 0 }
            let reached = Double(queue.count - 1)
            var c = reached / Double(total)
            c *= reached / Double(n - 1)
            return c
        }
    }

    /// Sampled closeness from plain out-searches of the sampled sources (Eppstein–Wang scaling).
    func sampledReference(_ g: Digraph, sources: [Int32]) -> [Double] {
        let n = g.nodeCount, k = sources.count
        var reach = [Int](repeating: 0, count: n), total = [Int](repeating: 0, count: n)
        for s in sources.map(Int.init) {
            var dist = [Int](repeating: -1, count: n)
            dist[s] = 0
            var queue = [s], head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                for e in g.outOffsets[v]..<g.outOffsets[v + 1] where dist[Int(g.outTargets[e])] < 0 {
                    let w = Int(g.outTargets[e])
                    dist[w] = dist[v] + 1
                    reach[w] += 1
                    total[w] += dist[w]
                    queue.append(w)
                }
            }
        }
        let isSource = Set(sources.map(Int.init))
        return (0..<n).map { u in
            guard total[u] > 0 else { return 0 }
            let scale = Double(n - 1) / Double(isSource.contains(u) ? k - 1 : k)
            let reachers = Double(reach[u]) * scale
            var c = Double(reach[u]) / Double(total[u])
            c *= reachers / Double(n - 1)
            return c
        }
    }

    static func randomDigraph(nodes n: Int, edges m: Int, seed: UInt64) -> Digraph {
        var rng = SplitMix64(seed: seed)
        var edges = [(source: Int, target: Int, weight: Double)]()
        for _ in 0..<m {
            edges.append((Int.random(in: 0..<n, using: &rng), Int.random(in: 0..<n, using: &rng), 1))
        }
        return Digraph(nodeCount: n, edges: edges)
    }
}
