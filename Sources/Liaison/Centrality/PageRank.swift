/// Errors thrown by the centrality algorithms.
public enum CentralityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An iterative method did not reach its tolerance within the allowed number of iterations.
    case didNotConverge(iterations: Int)
    /// A parameter is out of range (the message says which and why).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .didNotConverge(let iterations):
            return "did not converge within \(iterations) iteration\(iterations == 1 ? "" : "s")"
        case .invalidArgument(let message):
            return "invalid argument: \(message)"
        }
    }
}

extension Digraph {
    /// PageRank of every node, by power iteration on the weighted graph; equal to
    /// `nx.pagerank(G, alpha: alpha, weight: "patients", personalization: …)` (networkx 3.x).
    ///
    /// A random walker at `u` follows out-edge `u → v` with probability `w(u,v) / outStrength(u)`
    /// with probability `alpha`, and otherwise teleports to a node drawn from the personalization
    /// vector `p` (uniform when `nil`). Nodes with zero out-strength are *dangling*: their whole mass
    /// goes to the teleport distribution `p` (networkx's default when no `dangling` dict is given).
    /// Each step is
    ///
    ///     x'[v] = alpha · (Σ_{u→v} x[u] · w(u,v) / outStrength(u) + Σ_{d dangling} x[d] · p[v]) + (1 − alpha) · p[v]
    ///
    /// starting from the uniform vector, and iteration stops at the first step whose L1 change
    /// `Σ |x' − x|` is below `tolerance` (networkx stops at `len(G) · tol`, so the default here is
    /// stricter than networkx's). The iteration *pulls* over in-edges (CSR `inOffsets`/`inSources`/
    /// `inWeights`) with the reciprocal out-strengths precomputed, so it allocates nothing per step and
    /// writes each entry once.
    ///
    /// - Parameters:
    ///   - alpha: damping factor in `[0, 1]` (default 0.85).
    ///   - tolerance: L1 change between successive iterates below which iteration stops; must be > 0.
    ///   - maxIterations: the most power-iteration steps allowed.
    ///   - personalization: optional teleport weights, one per node, non-negative with a positive sum;
    ///     normalized to sum to 1. Dangling mass is spread according to it as well.
    /// - Returns: one score per node, summing to 1; `[]` for the empty graph.
    /// - Throws: ``CentralityError/didNotConverge(iterations:)`` past `maxIterations` (never returns an
    ///   unconverged vector); ``CentralityError/invalidArgument(_:)`` for a bad `alpha`, `tolerance` or
    ///   personalization vector.
    /// - Complexity: O((n + m) · k) time for k iterations (k ≈ log(tolerance) / log(alpha)), O(n) extra memory.
    ///
    /// References: L. Page, S. Brin, R. Motwani, T. Winograd, *The PageRank citation ranking: bringing
    /// order to the Web* (Stanford InfoLab, 1999); A. N. Langville, C. D. Meyer, *Deeper inside
    /// PageRank*, Internet Mathematics 1(3), 2004; networkx `pagerank`.
    public func pageRank(alpha: Double = 0.85, tolerance: Double = 1e-10, maxIterations: Int = 10_000,
                         personalization: [Double]? = nil) throws -> [Double] {
        guard alpha >= 0 && alpha <= 1 else { throw CentralityError.invalidArgument("alpha must be in [0, 1], got \(alpha)") }
        guard tolerance > 0 else { throw CentralityError.invalidArgument("tolerance must be positive, got \(tolerance)") }
        let n = nodeCount
        if n == 0 { return [] }

        // Teleport (and dangling) distribution.
        var p: [Double]
        if let personalization {
            guard personalization.count == n else {
                throw CentralityError.invalidArgument("personalization has \(personalization.count) entries for \(n) nodes")
            }
            var sum = 0.0
            for x in personalization {
                guard x.isFinite && x >= 0 else {
                    throw CentralityError.invalidArgument("personalization entries must be finite and non-negative")
                }
                sum += x
            }
            guard sum > 0 else { throw CentralityError.invalidArgument("personalization must have a positive sum") }
            p = personalization.map { $0 / sum }
        } else {
            p = [Double](repeating: 1 / Double(n), count: n)
        }

        // 1 / outStrength, and the dangling nodes (zero out-strength).
        var invOut = [Double](repeating: 0, count: n)
        var dangling = [Int32]()
        for u in 0..<n {
            let s = outStrength(u)
            if s > 0 { invOut[u] = 1 / s } else { dangling.append(Int32(u)) }
        }

        var x = [Double](repeating: 1 / Double(n), count: n)
        var next = [Double](repeating: 0, count: n)
        var share = [Double](repeating: 0, count: n)  // x[u] / outStrength(u)
        let teleport = 1 - alpha

        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            var danglingMass = 0.0
            for d in dangling { danglingMass += x[Int(d)] }
            let err: Double = inOffsets.withUnsafeBufferPointer { offs in
                inSources.withUnsafeBufferPointer { src in
                    inWeights.withUnsafeBufferPointer { wts in
                        p.withUnsafeBufferPointer { pp in
                            invOut.withUnsafeBufferPointer { inv in
                                share.withUnsafeMutableBufferPointer { sh in
                                    x.withUnsafeBufferPointer { xs in
                                        next.withUnsafeMutableBufferPointer { out in
                                            for u in 0..<n { sh[u] = xs[u] * inv[u] }
                                            var err = 0.0
                                            for v in 0..<n {
                                                var acc = 0.0
                                                for k in offs[v]..<offs[v + 1] { acc += sh[Int(src[k])] * wts[k] }
                                                let value = alpha * (acc + danglingMass * pp[v]) + teleport * pp[v]
                                                out[v] = value
                                                err += abs(value - xs[v])
                                            }
                                            return err
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            swap(&x, &next)
            if err < tolerance { return x }
        }
        throw CentralityError.didNotConverge(iterations: iteration)
    }
}
