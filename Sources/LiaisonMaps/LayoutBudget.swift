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
/// `liaison render DATASET --all --layout ENGINE --out m.svg` (debug build, whole process), on this
/// project's 2-core machine shared with other builds (load average 5–7 during the runs), on
/// `liaison synth --experts N` networks — dense random referral networks, links thinned to 2.5 per
/// expert as every map — and on the demo (300 experts, structured like real referrals):
///
/// | engine | experts: seconds |
/// |---|---|
/// | sfdp  | demo 300: 0.95; 1 000: 2.6; 3 000: 27; 10 000: MEASURE_SFDP_10K; 30 000: MEASURE_SFDP_30K |
/// | fdp   | 1 000: 3.3; 3 000: 29; 10 000: MEASURE_FDP_10K |
/// | neato | demo 300: 1.2; 1 000: 7.2; 2 000: MEASURE_NEATO_2K; 3 000: 121 |
/// | twopi | demo 300: 0.9; 1 000: 4.0; 3 000: 12; 10 000: MEASURE_TWOPI_10K |
/// | dot   | demo top 150: 1.2; demo 300: 47; 100: 30; 200: 345; 500: > 600 (stopped); 1 000: > 300 (stopped) |
/// | circo | demo top 150: 17; 100: 193; 200: 280; 1 000: > 300 (stopped) |
///
/// Each limit is about the size at which the slowest measurement here reached two minutes, rounded
/// down to a round number, except where the bundled demo's own maps need more (dot and circo draw its
/// default 150-expert map in seconds: structured networks lay out far faster than the random ones).
/// The estimate fits t = t₀ · (n / n₀)ᵖ through two of the measurements; it says the order of
/// magnitude, not the second, and grows with links too (`--min-link 0` draws every link).
public enum LayoutBudget {
    /// Estimated seconds above which a note is printed before the layout starts.
    public static let warnSeconds = 30.0

    /// (limit, n₀, t₀, p) per engine, from the measurements above.
    static func model(_ layout: MapLayout) -> (limit: Int, n0: Double, t0: Double, p: Double) {
        switch layout {
        case .sfdp: return (20_000, 3_000, 27, 2.0)
        case .fdp: return (5_000, 3_000, 29, 2.0)
        case .neato: return (3_000, 1_000, 7.2, 2.6)
        case .twopi: return (10_000, 1_000, 4.0, 1.1)
        case .dot: return (300, 300, 47, 3.5)
        case .circo: return (150, 150, 17, 2.0)
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
        let most = limit(for: layout)
        guard experts > most else { return nil }
        let faster = MapLayout.allCases.filter { $0 != layout && limit(for: $0) >= experts }
            .min { estimatedSeconds($0, experts: experts) < estimatedSeconds($1, experts: experts) }
        let time = words(estimatedSeconds(layout, experts: experts))
        var s = "drawing \(experts) experts with \(layout) would take about \(time)"
        s += " (Liaison lays out at most \(most) with \(layout) unless --force): draw fewer (--top N, --focus ID)"
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
