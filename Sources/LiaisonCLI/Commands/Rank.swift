import ArgumentParser
import Liaison

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank experts by influence in the referral network.",
        discussion: """
        Measures equal networkx 3.x (see the README): pagerank = nx.pagerank(G, alpha=0.85,
        weight="patients"); betweenness = nx.betweenness_centrality(G) (directed hop paths);
        closeness = nx.closeness_centrality(G) (incoming distances, Wasserman–Faust).

        `table` shows the top 20 by default; `csv` and `json` list every expert unless --top is given.

        Examples:
          liaison rank --top 10
          liaison rank --metric betweenness --period 2026Q2
          liaison rank --all --format csv > ranks.csv
          liaison rank --columns id,name,pagerank --format json
        """
    )

    enum Metric: String, ExpressibleByArgument, CaseIterable {
        case influence, pagerank, betweenness, closeness
        case inStrength = "in-strength"
    }

    static let allColumns = ["rank", "id", "name", "institution", "specialty", "region",
                             "in_degree", "out_degree", "in_strength", "out_strength",
                             "pagerank", "betweenness", "closeness", "influence", "tier"]

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(help: "Sort by this measure: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var metric: Metric = .influence

    @Option(help: "Show the N highest-ranked experts.")
    var top: Int?

    @Flag(help: "Show every expert.")
    var all = false

    @Option(help: "Use only referrals of this period (2026Q2, 2026, 2026-03, or a date range).")
    var period: String?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Comma-separated columns to print (and compute), e.g. id,name,pagerank.")
    var columns: String?

    @Option(name: .customLong("tier1"), help: "Share of experts in tier 1.")
    var tier1: Double = 0.10

    @Option(name: .customLong("tier2"), help: "Share of experts in tier 2.")
    var tier2: Double = 0.20

    func validate() throws {
        if all && top != nil { throw ValidationError("give either --top or --all, not both") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        guard (0...1).contains(tier1), (0...1).contains(tier2), tier1 + tier2 <= 1 else {
            throw ValidationError("--tier1 and --tier2 are shares between 0 and 1 whose sum is at most 1")
        }
        if let columns {
            let unknown = columns.split(separator: ",").map { String($0).trimmingSpaces }.filter { !Rank.allColumns.contains($0) }
            if !unknown.isEmpty {
                throw ValidationError("unknown column\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")); valid columns: \(Rank.allColumns.joined(separator: ", "))")
            }
        }
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            let p = try period.map { try parsePeriod($0, option: "--period") }
            let cols = columns.map { $0.split(separator: ",").map { String($0).trimmingSpaces } }
                ?? (format == .table
                    ? ["rank", "id", "name", "institution", "in_degree", "in_strength", "pagerank", "betweenness",
                       "closeness", "influence", "tier"]
                    : Rank.allColumns)
            var measures = Set(cols.compactMap { Measure(rawValue: $0) })
            switch metric {
            case .influence: measures.insert(.influence)
            case .pagerank: measures.insert(.pagerank)
            case .betweenness: measures.insert(.betweenness)
            case .closeness: measures.insert(.closeness)
            case .inStrength: measures.insert(.inStrength)
            }
            var model = InfluenceModel()
            model.tier1Fraction = tier1
            model.tier2Fraction = tier2
            let s = try KeyExperts.compute(d, period: p, measures: measures, model: model)
            let key: [Double]
            switch metric {
            case .influence: key = s.influence
            case .pagerank: key = s.pagerank
            case .betweenness: key = s.betweenness
            case .closeness: key = s.closeness
            case .inStrength: key = s.inStrength
            }
            let order = d.experts.indices.sorted { a, b in
                key[a] != key[b] ? key[a] > key[b] : d.experts[a].id < d.experts[b].id
            }
            let limit = all ? order.count : (top ?? (format == .table ? 20 : order.count))
            let t = privacy.minCell
            var out = TabularOutput(columns: cols, threshold: t)
            for (r, v) in order.prefix(limit).enumerated() {
                let e = d.experts[v]
                out.rows.append(cols.map { c -> Cell in
                    switch c {
                    case "rank": return .int(r + 1)
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
                    default: return .empty
                    }
                })
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
                Console.out(header + out.table() + footer)
            }
        }
    }
}
