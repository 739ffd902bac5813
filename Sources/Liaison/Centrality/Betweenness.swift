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

    /// `count` elements left uninitialized: for trivial element types whose every element is written
    /// before it is read (a fill of a large buffer then runs once, on every core, instead of twice).
    init(uninitializedCount count: Int) {
        buffer = .allocate(capacity: count)
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
    /// networkx does for directed graphs. Edge weights are ignored (see
    /// ``weightedBetweenness(normalized:parallel:)`` for paths of length 1 / patients).
    ///
    /// Uses Brandes' algorithm, one search per source (``brandesSearches(sources:into:distances:)``):
    /// level-synchronous and direction-optimizing, dependencies accumulated level by level without
    /// predecessor lists.
    ///
    /// Sources are split into a fixed set of chunks (source s goes to chunk `s % 32`), each with its
    /// own preallocated buffers and partial sum; with `parallel` the chunks run through
    /// `DispatchQueue.concurrentPerform`. Every choice above depends only on the graph and the source,
    /// and partial sums are added in chunk order, so the result is bit-identical run to run and
    /// between `parallel: true` and `parallel: false`.
    ///
    /// - Parameters:
    ///   - normalized: scale by 1 / ((n − 1)(n − 2)) (default `true`).
    ///   - parallel: run the chunks concurrently (default `true`); `false` runs them in order on the
    ///     calling thread and gives exactly the same numbers.
    /// - Returns: one value per node; `[]` for the empty graph.
    /// - Complexity: O(nm) time for n nodes and m edges (less in practice: bottom-up levels and the
    ///   skipped deepest level scan only part of the edges), O(n) memory per chunk plus 32 · n for
    ///   the partial sums.
    ///
    /// References: U. Brandes, *A faster algorithm for betweenness centrality*, Journal of
    /// Mathematical Sociology 25(2):163–177, 2001; S. Beamer, K. Asanović, D. Patterson,
    /// *Direction-optimizing breadth-first search*, SC 2012; networkx `betweenness_centrality`.
    public func betweenness(normalized: Bool = true, parallel: Bool = true) -> [Double] {
        let raw = betweennessSums(sources: nil, weighted: false, parallel: parallel)
        return Self.rescaleBetweenness(raw, nodeCount: nodeCount, normalized: normalized, sampled: nil)
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

    /// Unscaled Brandes sums Σ_{s ∈ sources} δ_s(v) (all nodes when `sources` is `nil`), over hop
    /// paths or, with `weighted`, over paths of length Σ 1 / patients.
    ///
    /// Source number i (its index in `sources`, or the node itself) goes to chunk `i % 32`.
    func betweennessSums(sources: [Int32]?, weighted: Bool, parallel: Bool) -> [Double] {
        brandesTotals(sources: sources, weighted: weighted, distances: false, parallel: parallel).dependency
    }

    /// What one pass of Brandes searches adds up: the dependency sums and, when asked, the hop
    /// distance sums of ``DistanceSums`` (empty otherwise).
    struct BrandesTotals {
        /// Σ_s δ_s(v).
        var dependency: [Double]
        /// Number of sources s ≠ v that reach v.
        var reach: [Int32]
        /// Σ_s d(s, v) over those sources.
        var total: [Int]
    }

    /// Brandes searches from `sources` (all nodes when `nil`), chunked as
    /// ``betweennessSums(sources:weighted:parallel:)``; with `distances` (hop paths only), the searches
    /// also sum each node's distances from the sources.
    ///
    /// The dependency partial sums are per chunk and added in chunk order (bit-identical whatever the
    /// scheduling); the distance sums are integers, so they go into one accumulator per running
    /// worker and are added in any order.
    func brandesTotals(sources: [Int32]?, weighted: Bool, distances: Bool, parallel: Bool) -> BrandesTotals {
        let n = nodeCount
        if n == 0 { return BrandesTotals(dependency: [], reach: [], total: []) }
        let sourceCount = sources?.count ?? n
        let chunks = Swift.max(1, Swift.min(Self.betweennessChunkCount, sourceCount))
        let partial = DisjointWrites<Double>(count: chunks * n, repeating: 0)
        defer { partial.deallocate() }
        let lengths: [Double] = weighted ? outWeights.map { 1 / $0 } : []
        let pool = DistanceSumsPool(nodeCount: n)
        defer { pool.deallocate() }
        let withDistances = distances && !weighted

        // Iteration `chunk` writes only partial[chunk * n ..< (chunk + 1) * n], and distance sums only
        // into the accumulator it holds alone until it returns it.
        let work: @Sendable (Int) -> Void = { chunk in
            let slice = UnsafeMutableBufferPointer(rebasing: partial.buffer[(chunk * n)..<((chunk + 1) * n)])
            var mine = [Int32]()
            var i = chunk
            while i < sourceCount {
                mine.append(sources.map { $0[i] } ?? Int32(i))
                i += chunks
            }
            if weighted {
                self.dijkstraBrandes(sources: mine, lengths: lengths, into: slice)
            } else {
                let sums = withDistances ? pool.acquire() : nil
                self.brandesSearches(sources: mine, into: slice, distances: sums)
                if let sums { pool.release(sums) }
            }
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
        let (reach, total) = withDistances ? pool.sums() : ([], [])
        return BrandesTotals(dependency: result, reach: reach, total: total)
    }

    /// networkx 3.x `_rescale` for directed graphs (endpoints excluded). Exact (`sampled == nil`):
    /// normalized × 1 / ((n − 1)(n − 2)). Sampled with k sources: a node that is itself a sampled
    /// source is scaled by 1 / ((k − 1)(n − 2)), any other by 1 / (k(n − 2)) (unnormalized:
    /// (n − 1) / (k − 1) and (n − 1) / k), which makes each estimate unbiased.
    static func rescaleBetweenness(_ raw: [Double], nodeCount n: Int, normalized: Bool,
                                   sampled: [Int32]?) -> [Double] {
        var b = raw
        if n <= 2 { return b }
        guard let sampled, sampled.count < n else {
            if normalized {
                let scale = 1 / (Double(n - 1) * Double(n - 2))
                for v in 0..<n { b[v] *= scale }
            }
            return b
        }
        let k = Double(sampled.count)
        let scaleSource = normalized ? 1 / ((k - 1) * Double(n - 2)) : Double(n - 1) / (k - 1)
        let scaleOther = normalized ? 1 / (k * Double(n - 2)) : Double(n - 1) / k
        var isSource = [Bool](repeating: false, count: n)
        for s in sampled { isSource[Int(s)] = true }
        for v in 0..<n { b[v] *= isSource[v] ? (sampled.count > 1 ? scaleSource : 0) : scaleOther }
        return b
    }
}
