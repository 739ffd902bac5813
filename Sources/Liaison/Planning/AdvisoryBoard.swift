/// The network an advisory board reaches through: experts linked by a referral (either direction,
/// patients > 0) or a collaboration, taken as undirected.
public struct BoardNetwork: Sendable {
    /// Neighbours of each expert, ascending, no duplicates or self-loops.
    public let neighbours: [[Int32]]

    /// The network of `d`: referral rows of `period` (all rows when `nil`) and every collaboration.
    public init(_ d: Dataset, period: Period?) {
        var sets = [Set<Int32>](repeating: [], count: d.experts.count)
        let n = d.experts.count
        for r in d.links(in: period) where r.patients > 0 && r.source != r.target
            && r.source >= 0 && r.target >= 0 && r.source < n && r.target < n {
            sets[r.source].insert(Int32(r.target)); sets[r.target].insert(Int32(r.source))
        }
        for c in d.collaborations where c.a != c.b && c.a >= 0 && c.b >= 0 && c.a < n && c.b < n {
            sets[c.a].insert(Int32(c.b)); sets[c.b].insert(Int32(c.a))
        }
        neighbours = sets.map { $0.sorted() }
    }

    /// A network from neighbour lists (made symmetric; self-loops dropped).
    public init(neighbours lists: [[Int]]) {
        var sets = [Set<Int32>](repeating: [], count: lists.count)
        for (u, vs) in lists.enumerated() {
            for v in vs where v != u && v >= 0 && v < lists.count { sets[u].insert(Int32(v)); sets[v].insert(Int32(u)) }
        }
        neighbours = sets.map { $0.sorted() }
    }

    /// Number of links.
    public var linkCount: Int { neighbours.reduce(0) { $0 + $1.count } / 2 }
}

/// What ``AdvisoryBoard/choose(_:options:)`` optimises and under which constraints.
public struct BoardOptions: Sendable {
    /// K, the number of members.
    public var size: Int
    /// M, how many steps a member reaches (default 2).
    public var reach = 2
    /// Who may sit on the board (`nil`: everyone).
    public var candidates: [Bool]?
    /// Who counts as reached (`nil`: everyone). Paths may pass through anyone.
    public var counted: [Bool]?
    /// At most this many members from one institution (`nil`: no limit).
    public var maxPerInstitution: Int?
    /// Each expert's institution key for ``maxPerInstitution`` (empty: no institution, no limit).
    public var institution: [String] = []
    /// Work allowed to the exact search, in ball elements visited (default 3·10⁷).
    public var exactWork = 30_000_000
    /// How many alternative swaps to list.
    public var alternatives = 5

    /// Options for a board of `size` members reaching `reach` steps.
    public init(size: Int, reach: Int = 2) {
        self.size = size
        self.reach = reach
    }
}

/// A member and what they add.
public struct BoardMember: Sendable, Hashable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// Experts newly reached when the member joins the members listed before them (the first member's
    /// whole reach); the gains add up to ``AdvisoryBoard/reached``. A member who was already within
    /// reach of those members takes themselves off the reached experts (a member is not counted as
    /// reached), so their gain is ``newlyReached`` − 1: −1 when they reach no one new.
    public var marginalGain: Int
    /// Experts other than the member within reach of the member and of none listed before them (≥ 0).
    public var newlyReached: Int
    /// Whether the member was within reach of the members listed before them.
    public var withinReachBefore: Bool
}

/// An alternative board: one member swapped for another expert.
public struct BoardSwap: Sendable, Hashable {
    /// The member who leaves.
    public var out: Int
    /// The expert who joins.
    public var into: Int
    /// Experts reached by the changed board.
    public var reached: Int
    /// Its m-reach.
    public var mReach: Double?
}

/// Why no board could be chosen.
public enum BoardError: Error, Sendable, CustomStringConvertible {
    /// Fewer eligible experts than seats.
    case tooFewCandidates(needed: Int, available: Int)

    public var description: String {
        switch self {
        case .tooFewCandidates(let k, let a):
            return "a board of \(k) needs \(k) eligible experts; at most \(a) can sit together under the constraints"
        }
    }
}

/// An advisory board chosen to maximise *m-reach* (the measure of KOLaide):
///
///     m-reach(S) = |{v ∉ S counted : dist(v, S) ≤ M}| / (n − |S ∩ counted|)
///
/// over boards S of K eligible experts, with distances along referral or collaboration links in
/// either direction and n the counted experts.
///
/// **Method.** With C(v) the counted experts within M steps of v (v included when counted), the number
/// reached is f(S) = |∪ C(v)| − |S ∩ counted|: a coverage function minus a modular one, so submodular,
/// and the greedy that adds the largest marginal gain |C(v) \ covered| − [v counted] is within 1 − 1/e
/// of the best coverage (Nemhauser, Wolsey and Fisher 1978; ½ under ``BoardOptions/maxPerInstitution``,
/// a partition matroid: Fisher, Nemhauser and Wolsey 1978). Gains are evaluated lazily (CELF, Leskovec
/// et al., "Cost-effective outbreak detection in networks", KDD 2007): a stale gain is an upper bound by
/// submodularity, so a candidate is re-evaluated only when it reaches the top. Then an exact branch and
/// bound — seeded with the greedy board, bounding a partial board by its reach plus the largest
/// marginal gains still possible — proves the optimum (or finds a better board) when it finishes within
/// ``BoardOptions/exactWork``; otherwise the result says it is the greedy's.
///
/// - Complexity: O(n · b) for the balls (b = mean ball size), O(K · c · log c) lazy greedy evaluations at
///   worst over c candidates, and the exact search bounded by ``BoardOptions/exactWork``.
public struct AdvisoryBoard: Sendable {
    /// Members, in the order of their marginal gains.
    public let members: [BoardMember]
    /// Counted experts reached (off the board, within M steps).
    public let reached: Int
    /// n: counted experts.
    public let counted: Int
    /// Counted experts on the board.
    public let countedMembers: Int
    /// Whether the board is proven optimal (the exact search finished).
    public let isOptimal: Bool
    /// Reached by the greedy board alone.
    public let greedyReached: Int
    /// Branch-and-bound nodes explored.
    public let searchNodes: Int
    /// Best single swaps, best first.
    public let alternatives: [BoardSwap]

    /// reached / (n − counted members); `nil` when nobody is left to reach.
    public var mReach: Double? { counted - countedMembers > 0 ? Double(reached) / Double(counted - countedMembers) : nil }

    /// Chooses the board (see the type's documentation).
    ///
    /// - Throws: ``BoardError/tooFewCandidates(needed:available:)``.
    public static func choose(_ g: BoardNetwork, options o: BoardOptions) throws -> AdvisoryBoard {
        var s = BoardSearch(g, o)
        guard s.cands.count >= o.size, o.size >= 1 else {
            throw BoardError.tooFewCandidates(needed: max(1, o.size), available: s.cands.count)
        }
        let greedy = s.greedy()
        // The greedy fills every seat the institution limits allow (it picks any allowed candidate), so
        // fewer than K members means no board of K exists.
        guard greedy.count == o.size else { throw BoardError.tooFewCandidates(needed: o.size, available: greedy.count) }
        let (best, optimal) = s.exact(incumbent: greedy)
        let reached = s.value(best)
        return AdvisoryBoard(members: s.ordered(best), reached: reached, counted: s.countedTotal,
                             countedMembers: best.filter { s.isCounted($0) }.count, isOptimal: optimal,
                             greedyReached: s.value(greedy), searchNodes: s.nodes,
                             alternatives: s.swaps(best, limit: o.alternatives))
    }
}

/// The search state of ``AdvisoryBoard``: balls, cover counts and the two searches.
struct BoardSearch {
    let o: BoardOptions
    let n: Int
    /// Eligible experts, ball size descending (ties by index).
    let cands: [Int]
    /// C(v) of each candidate (counted experts within M steps), by expert index.
    var ball: [Int: [Int32]] = [:]
    let countedTotal: Int
    var nodes = 0
    var work = 0

    init(_ g: BoardNetwork, _ o: BoardOptions) {
        self.o = o
        n = g.neighbours.count
        let isCounted = { (v: Int) in o.counted.map { v < $0.count && $0[v] } ?? true }
        countedTotal = (0..<n).filter(isCounted).count
        var dist = [Int32](repeating: -1, count: n)
        var balls: [Int: [Int32]] = [:]
        for v in 0..<n where o.candidates.map({ v < $0.count && $0[v] }) ?? true {
            var frontier = [Int32(v)], seen = [Int32(v)]
            dist[v] = 0
            for step in 1...max(1, o.reach) where o.reach >= 1 {
                if frontier.isEmpty { break }   // nobody farther: more steps change nothing
                var next: [Int32] = []
                for u in frontier { for w in g.neighbours[Int(u)] where dist[Int(w)] < 0 { dist[Int(w)] = Int32(step); next.append(w); seen.append(w) } }
                frontier = next
            }
            balls[v] = seen.filter { isCounted(Int($0)) }.sorted()
            for u in seen { dist[Int(u)] = -1 }
        }
        ball = balls
        cands = balls.keys.sorted { a, b in (balls[a]?.count ?? 0) != (balls[b]?.count ?? 0) ? (balls[a]?.count ?? 0) > (balls[b]?.count ?? 0) : a < b }
    }

    func isCounted(_ v: Int) -> Bool { o.counted.map { v < $0.count && $0[v] } ?? true }

    func institution(_ v: Int) -> String { v < o.institution.count ? o.institution[v] : "" }

    /// f(S): counted experts off the board within M steps.
    func value(_ s: [Int]) -> Int {
        var cover = Set<Int32>()
        for v in s { cover.formUnion(ball[v] ?? []) }
        return cover.count - s.filter(isCounted).count
    }

    func gain(_ v: Int, _ covered: [Bool]) -> Int {
        (ball[v] ?? []).reduce(0) { $0 + (covered[Int($1)] ? 0 : 1) } - (isCounted(v) ? 1 : 0)
    }

    func allowed(_ v: Int, _ perInstitution: [String: Int]) -> Bool {
        guard let cap = o.maxPerInstitution else { return true }
        let k = institution(v)
        return k.isEmpty || (perInstitution[k] ?? 0) < cap
    }

    /// Lazy greedy (CELF).
    func greedy() -> [Int] {
        var covered = [Bool](repeating: false, count: n)
        var per: [String: Int] = [:]
        // Max-heap of (gain bound, -rank, candidate, round evaluated).
        var heap = Heap()
        for (r, v) in cands.enumerated() { heap.push(.init(gain: gain(v, covered), rank: r, v: v, round: 0)) }
        var chosen: [Int] = []
        while chosen.count < o.size, var top = heap.pop() {
            guard allowed(top.v, per) else { continue }
            if top.round == chosen.count {
                chosen.append(top.v)
                for u in ball[top.v] ?? [] { covered[Int(u)] = true }
                let k = institution(top.v)
                if !k.isEmpty { per[k, default: 0] += 1 }
            } else {
                top.gain = gain(top.v, covered); top.round = chosen.count
                heap.push(top)
            }
        }
        return chosen
    }

    /// Branch and bound from the incumbent; returns the best board and whether the search finished.
    mutating func exact(incumbent: [Int]) -> ([Int], Bool) {
        var best = incumbent, bestValue = value(incumbent)
        var count = [Int32](repeating: 0, count: n)
        var chosen: [Int] = [], per: [String: Int] = [:]
        var g = 0, countedChosen = 0, aborted = false
        let allCounted = cands.allSatisfy(isCounted)
        // Include-branches recurse (depth ≤ K); exclude-branches loop, so deep candidate lists cannot
        // overflow the stack.
        func dfs(_ start: Int) {
            var pos = start
            while !aborted {
                nodes += 1
                let r = o.size - chosen.count
                if r == 0 {
                    if g - countedChosen > bestValue { bestValue = g - countedChosen; best = chosen }
                    return
                }
                guard cands.count - pos >= r else { return }
                // Bound: reach so far plus the r largest marginal coverages still available, and never
                // more than everyone counted who is not on the board.
                var top = [Int](repeating: 0, count: r)
                for c in cands[pos...] {
                    let b = ball[c] ?? []
                    work += b.count
                    var m = 0
                    for u in b where count[Int(u)] == 0 { m += 1 }
                    if m > top[r - 1] {
                        var i = r - 1
                        while i > 0 && top[i - 1] < m { top[i] = top[i - 1]; i -= 1 }
                        top[i] = m
                    }
                }
                if work > o.exactWork { aborted = true; return }
                let bound = min(g + top.reduce(0, +), countedTotal - (allCounted ? r : 0)) - countedChosen
                guard bound > bestValue else { return }
                let v = cands[pos]
                if allowed(v, per) {
                    chosen.append(v)
                    let k = institution(v)
                    if !k.isEmpty { per[k, default: 0] += 1 }
                    for u in ball[v] ?? [] { if count[Int(u)] == 0 { g += 1 }; count[Int(u)] += 1 }
                    if isCounted(v) { countedChosen += 1 }
                    dfs(pos + 1)
                    if isCounted(v) { countedChosen -= 1 }
                    for u in ball[v] ?? [] { count[Int(u)] -= 1; if count[Int(u)] == 0 { g -= 1 } }
                    if !k.isEmpty { per[k, default: 0] -= 1 }
                    chosen.removeLast()
                }
                pos += 1
            }
        }
        dfs(0)
        return (best, !aborted)
    }

    /// The members in greedy order within the board, with their marginal gains.
    func ordered(_ s: [Int]) -> [BoardMember] {
        var covered = [Bool](repeating: false, count: n)
        var left = s, out: [BoardMember] = []
        while !left.isEmpty {
            let k = left.indices.max { a, b in
                let ga = gain(left[a], covered), gb = gain(left[b], covered)
                return ga != gb ? ga < gb : left[a] > left[b]
            } ?? 0
            let v = left.remove(at: k)
            let newly = (ball[v] ?? []).reduce(0) { $0 + (Int($1) != v && !covered[Int($1)] ? 1 : 0) }
            out.append(BoardMember(expert: v, marginalGain: gain(v, covered), newlyReached: newly,
                                   withinReachBefore: covered[v]))
            for u in ball[v] ?? [] { covered[Int(u)] = true }
        }
        return out
    }

    /// The best boards that differ by one member, for the 50 non-members with the largest gains.
    func swaps(_ s: [Int], limit: Int) -> [BoardSwap] {
        guard limit > 0 else { return [] }
        var count = [Int32](repeating: 0, count: n)
        for v in s { for u in ball[v] ?? [] { count[Int(u)] += 1 } }
        let covered = count.map { $0 > 0 }
        let g = covered.filter { $0 }.count
        let members = Set(s)
        let pool = cands.filter { !members.contains($0) }.sorted { a, b in
            let ga = gain(a, covered), gb = gain(b, covered)
            return ga != gb ? ga > gb : a < b
        }.prefix(50)
        var per: [String: Int] = [:]
        for v in s where !institution(v).isEmpty { per[institution(v), default: 0] += 1 }
        var mark = [Bool](repeating: false, count: n)
        var out: [BoardSwap] = []
        for m in s {
            for u in ball[m] ?? [] { mark[Int(u)] = true }
            let loss = (ball[m] ?? []).filter { count[Int($0)] == 1 }.count
            var perWithout = per
            if !institution(m).isEmpty { perWithout[institution(m), default: 0] -= 1 }
            for c in pool where allowed(c, perWithout) {
                let add = (ball[c] ?? []).filter { count[Int($0)] == 0 || (count[Int($0)] == 1 && mark[Int($0)]) }.count
                let countedMembers = s.filter(isCounted).count - (isCounted(m) ? 1 : 0) + (isCounted(c) ? 1 : 0)
                let reached = g - loss + add - countedMembers
                let left = countedTotal - countedMembers
                out.append(BoardSwap(out: m, into: c, reached: reached, mReach: left > 0 ? Double(reached) / Double(left) : nil))
            }
            for u in ball[m] ?? [] { mark[Int(u)] = false }
        }
        // Best reach first; among equals, the joining expert with the larger reach of their own, then ids.
        out.sort { a, b in
            if a.reached != b.reached { return a.reached > b.reached }
            let sa = ball[a.into]?.count ?? 0, sb = ball[b.into]?.count ?? 0
            return sa != sb ? sa > sb : (a.out, a.into) < (b.out, b.into)
        }
        return Array(out.prefix(limit))
    }
}

/// A binary max-heap of greedy entries (largest gain first, then best rank).
struct Heap {
    struct Entry { var gain: Int; var rank: Int; var v: Int; var round: Int }
    private var a: [Entry] = []
    private func above(_ x: Entry, _ y: Entry) -> Bool { x.gain != y.gain ? x.gain > y.gain : x.rank < y.rank }
    mutating func push(_ e: Entry) {
        a.append(e)
        var i = a.count - 1
        while i > 0, above(a[i], a[(i - 1) / 2]) { a.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
    }
    mutating func pop() -> Entry? {
        guard let first = a.first else { return nil }
        let last = a.removeLast()
        if !a.isEmpty {
            a[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < a.count, above(a[l], a[m]) { m = l }
                if r < a.count, above(a[r], a[m]) { m = r }
                if m == i { break }
                a.swapAt(i, m); i = m
            }
        }
        return first
    }
}
