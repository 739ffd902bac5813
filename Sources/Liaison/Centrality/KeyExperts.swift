/// The measures `liaison rank` can compute, by their column names.
public enum Measure: String, CaseIterable, Sendable {
    case inDegree = "in_degree"
    case outDegree = "out_degree"
    case inStrength = "in_strength"
    case outStrength = "out_strength"
    case pagerank
    case betweenness
    case closeness
    case influence
    case tier
    /// Eigenvector centrality on the undirected view with summed weights.
    case eigenvector
    /// HITS hub score (weighted by patients).
    case hub
    /// HITS authority score (weighted by patients).
    case authority
    /// Harmonic centrality from incoming hop distances.
    case harmonic
    /// k-core number on the undirected view.
    case core
    /// Weakly connected component id (1 = largest).
    case wcc
    /// Size of the weakly connected component.
    case wccSize = "wcc_size"
    /// Strongly connected component id (1 = largest).
    case scc
    /// Size of the strongly connected component.
    case sccSize = "scc_size"
    /// Personalized PageRank from the seed experts (``MeasureOptions/seedExperts``).
    case ppr
}

/// Options of the measures that have them.
public struct MeasureOptions: Sendable, Hashable {
    /// Betweenness over weighted shortest paths (edge length 1 / patients) instead of hops.
    public var weightedPaths = false
    /// Estimate betweenness and closeness from this many sampled sources; `nil` = automatic: exact
    /// up to ``Digraph/betweennessSamplingThreshold`` experts, ``Digraph/defaultBetweennessSamples``
    /// sources above. Values ≥ the number of experts give the exact result.
    public var samples: Int?
    /// Never sample betweenness or closeness, whatever the network size (overrides the automatic
    /// choice).
    public var exact = false
    /// Seed of the sampled sources.
    public var samplingSeed: UInt64 = 1
    /// Expert indices personalized PageRank teleports to (uniformly); required for ``Measure/ppr``.
    public var seedExperts: [Int] = []

    /// The defaults: hop paths, automatic sampling, seed 1, no seed experts.
    public init() {}
}

/// How betweenness and closeness were estimated when they were sampled.
public struct BetweennessSampling: Sendable, Hashable {
    /// Sampled sources k.
    public var samples: Int
    /// Seed of the draw.
    public var seed: UInt64
    /// Number of experts n.
    public var nodeCount: Int
    /// With 95 % probability every normalized estimate is within this of the exact value
    /// (``Digraph/betweennessSamplingError(nodeCount:samples:confidence:)``).
    public var errorBound95: Double
    /// `true` when sampling was chosen automatically (network above the threshold).
    public var automatic: Bool

    /// One sentence for footers and stderr, about betweenness.
    public var summary: String {
        let bound = (errorBound95 * 1000).rounded() / 1000
        return "betweenness sampled from \(samples) of \(nodeCount) sources (seed \(seed)"
            + (automatic ? ", automatic above \(Digraph.betweennessSamplingThreshold) experts" : "")
            + "): each value within ±\(bound) of exact with 95% probability (Hoeffding bound)"
    }

    /// One sentence for footers and stderr, about closeness.
    public var closenessSummary: String {
        "closeness estimated from the same \(samples) sampled sources (Eppstein–Wang; reach share within ±"
            + "\((errorBound95 * 1000).rounded() / 1000) with 95% probability)"
    }
}

/// How the composite influence score and the tiers are defined.
///
/// `influence` = Σ wₖ · xₖ / max(xₖ) over the components pagerank, betweenness, closeness and
/// in-strength (each scaled to [0, 1] by its maximum over the network, 0 when that maximum is 0),
/// divided by Σ wₖ. Default weights 0.4, 0.2, 0.2, 0.2: referral flow (PageRank) counts most; brokerage
/// (betweenness), reach (closeness) and volume (patients received) break ties between similar flows.
///
/// Tiers: experts sorted by influence (highest first, ties by id); the first ⌈tier1Fraction · n⌉ are
/// tier 1, the next ⌈tier2Fraction · n⌉ tier 2, the rest tier 3. Experts without any referral link
/// are always tier 3.
public struct InfluenceModel: Sendable, Hashable {
    /// Weight of PageRank.
    public var pagerankWeight: Double = 0.4
    /// Weight of betweenness.
    public var betweennessWeight: Double = 0.2
    /// Weight of closeness.
    public var closenessWeight: Double = 0.2
    /// Weight of in-strength (patients received).
    public var inStrengthWeight: Double = 0.2
    /// Share of experts in tier 1 (default 10 %).
    public var tier1Fraction: Double = 0.10
    /// Share of experts in tier 2 (default 20 %).
    public var tier2Fraction: Double = 0.20

    /// The default model.
    public init() {}
}

/// Every per-expert measure of the referral network, indexed like ``Dataset/experts``.
///
/// Arrays for measures that were not requested are empty.
public struct ExpertScores: Sendable {
    /// The period the referral graph was built for (`nil`: all referrals).
    public var period: Period?
    /// Number of distinct experts sending patients to each expert.
    public var inDegree: [Int] = []
    /// Number of distinct experts each expert sends patients to.
    public var outDegree: [Int] = []
    /// Patients received.
    public var inStrength: [Double] = []
    /// Patients sent.
    public var outStrength: [Double] = []
    /// `nx.pagerank(G, alpha=0.85, weight="patients")`.
    public var pagerank: [Double] = []
    /// `nx.betweenness_centrality(G, normalized=True)`: directed, unweighted.
    public var betweenness: [Double] = []
    /// `nx.closeness_centrality(G)`: incoming distances, Wasserman–Faust scaled.
    public var closeness: [Double] = []
    /// Composite influence in [0, 1] (see ``InfluenceModel``).
    public var influence: [Double] = []
    /// Tier 1, 2 or 3.
    public var tier: [Int] = []
    /// Community of each expert (Louvain, seed 42; see `Dataset.expertCommunities`), filled by callers
    /// that ask for it; empty otherwise.
    public var community: [Int] = []
    /// Position of each expert when sorted by influence (0 = most influential).
    public var influenceRank: [Int] = []
    /// Eigenvector centrality (``Digraph/eigenvectorCentrality()``).
    public var eigenvector: [Double] = []
    /// HITS hubs (``Digraph/hits()``), summing to 1.
    public var hub: [Double] = []
    /// HITS authorities (``Digraph/hits()``), summing to 1.
    public var authority: [Double] = []
    /// Harmonic centrality (``Digraph/harmonic(parallel:)``).
    public var harmonic: [Double] = []
    /// k-core number (``Digraph/coreNumbers()``).
    public var core: [Int] = []
    /// Weakly connected components (``Digraph/weaklyConnectedComponents()``).
    public var wcc: ComponentLabels?
    /// Strongly connected components (``Digraph/stronglyConnectedComponents()``).
    public var scc: ComponentLabels?
    /// Personalized PageRank from ``MeasureOptions/seedExperts``.
    public var ppr: [Double] = []
    /// Set when betweenness and/or closeness were estimated from sampled sources.
    public var sampling: BetweennessSampling?
    /// Remarks about how measures were computed (sampling, an ambiguous eigenvector), one sentence
    /// each, for table footers and stderr.
    public var notes: [String] = []
    /// Publications and trials of each expert, when the dataset has a scientific layer (influence then
    /// includes its share, see ``ScientificInfluence``).
    public var science: ScientificStanding?

    /// Creates empty scores.
    public init(period: Period? = nil) { self.period = period }
}

/// Computes key-expert measures for a dataset.
public enum KeyExperts {
    /// Computes the requested measures (and whatever they depend on) on the referral graph of `period`.
    ///
    /// `influence` and `tier` need pagerank, betweenness, closeness and in-strength, so asking for
    /// either computes those too.
    public static func compute(_ dataset: Dataset, period: Period? = nil,
                               measures: Set<Measure> = Set(Measure.allCases),
                               model: InfluenceModel = InfluenceModel(),
                               options: MeasureOptions = MeasureOptions()) throws -> ExpertScores {
        // The same links with the same question give the same scores: a report asks for them once
        // per quarter, for the comparison, the plan and the map, so they are kept with the links.
        let ids = dataset.experts.map(\.id)
        let key = GraphMemo.ScoresKey(accepted: dataset.links.accepted(in: period), undirected: dataset.linksAreUndirected,
                                      nodeCount: ids.count, ids: ids, measures: measures, model: model, options: options)
        var s = try dataset.links.memo.scores(key) {
            let graph = dataset.referralGraph(period: period)
            PhaseTimer.mark("graph \(period?.label ?? "all periods")")
            let s = try compute(graph: graph, ids: ids, period: period,
                                measures: measures, model: model, options: options, pathCache: dataset.pathScoreCache)
            PhaseTimer.mark("scores \(period?.label ?? "all periods") [\(measures.map(\.rawValue).sorted().joined(separator: ","))]")
            return s
        }
        s.period = period
        if !dataset.science.isEmpty {
            ScientificInfluence.apply(to: &s, dataset, graph: dataset.referralGraph(period: period), model: model)
        }
        return s
    }

    /// Computes the requested measures on an already-built graph; `ids` break ties in tiers.
    ///
    /// Only what is asked is computed (plus what `influence`/`tier` need). ``Measure/ppr`` is
    /// computed only when ``MeasureOptions/seedExperts`` is not empty (otherwise ``ExpertScores/ppr``
    /// stays empty). With `pathCache`, betweenness and closeness computed together come from it
    /// when this graph's are stored there (see ``PathScoreCache``).
    ///
    /// - Throws: ``CentralityError`` when an iterative method does not converge or a seed index is
    ///   out of range.
    public static func compute(graph g: Digraph, ids: [String], period: Period? = nil,
                               measures: Set<Measure> = Set(Measure.allCases),
                               model: InfluenceModel = InfluenceModel(),
                               options: MeasureOptions = MeasureOptions(),
                               pathCache: PathScoreCache? = nil) throws -> ExpertScores {
        var need = measures
        if need.contains(.tier) { need.insert(.influence) }
        if need.contains(.influence) { need.formUnion([.pagerank, .betweenness, .closeness, .inStrength]) }
        let n = g.nodeCount
        var s = ExpertScores(period: period)
        if need.contains(.inDegree) { s.inDegree = (0..<n).map(g.inDegree) }
        if need.contains(.outDegree) { s.outDegree = (0..<n).map(g.outDegree) }
        if need.contains(.inStrength) { s.inStrength = (0..<n).map(g.inStrength) }
        if need.contains(.outStrength) { s.outStrength = (0..<n).map(g.outStrength) }
        if need.contains(.pagerank) { s.pagerank = try g.pageRank() }
        // Sampling: explicit --samples, or automatic above the threshold, never with `exact`.
        let samples = options.exact ? nil
            : (options.samples ?? (n > Digraph.betweennessSamplingThreshold ? Digraph.defaultBetweennessSamples : nil))
        let sampling = samples.flatMap { k -> BetweennessSampling? in
            guard k < n else { return nil }
            return BetweennessSampling(samples: k, seed: options.samplingSeed, nodeCount: n,
                                       errorBound95: Digraph.betweennessSamplingError(nodeCount: n, samples: k),
                                       automatic: options.samples == nil)
        }
        if need.contains(.betweenness) && need.contains(.closeness) && !options.weightedPaths {
            // One set of searches for both (bit-identical to computing them one after the other).
            // `rank --columns id,betweenness,closeness --exact`, 10 000 experts, median of 3:
            // 4.70 s (4.70–4.80) against 7.62 s (7.44–8.11) computing them one after the other.
            (s.betweenness, s.closeness) = pathCache?.betweennessAndCloseness(g, samples: sampling?.samples, seed: options.samplingSeed)
                ?? g.betweennessAndCloseness(samples: sampling?.samples, seed: options.samplingSeed)
            if let sampling {
                s.sampling = sampling
                s.notes.append(sampling.summary)
                s.notes.append(sampling.closenessSummary)
            }
        } else {
            separateBetweennessCloseness(g, need: need, sampling: sampling, options: options, into: &s)
        }
        if need.contains(.eigenvector) {
            let e = try g.eigenvectorCentrality()
            s.eigenvector = e.values
            if e.ambiguous {
                s.notes.append("eigenvector: several separate parts of the network tie for the largest eigenvalue, "
                               + "so the leading eigenvector is not unique; their vectors are combined with equal weight")
            }
        }
        if need.contains(.hub) || need.contains(.authority) {
            let h = try g.hits()
            s.hub = h.hubs.values
            s.authority = h.authorities.values
            if h.authorities.ambiguous {
                s.notes.append("hub/authority: several separate blocks tie for the largest singular value, "
                               + "so HITS is not unique; their vectors are combined with equal weight")
            }
        }
        if need.contains(.harmonic) { s.harmonic = g.harmonic() }
        if need.contains(.core) { s.core = g.coreNumbers() }
        if need.contains(.wcc) || need.contains(.wccSize) { s.wcc = g.weaklyConnectedComponents() }
        if need.contains(.scc) || need.contains(.sccSize) { s.scc = g.stronglyConnectedComponents() }
        if need.contains(.ppr) && !options.seedExperts.isEmpty {
            var p = [Double](repeating: 0, count: n)
            for v in options.seedExperts {
                guard v >= 0 && v < n else { throw CentralityError.invalidArgument("seed expert index \(v) is out of range") }
                p[v] = 1
            }
            s.ppr = try g.pageRank(personalization: p)
        }
        if need.contains(.influence) {
            func scaled(_ x: [Double]) -> [Double] {
                let m = x.max() ?? 0
                return m > 0 ? x.map { $0 / m } : [Double](repeating: 0, count: x.count)
            }
            let pr = scaled(s.pagerank), bc = scaled(s.betweenness), cl = scaled(s.closeness), st = scaled(s.inStrength)
            let wsum = model.pagerankWeight + model.betweennessWeight + model.closenessWeight + model.inStrengthWeight
            s.influence = (0..<n).map { v in
                guard wsum > 0 else { return 0 }
                return (model.pagerankWeight * pr[v] + model.betweennessWeight * bc[v]
                        + model.closenessWeight * cl[v] + model.inStrengthWeight * st[v]) / wsum
            }
            rankAndTier(&s, ids: ids, model: model, tiers: need.contains(.tier)) { g.inDegree($0) == 0 && g.outDegree($0) == 0 }
        }
        return s
    }

    /// Betweenness and closeness computed one after the other (weighted paths, or only one of them).
    private static func separateBetweennessCloseness(_ g: Digraph, need: Set<Measure>, sampling: BetweennessSampling?,
                                                     options: MeasureOptions, into s: inout ExpertScores) {
        if need.contains(.betweenness) {
            if let sampling {
                s.betweenness = g.sampledBetweenness(samples: sampling.samples, seed: sampling.seed,
                                                     weightedPaths: options.weightedPaths)
                s.sampling = sampling
                s.notes.append(sampling.summary)
            } else {
                s.betweenness = options.weightedPaths ? g.weightedBetweenness() : g.betweenness()
            }
        }
        if need.contains(.closeness) {
            if let sampling {
                s.closeness = g.sampledCloseness(samples: sampling.samples, seed: sampling.seed)
                s.sampling = sampling
                s.notes.append(sampling.closenessSummary)
            } else {
                s.closeness = g.closeness()
            }
        }
    }

    /// Sets ``ExpertScores/influenceRank`` from ``ExpertScores/influence`` (ties by id) and, with
    /// `tiers`, the tiers; an expert for whom `isolated` holds is tier 3.
    static func rankAndTier(_ s: inout ExpertScores, ids: [String], model: InfluenceModel, tiers: Bool,
                            isolated: (Int) -> Bool) {
        let n = s.influence.count
        let order = (0..<n).sorted { a, b in
            s.influence[a] != s.influence[b] ? s.influence[a] > s.influence[b] : ids[a] < ids[b]
        }
        var rank = [Int](repeating: 0, count: n)
        for (r, v) in order.enumerated() { rank[v] = r }
        s.influenceRank = rank
        if tiers {
            // Subtract a hair before rounding up: 0.1 × 300 is 30.000000000000004 in binary floating point.
            let t1 = Int((model.tier1Fraction * Double(n) - 1e-9).rounded(.up))
            let t2 = Int((model.tier2Fraction * Double(n) - 1e-9).rounded(.up))
            s.tier = (0..<n).map { v in
                if isolated(v) { return 3 }
                return rank[v] < t1 ? 1 : (rank[v] < t1 + t2 ? 2 : 3)
            }
        }
    }
}
