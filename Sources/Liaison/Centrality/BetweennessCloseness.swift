extension Digraph {
    /// Betweenness and closeness from one set of searches: each Brandes search from a source s also
    /// adds d(s, u) and a count of one to every node u it reaches, the very integers closeness is made
    /// of, so closeness costs no search of its own.
    ///
    /// With `samples == nil` (or `samples ≥ n`) the result is
    /// (``betweenness(normalized:parallel:)``, ``closeness(parallel:)``); otherwise it is
    /// (``sampledBetweenness(samples:seed:weightedPaths:normalized:parallel:)``,
    /// ``sampledCloseness(samples:seed:parallel:)``) with the same seed — bit for bit in both cases:
    /// the betweenness sums are the same searches in the same chunks, and closeness is computed
    /// with the same operations from the same integer sums. A single sample (k = 1) is not shared
    /// (sampled closeness needs two sources), so both are then computed separately.
    ///
    /// - Parameters:
    ///   - samples: sampled sources k, or `nil` for exact values.
    ///   - seed: seed of the source draw.
    ///   - parallel: run the source chunks concurrently; results are identical either way.
    /// - Returns: normalized betweenness and Wasserman–Faust closeness, one value per node.
    /// - Complexity: O(k m) time (k = n when exact), the cost of betweenness alone.
    ///
    /// References: U. Brandes, *A faster algorithm for betweenness centrality*, Journal of
    /// Mathematical Sociology 25(2):163–177, 2001; S. Wasserman, K. Faust, *Social Network
    /// Analysis: Methods and Applications*, Cambridge University Press, 1994 (closeness scaled for
    /// disconnected graphs, §5.3); D. Eppstein, J. Wang, *Fast approximation of centrality*, JGAA
    /// 8(1), 2004.
    public func betweennessAndCloseness(samples: Int? = nil, seed: UInt64 = 1,
                                        parallel: Bool = true) -> (betweenness: [Double], closeness: [Double]) {
        let n = nodeCount
        if n == 0 { return ([], []) }
        let sources: [Int32]?
        if let k = samples, k < n, n > 2 {
            if k < 2 {
                return (sampledBetweenness(samples: k, seed: seed, parallel: parallel),
                        sampledCloseness(samples: k, seed: seed, parallel: parallel))
            }
            sources = Self.sampleSources(nodeCount: n, samples: k, seed: seed)
        } else {
            sources = nil
        }
        let t = brandesTotals(sources: sources, weighted: false, distances: true, parallel: parallel)
        let b = Self.rescaleBetweenness(t.dependency, nodeCount: n, normalized: true, sampled: sources)
        return (b, Self.closeness(reach: t.reach, total: t.total, nodeCount: n, sampled: sources))
    }

    /// Wasserman–Faust closeness from distance sums: for node u, `reach[u]` sources other than u
    /// reach it at `total[u]` hops in all. Exact (`sampled == nil`): (r − 1)/D · (r − 1)/(n − 1)
    /// with r − 1 = `reach[u]` and D = `total[u]`, as ``closeness(parallel:)``; sampled with k
    /// sources: the reach scaled by (n − 1)/k — (n − 1)/(k − 1) for a sampled u — as
    /// ``sampledCloseness(samples:seed:parallel:)``. 0 when nobody reaches u.
    ///
    /// - Complexity: O(n + k).
    static func closeness(reach: [Int32], total: [Int], nodeCount n: Int, sampled: [Int32]?) -> [Double] {
        var result = [Double](repeating: 0, count: n)
        guard n > 1 else { return result }
        var isSource = [Bool](repeating: false, count: sampled == nil ? 0 : n)
        for s in sampled ?? [] { isSource[Int(s)] = true }
        let k = sampled?.count ?? 0
        for u in 0..<n where total[u] > 0 {
            var reachers = Double(reach[u])
            if sampled != nil { reachers *= Double(n - 1) / Double(isSource[u] ? k - 1 : k) }
            var c = Double(reach[u]) / Double(total[u])     // (r − 1)/D: any scale cancels
            c *= reachers / Double(n - 1)
            result[u] = c
        }
        return result
    }
}
