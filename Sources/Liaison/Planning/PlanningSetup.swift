/// An expert whose influence rank rose over the last year of referrals (a "rising expert").
public struct RisingExpert: Sendable, Hashable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// The earlier referral quarter compared.
    public var from: Period
    /// The latest referral quarter.
    public var to: Period
    /// 1-based influence rank on `from`'s referrals.
    public var rankFrom: Int
    /// 1-based influence rank on `to`'s referrals.
    public var rankTo: Int
    /// Influence on `to`'s referrals.
    public var influenceTo: Double
    /// Tier on `to`'s referrals (1 or 2).
    public var tierTo: Int
}

/// What the planners know before choosing anything: the quarter, the day the plan is made, influence
/// and tiers, each expert's owner and history, the way-in colleagues of never-met key experts and the
/// rising experts. Shared by ``CallPlan`` (and through it ``FieldTrips``) and ``AdvisoryBoard``.
///
/// - **Reference day**: the plan is made on the day of the latest interaction (on or before the
///   extraction day: later ones are planned calls, as in ``CoverageWindow``), or the day before the
///   quarter starts when that is earlier (planning a past quarter ignores what came after its start).
/// - **Influence basis** (``latestFourQuarters(_:)``): the latest four quarters of referrals, or all
///   referrals when they carry no periods.
/// - **Met recently**: an interaction with the expert (any liaison, any channel) within
///   ``recentDays`` days up to the reference day.
public struct PlanningSetup: Sendable {
    /// How far back "met recently" looks, in days (a year).
    public static let recentDays = 365
    /// How many of the largest rises count as rising experts (as `liaison compare --top`).
    public static let risingLimit = 10

    /// The dataset.
    public let dataset: Dataset
    /// The quarter planned.
    public let quarter: Period
    /// The day the plan is made (see the type's documentation).
    public let referenceDay: Day
    /// The referral period influence is computed on; `nil`: all referrals.
    public let influencePeriod: Period?
    /// Influence, tier and rank of every expert on the influence basis.
    public let scores: ExpertScores
    /// Each expert's owner (``LiaisonOwnership``).
    public let ownership: LiaisonOwnership
    /// Each expert's tier expectation for the quarter (``CoverageTargets/tierExpectation(tier:period:options:)``):
    /// 3 for tier 1, 2 for tier 2, 0 for tier 3.
    public let expectation: [Double]
    /// Each expert's latest interaction with any liaison, up to the reference day.
    public let lastMet: [Day?]
    /// Whether the expert's owner met them in the quarter before the planned one (up to the reference day).
    public let metLastQuarterByOwner: [Bool]
    /// Way-in colleague → the never-met key experts of the same book it leads to (see ``init(_:quarter:options:)``).
    public let wayIns: [Int: [Int]]
    /// Rising experts, largest rise first (see ``risingExperts(_:referenceDay:options:)``).
    public let rising: [RisingExpert]
    /// The coverage options used (expectations, fiscal calendar, influence model).
    public let options: CoverageOptions

    /// The latest four quarters of referrals: from the start of the quarter three before the one
    /// holding the last day of the latest referral period, to that day. `nil` when referrals carry no
    /// periods, or no referral row lies inside that span (then influence uses all referrals).
    public static func latestFourQuarters(_ d: Dataset) -> Period? {
        guard let last = d.referralPeriods.map(\.end).max() else { return nil }
        var q = Period.quarter(containing: last)
        for _ in 0..<3 { q = q.previous() }
        let span = Period(label: "\(q.start)..\(last)", start: q.start, end: last, kind: .range)
        return d.hasLinks(in: span) ? span : nil
    }

    /// Whether the team met expert `v` within ``recentDays`` days up to the reference day.
    public func metRecently(_ v: Int) -> Bool {
        guard let m = lastMet[v] else { return false }
        return referenceDay.ordinal - m.ordinal < PlanningSetup.recentDays
    }

    /// Whether rising expert `r` went unmet in the quarter they rose to (no interaction from the start
    /// of `r.to` up to the reference day): the rising experts the extra term favours.
    public func isUnmet(_ r: RisingExpert) -> Bool {
        guard let m = lastMet[r.expert] else { return true }
        return m < r.to.start
    }

    /// Days from the latest interaction with `v` to the reference day.
    public func daysSince(_ v: Int) -> Int? { lastMet[v].map { referenceDay.ordinal - $0.ordinal } }

    /// Whether `v` is a key expert (tier 1 or 2) on the influence basis.
    public func isKeyExpert(_ v: Int) -> Bool { v < scores.tier.count && scores.tier[v] <= 2 }

    /// Gathers what the planners need for `quarter`; interactions after `extractionDay` are not meetings.
    ///
    /// The **way in** to a never-met key expert `e` (tier 1–2, no interaction ever up to the reference
    /// day) is the colleague `w` of the same book (same owner) who was met recently and is tied to `e`
    /// by a referral (either direction, any period) or a collaboration — the one with the most patients
    /// between the two, then the largest collaboration weight, then the highest influence, then the
    /// smallest id (the rule of ``CoverageGaps``, restricted to the owner's book so the owner can plan it).
    ///
    /// - Complexity: three key-expert computations (influence basis and the two rising quarters), plus
    ///   O(referrals + collaborations + interactions).
    public init(_ d: Dataset, quarter: Period, options: CoverageOptions = CoverageOptions(), extractionDay: Day? = nil) throws {
        dataset = d
        self.quarter = quarter
        self.options = options
        let n = d.experts.count
        let lastInteraction = d.interactions.map(\.date).filter { day in extractionDay.map { day <= $0 } ?? true }.max()
        let dayBefore = quarter.start.adding(days: -1)
        let ref = lastInteraction.map { min($0, dayBefore) } ?? dayBefore
        referenceDay = ref
        let basis = PlanningSetup.latestFourQuarters(d)
        influencePeriod = basis
        let s = try KeyExperts.compute(d, period: basis, measures: [.influence, .tier], model: options.model)
        scores = s
        let own = LiaisonOwnership(d)
        ownership = own
        expectation = (0..<n).map { CoverageTargets.tierExpectation(tier: s.tier[$0], period: quarter, options: options) }
        var last = [Day?](repeating: nil, count: n)
        var metLast = [Bool](repeating: false, count: n)
        let previous = quarter.previous(fiscalYearStart: options.fiscalYearStart)
        for i in d.interactions where i.expert >= 0 && i.expert < n && i.date <= ref {
            if last[i.expert].map({ i.date > $0 }) ?? true { last[i.expert] = i.date }
            if previous.contains(i.date) && i.liaison.lowercased() == own.owner[i.expert].lowercased() {
                metLast[i.expert] = true
            }
        }
        lastMet = last
        metLastQuarterByOwner = metLast

        // Ties of every expert: patients both ways (all periods) and collaboration weight.
        var patients = [[Int: Int]](repeating: [:], count: n)
        for x in d.links(in: nil) where x.source >= 0 && x.target >= 0 && x.source < n && x.target < n && x.patients > 0 {
            patients[x.source][x.target, default: 0] += x.patients
            patients[x.target][x.source, default: 0] += x.patients
        }
        var collab = [[Int: Double]](repeating: [:], count: n)
        for c in d.collaborations where c.a >= 0 && c.b >= 0 && c.a < n && c.b < n && c.a != c.b {
            collab[c.a][c.b, default: 0] += c.weight
            collab[c.b][c.a, default: 0] += c.weight
        }
        var ways: [Int: [Int]] = [:]
        let recent = { (v: Int) in last[v].map { ref.ordinal - $0.ordinal < PlanningSetup.recentDays } ?? false }
        for e in 0..<n where s.tier[e] <= 2 && last[e] == nil && own.owner[e] != LiaisonOwnership.none {
            let book = own.owner[e].lowercased()
            let colleagues = Set(patients[e].keys).union(collab[e].keys)
                .filter { $0 != e && recent($0) && own.owner[$0].lowercased() == book }
            let best = colleagues.max { a, b in
                let ka = (patients[e][a] ?? 0, collab[e][a] ?? 0, s.influence[a])
                let kb = (patients[e][b] ?? 0, collab[e][b] ?? 0, s.influence[b])
                if ka != kb { return ka < kb }
                return d.experts[a].id > d.experts[b].id
            }
            if let w = best { ways[w, default: []].append(e) }
        }
        wayIns = ways
        rising = try PlanningSetup.risingExperts(d, referenceDay: ref, options: options)
    }

    /// Rising experts: tier 1–2 on the latest referral quarter whose influence rank improved most since
    /// the quarter a year before (the earliest referral quarter when there is none that old), the
    /// ``risingLimit`` largest rises (ties by id). Empty when referrals have fewer than two quarters.
    public static func risingExperts(_ d: Dataset, referenceDay: Day, options: CoverageOptions) throws -> [RisingExpert] {
        let quarters = d.referralPeriods.filter { $0.kind == .quarter && $0.start <= referenceDay }
        guard let to = quarters.last, let earliest = quarters.first, earliest != to else { return [] }
        var yearBefore = to
        for _ in 0..<4 { yearBefore = yearBefore.previous() }
        let from = quarters.first { $0.start == yearBefore.start && $0.end == yearBefore.end } ?? earliest
        let a = try KeyExperts.compute(d, period: from, measures: [.influence, .tier], model: options.model)
        let b = try KeyExperts.compute(d, period: to, measures: [.influence, .tier], model: options.model)
        let all = d.experts.indices.compactMap { v -> RisingExpert? in
            let rf = a.influenceRank[v] + 1, rt = b.influenceRank[v] + 1
            guard b.tier[v] <= 2, rt < rf else { return nil }
            return RisingExpert(expert: v, from: from, to: to, rankFrom: rf, rankTo: rt, influenceTo: b.influence[v],
                                tierTo: b.tier[v])
        }
        let sorted = all.sorted { x, y in
            let cx = x.rankFrom - x.rankTo, cy = y.rankFrom - y.rankTo
            return cx != cy ? cx > cy : d.experts[x.expert].id < d.experts[y.expert].id
        }
        return Array(sorted.prefix(risingLimit))
    }
}
