/// Each node's role with respect to a partition, after Guimerà & Amaral (2005), "Functional
/// cartography of complex metabolic networks", Nature 433, 895–900, with weighted degrees.
///
/// On the undirected view with summed weights, with `k_i` the strength of node `i` (self-loop
/// excluded), `k_ic` the weight of its edges into community `c` and `s_i` its own community:
///
/// - participation `P_i = 1 − Σ_c (k_ic / k_i)²`: 0 when every tie stays inside one community,
///   approaching 1 when ties spread evenly over many; 0 for isolated nodes;
/// - within-community degree z-score `z_i = (k_{i s_i} − mean) / sd`, mean and (population)
///   standard deviation of `k_{j s_j}` over the members `j` of `s_i`; 0 when that deviation is 0;
/// - communities touched: how many distinct communities `i` has ties into (its own included when
///   it has ties inside it).
public struct CommunityRoles: Sendable {
    /// Participation coefficient of each node.
    public var participation: [Double]
    /// Within-community strength z-score of each node.
    public var withinCommunityZ: [Double]
    /// Number of distinct communities each node has ties into.
    public var communitiesTouched: [Int]
    /// Strength (weighted degree, self-loops excluded) of each node.
    public var strength: [Double]

    /// Computes the roles of every node of `g` under `assignment` (labels in `0..<count`).
    ///
    /// - Complexity: O(n + m), with a dense scratch array and a touched list per node.
    public init(graph g: UndirectedGraph, assignment: [Int]) {
        precondition(assignment.count == g.nodeCount, "one community per node")
        let n = g.nodeCount
        let labels = (assignment.max() ?? -1) + 1
        var part = [Double](repeating: 0, count: n)
        var touchedCount = [Int](repeating: 0, count: n)
        var str = [Double](repeating: 0, count: n)
        var inside = [Double](repeating: 0, count: n)
        var weightTo = [Double](repeating: 0, count: labels)
        var mark = [Int](repeating: -1, count: labels)
        var touched = [Int]()
        for v in 0..<n {
            touched.removeAll(keepingCapacity: true)
            var k = 0.0
            for e in g.offsets[v]..<g.offsets[v + 1] {
                let c = assignment[Int(g.neighbours[e])]
                if mark[c] != v { mark[c] = v; weightTo[c] = 0; touched.append(c) }
                weightTo[c] += g.weights[e]
                k += g.weights[e]
            }
            str[v] = k
            touchedCount[v] = touched.count
            inside[v] = mark[assignment[v]] == v ? weightTo[assignment[v]] : 0
            guard k > 0 else { continue }
            var sum = 0.0
            for c in touched { sum += (weightTo[c] / k) * (weightTo[c] / k) }
            part[v] = max(0, 1 - sum)
        }
        var mean = [Double](repeating: 0, count: labels), size = [Double](repeating: 0, count: labels)
        for v in 0..<n { mean[assignment[v]] += inside[v]; size[assignment[v]] += 1 }
        for c in 0..<labels where size[c] > 0 { mean[c] /= size[c] }
        var variance = [Double](repeating: 0, count: labels)
        for v in 0..<n { let d = inside[v] - mean[assignment[v]]; variance[assignment[v]] += d * d }
        var z = [Double](repeating: 0, count: n)
        for v in 0..<n {
            let c = assignment[v]
            let sd = (variance[c] / size[c]).squareRoot()
            z[v] = sd > 0 ? (inside[v] - mean[c]) / sd : 0
        }
        participation = part
        withinCommunityZ = z
        communitiesTouched = touchedCount
        strength = str
    }

    /// Bridges: nodes whose ties span communities. A node is a bridge when its participation is at
    /// least `minParticipation` **and** its strength is above the median strength of the connected
    /// nodes (a well-spread but tiny practice is not a bridge). Bridges are listed by
    /// `participation × strength`, highest first (ties by `ids`, else by index).
    ///
    /// - Complexity: O(n log n).
    public func bridges(minParticipation: Double = 0.5, ids: [String]? = nil) -> [Int] {
        let connected = strength.filter { $0 > 0 }.sorted()
        guard !connected.isEmpty else { return [] }
        let mid = connected.count / 2
        let median = connected.count % 2 == 1 ? connected[mid] : (connected[mid - 1] + connected[mid]) / 2
        let score = participation.indices.map { participation[$0] * strength[$0] }
        return participation.indices
            .filter { participation[$0] >= minParticipation && strength[$0] > median }
            .sorted { a, b in
                if score[a] != score[b] { return score[a] > score[b] }
                if let ids, ids[a] != ids[b] { return ids[a] < ids[b] }
                return a < b
            }
    }
}
