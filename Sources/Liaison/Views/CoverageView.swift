/// What a person reads of a coverage analysis (`liaison coverage`, the report's headline and group
/// tables): the headline sentences, the measures as cells (shares as percentages), the groups, and
/// changes in percentage points that add up to the rounded percentages shown.
public enum CoverageView {
    /// The measures that are shares of 0…1, shown as percentages.
    public static let shareMeasures: Set<String> = ["reach", "attainment", "influence_coverage"]

    /// The change of a share as shown: whole percentage points between the *rounded* percentages, so
    /// 80 % → 78 % is −2 pp whatever the unrounded values (`nil` when either is undefined).
    public static func pointChange(from a: Double?, to b: Double?) -> Int? {
        guard let a, let b, a.isFinite, b.isFinite else { return nil }
        return Int((100 * b).rounded(.toNearestOrAwayFromZero)) - Int((100 * a).rounded(.toNearestOrAwayFromZero))
    }

    /// `+5 pp`, `−3 pp`, `0 pp`.
    public static func signedPoints(_ x: Int) -> String {
        x > 0 ? "+\(x) pp" : (x < 0 ? "−\(-x) pp" : "0 pp")
    }

    /// A measure's cell: shares as ``Cell/share(_:)``, counts as whole numbers, undefined as empty.
    public static func cell(_ name: String, _ m: CoverageMeasures) -> Cell {
        cell(name, value: m.value(name))
    }

    /// A measure value's cell by the measure's name.
    public static func cell(_ name: String, value: Double?) -> Cell {
        guard let x = value else { return .empty }
        if shareMeasures.contains(name) { return .share(x) }
        if ["targets", "reached", "interactions", "never_seen", "below_expectation"].contains(name) { return .int(Int(x)) }
        return .number(x)
    }

    /// The head of a coverage output: period and dates, where the targets come from, the influence
    /// basis, filters, and the pacing.
    public static func headline(_ r: CoverageReport, window: CoverageWindow?, filters: String?) -> String {
        let p = r.period
        var s = "\(p.label) (\(p.start) to \(p.end))"
        switch r.targets.source {
        case .plan: s += " — targets: the call plan (\(r.targetExperts.count) experts)"
        case .tiers:
            let scale = CoveragePeriod.quarterScale(of: p)
            s += " — targets: tier 1 and 2 experts (\(r.targetExperts.count); no plan rows for the period), expecting "
                + "\(formatSignificant(r.options.expectTier1 * scale))/\(formatSignificant(r.options.expectTier2 * scale))"
        }
        s += "\nInfluence and tiers: referrals of \(r.targets.influencePeriod?.label ?? "all periods")\n"
        if let f = filters { s += f + "\n" }
        if let sentence = window?.pacingSentence(elapsedFraction: r.elapsedFraction) {
            s += sentence + "\n"
        } else if let a = r.options.asOf {
            s += "As of \(a): \(fixed(100 * r.elapsedFraction, decimals: 0)) % of the period elapsed; expectations are paced to that share.\n"
        }
        return s
    }

    /// One sentence with the headline figures.
    public static func summarySentence(_ m: CoverageMeasures) -> String {
        "Reached \(m.reached) of \(m.targets) targets (\(percentText(m.reach))), "
            + plural(m.interactions, "interaction") + "; attainment \(percentText(m.attainment)), "
            + "influence coverage \(percentText(m.influenceCoverage))."
    }

    /// The channel mix for people — `in-person 54 %, virtual 25 %, phone 21 %` — in whole percentages
    /// that add up to 100: each share rounded on its own can add up to 99 or 101 %, so the points are
    /// apportioned by largest remainders (Hamilton's method; ties to the channel listed first). A
    /// channel with interactions whose share comes to 0 reads `<1 %`. `nil` without interactions.
    public static func channelMixText(_ m: CoverageMeasures) -> String? {
        // Every counted interaction has one channel: the counts add up to `interactions`.
        guard m.interactions > 0 else { return nil }
        let points = wholePercentages(m.channelCounts.map(\.count))
        return zip(m.channelCounts, points).map { c, p in
            "\(c.channel) " + (p == 0 && c.count > 0 ? "<1 %" : "\(p) %")
        }.joined(separator: ", ")
    }

    /// `counts` as whole percentages of their sum that add up to exactly 100 (largest remainders,
    /// ties to the earlier count); all zeros when the sum is 0.
    ///
    /// - Complexity: O(k log k) for k counts.
    static func wholePercentages(_ counts: [Int]) -> [Int] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        var points = counts.map { 100 * $0 / total }
        let left = 100 - points.reduce(0, +)
        let byRemainder = counts.indices.sorted { a, b in
            let ra = 100 * counts[a] % total, rb = 100 * counts[b] % total
            return ra != rb ? ra > rb : a < b
        }
        for i in byRemainder.prefix(left) { points[i] += 1 }
        return points
    }

    /// A share as a whole percentage, `–` when undefined.
    public static func percentText(_ x: Double?) -> String { x.map(formatPercent) ?? "–" }

    /// The measures as `measure, value` rows.
    public static func measureRows(_ m: CoverageMeasures) -> TabularOutput {
        var t = TabularOutput(columns: ["measure", "value"], rows: CoverageMeasures.names.map { [.text($0), cell($0, m)] })
        t.numbersByRow = true
        return t
    }

    /// Groups for people: one row per group plus `all`.
    public static func groupTable(_ r: CoverageReport, by: CoverageGrouping) -> TabularOutput {
        var t = TabularOutput(columns: [by.rawValue, "targets", "reached", "reach", "interactions", "frequency",
                                        "attainment", "influence cov", "median days", "never seen", "below exp."])
        t.dropOrder = ["below exp.", "never seen", "median days", "frequency", "interactions"]
        for (g, x) in r.groups(by: by) + [(group: "all", measures: r.totals)] {
            t.rows.append([.text(g), .int(x.targets), .int(x.reached), cell("reach", x), .int(x.interactions),
                           x.frequency.map(Cell.number) ?? .empty, cell("attainment", x), cell("influence_coverage", x),
                           x.medianDaysSince.map(Cell.number) ?? .empty, .int(x.neverSeen), .int(x.belowExpectation)])
        }
        return t
    }

    /// CSV rows: `quarter[,group],<measures>,channel_mix`, one per group (or one for the totals).
    public static func csvRows(_ r: CoverageReport, by: CoverageGrouping?) -> TabularOutput {
        let lead = by == nil ? ["quarter"] : ["quarter", "group"]
        var t = TabularOutput(columns: lead + CoverageMeasures.names + ["channel_mix"])
        let rows: [(String?, CoverageMeasures)] = by.map { g in r.groups(by: g).map { ($0.group, $0.measures) } } ?? [(nil, r.totals)]
        for (g, m) in rows {
            t.rows.append([.text(r.period.label)] + (g.map { [Cell.text($0)] } ?? [])
                          + CoverageMeasures.names.map { cell($0, m) } + [.text(m.channelMixText)])
        }
        return t
    }

    /// Notes under a coverage table: interactions with non-targets, key experts off the plan.
    public static func notes(_ r: CoverageReport) -> [String] {
        var notes: [String] = []
        let other = r.nonTargetInteractions
        if other > 0 { notes.append("\(plural(other, "counted interaction")) \(other == 1 ? "was" : "were") with experts who are not targets.") }
        let off = r.experts.filter(\.isOffPlanKeyExpert).count
        if off > 0 { notes.append("\(plural(off, "tier 1-2 expert")) \(off == 1 ? "is" : "are") not on the plan (see liaison gaps).") }
        return notes
    }
}

/// `1 interaction`, `23 interactions`; `1 opportunity`, `2 opportunities`.
public func plural(_ n: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
    n == 1 ? "1 \(singular)" : "\(n) \(pluralForm ?? pluralNoun(singular))"
}

/// The plural of an English noun as Liaison's words need it: `opportunity` → `opportunities`,
/// `loyalist` → `loyalists`, `community` → `communities`.
public func pluralNoun(_ singular: String) -> String {
    if singular.hasSuffix("y"), let last = singular.dropLast().last, !"aeiou".contains(last) {
        return singular.dropLast() + "ies"
    }
    return singular + "s"
}
