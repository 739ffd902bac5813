/// A suggested way in to an under-visited expert: a colleague the team did reach.
public struct WayIn: Sendable, Hashable {
    /// Index of the reached colleague in ``Dataset/experts``.
    public var expert: Int
    /// Patients referred between the two, both directions, all referral periods summed.
    public var patients: Int
    /// Summed weight of their collaboration ties (0 when none).
    public var collaborationWeight: Double
    /// Kinds of their collaboration ties, sorted (e.g. `co-author`).
    public var collaborationKinds: [String]
}

/// An under-visited key expert (a row of `liaison gaps`).
///
/// `shortfall` = expected − actual and `gap_score` = influence × shortfall / expected, with
/// `expected` the expectation so far (paced with an as-of date).
public struct CoverageGap: Sendable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// Expectation so far.
    public var expected: Double
    /// Counted interactions in the period.
    public var actual: Int
    /// expected − actual (> 0).
    public var shortfall: Double
    /// influence × shortfall / expected.
    public var gapScore: Double
    /// Influence on the influence basis.
    public var influence: Double
    /// Tier on the influence basis.
    public var tier: Int
    /// Last counted interaction on or before the reference day, any period.
    public var lastInteraction: Day?
    /// Days from ``lastInteraction`` to the reference day.
    public var daysSince: Int?
    /// No counted interaction ever (up to the reference day).
    public var neverVisited: Bool
    /// Seen before, but not for `staleDays` days or more.
    public var stale: Bool
    /// A tier-1/2 expert the plan leaves out (with the tier's expectation).
    public var offPlan: Bool
    /// The owning liaison.
    public var owner: String
    /// The nearest reached colleague, if any.
    public var wayIn: WayIn?
}

/// Finds under-visited key experts.
public enum CoverageGaps {
    /// Gaps of a report: targets whose actual count is below their expectation so far — plus, when
    /// targets come from the plan and `includeOffPlan` is true, the tier-1/2 experts the plan leaves
    /// out (expected: the tier expectation) — sorted by `gap_score` (highest first, ties by id).
    ///
    /// `stale`: last counted interaction `staleDays` or more days before the reference day.
    /// The way in: among experts seen in the period (≥ 1 counted interaction, any target status)
    /// tied to the gap by a referral (either direction) or a collaboration, the one with the most
    /// patients referred between the two, then the largest collaboration weight, then the highest
    /// influence, then the smallest id.
    public static func find(_ r: CoverageReport, staleDays: Int = 90, includeOffPlan: Bool = true) -> [CoverageGap] {
        let d = r.dataset
        let n = d.experts.count
        // Each expert's link rows (either end), as one flat list: only gaps look theirs up. A table of
        // patients per neighbour for every expert was a million hash tables at national scale.
        let ties = LinkIncidence(d, nodeCount: n)
        var collab = [[Int: (Double, Set<String>)]](repeating: [:], count: n)
        for c in d.collaborations where c.a < n && c.b < n && c.a >= 0 && c.b >= 0 && c.a != c.b {
            for (u, w) in [(c.a, c.b), (c.b, c.a)] {
                var cur = collab[u][w] ?? (0, [])
                cur.0 += c.weight
                if !c.kind.isEmpty { cur.1.insert(c.kind) }
                collab[u][w] = cur
            }
        }
        func wayIn(_ v: Int) -> WayIn? {
            let patients = ties.patients(of: v)
            let neighbours = Set(patients.keys).union(collab[v].keys).filter { $0 != v && r.experts[$0].isSeen }
            let best = neighbours.max { a, b in
                let ka = (patients[a] ?? 0, collab[v][a]?.0 ?? 0, r.experts[a].influence)
                let kb = (patients[b] ?? 0, collab[v][b]?.0 ?? 0, r.experts[b].influence)
                if ka != kb { return ka < kb }
                return d.experts[a].id > d.experts[b].id
            }
            return best.map { w in
                WayIn(expert: w, patients: patients[w] ?? 0, collaborationWeight: collab[v][w]?.0 ?? 0,
                      collaborationKinds: (collab[v][w]?.1).map { $0.sorted() } ?? [])
            }
        }
        var gaps: [CoverageGap] = []
        for e in r.experts where (e.isTarget || (includeOffPlan && e.isOffPlanKeyExpert)) {
            guard Double(e.actual) < e.expectedSoFar, e.expectedSoFar > 0 else { continue }
            let shortfall = e.expectedSoFar - Double(e.actual)
            gaps.append(CoverageGap(
                expert: e.expert, expected: e.expectedSoFar, actual: e.actual, shortfall: shortfall,
                gapScore: e.influence * shortfall / e.expectedSoFar, influence: e.influence, tier: e.tier,
                lastInteraction: e.lastInteraction, daysSince: e.daysSince, neverVisited: e.lastInteraction == nil,
                stale: (e.daysSince ?? 0) >= staleDays && e.lastInteraction != nil, offPlan: !e.isTarget,
                owner: e.owner, wayIn: wayIn(e.expert)))
        }
        return gaps.sorted { a, b in
            a.gapScore != b.gapScore ? a.gapScore > b.gapScore : d.experts[a.expert].id < d.experts[b.expert].id
        }
    }
}

/// The referral link rows of a dataset (all periods, as read) by expert, either end: for each expert
/// the other end and the patients of each row, in one flat list.
struct LinkIncidence {
    private var offsets: [Int]
    private var other: [Int32]
    private var patients: [Int]

    init(_ d: Dataset, nodeCount n: Int) {
        func valid(_ s: Int, _ t: Int) -> Bool { s >= 0 && t >= 0 && s < n && t < n && s != t }
        var offsets = [Int](repeating: 0, count: n + 1)
        for x in d.links(in: nil) where valid(x.source, x.target) {
            offsets[x.source + 1] += 1
            offsets[x.target + 1] += 1
        }
        for v in 0..<n { offsets[v + 1] += offsets[v] }
        var next = offsets
        var other = [Int32](repeating: 0, count: offsets[n])
        var patients = [Int](repeating: 0, count: offsets[n])
        for x in d.links(in: nil) where valid(x.source, x.target) {
            other[next[x.source]] = Int32(x.target); patients[next[x.source]] = x.patients; next[x.source] += 1
            other[next[x.target]] = Int32(x.source); patients[next[x.target]] = x.patients; next[x.target] += 1
        }
        self.offsets = offsets
        self.other = other
        self.patients = patients
    }

    /// Patients between `v` and each expert it shares a link row with (rows of both directions summed).
    func patients(of v: Int) -> [Int: Int] {
        var out: [Int: Int] = [:]
        for k in offsets[v]..<offsets[v + 1] { out[Int(other[k]), default: 0] += patients[k] }
        return out
    }
}
