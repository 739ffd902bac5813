/// How a referrer splits the patients they send to a focal expert's specialty.
public enum ReferrerClass: String, Sendable, CaseIterable, Comparable {
    /// At least half of their patients to the specialty go to the focal expert (share ≥ 0.5).
    case loyalist
    /// Neither loyalist nor opportunity: share in [0.25, 0.5), or below 0.25 with fewer than
    /// ``ReferrerOptions/opportunityMinimum`` patients elsewhere.
    case splitter
    /// Most of their patients go elsewhere: share < 0.25 and at least
    /// ``ReferrerOptions/opportunityMinimum`` patients to the focal expert's peers.
    case opportunity

    /// Loyalists first, then splitters, then opportunities.
    public static func < (a: ReferrerClass, b: ReferrerClass) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// Options of ``ReferrerPatterns/analyze(_:focal:options:)``.
public struct ReferrerOptions: Sendable, Hashable {
    /// Treat links as undirected: a referrer is anyone sharing patients with the focal expert in
    /// either direction, and counts add both directions (A→B + B→A), as in `communities`.
    public var undirected = false
    /// Count only referral rows of this period (`nil`: all rows).
    public var period: Period?
    /// Smallest share of a loyalist.
    public var loyalistShare = 0.5
    /// An opportunity's share is below this.
    public var opportunityShare = 0.25
    /// An opportunity sends at least this many patients to the focal expert's peers (a fixed
    /// analysis threshold, independent of `--min-cell`).
    public var opportunityMinimum = 11

    /// Creates options.
    public init(undirected: Bool = false, period: Period? = nil) {
        self.undirected = undirected
        self.period = period
    }
}

/// Who sends patients to one expert, and how loyal they are.
///
/// For a focal expert F of specialty S, a **referrer** is an expert R ≠ F with patients R → F > 0
/// (an in-neighbour in the referral graph; with ``ReferrerOptions/undirected``, any neighbour, with
/// R → F and F → R added). Per referrer:
/// - `toFocal` = patients R → F;
/// - `toPeers` = patients R → P summed over the *peers* P of F: experts of specialty S other than F
///   and R (specialties compared case-insensitively; when F has no specialty, every other expert);
/// - `share` = toFocal / (toFocal + toPeers), in (0, 1];
/// - class: loyalist when share ≥ 0.5; opportunity when share < 0.25 and toPeers ≥ 11; splitter
///   otherwise.
///
/// Counts are patients summed over the referral rows counted, like every edge weight in Liaison.
/// The analysis uses true values; show counts through ``SmallCell/protectParts(_:threshold:)``.
public struct ReferrerPatterns: Sendable {
    /// One referrer of the focal expert.
    public struct Referrer: Sendable, Hashable {
        /// Index of the referrer in ``Dataset/experts``.
        public var expert: Int
        /// Patients sent to the focal expert.
        public var toFocal: Int
        /// Patients sent to the focal expert's peers (same specialty).
        public var toPeers: Int
        /// toFocal / (toFocal + toPeers).
        public var share: Double
        /// The class.
        public var kind: ReferrerClass
    }

    /// Index of the focal expert.
    public var focal: Int
    /// The focal expert's specialty ("" when none: every other expert is then a peer).
    public var specialty: String
    /// Number of peers (experts of the same specialty other than the focal expert).
    public var peerCount: Int
    /// Referrers, by class (loyalists first), then patients to the focal expert (most first), then id.
    public var referrers: [Referrer]
    /// The options used.
    public var options: ReferrerOptions

    /// Patients the focal expert received from all referrers (their in-strength; in- plus
    /// out-strength when undirected).
    public var totalToFocal: Int { referrers.reduce(0) { $0 + $1.toFocal } }

    /// Analyses the referrers of expert `focal` (an index into `d.experts`).
    ///
    /// - Complexity: O(referral rows + experts).
    public static func analyze(_ d: Dataset, focal: Int, options: ReferrerOptions = ReferrerOptions()) -> ReferrerPatterns {
        let n = d.experts.count
        func norm(_ s: String) -> String { s.trimmingSpaces.lowercased() }
        let spec = norm(d.experts[focal].specialty)
        var isPeer = [Bool](repeating: false, count: n)
        for v in 0..<n where v != focal && (spec.isEmpty || norm(d.experts[v].specialty) == spec) { isPeer[v] = true }
        var toFocal = [Int](repeating: 0, count: n)
        var toPeers = [Int](repeating: 0, count: n)
        for r in d.links(in: options.period) where r.source != r.target && r.patients > 0 {
            let ends = options.undirected ? [(r.source, r.target), (r.target, r.source)] : [(r.source, r.target)]
            for (a, b) in ends {
                if b == focal { toFocal[a] += r.patients } else if isPeer[b] && a != focal { toPeers[a] += r.patients }
            }
        }
        var out: [Referrer] = []
        for v in 0..<n where v != focal && toFocal[v] > 0 {
            let share = Double(toFocal[v]) / Double(toFocal[v] + toPeers[v])
            let kind: ReferrerClass
            if share >= options.loyalistShare { kind = .loyalist }
            else if share < options.opportunityShare && toPeers[v] >= options.opportunityMinimum { kind = .opportunity }
            else { kind = .splitter }
            out.append(Referrer(expert: v, toFocal: toFocal[v], toPeers: toPeers[v], share: share, kind: kind))
        }
        out.sort { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            if a.toFocal != b.toFocal { return a.toFocal > b.toFocal }
            return d.experts[a.expert].id < d.experts[b.expert].id
        }
        return ReferrerPatterns(focal: focal, specialty: d.experts[focal].specialty.trimmingSpaces,
                                peerCount: isPeer.lazy.filter { $0 }.count, referrers: out, options: options)
    }
}
