import Foundation

extension Digraph {
    /// Number of experts above which `liaison rank` estimates betweenness from sampled sources
    /// unless told otherwise; at or below it betweenness and closeness are exact.
    public static let betweennessSamplingThreshold = 50_000

    /// Default number of sampled sources when sampling is automatic.
    public static let defaultBetweennessSamples = 1_000

    /// Betweenness estimated from `samples` source nodes drawn uniformly without replacement with
    /// a fixed `seed`; the estimator of `nx.betweenness_centrality(G, k=samples, …)` (networkx 3.x).
    ///
    /// Brandes' dependencies δ_s(v) are accumulated only for the k sampled sources S and rescaled so
    /// that every estimate is unbiased: a node v ∉ S gets Σ_{s∈S} δ_s(v) / (k (n − 2)), a sampled
    /// node gets Σ_{s∈S, s≠v} δ_s(v) / ((k − 1)(n − 2)) (networkx's `_rescale` with `k`). With
    /// `samples ≥ n` every node is a source and the result is the exact betweenness, bit for bit.
    /// Which nodes are drawn differs from networkx (its `random.sample` vs. a SplitMix64 partial
    /// Fisher–Yates shuffle here), so individual estimates differ; both are unbiased.
    ///
    /// Error bound (normalized values): each term δ_s(v) / (n − 2) lies in [0, 1], so by Hoeffding's
    /// inequality (which holds for sampling without replacement) and a union bound over the n
    /// nodes, with probability at least 1 − δ every estimate is within
    /// ``betweennessSamplingError(nodeCount:samples:confidence:)`` =
    /// √(ln(2n / δ) / (2 (k − 1))) of the exact value.
    ///
    /// - Parameters:
    ///   - samples: number of sources k (≥ 1; values ≥ n give the exact result).
    ///   - seed: seed of the source draw; the same seed gives the same sources and values.
    ///   - weightedPaths: paths of length 1 / patients (see ``weightedBetweenness(normalized:parallel:)``).
    ///   - normalized: scale to [0, 1] as networkx does.
    ///   - parallel: run the source chunks concurrently; results are identical either way.
    /// - Returns: one estimate per node.
    /// - Complexity: O(k m) time (O(k m log n) weighted), memory as for exact betweenness.
    ///
    /// References: U. Brandes, C. Pich, *Centrality estimation in large networks*, International
    /// Journal of Bifurcation and Chaos 17(7):2303–2318, 2007; D. Eppstein, J. Wang, *Fast
    /// approximation of centrality*, JGAA 8(1), 2004; W. Hoeffding, *Probability inequalities for
    /// sums of bounded random variables*, JASA 58, 1963.
    public func sampledBetweenness(samples: Int, seed: UInt64, weightedPaths: Bool = false,
                                   normalized: Bool = true, parallel: Bool = true) -> [Double] {
        let n = nodeCount
        if samples >= n || n <= 2 {
            return weightedPaths ? weightedBetweenness(normalized: normalized, parallel: parallel)
                                 : betweenness(normalized: normalized, parallel: parallel)
        }
        let sources = Self.sampleSources(nodeCount: n, samples: Swift.max(1, samples), seed: seed)
        let raw = betweennessSums(sources: sources, weighted: weightedPaths, parallel: parallel)
        return Self.rescaleBetweenness(raw, nodeCount: n, normalized: normalized, sampled: sources)
    }

    /// The half-width ε such that, with probability at least `confidence` (= 1 − δ), every
    /// normalized sampled-betweenness estimate from `samples` sources is within ε of the exact
    /// value: ε = √(ln(2n / δ) / (2 (k − 1))). Returns 0 when `samples ≥ nodeCount` (exact).
    public static func betweennessSamplingError(nodeCount n: Int, samples k: Int, confidence: Double = 0.95) -> Double {
        if k >= n { return 0 }
        if k < 2 { return 1 }
        let delta = 1 - confidence
        return Swift.min(1, (log(2 * Double(n) / delta) / (2 * Double(k - 1))).squareRoot())
    }

    /// `samples` distinct nodes out of `0..<nodeCount`, drawn by a partial Fisher–Yates shuffle
    /// driven by SplitMix64(`seed`), in draw order.
    static func sampleSources(nodeCount n: Int, samples k: Int, seed: UInt64) -> [Int32] {
        var rng = SplitMix64(seed: seed)
        var perm = (0..<n).map(Int32.init)
        for i in 0..<Swift.min(k, n) {
            let j = i + Int(rng.next() % UInt64(n - i))
            perm.swapAt(i, j)
        }
        return Array(perm.prefix(k))
    }
}

