/// One de-identified encounter: a patient seen by an expert on a day.
///
/// The patient is an opaque number (an index assigned while reading): Liaison never keeps, shows
/// or writes patient identifiers. Build encounters directly for tests and library use, or read
/// `encounters.csv` with ``SharedPatients/read(url:fileName:experts:options:lenient:)``.
public struct Encounter: Hashable, Sendable {
    /// Opaque patient number; only equality matters.
    public var patient: Int
    /// Index of the expert (in ``Dataset/experts``, or in ``SharedPatientNetwork/expertIDs``).
    public var expert: Int
    /// The day of the encounter.
    public var day: Day

    /// Creates an encounter.
    public init(patient: Int, expert: Int, day: Day) {
        self.patient = patient
        self.expert = expert
        self.day = day
    }
}

/// How a shared-patient network is derived from encounters.
public struct SharedPatientOptions: Sendable, Hashable {
    /// Largest gap in days between two encounters of a patient that still makes a transaction
    /// (both ends included: `0 ≤ d2 − d1 ≤ window`). Default 30, as in the CMS files.
    public var window: Int = 30
    /// `true` (default): directed links A → B as defined by CMS. `false`: one undirected link per
    /// pair of experts (reported with `source` < `target` by index), for places whose rules forbid
    /// showing a direction; see ``SharedPatients/derive(_:experts:options:)``.
    public var directed: Bool = true

    /// Creates options.
    public init(window: Int = 30, directed: Bool = true) {
        self.window = window
        self.directed = directed
    }
}

/// One link of a shared-patient network, with the three counts of the CMS "Physician Shared
/// Patient Patterns" files.
public struct SharedPatientLink: Hashable, Sendable {
    /// Index of the expert seen first (any index order for undirected links: `source < target`).
    public var source: Int
    /// Index of the expert seen second.
    public var target: Int
    /// Distinct patients with at least one transaction source → target (`bene_count`).
    public var patients: Int
    /// Transactions source → target (`pair_count`).
    public var pairCount: Int
    /// Transactions with both encounters on the same day (`same_day_count`).
    public var sameDayCount: Int

    /// Creates a link.
    public init(source: Int, target: Int, patients: Int, pairCount: Int, sameDayCount: Int) {
        self.source = source
        self.target = target
        self.patients = patients
        self.pairCount = pairCount
        self.sameDayCount = sameDayCount
    }

    /// The link as a referral (no period), with `pair_count` and `same_day_count`.
    public var referral: Referral {
        Referral(source: source, target: target, patients: patients, period: nil, pairCount: pairCount,
                 sameDayCount: sameDayCount)
    }
}

/// A shared-patient network derived from encounters, with what was read.
///
/// ``patients`` is a count of patients: show it through ``SmallCell`` like any other.
public struct SharedPatientNetwork: Sendable {
    /// Expert ids by index: the known experts given to the reader first, then ids met in the file.
    public var expertIDs: [String]
    /// Links, sorted by source then target (indices).
    public var links: [SharedPatientLink]
    /// Encounters counted (rows read, less rows skipped for errors).
    public var encounters: Int
    /// Encounters dropped as duplicates: the same patient with the same expert on the same day.
    public var duplicateEncounters: Int
    /// Distinct patients (a patient count: suppress it when shown).
    public var patients: Int
    /// Whether the file was grouped by patient (streamed in one pass); `false` when every
    /// encounter had to be grouped in memory first.
    public var sortedByPatient: Bool
    /// The options used.
    public var options: SharedPatientOptions
    /// Remarks for the user (e.g. the file was not sorted by patient). Never hold patient ids.
    public var notes: [String]
    /// The field separator the file was read with.
    package var delimiter = CSVDelimiter.comma

    /// Creates a network.
    public init(expertIDs: [String], links: [SharedPatientLink], encounters: Int = 0, duplicateEncounters: Int = 0,
                patients: Int = 0, sortedByPatient: Bool = true, options: SharedPatientOptions = SharedPatientOptions(),
                notes: [String] = []) {
        self.expertIDs = expertIDs
        self.links = links
        self.encounters = encounters
        self.duplicateEncounters = duplicateEncounters
        self.patients = patients
        self.sortedByPatient = sortedByPatient
        self.options = options
        self.notes = notes
    }

    /// The links as referrals (no period), each with `pair_count` and `same_day_count`.
    public var referrals: [Referral] { links.map(\.referral) }
}

/// Derivation of the shared-patient network from encounters, with the rule CMS uses for its
/// "Physician Shared Patient Patterns" files.
///
/// **The rule.** For each patient, for every ordered pair of two different encounters — with
/// expert A on day d1 and with expert B on day d2 — where A ≠ B and `0 ≤ d2 − d1 ≤ window`, count
/// one *transaction* A → B. Two encounters on the same day satisfy the rule in both orders, so
/// they give one transaction A → B and one B → A, and each is also a *same-day* transaction.
/// Per link A → B: `pair_count` = transactions, `patients` = distinct patients with at least one
/// transaction, `same_day_count` = same-day transactions.
///
/// **Duplicates.** Encounters are de-duplicated per (patient, expert, day) before pairing: a
/// patient seen twice by the same expert on the same day is one encounter. Extracts often carry
/// one row per claim line (several billing codes for one visit); counting every line would
/// multiply `pair_count` by the number of lines of both visits. CMS counts claims, so Liaison's
/// `pair_count` is at most CMS's on the same data; `patients` is unaffected. Visits of the same
/// patient to the same expert on *different* days are distinct encounters, and each pairs with
/// the other expert's encounters in the window.
///
/// **Undirected** (``SharedPatientOptions/directed`` false): one link per unordered pair {A, B};
/// `pair_count` counts unordered pairs of encounters within the window (a same-day pair once),
/// `patients` the distinct patients with at least one such pair.
///
/// - Complexity: per patient with k encounters, O(k log k + t log t) for t transactions (O(k²) at
///   worst, when all fall within one window); memory for one patient's encounters plus one entry
///   per link.
public enum SharedPatients {
    /// Derives the network from in-memory encounters (any order). `experts` is the number of expert
    /// indices in use.
    public static func derive(_ encounters: [Encounter], experts: Int,
                              options: SharedPatientOptions = SharedPatientOptions()) -> [SharedPatientLink] {
        var acc = PairAccumulator(options: options)
        let sorted = encounters.sorted { $0.patient < $1.patient }
        var group: [PairAccumulator.Visit] = []
        var k = 0
        while k < sorted.count {
            group.removeAll(keepingCapacity: true)
            let p = sorted[k].patient
            while k < sorted.count && sorted[k].patient == p {
                group.append(.init(expert: Int32(truncatingIfNeeded: sorted[k].expert), day: Int32(truncatingIfNeeded: sorted[k].day.ordinal)))
                k += 1
            }
            acc.addPatient(&group)
        }
        return acc.links()
    }
}

extension SharedPatients {
    /// `referrals` with `added` folded in: an added link is summed into the row of the same pair
    /// without a period (patients, `pair_count`, `same_day_count`), or appended when there is none.
    ///
    /// Summing assumes the two sources count different patients (e.g. two payers' claims); when
    /// they overlap, `patients` counts a patient once per source.
    public static func merge(_ referrals: [Referral], adding added: [Referral]) -> [Referral] {
        var out = referrals
        var row: [UInt64: Int] = [:]
        func key(_ a: Int, _ b: Int) -> UInt64 { UInt64(UInt32(truncatingIfNeeded: a)) << 32 | UInt64(UInt32(truncatingIfNeeded: b)) }
        for (k, r) in out.enumerated() where r.period == nil { row[key(r.source, r.target)] = k }
        func sum(_ a: Int?, _ b: Int?) -> Int? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
        for r in added {
            if let k = row[key(r.source, r.target)] {
                out[k].patients += r.patients
                out[k].pairCount = sum(out[k].pairCount, r.pairCount)
                out[k].sameDayCount = sum(out[k].sameDayCount, r.sameDayCount)
            } else {
                row[key(r.source, r.target)] = out.count
                out.append(r)
            }
        }
        return out
    }
}

/// Accumulates transactions patient by patient into per-link counts.
struct PairAccumulator {
    /// One encounter of the current patient.
    struct Visit: Comparable {
        var expert: Int32
        var day: Int32
        static func < (a: Visit, b: Visit) -> Bool { a.day != b.day ? a.day < b.day : a.expert < b.expert }
    }

    let window: Int
    let directed: Bool
    private var index: [UInt64: Int] = [:]
    private var keys: [UInt64] = []
    private var patients: [Int] = []
    private var pairs: [Int] = []
    private var sameDay: [Int] = []
    /// Transactions of the current patient: key << 1 | same-day bit.
    private var local: [UInt64] = []
    /// Patients added.
    private(set) var patientCount = 0
    /// Encounters dropped as (patient, expert, day) duplicates.
    private(set) var duplicates = 0
    /// Encounters kept.
    private(set) var encounters = 0

    init(options: SharedPatientOptions) {
        window = max(0, options.window)
        directed = options.directed
    }

    @inline(__always)
    private static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: a)) << 31 | UInt64(UInt32(bitPattern: b))
    }

    /// Adds one patient's encounters (any order; the array is sorted and de-duplicated in place).
    mutating func addPatient(_ visits: inout [Visit]) {
        guard !visits.isEmpty else { return }
        patientCount += 1
        visits.sort()
        // De-duplicate (expert, day).
        var w = 1
        for r in 1..<visits.count where visits[r] != visits[w - 1] {
            visits[w] = visits[r]
            w += 1
        }
        duplicates += visits.count - w
        visits.removeLast(visits.count - w)
        encounters += w
        guard w > 1 else { return }
        local.removeAll(keepingCapacity: true)
        for i in 0..<w {
            let a = visits[i]
            var j = i + 1
            while j < w {
                let b = visits[j]
                if Int(b.day) - Int(a.day) > window { break }
                if a.expert != b.expert {
                    let same: UInt64 = a.day == b.day ? 1 : 0
                    if directed {
                        local.append(PairAccumulator.key(a.expert, b.expert) << 1 | same)
                        if same == 1 { local.append(PairAccumulator.key(b.expert, a.expert) << 1 | 1) }
                    } else {
                        let lo = min(a.expert, b.expert), hi = max(a.expert, b.expert)
                        local.append(PairAccumulator.key(lo, hi) << 1 | same)
                    }
                }
                j += 1
            }
        }
        guard !local.isEmpty else { return }
        local.sort()
        var k = 0
        while k < local.count {
            let key = local[k] >> 1
            var tx = 0, same = 0
            while k < local.count && local[k] >> 1 == key {
                tx += 1
                same += Int(local[k] & 1)
                k += 1
            }
            let slot: Int
            if let s = index[key] { slot = s } else {
                slot = keys.count
                index[key] = slot
                keys.append(key)
                patients.append(0); pairs.append(0); sameDay.append(0)
            }
            patients[slot] += 1
            pairs[slot] += tx
            sameDay[slot] += same
        }
    }

    /// The links, sorted by source then target.
    func links() -> [SharedPatientLink] {
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        let mask: UInt64 = (1 << 31) - 1
        return order.map { s in
            let k = keys[s]
            return SharedPatientLink(source: Int(k >> 31), target: Int(k & mask), patients: patients[s],
                                     pairCount: pairs[s], sameDayCount: sameDay[s])
        }
    }
}
