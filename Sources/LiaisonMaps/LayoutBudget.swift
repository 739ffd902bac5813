import Foundation

/// What a Graphviz layout costs, from the engine and the number of experts drawn, and the largest map
/// each engine draws without `--force`.
///
/// Graphviz's layouts are superlinear and cannot be interrupted: `render --all` of 30 000 experts ran
/// for minutes with sfdp and never finished with neato (4 GB). So the size is checked before the layout
/// starts: above ``limit(for:)`` the map is refused (unless forced), and an estimate above
/// ``warnSeconds`` is said on stderr first.
///
/// ## Measurements (how the limits were chosen)
///
/// `liaison render DATASET --all --layout ENGINE --out m.svg -q` (debug build, whole process: load,
/// measures, layout, SVG), on 3 December 2026 on this project's 2-core machine shared with three other
/// agents' builds (load average 5–7 during the runs, so times are about 2–3× an idle machine's), on
/// `liaison synth --experts N` networks — dense random referral networks, links thinned to 2.5 per
/// expert as on every map — and on the demo (300 experts, structured like real referrals):
///
/// | engine | experts: seconds |
/// |---|---|
/// | sfdp  | demo 300: 0.95; 1 000: 2.6; 3 000: 27; 10 000: 586 |
/// | fdp   | 1 000: 3.3; 3 000: 29; 10 000: 564 |
/// | neato | demo 300: 1.2; 1 000: 7.2; 2 000: 22; 3 000: 121 |
/// | twopi | demo 300: 0.9; 1 000: 4.0; 3 000: 12–20; 10 000: 211 |
/// | dot   | demo top 150: 1.2; demo 300: 47; 100: 30; 200: 345; 500 and 1 000: stopped after 600 and 300 |
/// | circo | demo top 150: 17; 100: 193; 200: 280; 500 and 1 000: stopped after 600 and 300 |
///
/// Each limit is the largest round size whose measured (or, between two measurements, interpolated)
/// time stays near two minutes here, except dot and circo, whose limits keep the demo's maps (dot: all
/// 300 experts in 47 s; circo: the default 150 in 17 s) — structured networks lay out far faster with
/// them than random ones, which take minutes at 100. The estimate for the note fits t = t₀ · (n / n₀)ᵖ
/// through the two largest measurements of each engine; it gives the order of magnitude, not the
/// second, and grows with links too (`--min-link 0` draws every link).
public enum LayoutBudget {
    /// Estimated seconds above which a note is printed before the layout starts.
    public static let warnSeconds = 30.0

    /// (limit, the measurement behind it, n₀, t₀, p) per engine, from the table above.
    static func model(_ layout: MapLayout) -> (limit: Int, evidence: String, n0: Double, t0: Double, p: Double) {
        switch layout {
        case .sfdp: return (5_000, "sfdp took 27 s for 3 000 experts and 10 minutes for 10 000", 3_000, 27, 2.56)
        case .fdp: return (5_000, "fdp took 29 s for 3 000 experts and 9 minutes for 10 000", 3_000, 29, 2.46)
        case .neato: return (3_000, "neato took 22 s for 2 000 experts and 2 minutes for 3 000", 2_000, 22, 4.2)
        case .twopi: return (7_000, "twopi took 20 s for 3 000 experts and 3.5 minutes for 10 000", 3_000, 20, 1.9)
        case .dot: return (300, "dot took 47 s for the demo's 300 experts and 6 minutes for 200 of a dense network", 300, 47, 3.5)
        case .circo: return (150, "circo took 17 s for the demo's 150 experts and 3 minutes for 100 of a dense network", 150, 17, 2.0)
        }
    }

    /// The most experts `layout` draws without `--force`.
    public static func limit(for layout: MapLayout) -> Int { model(layout).limit }

    /// Roughly how many seconds `layout` takes for `experts` experts on this project's machine.
    public static func estimatedSeconds(_ layout: MapLayout, experts: Int) -> Double {
        let m = model(layout)
        return m.t0 * pow(Double(max(1, experts)) / m.n0, m.p)
    }

    /// A duration in words: `40 s`, `12 min`, `3 h`, `2 days`.
    public static func words(_ seconds: Double) -> String {
        if seconds < 90 { return "\(Int(seconds.rounded())) s" }
        if seconds < 90 * 60 { return "\(Int((seconds / 60).rounded())) min" }
        if seconds < 36 * 3600 { return "\(Int((seconds / 3600).rounded())) h" }
        return seconds < 1e9 ? "\(Int((seconds / 86_400).rounded())) days" : "ages"
    }

    /// Why a map of `experts` is refused with `layout` (`nil` when it is within the limit).
    public static func refusal(_ layout: MapLayout, experts: Int) -> String? {
        let m = model(layout)
        guard experts > m.limit else { return nil }
        let faster = MapLayout.allCases.filter { $0 != layout && limit(for: $0) >= experts }
            .min { estimatedSeconds($0, experts: experts) < estimatedSeconds($1, experts: experts) }
        var s = "drawing \(experts) experts with \(layout) is refused: Liaison lays out at most \(m.limit) with \(layout) "
        s += "unless --force (on this project's machine \(m.evidence)). Draw fewer (--top N, --focus ID)"
        if let faster { s += ", use --layout \(faster)" }
        return s + ", or add --force to wait"
    }

    /// A note for a layout estimated past ``warnSeconds`` (`nil` otherwise).
    public static func warning(_ layout: MapLayout, experts: Int) -> String? {
        let t = estimatedSeconds(layout, experts: experts)
        guard t > warnSeconds else { return nil }
        return "laying out \(experts) experts with \(layout) may take about \(words(t))"
    }
}
