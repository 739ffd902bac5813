extension Communities {
    /// Detects communities with the Leiden method: Traag, Waltman & van Eck (2019), "From Louvain to
    /// Leiden: guaranteeing well-connected communities", Scientific Reports 9, 5233.
    ///
    /// Each level runs Louvain's fast local moving, then *refines* every community: starting from
    /// singletons inside it, each node that is well connected to its community (in a random order
    /// drawn from `seed`) merges into the well-connected sub-community with the largest modularity
    /// gain, when that gain is not negative (the greedy, θ → 0, form of the paper's randomized merge).
    /// The refined sub-communities become the nodes of the aggregated graph, whose starting partition
    /// is the unrefined one. Communities found this way are always connected, which Louvain does not
    /// guarantee. Stops when local moving leaves every aggregated node in its own community.
    /// Deterministic: the same graph and seed always give the same partition, bit for bit.
    ///
    /// - Parameters:
    ///   - g: the undirected network; weights are strengths (patients).
    ///   - seed: seed of the node orders.
    ///   - resolution: γ ≥ 0 of the modularity `Σ_c [L_c/m − γ (K_c/2m)²]`.
    ///   - ids: per-node keys for stable community ids (see ``Communities``); `nil` uses node indices.
    ///   - iterations: how many times the whole method runs, each starting from the previous
    ///     partition (as `leidenalg`'s `n_iterations`); it stops early when a run changes nothing.
    /// - Complexity: O(m) per sweep of local moving and O(m) per refinement; O(n + m) memory.
    public static func leiden(_ g: UndirectedGraph, seed: UInt64 = 42, resolution: Double = 1,
                              ids: [String]? = nil, iterations: Int = 2) -> Communities {
        precondition(resolution >= 0 && resolution.isFinite, "resolution must be a finite non-negative number")
        var random = SplitMix64(seed: seed)
        var labels = CommunityEngine.identity(g.nodeCount)
        var levels = 0
        for _ in 0..<max(1, iterations) {
            var level = g
            var nodeLevel = CommunityEngine.identity(g.nodeCount)
            var comm = labels
            while true {
                CommunityEngine.moveNodes(level, community: &comm, resolution: resolution, random: &random)
                let count = CommunityEngine.relabel(&comm)
                if count == level.nodeCount { break }
                levels += 1
                var refined = CommunityEngine.refine(level, community: comm, count: count, resolution: resolution,
                                                     random: &random)
                var refinedCount = CommunityEngine.relabel(&refined)
                if refinedCount == level.nodeCount {
                    // Refinement merged nothing: aggregate by the partition itself so the level shrinks.
                    refined = comm
                    refinedCount = count
                }
                var next = [Int32](repeating: 0, count: refinedCount)
                for v in 0..<level.nodeCount { next[Int(refined[v])] = comm[v] }
                for v in nodeLevel.indices { nodeLevel[v] = refined[Int(nodeLevel[v])] }
                level = CommunityEngine.aggregate(level, community: refined, count: refinedCount)
                comm = next
            }
            var result = nodeLevel.map { comm[Int($0)] }
            CommunityEngine.relabel(&result)
            if result == labels { break }
            labels = result
        }
        return Communities(labels: labels.map { Int($0) }, graph: g, ids: ids, levels: levels,
                           algorithm: .leiden, seed: seed, resolution: resolution)
    }
}

extension CommunityEngine {
    /// Leiden's refinement: sub-communities of `comm` (dense labels in `0..<count`) grown greedily
    /// from singletons. A node `v` of community `S` is considered only while it is still a singleton
    /// and well connected, `w(v, S − v) ≥ γ k_v (K_S − k_v) / 2m`; it may join a sub-community `C ⊆ S`
    /// only when `C` is well connected, `w(C, S − C) ≥ γ K_C (K_S − K_C) / 2m`.
    ///
    /// Returns a label per node (the label of a sub-community is one of its nodes).
    /// - Complexity: O(n + m).
    static func refine(_ g: UndirectedGraph, community comm: [Int32], count: Int, resolution: Double,
                       random: inout SplitMix64) -> [Int32] {
        let n = g.nodeCount
        var refined = identity(n)
        guard n > 1, g.totalWeight > 0 else { return refined }
        let m2 = 2 * g.totalWeight
        var totS = [Double](repeating: 0, count: count)
        for v in 0..<n { totS[Int(comm[v])] += g.strengths[v] }
        var refTot = g.strengths
        var refSize = [Int32](repeating: 1, count: n)
        var refExt = [Double](repeating: 0, count: n)
        let order = random.permutation(n)
        var weightTo = [Double](repeating: 0, count: n)
        var mark = [Int](repeating: -1, count: n)
        var touched = [Int32](repeating: 0, count: n)
        g.offsets.withUnsafeBufferPointer { off in
        g.neighbours.withUnsafeBufferPointer { nb in
        g.weights.withUnsafeBufferPointer { w in
        g.strengths.withUnsafeBufferPointer { k in
        comm.withUnsafeBufferPointer { comm in
        refined.withUnsafeMutableBufferPointer { refined in
        refTot.withUnsafeMutableBufferPointer { refTot in
        refSize.withUnsafeMutableBufferPointer { refSize in
        refExt.withUnsafeMutableBufferPointer { refExt in
        weightTo.withUnsafeMutableBufferPointer { weightTo in
        mark.withUnsafeMutableBufferPointer { mark in
        touched.withUnsafeMutableBufferPointer { touched in
            for v in 0..<n {
                let s = comm[v]
                var ext = 0.0
                for e in off[v]..<off[v + 1] where comm[Int(nb[e])] == s { ext += w[e] }
                refExt[v] = ext
            }
            for (stamp, vv) in order.enumerated() {
                let v = Int(vv)
                guard refined[v] == Int32(v), refSize[v] == 1 else { continue }
                let s = Int(comm[v]), kv = k[v]
                guard refExt[v] >= resolution * kv * (totS[s] - kv) / m2 else { continue }
                var nTouched = 0
                for e in off[v]..<off[v + 1] {
                    let j = Int(nb[e])
                    guard Int(comm[j]) == s else { continue }
                    let r = Int(refined[j])
                    if mark[r] != stamp {
                        mark[r] = stamp
                        weightTo[r] = 0
                        touched[nTouched] = Int32(r)
                        nTouched += 1
                    }
                    weightTo[r] += w[e]
                }
                var best = -1
                var bestGain = 0.0
                for t in 0..<nTouched {
                    let r = Int(touched[t])
                    guard refExt[r] >= resolution * refTot[r] * (totS[s] - refTot[r]) / m2 else { continue }
                    let gain = weightTo[r] - resolution * kv * refTot[r] / m2
                    if gain >= 0 && (best < 0 || gain > bestGain) { best = r; bestGain = gain }
                }
                if best >= 0 {
                    refined[v] = Int32(best)
                    refTot[best] += kv
                    refSize[best] += 1
                    refSize[v] = 0
                    refExt[best] += refExt[v] - 2 * weightTo[best]
                }
            }
        }}}}}}}}}}}}
        return refined
    }
}
