/// Patient figures a map shows: the totals in node tooltips beside the counts on the links.
public enum MapFigures {
    /// Each expert's patients received, as a map may show it in a tooltip beside its incoming links
    /// (each link's count shown, or `<t` when small): `.suppressed` when the total is itself small,
    /// `.withheld` when the total minus the shown links would give away a hidden link
    /// (``SmallCell/totalExposesParts(_:threshold:)``), else `.number`. All incoming links count as
    /// shown, since one report or a second map may draw any of them.
    ///
    /// - Complexity: O(n + m).
    public static func patientsReceived(_ g: Digraph, threshold t: Int) -> [Cell] {
        (0..<g.nodeCount).map { v in
            let parts = Array(g.inWeights[g.inOffsets[v]..<g.inOffsets[v + 1]])
            let total = parts.reduce(0, +)
            if SmallCell.hides(total, threshold: t) { return .suppressed }
            if SmallCell.totalExposesParts(parts, threshold: t) { return .withheld }
            return .number(total)
        }
    }

    /// A figure for a tooltip: `<11`, `withheld`, or the whole number.
    public static func tooltipText(_ c: Cell, threshold t: Int) -> String {
        switch c {
        case .withheld: return "withheld"
        case .number(let x): return formatSignificant(x.rounded())
        default: return c.csvText(threshold: t)
        }
    }
}
