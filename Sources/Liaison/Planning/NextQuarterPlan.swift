/// How `liaison plan` builds a call plan.
public struct CallPlanOptions: Sendable {
    /// Visits per liaison per quarter for every liaison (`--capacity`); overrides `liaisons.csv`.
    public var capacity: Int?
    /// Rows of `liaisons.csv` (capacity, home, visits a day).
    public var liaisons: [LiaisonResources] = []
    /// Keep the rows of plan.csv that lie inside the quarter as commitments (`--keep-plan`).
    public var keepPlan = false
    /// λ, the weight of the extra terms (way in, rising expert) before any halving.
    public var extraWeight = 0.05
    /// The most the extra terms may contribute to the plan's objective: λ is halved until they stay at
    /// or below this share.
    public var maxExtraShare = 0.10

    /// Default options: capacities from liaisons.csv or history, no commitments, λ = 0.05, share ≤ 10 %.
    public init(capacity: Int? = nil, liaisons: [LiaisonResources] = [], keepPlan: Bool = false) {
        self.capacity = capacity
        self.liaisons = liaisons
        self.keepPlan = keepPlan
    }
}

/// One row of the suggested plan: what `plan.csv` gets (`expert,period,planned`) and why.
public struct CallPlanRow: Sendable, Hashable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// The row's period label: the quarter's, or a kept row's own (e.g. a month inside the quarter).
    public var period: String
    /// Visits planned on this row (kept ones included).
    public var planned: Int
    /// Of which committed in plan.csv (`--keep-plan`).
    public var committed: Int
    /// The owning liaison.
    public var liaison: String
}

/// One liaison's plan in figures.
public struct LiaisonPlanSummary: Sendable, Hashable {
    /// The liaison.
    public var liaison: String
    /// Visits they can make in the quarter.
    public var capacity: Int
    /// Where the capacity came from (`--capacity`, `liaisons.csv`, `plan.csv 2026Q4`, `interactions 2026Q3`, `none`).
    public var capacitySource: String
    /// Visits planned, kept ones included.
    public var planned: Int
    /// Of which kept from plan.csv.
    public var committed: Int
    /// Key experts (tier 1–2) in the book.
    public var keyExperts: Int
    /// Key experts with at least one planned visit.
    public var keyExpertsPlanned: Int
    /// Σ influence of key experts planned / Σ influence of the book's key experts, if carried out.
    public var expectedInfluenceCoverage: Double?
    /// Σ min(v, x) / Σ x over the book's key experts, if carried out.
    public var expectedAttainment: Double?
    /// The same two figures from the liaison's own interactions in the quarter before (up to the reference day).
    public var lastInfluenceCoverage: Double?
    /// See ``lastInfluenceCoverage``.
    public var lastAttainment: Double?
    /// The liaison's interactions with their key experts in the quarter before.
    public var lastVisits: Int

    /// Capacity not used: capacity − planned (negative when kept rows exceed it).
    public var capacityLeft: Int { capacity - planned }
}

/// A suggested call plan for a quarter (`liaison plan`): the optimal visits of ``CallPlanner`` for
/// every liaison's book, the kept rows, and per-liaison figures. Build one with ``suggest(_:options:)``.
public struct CallPlan: Sendable {
    /// What the planner knew.
    public let setup: PlanningSetup
    /// The terms optimised, one per expert that is a key expert, has a bonus or a kept row.
    public let terms: [PlanTerm]
    /// Visits of each term (indexed like ``terms``).
    public let visits: [Int]
    /// The λ finally used (the starting weight, halved while the extras exceeded their share).
    public let extraWeight: Double
    /// The most the extras may contribute (``CallPlanOptions/maxExtraShare``).
    public let maxExtraShare: Double
    /// Capacity of each liaison.
    public let capacity: [String: Int]
    /// The rows of the plan, as plan.csv gets them, by liaison then expert id.
    public let rows: [CallPlanRow]
    /// Per-liaison figures, by liaison name.
    public let liaisons: [LiaisonPlanSummary]
    /// Key experts no liaison owns (they cannot be planned), by id.
    public let unownedKeyExperts: [Int]
    /// Names in liaisons.csv that own no expert.
    public let liaisonsWithoutBook: [String]

    /// The objective: attainment part and extra part (see ``CallPlanner``).
    public var objective: (main: Double, extra: Double) { CallPlanner.objective(terms, visits: visits, lambda: extraWeight) }

    /// Share of the objective that comes from the extra terms (0 when the objective is 0).
    public var extraShare: Double {
        let o = objective
        return o.main + o.extra > 0 ? o.extra / (o.main + o.extra) : 0
    }

    /// The term of expert `v`, if any.
    public func term(of v: Int) -> (term: PlanTerm, visits: Int)? {
        guard let k = termIndex[v] else { return nil }
        return (terms[k], visits[k])
    }

    private let termIndex: [Int: Int]

    /// Suggests the plan for `setup.quarter`.
    ///
    /// Capacity of a liaison: `options.capacity`; else their `liaisons.csv` row; else the visits their
    /// book had in the latest plan.csv quarter before this one; else the interactions they logged in
    /// the last complete quarter before the reference day; else 0. Kept rows (`keepPlan`): plan.csv rows
    /// whose period lies inside the quarter; each comes back as a row with at least its visits.
    ///
    /// - Complexity: O(n + V log V) after the setup, times the few halvings of λ.
    public static func suggest(_ setup: PlanningSetup, options: CallPlanOptions = CallPlanOptions()) -> CallPlan {
        let d = setup.dataset, q = setup.quarter, own = setup.ownership
        let n = d.experts.count
        // Liaisons: the data's owners, with liaisons.csv names matched case-insensitively.
        var names: [String: String] = [:]
        for o in own.owner where o != LiaisonOwnership.none { names[o.lowercased()] = names[o.lowercased()] ?? o }
        var withoutBook: [String] = []
        for r in options.liaisons where names[r.liaison.lowercased()] == nil {
            names[r.liaison.lowercased()] = r.liaison
            withoutBook.append(r.liaison)
        }
        let resources = Dictionary(options.liaisons.map { ($0.liaison.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var capacity: [String: Int] = [:], source: [String: String] = [:]
        let history = historyCapacity(setup)
        for (key, name) in names {
            if let c = options.capacity { capacity[name] = c; source[name] = "--capacity" }
            else if let c = resources[key]?.capacity { capacity[name] = c; source[name] = "liaisons.csv" }
            else if let h = history[key] { capacity[name] = h.visits; source[name] = h.source }
            else { capacity[name] = 0; source[name] = "none" }
        }
        // Kept rows.
        var kept: [PlanEntry] = []
        if options.keepPlan {
            var fiscal = Period.FiscalReading(fiscalYearStart: setup.options.fiscalYearStart)
            for row in d.plan where row.expert >= 0 && row.expert < n {
                let p = fiscal(row.period)
                if p.isWithin(q) { kept.append(PlanEntry(expert: row.expert, period: p, planned: row.planned)) }
            }
        }
        var committed = [Int](repeating: 0, count: n)
        for k in kept { committed[k.expert] += k.planned }
        // Bonuses: way in (the never-met expert's per-visit value) and rising experts unmet this quarter.
        var bonus = [Double](repeating: 0, count: n)
        for (w, es) in setup.wayIns {
            bonus[w] += es.map { setup.expectation[$0] > 0 ? setup.scores.influence[$0] / setup.expectation[$0] : 0 }.max() ?? 0
        }
        for r in setup.rising where setup.isUnmet(r) {
            let x = CoverageTargets.tierExpectation(tier: r.tierTo, period: q, options: setup.options)
            if x > 0 { bonus[r.expert] += r.influenceTo / x }
        }
        var terms: [PlanTerm] = []
        for v in 0..<n where own.owner[v] != LiaisonOwnership.none {
            guard setup.expectation[v] > 0 || bonus[v] > 0 || committed[v] > 0 else { continue }
            terms.append(PlanTerm(expert: v, liaison: names[own.owner[v].lowercased()] ?? own.owner[v],
                                  influence: setup.scores.influence[v], expectation: setup.expectation[v], bonus: bonus[v],
                                  committed: committed[v], continuity: setup.metLastQuarterByOwner[v], id: d.experts[v].id))
        }
        // λ: halved while the extras take more than their share of the objective; 0 if that never happens.
        func share(_ v: [Int], _ l: Double) -> Double {
            let o = CallPlanner.objective(terms, visits: v, lambda: l)
            return o.main + o.extra > 0 ? o.extra / (o.main + o.extra) : 0
        }
        var lambda = options.extraWeight
        var visits = CallPlanner.optimize(terms, capacity: capacity, lambda: lambda)
        for _ in 0..<30 where share(visits, lambda) > options.maxExtraShare {
            lambda /= 2
            visits = CallPlanner.optimize(terms, capacity: capacity, lambda: lambda)
        }
        if share(visits, lambda) > options.maxExtraShare {
            lambda = 0
            visits = CallPlanner.optimize(terms, capacity: capacity, lambda: 0)
        }
        // Unowned key experts keep their kept rows too (they cannot get more).
        let unowned = (0..<n).filter { own.owner[$0] == LiaisonOwnership.none && setup.isKeyExpert($0) }
        return CallPlan(setup: setup, terms: terms, visits: visits, lambda: lambda, maxShare: options.maxExtraShare,
                        capacity: capacity, source: source, kept: kept, unowned: unowned, withoutBook: withoutBook.sorted())
    }

    private init(setup: PlanningSetup, terms: [PlanTerm], visits: [Int], lambda: Double, maxShare: Double,
                 capacity: [String: Int], source: [String: String], kept: [PlanEntry], unowned: [Int], withoutBook: [String]) {
        self.setup = setup
        self.terms = terms
        self.visits = visits
        extraWeight = lambda
        maxExtraShare = maxShare
        self.capacity = capacity
        unownedKeyExperts = unowned.sorted { setup.dataset.experts[$0].id < setup.dataset.experts[$1].id }
        liaisonsWithoutBook = withoutBook
        var index: [Int: Int] = [:]
        for (k, t) in terms.enumerated() { index[t.expert] = k }
        termIndex = index
        let d = setup.dataset, q = setup.quarter
        // Rows: every kept row as is; the added visits join the kept row labelled with the quarter, or a new one.
        var rows: [CallPlanRow] = []
        var added: [Int: Int] = [:]
        for (t, v) in zip(terms, visits) where v > t.committed { added[t.expert] = v - t.committed }
        let ownerName = { (v: Int) in index[v].map { terms[$0].liaison } ?? setup.ownership.owner[v] }
        for k in kept {
            var row = CallPlanRow(expert: k.expert, period: k.period.label, planned: k.planned, committed: k.planned,
                                  liaison: ownerName(k.expert))
            if k.period.label == q.label, let a = added.removeValue(forKey: k.expert) { row.planned += a }
            rows.append(row)
        }
        for (v, a) in added {
            rows.append(CallPlanRow(expert: v, period: q.label, planned: a, committed: 0, liaison: ownerName(v)))
        }
        rows.sort { a, b in
            if a.liaison != b.liaison { return a.liaison < b.liaison }
            let ia = d.experts[a.expert].id, ib = d.experts[b.expert].id
            return ia != ib ? ia < ib : a.period < b.period
        }
        self.rows = rows
        // Per-liaison figures.
        var planned = [Int](repeating: 0, count: d.experts.count)
        for r in rows { planned[r.expert] += r.planned }
        var lastVisits = [String: [Int: Int]]()
        let previous = q.previous(fiscalYearStart: setup.options.fiscalYearStart)
        for i in d.interactions where previous.contains(i.date) && i.date <= setup.referenceDay
            && i.expert >= 0 && i.expert < d.experts.count {
            lastVisits[i.liaison.lowercased(), default: [:]][i.expert, default: 0] += 1
        }
        liaisons = capacity.keys.sorted().map { name in
            let key = name.lowercased()
            let book = (0..<d.experts.count).filter { setup.ownership.owner[$0].lowercased() == key && setup.isKeyExpert($0) }
            let mine = lastVisits[key] ?? [:]
            let (ec, ea) = CallPlan.figures(book, setup: setup, pace: 1) { planned[$0] }
            let (lc, la) = CallPlan.figures(book, setup: setup, pace: setup.previousQuarterPace) { mine[$0] ?? 0 }
            return LiaisonPlanSummary(
                liaison: name, capacity: capacity[name] ?? 0, capacitySource: source[name] ?? "none",
                planned: rows.filter { $0.liaison == name }.reduce(0) { $0 + $1.planned },
                committed: rows.filter { $0.liaison == name }.reduce(0) { $0 + $1.committed },
                keyExperts: book.count, keyExpertsPlanned: book.filter { planned[$0] > 0 }.count,
                expectedInfluenceCoverage: ec, expectedAttainment: ea, lastInfluenceCoverage: lc, lastAttainment: la,
                lastVisits: book.reduce(0) { $0 + (mine[$1] ?? 0) })
        }
    }

    /// The default capacity of each liaison (by lower-cased name) from history: the visits their book
    /// had in the latest plan.csv quarter before the planned one, else their interactions in the last
    /// complete quarter before the reference day.
    static func historyCapacity(_ setup: PlanningSetup) -> [String: (visits: Int, source: String)] {
        let d = setup.dataset, q = setup.quarter, own = setup.ownership
        let fy = setup.options.fiscalYearStart
        var out: [String: (visits: Int, source: String)] = [:]
        var fiscal = Period.FiscalReading(fiscalYearStart: fy)
        let planQuarters = d.plan.map { fiscal($0.period) }.filter { $0.kind == .quarter && $0.end < q.start }
        if let latest = planQuarters.max() {
            for row in d.plan where row.expert >= 0 && row.expert < d.experts.count {
                let p = fiscal(row.period)
                guard p.start == latest.start && p.end == latest.end else { continue }
                let key = own.owner[row.expert].lowercased()
                out[key] = ((out[key]?.visits ?? 0) + row.planned, "plan.csv \(latest.label)")
            }
        }
        let lastComplete = Period.quarter(containing: setup.referenceDay.adding(days: 1), fiscalYearStart: fy).previous(fiscalYearStart: fy)
        var logged: [String: (String, Int)] = [:]
        for i in d.interactions where lastComplete.contains(i.date) {
            let key = i.liaison.lowercased()
            logged[key] = (i.liaison, (logged[key]?.1 ?? 0) + 1)
        }
        for (key, (_, c)) in logged where out[key] == nil { out[key] = (c, "interactions \(lastComplete.label)") }
        return out
    }
}

extension CallPlan {
    /// Influence coverage and attainment of `experts` with `count(v)` visits each: Σ influence of those
    /// visited / Σ influence, and Σ min(visits, x·pace) / Σ x·pace with x the tier's expectation.
    /// `pace` is the share of the quarter the expectations cover: 1 for a whole quarter, less for an
    /// unfinished one (as `coverage` paces it — judged against a whole quarter, it would read as a fall).
    public static func figures(_ experts: [Int], setup: PlanningSetup, pace: Double,
                               _ count: (Int) -> Int) -> (influenceCoverage: Double?, attainment: Double?) {
        var w = 0.0, wReached = 0.0, x = 0.0, attained = 0.0
        for v in experts {
            let infl = setup.scores.influence[v], e = setup.expectation[v] * pace, c = count(v)
            w += infl
            if c > 0 { wReached += infl }
            x += e
            attained += min(Double(c), e)
        }
        return (w > 0 ? wReached / w : nil, x > 0 ? attained / x : nil)
    }
}

extension PlanningSetup {
    /// The share of the quarter before the planned one elapsed by the reference day (1 when it is over).
    public var previousQuarterPace: Double {
        CoveragePeriod.elapsedFraction(of: quarter.previous(fiscalYearStart: options.fiscalYearStart), asOf: referenceDay)
    }
}
