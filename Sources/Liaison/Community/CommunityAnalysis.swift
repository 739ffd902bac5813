/// How `liaison communities` detects and describes communities.
public struct CommunityOptions: Sendable, Hashable {
    /// Louvain (default) or Leiden.
    public var algorithm: Communities.Algorithm = .louvain
    /// Seed of the node order.
    public var seed: UInt64 = 42
    /// Modularity resolution γ.
    public var resolution: Double = 1
    /// Smallest participation coefficient of a bridge (see ``CommunityRoles/bridges(minParticipation:ids:)``).
    public var minParticipation: Double = 0.5
    /// Leaders listed per community.
    public var leaders: Int = 3
    /// The influence model used to pick leaders (when they are ranked by ``Measure/influence``).
    public var model: InfluenceModel = InfluenceModel()
    /// The measure that ranks leaders, one of ``LeaderChoice/measures``; `nil` chooses by network size
    /// (see ``LeaderChoice/choose(requested:expertCount:samplingThreshold:)``).
    public var leadersBy: Measure?

    /// Default options: Louvain, seed 42, resolution 1, bridges from participation 0.5, three leaders
    /// ranked by influence up to ``Digraph/betweennessSamplingThreshold`` experts and by PageRank above.
    public init(algorithm: Communities.Algorithm = .louvain, seed: UInt64 = 42, resolution: Double = 1,
                minParticipation: Double = 0.5, leaders: Int = 3, model: InfluenceModel = InfluenceModel(),
                leadersBy: Measure? = nil) {
        self.algorithm = algorithm
        self.seed = seed
        self.resolution = resolution
        self.minParticipation = minParticipation
        self.leaders = leaders
        self.model = model
        self.leadersBy = leadersBy
    }
}

/// Which measure ranks the leaders of each community, and why.
///
/// Influence needs betweenness and closeness, O(n·m) each, and both are sampled above
/// ``Digraph/betweennessSamplingThreshold`` experts; there the automatic choice is PageRank, which
/// is near-linear and is influence's largest component.
public struct LeaderChoice: Sendable, Hashable {
    /// The measures leaders can be ranked by: influence, and measures that need no search from every
    /// expert.
    public static let measures: [Measure] = [.influence, .pagerank, .inStrength, .eigenvector, .hub, .authority, .core]

    /// The measure that ranks leaders (highest first, ties by expert id).
    public var measure: Measure
    /// `true` when no measure was asked for and the network size chose it.
    public var automatic: Bool
    /// Why the automatic choice is not influence (e.g. "influence would need sampled betweenness above
    /// 50,000 experts"); `nil` when a measure was asked for or influence was chosen.
    public var reason: String?

    /// Creates a choice.
    public init(measure: Measure, automatic: Bool, reason: String? = nil) {
        self.measure = measure
        self.automatic = automatic
        self.reason = reason
    }

    /// The measure asked for, or — when `requested` is `nil` — influence for networks of at most
    /// `samplingThreshold` experts and PageRank above.
    ///
    /// - Parameters:
    ///   - requested: the measure asked for, or `nil` for the automatic choice.
    ///   - expertCount: the number of experts n.
    ///   - samplingThreshold: the size above which betweenness and closeness would be sampled.
    /// - Throws: ``CentralityError/invalidArgument(_:)`` when `requested` is not one of ``measures``.
    public static func choose(requested: Measure?, expertCount: Int,
                              samplingThreshold: Int = Digraph.betweennessSamplingThreshold) throws -> LeaderChoice {
        if let requested {
            guard measures.contains(requested) else {
                throw CentralityError.invalidArgument("community leaders cannot be ranked by \(requested.rawValue); "
                                                      + "use one of \(measures.map(\.rawValue).joined(separator: ", "))")
            }
            return LeaderChoice(measure: requested, automatic: false)
        }
        if expertCount <= samplingThreshold { return LeaderChoice(measure: .influence, automatic: true) }
        return LeaderChoice(measure: .pagerank, automatic: true,
                            reason: "influence would need sampled betweenness above \(grouped(samplingThreshold)) experts")
    }

    /// The measure's name for people: "influence", "PageRank", "in-strength", …
    public var measureName: String {
        switch measure {
        case .pagerank: return "PageRank"
        case .inStrength: return "in-strength"
        case .eigenvector: return "eigenvector centrality"
        case .hub: return "hub score"
        case .authority: return "authority score"
        case .core: return "core number"
        default: return measure.rawValue
        }
    }

    /// `50000` as `50,000`.
    private static func grouped(_ n: Int) -> String {
        var digits = String(n.magnitude), out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + digits + out
    }
}

/// The communities of a dataset's referral network, described for a medical team: who is in each,
/// where they work, who leads, and which experts bridge communities.
public struct CommunityAnalysis: Sendable {
    /// One community, described.
    public struct Summary: Sendable {
        /// Community id (0 = largest).
        public var id: Int
        /// Expert indices, ascending.
        public var members: [Int]
        /// Institutions by member count, largest first (ties by name); `(none)` for experts without one.
        public var institutions: [(name: String, experts: Int)]
        /// Regions by member count, largest first (ties by name).
        public var regions: [(name: String, experts: Int)]
        /// The highest-ranked members by ``CommunityAnalysis/leadersBy``, highest first.
        public var leaders: [Int]
        /// Patients on referral links with both ends inside the community, both directions summed.
        public var internalPatients: Double
    }

    /// The period the referral graph was built for (`nil`: all referrals).
    public var period: Period?
    /// The partition (ids stable, by size then smallest expert id).
    public var communities: Communities
    /// Participation, z-scores and strengths of every expert.
    public var roles: CommunityRoles
    /// The measures computed to rank leaders: influence and tier when leaders are ranked by influence,
    /// otherwise only the measure ``leadersBy`` names. ``ExpertScores/notes`` says whether anything was
    /// sampled.
    public var scores: ExpertScores
    /// The measure that ranked the leaders, and why.
    public var leadersBy: LeaderChoice
    /// Every expert's value of the leader measure, indexed like ``Dataset/experts``.
    public var leaderScore: [Double]
    /// Every expert's position by the leader measure (0 = highest; ties by expert id).
    public var leaderRank: [Int]
    /// Each community, by id.
    public var summaries: [Summary]
    /// Bridge experts, strongest first.
    public var bridges: [Int]

    /// Detects and describes the communities of `d`'s referral network in `period`.
    ///
    /// - Complexity: community detection is near-linear; leaders ranked by influence need betweenness
    ///   and closeness, O(n·m) (sampled above ``Digraph/betweennessSamplingThreshold`` experts), while
    ///   the other ``LeaderChoice/measures`` are near-linear.
    /// - Throws: ``CentralityError`` when ``CommunityOptions/leadersBy`` is not a leader measure or
    ///   its computation does not converge.
    public static func analyze(_ d: Dataset, period: Period? = nil,
                               options: CommunityOptions = CommunityOptions()) throws -> CommunityAnalysis {
        let g = d.referralGraph(period: period)
        let ids = d.experts.map(\.id)
        // The tie A–B carries the patients of both directions, each counted once (the measure graph
        // `g` holds an undirected tie both ways, which would count them twice).
        let u = UndirectedGraph(d.referralGraphAsRead(period: period))
        let comms: Communities
        switch options.algorithm {
        case .louvain: comms = Communities.louvain(u, seed: options.seed, resolution: options.resolution, ids: ids)
        case .leiden: comms = Communities.leiden(u, seed: options.seed, resolution: options.resolution, ids: ids)
        }
        let roles = CommunityRoles(graph: u, assignment: comms.assignment)
        let choice = try LeaderChoice.choose(requested: options.leadersBy, expertCount: g.nodeCount)
        // Through the dataset's scores memo: the report has already computed influence on this period
        // for its targets (at 100 000 experts, a second sampled betweenness was a third of `report`).
        // Scientific standing is added there, as for rank's influence.
        let scores = try KeyExperts.compute(d, period: period,
                                            measures: choice.measure == .influence ? [.influence, .tier] : [choice.measure],
                                            model: options.model)
        let (leaderScore, leaderRank) = leaderOrder(choice.measure, scores, ids: ids)
        var inside = [Double](repeating: 0, count: comms.count)
        for v in 0..<u.nodeCount {
            for k in u.offsets[v]..<u.offsets[v + 1] {
                let j = Int(u.neighbours[k])
                if j > v && comms.assignment[j] == comms.assignment[v] { inside[comms.assignment[v]] += u.weights[k] }
            }
        }
        func ranked(_ counts: [String: Int]) -> [(name: String, experts: Int)] {
            counts.map { (name: $0.key, experts: $0.value) }
                .sorted { $0.experts != $1.experts ? $0.experts > $1.experts : $0.name < $1.name }
        }
        let summaries = comms.members.enumerated().map { c, members -> Summary in
            var inst: [String: Int] = [:], reg: [String: Int] = [:]
            for v in members {
                let name = d.institutionName(ofExpert: v).trimmingSpaces
                inst[name.isEmpty ? "(none)" : name, default: 0] += 1
                let r = d.experts[v].region.isEmpty ? (d.institution(ofExpert: v)?.region ?? "") : d.experts[v].region
                reg[r.trimmingSpaces.isEmpty ? "(none)" : r.trimmingSpaces, default: 0] += 1
            }
            let leaders = members.sorted { leaderRank[$0] < leaderRank[$1] }.prefix(max(0, options.leaders))
            return Summary(id: c, members: members, institutions: ranked(inst), regions: ranked(reg),
                           leaders: Array(leaders), internalPatients: inside[c])
        }
        return CommunityAnalysis(period: period, communities: comms, roles: roles, scores: scores, leadersBy: choice,
                                 leaderScore: leaderScore, leaderRank: leaderRank, summaries: summaries,
                                 bridges: roles.bridges(minParticipation: options.minParticipation, ids: ids))
    }

    /// The values of `measure` and every expert's position by them (highest first, ties by id);
    /// for influence, ``ExpertScores/influenceRank`` itself.
    private static func leaderOrder(_ measure: Measure, _ s: ExpertScores, ids: [String]) -> (score: [Double], rank: [Int]) {
        let values: [Double]
        switch measure {
        case .influence: return (s.influence, s.influenceRank)
        case .pagerank: values = s.pagerank
        case .inStrength: values = s.inStrength
        case .eigenvector: values = s.eigenvector
        case .hub: values = s.hub
        case .authority: values = s.authority
        case .core: values = s.core.map(Double.init)
        default: values = []   // not a leader measure: ``LeaderChoice/choose`` refused it.
        }
        let order = values.indices.sorted { a, b in values[a] != values[b] ? values[a] > values[b] : ids[a] < ids[b] }
        var rank = [Int](repeating: 0, count: values.count)
        for (r, v) in order.enumerated() { rank[v] = r }
        return (values, rank)
    }
}

extension Dataset {
    /// Each expert's community id (indexed like ``experts``) in the referral network of `period`,
    /// for a `community` column: ids are stable (0 = largest community, ties by smallest expert id).
    ///
    /// - Complexity: near-linear in the number of referral links (see ``Communities/louvain(_:seed:resolution:ids:refine:)``).
    public func expertCommunities(period: Period? = nil, algorithm: Communities.Algorithm = .louvain,
                                  seed: UInt64 = 42, resolution: Double = 1) -> Communities {
        Communities.detect(referralGraphAsRead(period: period), algorithm: algorithm, seed: seed, resolution: resolution,
                           ids: experts.map(\.id))
    }
}
