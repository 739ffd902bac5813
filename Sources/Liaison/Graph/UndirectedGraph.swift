/// The undirected view of a referral network in compressed-sparse-row form, with summed weights:
/// the arcs A→B and B→A become one edge A–B whose weight is the sum of both (patients in either
/// direction). This is the graph communities, modularity and participation are defined on.
///
/// Every edge appears twice in the adjacency (once from each end), sorted by neighbour index.
/// A node may also carry a self-loop weight (`selfLoops`): referral networks have none, but the
/// aggregated graphs of Louvain/Leiden do. Strengths follow networkx's convention, where a loop
/// counts twice: `strengths[v] = Σ weights of v's edges + 2 · selfLoops[v]`.
///
/// - Complexity: building from a ``Digraph`` is O(n + m); memory is about 16 bytes per arc.
public struct UndirectedGraph: Sendable {
    /// Number of nodes.
    public let nodeCount: Int
    /// `offsets[v]..<offsets[v+1]` indexes `neighbours`/`weights` for node `v`.
    public let offsets: [Int]
    /// Neighbours of each node, grouped by node and sorted within each group.
    public let neighbours: [Int32]
    /// Edge weights, parallel to `neighbours`.
    public let weights: [Double]
    /// Weight of each node's self-loop (0 for none).
    public let selfLoops: [Double]
    /// Weighted degree of each node (a self-loop counts twice).
    public let strengths: [Double]
    /// Total edge weight `m` = Σ strengths / 2 (each edge once, self-loops once).
    public let totalWeight: Double

    /// The undirected view of `g`: A→B and B→A merged into one edge with the summed weight.
    public init(_ g: Digraph) {
        let n = g.nodeCount
        var offs = [Int](repeating: 0, count: n + 1)
        var nb = [Int32]()
        var wt = [Double]()
        nb.reserveCapacity(2 * g.edgeCount)
        wt.reserveCapacity(2 * g.edgeCount)
        // Both adjacency lists are sorted by neighbour: merge them.
        for v in 0..<n {
            var a = g.outOffsets[v], b = g.inOffsets[v]
            let ae = g.outOffsets[v + 1], be = g.inOffsets[v + 1]
            while a < ae || b < be {
                if b >= be || (a < ae && g.outTargets[a] < g.inSources[b]) {
                    nb.append(g.outTargets[a]); wt.append(g.outWeights[a]); a += 1
                } else if a >= ae || g.inSources[b] < g.outTargets[a] {
                    nb.append(g.inSources[b]); wt.append(g.inWeights[b]); b += 1
                } else {
                    nb.append(g.outTargets[a]); wt.append(g.outWeights[a] + g.inWeights[b]); a += 1; b += 1
                }
            }
            offs[v + 1] = nb.count
        }
        self.init(nodeCount: n, offsets: offs, neighbours: nb, weights: wt,
                  selfLoops: [Double](repeating: 0, count: n))
    }

    /// Builds a graph from an undirected edge list: each pair in either orientation, repeated pairs
    /// summed; a pair `(v, v)` adds to `v`'s self-loop. Edges whose summed weight is not positive
    /// are dropped.
    ///
    /// - Precondition: every endpoint is in `0..<nodeCount`.
    public init(nodeCount n: Int, edges: [(Int, Int, Double)]) {
        var loops = [Double](repeating: 0, count: n)
        var arcs = [(source: Int, target: Int, weight: Double)]()
        arcs.reserveCapacity(edges.count)
        for (a, b, w) in edges {
            precondition(a >= 0 && a < n && b >= 0 && b < n, "edge endpoint out of range")
            if a == b { loops[a] += w } else { arcs.append(a < b ? (a, b, w) : (b, a, w)) }
        }
        let merged = UndirectedGraph(Digraph(nodeCount: n, edges: arcs))
        self.init(nodeCount: n, offsets: merged.offsets, neighbours: merged.neighbours, weights: merged.weights,
                  selfLoops: loops.map { max(0, $0) })
    }

    /// Assembles a graph from CSR arrays (internal: Louvain's aggregation builds these directly).
    init(nodeCount n: Int, offsets: [Int], neighbours: [Int32], weights: [Double], selfLoops: [Double]) {
        nodeCount = n
        self.offsets = offsets
        self.neighbours = neighbours
        self.weights = weights
        self.selfLoops = selfLoops
        var st = [Double](repeating: 0, count: n)
        var total = 0.0
        for v in 0..<n {
            var s = 2 * selfLoops[v]
            for k in offsets[v]..<offsets[v + 1] { s += weights[k] }
            st[v] = s
            total += s
        }
        strengths = st
        totalWeight = total / 2
    }

    /// Number of distinct neighbours of `v` (its self-loop not counted).
    @inlinable public func degree(_ v: Int) -> Int { offsets[v + 1] - offsets[v] }

    /// Number of edges, each counted once (self-loops not counted).
    public var edgeCount: Int { neighbours.count / 2 }
}
