/// One row of the suggested plan as a person reads it.
public struct PlanRowView: Sendable, Hashable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// Expert id, name and institution name.
    public var id: String, name: String, institution: String
    /// The row's period label.
    public var period: String
    /// Visits planned (kept ones included) and of which kept.
    public var planned: Int, committed: Int
    /// The owning liaison.
    public var liaison: String
    /// Influence and tier on the influence basis.
    public var influence: Double, tier: Int
    /// Why, in words: "tier 1, not seen for 184 days; way in to E085 (Julie Simon)".
    public var reason: String
}

/// The suggested plan as rows, summaries and JSON — ordered and worded once for the CLI and the report.
///
/// Rows: by liaison, then tier (1 first), influence (highest first) and id. Reasons, joined by "; ":
/// `kept from plan.csv` (committed rows); `tier T, never met` / `tier T, not seen for D days` (D ≥ 90) /
/// `tier T, last seen D days ago` (`today`) for key experts; `way in to ID (Name)` for the colleague who can
/// introduce the liaison to a never-met key expert; `rising expert (rank A → B), never met` / `…, not
/// met since DATE` for a rising expert not met in the quarter they rose to.
public struct PlanView: Sendable {
    /// The plan shown.
    public let plan: CallPlan
    /// The rows, ordered.
    public let rows: [PlanRowView]
    /// Days since the last meeting from which a key expert reads as "not seen" rather than "last seen".
    public static let staleDays = 90
    /// The CSV columns: loadable as plan.csv as is (the loader reads the first three).
    public static let csvColumns = ["expert", "period", "planned", "liaison", "influence", "tier", "reason"]

    /// The rows of `plan`.
    public init(_ plan: CallPlan) {
        self.plan = plan
        let s = plan.setup, d = s.dataset
        rows = plan.rows.map { r in
            PlanRowView(expert: r.expert, id: d.experts[r.expert].id, name: d.experts[r.expert].name,
                        institution: d.institutionName(ofExpert: r.expert), period: r.period, planned: r.planned,
                        committed: r.committed, liaison: r.liaison, influence: s.scores.influence[r.expert],
                        tier: s.scores.tier[r.expert], reason: PlanView.reason(plan, r))
        }.sorted { a, b in
            if a.liaison != b.liaison { return a.liaison < b.liaison }
            if a.tier != b.tier { return a.tier < b.tier }
            if a.influence != b.influence { return a.influence > b.influence }
            return a.id != b.id ? a.id < b.id : a.period < b.period
        }
    }

    /// `E085 (Julie Simon)`.
    static func label(_ d: Dataset, _ v: Int) -> String {
        d.experts[v].idAndName
    }

    /// The reason of one row (see the type's documentation).
    public static func reason(_ plan: CallPlan, _ r: CallPlanRow) -> String {
        let s = plan.setup, d = s.dataset, v = r.expert
        var parts: [String] = []
        if r.committed > 0 { parts.append(r.committed == r.planned ? "kept from plan.csv" : "\(r.committed) kept from plan.csv") }
        if s.isKeyExpert(v) {
            let t = "tier \(s.scores.tier[v])"
            if let days = s.daysSince(v) {
                parts.append(days >= staleDays ? "\(t), not seen for \(days) days"
                             : days == 0 ? "\(t), last seen today" : "\(t), last seen \(days) day\(days == 1 ? "" : "s") ago")
            } else {
                parts.append("\(t), never met")
            }
        }
        if let es = s.wayIns[v], plan.term(of: v).map({ $0.term.bonus > 0 }) ?? false {
            parts.append("way in to " + es.sorted { d.experts[$0].id < d.experts[$1].id }.map { label(d, $0) }.joined(separator: ", "))
        }
        if let x = s.rising.first(where: { $0.expert == v }), s.isUnmet(x) {
            let met = s.lastMet[v].map { "not met since \($0)" } ?? "never met"
            parts.append("rising expert (rank \(x.rankFrom) → \(x.rankTo)), \(met)")
        }
        if s.ownership.owner[v] == LiaisonOwnership.none { parts.append("no liaison owns this expert") }
        return parts.joined(separator: "; ")
    }

    /// The per-liaison figures and a team line: Σ over liaisons, coverage over every key expert.
    public var team: LiaisonPlanSummary {
        let s = plan.setup, d = s.dataset
        var planned = [Int](repeating: 0, count: d.experts.count)
        for r in plan.rows { planned[r.expert] += r.planned }
        var last = [Int](repeating: 0, count: d.experts.count)
        let previous = s.quarter.previous(fiscalYearStart: s.options.fiscalYearStart)
        for i in d.interactions where previous.contains(i.date) && i.date <= s.referenceDay && i.expert >= 0
            && i.expert < d.experts.count && i.liaison.lowercased() == s.ownership.owner[i.expert].lowercased() {
            last[i.expert] += 1
        }
        let keys = (0..<d.experts.count).filter(s.isKeyExpert)
        let (ec, ea) = CallPlan.figures(keys, setup: s, pace: 1) { planned[$0] }
        let (lc, la) = CallPlan.figures(keys, setup: s, pace: s.previousQuarterPace) { last[$0] }
        let ls = plan.liaisons
        return LiaisonPlanSummary(
            liaison: "team", capacity: ls.reduce(0) { $0 + $1.capacity }, capacitySource: "",
            planned: plan.rows.reduce(0) { $0 + $1.planned }, committed: plan.rows.reduce(0) { $0 + $1.committed },
            keyExperts: keys.count, keyExpertsPlanned: keys.filter { planned[$0] > 0 }.count,
            expectedInfluenceCoverage: ec, expectedAttainment: ea, lastInfluenceCoverage: lc, lastAttainment: la,
            lastVisits: keys.reduce(0) { $0 + last[$1] })
    }

    /// The influence basis in words.
    public var influenceBasis: String {
        plan.setup.influencePeriod.map { "referrals of the latest four quarters (\($0.start) to \($0.end))" } ?? "all referrals"
    }

    /// The last quarter's label, with "paced to DATE" when the reference day falls inside it (its
    /// attainment is then judged against the share of the quarter elapsed, as `coverage` paces it).
    public var lastQuarterLabel: String {
        let s = plan.setup
        let p = s.quarter.previous(fiscalYearStart: s.options.fiscalYearStart)
        return s.referenceDay < p.end ? "\(p.label) paced to \(s.referenceDay)" : p.label
    }

    /// The plan rows as `plan.csv` (``csvColumns``).
    public var csv: TabularOutput {
        var t = TabularOutput(columns: PlanView.csvColumns)
        for r in rows {
            t.rows.append([.text(r.id), .text(r.period), .int(r.planned), .text(r.liaison), .number(r.influence), .int(r.tier),
                           .text(r.reason)])
        }
        return t
    }

    /// The objective's formula, in words for people and the JSON.
    public static let formula = "Σ influence × min(visits, expected) / expected + λ × Σ extra × [visits ≥ 1]"

    /// Everything as JSON.
    public var json: JSONValue {
        let s = plan.setup, o = plan.objective
        func summary(_ l: LiaisonPlanSummary) -> JSONValue {
            func num(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }
            return .object([
                ("liaison", .string(l.liaison)), ("capacity", .int(l.capacity)),
                ("capacity_source", l.capacitySource.isEmpty ? .null : .string(l.capacitySource)),
                ("planned", .int(l.planned)), ("committed", .int(l.committed)), ("capacity_left", .int(l.capacityLeft)),
                ("key_experts", .int(l.keyExperts)), ("key_experts_planned", .int(l.keyExpertsPlanned)),
                ("expected_influence_coverage", num(l.expectedInfluenceCoverage)), ("expected_attainment", num(l.expectedAttainment)),
                ("last_quarter_visits", .int(l.lastVisits)), ("last_quarter_influence_coverage", num(l.lastInfluenceCoverage)),
                ("last_quarter_attainment", num(l.lastAttainment)),
            ])
        }
        return .object([
            ("quarter", .string(s.quarter.label)), ("period_start", .string(s.quarter.start.description)),
            ("period_end", .string(s.quarter.end.description)), ("reference_day", .string(s.referenceDay.description)),
            ("influence_period", s.influencePeriod.map { .string($0.label) } ?? .null),
            ("influence_basis", .string(s.influencePeriod == nil ? "all referrals" : "latest four quarters of referrals")),
            ("last_quarter", .string(lastQuarterLabel)),
            ("objective", .object([
                ("formula", .string(PlanView.formula)), ("attainment_term", .number(o.main)), ("extra_terms", .number(o.extra)),
                ("total", .number(o.main + o.extra)), ("extra_share", .number(plan.extraShare)),
                ("extra_weight", .number(plan.extraWeight)), ("max_extra_share", .number(plan.maxExtraShare)),
            ])),
            ("liaisons", .array(plan.liaisons.map(summary))), ("team", summary(team)),
            ("unassigned_key_experts", .array(plan.unownedKeyExperts.map { .string(s.dataset.experts[$0].id) })),
            ("rows", .array(rows.map { r in
                .object([("expert", .string(r.id)), ("name", .string(r.name)), ("institution", .string(r.institution)),
                         ("period", .string(r.period)), ("planned", .int(r.planned)), ("committed", .int(r.committed)),
                         ("liaison", .string(r.liaison)), ("influence", .number(r.influence)), ("tier", .int(r.tier)),
                         ("reason", .string(r.reason))])
            })),
        ])
    }
}
