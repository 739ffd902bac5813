import Dispatch

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
    /// Number of node ranges a PageRank step is split into. Fixed (not derived from the core count), so
    /// the per-range partial sums of the convergence test, added in range order, are the same on every
    /// run and machine, and the parallel result is bit-identical to the serial one.
    static let pageRankChunkCount = 64

    /// Graphs with fewer node-plus-edge entries than this run PageRank's steps serially (the same
    /// ranges, in order): below it a step takes microseconds and thread hand-offs would dominate.
    static let pageRankParallelMinimum = 200_000

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
    /// stricter than networkx's). The iteration *pulls* over in-edges (CSR `inOffsets`/`inSources`)
    /// with the transition probabilities `w(u,v) / outStrength(u)` precomputed per in-edge, so a step
    /// allocates nothing and writes each entry once. Steps are split into a fixed set of node ranges
    /// of about equal edge count, run on every core with `DispatchQueue.concurrentPerform` when
    /// `parallel` is set and the graph is large; each range writes only its own entries, and the
    /// convergence test adds the ranges' partial sums in range order, so the result is bit-identical
    /// to `parallel: false`.
    ///
    /// - Parameters:
    ///   - alpha: damping factor in `[0, 1]` (default 0.85).
    ///   - tolerance: L1 change between successive iterates below which iteration stops; must be > 0.
    ///   - maxIterations: the most power-iteration steps allowed.
    ///   - personalization: optional teleport weights, one per node, non-negative with a positive sum;
    ///     normalized to sum to 1. Dangling mass is spread according to it as well.
    ///   - parallel: use every core for the steps of large graphs (default `true`); the result does not
    ///     depend on it.
    /// - Returns: one score per node, summing to 1; `[]` for the empty graph.
    /// - Throws: ``CentralityError/didNotConverge(iterations:)`` past `maxIterations` (never returns an
    ///   unconverged vector); ``CentralityError/invalidArgument(_:)`` for a bad `alpha`, `tolerance` or
    ///   personalization vector.
    /// - Complexity: O((n + m) · k) time for k iterations (k ≈ log(tolerance) / log(alpha)), spread over
    ///   the cores; O(n + m) extra memory (one transition probability per edge).
    ///
    /// References: L. Page, S. Brin, R. Motwani, T. Winograd, *The PageRank citation ranking: bringing
    /// order to the Web* (Stanford InfoLab, 1999); A. N. Langville, C. D. Meyer, *Deeper inside
    /// PageRank*, Internet Mathematics 1(3), 2004; networkx `pagerank`.
    public func pageRank(alpha: Double = 0.85, tolerance: Double = 1e-10, maxIterations: Int = 10_000,
                         personalization: [Double]? = nil, parallel: Bool = true) throws -> [Double] {
        guard alpha >= 0 && alpha <= 1 else { throw CentralityError.invalidArgument("alpha must be in [0, 1], got \(alpha)") }
        guard tolerance > 0 else { throw CentralityError.invalidArgument("tolerance must be positive, got \(tolerance)") }
        let n = nodeCount
        if n == 0 { return [] }

        // Teleport (and dangling) distribution.
        let p = DisjointWrites<Double>(count: n, repeating: 1 / Double(n))
        defer { p.deallocate() }
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
            for v in 0..<n { p.buffer[v] = personalization[v] / sum }
        }

        // 1 / outStrength, the dangling nodes (zero out-strength), and each in-edge's transition
        // probability w(u,v) / outStrength(u).
        var invOut = [Double](repeating: 0, count: n)
        var dangling = [Int32]()
        for u in 0..<n {
            let s = outStrength(u)
            if s > 0 { invOut[u] = 1 / s } else { dangling.append(Int32(u)) }
        }
        let m = inSources.count
        let prob = DisjointWrites<Double>(count: m, repeating: 0)
        defer { prob.deallocate() }
        invOut.withUnsafeBufferPointer { inv in
            inSources.withUnsafeBufferPointer { src in
                inWeights.withUnsafeBufferPointer { wts in
                    for k in 0..<m { prob.buffer[k] = wts[k] * inv[Int(src[k])] }
                }
            }
        }

        // Fixed node ranges of about equal work (one unit per node and per in-edge).
        let chunks = Swift.min(Self.pageRankChunkCount, n)
        var bounds = [Int](repeating: n, count: chunks + 1)
        bounds[0] = 0
        do {
            let total = n + m
            var c = 1
            for v in 0..<n where c < chunks {
                // Close range c − 1 once nodes 0...v carry c / chunks of the work.
                while c < chunks && v + 1 + inOffsets[v + 1] >= (total * c + chunks - 1) / chunks {
                    bounds[c] = v + 1
                    c += 1
                }
            }
        }
        let ranges = bounds
        let runParallel = parallel && chunks > 1 && n + m >= Self.pageRankParallelMinimum

        var x = DisjointWrites<Double>(count: n, repeating: 1 / Double(n))
        var next = DisjointWrites<Double>(count: n, repeating: 0)
        defer { x.deallocate(); next.deallocate() }
        let partial = DisjointWrites<Double>(count: chunks, repeating: 0)
        defer { partial.deallocate() }
        let teleport = 1 - alpha
        let graph = self

        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            var danglingMass = 0.0
            for d in dangling { danglingMass += x.buffer[Int(d)] }
            let xs = x, out = next, mass = danglingMass
            let step: @Sendable (Int) -> Void = { c in
                graph.inOffsets.withUnsafeBufferPointer { offs in
                    graph.inSources.withUnsafeBufferPointer { src in
                        let pp = p.buffer, pr = prob.buffer, xin = xs.buffer, o = out.buffer
                        var err = 0.0
                        for v in ranges[c]..<ranges[c + 1] {
                            var acc = 0.0
                            for k in offs[v]..<offs[v + 1] { acc += xin[Int(src[k])] * pr[k] }
                            let value = alpha * (acc + mass * pp[v]) + teleport * pp[v]
                            o[v] = value
                            err += abs(value - xin[v])
                        }
                        partial.buffer[c] = err
                    }
                }
            }
            if runParallel {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: step)
            } else {
                for c in 0..<chunks { step(c) }
            }
            var err = 0.0
            for c in 0..<chunks { err += partial.buffer[c] }
            swap(&x, &next)
            if err < tolerance {
                PhaseTimer.mark("pagerank: \(iteration) iterations, \(n) nodes, \(m) links")
                return Array(x.buffer)
            }
        }
        throw CentralityError.didNotConverge(iterations: iteration)
    }
}
