// STUB — to be replaced by the real implementation (see issue 2 §3).
extension Digraph {
    /// Betweenness centrality. (stub)
    public func betweenness(normalized: Bool = true) -> [Double] { [Double](repeating: 0, count: nodeCount) }
}
