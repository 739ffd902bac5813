/// The referral network collapsed to institutions: patients flowing between hospitals.
///
/// Nodes are the institutions of `institutions.csv` (in file order), then any other institution
/// text experts carry (sorted), then `(none)` for experts without an institution (only when there
/// are such experts). The arc A → B weighs the patients referred by experts of A to experts of B,
/// summed over every expert pair with A ≠ B. Referrals inside one institution are not self-loops:
/// they are reported apart, as ``internalPatients``.
///
/// - Complexity: O(n + m) to build from the expert graph, plus ``Digraph``'s O(m log m).
public struct InstitutionNetwork: Sendable {
    /// The key of the group of experts without an institution.
    public static let noInstitution = "(none)"

    /// One institution.
    public struct Node: Sendable, Hashable {
        /// The institution id (from `institutions.csv`), the expert's institution text, or `(none)`.
        public var key: String
        /// Display name.
        public var name: String
        /// City (empty when unknown).
        public var city: String
        /// Region (empty when unknown).
        public var region: String
        /// Expert indices working there, ascending.
        public var members: [Int]
    }

    /// The period the referral graph was built for (`nil`: all referrals).
    public var period: Period?
    /// Institutions, indexed like the nodes of ``graph``.
    public var nodes: [Node]
    /// Institution index of each expert (indexed like ``Dataset/experts``).
    public var institutionOfExpert: [Int]
    /// Patients flowing between different institutions.
    public var graph: Digraph
    /// Patients referred between experts of the same institution.
    public var internalPatients: [Double]

    /// Collapses `d`'s referral network of `period` to institutions.
    public init(_ d: Dataset, period: Period? = nil) {
        self.period = period
        var nodes: [Node] = d.institutions.map { Node(key: $0.id, name: $0.name, city: $0.city, region: $0.region, members: []) }
        var index: [String: Int] = [:]
        for (k, x) in nodes.enumerated() where index[x.key] == nil { index[x.key] = k }
        let keys = d.experts.map { e -> String in
            let t = e.institution.trimmingSpaces
            return t.isEmpty ? InstitutionNetwork.noInstitution : t
        }
        let extra = Set(keys.filter { index[$0] == nil && $0 != InstitutionNetwork.noInstitution }).sorted()
        for key in extra {
            index[key] = nodes.count
            nodes.append(Node(key: key, name: key, city: "", region: "", members: []))
        }
        if keys.contains(InstitutionNetwork.noInstitution) && index[InstitutionNetwork.noInstitution] == nil {
            index[InstitutionNetwork.noInstitution] = nodes.count
            nodes.append(Node(key: InstitutionNetwork.noInstitution, name: InstitutionNetwork.noInstitution,
                              city: "", region: "", members: []))
        }
        var of = [Int](repeating: 0, count: d.experts.count)
        for (v, key) in keys.enumerated() {
            let k = index[key] ?? 0     // every key was indexed above
            of[v] = k
            nodes[k].members.append(v)
        }
        var inside = [Double](repeating: 0, count: nodes.count)
        var edges: [(source: Int, target: Int, weight: Double)] = []
        for r in d.links(in: period) where r.source >= 0 && r.source < of.count && r.target >= 0 && r.target < of.count {
            let a = of[r.source], b = of[r.target]
            if a == b { inside[a] += Double(r.patients) } else { edges.append((a, b, Double(r.patients))) }
        }
        // Undirected links: the measures see each tie both ways; internal patients stay counted once.
        if d.linksAreUndirected { edges += edges.map { ($0.target, $0.source, $0.weight) } }
        self.nodes = nodes
        institutionOfExpert = of
        graph = Digraph(nodeCount: nodes.count, edges: edges)
        internalPatients = inside
    }
}

/// One institution's row of `liaison rank --level institution`.
public struct InstitutionScore: Sendable {
    /// Index in ``InstitutionNetwork/nodes``.
    public var institution: Int
    /// Experts working there.
    public var experts: Int
    /// Of those, tier-1 experts (expert-level tiers of the same referral period).
    public var tier1Experts: Int
    /// The most influential experts there (expert-level influence), most influential first.
    public var keyExperts: [Int]
    /// Coverage targets among its experts in the coverage period (`nil`: no coverage period).
    public var targets: Int?
    /// Targets reached (at least one counted interaction in the coverage period).
    public var reached: Int?
    /// reached / targets (`nil` when there are no targets).
    public var reach: Double? {
        guard let targets, let reached, targets > 0 else { return nil }
        return Double(reached) / Double(targets)
    }
}

/// Institution-level key-site analysis: the institution network's measures (the expert measures of
/// ``KeyExperts``, computed on ``InstitutionNetwork/graph``), plus per institution its key experts,
/// tier-1 count, patient inflow (`inStrength`: patients referred in from other institutions),
/// internal patients and the team's coverage of its targets.
public struct InstitutionRanking: Sendable {
    /// The institution network.
    public var network: InstitutionNetwork
    /// Measures of each institution, indexed like ``InstitutionNetwork/nodes``.
    public var scores: ExpertScores
    /// Expert-level scores on the same referral period.
    public var expertScores: ExpertScores
    /// Per-institution figures, indexed like ``InstitutionNetwork/nodes``.
    public var institutions: [InstitutionScore]
    /// The coverage period (`nil` when the dataset has no interactions and none was given).
    public var coveragePeriod: Period?

    /// Ranks the institutions of `d` on the referral network of `period`.
    ///
    /// - Parameters:
    ///   - period: referral period (`nil`: all referrals).
    ///   - coveragePeriod: period whose coverage is reported; `nil` uses
    ///     ``CoveragePeriod/latestQuarter(of:fiscalYearStart:)`` (no coverage when there are no interactions).
    ///   - keyExperts: key experts listed per institution.
    /// - Complexity: dominated by the expert-level betweenness and closeness, O(n·m).
    public static func compute(_ d: Dataset, period: Period? = nil, coveragePeriod: Period? = nil,
                               coverageOptions: CoverageOptions = CoverageOptions(),
                               model: InfluenceModel = InfluenceModel(), keyExperts: Int = 3) throws -> InstitutionRanking {
        let net = InstitutionNetwork(d, period: period)
        let s = try KeyExperts.compute(graph: net.graph, ids: net.nodes.map(\.key), period: period,
                                       measures: Set(Measure.allCases), model: model)
        let es = try KeyExperts.compute(d, period: period, measures: [.influence, .tier], model: model)
        let cp = coveragePeriod ?? CoveragePeriod.latestQuarter(of: d, fiscalYearStart: coverageOptions.fiscalYearStart)
        let report = try cp.map { try CoverageReport.analyze(d, period: $0, options: coverageOptions) }
        let rows = net.nodes.enumerated().map { k, node -> InstitutionScore in
            let key = node.members.sorted { es.influenceRank[$0] < es.influenceRank[$1] }
            var targets: Int?, reached: Int?
            if let report {
                let t = node.members.filter { report.experts[$0].isTarget }
                targets = t.count
                reached = t.filter { report.experts[$0].isSeen }.count
            }
            return InstitutionScore(institution: k, experts: node.members.count,
                                    tier1Experts: node.members.filter { es.tier[$0] == 1 }.count,
                                    keyExperts: Array(key.prefix(max(0, keyExperts))), targets: targets, reached: reached)
        }
        return InstitutionRanking(network: net, scores: s, expertScores: es, institutions: rows, coveragePeriod: cp)
    }
}
