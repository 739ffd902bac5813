import Testing
@testable import Liaison

@Suite("Digraph", .tags(.unit))
struct DigraphTests {
    /// In-adjacency rebuilt the naive way: every out-edge as (target, source, weight), sorted.
    static func naiveTranspose(_ g: Digraph) -> [(Int32, Int32, Double)] {
        var rows: [(Int32, Int32, Double)] = []
        rows.reserveCapacity(g.edgeCount)
        for v in 0..<g.nodeCount {
            for k in g.outOffsets[v]..<g.outOffsets[v + 1] {
                rows.append((g.outTargets[k], Int32(v), g.outWeights[k]))
            }
        }
        rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        return rows
    }

    // 1.2 M random edges crosses the size (2^20 edges) above which the transpose runs on several
    // workers, each owning a range of targets; 3 000 edges stays on one.
    @Test("in-adjacency equals a naive transpose, on one worker and on several",
          arguments: [(2_000, 3_000), (150_000, 1_200_000)])
    func transpose(nodes: Int, edges: Int) {
        var rng = SplitMix64(seed: UInt64(edges))
        var list: [(source: Int, target: Int, weight: Double)] = []
        list.reserveCapacity(edges)
        for _ in 0..<edges {
            // Skewed targets, so the workers' ranges of targets differ in width.
            let a = Int(rng.next() % UInt64(nodes))
            let r = Int(rng.next() % UInt64(nodes))
            let b = r % 3 == 0 ? r % 100 : r
            list.append((a, b, Double(1 + rng.next() % 5)))
        }
        let g = Digraph(nodeCount: nodes, edges: list)
        if edges > 1 << 20 { #expect(g.edgeCount >= 1 << 20) }
        let expected = Self.naiveTranspose(g)
        #expect(g.inOffsets.count == nodes + 1)
        #expect(g.inSources.count == expected.count)
        var mismatches = 0
        for t in 0..<nodes {
            for k in g.inOffsets[t]..<g.inOffsets[t + 1] {
                let e = expected[k]
                if e.0 != Int32(t) || e.1 != g.inSources[k] || e.2 != g.inWeights[k] { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    // The out-adjacency is built on several workers above 2^20 edges (ranges of edges for the scatter,
    // ranges of sources for the merge, moved down over dropped pairs): it must equal a dictionary's
    // merge. Few nodes make duplicate pairs common; self-loops, zero and negative weights make some
    // sums vanish (integer weights: sums are exact in any order).
    // With `emptyTail`, the upper two thirds of the sources have only zero weights: the workers' ranges there
    // keep nothing, after a range that dropped some pairs.
    @Test("out-adjacency equals a naive merge of parallel edges, on one worker and on several",
          arguments: [(300, 5_000, false), (3_000, 1_300_000, false), (3_000, 1_300_000, true)])
    func outAdjacency(nodes: Int, edges: Int, emptyTail: Bool) {
        var rng = SplitMix64(seed: UInt64(nodes))
        var list: [(source: Int, target: Int, weight: Double)] = []
        for _ in 0..<edges {
            let a = Int(rng.next() % UInt64(nodes)), b = Int(rng.next() % UInt64(nodes))
            let w = emptyTail && a >= nodes / 3 ? 0 : Double(Int(rng.next() % 6) - 1)
            list.append((a, rng.next() % 50 == 0 ? a : b, w))
        }
        // Whole ranges of sources whose every pair sums to ≤ 0, so a worker's range can shrink a lot.
        for a in 0..<nodes / 10 { list.append((a, (a + 1) % nodes, -1_000_000)) }
        var sums: [Int: Double] = [:]
        for e in list where e.source != e.target { sums[e.source * nodes + e.target, default: 0] += e.weight }
        let expected = sums.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let g = Digraph(nodeCount: nodes, edges: list)
        #expect(g.edgeCount == expected.count)
        var got: [(Int, Double)] = []
        for v in 0..<nodes {
            #expect(g.outOffsets[v] <= g.outOffsets[v + 1])
            for k in g.outOffsets[v]..<g.outOffsets[v + 1] { got.append((v * nodes + Int(g.outTargets[k]), g.outWeights[k])) }
        }
        #expect(got.count == expected.count)
        #expect(zip(got, expected).allSatisfy { $0.0 == $1.key && $0.1 == $1.value })
    }

    @Test("graphs with no node or no edge")
    func empty() {
        let none = Digraph(nodeCount: 0, edges: [])
        #expect(none.outOffsets == [0] && none.inOffsets == [0] && none.edgeCount == 0)
        let isolated = Digraph(nodeCount: 3, edges: [(1, 1, 2)])
        #expect(isolated.outOffsets == [0, 0, 0, 0] && isolated.inOffsets == [0, 0, 0, 0])
    }
}
