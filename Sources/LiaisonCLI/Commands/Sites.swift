import ArgumentParser
import Liaison

struct Sites: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Institutions ranked as sites for a new clinical trial.",
        discussion: """
        For each institution: F, patients referred in by experts of other institutions \
        (patients_in); K, its tier 1-2 experts; T, trials run there (in --condition when \
        given) plus those recruiting there now; R, the team's reach of its coverage targets in \
        the latest quarter with interactions.

          score = 0.35 F/max F + 0.25 K/max K + 0.25 T/max T + 0.15 R

        Trials come from the dataset's trials/ folder (ClinicalTrials.gov JSON); a trial runs at \
        an institution when a site's facility names it or a matched investigator works there. \
        Counts of patients from 1 to N-1 show as <N (--min-cell) and count as 0 in the score.

        Examples:
          liaison sites
          liaison sites --condition myeloma --top 5
          liaison sites path/to/dataset --all --format csv > sites.csv
        """
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(help: "Count only trials whose conditions or title contain this text (case and accents ignored).")
    var condition: String?

    @Option(help: "Use only referrals of this period for the inflow and the tiers.")
    var period: String?

    @Option(parsing: .unconditional, help: "Show the N best sites (default 10 in a table, all in CSV and JSON).")
    var top: Int?

    @Flag(help: "Show every institution.")
    var all = false

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if all && top != nil { throw ValidationError("give either --top or --all, not both") }
        try OptionRange.check(top, "--top", OptionRange.rows)
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            let p = try data.period(period, option: "--period")
            let scores = try KeyExperts.compute(d, period: p, measures: [.influence, .tier])
            // R: the team's reach in the quarter of the last interaction, as coverage's default.
            let window = d.interactions.isEmpty ? nil : try coverageWindow(d, period: nil, asOf: .automatic, data: data)
            let cp = window?.period
            let coverage = try window.map { w in
                try CoverageReport.analyze(d, period: w.period, options: w.applied(to: CoverageOptions(fiscalYearStart: data.fiscalYearStart)))
            }
            let r = TrialSiteRanking.rank(d, scores: scores, coverage: coverage, period: p, condition: condition,
                                          minCell: privacy.minCell)
            let limit = all ? nil : (top ?? (format == .table ? 10 : nil))
            let rows = ScienceViews.siteRows(r, d, minCell: privacy.minCell, limit: limit)
            switch format {
            case .csv: Console.out(rows.csv(forSpreadsheet: Console.excel))
            case .json: Console.out(rows.jsonValue().serialized() + "\n")
            case .table:
                var s = "Trial sites" + (condition.map { " for \"\($0)\"" } ?? "")
                s += " — \(r.trialsCounted) trial\(r.trialsCounted == 1 ? "" : "s") counted"
                if r.trialsUnplaced > 0 { s += " (\(r.trialsUnplaced) at no institution of the dataset)" }
                s += p.map { ", referrals of \($0)" } ?? ", all referral periods"
                s += cp.map { ", reach in \($0.label)" } ?? ""
                s += " (\(rows.rows.count) of \(r.rows.count))\n\n"
                if r.rows.isEmpty {
                    // An empty table under a heading would say nothing: say why there is no site.
                    s += "(none: sites are institutions, and the dataset names none — give institutions.csv, "
                    s += "or an institution column in experts.csv)\n"
                } else {
                    s += rows.table(fitting: Console.width)
                    s += "\nscore = 0.35 F/max F + 0.25 K/max K + 0.25 T/max T + 0.15 R; F = patients_in, "
                    s += "K = key_experts (tier 1-2), T = trials + recruiting, R = reach.\n"
                    s += SmallCell.note(threshold: privacy.minCell) + "\n"
                }
                Console.out(s)
            }
        }
    }
}
