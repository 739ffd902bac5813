import ArgumentParser
import Liaison

struct Gaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Under-visited key experts: targets below expectation, most important first.",
        discussion: """
        A gap is a target whose counted interactions are below expectation (paced with --as-of), and, when the \
        targets come from the call plan, a tier 1-2 expert the plan leaves out (expecting the tier's 3 or 2 a \
        quarter; column off_plan; --plan-only drops them). Sorted by
          gap_score = influence x shortfall / expected,   shortfall = expected - actual.
        never_visited: no counted interaction ever; stale: none in the last --stale-days days. way_in: the \
        reached colleague (>= 1 interaction this period) with the strongest referral (patients, both \
        directions) or collaboration tie, then the highest influence.

        Examples:
          liaison gaps --quarter 2026Q3
          liaison gaps --quarter 2026Q4 --as-of 2026-11-20 --top 10
          liaison gaps --liaison "Julien Dubois" --all --format csv > gaps.csv
        """
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions
    @OptionGroup var when: PeriodOptions
    @OptionGroup var filters: CoverageFilterOptions

    @Option(parsing: .unconditional, help: "Show the N largest gaps (default 20).")
    var top: Int?

    @Flag(help: "Show every gap.")
    var all = false

    @Option(name: .customLong("stale-days"), parsing: .unconditional, help: "Flag targets not seen for this many days or more.")
    var staleDays: Int = 90

    @Flag(name: .customLong("plan-only"), help: "Only plan targets: leave out tier 1-2 experts who are not on the plan.")
    var planOnly = false

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if all && top != nil { throw ValidationError("give either --top or --all, not both") }
        try OptionRange.check(top, "--top", OptionRange.rows)
        try OptionRange.check(staleDays, "--stale-days", OptionRange.staleDays, unit: "days")
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let (r, w) = try analyzeCoverage(data: data, when: when, filters: filters)
            let gaps = CoverageGaps.find(r, staleDays: staleDays, includeOffPlan: !planOnly)
            let view = GapView(gaps, dataset: r.dataset, limit: all ? nil : (top ?? 20), threshold: privacy.minCell)
            switch format {
            case .csv: Console.out(view.dataTable.csv(forSpreadsheet: Console.excel))
            case .json:
                let o: JSONValue = .object([
                    ("quarter", .string(r.period.label)), ("as_of", r.options.asOf.map { .string($0.description) } ?? .null),
                    ("as_of_source", .string(w.asOfSource.rawValue)),
                    ("targets_source", .string(r.targets.source.rawValue)), ("stale_days", .int(staleDays)),
                    ("count", .int(gaps.count)), ("min_cell", .int(privacy.minCell)), ("gaps", view.dataTable.jsonValue()),
                ])
                Console.out(o.serialized() + "\n")
            case .table:
                var s = "Under-visited key experts — " + CoverageView.headline(r, window: w, filters: r.options.filterLine)
                s += view.countsSentence(staleDays: staleDays, offPlanShown: r.targets.source == .plan && !planOnly) + "\n\n"
                s += view.peopleTable.table(maxWidth: 44, fitting: Console.width)
                s += "\n" + view.notes.joined(separator: "\n") + "\n"
                Console.out(s)
            }
        }
    }
}
