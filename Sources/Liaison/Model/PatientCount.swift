/// The ceiling on patient counts, and why every sum of counts in Liaison then stays inside `Int`.
///
/// ## The ceiling
///
/// ``ceiling`` = 1 000 000 000 (10⁹). A count is the patients two physicians share, or one refers
/// to the other, in a period: the largest in CMS's national shared-patient files are in the tens of
/// thousands, and the whole United States has 3.4 × 10⁸ people. A count of 10⁹ or more for one pair
/// is a corrupt or hostile file, never a real one — and refusing it keeps the arithmetic below exact.
///
/// The rule, applied by every reader (CSV, edge list, node-link JSON, GraphML, DOT, the workspace):
/// a count read from any source must lie in `0...ceiling`, and so must **one pair's patients summed
/// over all its rows and periods** (``sum(_:_:)`` while rows are merged; ``referralIssues(_:experts:file:)``
/// over a whole dataset). Otherwise: a located error (`FILE:LINE:COLUMN`, or the file and the pair).
///
/// ## Why sums are bounded
///
/// Let C = 10⁹ and n the number of experts; n ≤ 2³¹ − 1, because the referral graph indexes
/// nodes with `Int32` (``Digraph/init(nodeCount:edges:)``). Every analysis first builds that graph.
///
/// - **One pair** (any periods, both directions): ≤ 2C = 2 × 10⁹. These are the `Int` sums of the
///   gaps' and the plan's way-in ties (`CoverageGaps`, `GapView`, `PlanningSetup`) and the
///   undirected weight w(A,B) + w(B,A) (`--undirected`).
/// - **One expert's links** (sent, received, or to the peers of a focal expert — `ReferrerPatterns`'
///   `to_focal` and `to_peers`): at most n − 1 pairs each way, so ≤ 2C(n − 1) < 2 × 10⁹ × 2³¹
///   ≈ 4.3 × 10¹⁸ < `Int.max` ≈ 9.22 × 10¹⁸.
/// - **Many experts** (an institution's or a community's patients, strengths, the network's total)
///   are summed in `Double`, like the graph's weights: a `Double` sum cannot trap, is exact below
///   2⁵³ ≈ 9 × 10¹⁵, and is shown through ``fixed(_:decimals:)``, which formats any finite value.
///
/// So no `Int` sum of counts in the analytics can overflow: each is over one pair or one expert.
/// `CountCeilingTests` checks each at the ceiling.
public enum PatientCount {
    /// The largest patient count accepted, for one value and for one pair summed over its rows.
    public static let ceiling = 1_000_000_000

    /// The ceiling as text, `1 000 000 000`.
    public static let ceilingText = "1 000 000 000"

    /// Why `value` is refused (`nil` when it lies in `0...ceiling`), for a message like
    /// `patients 9223372036854775807 is above …`.
    public static func problem(_ value: Int) -> String? {
        if value < 0 { return "is negative" }
        if value > ceiling { return aboveCeiling }
        return nil
    }

    /// The words for a count above the ceiling.
    public static let aboveCeiling = "is above \(ceilingText), the largest count Liaison accepts "
        + "(no real referral count comes near it: the file is damaged, or this is not a count)"

    /// `a + b` when both are counts and the sum stays at most ``ceiling``; `nil` otherwise (never traps).
    public static func sum(_ a: Int, _ b: Int) -> Int? {
        guard (0...ceiling).contains(a), (0...ceiling).contains(b) else { return nil }
        let s = a + b   // ≤ 2 × 10⁹: cannot overflow
        return s <= ceiling ? s : nil
    }

    /// Checks a dataset's referrals: every count in `0...ceiling`, and every pair's patients summed
    /// over its rows (several periods) at most ``ceiling``. At most `limit` issues, each naming
    /// `file` and the pair by expert id.
    ///
    /// - Complexity: O(r) for r rows; the per-pair sums (a hash table) only when rows carry more than
    ///   one period — otherwise the readers' merging already made one row per pair.
    public static func referralIssues(_ referrals: [Referral], experts: [Expert], file: String,
                                      limit: Int = 50) -> [DataIssue] {
        func pair(_ r: Referral) -> String {
            func id(_ v: Int) -> String { v >= 0 && v < experts.count ? UserText.quoted(experts[v].id) : "#\(v)" }
            return "\(id(r.source)) → \(id(r.target))" + (r.period.map { " (\($0.label))" } ?? "")
        }
        var issues: [DataIssue] = []
        var severalPeriods = false
        let first = referrals.first?.period
        for r in referrals {
            if r.period != first { severalPeriods = true }
            func check(_ name: String, _ value: Int?) {
                if let value, let why = problem(value) {
                    issues.append(DataIssue(file: file, message: "referral \(pair(r)): \(UserText.escaped(name)) \(value) \(why)"))
                }
            }
            check("patients", r.patients)
            check(Referral.pairCountName, r.pairCount)
            check(Referral.sameDayCountName, r.sameDayCount)
            check(Referral.transactionCountName, r.transactionCount)
            for (name, v) in r.extraCounts { check(name, v) }
            if issues.count >= limit { return Array(issues.prefix(limit)) }
        }
        guard issues.isEmpty, severalPeriods else { return issues }
        var total = [UInt64: Int](minimumCapacity: referrals.count)
        for r in referrals {
            let key = UInt64(UInt32(truncatingIfNeeded: r.source)) << 32 | UInt64(UInt32(truncatingIfNeeded: r.target))
            let before = total[key, default: 0]
            if before > ceiling { continue }   // reported once
            let t = before + r.patients        // both ≤ C: no overflow
            total[key] = t
            if t > ceiling {
                var p = r
                p.period = nil
                issues.append(DataIssue(file: file, message: "referrals \(pair(p)): patients summed over the pair's rows "
                                        + "and periods exceed \(ceilingText), the most Liaison accepts for one pair "
                                        + "(no real referral count comes near it)"))
                if issues.count >= limit { return issues }
            }
        }
        return issues
    }
}
