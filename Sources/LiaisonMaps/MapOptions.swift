import Foundation
import Liaison

/// What node colours show on a network map.
public enum MapColoring: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Key-expert tier (1 strong, 2 medium, 3 pale).
    case tier
    /// The expert's region (categorical palette, repeating after 9).
    case region
    /// The expert's institution (categorical palette, repeating after 9).
    case institution
    /// The team's coverage in a period (reached, under-visited, missed, not a target); needs a
    /// ``MapOverlay`` built from a coverage report.
    case coverage

    /// The name, as written on the command line.
    public var description: String { rawValue }

    /// Parses a colouring name (case-insensitive); the error lists the valid names.
    public static func parse(_ text: String) throws -> MapColoring {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let v = MapColoring(rawValue: key) else { throw MapParseError.unknownColoring(text) }
        return v
    }
}

/// What boxes (Graphviz clusters) group the experts of a map.
public enum MapClustering: String, CaseIterable, Sendable, CustomStringConvertible {
    /// One box per institution (hospital), labelled with its name.
    case institution
    /// One box per region.
    case region

    /// The name, as written on the command line.
    public var description: String { rawValue }

    /// Parses a clustering name (case-insensitive).
    public static func parse(_ text: String) -> MapClustering? {
        MapClustering(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// Which experts a network map shows and how it looks.
public struct MapOptions: Sendable, Hashable {
    /// How many of the most influential experts to draw; `nil` draws every expert. With ``focus``, caps
    /// the neighbourhood (nearest experts first, then the most influential).
    public var top: Int?
    /// Draw the neighbourhood of the expert with this id instead of the top experts.
    public var focus: String?
    /// Neighbourhood radius in referral hops, ignoring direction (used with ``focus``).
    public var depth: Int
    /// What node colours show.
    public var colorBy: MapColoring
    /// How many of the drawn experts (the most influential) get a visible name label; every node has a
    /// tooltip regardless.
    public var labelTop: Int
    /// The period whose referrals are drawn; `nil` uses the scores' period.
    public var period: Period?
    /// Map title; `nil` builds one from the dataset's name and the period.
    public var title: String?
    /// Per-expert categories (coverage status, quarter comparison) that colour the nodes instead of
    /// ``colorBy``.
    public var overlay: MapOverlay?
    /// Small-cell threshold for patient counts in tooltips: counts from 1 to `minCell − 1` show as
    /// `<minCell` (0 shows every count).
    public var minCell: Int = 11
    /// Draw links without direction (one line per pair, no arrows), for data whose rules forbid showing
    /// who refers to whom; pair the map with a dataset from ``Liaison/Dataset/undirected()``.
    public var undirected = false
    /// Draw the experts inside boxes of their institution (or region). Only the `dot` and `fdp`
    /// layouts draw boxes; ``NetworkMap/suggestedLayout(experts:clustered:)`` picks `fdp`.
    public var cluster: MapClustering?
    /// Draw only links with at least this many patients (`0` draws every link). `nil` chooses: when a
    /// map would have more than ``linksPerExpert`` links per drawn expert, only the strongest that many
    /// are drawn, and the legend says what was left out. A threshold between 1 and the small-cell
    /// threshold is raised to it, so that whether a link is drawn says nothing about a hidden count.
    public var minLinkPatients: Double?
    /// Links per drawn expert above which weak links are left out when ``minLinkPatients`` is `nil`.
    public var linksPerExpert: Double = 2.5

    /// Creates options; the defaults draw the 150 most influential experts coloured by tier, 25 labelled.
    public init(top: Int? = 150, focus: String? = nil, depth: Int = 1, colorBy: MapColoring = .tier,
                labelTop: Int = 25, period: Period? = nil, title: String? = nil) {
        self.top = top
        self.focus = focus
        self.depth = depth
        self.colorBy = colorBy
        self.labelTop = labelTop
        self.period = period
        self.title = title
    }
}

/// Categories that colour the experts of a map — e.g. coverage status in a quarter, or what changed
/// between two quarters — with a legend. Each category has a colour *and* a name, and the name is
/// repeated in every node's tooltip, so no information rests on colour alone.
public struct MapOverlay: Sendable, Hashable {
    /// One category: its name (shown in the legend and tooltips) and fill colour.
    public struct Category: Sendable, Hashable {
        /// Name, e.g. `under-visited`.
        public var name: String
        /// Fill colour, `#RRGGBB`.
        public var color: String
        /// The colour's name, for the legend's text equivalent.
        public var colorName: String
        /// Creates a category.
        public init(name: String, color: String, colorName: String) {
            self.name = name
            self.color = color
            self.colorName = colorName
        }
    }

    /// What the overlay shows, e.g. `coverage 2026Q3`.
    public var title: String
    /// The categories, in legend order.
    public var categories: [Category]
    /// For each expert (indexed like ``Dataset/experts``), an index into ``categories``, or -1.
    public var categoryOfExpert: [Int]

    /// Creates an overlay.
    public init(title: String, categories: [Category], categoryOfExpert: [Int]) {
        self.title = title
        self.categories = categories
        self.categoryOfExpert = categoryOfExpert
    }

    /// The category of expert `v`, if any.
    public func category(of v: Int) -> Category? {
        v < categoryOfExpert.count && categoryOfExpert[v] >= 0 && categoryOfExpert[v] < categories.count
            ? categories[categoryOfExpert[v]] : nil
    }
}

/// Why a network map cannot be built.
public enum NetworkMapError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No expert has the focus id.
    case unknownFocus(String)
    /// An option is out of range.
    case invalidOption(String)
    /// The scores were not computed for this dataset (wrong number of experts).
    case scoresMismatch(experts: Int, scores: Int)

    /// A readable, one-line explanation.
    public var description: String {
        switch self {
        case let .unknownFocus(id):
            return "unknown focus expert \(UserText.quoted(id)): no expert has this id"
        case let .invalidOption(what):
            return what
        case let .scoresMismatch(experts, scores):
            return "the scores cover \(scores) experts but the dataset has \(experts); compute them for this dataset"
        }
    }

    /// Same as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}

/// The experts and referral links a map draws.
public struct MapSelection: Sendable, Hashable {
    /// A referral link between two drawn experts.
    public struct Link: Sendable, Hashable {
        /// Index of the referring expert.
        public var source: Int
        /// Index of the receiving expert.
        public var target: Int
        /// Patients, summed over the period.
        public var patients: Double

        /// Creates a link.
        public init(source: Int, target: Int, patients: Double) {
            self.source = source
            self.target = target
            self.patients = patients
        }
    }

    /// Indices into ``Dataset/experts``, most influential first (ties by id).
    public var experts: [Int]
    /// Referral links whose both ends are drawn, by source then target.
    public var links: [Link]
    /// The focus expert's index, for focus maps.
    public var focus: Int?
    /// Number of experts in the dataset.
    public var totalExperts: Int
    /// Links left out as weak (fewer patients than ``linkThreshold``).
    public var hiddenLinks: Int = 0
    /// The fewest patients of a drawn link (0: every link is drawn).
    public var linkThreshold: Double = 0
    /// For a focus map: experts within the radius, before ``MapOptions/top`` capped them.
    public var neighbourhoodSize: Int?

    /// Creates a selection.
    public init(experts: [Int], links: [Link], focus: Int?, totalExperts: Int) {
        self.experts = experts
        self.links = links
        self.focus = focus
        self.totalExperts = totalExperts
    }

    /// The selection with weak links left out by `options` (see ``MapOptions/minLinkPatients``).
    public func thinned(_ options: MapOptions) -> MapSelection {
        var threshold = options.minLinkPatients ?? 0
        if options.minLinkPatients == nil {
            let keep = Int((options.linksPerExpert * Double(experts.count)).rounded(.down))
            if links.count > keep && keep > 0 {
                threshold = links.map(\.patients).sorted(by: >)[keep - 1]
            }
        }
        if threshold > 1 && threshold < Double(options.minCell) { threshold = Double(options.minCell) }
        guard threshold > 0 else { return self }
        var s = self
        s.links = links.filter { $0.patients >= threshold }
        s.hiddenLinks = links.count - s.links.count
        s.linkThreshold = s.hiddenLinks > 0 ? threshold : 0
        return s
    }
}
