import ArgumentParser
import Liaison

struct Gaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Under-visited key experts: targets below expectation, most important first.",
        discussion: """
        A gap is a target whose counted interactions are below expectation (paced with --as-of), and,
        when the targets come from the call plan, a tier 1-2 expert the plan leaves out (expecting
        the tier's 3 or 2 a quarter; column off_plan; --plan-only drops them). Sorted by
          gap_score = influence × shortfall / expected,   shortfall = expected − actual.
        never_visited: no counted interaction ever; stale: none in the last --stale-days days.
        way_in: the reached colleague (≥ 1 interaction this period) with the strongest referral
        (patients, both directions) or collaboration tie, then the highest influence.

        Examples:
          liaison gaps --quarter 2026Q3
          liaison gaps --quarter 2026Q4 --as-of 2026-11-20 --top 10
          liaison gaps --quarter 2026Q3 --liaison "Julien Dubois" --all --format csv > gaps.csv
        """
    )

    static let columns = ["id", "name", "institution", "tier", "influence", "expected", "actual", "shortfall",
                          "last_interaction", "days_since", "gap_score", "never_visited", "stale", "off_plan",
                          "liaison", "way_in_id", "way_in_name", "way_in_patients", "way_in_collaboration"]

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions
    @OptionGroup var when: PeriodOptions
    @OptionGroup var filters: CoverageFilterOptions

    @Option(help: "Show the N largest gaps (default 20).")
    var top: Int?

    @Flag(help: "Show every gap.")
    var all = false

    @Option(name: .customLong("stale-days"), help: "Flag targets not seen for this many days or more.")
    var staleDays: Int = 90

    @Flag(name: .customLong("plan-only"), help: "Only plan targets: leave out tier 1-2 experts who are not on the plan.")
    var planOnly = false

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if all && top != nil { throw ValidationError("give either --top or --all, not both") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if staleDays < 0 { throw ValidationError("--stale-days must be 0 or more") }
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            let o = try filters.options(for: d, asOf: try when.asOfDay())
            let p = try when.period(for: d, fiscalYearStart: o.fiscalYearStart)
            let r = try CoverageReport.analyze(d, period: p, options: o)
            let gaps = CoverageGaps.find(r, staleDays: staleDays, includeOffPlan: !planOnly)
            let shown = all ? gaps : Array(gaps.prefix(top ?? 20))
            let t = privacy.minCell
            // way_in_patients adds both directions; each direction can be worked out from it and the
            // experts' strengths (shown by rank), so it is withheld (`*`, JSON null) when either
            // direction alone is 1 to t-1.
            var directional: [UInt64: Int] = [:]
            func pairKey(_ a: Int, _ b: Int) -> UInt64 { UInt64(UInt32(truncatingIfNeeded: a)) << 32 | UInt64(UInt32(truncatingIfNeeded: b)) }
            let wanted = Set(shown.compactMap { g in g.wayIn.map { [pairKey(g.expert, $0.expert), pairKey($0.expert, g.expert)] } }.flatMap { $0 })
            if !wanted.isEmpty {
                for x in d.referrals where wanted.contains(pairKey(x.source, x.target)) {
                    directional[pairKey(x.source, x.target), default: 0] += x.patients
                }
            }
            func wayInWithheld(_ g: CoverageGap) -> Bool {
                guard let w = g.wayIn, !SmallCell.hides(Double(w.patients), threshold: t) else { return false }
                return SmallCell.hides(Double(directional[pairKey(g.expert, w.expert)] ?? 0), threshold: t)
                    || SmallCell.hides(Double(directional[pairKey(w.expert, g.expert)] ?? 0), threshold: t)
            }
            var out = TabularOutput(columns: Gaps.columns, threshold: t)
            var withheld: [(row: Int, column: Int)] = []
            let wayInColumn = Gaps.columns.firstIndex(of: "way_in_patients") ?? 0
            for g in shown {
                if wayInWithheld(g) { withheld.append((out.rows.count, wayInColumn)) }
                let e = d.experts[g.expert]
                let w = g.wayIn
                out.rows.append([
                    .text(e.id), .text(e.name), .text(d.institutionName(ofExpert: g.expert)), .int(g.tier),
                    .number(g.influence), .number(g.expected), .int(g.actual), .number(g.shortfall),
                    g.lastInteraction.map { .text($0.description) } ?? .empty, g.daysSince.map(Cell.int) ?? .empty,
                    .number(g.gapScore), .text(String(g.neverVisited)), .text(String(g.stale)), .text(String(g.offPlan)),
                    .text(g.owner), w.map { .text(d.experts[$0.expert].id) } ?? .empty,
                    w.map { .text(d.experts[$0.expert].name) } ?? .empty,
                    w.map { wayInWithheld(g) ? .suppressed : SmallCell.cell(Double($0.patients), threshold: t) } ?? .empty,
                    w.map { .text(collaborationText($0)) } ?? .empty,
                ])
            }
            switch format {
            case .csv: Console.out(out.markingComplementary(withheld).csv())
            case .json:
                let flags: Set<String> = ["never_visited", "stale", "off_plan"]
                let rows: [JSONValue] = out.rows.map { row in
                    guard case .object(let kv) = out.objectValue(row) else { return .null }
                    return .object(kv.map { k, v in
                        if flags.contains(k), case .string(let s) = v { return (k, .bool(s == "true")) }
                        return (k, v)
                    })
                }
                let o: JSONValue = .object([
                    ("quarter", .string(p.label)), ("as_of", o.asOf.map { .string($0.description) } ?? .null),
                    ("targets_source", .string(r.targets.source.rawValue)), ("stale_days", .int(staleDays)),
                    ("count", .int(gaps.count)), ("min_cell", .int(t)), ("gaps", .array(rows)),
                ])
                Console.out(o.serialized() + "\n")
            case .table:
                var s = "Under-visited key experts — " + coverageHeadline(r, filters: filters.filterLine)
                let never = gaps.filter(\.neverVisited).count, stale = gaps.filter(\.stale).count
                s += "\(gaps.count) gaps (\(never) never visited, \(stale) not seen for \(staleDays)+ days"
                if r.targets.source == .plan && !planOnly { s += ", \(gaps.filter(\.offPlan).count) key experts off the plan" }
                s += "); showing \(shown.count), largest gap_score first.\n\n"
                var tt = TabularOutput(columns: ["#", "id", "name", "institution", "tier", "influence", "expected", "actual",
                                                 "last seen", "gap_score", "flags", "way in"], threshold: t)
                for (k, g) in shown.enumerated() {
                    let e = d.experts[g.expert]
                    var flags: [String] = []
                    if g.neverVisited { flags.append("never visited") }
                    if g.stale { flags.append("stale") }
                    if g.offPlan { flags.append("off plan") }
                    var way = ""
                    if let w = g.wayIn {
                        way = "\(d.experts[w.expert].id) \(d.experts[w.expert].name)"
                        var ties: [String] = []
                        if w.patients > 0 {
                            ties.append((wayInWithheld(g) ? SmallCell.complementaryMarker
                                : SmallCell.cell(Double(w.patients), threshold: t).csvText(threshold: t)) + " pts")
                        }
                        if w.collaborationWeight > 0 { ties.append(collaborationText(w)) }
                        if !ties.isEmpty { way += " (" + ties.joined(separator: "; ") + ")" }
                    }
                    tt.rows.append([.int(k + 1), .text(e.id), .text(e.name), .text(d.institutionName(ofExpert: g.expert)),
                                    .int(g.tier), .number(g.influence), .number(g.expected), .int(g.actual),
                                    g.lastInteraction.map { .text("\($0) (\(g.daysSince ?? 0) d)") } ?? .text("never"),
                                    .number(g.gapScore), .text(flags.joined(separator: ", ")), .text(way)])
                }
                s += tt.table(maxWidth: 44)
                s += "\n" + SmallCell.note(threshold: t) + "\n"
                if !withheld.isEmpty {
                    s += "* pts: withheld, as one direction of the tie has a hidden count (<\(t)) that could be worked out from it (complementary suppression).\n"
                }
                Console.out(s)
            }
        }
    }

    private func collaborationText(_ w: WayIn) -> String {
        guard w.collaborationWeight > 0 else { return "" }
        let kinds = w.collaborationKinds.isEmpty ? "collaboration" : w.collaborationKinds.joined(separator: "+")
        return "\(kinds) \(formatSignificant(w.collaborationWeight))"
    }
}
