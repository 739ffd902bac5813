extension UndirectedGraph {
    /// Newman–Girvan modularity of a partition, with a resolution parameter (Reichardt & Bornholdt 2006):
    ///
    ///     Q = Σ_c [ L_c / m − γ · (K_c / 2m)² ]
    ///
    /// where `L_c` is the weight of edges inside community `c` (self-loops included, each edge once),
    /// `K_c` the sum of its members' strengths and `m` the total edge weight. This is
    /// `nx.community.modularity(G, communities, weight="weight", resolution=γ)` on the same
    /// undirected weighted graph. A graph without edges has modularity 0.
    ///
    /// - Parameters:
    ///   - assignment: community of each node, any non-negative labels (need not be contiguous).
    ///   - resolution: γ; higher values favour smaller communities.
    /// - Complexity: O(n + m).
    public func modularity(_ assignment: [Int], resolution: Double = 1) -> Double {
        precondition(assignment.count == nodeCount, "one community per node")
        guard totalWeight > 0 else { return 0 }
        let labels = (assignment.max() ?? -1) + 1
        var inside = [Double](repeating: 0, count: labels)
        var total = [Double](repeating: 0, count: labels)
        for v in 0..<nodeCount {
            let c = assignment[v]
            precondition(c >= 0, "community labels are non-negative")
            total[c] += strengths[v]
            inside[c] += selfLoops[v]
            for k in offsets[v]..<offsets[v + 1] where Int(neighbours[k]) > v && assignment[Int(neighbours[k])] == c {
                inside[c] += weights[k]
            }
        }
        let m = totalWeight
        var q = 0.0
        for c in 0..<labels where total[c] > 0 || inside[c] > 0 {
            q += inside[c] / m - resolution * total[c] * total[c] / (4 * m * m)
        }
        return q
    }
}
