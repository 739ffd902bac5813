import Liaison

/// Coverage and comparison colourings of maps (Okabe–Ito colours, safe for colour-blind readers),
/// shared by `render` and the report.
public enum MapOverlays {
    /// A target at or above its expectation.
    public static let reached = MapOverlay.Category(name: "reached", color: "#009E73", colorName: "green")
    /// A target seen, but below its expectation.
    public static let underVisited = MapOverlay.Category(name: "under-visited", color: "#E69F00", colorName: "orange")
    /// A target not seen.
    public static let missed = MapOverlay.Category(name: "missed", color: "#D55E00", colorName: "vermillion")
    /// Not a target.
    public static let nonTarget = MapOverlay.Category(name: "not a target", color: "#DDDDDD", colorName: "grey")

    /// Colours by coverage status in `r`'s period.
    public static func coverage(_ r: CoverageReport) -> MapOverlay {
        let offPlan = MapOverlay.Category(name: "key expert not on the plan", color: "#CC79A7", colorName: "purple")
        let cats = [reached, underVisited, missed, offPlan, nonTarget]
        let index: [CoverageStatus: Int] = [.reached: 0, .underVisited: 1, .missed: 2, .nonTarget: 4]
        var isOffPlan = [Bool](repeating: false, count: r.dataset.experts.count)
        for e in r.experts where e.isOffPlanKeyExpert { isOffPlan[e.expert] = true }
        let of = (0..<r.dataset.experts.count).map { v in isOffPlan[v] ? 3 : (index[r.status(of: v)] ?? -1) }
        return MapOverlay(title: "coverage \(r.period.label)", categories: cats, categoryOfExpert: of)
    }

    /// Colours by what changed between the two periods of `c`.
    public static func comparison(_ c: CoverageComparison, experts n: Int) -> MapOverlay {
        let cats = [
            MapOverlay.Category(name: "gained", color: "#0072B2", colorName: "blue"),
            MapOverlay.Category(name: "lost", color: "#D55E00", colorName: "vermillion"),
            MapOverlay.Category(name: "still reached", color: "#009E73", colorName: "green"),
            MapOverlay.Category(name: "still missed", color: "#E69F00", colorName: "orange"),
            nonTarget,
        ]
        let index: [ComparisonStatus: Int] = [.gained: 0, .lost: 1, .stillReached: 2, .stillMissed: 3, .nonTarget: 4]
        let of = (0..<n).map { index[c.status(of: $0)] ?? -1 }
        return MapOverlay(title: "\(c.from.period.label) → \(c.to.period.label)", categories: cats, categoryOfExpert: of)
    }
}
