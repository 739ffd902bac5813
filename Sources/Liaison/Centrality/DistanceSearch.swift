import Dispatch
import Foundation

/// The graph as the distance searches read it: 32-bit offsets beside the `Int32` neighbour arrays,
/// so that an adjacency lookup touches half the bytes of the `Int` offsets.
struct CompactAdjacency: Sendable {
    /// `outOffsets` as `Int32`.
    let outOffsets: [Int32]
    /// `inOffsets` as `Int32`.
    let inOffsets: [Int32]

    /// - Precondition: the graph has fewer than 2³¹ edges (a larger one could not be loaded anyway).
    init(_ g: Digraph) {
        precondition(g.edgeCount <= Int(Int32.max), "too many edges for 32-bit offsets")
        outOffsets = g.outOffsets.map { Int32(truncatingIfNeeded: $0) }
        inOffsets = g.inOffsets.map { Int32(truncatingIfNeeded: $0) }
    }
}

/// Per-source sums of hop distances, filled by ``Digraph/distanceSums(sources:parallel:)`` or, when
/// closeness is computed with betweenness, by the Brandes searches: for every node u reached from a
/// source s ≠ u, `reach[u] += 1` and `total[u] += d(s, u)` — the integers
/// ``Digraph/closeness(parallel:)`` and ``Digraph/sampledCloseness(samples:seed:parallel:)`` are made of.
struct DistanceSums {
    let reach: UnsafeMutableBufferPointer<Int32>
    let total: UnsafeMutableBufferPointer<Int>
}

/// Distance-sum accumulators shared by the chunks of one call: a chunk takes one for its whole run
/// and gives it back, so no two running chunks ever hold the same one; a new one is made when none
/// is free (at most one per chunk running at once). Sums of integers do not depend on which
/// accumulator got which source, so ``sums()`` is the same whatever the scheduling.
final class DistanceSumsPool: @unchecked Sendable {
    private let n: Int
    private let lock = NSLock()
    private var all: [DistanceSums] = []
    private var free: [DistanceSums] = []

    init(nodeCount: Int) { n = nodeCount }

    func acquire() -> DistanceSums {
        lock.lock()
        defer { lock.unlock() }
        if let sums = free.popLast() { return sums }
        let reach = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        reach.initialize(repeating: 0)
        let total = UnsafeMutableBufferPointer<Int>.allocate(capacity: n)
        total.initialize(repeating: 0)
        let sums = DistanceSums(reach: reach, total: total)
        all.append(sums)
        return sums
    }

    func release(_ sums: DistanceSums) {
        lock.lock()
        free.append(sums)
        lock.unlock()
    }

    /// The accumulators added up (call after every chunk has returned).
    func sums() -> (reach: [Int32], total: [Int]) {
        var reach = [Int32](repeating: 0, count: n), total = [Int](repeating: 0, count: n)
        for x in all {
            for v in 0..<n { reach[v] += x.reach[v]; total[v] += x.total[v] }
        }
        return (reach, total)
    }

    func deallocate() {
        for x in all { x.reach.deallocate(); x.total.deallocate() }
        all = []
        free = []
    }
}

extension Digraph {
    /// Number of source chunks of ``distanceSums(sources:parallel:)``. The sums are integers, so the
    /// result does not depend on it; a few dozen chunks keep every core busy to the end.
    static let distanceChunkCount = 32

    /// Hop-distance sums over breadth-first searches from `sources` (every node when `nil`): for each
    /// node u, how many sources s ≠ u reach u, and Σ d(s, u) over them — the integers closeness is
    /// made of (``closeness(reach:total:nodeCount:sampled:)``).
    ///
    /// Each search is level-synchronous and direction-optimizing (Beamer et al.): a level is found
    /// top-down over the frontier's out-edges, or bottom-up — every unvisited node looks through its
    /// in-edges for one on the frontier and stops at the first — whichever scans fewer edges; levels
    /// are kept in ascending node order so the arrays are walked forwards. The sums are integers, so
    /// they go into one accumulator per running worker and the result is the same for any
    /// scheduling, serial or parallel.
    ///
    /// - Complexity: O(m) time per source (bottom-up levels stop early), O(n) memory per worker.
    ///
    /// References: S. Beamer, K. Asanović, D. Patterson, *Direction-optimizing breadth-first search*,
    /// SC 2012; D. Eppstein, J. Wang, *Fast approximation of centrality*, JGAA 8(1), 2004.
    func distanceSums(sources: [Int32]?, parallel: Bool) -> (reach: [Int32], total: [Int]) {
        let n = nodeCount
        if n == 0 { return ([], []) }
        let sourceCount = sources?.count ?? n
        let chunks = Swift.max(1, Swift.min(Self.distanceChunkCount, sourceCount))
        let adjacency = CompactAdjacency(self)
        let pool = DistanceSumsPool(nodeCount: n)
        defer { pool.deallocate() }
        let work: @Sendable (Int) -> Void = { chunk in
            var mine = [Int32]()
            var i = chunk
            while i < sourceCount {
                mine.append(sources.map { $0[i] } ?? Int32(i))
                i += chunks
            }
            let sums = pool.acquire()
            self.breadthFirstSearches(sources: mine, adjacency: adjacency, into: sums)
            pool.release(sums)
        }
        if parallel && chunks > 1 {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
        } else {
            for chunk in 0..<chunks { work(chunk) }
        }
        return pool.sums()
    }

    /// One worker's searches (see ``distanceSums(sources:parallel:)``).
    private func breadthFirstSearches(sources: [Int32], adjacency a: CompactAdjacency, into sums: DistanceSums) {
        let n = nodeCount
        func make<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
            b.initialize(repeating: value)
            return b
        }
        let dist = make(n, Int32(-1)), queue = make(n + 1, Int32(0)), unvisited = make(n, Int32(0))
        let bits = make((n + 63) >> 6, UInt64(0))
        defer { dist.deallocate(); queue.deallocate(); unvisited.deallocate(); bits.deallocate() }
        a.outOffsets.withUnsafeBufferPointer { offs in
        a.inOffsets.withUnsafeBufferPointer { inOffs in
        outTargets.withUnsafeBufferPointer { targets in
        inSources.withUnsafeBufferPointer { inSrc in
            for s32 in sources {
                let s = Int(s32)
                if offs[s] == offs[s + 1] { continue }  // no out-edges: reaches nobody
                queue[0] = s32
                dist[s] = 0
                var tail = 1, lo = 0
                var next: Int32 = 1
                var frontierOut = Int(offs[s + 1] &- offs[s])
                var unvisitedIn = edgeCount - Int(inOffs[s + 1] &- inOffs[s])
                var candidates = -1
                while lo < tail {
                    let hi = tail
                    if unvisitedIn + (candidates < 0 ? n : candidates) < frontierOut {
                        if candidates < 0 {
                            candidates = 0
                            for x in 0..<n where dist[x] < 0 {
                                unvisited[candidates] = Int32(truncatingIfNeeded: x)
                                candidates &+= 1
                            }
                        }
                        let cur = next &- 1
                        var kept = 0
                        for j in 0..<candidates {
                            let x32 = unvisited[j], x = Int(x32)
                            if dist[x] >= 0 { continue }
                            var k = Int(inOffs[x])
                            let end = Int(inOffs[x + 1])
                            while k < end && dist[Int(inSrc[k])] != cur { k &+= 1 }
                            if k < end {
                                dist[x] = next
                                queue[tail] = x32
                                tail &+= 1
                            } else {
                                unvisited[kept] = x32
                                kept &+= 1
                            }
                        }
                        candidates = kept
                    } else {
                        var lowest = Int.max, highest = -1
                        for i in lo..<hi {
                            let v = Int(queue[i])
                            for k in Int(offs[v])..<Int(offs[v + 1]) {
                                let x = Int(targets[k])
                                if dist[x] < 0 {
                                    dist[x] = next
                                    bits[x >> 6] |= 1 &<< UInt64(x & 63)
                                    lowest = Swift.min(lowest, x)
                                    highest = Swift.max(highest, x)
                                }
                            }
                        }
                        if highest >= 0 {
                            for word in (lowest >> 6)...(highest >> 6) {
                                var b = bits[word]
                                if b == 0 { continue }
                                bits[word] = 0
                                while b != 0 {
                                    queue[tail] = Int32(truncatingIfNeeded: word << 6 | b.trailingZeroBitCount)
                                    tail &+= 1
                                    b &= b &- 1
                                }
                            }
                        }
                    }
                    frontierOut = 0
                    for i in hi..<tail {
                        let x = Int(queue[i])
                        frontierOut &+= Int(offs[x + 1] &- offs[x])
                        unvisitedIn &-= Int(inOffs[x + 1] &- inOffs[x])
                    }
                    lo = hi
                    next &+= 1
                }
                for i in 1..<tail {
                    let v = Int(queue[i])
                    sums.reach[v] &+= 1
                    sums.total[v] &+= Int(dist[v])
                }
                for i in 0..<tail { dist[Int(queue[i])] = -1 }
            }
        }}}}
    }
}
