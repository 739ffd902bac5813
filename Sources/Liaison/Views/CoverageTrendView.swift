/// The rows of `liaison coverage --by quarter` and of the report's trend section: every quarter's
/// headline measures for the team (group `(all)`) and for each liaison's book, the paced quarter
/// marked as such.
public enum CoverageTrendView {
    /// Columns of the rows.
    public static let columns = ["quarter", "group", "period_start", "period_end", "as_of", "paced", "targets",
                                 "reached", "reach", "interactions", "expected", "attainment", "influence_coverage"]

    /// The measures shown as trend lines.
    public static let lineMeasures = ["reach", "attainment", "influence_coverage"]

    /// The team's rows, then each liaison's (quarters oldest first).
    public static func table(_ trend: CoverageTrend) -> TabularOutput {
        var t = TabularOutput(columns: columns)
        func rows(_ group: String, _ measures: [CoverageMeasures?]) {
            for (q, m) in zip(trend.quarters, measures) {
                guard let m else { continue }
                let r = q.report
                t.rows.append([.text(q.period.label), .text(group), .text(q.period.start.description),
                               .text(q.period.end.description), q.paced ? .text(r.referenceDay.description) : .empty,
                               .flag(q.paced)]
                              + ["targets", "reached", "reach", "interactions", "expected", "attainment", "influence_coverage"]
                                .map { CoverageView.cell($0, m) })
            }
        }
        rows("(all)", trend.quarters.map { Optional($0.report.totals) })
        for l in trend.liaisons { rows(l, trend.measures(ofLiaison: l)) }
        return t
    }

    /// The team's quarters for people: one row per quarter, shares as percentages, the paced one said.
    public static func peopleTable(_ trend: CoverageTrend) -> TabularOutput {
        var t = TabularOutput(columns: ["quarter", "targets", "reached", "reach", "attainment", "influence cov", "interactions", "note"])
        for q in trend.quarters {
            let m = q.report.totals
            t.rows.append([.text(q.period.label), .int(m.targets), .int(m.reached), CoverageView.cell("reach", m),
                           CoverageView.cell("attainment", m), CoverageView.cell("influence_coverage", m),
                           .int(m.interactions), .text(q.paced ? "paced to \(q.report.referenceDay)" : "")])
        }
        return t
    }
}
