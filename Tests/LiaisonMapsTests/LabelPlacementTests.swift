import Testing
@testable import Liaison
@testable import LiaisonMaps

@Suite("label placement", .tags(.unit))
struct LabelPlacementTests {
    /// On random crowded maps, every placed label touches its own node, keeps clear of every other
    /// node and of every other label — and a label is left out only when all 16 spots are taken.
    @Test(arguments: Array(UInt64(1)...40))
    func invariants(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let n = Int.random(in: 5...80, using: &g)
        let nodes = (0..<n).map { _ in
            let r = Double.random(in: 4...25, using: &g)
            return LabelPlacement.Node(x: Double.random(in: 0...600, using: &g), y: Double.random(in: 0...400, using: &g), rx: r, ry: r)
        }
        let labels = (0..<min(n, 25)).map { (node: $0, width: Double.random(in: 20...110, using: &g), height: 12.0) }
        let p = LabelPlacement()
        let boxes = p.place(nodes: nodes, labels: labels)
        var placed: [LabelPlacement.Box] = []
        for (k, b) in boxes.enumerated() {
            let own = nodes[labels[k].node]
            guard let b else {
                // Left out: every candidate collides with something placed or another node.
                for c in p.candidates(around: own, width: labels[k].width, height: labels[k].height) {
                    let blocked = placed.contains { $0.overlaps(c, pad: p.labelSpacing) }
                        || nodes.indices.contains { $0 != labels[k].node && c.intrudes(into: nodes[$0], pad: p.clearance) }
                    #expect(blocked, "seed \(seed): a free spot was not taken")
                }
                continue
            }
            #expect(abs(b.x1 - b.x0 - labels[k].width) < 1e-9 && abs(b.y1 - b.y0 - labels[k].height) < 1e-9)
            #expect(!b.intrudes(into: own, pad: 0), "seed \(seed): label over its own node")
            // Side spots sit `gap` from the node; corner spots √2 · gap.
            #expect(b.intrudes(into: own, pad: p.gap * 1.5), "seed \(seed): label not touching its node")
            for (m, other) in nodes.enumerated() where m != labels[k].node {
                #expect(!b.intrudes(into: other, pad: p.clearance), "seed \(seed): label over node \(m)")
            }
            for q in placed { #expect(!q.overlaps(b, pad: 0)) }
            placed.append(b)
        }
    }
}
