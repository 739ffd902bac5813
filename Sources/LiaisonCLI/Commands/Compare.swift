import ArgumentParser
import Liaison

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare coverage between two periods: measures, gained and lost experts, rising experts.",
        discussion: """
        Each period is analysed on its own (its plan targets or tiers, its referrals' influence).
        gained: targets of TO with an interaction in TO and none in FROM; lost: targets of FROM with
        an interaction in FROM and none in TO. Rising/falling: tier 1-2 experts whose influence rank
        (on each period's own referrals) moved most; "not met" says whether the team has met a rising
        expert in TO or ever. csv lists the measures (group, measure, from, to, delta); json has
        everything.

        --as-of DATE paces an unfinished TO as `coverage --as-of` does: interactions after DATE are
        ignored and expectations are scaled by the share of each period elapsed by DATE (clamped to
        0-1, so a FROM that ended before DATE counts in full). --undirected computes influence, tiers
        and rank changes on the undirected referral links, as `rank --undirected` does.

        Examples:
          liaison compare 2026Q2 2026Q3
          liaison compare 2026Q2 2026Q3 --by liaison
          liaison compare 2026Q3 2026Q4 --as-of 2026-11-20
          liaison compare path/to/dataset 2025 2026 --format json
        """
    )

    @Argument(help: ArgumentHelp("[DATASET] FROM TO: an optional dataset folder (default: the bundled demo), then two periods.",
                                 valueName: "dataset-from-to"))
    var positionals: [String] = []

    @Flag(help: "Skip rows with errors (with a warning and a count) instead of failing.")
    var lenient = false

    @Flag(name: .shortAndLong, help: "Print no warnings or progress on stderr.")
    var quiet = false

    @Flag(help: "Treat referral links as undirected (patients shared either way); no direction is shown or used.")
    var undirected = false

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Pace an unfinished TO period up to this date (YYYY-MM-DD).", valueName: "date"))
    var asOf: String?

    @OptionGroup var filters: CoverageFilterOptions

    @Option(help: ArgumentHelp("Split every measure by: \(CoverageGrouping.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "group"))
    var by: CoverageGrouping?

    @Option(help: "Number of rising and falling experts to list.")
    var top: Int = 10

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        guard (2...3).contains(positionals.count) else {
            throw ValidationError("compare needs two periods, optionally after a dataset folder: liaison compare [DATASET] FROM TO (got \(positionals.count) argument\(positionals.count == 1 ? "" : "s"))")
        }
        if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let folder = positionals.count == 3 ? positionals.first : nil
            let fy = try filters.fiscalMonth()
            let from = try coveragePeriod(positionals[positionals.count - 2], option: "FROM", fiscalYearStart: fy)
            let to = try coveragePeriod(positionals[positionals.count - 1], option: "TO", fiscalYearStart: fy)
            let asOfDay = try parseAsOf(asOf)
            let loader = try DatasetOptions.parse((folder.map { [$0] } ?? []) + (lenient ? ["--lenient"] : [])
                                                  + (quiet ? ["--quiet"] : []) + (undirected ? ["--undirected"] : []))
            let d = try loader.load()
            // The same as-of for both periods, as `report` does: a FROM that ended by then counts in full.
            let o = try filters.options(for: d, asOf: asOfDay)
            let c = try CoverageComparison(d, from: from, to: to, options: o, limit: top)
            let groups = by.map { c.groups(by: $0) } ?? []
            switch format {
            case .json: Console.out(json(c, groups).serialized() + "\n")
            case .csv: Console.out(csv(c, groups).csv())
            case .table: Console.out(table(c, groups))
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

    func json(_ c: CoverageComparison, _ groups: [(group: String, metrics: Changes)]) -> JSONValue {
        let ids = { (xs: [Int]) in JSONValue.array(xs.map { .string(c.to.dataset.experts[$0].id) }) }
        var o: [(String, JSONValue)] = [
            ("from", .string(c.from.period.label)), ("to", .string(c.to.period.label)),
            ("as_of", c.to.options.asOf.map { .string($0.description) } ?? .null),
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

    func csv(_ c: CoverageComparison, _ groups: [(group: String, metrics: Changes)]) -> TabularOutput {
        var t = TabularOutput(columns: (by == nil ? [] : ["group"]) + ["measure", "from", "to", "delta"])
        let all: [(String?, Changes)] = [(by == nil ? nil : "(all)", c.metrics)] + groups.map { ($0.group, $0.metrics) }
        for (g, m) in all {
            for (n, ch) in m {
                t.rows.append((g.map { [Cell.text($0)] } ?? []) + [.text(n), ch.from.map(Cell.number) ?? .empty,
                                                                   ch.to.map(Cell.number) ?? .empty, ch.delta.map(Cell.number) ?? .empty])
            }
        }
        return t
    }

    func table(_ c: CoverageComparison, _ groups: [(group: String, metrics: Changes)]) -> String {
        let d = c.to.dataset
        var s = "Coverage \(c.from.period.label) → \(c.to.period.label)"
        s += " — targets: \(c.from.targets.source == .plan ? "plan" : "tiers 1-2") → \(c.to.targets.source == .plan ? "plan" : "tiers 1-2")\n"
        if let f = filters.filterLine { s += f + "\n" }
        if let a = c.to.options.asOf {
            s += "As of \(a): \(fixed(100 * c.to.elapsedFraction, decimals: 0)) % of \(c.to.period.label) elapsed"
            if c.from.elapsedFraction < 1 {
                s += ", \(fixed(100 * c.from.elapsedFraction, decimals: 0)) % of \(c.from.period.label)"
            }
            s += "; expectations are paced to that share.\n"
        } else if let last = d.interactions.map(\.date).max(), last < c.to.period.end, last >= c.to.period.start {
            s += "Note: interactions stop on \(last), before \(c.to.period.label) ends; use --as-of \(last) to pace expectations.\n"
        }
        s += "\n"
        let shares: Set<String> = ["reach", "attainment", "influence_coverage"]
        func cell(_ n: String, _ x: Double?, signed: Bool = false) -> Cell {
            guard let x else { return .empty }
            return shares.contains(n) ? .text(signed ? (x > 0 ? "+" : "") + fixed(100 * x, decimals: 0) + " pp" : percent(x)) : .number(x)
        }
        var t = TabularOutput(columns: ["measure", c.from.period.label, c.to.period.label, "change"])
        for (n, ch) in c.metrics {
            t.rows.append([.text(n), cell(n, ch.from), cell(n, ch.to), cell(n, ch.delta, signed: true)])
        }
        s += t.table()
        func names(_ xs: [Int]) -> String {
            let shown = xs.prefix(15).map { "\(d.experts[$0].id) \(d.experts[$0].name)" }.joined(separator: ", ")
            return xs.count > 15 ? shown + ", … (\(xs.count - 15) more)" : (xs.isEmpty ? "none" : shown)
        }
        s += "\nGained (\(c.gained.count)): " + names(c.gained) + "\n"
        s += "Lost (\(c.lost.count)): " + names(c.lost) + "\n"
        if let by, !groups.isEmpty {
            var g = TabularOutput(columns: [by.rawValue, "targets", "reach", "Δ reach", "attainment", "Δ attainment", "influence cov", "Δ influence cov"])
            for (name, m) in groups {
                func ch(_ k: String) -> MeasureChange { m.first { $0.name == k }?.change ?? MeasureChange(from: nil, to: nil) }
                let tg = ch("targets")
                g.rows.append([.text(name), .text("\(tg.from.map { String(Int($0)) } ?? "–") → \(tg.to.map { String(Int($0)) } ?? "–")"),
                               .text("\(percent(ch("reach").from)) → \(percent(ch("reach").to))"), cell("reach", ch("reach").delta, signed: true),
                               .text("\(percent(ch("attainment").from)) → \(percent(ch("attainment").to))"), cell("attainment", ch("attainment").delta, signed: true),
                               .text("\(percent(ch("influence_coverage").from)) → \(percent(ch("influence_coverage").to))"),
                               cell("influence_coverage", ch("influence_coverage").delta, signed: true)])
            }
            s += "\nBy \(by.rawValue):\n" + g.table()
        }
        for (title, xs) in [("Rising experts (influence rank)", c.rising), ("Falling experts (influence rank)", c.falling)] where !xs.isEmpty {
            var r = TabularOutput(columns: ["id", "name", "institution", "rank", "change", "tier", "met"])
            for x in xs {
                let met = x.interactionsTo > 0 ? "\(x.interactionsTo) in \(c.to.period.label)" : (x.everMet ? "not in \(c.to.period.label)" : "never met")
                r.rows.append([.text(d.experts[x.expert].id), .text(d.experts[x.expert].name), .text(d.institutionName(ofExpert: x.expert)),
                               .text("\(x.rankFrom) → \(x.rankTo)"), .int(x.change), .int(x.tierTo), .text(met)])
            }
            s += "\n\(title), \(c.from.period.label) → \(c.to.period.label):\n" + r.table()
        }
        if c.rising.isEmpty && c.falling.isEmpty {
            s += "\nNo rank changes: referrals carry no periods, or one of the periods has none.\n"
        }
        return s
    }
}
