/// One under-visited key expert as shown: the gap, and its way-in tie's patient count after
/// small-cell and complementary suppression.
public struct GapRow: Sendable {
    /// The gap.
    public var gap: CoverageGap
    /// Patients referred between the expert and the way in, both directions summed: `.int`,
    /// `.suppressed` (1…t − 1), `.withheld` (either direction alone is 1…t − 1), or `.empty` (no way in).
    public var wayInPatients: Cell
    /// Flags in words: `never visited`, `stale`, `off plan`.
    public var flags: [String]
}

/// The rows of `liaison gaps` and of the report's under-visited table: the one place that decides
/// which gaps show, in which order, and what of the way-in tie may be shown.
///
/// **The way-in rule.** `way_in_patients` adds both directions of the tie. Each direction can be worked
/// out from it and the experts' in- and out-strengths (shown by `rank`), so it is withheld (`*`; JSON
/// `null`) when either direction alone is a small count — and shown as `<t` when the sum itself is.
public struct GapView: Sendable {
    /// Every gap, most important first (as ``CoverageGaps/find(_:staleDays:includeOffPlan:)``).
    public var gaps: [CoverageGap]
    /// The rows shown (the first `limit` gaps).
    public var rows: [GapRow]
    /// The small-cell threshold.
    public var threshold: Int
    /// The dataset, for names.
    public let dataset: Dataset

    /// CSV and JSON columns.
    public static let columns = ["id", "name", "institution", "tier", "influence", "expected", "actual", "shortfall",
                                 "last_interaction", "days_since", "gap_score", "never_visited", "stale", "off_plan",
                                 "liaison", "way_in_id", "way_in_name", "way_in_patients", "way_in_collaboration"]

    /// The view of `gaps` of `dataset`: the first `limit` (all when `nil`) as rows.
    public init(_ gaps: [CoverageGap], dataset d: Dataset, limit: Int?, threshold t: Int) {
        self.gaps = gaps
        dataset = d
        threshold = t
        let shown = Array(gaps.prefix(limit ?? gaps.count))
        var directional: [PairKey: Int] = [:]
        let wanted = Set(shown.compactMap { g in g.wayIn.map { [PairKey(g.expert, $0.expert), PairKey($0.expert, g.expert)] } }.flatMap { $0 })
        if !wanted.isEmpty {
            for x in d.links(in: nil) where wanted.contains(PairKey(x.source, x.target)) {
                directional[PairKey(x.source, x.target), default: 0] += x.patients
            }
        }
        rows = shown.map { g in
            var cell = Cell.empty
            if let w = g.wayIn {
                if SmallCell.hides(Double(w.patients), threshold: t) {
                    cell = .suppressed
                } else if SmallCell.hides(Double(directional[PairKey(g.expert, w.expert)] ?? 0), threshold: t)
                            || SmallCell.hides(Double(directional[PairKey(w.expert, g.expert)] ?? 0), threshold: t) {
                    cell = .withheld
                } else {
                    cell = .int(w.patients)
                }
            }
            var flags: [String] = []
            if g.neverVisited { flags.append("never visited") }
            if g.stale { flags.append("stale") }
            if g.offPlan { flags.append("off plan") }
            return GapRow(gap: g, wayInPatients: cell, flags: flags)
        }
    }

    /// The rows with ``columns``, for CSV and JSON.
    public var dataTable: TabularOutput {
        let d = dataset
        var out = TabularOutput(columns: GapView.columns, threshold: threshold)
        for row in rows {
            let g = row.gap, e = d.experts[g.expert], w = g.wayIn
            out.rows.append([
                .text(e.id), .text(e.name), .text(d.institutionName(ofExpert: g.expert)), .int(g.tier),
                .number(g.influence), .number(g.expected), .int(g.actual), .number(g.shortfall),
                g.lastInteraction.map { .text($0.description) } ?? .empty, g.daysSince.map(Cell.int) ?? .empty,
                .number(g.gapScore), .flag(g.neverVisited), .flag(g.stale), .flag(g.offPlan),
                .text(g.owner), w.map { .text(d.experts[$0.expert].id) } ?? .empty,
                w.map { .text(d.experts[$0.expert].name) } ?? .empty,
                row.wayInPatients, w.map { .text(GapView.collaborationText($0)) } ?? .empty,
            ])
        }
        return out
    }

    /// The rows for people: rank, expert, tier, interactions against the expectation, last seen,
    /// flags and the way in in words.
    ///
    /// In a narrow terminal the table keeps who (id, name), the shortfall (`actual`: `0 of 2.22`),
    /// when they were last seen and the flags — at 80 columns exactly these — and leaves out first
    /// the way in, the institution, influence, the score and the rank, all of which `--wide` shows.
    public var peopleTable: TabularOutput {
        let d = dataset
        var t = TabularOutput(columns: ["#", "id", "name", "institution", "tier", "influence", "actual",
                                        "last seen", "gap_score", "flags", "way in"], threshold: threshold)
        t.dropOrder = ["way in", "institution", "influence", "gap_score", "#", "tier"]
        for (k, row) in rows.enumerated() {
            let g = row.gap, e = d.experts[g.expert]
            t.rows.append([.int(k + 1), .text(e.id), .text(e.name), .text(d.institutionName(ofExpert: g.expert)),
                           .int(g.tier), .number(g.influence), .text(GapView.actualText(g)),
                           .text(lastSeenText(g)), .number(g.gapScore), .text(row.flags.joined(separator: ", ")),
                           .text(wayInText(row))])
        }
        return t
    }

    /// Interactions in the period against those expected by now: `0 of 2.22`, `1 of 3` (the report's
    /// wording without the noun).
    public static func actualText(_ g: CoverageGap) -> String {
        "\(g.actual) of \(formatShort(g.expected))"
    }

    /// `2026-10-02 (49 d)` or `never`.
    public func lastSeenText(_ g: CoverageGap) -> String {
        g.lastInteraction.map { "\($0) (\(g.daysSince ?? 0) d)" } ?? "never"
    }

    /// The way-in tie in words, without the colleague: `12 pts; co-author 2`, `<11 pts`, `* pts`.
    public func tieText(_ row: GapRow) -> String {
        guard let w = row.gap.wayIn else { return "" }
        var ties: [String] = []
        if w.patients > 0 { ties.append(row.wayInPatients.csvText(threshold: threshold) + " pts") }
        if w.collaborationWeight > 0 { ties.append(GapView.collaborationText(w)) }
        return ties.joined(separator: "; ")
    }

    /// The way in in words: `E085 Julie Simon (12 pts; co-author 2)`, or empty.
    public func wayInText(_ row: GapRow) -> String {
        guard let w = row.gap.wayIn else { return "" }
        let tie = tieText(row)
        return "\(dataset.experts[w.expert].id) \(dataset.experts[w.expert].name)" + (tie.isEmpty ? "" : " (\(tie))")
    }

    /// One line counting the gaps by kind.
    public func countsSentence(staleDays: Int, offPlanShown: Bool) -> String {
        let never = gaps.filter(\.neverVisited).count, stale = gaps.filter(\.stale).count
        var s = "\(plural(gaps.count, "gap")) (\(never) never visited, \(stale) not seen for \(staleDays)+ days"
        if offPlanShown { s += ", \(plural(gaps.filter(\.offPlan).count, "key expert")) off the plan" }
        return s + "); showing \(rows.count), largest gap score first (influence × shortfall ÷ expected)."
    }

    /// Notes under the table: what `<t` and `*` mean here.
    public var notes: [String] {
        var n = [SmallCell.note(threshold: threshold)]
        if rows.contains(where: { $0.wayInPatients == .withheld }) {
            n.append("* pts: withheld, as one direction of the tie has a hidden count (<\(threshold)) that could be worked out from it (complementary suppression).")
        }
        return n
    }

    /// `co-author+advisory board 2`, or empty without a collaboration.
    public static func collaborationText(_ w: WayIn) -> String {
        guard w.collaborationWeight > 0 else { return "" }
        let kinds = w.collaborationKinds.isEmpty ? "collaboration" : w.collaborationKinds.joined(separator: "+")
        return "\(kinds) \(formatSignificant(w.collaborationWeight))"
    }
}

/// An ordered pair of expert indices, as a dictionary key.
struct PairKey: Hashable {
    let a: Int32, b: Int32
    init(_ a: Int, _ b: Int) {
        self.a = Int32(truncatingIfNeeded: a)
        self.b = Int32(truncatingIfNeeded: b)
    }
}
