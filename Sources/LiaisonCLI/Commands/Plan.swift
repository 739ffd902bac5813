import ArgumentParser
import Foundation
import Liaison

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Suggest next quarter's call plan within each liaison's capacity.",
        discussion: """
        Each liaison plans within their book (the experts they own, as for coverage --liaison). The plan \
        maximises the influence-weighted attainment of the key experts,
          Σ influence × min(visits, expected) / expected,
        expected = 3 for tier 1 and 2 for tier 2, subject to each liaison's capacity. The objective is \
        separable and concave, so giving each visit to the largest influence / expected left is \
        optimal. Two extra terms, weighted λ = 0.05 and halved until they make at most 10 % of the \
        objective, favour the colleague who is the way in to a key expert never met, and rising experts \
        not met this quarter. Influence comes from the latest four quarters of referrals.

        Capacity (visits a quarter): --capacity N for everyone; else liaisons.csv (--liaisons FILE, or \
        the dataset folder's); else the visits their book had in the latest plan.csv quarter; else \
        the interactions they logged in the last complete quarter. Default quarter: the one after \
        the latest interaction. --keep-plan keeps plan.csv rows inside the quarter as commitments.

        --out FILE writes the rows as a plan.csv: expert, period and planned, then liaison, influence, \
        tier and reason. It loads as a dataset's plan.csv as it is.

        Examples:
          liaison plan
          liaison plan --capacity 40 --out plan.csv
          liaison plan my-team/ --quarter 2027Q1 --keep-plan --format json
        """
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var capacityOptions: CapacityOptions
    @OptionGroup var calendar: PlanningCalendarOptions

    @Option(name: [.customLong("quarter"), .customLong("period")],
            help: ArgumentHelp("Quarter to plan (default: the one after the latest interaction).", valueName: "quarter"))
    var quarter: String?

    @Flag(name: .customLong("keep-plan"), help: "Keep the quarter's rows of plan.csv as commitments; fill the rest.")
    var keepPlan = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the plan rows to this CSV file.", valueName: "plan.csv"))
    var out: String?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        try LiaisonCommand.guarded {
            // The suggested plan may replace the dataset's own plan.csv (the README's way to adopt it):
            // that file was read whole before, and is replaced atomically. Any other input is refused.
            try data.refuseOverwritingInputs(out, extra: [capacityOptions.liaisons], allowed: ["plan.csv"])
            let d = try data.load()
            let co = calendar.coverageOptions(data)
            let q = try Planning.quarter(quarter, d, fiscalYearStart: co.fiscalYearStart)
            let liaisons = try Planning.liaisons(data, file: capacityOptions.liaisons, dataset: d)
            let plan = try Planning.suggest(d, quarter: q, coverage: co, capacity: capacityOptions.capacity,
                                            liaisons: liaisons, keepPlan: keepPlan)
            let view = PlanView(plan)
            if let out {
                try writeOutput(Array(view.csv.csv().utf8), to: out,
                                standardOutput: .refused("the table goes there; use --format csv for the rows on standard output"))
            }
            switch format {
            case .csv: Console.out(view.csv.csv(forSpreadsheet: Console.excel))
            case .json: Console.out(view.json.serialized() + "\n")
            case .table: Console.out(Plan.table(view))
            }
            if !data.quiet {
                if let out { Console.warn("wrote \(out) (\(view.rows.count) rows, \(plan.rows.reduce(0) { $0 + $1.planned }) visits)") }
                for name in plan.liaisonsWithoutBook { Console.warn("note: liaison \(UserText.quoted(name)) in liaisons.csv owns no expert") }
            }
        }
    }

    static func share(_ x: Double?) -> Cell { x.map(Cell.share) ?? .empty }

    static func table(_ v: PlanView) -> String {
        let p = v.plan, s = p.setup, o = p.objective
        var text = "Call plan \(s.quarter.label) (\(s.quarter.start) to \(s.quarter.end)), made on \(s.referenceDay)\n"
        text += "Influence and tiers: \(v.influenceBasis)\n"
        text += "Objective: attainment \(formatSignificant(o.main)) + extras \(formatSignificant(o.extra)) "
            + "(\(fixed(100 * p.extraShare, decimals: 1)) % of the total; λ = \(p.extraWeight))\n\n"
        var t = TabularOutput(columns: ["liaison", "capacity", "planned", "left", "key experts", "influence cov.",
                                        "attainment", "last: infl. cov.", "last: attain."])
        for l in p.liaisons + [v.team] {
            t.rows.append([.text(l.liaison), .int(l.capacity), .int(l.planned), .int(l.capacityLeft),
                           .text("\(l.keyExpertsPlanned) of \(l.keyExperts)"), share(l.expectedInfluenceCoverage),
                           share(l.expectedAttainment), share(l.lastInfluenceCoverage), share(l.lastAttainment)])
        }
        text += t.table(fitting: Console.width) + "\n"
        text += "Expected figures if the plan is carried out; last: \(v.lastQuarterLabel), each liaison's own interactions.\n"
        text += "Capacity from: " + p.liaisons.map { l in
            "\(l.liaison): " + (l.capacitySource == "none" ? "none (no liaisons.csv row or plan rows; --capacity sets one)" : l.capacitySource)
        }.joined(separator: "; ") + ".\n"
        if !p.unownedKeyExperts.isEmpty {
            let n = p.unownedKeyExperts.count
            text += "\(plural(n, "key expert")) \(n == 1 ? "has" : "have") no liaison and cannot be planned; the team row "
                + "counts \(n == 1 ? "it" : "them") among its \(v.team.keyExperts) key experts and in its coverage.\n"
        }
        text += "\n"
        var r = TabularOutput(columns: ["liaison", "id", "name", "institution", "tier", "influence", "planned", "reason"])
        for x in v.rows {
            r.rows.append([.text(x.liaison), .text(x.id), .text(x.name), .text(x.institution), .int(x.tier),
                           .number(x.influence), .int(x.planned), .text(x.reason)])
        }
        text += r.table(maxWidth: 100, fitting: Console.width)
        return text
    }
}
