/// How one expert stands in a period, for colouring maps (`render --color-by coverage`).
public enum CoverageStatus: String, Sendable, CaseIterable {
    /// A target with at least one counted interaction and at least its expectation (so far).
    case reached
    /// A target with at least one counted interaction, but fewer than expected (so far).
    case underVisited = "under-visited"
    /// A target with no counted interaction in the period (also under-visited, and not even reached).
    case missed
    /// Not a target of the period (interactions with them count nowhere in the measures).
    case nonTarget = "non-target"

    /// Whether the expert is a target below expectation (``underVisited`` or ``missed``).
    public var isBelowExpectation: Bool { self == .underVisited || self == .missed }

    /// The status of a target with `actual` counted interactions against `expected` so far; pass
    /// `isTarget: false` for ``nonTarget``.
    public static func of(isTarget: Bool, actual: Int, expected: Double) -> CoverageStatus {
        guard isTarget else { return .nonTarget }
        if actual == 0 { return .missed }
        return Double(actual) < expected ? .underVisited : .reached
    }
}

/// How one expert changed between two periods, for `render --compare FROM TO`.
///
/// *Seen* in a period = at least one counted interaction in it (target or not). For each expert,
/// the first that applies:
/// - ``lost``: a FROM target seen in FROM and not seen in TO;
/// - ``gained``: a TO target seen in TO and not seen in FROM;
/// - ``stillReached``: a TO target seen in both;
/// - ``stillMissed``: a TO target not seen in TO (and not lost);
/// - ``nonTarget``: anyone else.
public enum ComparisonStatus: String, Sendable, CaseIterable {
    case gained
    case lost
    case stillReached = "still-reached"
    case stillMissed = "still-missed"
    case nonTarget = "non-target"

    /// The status from target membership and whether the expert was seen in each period.
    public static func of(targetFrom: Bool, targetTo: Bool, seenFrom: Bool, seenTo: Bool) -> ComparisonStatus {
        if targetFrom && seenFrom && !seenTo { return .lost }
        guard targetTo else { return .nonTarget }
        if seenTo { return seenFrom ? .stillReached : .gained }
        return .stillMissed
    }
}
