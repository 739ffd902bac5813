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
    /// The influence model used to pick leaders.
    public var model: InfluenceModel = InfluenceModel()

    /// Default options: Louvain, seed 42, resolution 1, bridges from participation 0.5, three leaders.
    public init(algorithm: Communities.Algorithm = .louvain, seed: UInt64 = 42, resolution: Double = 1,
                minParticipation: Double = 0.5, leaders: Int = 3, model: InfluenceModel = InfluenceModel()) {
        self.algorithm = algorithm
        self.seed = seed
        self.resolution = resolution
        self.minParticipation = minParticipation
        self.leaders = leaders
        self.model = model
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
        /// The most influential members, most influential first.
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
    /// Influence scores of every expert (for leaders).
    public var scores: ExpertScores
    /// Each community, by id.
    public var summaries: [Summary]
    /// Bridge experts, strongest first.
    public var bridges: [Int]

    /// Detects and describes the communities of `d`'s referral network in `period`.
    ///
    /// - Complexity: community detection is near-linear; leaders need the influence scores, whose
    ///   betweenness and closeness are O(n·m).
    public static func analyze(_ d: Dataset, period: Period? = nil,
                               options: CommunityOptions = CommunityOptions()) throws -> CommunityAnalysis {
        let g = d.referralGraph(period: period)
        let ids = d.experts.map(\.id)
        let u = UndirectedGraph(g)
        let comms: Communities
        switch options.algorithm {
        case .louvain: comms = Communities.louvain(u, seed: options.seed, resolution: options.resolution, ids: ids)
        case .leiden: comms = Communities.leiden(u, seed: options.seed, resolution: options.resolution, ids: ids)
        }
        let roles = CommunityRoles(graph: u, assignment: comms.assignment)
        let scores = try KeyExperts.compute(graph: g, ids: ids, period: period, measures: [.influence, .tier],
                                            model: options.model)
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
            let leaders = members.sorted { scores.influenceRank[$0] < scores.influenceRank[$1] }.prefix(max(0, options.leaders))
            return Summary(id: c, members: members, institutions: ranked(inst), regions: ranked(reg),
                           leaders: Array(leaders), internalPatients: inside[c])
        }
        return CommunityAnalysis(period: period, communities: comms, roles: roles, scores: scores, summaries: summaries,
                                 bridges: roles.bridges(minParticipation: options.minParticipation, ids: ids))
    }
}

extension Dataset {
    /// Each expert's community id (indexed like ``experts``) in the referral network of `period`,
    /// for a `community` column: ids are stable (0 = largest community, ties by smallest expert id).
    ///
    /// - Complexity: near-linear in the number of referral links (see ``Communities/louvain(_:seed:resolution:ids:refine:)``).
    public func expertCommunities(period: Period? = nil, algorithm: Communities.Algorithm = .louvain,
                                  seed: UInt64 = 42, resolution: Double = 1) -> Communities {
        Communities.detect(referralGraph(period: period), algorithm: algorithm, seed: seed, resolution: resolution,
                           ids: experts.map(\.id))
    }
}
