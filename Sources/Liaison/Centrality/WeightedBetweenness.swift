extension Digraph {
    /// Betweenness centrality over weighted shortest paths, where an edge's length is
    /// 1 / patients (a strong referral tie is a short path); equal to
    /// `nx.betweenness_centrality(G, normalized=normalized, weight="length")` on a networkx
    /// `DiGraph` whose `"length"` attribute is `1 / patients`.
    ///
    /// Same definition and normalization as ``betweenness(normalized:parallel:)``, with σ_st counting
    /// the s→t paths of least total length. Path lengths are floating-point sums, compared exactly as
    /// networkx does: each length is `1 / patients` rounded once, a path's length is accumulated
    /// edge by edge from the source in the same order, so two paths tie exactly when networkx's
    /// sums tie (e.g. 1/2 + 1/2 = 1 but 1/10 + 1/5 ≠ 3/10 in binary floating point; both tools see the
    /// same tie or none).
    ///
    /// Brandes' algorithm with Dijkstra's search (binary heap with lazy deletion) per source; the
    /// dependency sweep runs over the settled nodes in reverse order and pulls from out-neighbours w
    /// with d(w) == d(v) + length(v, w) exactly — networkx's predecessor lists, without storing them.
    /// Sources are chunked and summed as in ``betweenness(normalized:parallel:)``, so the result is
    /// bit-identical between `parallel: true` and `parallel: false`.
    ///
    /// - Returns: one value per node; `[]` for the empty graph.
    /// - Complexity: O(n m log n) time, O(n + m) memory per chunk plus 32 · n for partial sums.
    ///
    /// References: U. Brandes, *A faster algorithm for betweenness centrality*, Journal of
    /// Mathematical Sociology 25(2):163–177, 2001 (weighted variant); networkx
    /// `betweenness_centrality(weight=…)`.
    public func weightedBetweenness(normalized: Bool = true, parallel: Bool = true) -> [Double] {
        let raw = betweennessSums(sources: nil, weighted: true, parallel: parallel)
        return Self.rescaleBetweenness(raw, nodeCount: nodeCount, normalized: normalized, sampled: nil)
    }

    /// Adds the weighted Brandes dependencies of each source in `sources` into `sum`;
    /// `lengths` is parallel to `outTargets`.
    func dijkstraBrandes(sources: [Int32], lengths: [Double], into sum: UnsafeMutableBufferPointer<Double>) {
        let n = nodeCount
        var dist = [Double](repeating: .infinity, count: n)
        var settled = [Bool](repeating: false, count: n)
        var sigma = [Double](repeating: 0, count: n)
        var coef = [Double](repeating: 0, count: n)
        var order = [Int32]()          // settled nodes by non-decreasing distance
        order.reserveCapacity(n)
        var touched = [Int32]()        // every node given a tentative distance
        touched.reserveCapacity(n)
        var heap = MinHeap()

        for s32 in sources {
            let s = Int(s32)
            if outOffsets[s] == outOffsets[s + 1] { continue }
            order.removeAll(keepingCapacity: true)
            touched.removeAll(keepingCapacity: true)
            dist[s] = 0
            sigma[s] = 1
            touched.append(s32)
            heap.push(0, s32)
            while let (d, v32) = heap.pop() {
                let v = Int(v32)
                if settled[v] || d > dist[v] { continue }
                settled[v] = true
                order.append(v32)
                let sv = sigma[v]
                for k in outOffsets[v]..<outOffsets[v + 1] {
                    let w = Int(outTargets[k])
                    if settled[w] { continue }
                    let candidate = d + lengths[k]
                    let dw = dist[w]
                    if candidate < dw {
                        if dw == .infinity { touched.append(Int32(w)) }
                        dist[w] = candidate
                        sigma[w] = sv
                        heap.push(candidate, Int32(w))
                    } else if candidate == dw {
                        sigma[w] += sv
                    }
                }
            }
            // Dependencies in reverse settling order (order[0] is s).
            var i = order.count - 1
            while i > 0 {
                let v = Int(order[i])
                let dv = dist[v]
                var acc = 0.0
                for k in outOffsets[v]..<outOffsets[v + 1] {
                    let w = Int(outTargets[k])
                    if dist[w] == dv + lengths[k] && settled[w] { acc += coef[w] }
                }
                let delta = sigma[v] * acc
                sum[v] += delta
                coef[v] = (1 + delta) / sigma[v]
                i -= 1
            }
            for v32 in touched {
                let v = Int(v32)
                dist[v] = .infinity; settled[v] = false; sigma[v] = 0; coef[v] = 0
            }
        }
    }
}

/// A binary min-heap of (distance, node) pairs for Dijkstra's search.
struct MinHeap {
    private var keys = [Double]()
    private var nodes = [Int32]()

    mutating func push(_ key: Double, _ node: Int32) {
        keys.append(key)
        nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if keys[p] <= key { break }
            keys[i] = keys[p]; nodes[i] = nodes[p]
            i = p
        }
        keys[i] = key; nodes[i] = node
    }

    mutating func pop() -> (Double, Int32)? {
        guard let lastKey = keys.popLast(), let lastNode = nodes.popLast() else { return nil }
        if keys.isEmpty { return (lastKey, lastNode) }
        let top = (keys[0], nodes[0])
        let count = keys.count
        var i = 0
        while true {
            let l = 2 * i + 1
            if l >= count { break }
            let r = l + 1
            let c = r < count && keys[r] < keys[l] ? r : l
            if keys[c] >= lastKey { break }
            keys[i] = keys[c]; nodes[i] = nodes[c]
            i = c
        }
        keys[i] = lastKey; nodes[i] = lastNode
        return top
    }
}
