extension Digraph {
    /// k-core number of every node on the undirected view (u–v when u → v or v → u; self-loops are
    /// never stored); equal to `nx.core_number(G.to_undirected())`.
    ///
    /// The k-core is the largest subgraph in which every node has at least k neighbours; a node's
    /// core number is the largest k whose k-core contains it. Degrees count distinct neighbours, so
    /// an A → B, B → A pair is one tie; weights are ignored.
    ///
    /// Batagelj–Zaversnik: nodes are bucket-sorted by degree and repeatedly the node of smallest
    /// current degree is removed, lowering its remaining neighbours' degrees, with O(1) bucket moves.
    ///
    /// - Returns: one value per node (0 for isolated nodes); `[]` for the empty graph.
    /// - Complexity: O(n + m) time and memory.
    ///
    /// Reference: V. Batagelj, M. Zaversnik, *An O(m) algorithm for cores decomposition of
    /// networks*, arXiv:cs/0310049, 2003; networkx `core_number`.
    public func coreNumbers() -> [Int] {
        let n = nodeCount
        if n == 0 { return [] }
        let u = undirectedView()
        var degree = (0..<n).map { u.degree($0) }
        let maxDegree = degree.max() ?? 0
        // bin[d] = first position of degree-d nodes in `order`.
        var bin = [Int](repeating: 0, count: maxDegree + 2)
        for d in degree { bin[d + 1] += 1 }
        for d in 0..<(maxDegree + 1) { bin[d + 1] += bin[d] }
        var position = [Int](repeating: 0, count: n)
        var order = [Int](repeating: 0, count: n)
        var fill = bin
        for v in 0..<n {
            position[v] = fill[degree[v]]
            order[position[v]] = v
            fill[degree[v]] += 1
        }
        for i in 0..<n {
            let v = order[i]
            for k in u.offsets[v]..<u.offsets[v + 1] {
                let w = Int(u.targets[k])
                if degree[w] > degree[v] {
                    // Move w to the front of its bin, then shrink that bin by one.
                    let dw = degree[w]
                    let pw = position[w]
                    let start = bin[dw]
                    let first = order[start]
                    if first != w {
                        order[pw] = first; position[first] = pw
                        order[start] = w; position[w] = start
                    }
                    bin[dw] += 1
                    degree[w] -= 1
                }
            }
        }
        return degree
    }
}
