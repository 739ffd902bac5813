import Dispatch

extension Digraph {
    /// Number of node chunks ``perNodeChunks(parallel:_:)`` splits the nodes into (node u goes to
    /// chunk `u % 32`). Every value is computed in one chunk, so results never depend on it.
    static let closenessChunkCount = 32

    /// Closeness centrality of every node from *incoming* hop distances, with Wasserman–Faust
    /// scaling; equal to `nx.closeness_centrality(G)` on a networkx `DiGraph` (networkx 3.x,
    /// `wf_improved=True`, unweighted).
    ///
    /// For node u let r(u) be the number of nodes that can reach u (u included) and D(u) the sum of
    /// the shortest-path lengths d(v, u) from those nodes to u. Then
    ///
    ///     closeness(u) = (r − 1) / D · (r − 1) / (n − 1)
    ///
    /// and 0 when D = 0 (nobody reaches u) or n ≤ 1. The second factor scales down nodes reached from
    /// only a small part of the graph, so that values stay comparable across components.
    ///
    /// The distances come from one breadth-first search per node along out-edges
    /// (``distanceSums(sources:parallel:)``): a search from v adds d(v, u) to the sum of every u it
    /// reaches — the same integers as a search along in-edges from each u, found with searches that
    /// stream through the arrays level by level. Sums of integers do not depend on scheduling, so the
    /// result equals `parallel: false` bit for bit.
    /// (`rank --columns id,closeness --exact`, 10 000 experts, median of 3: 2.25 s (2.24–2.40)
    /// against 3.04 s (2.84–3.20) for one plain search along in-edges per node.)
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
        let (reach, total) = distanceSums(sources: nil, parallel: parallel)
        return Self.closeness(reach: reach, total: total, nodeCount: n, sampled: nil)
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
}
