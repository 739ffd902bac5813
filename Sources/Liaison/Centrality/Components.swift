/// A partition of the experts into connected components, with stable ids.
///
/// Ids are 1, 2, …: 1 is the largest component, and components of equal size are ordered by their
/// smallest member (node index, i.e. the order of ``Dataset/experts``), so the ids depend only on
/// the graph, never on traversal order or threads.
public struct ComponentLabels: Sendable, Equatable {
    /// Component id (1-based) of every node.
    public let id: [Int]
    /// Size of component `c` at index `c − 1`.
    public let sizes: [Int]

    /// Number of components.
    public var count: Int { sizes.count }

    /// Size of the component of node `v`.
    public func size(ofNode v: Int) -> Int { sizes[id[v] - 1] }

    /// Relabels raw component numbers `0..<count` (any order) by size, then smallest member.
    init(raw: [Int], count: Int) {
        var size = [Int](repeating: 0, count: count)
        var smallest = [Int](repeating: Int.max, count: count)
        for (v, c) in raw.enumerated() {
            size[c] += 1
            if v < smallest[c] { smallest[c] = v }
        }
        let order = (0..<count).sorted { a, b in
            size[a] != size[b] ? size[a] > size[b] : smallest[a] < smallest[b]
        }
        var newId = [Int](repeating: 0, count: count)
        for (rank, c) in order.enumerated() { newId[c] = rank + 1 }
        id = raw.map { newId[$0] }
        sizes = order.map { size[$0] }
    }
}

extension Digraph {
    /// Weakly connected components: u and v are in the same component when a path joins them
    /// ignoring edge directions. Equal, as a partition, to `nx.weakly_connected_components(G)`.
    ///
    /// Breadth-first search over out- and in-edges with an explicit queue (no recursion), so a
    /// million-node path is fine.
    ///
    /// - Returns: labels with ids ordered by size (see ``ComponentLabels``).
    /// - Complexity: O(n + m) time, O(n) extra memory.
    public func weaklyConnectedComponents() -> ComponentLabels {
        let n = nodeCount
        var raw = [Int](repeating: -1, count: n)
        var queue = [Int32](repeating: 0, count: n)
        var count = 0
        for start in 0..<n where raw[start] < 0 {
            raw[start] = count
            queue[0] = Int32(start)
            var head = 0, tail = 1
            while head < tail {
                let v = Int(queue[head])
                head += 1
                for k in outOffsets[v]..<outOffsets[v + 1] {
                    let w = Int(outTargets[k])
                    if raw[w] < 0 { raw[w] = count; queue[tail] = Int32(w); tail += 1 }
                }
                for k in inOffsets[v]..<inOffsets[v + 1] {
                    let w = Int(inSources[k])
                    if raw[w] < 0 { raw[w] = count; queue[tail] = Int32(w); tail += 1 }
                }
            }
            count += 1
        }
        return ComponentLabels(raw: raw, count: count)
    }

    /// Strongly connected components: u and v are in the same component when each reaches the
    /// other along directed edges. Equal, as a partition, to `nx.strongly_connected_components(G)`.
    ///
    /// Tarjan's algorithm made iterative: an explicit stack of (node, next out-edge) frames replaces
    /// recursion, so depth is bounded by memory, not the thread stack (a directed path of a million
    /// nodes is one frame per node on the heap).
    ///
    /// - Returns: labels with ids ordered by size (see ``ComponentLabels``).
    /// - Complexity: O(n + m) time, O(n) extra memory.
    ///
    /// Reference: R. E. Tarjan, *Depth-first search and linear graph algorithms*, SIAM Journal on
    /// Computing 1(2):146–160, 1972.
    public func stronglyConnectedComponents() -> ComponentLabels {
        let n = nodeCount
        var index = [Int32](repeating: -1, count: n)   // discovery order, -1 = unvisited
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var raw = [Int](repeating: -1, count: n)
        var stack = [Int32]()           // Tarjan's stack of visited, unassigned nodes
        var frames = [(node: Int32, edge: Int)]()  // the simulated call stack
        var counter: Int32 = 0
        var count = 0
        for root in 0..<n where index[root] < 0 {
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); onStack[root] = true
            frames.append((Int32(root), outOffsets[root]))
            while let top = frames.last {
                let v = Int(top.node)
                var k = top.edge
                var descended = false
                while k < outOffsets[v + 1] {
                    let w = Int(outTargets[k])
                    k += 1
                    if index[w] < 0 {
                        frames[frames.count - 1].edge = k
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(Int32(w)); onStack[w] = true
                        frames.append((Int32(w), outOffsets[w]))
                        descended = true
                        break
                    } else if onStack[w] {
                        low[v] = Swift.min(low[v], index[w])
                    }
                }
                if descended { continue }
                // v is finished.
                frames.removeLast()
                if low[v] == index[v] {
                    while let w = stack.popLast() {
                        onStack[Int(w)] = false
                        raw[Int(w)] = count
                        if Int(w) == v { break }
                    }
                    count += 1
                }
                if let parent = frames.last {
                    let p = Int(parent.node)
                    low[p] = Swift.min(low[p], low[v])
                }
            }
        }
        return ComponentLabels(raw: raw, count: count)
    }
}
