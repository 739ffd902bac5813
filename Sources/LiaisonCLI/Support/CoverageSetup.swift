import ArgumentParser
import Foundation
import Liaison

/// Options shared by `coverage`, `gaps`, `compare`, `report` and `render`: what counts and what is expected.
struct CoverageFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Count only these channels (comma-separated), e.g. in-person,virtual.", valueName: "channels"))
    var channel: String?

    @Option(help: ArgumentHelp("Only this liaison's book: experts they own or met; only their interactions count.", valueName: "name"))
    var liaison: String?

    @Option(name: .customLong("expect-tier1"), parsing: .unconditional, help: "Interactions expected per quarter with a tier-1 expert (when the plan has no rows).")
    var expectTier1: Double = 3

    @Option(name: .customLong("expect-tier2"), parsing: .unconditional, help: "Interactions expected per quarter with a tier-2 expert (when the plan has no rows).")
    var expectTier2: Double = 2

    func validate() throws {
        try OptionRange.check(expectTier1, "--expect-tier1", OptionRange.expectation)
        try OptionRange.check(expectTier2, "--expect-tier2", OptionRange.expectation)
    }

    /// Coverage options, checking `--channel` and `--liaison` against the data.
    func options(for d: Dataset, fiscalYearStart: Int) throws -> CoverageOptions {
        var o = CoverageOptions(expectTier1: expectTier1, expectTier2: expectTier2, fiscalYearStart: fiscalYearStart)
        do { try o.restrict(channels: channel, liaison: liaison, in: d) } catch { throw CLIError(error.description) }
        return o
    }
}

/// `--quarter` and `--as-of`, for the single-period commands.
struct PeriodOptions: ParsableArguments {
    @Option(name: [.customLong("quarter"), .customLong("period")],
            help: ArgumentHelp("Period: 2026Q3, 2026-Q3, 2026, 2026-07 or 2026-07-01..2026-09-30 (default: the quarter of the last interaction).",
                               valueName: "period"))
    var quarter: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Pace the period to this date (YYYY-MM-DD); later interactions are not counted. Default: the last interaction, when the period goes past it; none judges the whole period.",
        valueName: "date|none"))
    var asOf: String?

    /// The pacing asked for.
    func asOfChoice() throws -> AsOfChoice { try parseAsOfChoice(asOf) }
}

/// Parses an `--as-of` value: a date, `none`, or automatic when not given.
func parseAsOfChoice(_ asOf: String?) throws -> AsOfChoice {
    guard let asOf else { return .automatic }
    let t = asOf.trimmingSpaces
    if t.lowercased() == "none" { return .none }
    guard let d = DateFormat.iso.parse(t) else { throw ValidationError("--as-of \(UserText.quoted(asOf)) is not a date: use YYYY-MM-DD, or none") }
    return .date(d)
}

/// Today, in UTC.
func today() -> Day {
    let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date())
    return Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? Day(year: 1970, month: 1, day: 1)!
}

/// The period and pacing of a coverage command, decided by ``CoverageWindow``, with its warning
/// about planned calls printed (unless quiet).
func coverageWindow(_ d: Dataset, period: Period?, asOf: AsOfChoice, data: DatasetOptions) throws -> CoverageWindow {
    let w: CoverageWindow
    do {
        w = try CoverageWindow.resolve(d, period: period, asOf: asOf, today: today(), fiscalYearStart: data.fiscalYearStart)
    } catch { throw CLIError(error.description) }
    if !data.quiet, let warning = w.futureWarning { Console.warn("warning: \(warning)") }
    return w
}

/// Loads the dataset and analyses the coverage period the options ask for.
func analyzeCoverage(data: DatasetOptions, when: PeriodOptions, filters: CoverageFilterOptions)
    throws -> (CoverageReport, CoverageWindow) {
    let d = try data.load()
    let o = try filters.options(for: d, fiscalYearStart: data.fiscalYearStart)
    let w = try coverageWindow(d, period: try data.period(when.quarter, option: "--quarter"),
                               asOf: try when.asOfChoice(), data: data)
    return (try CoverageReport.analyze(d, period: w.period, options: w.applied(to: o)), w)
}
