import ArgumentParser
import Liaison

/// `liaison rank --level institution`: institutions ranked on the referral network collapsed to
/// institutions, with their key experts and the team's coverage of their targets.
struct RankInstitutions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank-institutions",
        abstract: "Rank institutions by influence in the referral network collapsed to institutions.",
        discussion: """
        The institution network sums, for each pair of different institutions A
        and B, the patients referred by experts of A to experts of B; referrals
        inside one institution are reported as internal_patients, not as
        self-loops. Experts without an institution form "(none)". The measures
        are rank's (pagerank, betweenness, closeness, influence, tier) on that
        network; in_strength is the patient inflow from other institutions.

        Per institution: experts, tier1_experts (expert-level tiers),
        key_experts (its three most influential experts) and the team's coverage
        of its targets in the coverage period (--period when given, else the
        latest quarter with interactions): targets, reached, reach.

        Examples:
          liaison rank --level institution
          liaison rank --level institution --period 2026Q2 --top 10
          liaison rank --level institution --all --format csv > sites.csv
        """
    )

    enum Metric: String, ExpressibleByArgument, CaseIterable {
        case influence, pagerank, betweenness, closeness
        case inStrength = "in-strength"
    }

    static let allColumns = ["rank", "id", "name", "city", "region", "experts", "tier1_experts",
                             "in_degree", "out_degree", "in_strength", "out_strength", "internal_patients",
                             "pagerank", "betweenness", "closeness", "influence", "tier", "key_experts",
                             "targets", "reached", "reach"]

    static let tableColumns = ["rank", "id", "name", "experts", "tier1_experts", "in_strength", "internal_patients",
                               "pagerank", "betweenness", "influence", "tier", "key_experts", "reach"]

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(help: "Sort by this measure: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var metric: Metric = .influence

    @Option(help: "Show the N highest-ranked institutions.")
    var top: Int?

    @Flag(help: "Show every institution.")
    var all = false

    @Option(help: "Use only referrals of this period, and report coverage for it.")
    var period: String?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Comma-separated columns to print, e.g. id,name,pagerank,reach.")
    var columns: String?

    @Option(name: .customLong("tier1"), help: "Share of experts (and of institutions) in tier 1.")
    var tier1: Double = 0.10

    @Option(name: .customLong("tier2"), help: "Share of experts (and of institutions) in tier 2.")
    var tier2: Double = 0.20

    func validate() throws {
        if all && top != nil { throw ValidationError("give either --top or --all, not both") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        guard (0...1).contains(tier1), (0...1).contains(tier2), tier1 + tier2 <= 1 else {
            throw ValidationError("--tier1 and --tier2 are shares between 0 and 1 whose sum is at most 1")
        }
        if let columns {
            let unknown = columns.split(separator: ",").map { String($0).trimmingSpaces }
                .filter { !RankInstitutions.allColumns.contains($0) }
            if !unknown.isEmpty {
                throw ValidationError("unknown column\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")); valid columns: \(RankInstitutions.allColumns.joined(separator: ", "))")
            }
        }
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            let p = try period.map { try parsePeriod($0, option: "--period") }
            var model = InfluenceModel()
            model.tier1Fraction = tier1
            model.tier2Fraction = tier2
            let r: InstitutionRanking
            do {
                r = try InstitutionRanking.compute(d, period: p, coveragePeriod: p,
                                                   coverageOptions: CoverageOptions(model: model), model: model)
            } catch {
                throw CLIError("cannot rank institutions: \(error)")
            }
            let cols = columns.map { $0.split(separator: ",").map { String($0).trimmingSpaces } }
                ?? (format == .table ? RankInstitutions.tableColumns : RankInstitutions.allColumns)
            let s = r.scores
            let key: [Double]
            switch metric {
            case .influence: key = s.influence
            case .pagerank: key = s.pagerank
            case .betweenness: key = s.betweenness
            case .closeness: key = s.closeness
            case .inStrength: key = s.inStrength
            }
            let nodes = r.network.nodes
            let order = nodes.indices.sorted { a, b in key[a] != key[b] ? key[a] > key[b] : nodes[a].key < nodes[b].key }
            let limit = all ? order.count : (top ?? (format == .table ? 20 : order.count))
            let t = privacy.minCell
            var out = TabularOutput(columns: cols, threshold: t)
            // Privacy: an institution's in/out strength plus its internal patients is the sum of its
            // experts' in/out strengths (shown by rank), so when internal_patients is hidden the
            // strengths are withheld too (`*`; JSON null), lest it be worked out by subtraction.
            var withheld: [(row: Int, column: Int)] = []
            for (rank, k) in order.prefix(limit).enumerated() {
                let node = nodes[k], row = r.institutions[k]
                let internalHidden = SmallCell.hides(r.network.internalPatients[k], threshold: t)
                for (ci, c) in cols.enumerated() where internalHidden && (c == "in_strength" || c == "out_strength") {
                    let value = c == "in_strength" ? s.inStrength[k] : s.outStrength[k]
                    if !SmallCell.hides(value, threshold: t) { withheld.append((rank, ci)) }
                }
                out.rows.append(cols.map { c -> Cell in
                    switch c {
                    case "rank": return .int(rank + 1)
                    case "id": return .text(node.key)
                    case "name": return .text(node.name)
                    case "city": return .text(node.city)
                    case "region": return .text(node.region)
                    case "experts": return .int(row.experts)
                    case "tier1_experts": return .int(row.tier1Experts)
                    case "in_degree": return .int(s.inDegree[k])
                    case "out_degree": return .int(s.outDegree[k])
                    case "in_strength": return internalHidden ? .suppressed : SmallCell.cell(s.inStrength[k], threshold: t)
                    case "out_strength": return internalHidden ? .suppressed : SmallCell.cell(s.outStrength[k], threshold: t)
                    case "internal_patients": return SmallCell.cell(r.network.internalPatients[k], threshold: t)
                    case "pagerank": return .number(s.pagerank[k])
                    case "betweenness": return .number(s.betweenness[k])
                    case "closeness": return .number(s.closeness[k])
                    case "influence": return .number(s.influence[k])
                    case "tier": return .int(s.tier[k])
                    case "key_experts":
                        return .text(row.keyExperts.map { format == .table ? d.experts[$0].name : d.experts[$0].id }
                            .joined(separator: "; "))
                    case "targets": return row.targets.map { .int($0) } ?? .empty
                    case "reached": return row.reached.map { .int($0) } ?? .empty
                    case "reach": return row.reach.map { .number($0) } ?? .empty
                    default: return .empty
                    }
                })
            }
            let shown = out.markingComplementary(withheld)
            switch format {
            case .csv: Console.out(shown.csv())
            case .json: Console.out(out.jsonValue().serialized() + "\n")
            case .table:
                var header = "Institutions by \(metric.rawValue)"
                header += p.map { " — referrals of \($0)" } ?? " — all referral periods"
                header += " (\(min(limit, order.count)) of \(order.count))\n"
                header += r.coveragePeriod.map { "Coverage of targets in \($0)\(p == nil ? " (latest quarter with interactions)" : "")\n" }
                    ?? "No interactions: coverage is not shown.\n"
                var footer = ""
                if cols.contains(where: { $0.hasSuffix("_strength") || $0 == "internal_patients" }) {
                    footer = "\n" + SmallCell.note(threshold: t) + "\n"
                    if !withheld.isEmpty {
                        footer += "*: withheld because internal_patients is hidden and could be worked out from it (complementary suppression).\n"
                    }
                }
                Console.out(header + "\n" + shown.table() + footer)
            }
        }
    }
}
