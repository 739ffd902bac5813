/// A partition of a network's nodes into communities, with its modularity.
///
/// Community ids are stable: they do not depend on the algorithm's internal order. Communities are
/// numbered `0..<count` by size, largest first; communities of equal size are ordered by their
/// smallest member key (the expert id when ids are given, otherwise the node index). Isolated
/// nodes form singleton communities.
public struct Communities: Sendable, Equatable {
    /// The algorithm that produced a partition.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// Blondel, Guillaume, Lambiotte & Lefebvre (2008), "Fast unfolding of communities in large networks".
        case louvain
        /// Traag, Waltman & van Eck (2019), "From Louvain to Leiden: guaranteeing well-connected communities".
        case leiden
    }

    /// Community id of each node, in `0..<count`.
    public var assignment: [Int]
    /// Number of communities.
    public var count: Int
    /// Modularity of the partition at ``resolution`` (see ``UndirectedGraph/modularity(_:resolution:)``).
    public var modularity: Double
    /// Number of aggregation levels the algorithm went through (0 when no node moved).
    public var levels: Int
    /// The algorithm used.
    public var algorithm: Algorithm
    /// The random seed used.
    public var seed: UInt64
    /// The resolution γ used.
    public var resolution: Double

    /// Number of members of each community, indexed by community id (non-increasing).
    public var sizes: [Int] {
        var s = [Int](repeating: 0, count: count)
        for c in assignment { s[c] += 1 }
        return s
    }

    /// Members of each community, indexed by community id, each list ascending.
    public var members: [[Int]] {
        var m = [[Int]](repeating: [], count: count)
        for (v, c) in assignment.enumerated() { m[c].append(v) }
        return m
    }

    /// Builds a partition from raw labels, renumbering communities stably (see the type's description).
    ///
    /// - Parameters:
    ///   - labels: any label per node; equal labels mean the same community.
    ///   - graph: the graph the modularity is computed on.
    ///   - ids: per-node keys that break ties between communities of equal size (their smallest
    ///     member); `nil` uses node indices.
    /// - Complexity: O(n log n + m).
    public init(labels: [Int], graph: UndirectedGraph, ids: [String]? = nil, levels: Int = 0,
                algorithm: Algorithm = .louvain, seed: UInt64 = 0, resolution: Double = 1) {
        precondition(labels.count == graph.nodeCount, "one label per node")
        precondition(ids.map { $0.count == labels.count } ?? true, "one id per node")
        // Dense labels in order of first appearance, with each community's size and smallest member.
        var dense = [Int: Int]()
        var size = [Int](), first = [Int]()
        var raw = [Int](repeating: 0, count: labels.count)
        for (v, l) in labels.enumerated() {
            if let c = dense[l] {
                raw[v] = c
                size[c] += 1
                if let ids, ids[v] < ids[first[c]] { first[c] = v }
            } else {
                dense[l] = size.count
                raw[v] = size.count
                size.append(1)
                first.append(v)
            }
        }
        let order = size.indices.sorted { a, b in
            if size[a] != size[b] { return size[a] > size[b] }
            if let ids { return ids[first[a]] != ids[first[b]] ? ids[first[a]] < ids[first[b]] : first[a] < first[b] }
            return first[a] < first[b]
        }
        var newId = [Int](repeating: 0, count: size.count)
        for (k, c) in order.enumerated() { newId[c] = k }
        assignment = raw.map { newId[$0] }
        count = size.count
        self.levels = levels
        self.algorithm = algorithm
        self.seed = seed
        self.resolution = resolution
        modularity = graph.modularity(assignment, resolution: resolution)
    }

    /// Detects communities with the Louvain method (Blondel et al. 2008) on the undirected view of
    /// `g` with summed weights. See the `UndirectedGraph` overload.
    public static func louvain(_ g: Digraph, seed: UInt64 = 42, resolution: Double = 1,
                               ids: [String]? = nil) -> Communities {
        louvain(UndirectedGraph(g), seed: seed, resolution: resolution, ids: ids)
    }

    /// Detects communities with the Leiden method (Traag et al. 2019) on the undirected view of
    /// `g` with summed weights. See the `UndirectedGraph` overload.
    public static func leiden(_ g: Digraph, seed: UInt64 = 42, resolution: Double = 1,
                              ids: [String]? = nil) -> Communities {
        leiden(UndirectedGraph(g), seed: seed, resolution: resolution, ids: ids)
    }

    /// Detects communities with `algorithm` on the undirected view of `g`.
    public static func detect(_ g: Digraph, algorithm: Algorithm, seed: UInt64 = 42, resolution: Double = 1,
                              ids: [String]? = nil) -> Communities {
        let u = UndirectedGraph(g)
        switch algorithm {
        case .louvain: return louvain(u, seed: seed, resolution: resolution, ids: ids)
        case .leiden: return leiden(u, seed: seed, resolution: resolution, ids: ids)
        }
    }

    public static func == (a: Communities, b: Communities) -> Bool {
        a.assignment == b.assignment && a.count == b.count && a.modularity.bitPattern == b.modularity.bitPattern
            && a.levels == b.levels && a.algorithm == b.algorithm && a.seed == b.seed
            && a.resolution.bitPattern == b.resolution.bitPattern
    }
}

