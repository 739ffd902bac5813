extension Digraph {
    /// Closeness estimated from `samples` source nodes drawn with `seed` (the same draw as
    /// ``sampledBetweenness(samples:seed:weightedPaths:normalized:parallel:)``); with `samples ≥ n`
    /// exactly ``closeness(parallel:)``.
    ///
    /// One breadth-first search per sampled source s follows out-edges and, for every node u it
    /// reaches, counts s among u's reachers and adds d(s, u) to u's distance sum (Eppstein & Wang's
    /// estimator). For a node u the number of other experts reaching it, r − 1, and the sum D of
    /// their distances are then scaled up by (n − 1) / k — by (n − 1) / (k − 1) when u is itself a
    /// sampled source, whose own search says nothing about u — and put in the Wasserman–Faust
    /// formula of ``closeness(parallel:)``: (r − 1)/D · (r − 1)/(n − 1). The reach fraction
    /// (r − 1)/(n − 1) is estimated without bias, within √(ln(2n/δ) / (2(k − 1))) for every node
    /// with probability 1 − δ (Hoeffding, as for betweenness); the mean distance D/(r − 1) is a ratio
    /// estimate, consistent but not exactly unbiased, whose error shrinks as 1/√k times the
    /// diameter (Eppstein & Wang 2004).
    ///
    /// The searches are ``distanceSums(sources:parallel:)``'s; the sums are integers, so the result
    /// is the same serial or parallel.
    ///
    /// - Returns: one estimate per node.
    /// - Complexity: O(k(n + m)) time, O(n) memory per worker.
    ///
    /// Reference: D. Eppstein, J. Wang, *Fast approximation of centrality*, Journal of Graph
    /// Algorithms and Applications 8(1):39–45, 2004.
    public func sampledCloseness(samples: Int, seed: UInt64, parallel: Bool = true) -> [Double] {
        let n = nodeCount
        if samples >= n || n <= 2 { return closeness(parallel: parallel) }
        let k = Swift.max(2, samples)
        let sources = Self.sampleSources(nodeCount: n, samples: k, seed: seed)
        let (reach, total) = distanceSums(sources: sources, parallel: parallel)
        return Self.closeness(reach: reach, total: total, nodeCount: n, sampled: sources)
    }
}
