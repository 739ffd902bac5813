import Foundation

/// Everything Liaison knows about one team's world: experts, institutions, referral links,
/// collaborations, interactions and call plans.
///
/// Experts are addressed by index (`0..<experts.count`) everywhere inside Liaison; ids are for
/// input and output only. Build one with ``DatasetLoader`` or directly for tests.
public struct Dataset: Sendable {
    /// Where the data came from (a folder path, or a description).
    public var source: String
    /// Experts, in file order.
    public var experts: [Expert] { didSet { indexes = IndexMemo() } }
    /// Institutions, in file order (empty when `institutions.csv` is absent).
    public var institutions: [Institution] { didSet { indexes = IndexMemo() } }
    /// Referral links, one per (source, target, period) after summing rows; self-referrals removed:
    /// the columnar store every consumer reads links through (see ``ReferralTable``).
    public var links: ReferralTable
    /// The referral links as ``Referral`` values, one struct per link (made on each read; setting
    /// it replaces ``links``). Convenient for small datasets and tests; code that may meet a
    /// national file reads ``links`` instead.
    public var referrals: [Referral] {
        get { links.referrals }
        set { links = ReferralTable(newValue) }
    }
    /// Collaboration ties.
    public var collaborations: [Collaboration]
    /// Interactions, in file order.
    public var interactions: [Interaction]
    /// Call-plan rows.
    public var plan: [PlanEntry]
    /// Which optional files were present (`referrals.csv`, …).
    public var filesPresent: Set<String>
    /// Warnings collected while loading (self-referrals, skipped rows in lenient mode, …).
    public var warnings: [String]
    /// Whether referral links are taken without direction (see ``undirected()``). The rows in
    /// ``referrals`` stay as read, so every patient is counted once; only the graph the measures run
    /// on (``referralGraph(period:)``) holds each tie both ways.
    public private(set) var linksAreUndirected = false
    /// Publications and clinical trials (`publications/`, `trials/`), empty when the folder has none.
    public var science = ScienceData()
    /// The field separator each CSV file was read with, by file name (`experts.csv` → `;`): found
    /// from the file's header row (see ``CSVDelimiter``). Empty for sources that are not CSV.
    public var csvDelimiters: [String: CSVDelimiter] = [:]
    /// Where betweenness and closeness of this dataset's graphs are kept between runs (set by
    /// ``DatasetLoader`` when its snapshot cache is on); `nil`: always computed.
    public var pathScoreCache: PathScoreCache?

    /// Index of each expert id (built on first use: a national dataset that never looks an id up
    /// does not pay for a million-entry dictionary).
    public var expertIndex: [String: Int] {
        indexes.experts {
            var ei = [String: Int](minimumCapacity: experts.count)
            for (i, e) in experts.enumerated() { ei[e.id] = i }
            return ei
        }
    }
    /// Index of each institution id.
    public var institutionIndex: [String: Int] {
        indexes.institutions {
            var ii = [String: Int](minimumCapacity: institutions.count)
            for (i, x) in institutions.enumerated() { ii[x.id] = i }
            return ii
        }
    }
    private var indexes = IndexMemo()

    /// Creates a dataset; indexes are built from `experts` and `institutions` when first used.
    public init(source: String = "", experts: [Expert], institutions: [Institution] = [], referrals: [Referral] = [],
                collaborations: [Collaboration] = [], interactions: [Interaction] = [], plan: [PlanEntry] = [],
                filesPresent: Set<String> = [], warnings: [String] = []) {
        self.source = source
        self.experts = experts
        self.institutions = institutions
        self.links = ReferralTable(referrals)
        self.collaborations = collaborations
        self.interactions = interactions
        self.plan = plan
        self.filesPresent = filesPresent
        self.warnings = warnings
    }

    /// The institution's display name for an expert: the name from `institutions.csv` when the
    /// expert's `institution` is a known id, otherwise the text itself.
    public func institutionName(ofExpert i: Int) -> String {
        let key = experts[i].institution
        if let j = institutionIndex[key] { return institutions[j].name }
        return key
    }

    /// The institution record for an expert, when `institutions.csv` has it.
    public func institution(ofExpert i: Int) -> Institution? {
        institutionIndex[experts[i].institution].map { institutions[$0] }
    }

    /// The periods referral rows carry, sorted.
    public var referralPeriods: [Period] { links.periods }

    /// Referrals counted in `period`: rows whose period lies inside it (rows without a period are
    /// never period-specific and are only counted when `period` is `nil`). One struct per link:
    /// loops over links read ``links(in:)`` instead.
    public func referrals(in period: Period?) -> [Referral] {
        links.rows(in: period).rowNumbers.map { links[$0] }
    }

    /// The links counted in `period` (see ``referrals(in:)``), read from the columns.
    public func links(in period: Period?) -> ReferralTable.Rows { links.rows(in: period) }

    /// Whether some referral link is counted in `period`.
    public func hasLinks(in period: Period?) -> Bool { links.hasRows(in: period) }

    /// The dataset with direction taken out of its referral links, for places whose rules forbid
    /// showing who refers to whom.
    ///
    /// The referral rows are kept as read — so patient counts (an institution's internal patients, a
    /// community's, a way-in tie's) count every patient once — and ``referralGraph(period:)`` holds
    /// w(A,B) + w(B,A) both ways. Measures on that graph equal networkx's on the undirected graph
    /// (`G.to_undirected()` with summed weights): PageRank, closeness, and betweenness, whose directed
    /// normalisation on a symmetric graph equals the undirected one.
    public func undirected() -> Dataset {
        var d = self
        d.linksAreUndirected = true
        return d
    }
}

/// The id indexes of a dataset, built once and shared by its copies until experts or institutions
/// change (then the dataset gets a new memo).
private final class IndexMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var e: [String: Int]?
    private var i: [String: Int]?

    func experts(_ make: () -> [String: Int]) -> [String: Int] {
        lock.lock(); defer { lock.unlock() }
        if let e { return e }
        let x = make()
        e = x
        return x
    }

    func institutions(_ make: () -> [String: Int]) -> [String: Int] {
        lock.lock(); defer { lock.unlock() }
        if let i { return i }
        let x = make()
        i = x
        return x
    }
}
