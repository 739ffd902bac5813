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
}
