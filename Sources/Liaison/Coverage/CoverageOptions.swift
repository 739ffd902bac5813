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
