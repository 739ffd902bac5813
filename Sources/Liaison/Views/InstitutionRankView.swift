/// The rows of `liaison rank --level institution`: institutions on the referral network collapsed to
/// institutions (``InstitutionRanking``), with their key experts and the team's coverage.
///
/// **Privacy.** `in_strength`, `out_strength` and `internal_patients` are patient counts (1…(t − 1)
/// show as `<t`). An institution's in-strength plus its internal patients is the sum of its experts'
/// in-strengths (shown by `rank`), so when `internal_patients` is hidden its strengths are withheld
/// (`*`) lest it be worked out by subtraction; and, as for experts, a degree is withheld beside a
/// hidden strength it bounds.
public enum InstitutionRankView {
    /// The measures institutions can be sorted by.
    public static let metrics: [RankMetric] = [.influence, .pagerank, .betweenness, .closeness, .inStrength]

    /// Every column.
    public static let allColumns = ["rank", "id", "name", "city", "region", "experts", "tier1_experts",
                                    "in_degree", "out_degree", "in_strength", "out_strength", "internal_patients",
                                    "pagerank", "betweenness", "closeness", "influence", "tier", "key_experts",
                                    "targets", "reached", "reach"]
    /// Default table columns.
    public static let defaultTableColumns = ["rank", "id", "name", "experts", "tier1_experts", "in_strength",
                                             "internal_patients", "pagerank", "betweenness", "influence", "tier",
                                             "key_experts", "reach"]

    /// Names in `columns` that are not columns.
    public static func unknownColumns(_ columns: [String]) -> [String] {
        columns.filter { !allColumns.contains($0) }
    }

    /// The rows, sorted by `metric` (highest first, ties by institution id), the first `limit` (all
    /// when `nil`). `keyExpertsByName` writes key experts by name (for people) instead of by id.
    public static func rows(_ r: InstitutionRanking, dataset d: Dataset, columns: [String], metric: RankMetric,
                            limit: Int?, threshold t: Int, keyExpertsByName: Bool) -> RankRows {
        let s = r.scores
        let key = metric.values(s)
        let nodes = r.network.nodes
        let order = nodes.indices.sorted { a, b in key[a] != key[b] ? key[a] > key[b] : nodes[a].key < nodes[b].key }
        let shown = min(limit ?? order.count, order.count)
        var out = TabularOutput(columns: columns, threshold: t)
        out.dropOrder = ["city", "region", "out_degree", "in_degree", "betweenness", "closeness", "pagerank", "tier1_experts",
                         "targets", "reached", "key_experts", "internal_patients"]
        var internalWithheld = false
        for (rank, k) in order.prefix(shown).enumerated() {
            let node = nodes[k], row = r.institutions[k]
            let internalHidden = SmallCell.hides(r.network.internalPatients[k], threshold: t)
            func strength(_ x: Double) -> Cell {
                if SmallCell.hides(x, threshold: t) { return .suppressed }
                if internalHidden { internalWithheld = true; return .withheld }
                return .number(x)
            }
            out.rows.append(columns.map { c -> Cell in
                switch c {
                case "rank": return .int(rank + 1)
                case "id": return .text(node.key)
                case "name": return .text(node.name)
                case "city": return .text(node.city)
                case "region": return .text(node.region)
                case "experts": return .int(row.experts)
                case "tier1_experts": return .int(row.tier1Experts)
                case "in_degree": return ExpertRankView.degreeCell(s.inDegree[k], bounding: s.inStrength[k], threshold: t)
                case "out_degree": return ExpertRankView.degreeCell(s.outDegree[k], bounding: s.outStrength[k], threshold: t)
                case "in_strength": return strength(s.inStrength[k])
                case "out_strength": return strength(s.outStrength[k])
                case "internal_patients": return SmallCell.cell(r.network.internalPatients[k], threshold: t)
                case "pagerank": return .number(s.pagerank[k])
                case "betweenness": return .number(s.betweenness[k])
                case "closeness": return .number(s.closeness[k])
                case "influence": return .number(s.influence[k])
                case "tier": return .int(s.tier[k])
                case "key_experts":
                    return .text(row.keyExperts.map { keyExpertsByName ? d.experts[$0].name : d.experts[$0].id }
                        .joined(separator: "; "))
                case "targets": return row.targets.map { .int($0) } ?? .empty
                case "reached": return row.reached.map { .int($0) } ?? .empty
                case "reach": return row.reach.map { .share($0) } ?? .empty
                default: return .empty
                }
            })
        }
        var notes: [String] = []
        if columns.contains(where: { $0.hasSuffix("_strength") || $0 == "internal_patients" }) {
            notes.append(SmallCell.note(threshold: t))
            if internalWithheld && columns.contains(where: { $0.hasSuffix("_strength") }) {
                notes.append("*: withheld because internal_patients is hidden and could be worked out from it (complementary suppression).")
            } else if out.rows.contains(where: { $0.contains(.withheld) }) {
                notes.append("*: a degree is withheld where the patient count it bounds is hidden.")
            }
        }
        return RankRows(table: out, shown: shown, total: order.count, notes: notes)
    }
}
