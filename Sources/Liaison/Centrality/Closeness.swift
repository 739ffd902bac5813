// STUB — to be replaced by the real implementation (see issue 2 §3).
extension Digraph {
    /// Closeness centrality. (stub)
    public func closeness() -> [Double] { [Double](repeating: 0, count: nodeCount) }
}
