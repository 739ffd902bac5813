import ArgumentParser
import Foundation
import Liaison

struct Board: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose an advisory board of K experts that reaches the most of the network.",
        discussion: """
        m-reach = experts not on the board within M steps of a member / (n - K), along referral or \
        collaboration links taken in either direction (referrals of the latest four quarters). The \
        board is found by a greedy with lazy evaluation (CELF), then an exact branch and bound that \
        proves the optimum when it finishes within its work budget; the output says which. Each \
        member's "newly reached" are the experts no member above them reaches. Alternatives: the best \
        boards that swap one member.

        --region R (repeatable) keeps candidates and the counted experts to those regions (paths may \
        pass through anyone); --max-per-institution N limits members from one institution.

        Examples:
          liaison board --size 8
          liaison board --size 5 --reach 1 --max-per-institution 1
          liaison board --size 4 --region Wallonia --format json
        """
    )

    @OptionGroup var data: DatasetOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("K, the number of members.", valueName: "k"))
    var size: Int

    @Option(parsing: .unconditional, help: ArgumentHelp("M, the steps a member reaches (default 2).", valueName: "m"))
    var reach: Int = 2

    @Option(name: .customLong("max-per-institution"), parsing: .unconditional, help: ArgumentHelp("At most N members from one institution.", valueName: "n"))
    var maxPerInstitution: Int?

    @Option(name: .customLong("region"), parsing: .singleValue,
            help: ArgumentHelp("Only this region's experts, as members and as reached (repeat for several).", valueName: "region"))
    var regions: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("How many alternative swaps to show.", valueName: "n"))
    var alternatives: Int = 5

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        try OptionRange.check(size, "--size", OptionRange.rows)
        try OptionRange.check(reach, "--reach", 1...Int.max, unit: "steps")
        try OptionRange.check(maxPerInstitution, "--max-per-institution", OptionRange.rows)
        try OptionRange.check(alternatives, "--alternatives", 0...Int.max)
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            let period = PlanningSetup.latestFourQuarters(d)
            let network = BoardNetwork(d, period: period)
            var o = BoardOptions(size: size, reach: reach)
            o.maxPerInstitution = maxPerInstitution
            o.institution = d.experts.map(\.institution)
            o.alternatives = alternatives
            if !regions.isEmpty {
                let known = Set(d.experts.indices.map { BoardView.region(d, $0) }.filter { !$0.isEmpty })
                let wanted = Set(regions.map { $0.trimmingSpaces.lowercased() })
                let unknown = wanted.filter { w in !known.contains { $0.lowercased() == w } }
                guard unknown.isEmpty else {
                    throw CLIError("--region: no expert is in \(unknown.sorted().map { UserText.quoted($0) }.joined(separator: ", ")); "
                                   + "regions: \(known.sorted().joined(separator: ", "))")
                }
                let inRegion = d.experts.indices.map { wanted.contains(BoardView.region(d, $0).lowercased()) }
                o.candidates = inRegion
                o.counted = inRegion
            }
            let board: AdvisoryBoard
            do { board = try AdvisoryBoard.choose(network, options: o) } catch let e as BoardError { throw CLIError(e.description) }
            let view = BoardView(board, dataset: d)
            switch format {
            case .csv: Console.out(view.csv.csv(forSpreadsheet: Console.excel))
            case .json:
                let ctx: [(String, JSONValue)] = [
                    ("size", .int(size)), ("reach", .int(reach)),
                    ("max_per_institution", maxPerInstitution.map(JSONValue.int) ?? .null),
                    ("regions", .array(regions.map(JSONValue.string))),
                    ("network_period", period.map { .string($0.label) } ?? .null),
                    ("network", .object([("experts", .int(d.experts.count)), ("links", .int(network.linkCount))])),
                ]
                Console.out(view.json(ctx).serialized() + "\n")
            case .table: Console.out(table(view, period: period, links: network.linkCount))
            }
        }
    }

    func table(_ v: BoardView, period: Period?, links: Int) -> String {
        let b = v.board
        var s = "Advisory board of \(size), reach \(reach) step\(reach == 1 ? "" : "s")"
        if !regions.isEmpty { s += ", \(regions.joined(separator: " + "))" }
        if let m = maxPerInstitution { s += ", at most \(m) per institution" }
        s += "\nNetwork: \(links) referral or collaboration links"
            + (period.map { " (referrals \($0.start) to \($0.end))" } ?? " (all referrals)") + "\n"
        s += "m-reach \(CoverageView.percentText(b.mReach)): \(b.reached) of the \(b.counted - b.countedMembers) experts off the board "
            + "are within \(reach) step\(reach == 1 ? "" : "s") of a member\n"
        s += "Method: \(v.method)"
        if b.greedyReached != b.reached { s += "; the greedy alone reached \(b.greedyReached)" }
        s += "\n\n"
        s += v.peopleTable.table(fitting: Console.width)
        for note in v.notes(reach: reach) { s += "\n" + note + "\n" }
        if !b.alternatives.isEmpty {
            s += "\nNext best boards (one member swapped):\n" + v.alternativesTable.table(fitting: Console.width)
        }
        return s
    }
}
