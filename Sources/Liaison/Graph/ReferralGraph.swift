/// Edges handed to ``Digraph``'s builder without first copying them into an array of tuples.
protocol EdgeList: SendableMetatype {
    var count: Int { get }
    func source(_ i: Int) -> Int
    func target(_ i: Int) -> Int
    func weight(_ i: Int) -> Double
}

/// An array of `(source, target, weight)` tuples.
struct TupleEdges: EdgeList {
    let edges: UnsafeBufferPointer<(source: Int, target: Int, weight: Double)>
    var count: Int { edges.count }
    @inline(__always) func source(_ i: Int) -> Int { edges[i].source }
    @inline(__always) func target(_ i: Int) -> Int { edges[i].target }
    @inline(__always) func weight(_ i: Int) -> Double { edges[i].weight }
}

/// The links of a ``ReferralTable`` (all, or the rows listed), weighted by patients; with `mirror`,
/// each link a second time reversed.
struct TableEdges: EdgeList {
    let source: UnsafeBufferPointer<Int32>
    let target: UnsafeBufferPointer<Int32>
    let patients: UnsafeBufferPointer<Int>
    let rows: UnsafeBufferPointer<Int>?
    let mirror: Bool
    private var n: Int { rows?.count ?? source.count }
    var count: Int { mirror ? 2 * n : n }
    @inline(__always) private func row(_ i: Int) -> Int {
        let k = i < n ? i : i - n
        return rows.map { $0[k] } ?? k
    }
    @inline(__always) func source(_ i: Int) -> Int { Int(i < n ? source[row(i)] : target[row(i)]) }
    @inline(__always) func target(_ i: Int) -> Int { Int(i < n ? target[row(i)] : source[row(i)]) }
    @inline(__always) func weight(_ i: Int) -> Double { Double(patients[row(i)]) }
}

extension ReferralTable {
    /// The graph of the links listed in `rows` (all when `nil`), on `nodeCount` nodes; with `mirror`,
    /// every link both ways.
    func graph(nodeCount: Int, rows: [Int]?, mirror: Bool) -> Digraph {
        source.withUnsafeBufferPointer { s in
            target.withUnsafeBufferPointer { t in
                patients.withUnsafeBufferPointer { p in
                    if let rows {
                        return rows.withUnsafeBufferPointer { r in
                            Digraph(nodeCount: nodeCount, edges: TableEdges(source: s, target: t, patients: p, rows: r, mirror: mirror))
                        }
                    }
                    return Digraph(nodeCount: nodeCount, edges: TableEdges(source: s, target: t, patients: p, rows: nil, mirror: mirror))
                }
            }
        }
    }

    /// The graph of every link as read (built once per table, see ``GraphMemo``).
    func graphAsRead(nodeCount: Int) -> Digraph {
        let g = memo.graph { graph(nodeCount: nodeCount, rows: nil, mirror: false) }
        // A table shared by datasets of different sizes is not expected; rebuild rather than guess.
        return g.nodeCount == nodeCount ? g : graph(nodeCount: nodeCount, rows: nil, mirror: false)
    }
}

extension Digraph {
    /// The graph with each tie held both ways, weighted w(A,B) + w(B,A): the undirected view
    /// (``undirectedView()``, out- and in-lists merged per node) as a digraph.
    ///
    /// - Complexity: O(n + m).
    public var symmetrized: Digraph {
        let u = undirectedView()
        // Symmetric: the in-lists are the out-lists.
        return Digraph(nodeCount: nodeCount, outOffsets: u.offsets, outTargets: u.targets, outWeights: u.weights,
                       inOffsets: u.offsets, inSources: u.targets, inWeights: u.weights)
    }
}

extension Dataset {
    /// The referral graph the measures run on: experts as nodes (same indices as ``experts``), a
    /// directed edge source → target weighted by patients summed over the referrals counted in
    /// `period` (all referrals when `period` is `nil`). When ``linksAreUndirected``, each tie is held
    /// both ways with the patients of both directions, w(A,B) + w(B,A).
    ///
    /// Patient totals must not be summed from this graph's edges in both directions when links are
    /// undirected (each tie appears twice): use ``referralGraphAsRead(period:)`` for those.
    public func referralGraph(period: Period? = nil) -> Digraph {
        // A period that counts every link has the graph of all periods (built once, kept).
        if period == nil || links.accepted(in: period) == nil {
            let g = links.graphAsRead(nodeCount: experts.count)
            return linksAreUndirected ? g.symmetrized : g
        }
        return links.graph(nodeCount: experts.count, rows: links.rows(in: period).rowNumbers, mirror: linksAreUndirected)
    }

    /// The referral links of `period` as read, one edge per direction that has patients, whatever
    /// ``linksAreUndirected`` says: for counting patients, each once.
    public func referralGraphAsRead(period: Period? = nil) -> Digraph {
        if period == nil || links.accepted(in: period) == nil { return links.graphAsRead(nodeCount: experts.count) }
        return links.graph(nodeCount: experts.count, rows: links.rows(in: period).rowNumbers, mirror: false)
    }
}
