/// A compact directed, weighted graph in compressed-sparse-row form, shared by every algorithm.
///
/// Nodes are `0..<nodeCount`. Parallel edges given to the initializer are merged (weights summed)
/// and self-loops dropped, so each ordered pair appears at most once. Out- and in-adjacency are both
/// stored, each sorted by neighbour index, so algorithms iterate contiguous `Int32` and `Double` arrays
/// with no per-node objects or dictionaries.
///
/// - Complexity: building is O(n + m log m) for m edges; memory is about 24 bytes per edge.
public struct Digraph: Sendable {
    /// Number of nodes.
    public let nodeCount: Int
    /// `outOffsets[v]..<outOffsets[v+1]` indexes `outTargets`/`outWeights` for node `v`'s out-edges.
    public let outOffsets: [Int]
    /// Targets of out-edges, grouped by source.
    public let outTargets: [Int32]
    /// Weights of out-edges, parallel to `outTargets`.
    public let outWeights: [Double]
    /// `inOffsets[v]..<inOffsets[v+1]` indexes `inSources`/`inWeights` for node `v`'s in-edges.
    public let inOffsets: [Int]
    /// Sources of in-edges, grouped by target.
    public let inSources: [Int32]
    /// Weights of in-edges, parallel to `inSources`.
    public let inWeights: [Double]

    /// Number of distinct directed edges.
    public var edgeCount: Int { outTargets.count }

    /// Builds a graph from an edge list. Parallel edges are summed; self-loops and edges whose summed
    /// weight is not positive are dropped (a pair with no patients is no link).
    ///
    /// - Precondition: every endpoint is in `0..<nodeCount`.
    public init(nodeCount: Int, edges: [(source: Int, target: Int, weight: Double)]) {
        precondition(nodeCount >= 0 && nodeCount <= Int(Int32.max))
        self.nodeCount = nodeCount
        // Sort edge indices by (source, target) with a counting sort on source, then sort each bucket.
        var count = [Int](repeating: 0, count: nodeCount + 1)
        for e in edges where e.source != e.target {
            precondition(e.source >= 0 && e.source < nodeCount && e.target >= 0 && e.target < nodeCount,
                         "edge endpoint out of range")
            count[e.source + 1] += 1
        }
        for i in 0..<nodeCount { count[i + 1] += count[i] }
        var fill = count
        var tgt = [Int32](repeating: 0, count: count[nodeCount])
        var wgt = [Double](repeating: 0, count: count[nodeCount])
        for e in edges where e.source != e.target {
            let p = fill[e.source]
            tgt[p] = Int32(e.target)
            wgt[p] = e.weight
            fill[e.source] += 1
        }
        // Per source: sort by target, merge duplicates, drop non-positive.
        var offs = [Int](repeating: 0, count: nodeCount + 1)
        var outT = [Int32]()
        var outW = [Double]()
        outT.reserveCapacity(tgt.count)
        outW.reserveCapacity(tgt.count)
        var pairBuf = [(Int32, Double)]()
        for v in 0..<nodeCount {
            let lo = count[v], hi = count[v + 1]
            pairBuf.removeAll(keepingCapacity: true)
            var sorted = true
            for k in lo..<hi {
                if k > lo && tgt[k] < tgt[k - 1] { sorted = false }
                pairBuf.append((tgt[k], wgt[k]))
            }
            if !sorted { pairBuf.sort { $0.0 < $1.0 } }
            var k = 0
            while k < pairBuf.count {
                let t = pairBuf[k].0
                var w = 0.0
                while k < pairBuf.count && pairBuf[k].0 == t { w += pairBuf[k].1; k += 1 }
                if w > 0 { outT.append(t); outW.append(w) }
            }
            offs[v + 1] = outT.count
        }
        outOffsets = offs
        outTargets = outT
        outWeights = outW
        // Transpose for in-adjacency (sources come out sorted because we scan sources in order).
        var inCount = [Int](repeating: 0, count: nodeCount + 1)
        for t in outT { inCount[Int(t) + 1] += 1 }
        for i in 0..<nodeCount { inCount[i + 1] += inCount[i] }
        var inFill = inCount
        var inS = [Int32](repeating: 0, count: outT.count)
        var inW = [Double](repeating: 0, count: outT.count)
        for v in 0..<nodeCount {
            for k in offs[v]..<offs[v + 1] {
                let t = Int(outT[k])
                let p = inFill[t]
                inS[p] = Int32(v)
                inW[p] = outW[k]
                inFill[t] += 1
            }
        }
        inOffsets = inCount
        inSources = inS
        inWeights = inW
    }

    /// Number of distinct out-neighbours of `v`.
    @inlinable public func outDegree(_ v: Int) -> Int { outOffsets[v + 1] - outOffsets[v] }
    /// Number of distinct in-neighbours of `v`.
    @inlinable public func inDegree(_ v: Int) -> Int { inOffsets[v + 1] - inOffsets[v] }

    /// Sum of out-edge weights of `v`.
    public func outStrength(_ v: Int) -> Double {
        var s = 0.0
        for k in outOffsets[v]..<outOffsets[v + 1] { s += outWeights[k] }
        return s
    }

    /// Sum of in-edge weights of `v`.
    public func inStrength(_ v: Int) -> Double {
        var s = 0.0
        for k in inOffsets[v]..<inOffsets[v + 1] { s += inWeights[k] }
        return s
    }

    /// The graph with every edge reversed.
    public var reversed: Digraph {
        Digraph(nodeCount: nodeCount, outOffsets: inOffsets, outTargets: inSources, outWeights: inWeights,
                inOffsets: outOffsets, inSources: outTargets, inWeights: outWeights)
    }

    private init(nodeCount: Int, outOffsets: [Int], outTargets: [Int32], outWeights: [Double],
                 inOffsets: [Int], inSources: [Int32], inWeights: [Double]) {
        self.nodeCount = nodeCount
        self.outOffsets = outOffsets
        self.outTargets = outTargets
        self.outWeights = outWeights
        self.inOffsets = inOffsets
        self.inSources = inSources
        self.inWeights = inWeights
    }
}

extension Dataset {
    /// The referral graph: experts as nodes (same indices as ``experts``), a directed edge
    /// source → target weighted by patients summed over the referrals counted in `period`
    /// (all referrals when `period` is `nil`).
    public func referralGraph(period: Period? = nil) -> Digraph {
        let rs = referrals(in: period)
        var edges = [(source: Int, target: Int, weight: Double)]()
        edges.reserveCapacity(rs.count)
        for r in rs { edges.append((r.source, r.target, Double(r.patients))) }
        return Digraph(nodeCount: experts.count, edges: edges)
    }
}
