import ArgumentParser
import Liaison

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank experts by influence in the referral network.",
        discussion: """
        Measures equal networkx 3.x (see the README); G is the directed referral
        graph with patients as edge weight.
          pagerank      nx.pagerank(G, alpha=0.85, weight="patients")
          betweenness   nx.betweenness_centrality(G): directed hop paths;
                        --weighted-paths: a link's length is 1 / patients
          closeness     nx.closeness_centrality(G): incoming, Wasserman-Faust
          eigenvector   nx.eigenvector_centrality_numpy on the undirected view,
                        A-B weight = both directions summed
          hub/authority nx.hits(G) weighted by patients, each summing to 1
          harmonic      nx.harmonic_centrality(G): sum of 1/hops from everyone
                        who reaches the expert
          core          nx.core_number(G.to_undirected())
          wcc, scc      weakly / strongly connected component id (1 = largest,
                        ties by first expert); wcc_size, scc_size
          ppr           personalized PageRank teleporting to --seed-experts:
                        who is close to the advisors you already work with

        Betweenness and closeness are exact up to 50 000 experts. Above, they
        are estimated from 1000 sampled sources (--seed, default 1) unless
        --exact, and the output says so. --samples K samples K sources at any
        size; with probability 95 % every betweenness value is then within
        sqrt(ln(40 n) / (2 (K - 1))) of exact. Harmonic is always exact.

        `table` shows the top 20 by default; `csv` and `json` list every expert
        unless --top is given. Without --columns they print the table's
        measures plus degrees and strengths (and ppr with --seed-experts);
        name other measures in --columns to compute them.

        Examples:
          liaison rank --top 10
          liaison rank --metric betweenness --period 2026Q2
          liaison rank --all --format csv > ranks.csv
          liaison rank --columns id,name,eigenvector,core,wcc --format json
          liaison rank --metric ppr --seed-experts E221,E276
          liaison rank --level institution --top 10
          liaison rank --columns id,name,influence,community
          liaison rank --metric betweenness --weighted-paths --samples 500
        """
    )

    enum Metric: String, ExpressibleByArgument, CaseIterable {
        case influence, pagerank, betweenness, closeness
        case inStrength = "in-strength"
        case eigenvector, hub, authority, harmonic, core, ppr

        /// The measure sorted by.
        var measure: Measure {
            switch self {
            case .influence: return .influence
            case .pagerank: return .pagerank
            case .betweenness: return .betweenness
            case .closeness: return .closeness
            case .inStrength: return .inStrength
            case .eigenvector: return .eigenvector
            case .hub: return .hub
            case .authority: return .authority
            case .harmonic: return .harmonic
            case .core: return .core
            case .ppr: return .ppr
            }
        }
    }

    /// Descriptive columns, then every measure.
    static let identityColumns = ["rank", "id", "name", "institution", "specialty", "region"]
    // Columns added by other features (e.g. `community`) belong in `allColumns` and `cell(_:…)`.
    static let allColumns = identityColumns
        + ["in_degree", "out_degree", "in_strength", "out_strength",
           "pagerank", "betweenness", "closeness", "influence", "tier",
           "eigenvector", "hub", "authority", "harmonic", "core", "wcc", "wcc_size", "scc", "scc_size", "ppr",
           "community"]
    /// Default csv/json columns: cheap to compute (no new O(n·m) measures by default).
    static let defaultDataColumns = identityColumns
        + ["in_degree", "out_degree", "in_strength", "out_strength", "pagerank", "betweenness", "closeness",
           "influence", "tier"]
    static let defaultTableColumns = ["rank", "id", "name", "institution", "in_degree", "in_strength", "pagerank",
                                      "betweenness", "closeness", "influence", "tier"]

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(name: .customLong("metric"),
            help: "Sort by this measure: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")). Default: influence, or with --columns that lack influence and tier, the first measure listed.")
    var metricOption: Metric?

    /// The measure sorted by: `--metric`, else the one `--columns` implies.
    var metric: Metric { metricOption ?? Rank.impliedMetric(columns: columns.map(Rank.columnList)) }

    /// Without `--metric`: influence, unless the columns asked for show neither influence nor tier and
    /// name another measure — then the first of those, so that `--columns id,pagerank` computes only
    /// PageRank (sorting by influence would compute betweenness and closeness nobody asked for).
    static func impliedMetric(columns: [String]?) -> Metric {
        guard let columns, !columns.contains("influence"), !columns.contains("tier") else { return .influence }
        for c in columns {
            if let m = Metric(rawValue: c.replacingOccurrences(of: "_", with: "-")) { return m }
        }
        return .influence
    }

    @Option(help: "Show the N highest-ranked experts.")
    var top: Int?

    @Flag(help: "Show every expert.")
    var all = false

    @Option(help: "Use only referrals of this period (2026Q2, 2026, 2026-03, or a date range).")
    var period: String?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp(
        "Comma-separated columns to print (and compute), e.g. id,name,pagerank.",
        discussion: "Valid: \(allColumns.joined(separator: ", "))."))
    var columns: String?

    @Option(name: .customLong("tier1"), help: "Share of experts in tier 1.")
    var tier1: Double = 0.10

    @Option(name: .customLong("tier2"), help: "Share of experts in tier 2.")
    var tier2: Double = 0.20

    @Flag(name: .customLong("weighted-paths"),
          help: "Betweenness over weighted shortest paths: a link's length is 1 / patients.")
    var weightedPaths = false

    @Option(help: ArgumentHelp("Estimate betweenness and closeness from K sampled sources (K ≥ experts: exact).",
                               valueName: "K"))
    var samples: Int?

    @Option(help: "Seed of the sampled sources.")
    var seed: UInt64 = 1

    @Flag(help: "Exact betweenness and closeness even above 50 000 experts (slow: one search per expert).")
    var exact = false

    @Option(name: .customLong("seed-experts"),
            help: ArgumentHelp("Comma-separated expert ids personalized PageRank (ppr) starts from.", valueName: "ids"))
    var seedExperts: String?

    enum Level: String, ExpressibleByArgument, CaseIterable {
        case expert, institution
    }

    @Option(help: "Rank experts, or institutions (the referral network collapsed to hospitals).")
    var level: Level = .expert

    func validate() throws {
        if level == .institution { return }   // RankInstitutions validates its own options.
        if all && top != nil { throw ValidationError("give either --top or --all, not both") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        guard (0...1).contains(tier1), (0...1).contains(tier2), tier1 + tier2 <= 1 else {
            throw ValidationError("--tier1 and --tier2 are shares between 0 and 1 whose sum is at most 1")
        }
        if let samples, samples < 2 { throw ValidationError("--samples must be at least 2") }
        if exact && samples != nil { throw ValidationError("give either --samples or --exact, not both") }
        if let columns {
            let unknown = Rank.columnList(columns).filter { !Rank.allColumns.contains($0) }
            if !unknown.isEmpty {
                throw ValidationError("unknown column\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")); valid columns: \(Rank.allColumns.joined(separator: ", "))")
            }
        }
        let wantsPPR = metric == .ppr || (columns.map { Rank.columnList($0).contains("ppr") } ?? false)
        if wantsPPR && seedExpertIds.isEmpty {
            throw ValidationError("ppr (personalized PageRank) needs --seed-experts id,id,…")
        }
    }

    static func columnList(_ s: String) -> [String] {
        s.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }

    var seedExpertIds: [String] { seedExperts.map(Rank.columnList) ?? [] }

    /// `rank --level institution`: the same options, handed to the institution ranking.
    private func runInstitutions() throws {
        var args: [String] = []
        if let dataset = data.dataset { args.append(dataset) }
        if data.lenient { args.append("--lenient") }
        if data.quiet { args.append("--quiet") }
        if data.undirected { args.append("--undirected") }
        if let referrals = data.referrals { args += ["--referrals", referrals] }
        args += ["--min-cell", String(privacy.minCell), "--format", format.rawValue,
                 "--tier1", String(tier1), "--tier2", String(tier2)]
        if let m = metricOption { args += ["--metric", m.rawValue] }
        if let top { args += ["--top", String(top)] }
        if all { args.append("--all") }
        if let period { args += ["--period", period] }
        if let columns { args += ["--columns", columns] }
        let command = try RankInstitutions.parse(args)
        try command.validate()
        try command.run()
    }

    func run() throws {
        if level == .institution { return try runInstitutions() }
        try LiaisonCommand.guarded {
            let d = try data.load()
            let p = try period.map { try parsePeriod($0, option: "--period") }
            var cols = columns.map(Rank.columnList)
                ?? (format == .table ? Rank.defaultTableColumns : Rank.defaultDataColumns)
            if columns == nil && !seedExpertIds.isEmpty { cols.append("ppr") }

            var options = MeasureOptions()
            options.weightedPaths = weightedPaths
            options.samples = samples
            options.exact = exact
            options.samplingSeed = seed
            if !seedExpertIds.isEmpty {
                var index: [String: Int] = [:]
                for (i, e) in d.experts.enumerated() where index[e.id] == nil { index[e.id] = i }
                let unknown = seedExpertIds.filter { index[$0] == nil }
                guard unknown.isEmpty else {
                    throw CLIError("--seed-experts: unknown expert id\(unknown.count > 1 ? "s" : "") "
                                   + unknown.map { "'\($0)'" }.joined(separator: ", ")
                                   + " (not in the dataset's experts)")
                }
                options.seedExperts = seedExpertIds.compactMap { index[$0] }
            }

            var measures = Set(cols.compactMap { Measure(rawValue: $0) })
            measures.insert(metric.measure)
            var model = InfluenceModel()
            model.tier1Fraction = tier1
            model.tier2Fraction = tier2
            var s = try KeyExperts.compute(d, period: p, measures: measures, model: model, options: options)
            if cols.contains("community") {
                s.community = d.expertCommunities(period: p).assignment
            }
            if !data.quiet { for note in s.notes { Console.warn("note: \(note)") } }
            let key = Rank.sortKey(metric, s)
            let order = d.experts.indices.sorted { a, b in
                key[a] != key[b] ? key[a] > key[b] : d.experts[a].id < d.experts[b].id
            }
            let limit = all ? order.count : (top ?? (format == .table ? 20 : order.count))
            let t = privacy.minCell
            var out = TabularOutput(columns: cols, threshold: t)
            for (r, v) in order.prefix(limit).enumerated() {
                out.rows.append(cols.map { Rank.cell($0, rank: r + 1, expert: v, dataset: d, scores: s, threshold: t) })
            }
            switch format {
            case .csv: Console.out(out.csv())
            case .json: Console.out(out.jsonValue().serialized() + "\n")
            case .table:
                var header = "Key experts by \(metric.rawValue)"
                header += p.map { " — referrals of \($0)" } ?? " — all referral periods"
                header += " (\(min(limit, order.count)) of \(order.count))\n\n"
                var footer = ""
                if t > 0, cols.contains(where: { $0.hasSuffix("_strength") }) {
                    footer = "\nPatient counts from 1 to \(t - 1) are shown as <\(t) (--min-cell).\n"
                } else if t == 0, cols.contains(where: { $0.hasSuffix("_strength") }) {
                    footer = "\nSmall-cell suppression is off (--min-cell 0).\n"
                }
                if weightedPaths && (measures.contains(.betweenness) || measures.contains(.influence)) {
                    footer += "\nBetweenness over weighted paths (link length = 1 / patients).\n"
                }
                for note in s.notes { footer += "\nNote: \(note).\n" }
                Console.out(header + out.table() + footer)
            }
        }
    }

    /// Values sorted by (highest first).
    static func sortKey(_ metric: Metric, _ s: ExpertScores) -> [Double] {
        switch metric {
        case .influence: return s.influence
        case .pagerank: return s.pagerank
        case .betweenness: return s.betweenness
        case .closeness: return s.closeness
        case .inStrength: return s.inStrength
        case .eigenvector: return s.eigenvector
        case .hub: return s.hub
        case .authority: return s.authority
        case .harmonic: return s.harmonic
        case .core: return s.core.map(Double.init)
        case .ppr: return s.ppr
        }
    }

    /// One output cell of expert `v`.
    static func cell(_ column: String, rank: Int, expert v: Int, dataset d: Dataset, scores s: ExpertScores,
                     threshold t: Int) -> Cell {
        let e = d.experts[v]
        switch column {
        case "rank": return .int(rank)
        case "id": return .text(e.id)
        case "name": return .text(e.name)
        case "institution": return .text(d.institutionName(ofExpert: v))
        case "specialty": return .text(e.specialty)
        case "region": return .text(e.region)
        case "in_degree": return .int(s.inDegree[v])
        case "out_degree": return .int(s.outDegree[v])
        case "in_strength": return SmallCell.cell(s.inStrength[v], threshold: t)
        case "out_strength": return SmallCell.cell(s.outStrength[v], threshold: t)
        case "pagerank": return .number(s.pagerank[v])
        case "betweenness": return .number(s.betweenness[v])
        case "closeness": return .number(s.closeness[v])
        case "influence": return .number(s.influence[v])
        case "tier": return .int(s.tier[v])
        case "eigenvector": return .number(s.eigenvector[v])
        case "hub": return .number(s.hub[v])
        case "authority": return .number(s.authority[v])
        case "harmonic": return .number(s.harmonic[v])
        case "core": return .int(s.core[v])
        case "wcc": return s.wcc.map { .int($0.id[v]) } ?? .empty
        case "wcc_size": return s.wcc.map { .int($0.size(ofNode: v)) } ?? .empty
        case "scc": return s.scc.map { .int($0.id[v]) } ?? .empty
        case "scc_size": return s.scc.map { .int($0.size(ofNode: v)) } ?? .empty
        case "ppr": return s.ppr.isEmpty ? .empty : .number(s.ppr[v])
        case "community": return v < s.community.count ? .int(s.community[v]) : .empty
        default: return .empty
        }
    }
}
