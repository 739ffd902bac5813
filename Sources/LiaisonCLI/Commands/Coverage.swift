import ArgumentParser
import Liaison

struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who the team reaches in a period: reach, attainment, influence coverage.",
        discussion: """
        Targets are the experts of the call plan (plan.csv) for the period; without plan rows, the tier 1 and \
        2 experts (3 and 2 interactions a quarter, see --expect-tier1/2). A target is reached with at least \
        one counted interaction in the period. Measures (see the README, Coverage):
          reach = reached / targets          frequency = interactions / reached
          attainment = sum min(actual, expected) / sum expected
          influence_coverage = sum influence of reached targets / sum influence of targets
        With --as-of, expectations are scaled by the share of the period elapsed.

        Examples:
          liaison coverage --quarter 2026Q3
          liaison coverage --quarter 2026Q3 --by liaison
          liaison coverage --by quarter --format csv
          liaison coverage --quarter 2026Q4 --channel in-person,virtual
          liaison coverage my-team/ --quarter 2026 --fiscal-year-start 4
        """
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var when: PeriodOptions
    @OptionGroup var filters: CoverageFilterOptions

    @Option(name: .customLong("by"), help: ArgumentHelp("Split every measure by: \(CoverageGrouping.allCases.map(\.rawValue).joined(separator: ", ")); or quarter: every quarter from the first interaction to --quarter, team and liaisons.", valueName: "group"))
    var split: CoverageSplit?

    /// The grouping of experts, when `--by` names one.
    var by: CoverageGrouping? { if case .group(let g) = split { return g } else { return nil } }

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        try LiaisonCommand.guarded {
            let (r, w) = try analyzeCoverage(data: data, when: when, filters: filters)
            if split == .quarter {
                let trend = try CoverageTrend.compute(r.dataset, through: w, options: r.options)
                let rows = CoverageTrendView.table(trend)
                switch format {
                case .json: Console.out(rows.jsonValue().serialized() + "\n")
                case .csv: Console.out(rows.csv(forSpreadsheet: Console.excel))
                case .table:
                    var s = "Coverage by quarter, \(trend.quarters.first?.period.label ?? "") to \(r.period.label)\n"
                    if let p = w.pacingSentence(elapsedFraction: r.elapsedFraction) { s += p + "\n" }
                    s += "\n" + CoverageTrendView.peopleTable(trend).table(fitting: Console.width)
                    s += "\nEach quarter is judged on its own targets and influence; --format csv adds every liaison's book.\n"
                    Console.out(s)
                }
                return
            }
            switch format {
            case .json: Console.out(json(r, w).serialized() + "\n")
            case .csv: Console.out(CoverageView.csvRows(r, by: by).csv(forSpreadsheet: Console.excel))
            case .table: Console.out(table(r, w))
            }
        }
    }

    func json(_ r: CoverageReport, _ w: CoverageWindow) -> JSONValue {
        var o: [(String, JSONValue)] = [
            ("quarter", .string(r.period.label)),
            ("period_start", .string(r.period.start.description)),
            ("period_end", .string(r.period.end.description)),
            ("as_of", r.options.asOf.map { .string($0.description) } ?? .null),
            ("as_of_source", .string(w.asOfSource.rawValue)),
            ("elapsed_fraction", .number(r.elapsedFraction)),
            ("targets_source", .string(r.targets.source.rawValue)),
            ("influence_period", r.targets.influencePeriod.map { .string($0.label) } ?? .null),
            ("channels", r.options.channels.map { .array($0.sorted().map(JSONValue.string)) } ?? .null),
            ("liaison", r.options.liaison.map(JSONValue.string) ?? .null),
        ]
        o += CoverageMeasures.names.map { ($0, CoverageView.cell($0, r.totals).json) }
        o.append(("channel_mix", r.totals.channelMixJSON))
        o.append(("non_target_interactions", .int(r.nonTargetInteractions)))
        o.append(("off_plan_key_experts", .int(r.experts.filter(\.isOffPlanKeyExpert).count)))
        o.append(("planned_calls_not_counted", .int(w.futureInteractions)))
        if let by {
            o.append(("by", .string(by.rawValue)))
            o.append(("groups", .array(r.groups(by: by).map { g in
                .object([("group", .string(g.group))] + CoverageMeasures.names.map { ($0, CoverageView.cell($0, g.measures).json) }
                        + [("channel_mix", g.measures.channelMixJSON)])
            })))
        }
        return .object(o)
    }

    func table(_ r: CoverageReport, _ w: CoverageWindow) -> String {
        let m = r.totals
        var s = "Coverage " + CoverageView.headline(r, window: w, filters: r.options.filterLine) + "\n"
        s += CoverageView.summarySentence(m) + "\n\n"
        if let by {
            s += CoverageView.groupTable(r, by: by).table(fitting: Console.width)
            if by == .liaison { s += "\nA liaison's row is their book (targets they own or met), counting only their interactions.\n" }
        } else {
            s += CoverageView.measureRows(m).table(fitting: Console.width)
        }
        if let mix = CoverageView.channelMixText(m) { s += "\nChannel mix: " + mix + "\n" }
        let notes = CoverageView.notes(r)
        if !notes.isEmpty { s += "\n" + notes.joined(separator: "\n") + "\n" }
        return s
    }
}

extension CoverageGrouping: ExpressibleByArgument {}

/// `--by`: a grouping of the experts, or `quarter` for the quarter-by-quarter trend.
enum CoverageSplit: ExpressibleByArgument, Equatable {
    case group(CoverageGrouping)
    case quarter

    init?(argument: String) {
        let t = argument.lowercased()
        if t == "quarter" { self = .quarter } else if let g = CoverageGrouping(rawValue: t) { self = .group(g) } else { return nil }
    }

    static var allValueStrings: [String] { CoverageGrouping.allCases.map(\.rawValue) + ["quarter"] }
}
