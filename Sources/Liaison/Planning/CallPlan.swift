/// One expert's terms in the call-plan objective (see ``CallPlanner``).
public struct PlanTerm: Sendable, Hashable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// The liaison whose book the expert is in, who alone may plan them.
    public var liaison: String
    /// Influence wₑ on the influence basis.
    public var influence: Double
    /// The quarter's expectation xₑ (3 for tier 1, 2 for tier 2); 0: no attainment term.
    public var expectation: Double
    /// bₑ: the value of a first visit from the extra terms (way in, rising expert), before the weight λ.
    public var bonus: Double
    /// Visits already committed (kept rows of plan.csv): vₑ starts here and never goes below.
    public var committed: Int
    /// Breaks ties between equal gains: experts the owner met last quarter first (continuity).
    public var continuity: Bool
    /// The expert's id (last tie-break).
    public var id: String

    /// Creates a term.
    public init(expert: Int, liaison: String, influence: Double, expectation: Double, bonus: Double = 0,
                committed: Int = 0, continuity: Bool = false, id: String) {
        self.expert = expert
        self.liaison = liaison
        self.influence = influence
        self.expectation = expectation
        self.bonus = bonus
        self.committed = committed
        self.continuity = continuity
        self.id = id
    }

    /// The most visits that can add anything: ⌈xₑ⌉, at least 1 when there is a bonus, at least the
    /// committed visits.
    public var usefulVisits: Int {
        let x = expectation > 0 ? Int(expectation.rounded(.up)) : 0
        return max(committed, x, bonus > 0 ? 1 : 0)
    }

    /// The main term wₑ · min(v, xₑ) / xₑ (0 when xₑ = 0).
    public func attainment(_ v: Int) -> Double {
        expectation > 0 ? influence * min(Double(v), expectation) / expectation : 0
    }

    /// The extra term λ · bₑ · [v ≥ 1].
    public func extra(_ v: Int, lambda: Double) -> Double { v >= 1 ? lambda * bonus : 0 }
}

/// The call-plan optimiser: maximise next quarter's influence-weighted attainment
///
///     F(v) = Σₑ wₑ · min(vₑ, xₑ) / xₑ  +  λ · Σₑ bₑ · [vₑ ≥ 1]
///
/// over whole numbers vₑ ≥ cₑ (committed visits), subject to Σ vₑ ≤ C_l over each liaison l's book.
/// wₑ is influence, xₑ the tier's expectation, bₑ the documented extra terms (a way in to a never-met
/// key expert, a rising expert not met) and λ their small weight.
///
/// **Method** — marginal analysis (B. Fox, "Discrete optimization via marginal analysis", *Management
/// Science* 13(3), 1966; T. Ibaraki and N. Katoh, *Resource Allocation Problems*, MIT Press 1988, ch. 4):
/// list every visit's marginal gain — visit k of expert e adds wₑ/xₑ · (min(k, xₑ) − min(k−1, xₑ)),
/// plus λbₑ for k = 1 — and give each liaison the C_l − Σ cₑ largest positive gains of their book.
///
/// **Optimality.** Books are disjoint and capacities separate, so each liaison is an independent
/// problem. Each fₑ(v) = wₑ·min(v, xₑ)/xₑ + λbₑ[v ≥ 1] is concave on the integers (its increments
/// are non-increasing: a first increment ≥ the next ones, then wₑ/xₑ until xₑ, then 0). Hence for any
/// feasible plan, fₑ(vₑ) − fₑ(cₑ) is the sum of e's first vₑ − cₑ increments after cₑ, which are e's
/// largest remaining ones; so F(v) − F(c) is a sum of at most C_l − Σcₑ distinct increments of the
/// book, at most the sum of the C_l − Σcₑ largest positive ones — which the greedy takes. Ties are
/// sorted so that an expert's increments are taken in order (k ascending), so the greedy's choice is a
/// feasible plan and attains that bound: it is optimal. The tests check it against exhaustive search.
///
/// - Complexity: O(V log V) for V = Σₑ ⌈xₑ⌉ candidate visits (one sort).
public enum CallPlanner {
    /// The optimal visits vₑ of each term (indexed like `terms`), given each liaison's capacity
    /// (missing: 0). Committed visits are always kept, even beyond capacity.
    public static func optimize(_ terms: [PlanTerm], capacity: [String: Int], lambda: Double) -> [Int] {
        var visits = terms.map(\.committed)
        var byLiaison: [String: [Int]] = [:]
        for (k, t) in terms.enumerated() { byLiaison[t.liaison, default: []].append(k) }
        for (liaison, members) in byLiaison {
            let free = (capacity[liaison] ?? 0) - members.reduce(0) { $0 + terms[$1].committed }
            guard free > 0 else { continue }
            // (gain, term, k): every visit beyond the committed ones that adds something.
            var items: [(gain: Double, term: Int, k: Int)] = []
            for m in members {
                let t = terms[m]
                guard t.usefulVisits > t.committed else { continue }
                for k in (t.committed + 1)...t.usefulVisits {
                    let g = increment(t, k, lambda: lambda)
                    if g > 0 { items.append((g, m, k)) }
                }
            }
            items.sort { a, b in
                if a.gain != b.gain { return a.gain > b.gain }
                let ta = terms[a.term], tb = terms[b.term]
                if ta.continuity != tb.continuity { return ta.continuity }
                if ta.influence != tb.influence { return ta.influence > tb.influence }
                if ta.id != tb.id { return ta.id < tb.id }
                return a.k < b.k
            }
            for item in items.prefix(free) { visits[item.term] += 1 }
        }
        return visits
    }

    /// The gain of visit `k` (k ≥ 1) of term `t`: fₑ(k) − fₑ(k − 1).
    public static func increment(_ t: PlanTerm, _ k: Int, lambda: Double) -> Double {
        (t.attainment(k) - t.attainment(k - 1)) + (t.extra(k, lambda: lambda) - t.extra(k - 1, lambda: lambda))
    }

    /// The objective of `visits` (indexed like `terms`): its attainment part Σ wₑ·min(vₑ, xₑ)/xₑ and its
    /// extra part λ·Σ bₑ·[vₑ ≥ 1].
    public static func objective(_ terms: [PlanTerm], visits: [Int], lambda: Double) -> (main: Double, extra: Double) {
        var a = 0.0, b = 0.0
        for (t, v) in zip(terms, visits) {
            a += t.attainment(v)
            b += t.extra(v, lambda: lambda)
        }
        return (a, b)
    }
}
