import Foundation
import Testing
@testable import Liaison

/// Louvain, Leiden, modularity and participation, against networkx values made by
/// `Fixtures/community/make_fixtures.py`.
@Suite("Communities", .tags(.unit))
struct CommunityTests {
    struct Reference: Decodable {
        var louvain_modularity: Double
        var louvain_communities: Int
        var partition: [Int]
        var partition_modularity: [String: Double]
        var planted: [Int]?
    }

    static let names = ["karate", "lesmis", "florentine", "planted", "directed_sum"]

    static func directory() throws -> URL {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return fixtures.appendingPathComponent("community")
    }

    static func reference(_ name: String) throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: directory().appendingPathComponent(name + ".json")))
    }

    /// `# nodes=N`, `source,target,weight`, then one arc per line.
    static func arcs(_ name: String) throws -> (n: Int, arcs: [(source: Int, target: Int, weight: Double)]) {
        let text = try String(contentsOf: directory().appendingPathComponent(name + ".csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        try #require(lines.count >= 2 && lines[0].hasPrefix("# nodes="))
        let n = try #require(Int(lines[0].dropFirst("# nodes=".count)))
        var arcs = [(source: Int, target: Int, weight: Double)]()
        for line in lines.dropFirst(2) {
            let f = line.split(separator: ",")
            try #require(f.count == 3)
            arcs.append((try #require(Int(f[0])), try #require(Int(f[1])), try #require(Double(f[2]))))
        }
        return (n, arcs)
    }

    static func graph(_ name: String) throws -> Digraph {
        let (n, a) = try arcs(name)
        return Digraph(nodeCount: n, edges: a)
    }

    /// Whether two labellings describe the same partition.
    func samePartition(_ a: [Int], _ b: [Int]) -> Bool {
        guard a.count == b.count else { return false }
        var ab: [Int: Int] = [:], ba: [Int: Int] = [:]
        for (x, y) in zip(a, b) {
            if let m = ab[x], m != y { return false }
            if let m = ba[y], m != x { return false }
            ab[x] = y
            ba[y] = x
        }
        return true
    }

    func checkValid(_ c: Communities, nodes n: Int) {
        #expect(c.assignment.count == n)
        #expect(c.assignment.allSatisfy { (0..<c.count).contains($0) })
        #expect(Set(c.assignment).count == c.count)
        let sizes = c.sizes
        #expect(zip(sizes, sizes.dropFirst()).allSatisfy { $0 >= $1 }, "ids by size, largest first")
        #expect(sizes.reduce(0, +) == n)
    }

    @Test("modularity equals nx.community.modularity to 1e-12", arguments: names)
    func modularityMatchesNetworkx(name: String) throws {
        let u = UndirectedGraph(try Self.graph(name))
        let ref = try Self.reference(name)
        for (r, expected) in ref.partition_modularity {
            let gamma = try #require(Double(r))
            let q = u.modularity(ref.partition, resolution: gamma)
            #expect(abs(q - expected) <= 1e-12, "\(name) γ=\(r): \(q) vs networkx \(expected)")
        }
    }

    @Test("Louvain and Leiden reach networkx's Louvain modularity", arguments: names)
    func qualityMatchesNetworkx(name: String) throws {
        let g = try Self.graph(name)
        let ref = try Self.reference(name)
        for algorithm in Communities.Algorithm.allCases {
            let c = Communities.detect(g, algorithm: algorithm, seed: 42)
            checkValid(c, nodes: g.nodeCount)
            #expect(c.modularity >= ref.louvain_modularity - 0.02,
                    "\(name) \(algorithm): \(c.modularity) vs networkx \(ref.louvain_modularity)")
            #expect(abs(c.modularity - UndirectedGraph(g).modularity(c.assignment)) <= 1e-15)
            let singletons = UndirectedGraph(g).modularity(Array(0..<g.nodeCount))
            #expect(c.modularity > singletons)
        }
    }

    @Test("recovers a planted partition exactly")
    func plantedPartition() throws {
        let g = try Self.graph("planted")
        let planted = try #require(try Self.reference("planted").planted)
        for algorithm in Communities.Algorithm.allCases {
            for seed: UInt64 in [1, 42, 1234] {
                let c = Communities.detect(g, algorithm: algorithm, seed: seed)
                #expect(c.count == 4)
                #expect(samePartition(c.assignment, planted), "\(algorithm) seed \(seed)")
            }
        }
    }

    @Test("deterministic across runs, and the same whatever the order of the edge rows")
    func deterministic() throws {
        var rng = SplitMix64(seed: 99)
        let n = 3_000
        var arcs = [(source: Int, target: Int, weight: Double)]()
        for _ in 0..<18_000 {
            let a = Int(rng.next() % UInt64(n))
            // Mostly local links, so there is structure to find.
            let b = rng.next() % 4 == 0 ? Int(rng.next() % UInt64(n)) : (a / 50) * 50 + Int(rng.next() % 50)
            arcs.append((a, b, Double(11 + rng.next() % 40)))
        }
        let ids = (0..<n).map { "dr-\(($0 * 7919) % n)" }
        for algorithm in Communities.Algorithm.allCases {
            let first = Communities.detect(Digraph(nodeCount: n, edges: arcs), algorithm: algorithm, ids: ids)
            #expect(first.modularity > 0.5)
            checkValid(first, nodes: n)
            for round in 0..<3 {
                var shuffled = arcs
                shuffled.shuffle(using: &rng)
                if round == 2 { shuffled = shuffled.map { ($0.target, $0.source, $0.weight) } }   // reversed arcs: same undirected view
                let again = Communities.detect(Digraph(nodeCount: n, edges: shuffled), algorithm: algorithm, ids: ids)
                #expect(again == first, "\(algorithm) round \(round)")
            }
            #expect(Communities.detect(Digraph(nodeCount: n, edges: arcs), algorithm: algorithm, seed: 7, ids: ids).count > 1)
        }
    }

    @Test("community ids: by size, then by smallest member id")
    func stableIds() {
        // Two triangles and an isolated node; the triangle holding "a" comes first.
        let g = UndirectedGraph(nodeCount: 7, edges: [(0, 1, 1), (1, 2, 1), (0, 2, 1), (3, 4, 1), (4, 5, 1), (3, 5, 1)])
        let ids = ["z", "y", "x", "c", "b", "a", "m"]
        let c = Communities(labels: [5, 5, 5, 9, 9, 9, 0], graph: g, ids: ids)
        #expect(c.assignment == [1, 1, 1, 0, 0, 0, 2])
        let byIndex = Communities(labels: [5, 5, 5, 9, 9, 9, 0], graph: g)
        #expect(byIndex.assignment == [0, 0, 0, 1, 1, 1, 2])
        for algorithm in Communities.Algorithm.allCases {
            let found = Communities.detect(Digraph(nodeCount: 7, edges: [(0, 1, 1), (1, 2, 1), (2, 0, 1), (3, 4, 1), (4, 5, 1), (5, 3, 1)]),
                                           algorithm: algorithm, ids: ids)
            #expect(found.assignment == [1, 1, 1, 0, 0, 0, 2], "\(algorithm)")
            #expect(abs(found.modularity - 0.5) < 1e-12)
        }
    }

    @Test("isolated nodes are singletons; a graph without links has modularity 0")
    func isolatedAndEmpty() {
        let empty = Communities.louvain(Digraph(nodeCount: 4, edges: []))
        #expect(empty.count == 4 && empty.modularity == 0 && empty.assignment == [0, 1, 2, 3])
        let none = Communities.leiden(Digraph(nodeCount: 0, edges: []))
        #expect(none.count == 0 && none.assignment.isEmpty)
        let g = Digraph(nodeCount: 5, edges: [(0, 1, 20), (1, 0, 5)])
        for algorithm in Communities.Algorithm.allCases {
            let c = Communities.detect(g, algorithm: algorithm)
            #expect(c.assignment == [0, 0, 1, 2, 3], "\(algorithm)")
        }
    }

    @Test("the undirected view sums A→B and B→A")
    func undirectedView() {
        let u = UndirectedGraph(Digraph(nodeCount: 3, edges: [(0, 1, 20), (1, 0, 5), (1, 2, 11)]))
        #expect(u.offsets == [0, 1, 3, 4])
        #expect(u.neighbours == [1, 0, 2, 1])
        #expect(u.weights == [25, 25, 11, 11])
        #expect(u.strengths == [25, 36, 11])
        #expect(u.totalWeight == 36)
    }

    @Test("resolution: higher γ gives more communities")
    func resolution() throws {
        let g = try Self.graph("lesmis")
        let low = Communities.louvain(g, resolution: 0.5), high = Communities.louvain(g, resolution: 2)
        #expect(low.count < high.count)
        #expect(abs(high.modularity - UndirectedGraph(g).modularity(high.assignment, resolution: 2)) < 1e-15)
    }

    @Test("participation coefficient and within-community z-score, by hand")
    func participation() {
        // 0 ties 1 (w 3, same community) and 2 (w 1, other community); 2–3 (w 2) inside community 1.
        let u = UndirectedGraph(nodeCount: 5, edges: [(0, 1, 3), (0, 2, 1), (2, 3, 2)])
        let roles = CommunityRoles(graph: u, assignment: [0, 0, 1, 1, 2])
        #expect(abs(roles.participation[0] - (1 - (0.75 * 0.75 + 0.25 * 0.25))) < 1e-15)
        #expect(roles.participation[1] == 0)
        #expect(abs(roles.participation[2] - (1 - (1.0 / 9 + 4.0 / 9))) < 1e-15)
        #expect(roles.participation[4] == 0, "isolated")
        #expect(roles.communitiesTouched == [2, 1, 2, 1, 0])
        #expect(roles.strength == [4, 3, 3, 2, 0])
        // Within-community strengths: community 0 → [3, 3] (z 0, 0); community 1 → [2, 2].
        #expect(roles.withinCommunityZ == [0, 0, 0, 0, 0])
        // Strengths of connected nodes: [2, 3, 3, 4], median 3: only node 0 (P 0.375) is above it.
        #expect(roles.bridges(minParticipation: 0.3) == [0])
        #expect(roles.bridges(minParticipation: 0.5).isEmpty)
        let z = CommunityRoles(graph: UndirectedGraph(nodeCount: 3, edges: [(0, 1, 1), (0, 2, 1)]), assignment: [0, 0, 0])
        // Inside strengths 2, 1, 1: mean 4/3, sd √(2/9).
        #expect(abs(z.withinCommunityZ[0] - (2 - 4.0 / 3) / (2.0 / 9).squareRoot()) < 1e-12)
    }

    @Test("Dataset: communities and their description on a small network")
    func datasetAnalysis() throws {
        let experts = ["a1", "a2", "a3", "b1", "b2", "b3", "c1"].map {
            Expert(id: $0, name: $0.uppercased(), institution: String($0.prefix(1)), region: $0.hasPrefix("a") ? "North" : "South")
        }
        var refs: [Referral] = []
        for (s, t) in [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)] { refs.append(Referral(source: s, target: t, patients: 30)) }
        refs.append(Referral(source: 2, target: 3, patients: 5))
        let d = Dataset(experts: experts, referrals: refs)
        let a = try CommunityAnalysis.analyze(d)
        #expect(a.communities.count == 3)
        #expect(a.communities.assignment == [0, 0, 0, 1, 1, 1, 2])
        #expect(a.summaries[0].internalPatients == 90)
        #expect(a.summaries[0].institutions.map(\.name) == ["a"])
        #expect(a.summaries[1].regions.map(\.name) == ["South"])
        #expect(a.summaries[2].members == [6])
        #expect(a.summaries[0].leaders.count == 3)
        #expect(d.expertCommunities().assignment == a.communities.assignment)
    }

    /// Three groups of experts referring mostly inside their group, with random patient counts,
    /// some experts who refer nobody, and one expert with no link at all.
    static func leaderDataset(seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        let n = 45
        let experts = (0..<n).map { Expert(id: String(format: "x%02d", ($0 * 17) % n), name: "X\($0)") }
        var refs: [Referral] = []
        for s in 0..<(n - 1) where s % 9 != 4 {
            for t in 0..<(n - 1) where s != t {
                let sameGroup = s / 15 == t / 15
                if rng.next() % 100 < (sameGroup ? 30 : 2) {
                    refs.append(Referral(source: s, target: t, patients: Int(1 + rng.next() % 80)))
                }
            }
        }
        return Dataset(experts: experts, referrals: refs)
    }

    /// `nx.pagerank(G, alpha=0.85, weight="patients")` by plain power iteration, written here
    /// independently of the library: dangling mass spread uniformly.
    static func referencePageRank(_ d: Dataset) -> [Double] {
        let n = d.experts.count
        var outWeight = [Double](repeating: 0, count: n)
        for r in d.referrals { outWeight[r.source] += Double(r.patients) }
        var x = [Double](repeating: 1 / Double(n), count: n)
        for _ in 0..<10_000 {
            let dangling = (0..<n).filter { outWeight[$0] == 0 }.reduce(0) { $0 + x[$1] }
            var next = [Double](repeating: (1 - 0.85) / Double(n) + 0.85 * dangling / Double(n), count: n)
            for r in d.referrals { next[r.target] += 0.85 * x[r.source] * Double(r.patients) / outWeight[r.source] }
            let change = zip(x, next).reduce(0) { $0 + abs($1.0 - $1.1) }
            x = next
            if change < 1e-14 { break }
        }
        return x
    }

    @Test("leaders by PageRank are each community's top PageRank members", arguments: [UInt64(5), 77, 2026])
    func leadersByPageRank(seed: UInt64) throws {
        let d = Self.leaderDataset(seed: seed)
        let a = try CommunityAnalysis.analyze(d, options: CommunityOptions(leadersBy: .pagerank))
        #expect(a.leadersBy == LeaderChoice(measure: .pagerank, automatic: false))
        #expect(a.scores.influence.isEmpty && a.scores.betweenness.isEmpty, "only PageRank is computed")
        let pr = Self.referencePageRank(d)
        #expect(zip(a.leaderScore, pr).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(a.summaries.count > 1)
        for s in a.summaries {
            let expected = s.members.sorted { pr[$0] != pr[$1] ? pr[$0] > pr[$1] : d.experts[$0].id < d.experts[$1].id }.prefix(3)
            #expect(s.leaders == Array(expected), "community \(s.id)")
        }
    }

    @Test("leaders by influence by default on small networks, as before")
    func leadersByInfluenceByDefault() throws {
        let d = Self.leaderDataset(seed: 11)
        let a = try CommunityAnalysis.analyze(d)
        #expect(a.leadersBy == LeaderChoice(measure: .influence, automatic: true))
        #expect(a.leaderRank == a.scores.influenceRank && a.leaderScore == a.scores.influence)
        let explicit = try CommunityAnalysis.analyze(d, options: CommunityOptions(leadersBy: .influence))
        #expect(explicit.summaries.map(\.leaders) == a.summaries.map(\.leaders))
        for s in a.summaries {
            let expected = s.members.sorted { a.scores.influenceRank[$0] < a.scores.influenceRank[$1] }.prefix(3)
            #expect(s.leaders == Array(expected))
        }
        let byStrength = try CommunityAnalysis.analyze(d, options: CommunityOptions(leadersBy: .inStrength))
        let strength = (0..<d.experts.count).map { v in d.referrals.filter { $0.target == v }.reduce(0) { $0 + $1.patients } }
        for s in byStrength.summaries {
            let expected = s.members.sorted { strength[$0] != strength[$1] ? strength[$0] > strength[$1] : d.experts[$0].id < d.experts[$1].id }
            #expect(s.leaders == Array(expected.prefix(3)))
        }
    }

    @Test("the leader measure switches from influence to PageRank above the sampling threshold")
    func leaderChoiceThreshold() throws {
        let at = try LeaderChoice.choose(requested: nil, expertCount: 10, samplingThreshold: 10)
        #expect(at == LeaderChoice(measure: .influence, automatic: true, reason: nil))
        let above = try LeaderChoice.choose(requested: nil, expertCount: 11, samplingThreshold: 10)
        #expect(above.measure == .pagerank && above.automatic)
        #expect(above.reason == "influence would need sampled betweenness above 10 experts")
        #expect(above.measureName == "PageRank")
        // An explicit measure wins at any size.
        #expect(try LeaderChoice.choose(requested: .influence, expertCount: 11, samplingThreshold: 10)
                == LeaderChoice(measure: .influence, automatic: false))
        #expect(try LeaderChoice.choose(requested: .inStrength, expertCount: 3, samplingThreshold: 10).measure == .inStrength)
        // The default threshold is betweenness sampling's.
        let t = Digraph.betweennessSamplingThreshold
        #expect(try LeaderChoice.choose(requested: nil, expertCount: t).measure == .influence)
        let big = try LeaderChoice.choose(requested: nil, expertCount: t + 1)
        #expect(big.measure == .pagerank && big.reason == "influence would need sampled betweenness above 50,000 experts")
        // Measures that need a search from every expert, or are not scores, are refused.
        for m in [Measure.betweenness, .closeness, .harmonic, .tier, .wcc, .ppr] {
            #expect(throws: CentralityError.self) { try LeaderChoice.choose(requested: m, expertCount: 3) }
        }
    }
}

