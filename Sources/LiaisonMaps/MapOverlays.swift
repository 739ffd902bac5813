import Liaison

/// Coverage and comparison colourings of maps (Okabe–Ito colours, safe for colour-blind readers),
/// shared by `render` and the report. One colour has one meaning on every map: green is reached (and
/// still reached), orange under-visited, vermillion missed (and still missed), reddish purple a key
/// expert the plan leaves out, yellow gained, black lost, pale grey not a target; the blues are tiers
/// (``Palette``) and appear on no coverage map.
public enum MapOverlays {
    /// A target at or above its expectation.
    public static let reached = MapOverlay.Category(name: "reached", color: "#009E73", colorName: "bluish green")
    /// A target seen, but below its expectation.
    public static let underVisited = MapOverlay.Category(name: "under-visited", color: "#E69F00", colorName: "orange")
    /// A target not seen.
    public static let missed = MapOverlay.Category(name: "missed", color: "#D55E00", colorName: "vermillion")
    /// A tier 1–2 expert the plan leaves out.
    public static let offPlan = MapOverlay.Category(name: "key expert not on the plan", color: "#CC79A7", colorName: "reddish purple")
    /// Not a target.
    public static let nonTarget = MapOverlay.Category(name: "not a target", color: "#DDDDDD", colorName: "pale grey")
    /// Seen in the later period and not in the earlier one.
    public static let gained = MapOverlay.Category(name: "gained", color: "#F0E442", colorName: "yellow")
    /// Seen in the earlier period and not in the later one.
    public static let lost = MapOverlay.Category(name: "lost", color: "#000000", colorName: "black")
    /// A target of the later period seen in both.
    public static let stillReached = MapOverlay.Category(name: "still reached", color: reached.color, colorName: reached.colorName)
    /// A target of the later period not seen in it.
    public static let stillMissed = MapOverlay.Category(name: "still missed", color: missed.color, colorName: missed.colorName)

    /// Colours by coverage status in `r`'s period.
    public static func coverage(_ r: CoverageReport) -> MapOverlay {
        let cats = [reached, underVisited, missed, offPlan, nonTarget]
        let index: [CoverageStatus: Int] = [.reached: 0, .underVisited: 1, .missed: 2, .nonTarget: 4]
        var isOffPlan = [Bool](repeating: false, count: r.dataset.experts.count)
        for e in r.experts where e.isOffPlanKeyExpert { isOffPlan[e.expert] = true }
        let of = (0..<r.dataset.experts.count).map { v in isOffPlan[v] ? 3 : (index[r.status(of: v)] ?? -1) }
        return MapOverlay(title: "coverage \(r.period.label)", categories: cats, categoryOfExpert: of)
    }

    /// Colours by what changed between the two periods of `c`; tier 1–2 experts the later plan leaves
    /// out are shown as such, not as "not a target".
    public static func comparison(_ c: CoverageComparison, experts n: Int) -> MapOverlay {
        let cats = [gained, lost, stillReached, stillMissed, offPlan, nonTarget]
        let index: [ComparisonStatus: Int] = [.gained: 0, .lost: 1, .stillReached: 2, .stillMissed: 3, .nonTarget: 5]
        let of = (0..<n).map { v -> Int in
            let status = c.status(of: v)
            if status == .nonTarget, v < c.to.experts.count, c.to.experts[v].isOffPlanKeyExpert { return 4 }
            return index[status] ?? -1
        }
        return MapOverlay(title: "\(c.from.period.label) → \(c.to.period.label)", categories: cats, categoryOfExpert: of)
    }
}
