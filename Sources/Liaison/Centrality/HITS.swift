extension Digraph {
    /// HITS hub and authority scores weighted by patients; equal to `nx.hits(G)` on a graph whose
    /// `"weight"` edge attribute holds the patients (networkx's HITS reads the attribute named
    /// `"weight"`; Liaison always weights by patients), with networkx's normalization to sum 1.
    ///
    /// With A the weighted adjacency matrix (A[u][v] = patients u → v), the authority vector a is
    /// the leading eigenvector of AᵀA (the leading right singular vector of A) and the hub vector is
    /// h = A a; each is then divided by its sum. A good authority receives many patients from good
    /// hubs; a good hub sends many patients to good authorities.
    ///
    /// AᵀA splits into independent blocks of co-cited nodes (two nodes are in one block when some
    /// expert refers to both, transitively); nodes nobody refers to have authority 0. Each block's
    /// leading pair is found by Lanczos (residual ≤ 1e-13 · λ) and the block with the largest
    /// eigenvalue wins, like the leading singular vector networkx's `svds` returns. If blocks tie,
    /// the result is flagged ``SpectralScores/ambiguous``.
    ///
    /// - Returns: (hubs, authorities), each summing to 1 (all zeros for a graph without edges);
    ///   `ambiguous` and `eigenvalue` are the same in both.
    /// - Throws: ``CentralityError/didNotConverge(iterations:)`` if Lanczos does not converge.
    /// - Complexity: O(c · (m + k · n)) time for c restart cycles of k ≤ 48 steps, O(k · n) memory.
    ///
    /// References: J. M. Kleinberg, *Authoritative sources in a hyperlinked environment*, Journal of
    /// the ACM 46(5):604–632, 1999; networkx `hits`.
    public func hits() throws -> (hubs: SpectralScores, authorities: SpectralScores) {
        let n = nodeCount
        if n == 0 {
            let empty = SpectralScores(values: [], eigenvalue: 0, ambiguous: false)
            return (empty, empty)
        }
        // Blocks of AᵀA: union the out-neighbours of every node (union–find, path halving).
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for v in 0..<n where outOffsets[v + 1] - outOffsets[v] > 1 {
            let first = find(Int(outTargets[outOffsets[v]]))
            for k in (outOffsets[v] + 1)..<outOffsets[v + 1] {
                let r = find(Int(outTargets[k]))
                if r != first { parent[Swift.max(r, first)] = Swift.min(r, first) }
            }
        }
        // Blocks with at least one citation; hubs of a block = nodes citing into it.
        var blockOf = [Int](repeating: -1, count: n)
        var members = [[Int32]]()
        var hubs = [[Int32]]()
        for v in 0..<n where inOffsets[v + 1] > inOffsets[v] {
            let r = find(v)
            if blockOf[r] < 0 { blockOf[r] = members.count; members.append([]); hubs.append([]) }
            members[blockOf[r]].append(Int32(v))
        }
        for h in 0..<n where outOffsets[h + 1] > outOffsets[h] {
            hubs[blockOf[find(Int(outTargets[outOffsets[h]]))]].append(Int32(h))
        }
        if members.isEmpty {
            let zero = SpectralScores(values: [Double](repeating: 0, count: n), eigenvalue: 0, ambiguous: false)
            return (zero, zero)
        }
        var local = [Int32](repeating: 0, count: n)
        var pairs = [(value: Double, vector: [Double])]()
        for (b, nodes) in members.enumerated() {
            for (i, v) in nodes.enumerated() { local[Int(v)] = Int32(i) }
            let blockHubs = hubs[b]
            let solver = LeadingEigen(dimension: nodes.count) { x, y in
                for i in 0..<y.count { y[i] = 0 }
                // AᵀA x = Σ_h A[h,·]ᵀ (A[h,·] · x).
                for h32 in blockHubs {
                    let h = Int(h32)
                    var t = 0.0
                    for k in outOffsets[h]..<outOffsets[h + 1] { t += outWeights[k] * x[Int(local[Int(outTargets[k])])] }
                    for k in outOffsets[h]..<outOffsets[h + 1] { y[Int(local[Int(outTargets[k])])] += outWeights[k] * t }
                }
            }
            pairs.append(try solver.solve())
        }
        let authority = Self.combineLeading(pairs: pairs, members: members, nodeCount: n)
        var a = authority.values
        var h = [Double](repeating: 0, count: n)
        for v in 0..<n {
            var s = 0.0
            for k in outOffsets[v]..<outOffsets[v + 1] { s += outWeights[k] * a[Int(outTargets[k])] }
            h[v] = s
        }
        let hs = h.reduce(0, +), asum = a.reduce(0, +)
        if hs > 0 { for v in 0..<n { h[v] /= hs } }
        if asum > 0 { for v in 0..<n { a[v] /= asum } }
        return (SpectralScores(values: h, eigenvalue: authority.eigenvalue, ambiguous: authority.ambiguous),
                SpectralScores(values: a, eigenvalue: authority.eigenvalue, ambiguous: authority.ambiguous))
    }
}
