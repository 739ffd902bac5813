/// `rank`'s scientific columns (``ScientificStanding``): which are shown by default, their cells, and
/// the footer line on influence's scientific share.
public enum ScienceRankColumns {
    /// Columns added to the defaults when the dataset has publications or trials: a few for the
    /// table, all for CSV and JSON. None without them, so such output is unchanged.
    public static func defaultColumns(_ d: Dataset, table: Bool) -> [String] {
        guard !d.science.isEmpty else { return [] }
        return table ? ["publications", "trials", "scientific"] : ScientificStanding.columns
    }

    /// The cell of a scientific column (`nil` for any other column; empty without a scientific layer).
    public static func cell(_ column: String, expert v: Int, scores s: ExpertScores) -> Cell? {
        guard ScientificStanding.columns.contains(column) else { return nil }
        guard let sc = s.science, v < sc.scientific.count else { return .empty }
        if column == "scientific" { return .number(sc.scientific[v]) }
        return sc.counts(column).map { .int($0[v]) } ?? .empty
    }

    /// The footer sentence on influence's scientific share, when influence includes one.
    public static func footer(_ d: Dataset, scores s: ExpertScores) -> [String] {
        guard (s.science?.scientific.max() ?? 0) > 0, !s.influence.isEmpty else { return [] }
        let share = d.science.influenceShare
        guard share > 0 else { return ["Influence leaves out publications and trials (--science-weight 0)."] }
        return ["Influence includes a \(formatSignificant(share * 100, digits: 3)) % scientific share: "
                + "publications and trials of publications/ and trials/ (--science-weight)."]
    }
}
