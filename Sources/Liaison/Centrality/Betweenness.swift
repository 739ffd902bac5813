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
    /// networkx does for directed graphs. Edge weights are ignored.
    ///
    /// Uses Brandes' algorithm: one breadth-first search per source counts shortest paths (σ), then
    /// dependencies are accumulated in reverse BFS order, each node pulling
    /// `σ(v) · Σ_w (1 + δ(w)) / σ(w)` over its successors w one hop further from the source (no
    /// predecessor lists are stored). Sources are split into a fixed set of chunks (source s goes to
    /// chunk `s % 32`), each chunk with its own preallocated `Int32` distances and queue, `Double`
    /// path counts and dependencies, and its own partial sum; with `parallel` the chunks run through
    /// `DispatchQueue.concurrentPerform`. Partial sums are added in chunk order, so the result is
    /// bit-identical run to run and identical between `parallel: true` and `parallel: false`.
    ///
    /// - Parameters:
    ///   - normalized: scale by 1 / ((n − 1)(n − 2)) (default `true`).
    ///   - parallel: run the chunks concurrently (default `true`); `false` runs them in order on the
    ///     calling thread and gives exactly the same numbers.
    /// - Returns: one value per node; `[]` for the empty graph.
    /// - Complexity: O(nm) time for n nodes and m edges, O(n) memory per chunk plus 32 · n for the
    ///   partial sums.
    ///
    /// Reference: U. Brandes, *A faster algorithm for betweenness centrality*, Journal of
    /// Mathematical Sociology 25(2):163–177, 2001; networkx `betweenness_centrality`.
    public func betweenness(normalized: Bool = true, parallel: Bool = true) -> [Double] {
        let n = nodeCount
        if n == 0 { return [] }
        let chunks = Swift.min(Self.betweennessChunkCount, n)
        let partial = DisjointWrites<Double>(count: chunks * n, repeating: 0)
        defer { partial.deallocate() }

        // Iteration `chunk` writes only partial[chunk * n ..< (chunk + 1) * n].
        let work: @Sendable (Int) -> Void = { chunk in
            let slice = UnsafeMutableBufferPointer(rebasing: partial.buffer[(chunk * n)..<((chunk + 1) * n)])
            self.brandes(sourcesFrom: chunk, stride: chunks, into: slice)
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
        if normalized && n > 2 {
            let scale = 1 / (Double(n - 1) * Double(n - 2))
            for v in 0..<n { result[v] *= scale }
        }
        return result
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

    /// Adds the Brandes dependencies of sources `first, first + stride, …` into `sum` (length n).
    private func brandes(sourcesFrom first: Int, stride: Int, into sum: UnsafeMutableBufferPointer<Double>) {
        let n = nodeCount
        let dist = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        dist.initialize(repeating: -1)
        let sigma = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        sigma.initialize(repeating: 0)
        // coef[w] = (1 + δ(w)) / σ(w), written when w is finished in the reverse sweep and read by
        // w's predecessors, which are swept after it. Never read for unreached nodes (dist check).
        let coef = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        coef.initialize(repeating: 0)
        // BFS queue; read backwards it is the stack of nodes by non-increasing distance.
        let queue = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        queue.initialize(repeating: 0)
        defer {
            dist.deallocate(); sigma.deallocate(); coef.deallocate(); queue.deallocate()
        }

        outOffsets.withUnsafeBufferPointer { offs in
            outTargets.withUnsafeBufferPointer { targets in
                var s = first
                while s < n {
                    defer { s += stride }
                    if offs[s] == offs[s + 1] { continue }  // no out-edges: reaches nobody
                    // Forward phase: BFS from s counting shortest paths.
                    queue[0] = Int32(s)
                    dist[s] = 0
                    sigma[s] = 1
                    var head = 0, tail = 1
                    while head < tail {
                        let v = Int(queue[head])
                        head += 1
                        let next = dist[v] + 1
                        let sv = sigma[v]
                        for k in offs[v]..<offs[v + 1] {
                            let w = Int(targets[k])
                            let dw = dist[w]
                            if dw < 0 {
                                dist[w] = next
                                queue[tail] = Int32(w)
                                tail += 1
                                sigma[w] = sv
                            } else if dw == next {
                                sigma[w] += sv
                            }
                        }
                    }
                    // Backward phase: dependencies in reverse BFS order (queue[0] is s itself).
                    var i = tail - 1
                    while i > 0 {
                        let v = Int(queue[i])
                        let next = dist[v] + 1
                        var acc = 0.0
                        for k in offs[v]..<offs[v + 1] {
                            let w = Int(targets[k])
                            if dist[w] == next { acc += coef[w] }
                        }
                        let delta = sigma[v] * acc
                        sum[v] += delta
                        coef[v] = (1 + delta) / sigma[v]
                        i -= 1
                    }
                    // Reset only what this source touched.
                    for j in 0..<tail {
                        let v = Int(queue[j])
                        dist[v] = -1
                        sigma[v] = 0
                    }
                }
            }
        }
    }
}
