/// What a person reads of a quarter comparison (`liaison compare`, the report's comparison): the
/// measures side by side with changes that add up to the rounded values shown, groups, gained and
/// lost experts, and rising and falling experts with whether the team met them.
public enum ComparisonView {
    /// A measure's value for people: shares as percentages, counts as numbers, `–` when undefined.
    public static func valueText(_ name: String, _ x: Double?) -> String {
        guard let x else { return "–" }
        return CoverageView.cell(name, value: x).tableText(threshold: 0)
    }

    /// A measure's change for people, between the values *as shown*: shares in percentage points
    /// between the rounded percentages (80 % → 78 % is −2 pp), other measures as the difference of
    /// the two numbers shown, with as many decimals as the more precise of them (1.214 → 1.965 is
    /// +0.751, 63 → 19.50 is −43.50) — so the change is what a reader gets by subtracting; `–` when
    /// undefined.
    public static func changeText(_ name: String, _ ch: MeasureChange) -> String {
        if CoverageView.shareMeasures.contains(name) {
            return CoverageView.pointChange(from: ch.from, to: ch.to).map(CoverageView.signedPoints) ?? "–"
        }
        guard let (d, decimals) = shownDelta(ch) else { return "–" }
        let t = fixed(abs(d), decimals: decimals)
        return d > 0 ? "+" + t : (d < 0 ? "−" + t : "0")
    }

    /// The direction of a change as shown (after rounding): 1 up, −1 down, 0 unchanged, `nil` undefined.
    public static func direction(_ name: String, _ ch: MeasureChange) -> Int? {
        if CoverageView.shareMeasures.contains(name) {
            return CoverageView.pointChange(from: ch.from, to: ch.to).map { $0.signum() }
        }
        return shownDelta(ch).map { d, _ in d > 0 ? 1 : (d < 0 ? -1 : 0) }
    }

    /// `to − from` of the two numbers as ``valueText(_:_:)`` shows them (four significant digits),
    /// rounded to the larger of their decimals (0 when it rounds to nothing), and those decimals.
    static func shownDelta(_ ch: MeasureChange) -> (Double, Int)? {
        guard let a = ch.from.flatMap(shown), let b = ch.to.flatMap(shown) else { return nil }
        let decimals = max(a.decimals, b.decimals)
        var p = 1.0
        for _ in 0..<decimals { p *= 10 }
        let d = ((b.value - a.value) * p).rounded() / p
        return (d == 0 ? 0 : d, decimals)
    }

    /// A number read back from its four-significant-digit text, and the decimals of that text.
    private static func shown(_ x: Double) -> (value: Double, decimals: Int)? {
        let t = formatSignificant(x)
        guard let v = Double(t) else { return nil }
        let decimals = t.firstIndex(of: ".").map { t.distance(from: $0, to: t.endIndex) - 1 } ?? 0
        return (v, decimals)
    }

    /// The measures for people: `measure, FROM, TO, change`.
    public static func measureTable(_ c: CoverageComparison) -> TabularOutput {
        var t = TabularOutput(columns: ["measure", c.from.period.label, c.to.period.label, "change"])
        t.numbersByRow = true
        for (n, ch) in c.metrics {
            t.rows.append([.text(n), CoverageView.cell(n, value: ch.from), CoverageView.cell(n, value: ch.to), .text(changeText(n, ch))])
        }
        return t
    }

    /// The measures per group for people: targets, reach, attainment, influence coverage and changes.
    public static func groupTable(_ groups: [(group: String, metrics: [(name: String, change: MeasureChange)])],
                                  by: CoverageGrouping) -> TabularOutput {
        var g = TabularOutput(columns: [by.rawValue, "targets", "reach", "Δ reach", "attainment", "Δ attainment",
                                        "influence cov", "Δ influence cov"])
        for (name, m) in groups {
            func ch(_ k: String) -> MeasureChange { m.first { $0.name == k }?.change ?? MeasureChange(from: nil, to: nil) }
            func pair(_ k: String) -> Cell { .text("\(valueText(k, ch(k).from)) → \(valueText(k, ch(k).to))") }
            g.rows.append([.text(name), pair("targets"), pair("reach"), .text(changeText("reach", ch("reach"))),
                           pair("attainment"), .text(changeText("attainment", ch("attainment"))),
                           pair("influence_coverage"), .text(changeText("influence_coverage", ch("influence_coverage")))])
        }
        return g
    }

    /// CSV rows: `[group,]measure,from,to,delta` (machine values, unrounded).
    public static func csvRows(_ c: CoverageComparison,
                               groups: [(group: String, metrics: [(name: String, change: MeasureChange)])],
                               grouped: Bool) -> TabularOutput {
        var t = TabularOutput(columns: (grouped ? ["group"] : []) + ["measure", "from", "to", "delta"])
        let all = [(grouped ? "(all)" : nil, c.metrics)] + groups.map { (Optional($0.group), $0.metrics) }
        for (g, m) in all {
            for (n, ch) in m {
                t.rows.append((g.map { [Cell.text($0)] } ?? []) + [.text(n), CoverageView.cell(n, value: ch.from),
                                                                   CoverageView.cell(n, value: ch.to),
                                                                   ch.delta.map(Cell.number) ?? .empty])
            }
        }
        return t
    }

    /// Whether the team met a rising or falling expert, in words: `2 in 2026Q3`, `not in 2026Q3`, `never met`.
    public static func metText(_ x: RankChange, to: Period) -> String {
        x.interactionsTo > 0 ? "\(x.interactionsTo) in \(to.label)" : (x.everMet ? "not in \(to.label)" : "never met")
    }

    /// Rising or falling experts for people.
    public static func rankTable(_ c: CoverageComparison, _ xs: [RankChange]) -> TabularOutput {
        let d = c.to.dataset
        var r = TabularOutput(columns: ["id", "name", "institution", "rank", "change", "tier", "met"])
        for x in xs {
            r.rows.append([.text(d.experts[x.expert].id), .text(d.experts[x.expert].name),
                           .text(d.institutionName(ofExpert: x.expert)), .text("\(x.rankFrom) → \(x.rankTo)"),
                           .int(x.change), .int(x.tierTo), .text(metText(x, to: c.to.period))])
        }
        return r
    }

    /// `E001 Anna Peeters, E002 …, … (12 more)`, or `none`.
    public static func names(_ xs: [Int], in d: Dataset, limit: Int = 15) -> String {
        if xs.isEmpty { return "none" }
        let shown = xs.prefix(limit).map { "\(d.experts[$0].id) \(d.experts[$0].name)" }.joined(separator: ", ")
        return xs.count > limit ? shown + ", … (\(xs.count - limit) more)" : shown
    }

    /// `xs` by influence in `r` (highest first, ties by id): the order of gained and lost experts in
    /// `compare` and the report alike — at national scale the first shown are then the ones that
    /// matter, not the lowest ids.
    public static func byInfluence(_ xs: [Int], in r: CoverageReport) -> [Int] {
        let e = r.experts, d = r.dataset
        func influence(_ v: Int) -> Double { e.indices.contains(v) ? e[v].influence : 0 }
        return xs.sorted { a, b in
            influence(a) != influence(b) ? influence(a) > influence(b) : d.experts[a].id < d.experts[b].id
        }
    }

    /// The pacing of both periods in one sentence, or `nil` when both are judged in full.
    public static func pacingSentence(_ c: CoverageComparison, window: CoverageWindow?) -> String? {
        guard let a = c.to.options.asOf else { return nil }
        var s = "As of \(a)"
        if window?.asOfSource == .lastInteraction { s += " (the last interaction in the data; --as-of none judges in full)" }
        s += ": \(fixed(100 * c.to.elapsedFraction, decimals: 0)) % of \(c.to.period.label) elapsed"
        if c.from.elapsedFraction < 1 {
            return s + "; \(c.from.period.label) is counted to the same point (\(c.from.referenceDay), "
                + "\(fixed(100 * c.from.elapsedFraction, decimals: 0)) %), so the changes compare like with like; "
                + "expectations are paced to those shares."
        }
        return s + "; expectations are paced to that share."
    }

    /// The whole comparison for people.
    public static func text(_ c: CoverageComparison,
                            groups: [(group: String, metrics: [(name: String, change: MeasureChange)])],
                            by: CoverageGrouping?, window: CoverageWindow?, width: Int? = nil) -> String {
        let d = c.to.dataset
        func source(_ r: CoverageReport) -> String { r.targets.source == .plan ? "plan" : "tiers 1-2" }
        var s = "Coverage \(c.from.period.label) → \(c.to.period.label) — targets: \(source(c.from)) → \(source(c.to))\n"
        if let f = c.to.options.filterLine { s += f + "\n" }
        if let p = pacingSentence(c, window: window) { s += p + "\n" }
        s += "\n" + measureTable(c).table(fitting: width)
        s += "\nGained (\(c.gained.count), most influential first): " + names(byInfluence(c.gained, in: c.to), in: d) + "\n"
        s += "Lost (\(c.lost.count), most influential first): " + names(byInfluence(c.lost, in: c.to), in: d) + "\n"
        if let by, !groups.isEmpty { s += "\nBy \(by.rawValue):\n" + groupTable(groups, by: by).table(fitting: width) }
        for (title, xs) in [("Rising experts (influence rank)", c.rising), ("Falling experts (influence rank)", c.falling)] where !xs.isEmpty {
            s += "\n\(title), \(c.from.period.label) → \(c.to.period.label):\n" + rankTable(c, xs).table(fitting: width)
        }
        if c.rising.isEmpty && c.falling.isEmpty {
            s += "\nNo rank changes: referrals carry no periods, or one of the periods has none.\n"
        }
        return s
    }
}
