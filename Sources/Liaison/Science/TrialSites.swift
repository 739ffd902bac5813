/// Where to place the next clinical trial: institutions ranked by what makes a site recruit.
///
/// For each institution i (the nodes of ``InstitutionNetwork``):
/// - **F** = patients flowing in: referrals received by i's experts from experts of *other*
///   institutions (the institution network's in-strength) — counts the small-cell rule hides
///   (1 … min-cell − 1) count as 0, so the score never reveals them;
/// - **K** = i's tier 1–2 experts (influence with its scientific share, ``ScientificInfluence``);
/// - **T** = trials run at i — in the condition when one is given — plus those recruiting there now,
///   so a trial recruiting today counts twice: it shows a working trial unit. A trial runs at i
///   when one of its sites names i (``InstitutionNames``: facility and city) or one of its
///   investigators is matched to an expert of i; it recruits there when that site's status (or,
///   without one, the trial's) is `RECRUITING`. The condition matches a trial's conditions or
///   title, folded (case and accents), as a substring (`myeloma` finds `Multiple Myeloma`);
/// - **R** = the team's reach of i's coverage targets in the coverage period (reached / targets; 0
///   without targets).
///
/// **score** = 0.35 · F / max F + 0.25 · K / max K + 0.25 · T / max T + 0.15 · R (a term whose
/// maximum is 0 adds 0), in [0, 1]. Patients first, because a trial that cannot recruit fails; then
/// the experts who decide and refer (K) and proven trial capacity (T) equally; the team's existing
/// relationships (R) ease the start but do not make a site.
///
/// - Complexity: O(n + m + trials · sites · institution forms), after the expert scores.
public struct TrialSiteRanking: Sendable {
    /// One institution's row.
    public struct Row: Sendable {
        /// Index in ``TrialSiteRanking/network`` nodes.
        public var institution: Int
        /// F: patients referred in from other institutions (true value).
        public var patientsIn: Double
        /// K: tier 1–2 experts there.
        public var keyExperts: Int
        /// Trials run there (in the condition when given).
        public var trials: Int
        /// Of those, recruiting there now.
        public var recruiting: Int
        /// Coverage targets among its experts (`nil` without a coverage period).
        public var targets: Int?
        /// Targets reached.
        public var reached: Int?
        /// R: reached / targets (0 when there are none).
        public var reach: Double
        /// Experts there who are investigators on the counted trials, most influential first.
        public var investigators: [Int]
        /// The score.
        public var score: Double
    }

    /// Weights of F, K, T and R.
    public static let weights = (patients: 0.35, keyExperts: 0.25, trials: 0.25, reach: 0.15)

    /// The institution network the inflow comes from.
    public var network: InstitutionNetwork
    /// Rows, best site first (ties by institution key).
    public var rows: [Row]
    /// The condition trials were restricted to, if any.
    public var condition: String?
    /// Trials counted (in the condition), and how many of them were placed at no institution.
    public var trialsCounted = 0, trialsUnplaced = 0

    /// Ranks the institutions of `d`.
    ///
    /// - Parameters:
    ///   - scores: expert influence and tiers (``KeyExperts/compute(_:period:measures:model:options:)``).
    ///   - coverage: the coverage report whose targets give R (`nil`: R = 0 everywhere).
    ///   - period: referral period of the inflow (`nil`: all referrals).
    ///   - minCell: the small-cell threshold (hidden inflows count 0 in the score).
    public static func rank(_ d: Dataset, scores: ExpertScores, coverage: CoverageReport?, period: Period?,
                            condition: String?, minCell: Int) -> TrialSiteRanking {
        let net = InstitutionNetwork(d, period: period)
        let names = InstitutionNames(d)
        let nodeOf = Dictionary(net.nodes.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let n = net.nodes.count
        let query = condition.map { PersonName.fold($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        var trials = [Set<Int>](repeating: [], count: n), recruiting = [Set<Int>](repeating: [], count: n)
        var investigators = [Set<Int>](repeating: [], count: n)
        let s = d.science
        var counted = 0, unplaced = 0
        var matchedByTrial: [Int: [(position: Int, expert: Int)]] = [:]
        for m in s.matches where m.source == .trial && m.status == .matched {
            if let v = m.expert { matchedByTrial[m.record, default: []].append((m.position, v)) }
        }
        for (t, trial) in s.trials.enumerated() {
            if let q = query, !(trial.conditions + [trial.title]).contains(where: { PersonName.fold($0).contains(q) }) { continue }
            counted += 1
            var here: [Int: Bool] = [:]   // node → recruiting there
            for site in trial.sites {
                for k in names.institutions(mentionedIn: site.facility, city: site.city) {
                    guard let node = nodeOf[names.keys[k]] else { continue }
                    let status = site.status.isEmpty ? trial.status : site.status
                    here[node] = (here[node] ?? false) || status == "RECRUITING"
                }
            }
            for (_, v) in matchedByTrial[t] ?? [] where v < net.institutionOfExpert.count {
                let node = net.institutionOfExpert[v]
                if net.nodes[node].key != InstitutionNetwork.noInstitution {
                    if here[node] == nil { here[node] = trial.status == "RECRUITING" }
                    investigators[node].insert(v)
                }
            }
            if here.isEmpty { unplaced += 1 }
            for (node, rec) in here {
                trials[node].insert(t)
                if rec { recruiting[node].insert(t) }
            }
        }
        var rows: [Row] = []
        for (k, node) in net.nodes.enumerated() where node.key != InstitutionNetwork.noInstitution {
            let f = net.graph.inStrength(k)
            var targets: Int?, reached: Int?
            if let coverage {
                let tv = node.members.filter { coverage.experts[$0].isTarget }
                targets = tv.count
                reached = tv.filter { coverage.experts[$0].isSeen }.count
            }
            let key = node.members.filter { $0 < scores.tier.count && scores.tier[$0] <= 2 }.count
            let inv = investigators[k].sorted { a, b in
                let ra = a < scores.influenceRank.count ? scores.influenceRank[a] : Int.max
                let rb = b < scores.influenceRank.count ? scores.influenceRank[b] : Int.max
                return ra != rb ? ra < rb : d.experts[a].id < d.experts[b].id
            }
            let reach = (targets ?? 0) > 0 ? Double(reached ?? 0) / Double(targets ?? 1) : 0
            rows.append(Row(institution: k, patientsIn: f, keyExperts: key, trials: trials[k].count,
                            recruiting: recruiting[k].count, targets: targets, reached: reached, reach: reach,
                            investigators: inv, score: 0))
        }
        let shownF = rows.map { SmallCell.hides($0.patientsIn, threshold: minCell) ? 0 : $0.patientsIn }
        let maxF = shownF.max() ?? 0
        let maxK = Double(rows.map(\.keyExperts).max() ?? 0)
        let tOf = { (r: Row) in Double(r.trials + r.recruiting) }
        let maxT = rows.map(tOf).max() ?? 0
        let w = weights
        for i in rows.indices {
            var x = w.reach * rows[i].reach
            if maxF > 0 { x += w.patients * shownF[i] / maxF }
            if maxK > 0 { x += w.keyExperts * Double(rows[i].keyExperts) / maxK }
            if maxT > 0 { x += w.trials * tOf(rows[i]) / maxT }
            rows[i].score = x
        }
        rows.sort { a, b in a.score != b.score ? a.score > b.score : net.nodes[a.institution].key < net.nodes[b.institution].key }
        return TrialSiteRanking(network: net, rows: rows, condition: query == nil ? nil : condition,
                                trialsCounted: counted, trialsUnplaced: unplaced)
    }
}
