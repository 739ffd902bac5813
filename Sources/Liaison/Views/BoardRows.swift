/// One board member as a person reads it.
public struct BoardRowView: Sendable, Hashable {
    /// Position on the board (1 = the largest reach on their own).
    public var rank: Int
    /// Expert id, name, institution name and region.
    public var id: String, name: String, institution: String, region: String
    /// Experts newly reached with this member, given those above.
    public var marginalGain: Int
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
                                region: BoardView.region(d, m.expert), marginalGain: m.marginalGain, cumulative: total)
        }
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
            ? "optimal: exact branch and bound (\(board.searchNodes) node\(board.searchNodes == 1 ? "" : "s")) from the lazy greedy's board"
            : "lazy greedy (CELF), improved by a branch and bound stopped after \(board.searchNodes) nodes: "
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
                         ("region", .string(r.region)), ("marginal_gain", .int(r.marginalGain)), ("cumulative_reached", .int(r.cumulative))])
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
