/// One expert's coverage in a period.
public struct ExpertCoverage: Sendable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// Whether the expert is a target of the period (within the liaison's book with `--liaison`).
    public var isTarget: Bool
    /// A tier-1 or tier-2 expert the plan leaves out (only when targets come from the plan).
    public var isOffPlanKeyExpert: Bool
    /// Whole-period expectation: the plan's (targets), the tier's (off-plan key experts), else 0.
    public var expected: Double
    /// Expectation so far: `expected × elapsed fraction`.
    public var expectedSoFar: Double
    /// Counted interactions in the period.
    public var actual: Int
    /// Last counted interaction on or before the reference day (earlier periods included).
    public var lastInteraction: Day?
    /// Days from ``lastInteraction`` to the reference day.
    public var daysSince: Int?
    /// Influence on the influence basis.
    public var influence: Double
    /// Tier on the influence basis.
    public var tier: Int
    /// The owning liaison (see ``LiaisonOwnership``).
    public var owner: String
    /// Reached, under-visited, missed or non-target.
    public var status: CoverageStatus

    /// Whether the expert had at least one counted interaction in the period.
    public var isSeen: Bool { actual > 0 }
    /// Whether a target is below its expectation so far (behind pace, with an as-of date).
    public var isBehind: Bool { status.isBelowExpectation }
}

/// Coverage of one period: targets, per-expert figures and the measures (see ``CoverageMeasures``).
///
/// Build one with ``analyze(_:period:options:)``.
public struct CoverageReport: Sendable {
    /// The dataset analysed.
    public let dataset: Dataset
    /// The period.
    public let period: Period
    /// The options used.
    public let options: CoverageOptions
    /// Targets, expectations and influence scores.
    public let targets: CoverageTargets
    /// The last day counted: the period end, or the as-of date when earlier.
    public let referenceDay: Day
    /// Share of the period elapsed by the as-of date (1 without one).
    public let elapsedFraction: Double
    /// Every expert's coverage, indexed like ``Dataset/experts``.
    public let experts: [ExpertCoverage]
    /// Owners of every expert.
    public let ownership: LiaisonOwnership
    /// Indices (in ``Dataset/interactions``) of every counted interaction in the period, targets or not.
    public let counted: [Int]
    /// The measures over all targets in scope.
    public let totals: CoverageMeasures

    /// Counted interactions with each expert, on or before the reference day (all periods), by date.
    let history: [[Int]]

    /// Target indices in scope, ascending.
    public var targetExperts: [Int] { experts.filter(\.isTarget).map(\.expert) }

    /// The status of expert `v` (``CoverageStatus/nonTarget`` for an out-of-range index).
    public func status(of v: Int) -> CoverageStatus {
        experts.indices.contains(v) ? experts[v].status : .nonTarget
    }

    /// Counted interactions in the period with experts who are not targets.
    public var nonTargetInteractions: Int {
        counted.filter { !experts[dataset.interactions[$0].expert].isTarget }.count
    }

    /// Analyses `period` of `d`.
    public static func analyze(_ d: Dataset, period: Period, options: CoverageOptions = CoverageOptions()) throws -> CoverageReport {
        let t = try CoverageTargets.compute(d, period: period, options: options)
        return CoverageReport(d, period: period, options: options, targets: t)
    }

    /// Analyses `period` of `d` with targets already computed.
    public init(_ d: Dataset, period: Period, options: CoverageOptions, targets t: CoverageTargets) {
        dataset = d
        self.period = period
        self.options = options
        targets = t
        // The last day counted: the period's end, or the as-of or extraction day when earlier.
        let ref = [options.asOf, options.countedUntil].compactMap { $0 }.reduce(period.end) { min($0, $1) }
        referenceDay = ref
        elapsedFraction = CoveragePeriod.elapsedFraction(of: period, asOf: options.asOf)
        let own = LiaisonOwnership(d)
        ownership = own
        let n = d.experts.count
        var hist = [[Int]](repeating: [], count: n)
        var inPeriod: [Int] = []
        // Fields are read in place from the interactions' buffer: copying each interaction (four
        // strings) and sorting through the dataset was most of a report's trend at 100 000 experts,
        // which builds one of these per quarter.
        let interactions = d.interactions
        interactions.withUnsafeBufferPointer { ins in
            for k in 0..<ins.count {
                let e = ins[k].expert, day = ins[k].date
                guard e >= 0 && e < n && day <= ref && options.counts(ins[k]) else { continue }
                hist[e].append(k)
                if day >= period.start { inPeriod.append(k) }
            }
            // By date, then file order (indices were appended in file order).
            for v in 0..<n where hist[v].count > 1 {
                hist[v].sort { ins[$0].date < ins[$1].date || (ins[$0].date == ins[$1].date && $0 < $1) }
            }
        }
        history = hist
        counted = inPeriod
        var actual = [Int](repeating: 0, count: n)
        for k in inPeriod { actual[interactions[k].expert] += 1 }
        let offPlan = t.source == .plan ? Set(t.offPlanKeyExperts) : []
        let liaison = options.liaison?.lowercased()
        let s = t.scores
        let fraction = elapsedFraction
        experts = (0..<n).map { v in
            // With --liaison, only the liaison's book: experts they own, plus those they met in the period.
            let inBook = liaison.map { own.owner[v].lowercased() == $0 || actual[v] > 0 } ?? true
            let isTarget = t.isTarget(v) && inBook
            let isOff = offPlan.contains(v) && inBook
            let expected = isTarget ? (t.expected[v] ?? 0)
                : (isOff ? CoverageTargets.tierExpectation(tier: s.tier[v], period: period, options: options) : 0)
            let last = hist[v].last.map { interactions[$0].date }
            let soFar = expected * fraction
            return ExpertCoverage(
                expert: v, isTarget: isTarget, isOffPlanKeyExpert: isOff, expected: expected, expectedSoFar: soFar,
                actual: actual[v], lastInteraction: last, daysSince: last.map { ref.ordinal - $0.ordinal },
                influence: v < s.influence.count ? s.influence[v] : 0, tier: v < s.tier.count ? s.tier[v] : 3,
                owner: own.owner[v],
                status: CoverageStatus.of(isTarget: isTarget, actual: actual[v], expected: soFar))
        }
        totals = CoverageReport.measures(d, experts: experts, members: experts.filter(\.isTarget).map(\.expert),
                                         history: hist, start: period.start, reference: ref, where: nil)
    }

    /// The measures of `members`, counting only interactions that satisfy `keep` (all when `nil`).
    static func measures(_ d: Dataset, experts: [ExpertCoverage], members: [Int], history: [[Int]], start: Day,
                         reference: Day, where keep: ((Interaction) -> Bool)?) -> CoverageMeasures {
        var m = CoverageMeasures()
        var days: [Int] = []
        var channels: [String: Int] = [:]
        for v in members {
            let e = experts[v]
            let seen = keep.map { keep in history[v].filter { keep(d.interactions[$0]) } } ?? history[v]
            let now = seen.filter { d.interactions[$0].date >= start }
            m.targets += 1
            m.expected += e.expectedSoFar
            m.influence += e.influence
            m.interactions += now.count
            m.attained += min(Double(now.count), e.expectedSoFar)
            if !now.isEmpty {
                m.reached += 1
                m.reachedInfluence += e.influence
            }
            if Double(now.count) < e.expectedSoFar { m.belowExpectation += 1 }
            for k in now { channels[d.interactions[k].channel, default: 0] += 1 }
            if let last = seen.last {
                days.append(reference.ordinal - d.interactions[last].date.ordinal)
            } else {
                m.neverSeen += 1
            }
        }
        m.medianDaysSince = CoverageMeasures.median(days)
        m.channelCounts = channels.map { (channel: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.channel < $1.channel }
        return m
    }

    /// The measures of each group of `grouping`, in display order.
    ///
    /// - `tier`, `region`, `institution`, `specialty`: every target is in exactly one group (its
    ///   tier, its region — or its institution's — its institution's name, its specialty; `(none)` when empty).
    /// - `liaison`: a liaison's group is their book — targets they own plus targets they met in the
    ///   period — and counts only their own interactions; a target seen by two liaisons is in both
    ///   groups, so group totals can exceed the overall figures.
    /// - `channel`, `topic`: a target is in the group of each channel (topic) of its counted
    ///   interactions in the period, counting only those interactions; targets with none form `(none)`.
    public func groups(by grouping: CoverageGrouping) -> [(group: String, measures: CoverageMeasures)] {
        let d = dataset
        let members = targetExperts
        var groups: [String: [Int]] = [:]
        var filters: [String: (Interaction) -> Bool] = [:]
        func key(_ s: String) -> String { s.trimmingSpaces.isEmpty ? LiaisonOwnership.none : s }
        switch grouping {
        case .tier:
            for v in members { groups["\(experts[v].tier)", default: []].append(v) }
        case .region:
            for v in members {
                let r = d.experts[v].region.isEmpty ? (d.institution(ofExpert: v)?.region ?? "") : d.experts[v].region
                groups[key(r), default: []].append(v)
            }
        case .institution:
            for v in members { groups[key(d.institutionName(ofExpert: v)), default: []].append(v) }
        case .specialty:
            for v in members { groups[key(d.experts[v].specialty), default: []].append(v) }
        case .liaison, .channel, .topic:
            func label(_ i: Interaction) -> String {
                switch grouping {
                case .liaison: return key(i.liaison)
                case .channel: return key(i.channel)
                default: return key(i.topic)
                }
            }
            var sets: [String: Set<Int>] = [:]
            for k in counted {
                let i = d.interactions[k]
                if experts[i.expert].isTarget { sets[label(i), default: []].insert(i.expert) }
            }
            for v in members where grouping == .liaison || !experts[v].isSeen {
                let g = grouping == .liaison ? key(experts[v].owner) : LiaisonOwnership.none
                sets[g, default: []].insert(v)
            }
            for (g, s) in sets {
                groups[g] = s.sorted()
                if g != LiaisonOwnership.none { filters[g] = { label($0) == g } }
            }
        }
        let names = groups.keys.sorted { a, b in
            if (a == LiaisonOwnership.none) != (b == LiaisonOwnership.none) { return b == LiaisonOwnership.none }
            if grouping == .tier, let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
        return names.map { g in
            (g, CoverageReport.measures(d, experts: experts, members: groups[g] ?? [], history: history,
                                        start: period.start, reference: referenceDay, where: filters[g]))
        }
    }
}
