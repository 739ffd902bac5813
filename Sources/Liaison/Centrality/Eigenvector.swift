/// A leading-eigenvector measure (eigenvector centrality, HITS) with a flag for the one case where
/// it is not uniquely defined.
public struct SpectralScores: Sendable, Equatable {
    /// One value per node.
    public var values: [Double]
    /// The leading eigenvalue (for HITS: the largest eigenvalue of AᵀA, the squared leading
    /// singular value of A).
    public var eigenvalue: Double
    /// `true` when two or more separate parts of the graph share the largest eigenvalue (relative
    /// difference ≤ 1e-9). The leading eigenvector is then not unique: Liaison returns the sum of the
    /// tied parts' unit vectors divided by √(number of tied parts), while networkx's answer depends
    /// on its solver's start vector.
    public var ambiguous: Bool
}

extension Digraph {
    /// Relative tolerance under which two parts' leading eigenvalues count as tied.
    static let eigenvalueTieTolerance = 1e-9

    /// Eigenvector centrality on the undirected view with summed weights: the referral pair
    /// A → B, B → A becomes one undirected tie of weight w(A,B) + w(B,A). Equal to
    /// `nx.eigenvector_centrality_numpy(U, weight="patients")` on that undirected graph U.
    ///
    /// x is the eigenvector of the symmetric weighted adjacency matrix for its largest eigenvalue λ
    /// (x_v = Σ_u w(u,v) x_u / λ), scaled to unit Euclidean norm with a positive sum, as networkx
    /// does. networkx refuses disconnected graphs; Liaison defines it on them as the leading
    /// eigenvector of the whole matrix: the Perron vector of the connected component with the
    /// largest eigenvalue, zero elsewhere — exactly what a dense eigensolver returns when that
    /// eigenvalue is simple. When several components tie for the largest eigenvalue the result is
    /// flagged ``SpectralScores/ambiguous`` (see there).
    ///
    /// Each connected component's Perron pair is found by the Lanczos method (full
    /// reorthogonalization, residual ≤ 1e-13 · λ), on local indices so many small components cost
    /// O(n + m) in total.
    ///
    /// - Returns: scores (`[]` values for the empty graph; an edgeless graph has λ = 0 and every
    ///   node tied, so uniform 1/√n, ambiguous).
    /// - Throws: ``CentralityError/didNotConverge(iterations:)`` if Lanczos does not converge.
    /// - Complexity: O(c · (m + k · n)) time for c restart cycles of k ≤ 48 steps (c is small when
    ///   the spectral gap is not tiny), O(k · n) memory.
    ///
    /// References: P. Bonacich, *Factoring and weighting approaches to status scores and clique
    /// identification*, J. Math. Sociology 2(1), 1972; networkx `eigenvector_centrality_numpy`.
    public func eigenvectorCentrality() throws -> SpectralScores {
        let n = nodeCount
        if n == 0 { return SpectralScores(values: [], eigenvalue: 0, ambiguous: false) }
        let u = undirectedView()
        // Connected components of the undirected view (= weakly connected components).
        let parts = weaklyConnectedComponents()
        var members = [[Int32]](repeating: [], count: parts.count)
        for v in 0..<n { members[parts.id[v] - 1].append(Int32(v)) }
        var local = [Int32](repeating: 0, count: n)
        var pairs = [(value: Double, vector: [Double])]()
        pairs.reserveCapacity(parts.count)
        for nodes in members {
            for (i, v) in nodes.enumerated() { local[Int(v)] = Int32(i) }
            let solver = LeadingEigen(dimension: nodes.count) { x, y in
                for i in 0..<nodes.count {
                    let v = Int(nodes[i])
                    var s = 0.0
                    for k in u.offsets[v]..<u.offsets[v + 1] { s += u.weights[k] * x[Int(local[Int(u.targets[k])])] }
                    y[i] = s
                }
            }
            pairs.append(try solver.solve())
        }
        return Self.combineLeading(pairs: pairs, members: members, nodeCount: n)
    }

    /// Places the leading part's vector (or the tied parts' vectors, each divided by √t) into an
    /// n-vector, zero elsewhere.
    static func combineLeading(pairs: [(value: Double, vector: [Double])], members: [[Int32]],
                               nodeCount n: Int) -> SpectralScores {
        let top = pairs.map(\.value).max() ?? 0
        let tied = pairs.indices.filter { pairs[$0].value >= top - eigenvalueTieTolerance * abs(top) }
        var values = [Double](repeating: 0, count: n)
        let scale = 1 / Double(tied.count).squareRoot()
        for p in tied {
            for (i, v) in members[p].enumerated() { values[Int(v)] = pairs[p].vector[i] * (tied.count > 1 ? scale : 1) }
        }
        return SpectralScores(values: values, eigenvalue: top, ambiguous: tied.count > 1)
    }
}
