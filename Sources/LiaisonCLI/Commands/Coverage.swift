import ArgumentParser
import Liaison

/// Options shared by `coverage`, `gaps` and `compare`: what counts and what is expected.
struct CoverageFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Count only these channels (comma-separated), e.g. in-person,virtual.", valueName: "channels"))
    var channel: String?

    @Option(help: ArgumentHelp("Only this liaison's book: experts they own or met; only their interactions count.", valueName: "name"))
    var liaison: String?

    @Option(name: .customLong("fiscal-year-start"),
            help: ArgumentHelp("First month of the fiscal year (1-12 or a month name); shifts quarters and years.", valueName: "month"))
    var fiscalYearStart: String = "1"

    @Option(name: .customLong("expect-tier1"), help: "Interactions expected per quarter with a tier-1 expert (when the plan has no rows).")
    var expectTier1: Double = 3

    @Option(name: .customLong("expect-tier2"), help: "Interactions expected per quarter with a tier-2 expert (when the plan has no rows).")
    var expectTier2: Double = 2

    func validate() throws {
        guard expectTier1 >= 0, expectTier2 >= 0, expectTier1.isFinite, expectTier2.isFinite else {
            throw ValidationError("--expect-tier1 and --expect-tier2 must be 0 or more")
        }
        _ = try fiscalMonth()
    }

    /// The fiscal-year start as a month number.
    func fiscalMonth() throws -> Int {
        let t = fiscalYearStart.trimmingSpaces.lowercased()
        if let m = Int(t), (1...12).contains(m) { return m }
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"]
        if t.count >= 3, let k = names.firstIndex(where: { $0.hasPrefix(t) }) { return k + 1 }
        throw ValidationError("--fiscal-year-start '\(fiscalYearStart)' is not a month: use 1-12 or a name like april")
    }

    /// Coverage options, checking `--channel` and `--liaison` against the data.
    func options(for d: Dataset, asOf: Day? = nil) throws -> CoverageOptions {
        var o = CoverageOptions(expectTier1: expectTier1, expectTier2: expectTier2, asOf: asOf, fiscalYearStart: try fiscalMonth())
        if let channel {
            let wanted = Set(channel.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty })
            let known = Set(d.interactions.map { $0.channel.lowercased() })
            let unknown = wanted.filter { !known.contains($0.lowercased()) }.sorted()
            if wanted.isEmpty || !unknown.isEmpty {
                throw CLIError("--channel: no interaction has channel \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                               + "channels in the data: \(Set(d.interactions.map(\.channel)).sorted().joined(separator: ", "))")
            }
            o.channels = wanted
        }
        if let liaison {
            let names = Set(d.interactions.map(\.liaison)).union(LiaisonOwnership(d).owner).subtracting([LiaisonOwnership.none])
            guard names.contains(where: { $0.lowercased() == liaison.trimmingSpaces.lowercased() }) else {
                throw CLIError("--liaison '\(liaison)' is not a liaison of this dataset; liaisons: \(names.sorted().joined(separator: ", "))")
            }
            o.liaison = liaison.trimmingSpaces
        }
        return o
    }

    /// A line describing the active filters, or `nil`.
    var filterLine: String? {
        var parts: [String] = []
        if let channel { parts.append("channels \(channel)") }
        if let liaison { parts.append("liaison \(liaison)") }
        return parts.isEmpty ? nil : "Counting only: " + parts.joined(separator: "; ")
    }
}

/// `--quarter` and `--as-of`, for the single-period commands.
struct PeriodOptions: ParsableArguments {
    @Option(name: [.customLong("quarter"), .customLong("period")],
            help: ArgumentHelp("Period: 2026Q3, 2026-Q3, 2026, 2026-07 or 2026-07-01..2026-09-30 (default: the latest quarter with interactions).",
                               valueName: "period"))
    var quarter: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Pace an unfinished period up to this date (YYYY-MM-DD).", valueName: "date"))
    var asOf: String?

    /// The as-of day, if given.
    func asOfDay() throws -> Day? { try parseAsOf(asOf) }

    /// The period asked for, or the latest quarter with interactions.
    func period(for d: Dataset, fiscalYearStart: Int) throws -> Period {
        if let quarter { return try coveragePeriod(quarter, option: "--quarter", fiscalYearStart: fiscalYearStart) }
        guard let p = CoveragePeriod.latestQuarter(of: d, fiscalYearStart: fiscalYearStart) else {
            throw CLIError("the dataset has no interactions, so there is no default quarter; give --quarter")
        }
        return p
    }
}

/// Parses an `--as-of` value (`nil`: none given), as a user-facing error.
func parseAsOf(_ asOf: String?) throws -> Day? {
    guard let asOf else { return nil }
    guard let d = Day(iso: asOf.trimmingSpaces) else { throw CLIError("--as-of '\(asOf)' is not a date: use YYYY-MM-DD") }
    return d
}

/// Parses a period argument with the coverage rules (fiscal years), as a user-facing error.
func coveragePeriod(_ s: String, option: String, fiscalYearStart: Int) throws -> Period {
    guard let p = CoveragePeriod.parse(s, fiscalYearStart: fiscalYearStart) else {
        throw CLIError("\(option) '\(s)' is not a period: use 2026Q3, 2026-Q3, 2026, 2026-07 or 2026-07-01..2026-09-30")
    }
    return p
}

/// Headline lines shared by the coverage commands.
func coverageHeadline(_ r: CoverageReport, filters: String?) -> String {
    let p = r.period
    var s = "\(p.label) (\(p.start) to \(p.end))"
    switch r.targets.source {
    case .plan: s += " — targets: the call plan (\(r.targetExperts.count) experts)"
    case .tiers:
        s += " — targets: tier 1 and 2 experts (\(r.targetExperts.count); no plan rows for the period), expecting "
            + "\(formatSignificant(r.options.expectTier1 * CoveragePeriod.quarterScale(of: p)))/\(formatSignificant(r.options.expectTier2 * CoveragePeriod.quarterScale(of: p)))"
    }
    s += "\nInfluence and tiers: referrals of \(r.targets.influencePeriod?.label ?? "all periods")\n"
    if let f = filters { s += f + "\n" }
    if let a = r.options.asOf {
        s += "As of \(a): \(fixed(100 * r.elapsedFraction, decimals: 0)) % of the period elapsed; expectations are paced to that share.\n"
    } else if let last = r.dataset.interactions.map(\.date).max(), last < p.end, last >= p.start {
        s += "Note: interactions stop on \(last), before the period ends; use --as-of \(last) to pace expectations.\n"
    }
    return s
}

/// `0.734` as `73 %`.
func percent(_ x: Double?) -> String { x.map { fixed(100 * $0, decimals: 0) + " %" } ?? "–" }

struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who the team reaches in a period: reach, attainment, influence coverage.",
        discussion: """
        Targets are the experts of the call plan (plan.csv) for the period; without plan rows, the
        tier 1 and 2 experts (3 and 2 interactions a quarter, see --expect-tier1/2). A target is
        reached with at least one counted interaction in the period. Measures (see docs/coverage.md):
          reach = reached / targets          frequency = interactions / reached
          attainment = Σ min(actual, expected) / Σ expected
          influence_coverage = Σ influence of reached targets / Σ influence of targets
        With --as-of, expectations are scaled by the share of the period elapsed.

        Examples:
          liaison coverage --quarter 2026Q3
          liaison coverage --quarter 2026Q3 --by liaison
          liaison coverage --quarter 2026Q4 --as-of 2026-11-20 --channel in-person,virtual
          liaison coverage path/to/dataset --quarter 2026 --fiscal-year-start 4 --format json
        """
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var when: PeriodOptions
    @OptionGroup var filters: CoverageFilterOptions

    @Option(help: ArgumentHelp("Split every measure by: \(CoverageGrouping.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "group"))
    var by: CoverageGrouping?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            let o = try filters.options(for: d, asOf: try when.asOfDay())
            let p = try when.period(for: d, fiscalYearStart: o.fiscalYearStart)
            let r = try CoverageReport.analyze(d, period: p, options: o)
            let groups = by.map { r.groups(by: $0) } ?? []
            switch format {
            case .json: Console.out(json(r, groups).serialized() + "\n")
            case .csv: Console.out(csv(r, groups).csv())
            case .table: Console.out(table(r, groups))
            }
        }
    }

    func json(_ r: CoverageReport, _ groups: [(group: String, measures: CoverageMeasures)]) -> JSONValue {
        var o: [(String, JSONValue)] = [
            ("quarter", .string(r.period.label)),
            ("period_start", .string(r.period.start.description)),
            ("period_end", .string(r.period.end.description)),
            ("as_of", r.options.asOf.map { .string($0.description) } ?? .null),
            ("elapsed_fraction", .number(r.elapsedFraction)),
            ("targets_source", .string(r.targets.source.rawValue)),
            ("influence_period", r.targets.influencePeriod.map { .string($0.label) } ?? .null),
            ("channels", r.options.channels.map { .array($0.sorted().map(JSONValue.string)) } ?? .null),
            ("liaison", r.options.liaison.map(JSONValue.string) ?? .null),
        ]
        o += r.totals.cells.map { ($0.0, $0.1.json) }
        o.append(("channel_mix", r.totals.channelMixJSON))
        o.append(("non_target_interactions", .int(r.nonTargetInteractions)))
        o.append(("off_plan_key_experts", .int(r.experts.filter(\.isOffPlanKeyExpert).count)))
        if by != nil {
            o.append(("by", .string(by?.rawValue ?? "")))
            o.append(("groups", .array(groups.map { g in
                .object([("group", .string(g.group))] + g.measures.cells.map { ($0.0, $0.1.json) }
                        + [("channel_mix", g.measures.channelMixJSON)])
            })))
        }
        return .object(o)
    }

    func csv(_ r: CoverageReport, _ groups: [(group: String, measures: CoverageMeasures)]) -> TabularOutput {
        let lead = by == nil ? ["quarter"] : ["quarter", "group"]
        var t = TabularOutput(columns: lead + CoverageMeasures.names + ["channel_mix"])
        let rows: [(String?, CoverageMeasures)] = by == nil ? [(nil, r.totals)] : groups.map { ($0.group, $0.measures) }
        for (g, m) in rows {
            t.rows.append([.text(r.period.label)] + (g.map { [Cell.text($0)] } ?? []) + m.cells.map(\.1) + [.text(m.channelMixText)])
        }
        return t
    }

    func table(_ r: CoverageReport, _ groups: [(group: String, measures: CoverageMeasures)]) -> String {
        let m = r.totals
        var s = "Coverage " + coverageHeadline(r, filters: filters.filterLine) + "\n"
        s += "Reached \(m.reached) of \(m.targets) targets (\(percent(m.reach))), \(m.interactions) interactions; "
            + "attainment \(percent(m.attainment)), influence coverage \(percent(m.influenceCoverage)).\n\n"
        if let by {
            var t = TabularOutput(columns: [by.rawValue, "targets", "reached", "reach %", "interactions", "frequency",
                                            "attainment %", "influence cov %", "median days", "never seen", "below exp."])
            for (g, x) in groups + [(group: "all", measures: m)] {
                t.rows.append([.text(g), .int(x.targets), .int(x.reached), pct(x.reach), .int(x.interactions),
                               x.frequency.map(Cell.number) ?? .empty, pct(x.attainment), pct(x.influenceCoverage),
                               x.medianDaysSince.map(Cell.number) ?? .empty, .int(x.neverSeen), .int(x.belowExpectation)])
            }
            s += t.table()
            if by == .liaison { s += "\nA liaison's row is their book (targets they own or met), counting only their interactions.\n" }
        } else {
            var t = TabularOutput(columns: ["measure", "value"])
            for (name, c) in m.cells {
                let isShare = ["reach", "attainment", "influence_coverage"].contains(name)
                t.rows.append([.text(name), isShare ? (m.value(name).map { .text(percent($0)) } ?? .empty) : c])
            }
            s += t.table()
        }
        if !m.channelMix.isEmpty {
            s += "\nChannel mix: " + m.channelMix.map { "\($0.channel) \(percent($0.share))" }.joined(separator: ", ") + "\n"
        }
        let off = r.experts.filter(\.isOffPlanKeyExpert).count
        let other = r.nonTargetInteractions
        if other > 0 || off > 0 {
            s += "\n"
            if other > 0 { s += "\(other) counted interactions were with experts who are not targets.\n" }
            if off > 0 { s += "\(off) tier 1-2 experts are not on the plan (see liaison gaps).\n" }
        }
        return s
    }

    private func pct(_ x: Double?) -> Cell { x.map { .number(($0 * 1000).rounded() / 10) } ?? .empty }
}

extension CoverageGrouping: ExpressibleByArgument {}
