import ArgumentParser
import Liaison

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank experts by influence in the referral network.",
        discussion: """
        Measures equal networkx 3.x (see the README); G is the directed referral graph with patients as edge \
        weight.
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

        Betweenness and closeness are exact up to 50 000 experts. Above, they are estimated from 1000 sampled \
        sources (--seed, default 1) unless --exact, and the output says so. --samples K samples K sources at \
        any size; with probability 95 % every betweenness value is then within sqrt(ln(40 n) / (2 (K - 1))) of \
        exact. Harmonic is always exact.

        `table` shows the top 20 by default; `csv` and `json` list every expert unless --top is given. Without \
        --columns they print the table's measures plus degrees and strengths (and ppr with --seed-experts); \
        name other measures in --columns to compute them.

        --level institution collapses the network to institutions: for each pair of institutions A and B, the \
        patients referred by experts of A to experts of B; referrals inside one institution are \
        internal_patients. Per institution also its experts, tier-1 experts, three key experts and the team's \
        coverage of its targets (in --period, else the latest quarter with interactions). Its metrics: \
        influence, pagerank, betweenness, closeness, in-strength.

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

    /// Default columns, from the views layer.
    static var allColumns: [String] { ExpertRankView.allColumns }

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(name: .customLong("metric"),
            help: "Sort by this measure: \(RankMetric.allCases.map(\.rawValue).joined(separator: ", ")). Default: influence, or with --columns that lack influence and tier, the first measure listed.")
    var metricOption: RankMetric?

    /// The measure sorted by: `--metric`, else the one `--columns` implies (experts), or influence.
    var metric: RankMetric {
        metricOption ?? (level == .institution ? .influence : RankMetric.implied(byColumns: columns.map(Rank.columnList)))
    }

    @Option(parsing: .unconditional, help: "Show the N highest-ranked experts.")
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

    @Option(name: .customLong("tier1"), parsing: .unconditional, help: "Share of experts in tier 1.")
    var tier1: Double = 0.10

    @Option(name: .customLong("tier2"), parsing: .unconditional, help: "Share of experts in tier 2.")
    var tier2: Double = 0.20

    @Flag(name: .customLong("weighted-paths"),
          help: "Betweenness over weighted shortest paths: a link's length is 1 / patients.")
    var weightedPaths = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Estimate betweenness and closeness from K sampled sources (K ≥ experts: exact).",
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
        if all && top != nil { throw ValidationError("give either --top or --all, not both") }
        try OptionRange.check(top, "--top", OptionRange.rows)
        try OptionRange.check(tier1, "--tier1", 0...1)
        try OptionRange.check(tier2, "--tier2", 0...1)
        guard tier1 + tier2 <= 1 else {
            throw ValidationError("--tier1 and --tier2 are shares between 0 and 1 whose sum is at most 1 (got \(tier1) + \(tier2))")
        }
        try OptionRange.check(samples, "--samples", 2...Int.max, unit: "sources")
        if exact && samples != nil { throw ValidationError("give either --samples or --exact, not both") }
        let unknown = columns.map { list in
            level == .institution ? InstitutionRankView.unknownColumns(Rank.columnList(list))
                : ExpertRankView.unknownColumns(Rank.columnList(list))
        } ?? []
        if !unknown.isEmpty {
            let valid = level == .institution ? InstitutionRankView.allColumns : ExpertRankView.allColumns
            throw ValidationError("unknown column\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")); valid columns: \(valid.joined(separator: ", "))")
        }
        if level == .institution {
            guard InstitutionRankView.metrics.contains(metric) else {
                throw ValidationError("--level institution sorts by \(InstitutionRankView.metrics.map(\.rawValue).joined(separator: ", ")), not \(metric.rawValue)")
            }
            return
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

    /// How many rows: `--all`, `--top`, else 20 in a table and every row in CSV and JSON.
    var limit: Int? { all ? nil : (top ?? (format == .table ? 20 : nil)) }

    var model: InfluenceModel {
        var m = InfluenceModel()
        m.tier1Fraction = tier1
        m.tier2Fraction = tier2
        return m
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            let p = try data.period(period, option: "--period")
            let rows: RankRows
            var header: String
            if level == .institution {
                let r: InstitutionRanking
                do {
                    r = try InstitutionRanking.compute(d, period: p, coveragePeriod: p,
                                                       coverageOptions: CoverageOptions(fiscalYearStart: data.fiscalYearStart, model: model),
                                                       model: model)
                } catch { throw CLIError("cannot rank institutions: \(error)") }
                let cols = columns.map(Rank.columnList)
                    ?? (format == .table ? InstitutionRankView.defaultTableColumns : InstitutionRankView.allColumns)
                rows = InstitutionRankView.rows(r, dataset: d, columns: cols, metric: metric, limit: limit,
                                                threshold: privacy.minCell, keyExpertsByName: format == .table)
                header = "Institutions by \(metric.rawValue)"
                header += p.map { " — referrals of \($0)" } ?? " — all referral periods"
                header += " (\(rows.shown) of \(rows.total))\n"
                header += r.coveragePeriod.map { "Coverage of targets in \($0)\(p == nil ? " (latest quarter with interactions)" : "")\n" }
                    ?? "No interactions: coverage is not shown.\n"
            } else {
                var cols = columns.map(Rank.columnList)
                    ?? ExpertRankView.defaultColumns(d, table: format == .table)
                if columns == nil && !seedExpertIds.isEmpty { cols.append("ppr") }
                if columns == nil { cols += ScienceRankColumns.defaultColumns(d, table: format == .table) }
                var s = try KeyExperts.compute(d, period: p, measures: ExpertRankView.measures(columns: cols, metric: metric),
                                               model: model, options: try measureOptions(d))
                if cols.contains("community") { s.community = d.expertCommunities(period: p).assignment }
                // The table's footer says these; stderr carries them only beside csv and json.
                if !data.quiet && format != .table { for note in s.notes { Console.warn("note: \(note)") } }
                rows = ExpertRankView.rows(d, scores: s, columns: cols, metric: metric, limit: limit, threshold: privacy.minCell)
                PhaseTimer.mark("rows")
                header = "Key experts by \(metric.rawValue)"
                header += p.map { " — referrals of \($0)" } ?? " — all referral periods"
                header += " (\(rows.shown) of \(rows.total))\n"
                var footer = rows.notes
                if weightedPaths && (s.betweenness.count > 0) {
                    footer.append("Betweenness over weighted paths (link length = 1 / patients).")
                }
                footer += s.notes.map { "Note: \($0)." }
                footer += ScienceRankColumns.footer(d, scores: s)
                Console.out(bytes: render(rows.table, header: header, footer: footer))
                PhaseTimer.mark("written")
                Console.finished()
            }
            Console.out(bytes: render(rows.table, header: header, footer: rows.notes))
            Console.finished()
        }
    }

    /// The rows as the chosen format.
    private func render(_ table: TabularOutput, header: String, footer: [String]) -> [UInt8] {
        switch format {
        case .csv: return table.csvBytes(forSpreadsheet: Console.excel)
        case .json: return Array((table.jsonValue().serialized() + "\n").utf8)
        case .table: return Array((header + "\n" + table.table(fitting: Console.width) + footer.map { "\n" + $0 + "\n" }.joined()).utf8)
        }
    }

    /// Sampling, weighted paths and personalized PageRank seeds.
    private func measureOptions(_ d: Dataset) throws -> MeasureOptions {
        var options = MeasureOptions()
        options.weightedPaths = weightedPaths
        options.samples = samples
        options.exact = exact
        options.samplingSeed = seed
        if !seedExpertIds.isEmpty {
            let unknown = seedExpertIds.filter { d.expertIndex[$0] == nil }
            guard unknown.isEmpty else {
                throw CLIError("--seed-experts: unknown expert id\(unknown.count > 1 ? "s" : "") "
                               + unknown.map { UserText.quoted($0) }.joined(separator: ", ")
                               + " (not in the dataset's experts)")
            }
            options.seedExperts = seedExpertIds.compactMap { d.expertIndex[$0] }
        }
        return options
    }
}

extension RankMetric: ExpressibleByArgument {}
