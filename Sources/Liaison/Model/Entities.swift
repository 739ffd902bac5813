/// A physician the team may visit: a node of every network Liaison builds.
public struct Expert: Hashable, Sendable {
    /// The dataset's identifier for this expert (unique within `experts.csv`).
    public var id: String
    /// Display name.
    public var name: String
    /// Medical specialty, e.g. `Hematology`.
    public var specialty: String
    /// Institution id (from `institutions.csv`) or, where that file is absent, an institution's name.
    public var institution: String
    /// Region (province, state, territory).
    public var region: String
    /// US National Provider Identifier, when known.
    public var npi: String
    /// Title, e.g. `Prof. Dr.`.
    public var title: String
    /// Every other column of `experts.csv`, by header name.
    public var attributes: [String: String]

    /// Creates an expert; every field but `id` and `name` may be left empty.
    public init(id: String, name: String, specialty: String = "", institution: String = "", region: String = "",
                npi: String = "", title: String = "", attributes: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.specialty = specialty
        self.institution = institution
        self.region = region
        self.npi = npi
        self.title = title
        self.attributes = attributes
    }

    /// Whether the expert has a name of its own: not blank and not merely its id (the experts a
    /// published shared-patient file brings are named by their NPI). Labels then show the id alone,
    /// and tables can leave out a name column that would only repeat the ids (``BlankColumns``).
    public var hasOwnName: Bool { name != id && !name.trimmingSpaces.isEmpty }

    /// `E085 (Julie Simon)`, or the id alone when the expert has no name of its own.
    public var idAndName: String { hasOwnName ? "\(id) (\(name))" : id }
}

/// A hospital, clinic or practice where experts work.
public struct Institution: Hashable, Sendable {
    /// Identifier, unique within `institutions.csv`.
    public var id: String
    /// Display name.
    public var name: String
    /// Kind, e.g. `university hospital`, `general hospital`.
    public var kind: String
    /// City.
    public var city: String
    /// Region.
    public var region: String
    /// Every other column, by header name.
    public var attributes: [String: String]

    /// Creates an institution.
    public init(id: String, name: String, kind: String = "", city: String = "", region: String = "",
                attributes: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.kind = kind
        self.city = city
        self.region = region
        self.attributes = attributes
    }
}

/// A directed referral or shared-patient link between two experts, with its patient count.
///
/// Rows of `referrals.csv` for the same pair and period are summed into one `Referral`. The counts the
/// published US files carry besides unique patients (`pair_count` and `same_day_count` in CMS
/// "Physician Shared Patient Patterns", `transaction_count` in hop-teaming files) are stored in fixed
/// fields, so that a national file of tens of millions of links needs no dictionary per link; any
/// other numeric column lands in ``extraCounts``. ``counts`` shows them all by column name.
public struct Referral: Hashable, Sendable {
    /// Index of the referring expert in ``Dataset/experts``.
    public var source: Int
    /// Index of the receiving expert in ``Dataset/experts``.
    public var target: Int
    /// Patients shared or referred (summed over rows of the same pair and period): unique
    /// beneficiaries (`bene_count`, `patient_count`) in the published formats.
    public var patients: Int
    /// The period the count refers to, or `nil` when the row has none.
    public var period: Period?
    // Optional counts stored inline; `Int.min` means absent (counts are never negative).
    private var pair = Int.min
    private var sameDay = Int.min
    private var transactions = Int.min
    /// Numeric columns other than `patients`, `pair_count`, `same_day_count` and `transaction_count`,
    /// by header name (summed like `patients`): columns whose every value is a whole number ≥ 0.
    /// Usually empty.
    public var extraCounts: [String: Int] = [:]
    /// Text columns of the referrals file (any other column holding something else than whole
    /// numbers, e.g. `source_name`), by header name, with the value of the link's first row that has
    /// one. Usually empty.
    public var attributes: [String: String] = [:]

    /// Column names with a field of their own.
    public static let pairCountName = "pair_count"
    /// Column name of ``sameDayCount``.
    public static let sameDayCountName = "same_day_count"
    /// Column name of ``transactionCount``.
    public static let transactionCountName = "transaction_count"

    /// Shared encounters (`pair_count` in CMS shared-patient files), when given.
    public var pairCount: Int? {
        get { pair == .min ? nil : pair }
        set { pair = newValue ?? .min }
    }
    /// Encounters on the same day (`same_day_count` in CMS shared-patient files), when given.
    public var sameDayCount: Int? {
        get { sameDay == .min ? nil : sameDay }
        set { sameDay = newValue ?? .min }
    }
    /// Shared transactions (`transaction_count` in hop-teaming files), when given.
    public var transactionCount: Int? {
        get { transactions == .min ? nil : transactions }
        set { transactions = newValue ?? .min }
    }

    /// Every other numeric column, by name: `pair_count`, `same_day_count` and `transaction_count`
    /// when present, then ``extraCounts``. Setting it redistributes the values.
    public var counts: [String: Int] {
        get {
            var c = extraCounts
            if let v = pairCount { c[Referral.pairCountName] = v }
            if let v = sameDayCount { c[Referral.sameDayCountName] = v }
            if let v = transactionCount { c[Referral.transactionCountName] = v }
            return c
        }
        set {
            var c = newValue
            pairCount = c.removeValue(forKey: Referral.pairCountName)
            sameDayCount = c.removeValue(forKey: Referral.sameDayCountName)
            transactionCount = c.removeValue(forKey: Referral.transactionCountName)
            extraCounts = c
        }
    }

    /// Creates a referral; `counts` may name `pair_count`, `same_day_count`, `transaction_count` and
    /// any other numeric column.
    public init(source: Int, target: Int, patients: Int, period: Period? = nil, counts: [String: Int] = [:]) {
        self.source = source
        self.target = target
        self.patients = patients
        self.period = period
        if !counts.isEmpty { self.counts = counts }
    }

    /// Creates a referral with the published files' counts.
    public init(source: Int, target: Int, patients: Int, period: Period? = nil, pairCount: Int?,
                sameDayCount: Int? = nil, transactionCount: Int? = nil, extraCounts: [String: Int] = [:]) {
        self.source = source
        self.target = target
        self.patients = patients
        self.period = period
        self.pair = pairCount ?? .min
        self.sameDay = sameDayCount ?? .min
        self.transactions = transactionCount ?? .min
        self.extraCounts = extraCounts
    }
}

/// An undirected professional tie between two experts: co-authorship, a shared trial, an advisory board.
public struct Collaboration: Hashable, Sendable {
    /// Index of one expert.
    public var a: Int
    /// Index of the other expert.
    public var b: Int
    /// Kind of tie, e.g. `co-author`.
    public var kind: String
    /// Strength of the tie (1 when the file gives none).
    public var weight: Double

    /// Creates a collaboration.
    public init(a: Int, b: Int, kind: String = "", weight: Double = 1) {
        self.a = a
        self.b = b
        self.kind = kind
        self.weight = weight
    }
}

/// One contact between a liaison and an expert: a visit, a call, a meeting at a congress.
public struct Interaction: Hashable, Sendable {
    /// Identifier, unique within `interactions.csv`.
    public var id: String
    /// The day it took place.
    public var date: Day
    /// Index of the expert in ``Dataset/experts``.
    public var expert: Int
    /// The liaison (MSL) who had the interaction.
    public var liaison: String
    /// Channel, e.g. `in-person`, `virtual`, `phone`, `congress`.
    public var channel: String
    /// Topic discussed, if recorded.
    public var topic: String
    /// Duration in minutes, if recorded.
    public var durationMinutes: Int?

    /// Creates an interaction.
    public init(id: String, date: Day, expert: Int, liaison: String, channel: String, topic: String = "",
                durationMinutes: Int? = nil) {
        self.id = id
        self.date = date
        self.expert = expert
        self.liaison = liaison
        self.channel = channel
        self.topic = topic
        self.durationMinutes = durationMinutes
    }
}

/// How many interactions are planned with one expert in one period (a row of `plan.csv`).
public struct PlanEntry: Hashable, Sendable {
    /// Index of the expert in ``Dataset/experts``.
    public var expert: Int
    /// The planning period.
    public var period: Period
    /// Interactions planned.
    public var planned: Int

    /// Creates a plan entry.
    public init(expert: Int, period: Period, planned: Int) {
        self.expert = expert
        self.period = period
        self.planned = planned
    }
}
