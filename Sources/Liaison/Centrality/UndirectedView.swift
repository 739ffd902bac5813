extension Digraph {
    /// The undirected view of the graph: u–v is an edge when u → v or v → u, with weight
    /// w(u, v) + w(v, u) (a missing direction counts 0), stored in compressed-sparse-row form with
    /// each neighbour list sorted. Shared by the measures defined on the undirected graph
    /// (eigenvector centrality, core numbers).
    ///
    /// - Complexity: O(n + m) time and memory: each node's sorted out- and in-lists are merged.
    func undirectedView() -> UndirectedAdjacency {
        let n = nodeCount
        var offsets = [Int](repeating: 0, count: n + 1)
        var targets = [Int32]()
        var weights = [Double]()
        targets.reserveCapacity(2 * edgeCount)
        weights.reserveCapacity(2 * edgeCount)
        for u in 0..<n {
            var i = outOffsets[u], j = inOffsets[u]
            let iEnd = outOffsets[u + 1], jEnd = inOffsets[u + 1]
            while i < iEnd || j < jEnd {
                let a = i < iEnd ? outTargets[i] : Int32.max
                let b = j < jEnd ? inSources[j] : Int32.max
                if a == b {
                    targets.append(a); weights.append(outWeights[i] + inWeights[j]); i += 1; j += 1
                } else if a < b {
                    targets.append(a); weights.append(outWeights[i]); i += 1
                } else {
                    targets.append(b); weights.append(inWeights[j]); j += 1
                }
            }
            offsets[u + 1] = targets.count
        }
        return UndirectedAdjacency(nodeCount: n, offsets: offsets, targets: targets, weights: weights)
    }
}

/// A symmetric adjacency in CSR form: `offsets[u]..<offsets[u+1]` indexes `targets`/`weights`.
struct UndirectedAdjacency: Sendable {
    let nodeCount: Int
    let offsets: [Int]
    let targets: [Int32]
    let weights: [Double]

    /// Number of distinct neighbours of `u`.
    func degree(_ u: Int) -> Int { offsets[u + 1] - offsets[u] }
}
