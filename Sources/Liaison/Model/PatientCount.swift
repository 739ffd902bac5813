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
        referralIssues(ReferralTable(referrals), experts: experts, file: file, limit: limit)
    }

    /// The same check on the columns of a loaded dataset (``Dataset/links``), reading them in place:
    /// no ``Referral`` is made except for the rows reported.
    ///
    /// - Complexity: O(r) for r rows; a hash table of pair sums only when links carry several periods.
    public static func referralIssues(_ links: ReferralTable, experts: [Expert], file: String,
                                      limit: Int = 50) -> [DataIssue] {
        func pair(_ row: Int, withPeriod: Bool) -> String {
            func id(_ v: Int32) -> String { v >= 0 && Int(v) < experts.count ? UserText.quoted(experts[Int(v)].id) : "#\(v)" }
            let period = withPeriod ? links.period(row).map { " (\($0.label))" } ?? "" : ""
            return "\(id(links.source[row])) → \(id(links.target[row]))" + period
        }
        var issues: [DataIssue] = []
        func check(_ row: Int, _ name: String, _ value: Int) {
            if let why = problem(value) {
                issues.append(DataIssue(file: file, message: "referral \(pair(row, withPeriod: true)): \(UserText.escaped(name)) \(value) \(why)"))
            }
        }
        let named: [(String, [Int])] = [(Referral.pairCountName, links.pair), (Referral.sameDayCountName, links.sameDay),
                                        (Referral.transactionCountName, links.transactions)]
            + links.extraCounts.sorted { $0.name < $1.name }.map { ($0.name, $0.values) }
        let columns = named.filter { !$0.1.isEmpty }
        for row in 0..<links.count {
            check(row, "patients", links.patients[row])
            // `Int.min` marks a link without the column.
            for (name, values) in columns where values[row] != .min { check(row, name, values[row]) }
            if issues.count >= limit { return Array(issues.prefix(limit)) }
        }
        let codes = links.periodCodes
        guard issues.isEmpty, let first = codes.first, codes.contains(where: { $0 != first }) else { return issues }
        var total = [UInt64: Int](minimumCapacity: links.count)
        for row in 0..<links.count {
            let key = UInt64(UInt32(bitPattern: links.source[row])) << 32 | UInt64(UInt32(bitPattern: links.target[row]))
            let before = total[key, default: 0]
            if before > ceiling { continue }   // reported once
            let t = before + links.patients[row]   // both ≤ C: no overflow
            total[key] = t
            if t > ceiling {
                issues.append(DataIssue(file: file, message: "referrals \(pair(row, withPeriod: false)): patients summed over the pair's rows "
                                        + "and periods exceed \(ceilingText), the most Liaison accepts for one pair "
                                        + "(no real referral count comes near it)"))
                if issues.count >= limit { return issues }
            }
        }
        return issues
    }
}
