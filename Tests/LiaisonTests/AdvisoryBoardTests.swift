import Foundation
import Testing
@testable import Liaison

@Suite("advisory board", .tags(.unit))
struct AdvisoryBoardTests {
    /// Experts reached by board `s` (counted, off the board, within m steps), by multi-source BFS.
    static func reference(_ adj: [[Int]], _ s: [Int], m: Int, counted: [Bool]) -> Int {
        var dist = [Int](repeating: -1, count: adj.count)
        var frontier = s
        for v in s { dist[v] = 0 }
        var step = 0
        while !frontier.isEmpty && step < m {
            step += 1
            var next: [Int] = []
            for u in frontier { for w in adj[u] where dist[w] < 0 { dist[w] = step; next.append(w) } }
            frontier = next
        }
        return adj.indices.filter { dist[$0] > 0 && counted[$0] }.count
    }

    /// Experts within m steps of `s`, `s` included.
    static func within(_ adj: [[Int]], _ s: [Int], m: Int) -> Set<Int> {
        var seen = Set(s), frontier = s
        for _ in 0..<m {
            frontier = frontier.flatMap { adj[$0] }.filter { seen.insert($0).inserted }
        }
        return seen
    }

    static func subsets(_ items: [Int], _ k: Int) -> [[Int]] {
        guard k > 0 else { return [[]] }
        guard items.count >= k else { return [] }
        let rest = Array(items.dropFirst())
        return subsets(rest, k - 1).map { [items[0]] + $0 } + subsets(rest, k)
    }

    @Test func mReachEqualsExhaustiveSearchOnSmallNetworks() throws {
        for seed in UInt64(1)...200 {
            var rng = SplitMix64(seed: seed)
            let n = 4 + rng.index(below: 10)
            var adj = [Set<Int>](repeating: [], count: n)
            for _ in 0..<(n + rng.index(below: 2 * n)) {
                let a = rng.index(below: n), b = rng.index(below: n)
                if a != b { adj[a].insert(b); adj[b].insert(a) }
            }
            let lists = adj.map { $0.sorted() }
            let g = BoardNetwork(neighbours: lists)
            var o = BoardOptions(size: 1 + rng.index(below: 3), reach: 1 + rng.index(below: 3))
            let institution = (0..<n).map { _ in "H\(rng.index(below: 3))" }
            if seed % 3 == 0 { o.maxPerInstitution = 1; o.institution = institution }
            var counted = [Bool](repeating: true, count: n)
            if seed % 4 == 0 { counted = (0..<n).map { _ in rng.index(below: 4) > 0 }; o.candidates = counted; o.counted = counted }
            let eligible = (0..<n).filter { counted[$0] }
            let boards = Self.subsets(eligible, o.size).filter { s in
                guard let cap = o.maxPerInstitution else { return true }
                return Dictionary(grouping: s, by: { institution[$0] }).values.allSatisfy { $0.count <= cap }
            }
            guard !boards.isEmpty else {
                #expect(throws: BoardError.self) { try AdvisoryBoard.choose(g, options: o) }
                continue
            }
            let best = boards.map { Self.reference(lists, $0, m: o.reach, counted: counted) }.max() ?? 0
            let b = try AdvisoryBoard.choose(g, options: o)
            let chosen = b.members.map(\.expert)
            #expect(b.isOptimal, "seed \(seed): small search finishes")
            #expect(b.reached == best, "seed \(seed): reached \(b.reached), exhaustive \(best)")
            #expect(Self.reference(lists, chosen, m: o.reach, counted: counted) == b.reached, "seed \(seed): reported reach is the board's")
            #expect(b.members.reduce(0) { $0 + $1.marginalGain } == b.reached, "seed \(seed): gains add up")
            for (k, member) in b.members.enumerated() {
                let before = Self.within(lists, Array(chosen.prefix(k)), m: o.reach)
                let newly = Self.within(lists, [member.expert], m: o.reach)
                    .filter { $0 != member.expert && counted[$0] && !before.contains($0) }.count
                #expect(member.newlyReached == newly, "seed \(seed) member \(k)")
                #expect(member.withinReachBefore == (k > 0 && before.contains(member.expert)), "seed \(seed) member \(k)")
            }
            #expect(b.greedyReached <= best, "seed \(seed)")
            let left = counted.filter { $0 }.count - chosen.filter { counted[$0] }.count
            #expect(b.mReach == (left > 0 ? Double(best) / Double(left) : nil))
            for s in b.alternatives {
                let swapped = chosen.map { $0 == s.out ? s.into : $0 }
                #expect(Self.reference(lists, swapped, m: o.reach, counted: counted) == s.reached, "seed \(seed): swap reach")
            }
        }
    }

    @Test func greedyAloneIsWithinTheGuaranteeAndLazyEqualsPlainGreedy() throws {
        for seed in UInt64(1)...60 {
            var rng = SplitMix64(seed: seed &+ 500)
            let n = 30 + rng.index(below: 40)
            var lists = [[Int]](repeating: [], count: n)
            for _ in 0..<(2 * n) {
                let a = rng.index(below: n), b = rng.index(below: n)
                if a != b { lists[a].append(b) }
            }
            let g = BoardNetwork(neighbours: lists)
            let sym = g.neighbours.map { $0.map(Int.init) }
            var o = BoardOptions(size: 3, reach: 1)
            o.exactWork = 0 // greedy only
            let b = try AdvisoryBoard.choose(g, options: o)
            #expect(!b.isOptimal)
            // Plain (non-lazy) greedy with the same tie-break (larger own reach, then smaller index): the same reach.
            let all = [Bool](repeating: true, count: n)
            let own = (0..<n).map { Self.reference(sym, [$0], m: 1, counted: all) }
            var s: [Int] = []
            for _ in 0..<3 {
                let v = (0..<n).filter { !s.contains($0) }.max { a, c in
                    let ra = Self.reference(sym, s + [a], m: 1, counted: all), rc = Self.reference(sym, s + [c], m: 1, counted: all)
                    if ra != rc { return ra < rc }
                    return own[a] != own[c] ? own[a] < own[c] : a > c
                } ?? 0
                s.append(v)
            }
            let plain = Self.reference(sym, s, m: 1, counted: [Bool](repeating: true, count: n))
            #expect(b.greedyReached == plain, "seed \(seed): lazy \(b.greedyReached), plain \(plain)")
            o.exactWork = 30_000_000
            let exact = try AdvisoryBoard.choose(g, options: o)
            #expect(exact.isOptimal && exact.reached >= b.reached)
            // (1 − 1/e) on coverage, here coverage = reached + 3.
            #expect(Double(b.reached + 3) >= (1 - exp(-1)) * Double(exact.reached + 3) - 1e-9)
        }
    }
}
