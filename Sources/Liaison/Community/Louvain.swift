extension Communities {
    /// Detects communities with the Louvain method: Blondel, Guillaume, Lambiotte & Lefebvre (2008),
    /// "Fast unfolding of communities in large networks", J. Stat. Mech. P10008.
    ///
    /// Each level moves single nodes to the neighbouring community with the largest modularity gain
    /// until no move improves modularity, then aggregates every community into one node and repeats,
    /// until a level merges nothing. Nodes are visited from a queue seeded in a random order drawn
    /// from `seed` (SplitMix64); a moved node re-queues its neighbours outside its new community
    /// (the "fast local move" of Traag et al. 2019). Ties keep the current community, then the first
    /// community met in adjacency order. Everything runs in one deterministic sequence, so the same
    /// graph and seed always give the same partition, bit for bit.
    ///
    /// - Parameters:
    ///   - g: the undirected network; weights are strengths (patients).
    ///   - seed: seed of the node order.
    ///   - resolution: γ ≥ 0 of the modularity `Σ_c [L_c/m − γ (K_c/2m)²]`; above 1 gives smaller communities.
    ///   - ids: per-node keys for stable community ids (see ``Communities``); `nil` uses node indices.
    ///   - refine: after the last level, carry the partition back down and run local moving again on
    ///     every finer level (multilevel refinement, Rotta & Noack 2011, as NetworKit's `PLM(refine=True)`);
    ///     it never lowers modularity and typically raises it by 0.01–0.02 on sparse networks.
    /// - Complexity: O(m) per sweep of the local moving, typically a few sweeps per level and
    ///   O(log n) levels; O(n + m) memory.
    public static func louvain(_ g: UndirectedGraph, seed: UInt64 = 42, resolution: Double = 1,
                               ids: [String]? = nil, refine: Bool = true) -> Communities {
        precondition(resolution >= 0 && resolution.isFinite, "resolution must be a finite non-negative number")
        var random = SplitMix64(seed: seed)
        var graphs = [g]
        var maps: [[Int32]] = []          // maps[l][v]: the node of level l + 1 that node v of level l became
        while let level = graphs.last {
            var comm = CommunityEngine.identity(level.nodeCount)
            CommunityEngine.moveNodes(level, community: &comm, resolution: resolution, random: &random)
            let count = CommunityEngine.relabel(&comm)
            if count == level.nodeCount { break }
            maps.append(comm)
            graphs.append(CommunityEngine.aggregate(level, community: comm, count: count))
        }
        // Prolong the top level's partition down to the nodes, optionally moving nodes again on
        // every finer level (multilevel refinement).
        var labels = CommunityEngine.identity(graphs[graphs.count - 1].nodeCount)
        for l in stride(from: maps.count - 1, through: 0, by: -1) {
            var comm = maps[l].map { labels[Int($0)] }
            if refine {
                CommunityEngine.moveNodes(graphs[l], community: &comm, resolution: resolution, random: &random)
                CommunityEngine.relabel(&comm)
            }
            labels = comm
        }
        return Communities(labels: labels.map { Int($0) }, graph: g, ids: ids, levels: maps.count,
                           algorithm: .louvain, seed: seed, resolution: resolution)
    }
}

/// The phases Louvain and Leiden share, on flat arrays: local moving, relabelling and aggregation.
enum CommunityEngine {
    /// `[0, 1, …, n-1]`.
    static func identity(_ n: Int) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: n) { b, c in
            for v in 0..<n { b[v] = Int32(v) }
            c = n
        }
    }

    /// Renumbers labels (each in `0..<n`) densely in order of first appearance; returns the count.
    @discardableResult
    static func relabel(_ labels: inout [Int32]) -> Int {
        var map = [Int32](repeating: -1, count: labels.count)
        var next: Int32 = 0
        for v in labels.indices {
            let l = Int(labels[v])
            if map[l] < 0 { map[l] = next; next += 1 }
            labels[v] = map[l]
        }
        return Int(next)
    }

    /// Local moving (queue-based): moves nodes between communities while modularity increases.
    ///
    /// `comm` holds a label in `0..<n` per node on entry (a partition to improve) and on exit.
    /// Returns whether any node moved.
    ///
    /// - Complexity: O(deg(v)) per visit of `v`, with a dense scratch array and a touched list
    ///   instead of a hash map.
    @discardableResult
    static func moveNodes(_ g: UndirectedGraph, community comm: inout [Int32], resolution: Double,
                          random: inout SplitMix64) -> Bool {
        let n = g.nodeCount
        guard n > 1, g.totalWeight > 0 else { return false }
        let m2 = 2 * g.totalWeight
        var tot = [Double](repeating: 0, count: n)
        for v in 0..<n { tot[Int(comm[v])] += g.strengths[v] }
        var queue = random.permutation(n)
        var inQueue = [Bool](repeating: true, count: n)
        var weightTo = [Double](repeating: 0, count: n)
        var mark = [Int](repeating: -1, count: n)
        var touched = [Int32](repeating: 0, count: n)
        var moved = false
        g.offsets.withUnsafeBufferPointer { off in
        g.neighbours.withUnsafeBufferPointer { nb in
        g.weights.withUnsafeBufferPointer { w in
        g.strengths.withUnsafeBufferPointer { k in
        comm.withUnsafeMutableBufferPointer { comm in
        tot.withUnsafeMutableBufferPointer { tot in
        queue.withUnsafeMutableBufferPointer { queue in
        inQueue.withUnsafeMutableBufferPointer { inQueue in
        weightTo.withUnsafeMutableBufferPointer { weightTo in
        mark.withUnsafeMutableBufferPointer { mark in
        touched.withUnsafeMutableBufferPointer { touched in
            var head = 0, pending = n, stamp = 0
            while pending > 0 {
                let i = Int(queue[head])
                head = head + 1 == n ? 0 : head + 1
                pending -= 1
                inQueue[i] = false
                stamp += 1
                let ci = Int(comm[i]), ki = k[i]
                var nTouched = 0
                for e in off[i]..<off[i + 1] {
                    let c = Int(comm[Int(nb[e])])
                    if mark[c] != stamp {
                        mark[c] = stamp
                        weightTo[c] = 0
                        touched[nTouched] = Int32(c)
                        nTouched += 1
                    }
                    weightTo[c] += w[e]
                }
                tot[ci] -= ki
                let scale = resolution * ki / m2
                var best = ci
                var bestGain = (mark[ci] == stamp ? weightTo[ci] : 0) - scale * tot[ci]
                // A move must beat staying by more than rounding noise, so the queue cannot cycle.
                let tolerance = 1e-12 * ki
                for t in 0..<nTouched {
                    let c = Int(touched[t])
                    let gain = weightTo[c] - scale * tot[c]
                    if gain > bestGain + tolerance { best = c; bestGain = gain }
                }
                tot[best] += ki
                if best != ci {
                    comm[i] = Int32(best)
                    moved = true
                    for e in off[i]..<off[i + 1] {
                        let j = Int(nb[e])
                        if !inQueue[j] && Int(comm[j]) != best {
                            inQueue[j] = true
                            var tail = head + pending
                            if tail >= n { tail -= n }
                            queue[tail] = Int32(j)
                            pending += 1
                        }
                    }
                }
            }
        }}}}}}}}}}}
        return moved
    }

    /// The graph with each community of `comm` (labels dense in `0..<count`) collapsed into one node:
    /// edges between communities summed, edges inside a community becoming its self-loop.
    ///
    /// - Complexity: O(n + m + Σ_c d_c log d_c), d_c = neighbouring communities of c.
    static func aggregate(_ g: UndirectedGraph, community comm: [Int32], count: Int) -> UndirectedGraph {
        let n = g.nodeCount
        var start = [Int](repeating: 0, count: count + 1)
        for v in 0..<n { start[Int(comm[v]) + 1] += 1 }
        for c in 0..<count { start[c + 1] += start[c] }
        var fill = start
        var members = [Int32](repeating: 0, count: n)
        for v in 0..<n {
            let c = Int(comm[v])
            members[fill[c]] = Int32(v)
            fill[c] += 1
        }
        var offs = [Int](repeating: 0, count: count + 1)
        var nbOut = [Int32]()
        var wOut = [Double]()
        nbOut.reserveCapacity(g.neighbours.count / 2)
        wOut.reserveCapacity(g.neighbours.count / 2)
        var loops = [Double](repeating: 0, count: count)
        var weightTo = [Double](repeating: 0, count: count)
        var mark = [Int](repeating: -1, count: count)
        var touched = [Int32]()
        g.offsets.withUnsafeBufferPointer { off in
        g.neighbours.withUnsafeBufferPointer { nb in
        g.weights.withUnsafeBufferPointer { w in
        comm.withUnsafeBufferPointer { comm in
        weightTo.withUnsafeMutableBufferPointer { weightTo in
        mark.withUnsafeMutableBufferPointer { mark in
            for c in 0..<count {
                var loop = 0.0
                touched.removeAll(keepingCapacity: true)
                for idx in start[c]..<start[c + 1] {
                    let i = Int(members[idx])
                    loop += g.selfLoops[i]
                    for e in off[i]..<off[i + 1] {
                        let j = Int(nb[e])
                        let d = Int(comm[j])
                        if d == c {
                            if j > i { loop += w[e] }
                        } else {
                            if mark[d] != c {
                                mark[d] = c
                                weightTo[d] = 0
                                touched.append(Int32(d))
                            }
                            weightTo[d] += w[e]
                        }
                    }
                }
                touched.sort()
                for d in touched {
                    nbOut.append(d)
                    wOut.append(weightTo[Int(d)])
                }
                loops[c] = loop
                offs[c + 1] = nbOut.count
            }
        }}}}}}
        return UndirectedGraph(nodeCount: count, offsets: offs, neighbours: nbOut, weights: wOut, selfLoops: loops)
    }
}
