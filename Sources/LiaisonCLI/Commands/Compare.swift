import ArgumentParser
import Liaison

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare coverage between two periods: measures, gained and lost experts, rising experts.",
        discussion: """
        Each period is analysed on its own (its plan targets or tiers, its referrals' influence). gained: \
        targets of TO with an interaction in TO and none in FROM; lost: targets of FROM with an interaction in \
        FROM and none in TO. Rising/falling: tier 1-2 experts whose influence rank (on each period's own \
        referrals) moved most; "not met" says whether the team has met a rising expert in TO or ever. csv \
        lists the measures (group, measure, from, to, delta); json has everything.

        --as-of DATE paces an unfinished TO as `coverage --as-of` does: interactions after DATE are ignored \
        and expectations are scaled by the share of each period elapsed by DATE (clamped to 0-1, so a FROM \
        that ended before DATE counts in full). --undirected computes influence, tiers and rank changes on the \
        undirected referral links, as `rank --undirected` does.

        Examples:
          liaison compare 2026Q2 2026Q3
          liaison compare 2026Q2 2026Q3 --by liaison
          liaison compare 2026Q3 2026Q4 --as-of 2026-11-20
          liaison compare path/to/dataset 2025 2026 --format json
        """
    )

    @OptionGroup var data: DatasetOptions

    @Argument(help: ArgumentHelp("FROM TO: the two periods (after an optional dataset).", valueName: "from-to"))
    var periods: [String] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Pace TO (and FROM, if unfinished) to this date (YYYY-MM-DD). Default: the last interaction, when TO goes past it; none judges both in full.",
        valueName: "date|none"))
    var asOf: String?

    @OptionGroup var filters: CoverageFilterOptions

    @Option(help: ArgumentHelp("Split every measure by: \(CoverageGrouping.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "group"))
    var by: CoverageGrouping?

    @Option(parsing: .unconditional, help: "Number of rising and falling experts to list.")
    var top: Int = 10

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    /// The dataset and the two periods: `[DATASET] FROM TO`.
    var arguments: (dataset: String?, from: String, to: String)? {
        let all = (data.dataset.map { [$0] } ?? []) + periods
        guard (2...3).contains(all.count) else { return nil }
        return (all.count == 3 ? all[0] : nil, all[all.count - 2], all[all.count - 1])
    }

    func validate() throws {
        guard arguments != nil else {
            let n = (data.dataset == nil ? 0 : 1) + periods.count
            throw ValidationError("compare needs two periods, optionally after a dataset folder: liaison compare [DATASET] FROM TO (got \(n) argument\(n == 1 ? "" : "s"))")
        }
        try OptionRange.check(top, "--top", 0...Int.max)
    }

    func run() throws {
        try LiaisonCommand.guarded {
            guard let args = arguments else { return }
            var data = self.data
            data.dataset = args.dataset
            let d = try data.load()
            let from = try parsePeriod(args.from, option: "FROM", fiscalYearStart: data.fiscalYearStart)
            let to = try parsePeriod(args.to, option: "TO", fiscalYearStart: data.fiscalYearStart)
            // TO's window paces both: a FROM that ended by then counts in full, as in the report.
            let w = try coverageWindow(d, period: to, asOf: try parseAsOfChoice(asOf), data: data)
            let o = w.applied(to: try filters.options(for: d, fiscalYearStart: data.fiscalYearStart))
            let c = try CoverageComparison(d, from: from, to: to, options: o, limit: top)
            let groups = by.map { c.groups(by: $0) } ?? []
            switch format {
            case .json: Console.out(json(c, groups, asOfSource: w.asOfSource).serialized() + "\n")
            case .csv: Console.out(ComparisonView.csvRows(c, groups: groups, grouped: by != nil).csv(forSpreadsheet: Console.excel))
            case .table: Console.out(ComparisonView.text(c, groups: groups, by: by, window: w, width: Console.width))
            }
        }
    }

    typealias Changes = [(name: String, change: MeasureChange)]

    private func metricsJSON(_ m: Changes) -> JSONValue {
        .object(m.map { n, ch in
            (n, .object([("from", ch.from.map(JSONValue.number) ?? .null), ("to", ch.to.map(JSONValue.number) ?? .null),
                         ("delta", ch.delta.map(JSONValue.number) ?? .null)]))
        })
    }

    private func rankJSON(_ c: CoverageComparison, _ xs: [RankChange]) -> JSONValue {
        .array(xs.map { x in
            let e = c.to.dataset.experts[x.expert]
            return .object([("id", .string(e.id)), ("name", .string(e.name)), ("rank_from", .int(x.rankFrom)),
                            ("rank_to", .int(x.rankTo)), ("change", .int(x.change)), ("tier_to", .int(x.tierTo)),
                            ("interactions_to", .int(x.interactionsTo)), ("met_in_to", .bool(x.interactionsTo > 0)),
                            ("ever_met", .bool(x.everMet))])
        })
    }

    func json(_ c: CoverageComparison, _ groups: [(group: String, metrics: Changes)], asOfSource: AsOfSource) -> JSONValue {
        let ids = { (xs: [Int]) in JSONValue.array(xs.map { .string(c.to.dataset.experts[$0].id) }) }
        var o: [(String, JSONValue)] = [
            ("from", .string(c.from.period.label)), ("to", .string(c.to.period.label)),
            ("as_of", c.to.options.asOf.map { .string($0.description) } ?? .null),
            ("as_of_source", .string(asOfSource.rawValue)),
            ("elapsed_fraction", .object([("from", .number(c.from.elapsedFraction)), ("to", .number(c.to.elapsedFraction))])),
            ("targets_source", .object([("from", .string(c.from.targets.source.rawValue)), ("to", .string(c.to.targets.source.rawValue))])),
            ("metrics", metricsJSON(c.metrics)), ("gained", ids(c.gained)), ("lost", ids(c.lost)),
        ]
        if let by {
            o.append(("by", .string(by.rawValue)))
            o.append(("groups", .array(groups.map { .object([("group", .string($0.group)), ("metrics", metricsJSON($0.metrics))]) })))
        }
        o.append(("rising", rankJSON(c, c.rising)))
        o.append(("falling", rankJSON(c, c.falling)))
        return .object(o)
    }
}
