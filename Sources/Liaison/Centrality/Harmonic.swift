import Dispatch

extension Digraph {
    /// Harmonic centrality of every node from *incoming* hop distances; equal to
    /// `nx.harmonic_centrality(G)` on a networkx `DiGraph` (unweighted).
    ///
    ///     harmonic(u) = Σ_{v ≠ u, v reaches u} 1 / d(v, u)
    ///
    /// networkx runs a search from every source v and adds 1/d(v, u) to each node u it reaches, so
    /// a node is central when many experts reach it in few referral hops — the same direction as
    /// ``closeness(parallel:)``. Unlike closeness it needs no correction for disconnected graphs
    /// (unreachable pairs add 0). Not normalized (networkx does not divide by n − 1).
    ///
    /// One breadth-first search per node follows in-edges; the sum is taken level by level
    /// (nodes at distance d contribute count_d / d), so each node's value comes from one search in a
    /// fixed order. The searches run through `DispatchQueue.concurrentPerform` over a fixed set of
    /// node chunks with their own `Int32` distance arrays; results do not depend on scheduling and
    /// equal `parallel: false` bit for bit.
    ///
    /// - Parameter parallel: run the chunks concurrently (default `true`).
    /// - Returns: one value per node; `[]` for the empty graph.
    /// - Complexity: O(n(n + m)) time for n nodes and m edges, O(n) memory per chunk.
    ///
    /// References: M. Marchiori, V. Latora, *Harmony in the small-world*, Physica A 285(3–4):539–546,
    /// 2000; P. Boldi, S. Vigna, *Axioms for centrality*, Internet Mathematics 10(3–4), 2014;
    /// networkx `harmonic_centrality`.
    public func harmonic(parallel: Bool = true) -> [Double] {
        let n = nodeCount
        if n == 0 { return [] }
        return perNodeChunks(parallel: parallel) { first, stride, out in
            self.incomingHarmonic(nodesFrom: first, stride: stride, into: out)
        }
    }

    /// Writes `result[u]` for nodes `first, first + stride, …`.
    private func incomingHarmonic(nodesFrom first: Int, stride: Int, into result: UnsafeMutableBufferPointer<Double>) {
        let n = nodeCount
        let seen = UnsafeMutableBufferPointer<Bool>.allocate(capacity: n)
        seen.initialize(repeating: false)
        let queue = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        queue.initialize(repeating: 0)
        defer { seen.deallocate(); queue.deallocate() }

        inOffsets.withUnsafeBufferPointer { offs in
            inSources.withUnsafeBufferPointer { sources in
                var u = first
                while u < n {
                    defer { u += stride }
                    queue[0] = Int32(u)
                    seen[u] = true
                    var levelStart = 0, tail = 1
                    var distance = 0
                    var total = 0.0
                    while levelStart < tail {
                        let levelEnd = tail
                        distance += 1
                        for i in levelStart..<levelEnd {
                            let v = Int(queue[i])
                            for k in offs[v]..<offs[v + 1] {
                                let w = Int(sources[k])
                                if !seen[w] {
                                    seen[w] = true
                                    queue[tail] = Int32(w)
                                    tail += 1
                                }
                            }
                        }
                        if tail > levelEnd { total += Double(tail - levelEnd) / Double(distance) }
                        levelStart = levelEnd
                    }
                    for j in 0..<tail { seen[Int(queue[j])] = false }
                    result[u] = total
                }
            }
        }
    }
}
