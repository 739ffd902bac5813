/// What a coverage analysis counts and expects.
public struct CoverageOptions: Sendable, Hashable {
    /// Interactions expected per quarter with a tier-1 expert when the plan has no rows for the period.
    public var expectTier1: Double = 3
    /// Interactions expected per quarter with a tier-2 expert when the plan has no rows for the period.
    public var expectTier2: Double = 2
    /// Count only interactions on these channels (compared case-insensitively); `nil`: every channel.
    public var channels: Set<String>?
    /// Count only this liaison's interactions, and restrict targets to their book (see ``LiaisonOwnership``).
    public var liaison: String?
    /// Pace an unfinished period: ignore later interactions and scale expectations by the elapsed share.
    public var asOf: Day?
    /// The data's extraction day: interactions dated after it are planned calls and never counted
    /// (`nil`: every date counts). See ``CoverageWindow``.
    public var countedUntil: Day?
    /// First month of the fiscal year (1 = January); used to read plan quarter labels.
    public var fiscalYearStart: Int = 1
    /// The influence model that gives influence and tiers.
    public var model: InfluenceModel = InfluenceModel()

    /// Default options: 3 / 2 interactions a quarter for tier 1 / tier 2, every channel and liaison.
    public init(expectTier1: Double = 3, expectTier2: Double = 2, channels: Set<String>? = nil, liaison: String? = nil,
                asOf: Day? = nil, fiscalYearStart: Int = 1, model: InfluenceModel = InfluenceModel()) {
        self.expectTier1 = expectTier1
        self.expectTier2 = expectTier2
        self.channels = channels
        self.liaison = liaison
        self.asOf = asOf
        self.fiscalYearStart = fiscalYearStart
        self.model = model
    }

    /// Whether an interaction passes the channel and liaison filters (dates are checked elsewhere).
    public func counts(_ i: Interaction) -> Bool {
        if let channels, !channels.contains(where: { $0.lowercased() == i.channel.lowercased() }) { return false }
        if let liaison, liaison.lowercased() != i.liaison.lowercased() { return false }
        return true
    }
}

/// How experts are split into groups by `--by`.
public enum CoverageGrouping: String, CaseIterable, Sendable {
    case tier, region, institution, liaison, specialty, channel, topic
}

extension CoverageOptions {
    /// Counts only the channels of `channels` (comma-separated, compared case-insensitively) and only
    /// `liaison`'s book, each checked against the data: a channel no interaction has, or a name that is
    /// no liaison of the dataset, is an error listing the ones there are.
    public mutating func restrict(channels: String?, liaison: String?, in d: Dataset) throws(CoverageFilterError) {
        if let channels {
            let wanted = Set(channels.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty })
            let known = Set(d.interactions.map { $0.channel.lowercased() })
            let unknown = wanted.filter { !known.contains($0.lowercased()) }.sorted()
            if wanted.isEmpty || !unknown.isEmpty {
                throw .unknownChannels(unknown, known: Set(d.interactions.map(\.channel)).sorted())
            }
            self.channels = wanted
        }
        if let liaison {
            let names = Set(d.interactions.map(\.liaison)).union(LiaisonOwnership(d).owner)
                .subtracting([LiaisonOwnership.none])
            let wanted = liaison.trimmingSpaces
            guard names.contains(where: { $0.lowercased() == wanted.lowercased() }) else {
                throw .unknownLiaison(liaison, known: names.sorted())
            }
            self.liaison = wanted
        }
    }

    /// The filters in force in one line (`Counting only: channels …; liaison …`), or `nil`.
    public var filterLine: String? {
        var parts: [String] = []
        if let channels { parts.append("channels \(channels.sorted().joined(separator: ","))") }
        if let liaison { parts.append("liaison \(liaison)") }
        return parts.isEmpty ? nil : "Counting only: " + parts.joined(separator: "; ")
    }
}

/// A `--channel` or `--liaison` the data does not have.
public enum CoverageFilterError: Error, Sendable, CustomStringConvertible {
    case unknownChannels([String], known: [String])
    case unknownLiaison(String, known: [String])

    public var description: String {
        switch self {
        case .unknownChannels(let unknown, let known):
            return "--channel: no interaction has channel \(unknown.map { "\(UserText.quoted($0))" }.joined(separator: ", ")); "
                + "channels in the data: \(known.joined(separator: ", "))"
        case .unknownLiaison(let name, let known):
            return "--liaison \(UserText.quoted(name)) is not a liaison of this dataset; liaisons: \(known.joined(separator: ", "))"
        }
    }
}
