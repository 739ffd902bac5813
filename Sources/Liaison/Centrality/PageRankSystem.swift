import CPUHints
import Dispatch

/// PageRank as the linear system `A x = b` with `A = I − α S` and `b = (1 − α) p`, where
/// `S = M + p dᵀ` is the column-stochastic walk matrix (`M[v][u] = w(u,v) / outStrength(u)`, `d` the
/// indicator of dangling nodes, whose mass goes to the teleport vector `p`). Owns the per-call buffers;
/// every pass over the nodes runs on a fixed set of node ranges (serially or on every core) and every
/// sum adds the ranges' partial sums in range order, so results do not depend on `parallel`.
///
/// Two solvers share the system: BiCGSTAB (the default for `α < 1`) and the power iteration (for
/// `α = 1`, where `A` is singular, and as the fallback should BiCGSTAB break down).
final class PageRankSystem: @unchecked Sendable {
    let n: Int
    let alpha: Double
    let graph: Digraph
    /// Node ranges (`ranges[c]..<ranges[c + 1]`) of about equal work, one unit per node and in-edge.
    let ranges: [Int]
    let runParallel: Bool
    /// Teleport (and dangling) distribution, summing to 1.
    let p: DisjointWrites<Double>
    /// Transition probability of each in-edge, `w(u,v) / outStrength(u)`, in CSR `inSources` order.
    let prob: DisjointWrites<Double>
    /// Nodes with zero out-strength.
    let dangling: [Int32]
    /// Two partial sums per range.
    let partial: DisjointWrites<Double>
    /// Passes over the links (matrix–vector products) so far; the iteration budget counts these.
    private(set) var passes = 0
    /// The most passes allowed: ``walk(_:_:)`` throws instead of making one more.
    let maxPasses: Int

    var chunks: Int { ranges.count - 1 }

    init(graph: Digraph, alpha: Double, teleport: [Double]?, maxPasses: Int, parallel: Bool, chunkCount: Int,
         parallelMinimum: Int) {
        let n = graph.nodeCount
        self.maxPasses = maxPasses
        self.n = n
        self.alpha = alpha
        self.graph = graph
        p = DisjointWrites<Double>(count: n, repeating: 1 / Double(n))
        if let teleport { for v in 0..<n { p.buffer[v] = teleport[v] } }

        let m = graph.inSources.count
        let chunks = Swift.min(chunkCount, n)
        var bounds = [Int](repeating: n, count: chunks + 1)
        bounds[0] = 0
        let total = n + m
        var c = 1
        for v in 0..<n where c < chunks {
            // Close range c − 1 once nodes 0...v carry c / chunks of the work.
            while c < chunks && v + 1 + graph.inOffsets[v + 1] >= (total * c + chunks - 1) / chunks {
                bounds[c] = v + 1
                c += 1
            }
        }
        let ranges = bounds
        self.ranges = ranges
        let runParallel = parallel && chunks > 1 && n + m >= parallelMinimum
        self.runParallel = runParallel

        // Each expert's 1 / out-strength, then each in-link's transition probability, range by range
        // (on every core for a large graph: at a million experts this set-up took 0.07–0.2 s on one).
        let invOut = DisjointWrites<Double>(count: n, repeating: 0)
        defer { invOut.deallocate() }
        let danglingParts = DisjointWrites<[Int32]>(count: chunks, repeating: [])
        defer { _ = danglingParts.buffer.deinitialize(); danglingParts.deallocate() }
        Self.inEachRange(chunks, parallel: runParallel) { c in
            var found: [Int32] = []
            for u in ranges[c]..<ranges[c + 1] {
                let s = graph.outStrength(u)
                if s > 0 { invOut.buffer[u] = 1 / s } else { found.append(Int32(u)) }
            }
            danglingParts.buffer[c] = found
        }
        dangling = danglingParts.buffer.flatMap { $0 }
        let prob = DisjointWrites<Double>(uninitializedCount: m)
        Self.inEachRange(chunks, parallel: runParallel) { c in
            graph.inOffsets.withUnsafeBufferPointer { offs in
                graph.inSources.withUnsafeBufferPointer { src in
                    graph.inWeights.withUnsafeBufferPointer { wts in
                        for k in offs[ranges[c]]..<offs[ranges[c + 1]] {
                            prob.buffer[k] = wts[k] * invOut.buffer[Int(src[k])]
                        }
                    }
                }
            }
        }
        self.prob = prob
        partial = DisjointWrites<Double>(count: 2 * chunks, repeating: 0)
    }

    deinit {
        p.deallocate()
        prob.deallocate()
        partial.deallocate()
    }

    /// A new vector of `n` entries (the caller deallocates it).
    func vector(_ value: Double = 0) -> DisjointWrites<Double> { DisjointWrites(count: n, repeating: value) }

    /// Runs `body(c)` for every range, on every core when the graph is large.
    func forEachRange(_ body: @Sendable (Int) -> Void) {
        Self.inEachRange(chunks, parallel: runParallel, body)
    }

    /// `body(c)` for `c` in `0..<chunks`, on every core when `parallel`.
    static func inEachRange(_ chunks: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
        if parallel {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
        } else {
            for c in 0..<chunks { body(c) }
        }
    }

    /// The two partial sums of the last pass, each added in range order.
    func sums() -> (Double, Double) {
        var a = 0.0, b = 0.0
        for c in 0..<chunks {
            a += partial.buffer[2 * c]
            b += partial.buffer[2 * c + 1]
        }
        return (a, b)
    }

    /// `Σ_{d dangling} x[d]`, the mass the dangling nodes hand to `p`.
    func danglingMass(_ x: DisjointWrites<Double>) -> Double {
        var mass = 0.0
        for d in dangling { mass += x.buffer[Int(d)] }
        return mass
    }

    /// How many links ahead a pass asks for the score it will gather (in a C test on the 1 M network:
    /// 32 → 13 ms a pass, 64 → 10, 128 → 8, 256 → 8; none → 19).
    static let prefetchDistance = 128

    /// One pass over the links: for every node range, `body(range, gather)` runs the pass over the range,
    /// where `gather.at(v)` is `y = (S x)[v] = Σ_{u→v} prob · x[u] + δ · p[v]` (δ the dangling mass of `x`),
    /// and returns the range's two partial sums; ``sums()`` adds them in range order. The loop over the
    /// range is written in `body` and `gather` is a struct, so no closure is called per node. Throws
    /// ``CentralityError/didNotConverge(iterations:)`` when ``maxPasses`` passes have been made.
    @inline(__always)
    func walk(_ x: DisjointWrites<Double>,
              _ body: @escaping @Sendable (Range<Int>, LinkGather) -> (Double, Double)) throws -> (Double, Double) {
        guard passes < maxPasses else { throw CentralityError.didNotConverge(iterations: passes) }
        passes += 1
        let delta = danglingMass(x)
        let graph = self.graph, ranges = self.ranges, p = self.p, prob = self.prob, partial = self.partial
        forEachRange { c in
            graph.inOffsets.withUnsafeBufferPointer { offs in
                graph.inSources.withUnsafeBufferPointer { src in
                    guard let gather = LinkGather(offs: offs, src: src, prob: prob.buffer, x: x.buffer, p: p.buffer,
                                                  delta: delta) else { return }
                    let (first, second) = body(ranges[c]..<ranges[c + 1], gather)
                    partial.buffer[2 * c] = first
                    partial.buffer[2 * c + 1] = second
                }
            }
        }
        return sums()
    }

    /// One pass over the nodes only (no links): `body(range)` runs the pass over one node range and
    /// returns the range's two partial sums; ``sums()`` adds them in range order. The loop is written in
    /// `body`, so no call is made per node (with a closure called per node, PageRank at a million nodes
    /// took 0.82 s against 0.73 s, medians of 5 alternating runs).
    @inline(__always)
    func sweep(_ body: @escaping @Sendable (Range<Int>) -> (Double, Double)) -> (Double, Double) {
        let ranges = self.ranges, partial = self.partial
        forEachRange { c in
            let (first, second) = body(ranges[c]..<ranges[c + 1])
            partial.buffer[2 * c] = first
            partial.buffer[2 * c + 1] = second
        }
        return sums()
    }

    /// `x` with negative entries set to 0, divided by its sum, as an array.
    func normalized(_ x: DisjointWrites<Double>) -> [Double] {
        let (sum, _) = sweep { range in
            var s = 0.0
            for v in range {
                if x.buffer[v] < 0 { x.buffer[v] = 0 }
                s += x.buffer[v]
            }
            return (s, 0)
        }
        let scale = 1 / sum
        _ = sweep { range in
            for v in range { x.buffer[v] *= scale }
            return (0, 0)
        }
        return Array(x.buffer)
    }

    /// Solves `A x = b` by BiCGSTAB from `x₀ = p`, stopping once `‖b − A x‖₁ ≤ threshold` holds for the
    /// *true* residual (recomputed with one more pass whenever the recurrence says so). Returns `true`
    /// with the solution in `x`, or `false` on a breakdown (a zero or non-finite inner product), with the
    /// current iterate left in `x`; throws ``CentralityError/didNotConverge(iterations:)`` when the next
    /// pass would exceed ``maxPasses``.
    ///
    /// - Complexity: two passes over the links per step plus three over the nodes; O(n) extra memory
    ///   (six vectors besides `x`).
    ///
    /// Reference: H. A. van der Vorst, *Bi-CGSTAB: a fast and smoothly converging variant of Bi-CG for the
    /// solution of nonsymmetric linear systems*, SIAM J. Sci. Stat. Comput. 13(2), 1992; for PageRank,
    /// D. Gleich, L. Zhukov, P. Berkhin, *Fast parallel PageRank: a linear system approach*, Yahoo! Research
    /// report YRL-2004-038.
    func biCGSTAB(into x: DisjointWrites<Double>, threshold: Double) throws -> Bool {
        let alpha = self.alpha, p = self.p
        let r = vector(), rh = vector(), dir = vector(), v = vector(), s = vector(), t = vector()
        defer { for b in [r, rh, dir, v, s, t] { b.deallocate() } }

        // r = b − A x = (1 − α) p − x + α S x, restarted from the true residual.
        func restart() throws -> (rho: Double, norm: Double) {
            let (norm, rho) = try walk(x) { range, gather in
                var l1 = 0.0, dot = 0.0
                for i in range {
                    let ri = (1 - alpha) * p.buffer[i] - x.buffer[i] + alpha * gather.at(i)
                    r.buffer[i] = ri
                    rh.buffer[i] = ri
                    dir.buffer[i] = ri
                    l1 += abs(ri)
                    dot += ri * ri
                }
                return (l1, dot)
            }
            return (rho, norm)
        }
        var (rho, norm) = try restart()
        while true {
            if norm <= threshold { return true }
            guard rho != 0 && rho.isFinite else { return false }

            // v = A dir; a = rho / (r̂, v)
            let (rhv, _) = try walk(dir) { range, gather in
                var dot = 0.0
                for i in range {
                    let vi = dir.buffer[i] - alpha * gather.at(i)
                    v.buffer[i] = vi
                    dot += rh.buffer[i] * vi
                }
                return (dot, 0)
            }
            let a = rho / rhv
            guard a.isFinite && a != 0 else { return false }

            // s = r − a v
            let (sNorm, _) = sweep { range in
                var l1 = 0.0
                for i in range {
                    let si = r.buffer[i] - a * v.buffer[i]
                    s.buffer[i] = si
                    l1 += abs(si)
                }
                return (l1, 0)
            }
            if sNorm <= threshold {
                _ = sweep { range in
                    for i in range { x.buffer[i] += a * dir.buffer[i] }
                    return (0, 0)
                }
                (rho, norm) = try restart()
                continue
            }

            // t = A s; ω = (t, s) / (t, t)
            let (ts, tt) = try walk(s) { range, gather in
                var ts = 0.0, tt = 0.0
                for i in range {
                    let ti = s.buffer[i] - alpha * gather.at(i)
                    t.buffer[i] = ti
                    ts += ti * s.buffer[i]
                    tt += ti * ti
                }
                return (ts, tt)
            }
            let omega = ts / tt
            guard omega.isFinite && omega != 0 else { return false }

            // x += a dir + ω s; r = s − ω t
            let (rNorm, rhoNext) = sweep { range in
                var l1 = 0.0, dot = 0.0
                for i in range {
                    x.buffer[i] += a * dir.buffer[i] + omega * s.buffer[i]
                    let ri = s.buffer[i] - omega * t.buffer[i]
                    r.buffer[i] = ri
                    l1 += abs(ri)
                    dot += rh.buffer[i] * ri
                }
                return (l1, dot)
            }
            if rNorm <= threshold {
                // The recurrence says done: confirm with the true residual (or go on from it).
                (rho, norm) = try restart()
                continue
            }
            guard rhoNext != 0 && rhoNext.isFinite else { return false }
            let beta = (rhoNext / rho) * (a / omega)
            rho = rhoNext
            norm = rNorm
            // dir = r + β (dir − ω v)
            _ = sweep { range in
                for i in range { dir.buffer[i] = r.buffer[i] + beta * (dir.buffer[i] - omega * v.buffer[i]) }
                return (0, 0)
            }
        }
    }

    /// The power iteration `x ← α S x + (1 − α) p` from `x` (non-negative, summing to 1), stopping at
    /// the first step whose L1 change is below `change`; the result is left in `x`.
    ///
    /// - Complexity: one pass over the links per step.
    func power(_ x: DisjointWrites<Double>, change: Double) throws {
        let alpha = self.alpha, p = self.p
        let next = vector()
        defer { next.deallocate() }
        var from = x, to = next
        while true {
            let current = from, target = to
            let (err, _) = try walk(current) { range, gather in
                var l1 = 0.0
                for i in range {
                    let value = alpha * gather.at(i) + (1 - alpha) * p.buffer[i]
                    target.buffer[i] = value
                    l1 += abs(value - current.buffer[i])
                }
                return (l1, 0)
            }
            swap(&from, &to)
            if err < change {
                if from.buffer.baseAddress != x.buffer.baseAddress { _ = x.buffer.update(fromContentsOf: from.buffer) }
                return
            }
        }
    }
}

/// What a pass over the links reads, for ``PageRankSystem/walk(_:_:)``'s body: `at(v)` gathers
/// `Σ_{u→v} prob · x[u] + δ · p[v]` over `v`'s in-links, in CSR order.
struct LinkGather {
    let offs: UnsafeBufferPointer<Int>
    let src: UnsafeBufferPointer<Int32>
    let prob: UnsafeMutableBufferPointer<Double>
    let x: UnsafeMutableBufferPointer<Double>
    let p: UnsafeMutableBufferPointer<Double>
    let delta: Double
    let base: UnsafePointer<Double>
    let last: Int

    init?(offs: UnsafeBufferPointer<Int>, src: UnsafeBufferPointer<Int32>, prob: UnsafeMutableBufferPointer<Double>,
          x: UnsafeMutableBufferPointer<Double>, p: UnsafeMutableBufferPointer<Double>, delta: Double) {
        guard let base = UnsafePointer(x.baseAddress) else { return nil }
        (self.offs, self.src, self.prob, self.x, self.p, self.delta) = (offs, src, prob, x, p, delta)
        self.base = base
        last = src.count - 1
    }

    /// `(S x)[v]`.
    @inline(__always)
    func at(_ v: Int) -> Double {
        var acc = 0.0
        for k in offs[v]..<offs[v + 1] {
            // The score `prefetchDistance` links ahead: see CPUHints.h.
            liaison_prefetch(base + Int(src[Swift.min(k + PageRankSystem.prefetchDistance, last)]))
            acc += x[Int(src[k])] * prob[k]
        }
        return acc + delta * p[v]
    }
}
