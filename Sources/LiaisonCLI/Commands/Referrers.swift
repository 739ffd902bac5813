import ArgumentParser
import Liaison

struct Referrers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who sends patients to one expert: loyalists, splitters and opportunities.",
        discussion: """
        For the focal expert F, every expert R who sends F patients, with
          to_focal  patients R -> F
          to_peers  patients R -> the peers of F (experts of F's specialty other than F)
          share     to_focal / (to_focal + to_peers)
        and a class: loyalist (share >= 50 %), opportunity (share < 25 % and at least 11 patients to peers: \
        most of their patients go elsewhere), splitter (the rest). --undirected counts patients shared in \
        either direction (R -> F plus F -> R; columns with_focal, with_peers), for places whose rules forbid \
        showing a direction.

        Privacy: counts from 1 to N-1 show as <N (--min-cell N, default 11). Since the to_focal counts add up \
        to F's in-strength (shown by `liaison rank`), when a hidden count could be worked out by subtraction \
        the smallest shown counts are hidden too, shown as * (complementary suppression). A share is hidden \
        when either of its counts is. Classes use the true counts.

        Examples:
          liaison referrers E085
          liaison referrers E085 path/to/dataset --format csv > e085-referrers.csv
          liaison referrers E085 --period 2026Q2 --undirected --format json
        """
    )

    @Argument(help: ArgumentHelp("The focal expert: an id (any case) or a name.", valueName: "id"))
    var id: String

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions

    /// `--undirected` (from the dataset options): count patients shared in either direction.
    var undirected: Bool { data.undirected }

    @Option(help: "Use only referrals of this period (2026Q2, 2026, 2026-03, or a date range).")
    var period: String?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load(applyUndirected: false)
            let found = d.lookUpExpert(id)
            guard case .found(let focal) = found else { throw CLIError(found.problem(id, in: d) ?? "") }
            let p = try data.period(period, option: "--period")
            let r = ReferrerPatterns.analyze(d, focal: focal, options: ReferrerOptions(undirected: undirected, period: p))
            let view = ReferrerView(r, dataset: d, threshold: privacy.minCell)
            let e = d.experts[focal]
            switch format {
            case .csv: Console.out(view.table.csv(forSpreadsheet: Console.excel))
            case .json:
                let totalName = undirected ? "patients_shared" : "patients_received"
                let classes: JSONValue = .object(ReferrerClass.allCases.map { c -> (String, JSONValue) in
                    (c.rawValue, view.referrerCount.isHidden ? .null : .int(view.byClass[c] ?? 0))
                })
                let hidden = [(totalName, view.received), ("referrer_count", view.referrerCount)].filter { $0.1.isHidden }.map(\.0)
                let root: JSONValue = .object([
                    ("focal", .object([("id", .string(e.id)), ("name", .string(e.name)),
                                       ("specialty", .string(r.specialty))])),
                    ("undirected", .bool(undirected)), ("period", p.map { .string($0.label) } ?? .null),
                    ("min_cell", .int(privacy.minCell)), ("peers", .int(r.peerCount)),
                    (totalName, view.received.json),
                    ("referrer_count", view.referrerCount.json),
                    ("classes", classes),
                    ("referrers", view.table.jsonValue()),
                ] + (hidden.isEmpty ? [] : [("suppressed", .bool(true)), ("suppressed_fields", .array(hidden.map(JSONValue.string)))]))
                Console.out(root.serialized() + "\n")
            case .table:
                var s = view.heading(d, period: p) + "\n"
                // Identity columns blank on every row are left out of the table (BlankColumns).
                let table = view.table.removing(columns: BlankColumns.of(d))
                s += table.rows.isEmpty ? (r.referrers.isEmpty ? "(none)\n" : "(withheld)\n") : table.table(fitting: Console.width)
                s += "\n" + view.notes.joined(separator: "\n") + "\n"
                Console.out(s)
            }
        }
    }
}
