import Foundation
import Liaison

/// Colour-blind-safe palettes: Okabe–Ito for tiers, Paul Tol's "muted" for categories.
enum Palette {
    struct Color {
        let hex: String
        let name: String
    }

    /// Tier 1 blue (strong), tier 2 sky blue, tier 3 pale grey. One colour has one meaning on every
    /// map and in the report: blue hues are tiers; green, orange, vermillion and purple are coverage
    /// (``MapOverlays``); pale grey is "not a key expert / not a target".
    static func tier(_ t: Int) -> Color {
        switch t {
        case 1: return Color(hex: "#0072B2", name: "blue")
        case 2: return Color(hex: "#56B4E9", name: "sky blue")
        default: return Color(hex: "#DDDDDD", name: "pale grey")
        }
    }

    static let muted: [Color] = [
        Color(hex: "#332288", name: "indigo"), Color(hex: "#88CCEE", name: "cyan"),
        Color(hex: "#44AA99", name: "teal"), Color(hex: "#117733", name: "green"),
        Color(hex: "#999933", name: "olive"), Color(hex: "#DDCC77", name: "sand"),
        Color(hex: "#CC6677", name: "rose"), Color(hex: "#882255", name: "wine"),
        Color(hex: "#AA4499", name: "purple"),
    ]

    /// The `i`-th categorical colour, cycling.
    static func categorical(_ i: Int) -> Color { muted[((i % muted.count) + muted.count) % muted.count] }

    /// For experts with no category.
    static let missing = Color(hex: "#FFFFFF", name: "white")
}


/// Sizes, fonts and layout parameters chosen by the number of experts drawn, so that small maps are
/// airy and large ones stay legible (smaller nodes, fainter lines, more room between nodes).
struct MapStyle {
    /// Experts drawn.
    let experts: Int

    init(experts: Int) { self.experts = experts }

    /// Diameter of the least influential node, in inches.
    var minDiameter: Double { experts <= 150 ? 0.15 : experts <= 400 ? 0.12 : 0.09 }
    /// Added to ``minDiameter`` for the most influential node.
    var diameterRange: Double { experts <= 150 ? 0.6 : experts <= 400 ? 0.55 : 0.5 }
    /// Thinnest line, in points.
    var minPen: Double { experts <= 400 ? 0.3 : 0.25 }
    /// Added to ``minPen`` for the largest flow.
    var penRange: Double { experts <= 400 ? 2.5 : 2.2 }
    /// Node name labels.
    var labelFontSize: Double { experts <= 150 ? 12 : experts <= 400 ? 13 : 14 }
    /// Legend text.
    var legendFontSize: Double { experts <= 150 ? 11 : experts <= 400 ? 12 : 16 }
    /// Cluster labels.
    var clusterFontSize: Double { experts <= 150 ? 10 : 11 }
    /// Edge colour (translucent, fainter on large maps).
    var edgeColor: String { experts <= 150 ? "#5F5F5F99" : experts <= 400 ? "#5F5F5F77" : "#5F5F5F55" }

    /// Layout parameters: spacing (`K`, `sep`) grows with the map so that nodes and their labels do
    /// not pile up; overlap removal (`prism`) everywhere.
    func layoutAttributes(clustered: Bool) -> [String: String] {
        var a: [String: String] = ["overlap": "prism", "sep": "+6"]
        if clustered {
            a["K"] = experts <= 150 ? "0.5" : "0.45"
        } else if experts > 60 {
            a["K"] = experts <= 150 ? "0.6" : experts <= 400 ? "0.5" : "0.4"
            a["repulsiveforce"] = "1.2"
        }
        return a
    }
}
