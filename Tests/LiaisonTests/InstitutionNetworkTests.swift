import Foundation
import Testing
@testable import Liaison

/// The institution network on a hand-computed example: institutions A, B, C (and D, listed
/// without experts), six experts, one of them without an institution.
@Suite("Institution network", .tags(.unit))
struct InstitutionNetworkTests {
    static func dataset() throws -> Dataset {
        let experts = [
            Expert(id: "a1", name: "A One", institution: "A"), Expert(id: "a2", name: "A Two", institution: "A"),
            Expert(id: "b1", name: "B One", institution: "B"), Expert(id: "b2", name: "B Two", institution: "B"),
            Expert(id: "c1", name: "C One", institution: "C"), Expert(id: "x1", name: "X One", institution: " "),
        ]
        let institutions = [
            Institution(id: "A", name: "Alpha Hospital", city: "Antwerp", region: "Flanders"),
            Institution(id: "B", name: "Beta Clinic", city: "Brussels", region: "Brussels"),
            Institution(id: "C", name: "Gamma Centre", city: "Charleroi", region: "Wallonia"),
            Institution(id: "D", name: "Delta", city: "Dinant", region: "Wallonia"),
        ]
        let q1 = try #require(Period.parse("2026Q1"))
        let q2 = try #require(Period.parse("2026Q2"))
        // (source, target, patients)
        let rows: [(Int, Int, Int)] = [(0, 1, 20), (0, 2, 30), (1, 3, 15), (2, 0, 12), (3, 4, 25), (4, 0, 40),
                                       (5, 4, 11), (2, 3, 13)]
        var refs = rows.map { Referral(source: $0.0, target: $0.1, patients: $0.2, period: q1) }
        refs.append(Referral(source: 0, target: 2, patients: 100, period: q2))
        let day = try #require(Day(iso: "2026-02-01"))
        return Dataset(experts: experts, institutions: institutions, referrals: refs,
                       interactions: [Interaction(id: "i1", date: day, expert: 0, liaison: "L", channel: "in-person")],
                       plan: [PlanEntry(expert: 0, period: q1, planned: 2), PlanEntry(expert: 2, period: q1, planned: 1)])
    }

    @Test("collapses expert referrals to institutions, internal flow apart")
    func network() throws {
        let d = try Self.dataset()
        let q1 = try #require(Period.parse("2026Q1"))
        let net = InstitutionNetwork(d, period: q1)
        #expect(net.nodes.map(\.key) == ["A", "B", "C", "D", "(none)"])
        #expect(net.nodes.map(\.members) == [[0, 1], [2, 3], [4], [], [5]])
        #expect(net.institutionOfExpert == [0, 0, 1, 1, 2, 4])
        let g = net.graph
        var arcs: [String: Double] = [:]
        for v in 0..<g.nodeCount {
            for k in g.outOffsets[v]..<g.outOffsets[v + 1] { arcs["\(net.nodes[v].key)>\(net.nodes[Int(g.outTargets[k])].key)"] = g.outWeights[k] }
        }
        // A→B = a1→b1 30 + a2→b2 15; B→A = b1→a1 12; B→C = b2→c1 25; C→A = 40; (none)→C = 11.
        #expect(arcs == ["A>B": 45, "B>A": 12, "B>C": 25, "C>A": 40, "(none)>C": 11])
        #expect(net.internalPatients == [20, 13, 0, 0, 0])
        #expect((0..<g.nodeCount).map(g.inStrength) == [52, 45, 36, 0, 0])
        #expect((0..<g.nodeCount).map(g.outStrength) == [45, 37, 40, 0, 11])
        // All periods: the Q2 row adds 100 to A→B.
        #expect(InstitutionNetwork(d).graph.outStrength(0) == 145)
    }

    @Test("ranking: the expert measures on the institution graph, key experts, coverage")
    func ranking() throws {
        let d = try Self.dataset()
        let q1 = try #require(Period.parse("2026Q1"))
        let r = try InstitutionRanking.compute(d, period: q1)
        let direct = try KeyExperts.compute(graph: r.network.graph, ids: r.network.nodes.map(\.key), period: q1)
        #expect(r.scores.pagerank == direct.pagerank)
        #expect(r.scores.betweenness == direct.betweenness)
        #expect(r.scores.influence == direct.influence)
        #expect(r.scores.inDegree == [2, 1, 2, 0, 0])
        #expect(r.scores.outDegree == [1, 2, 1, 0, 1])
        // Betweenness (directed, normalized by (n−1)(n−2) = 12): B lies on A→C; A on C→B and (none)→…→B;
        // C on B→A and (none)→A, (none)→B.
        #expect(abs(r.scores.pagerank.reduce(0, +) - 1) < 1e-12)
        #expect(r.scores.tier[3] == 3, "an institution without links is tier 3")
        #expect(r.coveragePeriod?.label == "2026Q1", "latest quarter with interactions")
        let experts = try KeyExperts.compute(d, period: q1)
        for (k, row) in r.institutions.enumerated() {
            let members = r.network.nodes[k].members
            #expect(row.experts == members.count)
            #expect(row.tier1Experts == members.filter { experts.tier[$0] == 1 }.count)
            #expect(row.keyExperts == Array(members.sorted { experts.influenceRank[$0] < experts.influenceRank[$1] }.prefix(3)))
        }
        // Plan targets a1 (reached on 2026-02-01) and b1 (not reached).
        #expect(r.institutions.map(\.targets) == [1, 1, 0, 0, 0])
        #expect(r.institutions.map(\.reached) == [1, 0, 0, 0, 0])
        #expect(r.institutions[0].reach == 1 && r.institutions[1].reach == 0 && r.institutions[2].reach == nil)
        let none = try InstitutionRanking.compute(Dataset(experts: d.experts, referrals: d.referrals))
        #expect(none.coveragePeriod == nil && none.institutions.allSatisfy { $0.targets == nil && $0.reach == nil })
    }
}
