// STUB — to be replaced by the real implementation (see issue 2 §3).
extension Digraph {
    /// PageRank. (stub)
    public func pageRank(alpha: Double = 0.85, tolerance: Double = 1e-10, maxIterations: Int = 10_000) throws -> [Double] {
        [Double](repeating: nodeCount > 0 ? 1 / Double(nodeCount) : 0, count: nodeCount)
    }
}
