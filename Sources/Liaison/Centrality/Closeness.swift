import Dispatch

extension Digraph {
    /// Number of node chunks closeness is split into for `concurrentPerform` (node u goes to chunk
    /// `u % 32`). Every value is computed by one BFS in one chunk, so results never depend on it.
    static let closenessChunkCount = 32

    /// Closeness centrality of every node from *incoming* hop distances, with Wasserman–Faust
    /// scaling; equal to `nx.closeness_centrality(G)` on a networkx `DiGraph` (networkx 3.x,
    /// `wf_improved=True`, unweighted).
    ///
    /// For node u let r(u) be the number of nodes that can reach u (u included) and D(u) the sum of
    /// the shortest-path lengths d(v, u) from those nodes to u, found by a breadth-first search that
    /// follows in-edges. Then
    ///
    ///     closeness(u) = (r − 1) / D · (r − 1) / (n − 1)
    ///
    /// and 0 when D = 0 (nobody reaches u) or n ≤ 1. The second factor scales down nodes reached from
    /// only a small part of the graph, so that values stay comparable across components.
    ///
    /// The searches run through `DispatchQueue.concurrentPerform` over a fixed set of node chunks,
    /// each with its own `Int32` distance array and queue; each node's value is written by exactly one
    /// search, so the result does not depend on scheduling and equals `parallel: false`.
    ///
    /// - Parameter parallel: run the chunks concurrently (default `true`).
    /// - Returns: one value per node; `[]` for the empty graph.
    /// - Complexity: O(n(n + m)) time for n nodes and m edges, O(n) memory per chunk.
    ///
    /// References: S. Wasserman, K. Faust, *Social Network Analysis: Methods and Applications*,
    /// Cambridge University Press, 1994 (closeness for disconnected graphs, §5.3); networkx
    /// `closeness_centrality`.
    public func closeness(parallel: Bool = true) -> [Double] {
        let n = nodeCount
        if n == 0 { return [] }
        if n == 1 { return [0] }
        return perNodeChunks(parallel: parallel) { first, stride, out in
            self.incomingCloseness(nodesFrom: first, stride: stride, into: out)
        }
    }

    /// Runs `body(first, stride, out)` for each of a fixed number of node chunks — serially or with
    /// `concurrentPerform` — where chunk `c` writes only `out[u]` for u ≡ c (mod chunks). The chunking
    /// does not depend on thread timing, so parallel results are bit-identical to serial ones.
    func perNodeChunks(parallel: Bool,
                       _ body: @escaping @Sendable (Int, Int, UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        let n = nodeCount
        let chunks = Swift.min(Self.closenessChunkCount, n)
        let out = DisjointWrites<Double>(count: n, repeating: 0)
        defer { out.deallocate() }
        let work: @Sendable (Int) -> Void = { chunk in body(chunk, chunks, out.buffer) }
        if parallel && chunks > 1 {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
        } else {
            for chunk in 0..<chunks { work(chunk) }
        }
        return Array(out.buffer)
    }

    /// Writes `result[u]` for nodes `first, first + stride, …`.
    private func incomingCloseness(nodesFrom first: Int, stride: Int, into result: UnsafeMutableBufferPointer<Double>) {
        let n = nodeCount
        let dist = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        dist.initialize(repeating: -1)
        let queue = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        queue.initialize(repeating: 0)
        defer { dist.deallocate(); queue.deallocate() }

        inOffsets.withUnsafeBufferPointer { offs in
            inSources.withUnsafeBufferPointer { sources in
                var u = first
                while u < n {
                    defer { u += stride }
                    queue[0] = Int32(u)
                    dist[u] = 0
                    var head = 0, tail = 1
                    var total = 0  // Σ d(v, u); at most n · n, fits Int
                    while head < tail {
                        let v = Int(queue[head])
                        head += 1
                        let next = dist[v] + 1
                        for k in offs[v]..<offs[v + 1] {
                            let w = Int(sources[k])
                            if dist[w] < 0 {
                                dist[w] = next
                                total += Int(next)
                                queue[tail] = Int32(w)
                                tail += 1
                            }
                        }
                    }
                    for j in 0..<tail { dist[Int(queue[j])] = -1 }
                    // Same operations in the same order as networkx: (r − 1) / D, then times (r − 1) / (n − 1).
                    if total > 0 {
                        let reached = Double(tail - 1)
                        var c = reached / Double(total)
                        c *= reached / Double(n - 1)
                        result[u] = c
                    } else {
                        result[u] = 0
                    }
                }
            }
        }
    }
}
