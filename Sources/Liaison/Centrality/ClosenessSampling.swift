import Dispatch

extension Digraph {
    /// Number of chunks sampled closeness splits its sources into. Partial sums are integers, so
    /// the result is the same for any chunking and thread timing; 8 chunks bound the extra memory to
    /// 8 · 12 bytes per node.
    static let sampledClosenessChunkCount = 8

    /// Closeness estimated from `samples` source nodes drawn with `seed` (the same draw as
    /// ``sampledBetweenness(samples:seed:weightedPaths:normalized:parallel:)``); with `samples ≥ n`
    /// exactly ``closeness(parallel:)``.
    ///
    /// One breadth-first search per sampled source s follows out-edges and, for every node u it
    /// reaches, counts s among u's reachers and adds d(s, u) to u's distance sum (Eppstein & Wang's
    /// estimator). For a node u the number of other experts reaching it, r − 1, and the sum D of
    /// their distances are then scaled up by (n − 1) / k — by (n − 1) / (k − 1) when u is itself a
    /// sampled source, whose own search says nothing about u — and put in the Wasserman–Faust
    /// formula of ``closeness(parallel:)``: (r − 1)/D · (r − 1)/(n − 1). The reach fraction
    /// (r − 1)/(n − 1) is estimated without bias, within √(ln(2n/δ) / (2(k − 1))) for every node
    /// with probability 1 − δ (Hoeffding, as for betweenness); the mean distance D/(r − 1) is a ratio
    /// estimate, consistent but not exactly unbiased, whose error shrinks as 1/√k times the
    /// diameter (Eppstein & Wang 2004).
    ///
    /// - Returns: one estimate per node.
    /// - Complexity: O(k(n + m)) time, O(n) memory per chunk.
    ///
    /// Reference: D. Eppstein, J. Wang, *Fast approximation of centrality*, Journal of Graph
    /// Algorithms and Applications 8(1):39–45, 2004.
    public func sampledCloseness(samples: Int, seed: UInt64, parallel: Bool = true) -> [Double] {
        let n = nodeCount
        if samples >= n || n <= 2 { return closeness(parallel: parallel) }
        let k = Swift.max(2, samples)
        let sources = Self.sampleSources(nodeCount: n, samples: k, seed: seed)
        let chunks = Swift.min(Self.sampledClosenessChunkCount, k)
        let reach = DisjointWrites<Int32>(count: chunks * n, repeating: 0)
        let total = DisjointWrites<Int>(count: chunks * n, repeating: 0)
        defer { reach.deallocate(); total.deallocate() }
        // Iteration `chunk` writes only its own slice [chunk * n, (chunk + 1) * n) of both buffers.
        let work: @Sendable (Int) -> Void = { chunk in
            var mine = [Int32]()
            var i = chunk
            while i < sources.count { mine.append(sources[i]); i += chunks }
            self.outgoingDistanceSums(
                sources: mine,
                reach: UnsafeMutableBufferPointer(rebasing: reach.buffer[(chunk * n)..<((chunk + 1) * n)]),
                total: UnsafeMutableBufferPointer(rebasing: total.buffer[(chunk * n)..<((chunk + 1) * n)]))
        }
        if parallel && chunks > 1 {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
        } else {
            for chunk in 0..<chunks { work(chunk) }
        }
        var isSource = [Bool](repeating: false, count: n)
        for s in sources { isSource[Int(s)] = true }
        var result = [Double](repeating: 0, count: n)
        for u in 0..<n {
            var r = 0, d = 0
            for c in 0..<chunks { r += Int(reach.buffer[c * n + u]); d += total.buffer[c * n + u] }
            guard d > 0 else { continue }
            let scale = Double(n - 1) / Double(isSource[u] ? k - 1 : k)
            let reachers = Double(r) * scale
            var c = Double(r) / Double(d)        // (r − 1)/D: the scale cancels
            c *= reachers / Double(n - 1)
            result[u] = c
        }
        return result
    }

    /// For each source, BFS over out-edges; reach[u] += 1 and total[u] += d(s, u) for reached u ≠ s.
    private func outgoingDistanceSums(sources: [Int32], reach: UnsafeMutableBufferPointer<Int32>,
                                      total: UnsafeMutableBufferPointer<Int>) {
        let n = nodeCount
        var dist = [Int32](repeating: -1, count: n)
        var queue = [Int32](repeating: 0, count: n)
        for s32 in sources {
            let s = Int(s32)
            dist[s] = 0
            queue[0] = s32
            var head = 0, tail = 1
            while head < tail {
                let v = Int(queue[head])
                head += 1
                let next = dist[v] + 1
                for k in outOffsets[v]..<outOffsets[v + 1] {
                    let w = Int(outTargets[k])
                    if dist[w] < 0 {
                        dist[w] = next
                        queue[tail] = Int32(w)
                        tail += 1
                        reach[w] += 1
                        total[w] += Int(next)
                    }
                }
            }
            for j in 0..<tail { dist[Int(queue[j])] = -1 }
        }
    }
}
