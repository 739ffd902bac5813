import Dispatch

/// A buffer allocated before a `DispatchQueue.concurrentPerform` call and written by its workers.
///
/// `UnsafeMutableBufferPointer` is not `Sendable`, so it is wrapped here. The `@unchecked Sendable`
/// promise holds because every user in this module follows one discipline: the buffer is allocated
/// and initialized before `concurrentPerform` starts, each iteration writes only indices that no
/// other iteration reads or writes (its own chunk's slice, or its own nodes' entries), and the
/// buffer is read and deallocated only after `concurrentPerform` has returned, which happens after
/// every iteration has finished (a happens-before edge). So there is no data race.
struct DisjointWrites<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    init(count: Int, repeating value: Element) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: value)
    }

    func deallocate() { buffer.deallocate() }
}

extension Digraph {
    /// Number of source chunks betweenness is split into. Fixed (not derived from the core count or
    /// thread timing), so each chunk's partial sum, and their sum in chunk order, is the same on every
    /// run and every machine. 32 chunks keep 2–16 cores busy with little imbalance; the partial sums
    /// cost 32 · n doubles.
    static let betweennessChunkCount = 32

    /// Betweenness centrality of every node over directed, unweighted (hop-count) shortest paths;
    /// equal to `nx.betweenness_centrality(G, normalized=normalized)` on a networkx `DiGraph`.
    ///
    /// b(v) = Σ_{s ≠ v ≠ t} σ_st(v) / σ_st, where σ_st counts shortest s→t paths and σ_st(v) those
    /// through v. With `normalized`, b is multiplied by 1 / ((n − 1)(n − 2)) — the number of ordered
    /// pairs not involving v — when n > 2 (for n ≤ 2 every value is 0 and nothing is scaled), as
    /// networkx does for directed graphs. Edge weights are ignored (see
    /// ``weightedBetweenness(normalized:parallel:)`` for paths of length 1 / patients).
    ///
    /// Uses Brandes' algorithm, one search per source, tuned for cache and branch prediction:
    /// - the forward search is level-synchronous and *direction-optimizing* (Beamer et al.): a level
    ///   is expanded top-down over the frontier's out-edges, or bottom-up over the in-edges of the
    ///   still-unvisited nodes, whichever scans fewer edges; top-down is branch-free (distance and
    ///   path count of a node share one 16-byte record, the path-count increment is selected by
    ///   index, not by a branch);
    /// - dependencies are accumulated level by level without predecessor lists: a node v at
    ///   distance d pulls `σ(v) · Σ (1 + δ(w)) / σ(w)` over its out-neighbours w, where the array of
    ///   `(1 + δ(w)) / σ(w)` is non-zero only for nodes at distance d + 1 (so the inner loop is a
    ///   plain gather-and-add), or — when level d + 1 has fewer in-edges than level d has out-edges —
    ///   level d + 1 pushes the same terms back along in-edges; the deepest level is skipped.
    ///
    /// Sources are split into a fixed set of chunks (source s goes to chunk `s % 32`), each with its
    /// own preallocated buffers and partial sum; with `parallel` the chunks run through
    /// `DispatchQueue.concurrentPerform`. Every choice above depends only on the graph and the source,
    /// and partial sums are added in chunk order, so the result is bit-identical run to run and
    /// between `parallel: true` and `parallel: false`.
    ///
    /// - Parameters:
    ///   - normalized: scale by 1 / ((n − 1)(n − 2)) (default `true`).
    ///   - parallel: run the chunks concurrently (default `true`); `false` runs them in order on the
    ///     calling thread and gives exactly the same numbers.
    /// - Returns: one value per node; `[]` for the empty graph.
    /// - Complexity: O(nm) time for n nodes and m edges (less in practice: bottom-up levels and the
    ///   skipped deepest level scan only part of the edges), O(n) memory per chunk plus 32 · n for
    ///   the partial sums.
    ///
    /// References: U. Brandes, *A faster algorithm for betweenness centrality*, Journal of
    /// Mathematical Sociology 25(2):163–177, 2001; S. Beamer, K. Asanović, D. Patterson,
    /// *Direction-optimizing breadth-first search*, SC 2012; networkx `betweenness_centrality`.
    public func betweenness(normalized: Bool = true, parallel: Bool = true) -> [Double] {
        let raw = betweennessSums(sources: nil, weighted: false, parallel: parallel)
        return Self.rescaleBetweenness(raw, nodeCount: nodeCount, normalized: normalized, sampled: nil)
    }

    /// Betweenness with every edge taken as undirected (u–v when u → v or v → u); equal to
    /// `nx.betweenness_centrality(G.to_undirected(), normalized=normalized)`.
    ///
    /// Normalized values use networkx's 2 / ((n − 1)(n − 2)) over unordered pairs; unnormalized values
    /// count each unordered pair {s, t} once.
    ///
    /// - Complexity: O(nm) time, like ``betweenness(normalized:parallel:)``, after an O(m log m) build
    ///   of the symmetric graph.
    public func undirectedBetweenness(normalized: Bool = true, parallel: Bool = true) -> [Double] {
        var edges = [(source: Int, target: Int, weight: Double)]()
        edges.reserveCapacity(2 * edgeCount)
        for u in 0..<nodeCount {
            for k in outOffsets[u]..<outOffsets[u + 1] {
                let v = Int(outTargets[k])
                edges.append((u, v, 1))
                edges.append((v, u, 1))
            }
        }
        let symmetric = Digraph(nodeCount: nodeCount, edges: edges)
        // Each unordered pair is counted twice (s→t and t→s) on the symmetric digraph. The directed
        // normalization 1/((n−1)(n−2)) on that double count is exactly networkx's undirected one.
        var b = symmetric.betweenness(normalized: normalized, parallel: parallel)
        if !normalized { for v in b.indices { b[v] *= 0.5 } }
        return b
    }

    /// Unscaled Brandes sums Σ_{s ∈ sources} δ_s(v) (all nodes when `sources` is `nil`), over hop
    /// paths or, with `weighted`, over paths of length Σ 1 / patients.
    ///
    /// Source number i (its index in `sources`, or the node itself) goes to chunk `i % 32`.
    func betweennessSums(sources: [Int32]?, weighted: Bool, parallel: Bool) -> [Double] {
        let n = nodeCount
        if n == 0 { return [] }
        let sourceCount = sources?.count ?? n
        let chunks = Swift.max(1, Swift.min(Self.betweennessChunkCount, sourceCount))
        let partial = DisjointWrites<Double>(count: chunks * n, repeating: 0)
        defer { partial.deallocate() }
        let lengths: [Double] = weighted ? outWeights.map { 1 / $0 } : []

        // Iteration `chunk` writes only partial[chunk * n ..< (chunk + 1) * n].
        let work: @Sendable (Int) -> Void = { chunk in
            let slice = UnsafeMutableBufferPointer(rebasing: partial.buffer[(chunk * n)..<((chunk + 1) * n)])
            var mine = [Int32]()
            var i = chunk
            while i < sourceCount {
                mine.append(sources.map { $0[i] } ?? Int32(i))
                i += chunks
            }
            if weighted {
                self.dijkstraBrandes(sources: mine, lengths: lengths, into: slice)
            } else {
                self.brandes(sources: mine, into: slice)
            }
        }
        if parallel && chunks > 1 {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
        } else {
            for chunk in 0..<chunks { work(chunk) }
        }

        var result = [Double](repeating: 0, count: n)
        for chunk in 0..<chunks {
            let base = chunk * n
            for v in 0..<n { result[v] += partial.buffer[base + v] }
        }
        return result
    }

    /// networkx 3.x `_rescale` for directed graphs (endpoints excluded). Exact (`sampled == nil`):
    /// normalized × 1 / ((n − 1)(n − 2)). Sampled with k sources: a node that is itself a sampled
    /// source is scaled by 1 / ((k − 1)(n − 2)), any other by 1 / (k(n − 2)) (unnormalized:
    /// (n − 1) / (k − 1) and (n − 1) / k), which makes each estimate unbiased.
    static func rescaleBetweenness(_ raw: [Double], nodeCount n: Int, normalized: Bool,
                                   sampled: [Int32]?) -> [Double] {
        var b = raw
        if n <= 2 { return b }
        guard let sampled, sampled.count < n else {
            if normalized {
                let scale = 1 / (Double(n - 1) * Double(n - 2))
                for v in 0..<n { b[v] *= scale }
            }
            return b
        }
        let k = Double(sampled.count)
        let scaleSource = normalized ? 1 / ((k - 1) * Double(n - 2)) : Double(n - 1) / (k - 1)
        let scaleOther = normalized ? 1 / (k * Double(n - 2)) : Double(n - 1) / k
        var isSource = [Bool](repeating: false, count: n)
        for s in sampled { isSource[Int(s)] = true }
        for v in 0..<n { b[v] *= isSource[v] ? (sampled.count > 1 ? scaleSource : 0) : scaleOther }
        return b
    }

    /// Distance and shortest-path count of one node, kept together so the forward search touches
    /// one cache line per edge.
    private struct PathRecord {
        var distance: Int32
        var sigma: Double
    }

    /// Adds the Brandes dependencies δ_s(·) of each source s in `sources` into `sum` (length n).
    private func brandes(sources: [Int32], into sum: UnsafeMutableBufferPointer<Double>) {
        let n = nodeCount
        let m = edgeCount
        let rec = UnsafeMutableBufferPointer<PathRecord>.allocate(capacity: n)
        rec.initialize(repeating: PathRecord(distance: -1, sigma: 0))
        // pick[0] = 0, pick[1] = σ of the node being expanded: the branch-free increment.
        let pick = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2)
        pick.initialize(repeating: 0)
        // coef[w] = (1 + δ(w)) / σ(w) while w's level is the one being pulled from, else 0.
        let coef = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        coef.initialize(repeating: 0)
        // frontierSigma[u] = σ(u) while u is in the frontier of a bottom-up step, else 0.
        let frontierSigma = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        frontierSigma.initialize(repeating: 0)
        // Dependencies of the level being finished; entries of other nodes may hold stale values
        // and are always overwritten or zeroed before they are read.
        let delta = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        delta.initialize(repeating: 0)
        // Nodes in BFS order; levelStart[d] is where distance d begins.
        let queue = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n + 1)
        queue.initialize(repeating: 0)
        let levelStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: n + 2)
        levelStart.initialize(repeating: 0)
        // Candidates for bottom-up steps: a superset of the unvisited nodes, built on first use.
        let unvisited = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        unvisited.initialize(repeating: 0)
        defer {
            rec.deallocate(); pick.deallocate(); coef.deallocate(); frontierSigma.deallocate()
            delta.deallocate(); queue.deallocate(); levelStart.deallocate(); unvisited.deallocate()
        }

        outOffsets.withUnsafeBufferPointer { offs in
        outTargets.withUnsafeBufferPointer { targets in
        inOffsets.withUnsafeBufferPointer { inOffs in
        inSources.withUnsafeBufferPointer { inSrc in
            for s32 in sources {
                let s = Int(s32)
                if offs[s] == offs[s + 1] { continue }  // no out-edges: reaches nobody
                // Forward phase.
                queue[0] = s32
                rec[s] = PathRecord(distance: 0, sigma: 1)
                levelStart[0] = 0
                var tail = 1, levels = 1, lo = 0
                var next: Int32 = 1
                var frontierOut = offs[s + 1] - offs[s]        // out-edges of the frontier
                var unvisitedIn = m - (inOffs[s + 1] - inOffs[s])  // in-edges of unvisited nodes
                var candidates = -1                              // unvisited list not built yet
                while lo < tail {
                    let hi = tail
                    levelStart[levels] = hi
                    let bottomUpCost = unvisitedIn + (candidates < 0 ? n : candidates)
                    if bottomUpCost < frontierOut {
                        for i in lo..<hi { let v = Int(queue[i]); frontierSigma[v] = rec[v].sigma }
                        if candidates < 0 {
                            candidates = 0
                            for w in 0..<n where rec[w].distance < 0 {
                                unvisited[candidates] = Int32(w)
                                candidates += 1
                            }
                        }
                        var kept = 0
                        for j in 0..<candidates {
                            let w32 = unvisited[j]
                            let w = Int(w32)
                            if rec[w].distance >= 0 { continue }  // reached by a later top-down step
                            var a0 = 0.0, a1 = 0.0
                            var k = inOffs[w]
                            let end = inOffs[w + 1]
                            while k &+ 1 < end {
                                a0 += frontierSigma[Int(inSrc[k])]
                                a1 += frontierSigma[Int(inSrc[k &+ 1])]
                                k &+= 2
                            }
                            if k < end { a0 += frontierSigma[Int(inSrc[k])] }
                            let paths = a0 + a1
                            if paths > 0 {
                                rec[w] = PathRecord(distance: next, sigma: paths)
                                queue[tail] = w32
                                tail += 1
                            } else {
                                unvisited[kept] = w32
                                kept += 1
                            }
                        }
                        candidates = kept
                        for i in lo..<hi { frontierSigma[Int(queue[i])] = 0 }
                    } else {
                        for i in lo..<hi {
                            let v = Int(queue[i])
                            pick[1] = rec[v].sigma
                            var k = offs[v]
                            let end = offs[v + 1]
                            while k < end {
                                let w32 = targets[k]
                                let w = Int(w32)
                                let dw = rec[w].distance
                                let isNew = dw < 0
                                queue[tail] = w32          // kept only if new
                                tail &+= isNew ? 1 : 0
                                let nd = isNew ? next : dw
                                rec[w].distance = nd
                                // Index 1 when nd == next (w one level further: v precedes it), else 0.
                                let differs = UInt64(truncatingIfNeeded: UInt32(bitPattern: nd ^ next))
                                rec[w].sigma += pick[Int((differs &- 1) >> 63)]
                                k &+= 1
                            }
                        }
                    }
                    frontierOut = 0
                    for i in hi..<tail {
                        let w = Int(queue[i])
                        frontierOut += offs[w + 1] - offs[w]
                        unvisitedIn -= inOffs[w + 1] - inOffs[w]
                    }
                    if tail > hi { levels += 1 }
                    lo = hi
                    next += 1
                }
                levelStart[levels] = tail

                // Backward phase, deepest level first (its dependencies are 0).
                var level = levels - 1
                while level >= 1 {
                    let lo = levelStart[level], hi = levelStart[level + 1]
                    if level == levels - 1 {
                        for i in lo..<hi { delta[Int(queue[i])] = 0 }
                    } else {
                        let nextLo = hi, nextHi = levelStart[level + 2]
                        var pullCost = 0, pushCost = 0
                        for i in lo..<hi { let v = Int(queue[i]); pullCost += offs[v + 1] - offs[v] }
                        for i in nextLo..<nextHi { let w = Int(queue[i]); pushCost += inOffs[w + 1] - inOffs[w] }
                        if pullCost <= pushCost {
                            for i in lo..<hi {
                                let v = Int(queue[i])
                                var a0 = 0.0, a1 = 0.0
                                var k = offs[v]
                                let end = offs[v + 1]
                                while k &+ 1 < end {
                                    a0 += coef[Int(targets[k])]
                                    a1 += coef[Int(targets[k &+ 1])]
                                    k &+= 2
                                }
                                if k < end { a0 += coef[Int(targets[k])] }
                                delta[v] = rec[v].sigma * (a0 + a1)
                            }
                        } else {
                            // Push along in-edges; nodes off this level collect stale sums never read.
                            for i in lo..<hi { delta[Int(queue[i])] = 0 }
                            for i in nextLo..<nextHi {
                                let w = Int(queue[i])
                                let c = coef[w]
                                for k in inOffs[w]..<inOffs[w + 1] { delta[Int(inSrc[k])] += c }
                            }
                            for i in lo..<hi { let v = Int(queue[i]); delta[v] *= rec[v].sigma }
                        }
                        for i in nextLo..<nextHi { coef[Int(queue[i])] = 0 }
                    }
                    for i in lo..<hi {
                        let v = Int(queue[i])
                        let d = delta[v]
                        sum[v] += d
                        coef[v] = (1 + d) / rec[v].sigma
                    }
                    level -= 1
                }
                if levels >= 2 { for i in levelStart[1]..<levelStart[2] { coef[Int(queue[i])] = 0 } }
                // Reset only what this source touched.
                for i in 0..<tail { rec[Int(queue[i])] = PathRecord(distance: -1, sigma: 0) }
            }
        }}}}
    }
}
