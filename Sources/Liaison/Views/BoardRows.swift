/// One board member as a person reads it.
public struct BoardRowView: Sendable, Hashable {
    /// Position on the board (1 = the largest reach on their own).
    public var rank: Int
    /// Expert id, name, institution name and region.
    public var id: String, name: String, institution: String, region: String
    /// What the member adds to the reached experts, given those above (−1 for a member who was
    /// within reach of them and reaches no one new; see ``BoardMember/marginalGain``).
    public var marginalGain: Int
    /// Experts other than the member reached by them and by no member above (≥ 0).
    public var newlyReached: Int
    /// Whether the members above already reached this one.
    public var withinReachBefore: Bool
    /// Experts reached by the members up to this one.
    public var cumulative: Int
}

/// An advisory board as rows, alternatives and JSON, for the CLI.
public struct BoardView: Sendable {
    /// The board.
    public let board: AdvisoryBoard
    /// The members, in order of marginal gain.
    public let rows: [BoardRowView]
    /// The dataset.
    public let dataset: Dataset
    /// The CSV columns.
    public static let csvColumns = ["id", "name", "institution", "marginal_gain"]

    /// The region of expert `v`: theirs, else their institution's.
    public static func region(_ d: Dataset, _ v: Int) -> String {
        let r = d.experts[v].region.trimmingSpaces
        return r.isEmpty ? (d.institution(ofExpert: v)?.region ?? "") : r
    }

    /// The rows of `board`.
    public init(_ board: AdvisoryBoard, dataset d: Dataset) {
        self.board = board
        dataset = d
        var total = 0
        rows = board.members.enumerated().map { k, m in
            total += m.marginalGain
            let e = d.experts[m.expert]
            return BoardRowView(rank: k + 1, id: e.id, name: e.name, institution: d.institutionName(ofExpert: m.expert),
                                region: BoardView.region(d, m.expert), marginalGain: m.marginalGain,
                                newlyReached: m.newlyReached, withinReachBefore: m.withinReachBefore, cumulative: total)
        }
    }

    /// The members for people: what each newly reaches and the running count of experts reached.
    /// The region goes first in a narrow terminal; identity columns blank on every row are left
    /// out (``BlankColumns``).
    public var peopleTable: TabularOutput {
        var t = TabularOutput(columns: ["#", "id", "name", "institution", "region", "newly reached", "reached so far"])
        t.dropOrder = ["region"]
        for r in rows {
            t.rows.append([.int(r.rank), .text(r.id), .text(r.name), .text(r.institution), .text(r.region),
                           .int(r.newlyReached), .int(r.cumulative)])
        }
        return t.removing(columns: BlankColumns.of(dataset))
    }

    /// The alternatives for people: who is replaced by whom, and what the changed board reaches;
    /// identity columns blank on every row are left out (``BlankColumns``).
    public var alternativesTable: TabularOutput {
        var t = TabularOutput(columns: ["replace", "by", "institution", "reached", "m-reach"])
        for x in board.alternatives {
            t.rows.append([.text(label(x.out)), .text(label(x.into)), .text(dataset.institutionName(ofExpert: x.into)),
                           .int(x.reached), .text(CoverageView.percentText(x.mReach))])
        }
        return t.removing(columns: BlankColumns.of(dataset))
    }

    /// Notes under the members: why the running count falls where members were already within reach.
    public func notes(reach: Int) -> [String] {
        let ranks = rows.filter(\.withinReachBefore).map(\.rank)
        guard let first = ranks.first, let last = ranks.last else { return [] }
        let steps = "\(reach) step\(reach == 1 ? "" : "s")"
        let who = ranks.count == 1 ? "Member #\(first) was"
            : "Members " + (last - first + 1 == ranks.count && ranks.count > 2 ? "#\(first) to #\(last)"
                                                                             : listText(ranks.map { "#\($0)" })) + " were"
        return ["\(who) already within \(steps) of the members above: on the board they no longer count as "
                + "reached, so \"reached so far\" adds one less than each newly reaches."]
    }

    /// `a, b and c`; the first 5 and a count of the rest beyond that.
    private func listText(_ items: [String]) -> String {
        let shown = items.count > 6 ? Array(items.prefix(5)) + ["\(items.count - 5) more"] : items
        return shown.count == 1 ? shown[0] : shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "")
    }

    /// `ID (Name)`.
    public func label(_ v: Int) -> String {
        dataset.experts[v].idAndName
    }

    /// The members as CSV (``csvColumns``).
    public var csv: TabularOutput {
        var t = TabularOutput(columns: BoardView.csvColumns)
        for r in rows { t.rows.append([.text(r.id), .text(r.name), .text(r.institution), .int(r.marginalGain)]) }
        return t
    }

    /// How the board was found, in words.
    public var method: String {
        board.isOptimal
            ? "optimal: exact branch and bound (\(plural(board.searchNodes, "node"))) from the lazy greedy's board"
            : "lazy greedy (CELF), improved by a branch and bound stopped after \(plural(board.searchNodes, "node")): "
                + "not proven optimal"
    }

    /// Everything as JSON; `context` adds the settings first.
    public func json(_ context: [(String, JSONValue)]) -> JSONValue {
        let b = board
        let greedy = b.counted - b.countedMembers > 0 ? JSONValue.number(Double(b.greedyReached) / Double(b.counted - b.countedMembers)) : .null
        return .object(context + [
            ("counted", .int(b.counted)), ("reached", .int(b.reached)), ("m_reach", b.mReach.map(JSONValue.number) ?? .null),
            ("optimal", .bool(b.isOptimal)), ("method", .string(b.isOptimal ? "exact" : "greedy")),
            ("greedy_reached", .int(b.greedyReached)), ("greedy_m_reach", greedy), ("search_nodes", .int(b.searchNodes)),
            ("members", .array(rows.map { r in
                .object([("id", .string(r.id)), ("name", .string(r.name)), ("institution", .string(r.institution)),
                         ("region", .string(r.region)), ("marginal_gain", .int(r.marginalGain)), ("newly_reached", .int(r.newlyReached)),
                         ("within_reach_before", .bool(r.withinReachBefore)), ("cumulative_reached", .int(r.cumulative))])
            })),
            ("alternatives", .array(b.alternatives.map { s in
                .object([("out", .string(dataset.experts[s.out].id)), ("out_name", .string(dataset.experts[s.out].name)),
                         ("in", .string(dataset.experts[s.into].id)), ("in_name", .string(dataset.experts[s.into].name)),
                         ("in_institution", .string(dataset.institutionName(ofExpert: s.into))),
                         ("reached", .int(s.reached)), ("m_reach", s.mReach.map(JSONValue.number) ?? .null)])
            })),
        ])
    }
}
