import ArgumentParser
import Liaison

struct Referrers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who sends patients to one expert: loyalists, splitters and opportunities.",
        discussion: """
        For the focal expert F, every expert R who sends F patients, with
          to_focal  patients R → F
          to_peers  patients R → the peers of F (experts of F's specialty other than F)
          share     to_focal / (to_focal + to_peers)
        and a class: loyalist (share ≥ 50 %), opportunity (share < 25 % and at least 11
        patients to peers: most of their patients go elsewhere), splitter (the rest).
        --undirected counts patients shared in either direction (R → F plus F → R; columns
        with_focal, with_peers), for places whose rules forbid showing a direction.

        Privacy: counts from 1 to N-1 show as <N (--min-cell N, default 11). Since the
        to_focal counts add up to F's in-strength (shown by `liaison rank`), when a hidden
        count could be worked out by subtraction the smallest shown counts are hidden too,
        shown as * (complementary suppression). A share is hidden when either of its counts
        is. Classes use the true counts.

        Examples:
          liaison referrers E085
          liaison referrers E085 path/to/dataset --format csv > e085-referrers.csv
          liaison referrers E085 --period 2026Q2 --undirected --format json
        """
    )

    @Argument(help: ArgumentHelp("The focal expert's id.", valueName: "id"))
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
            guard let focal = d.expertIndex[id.trimmingSpaces] else {
                throw CLIError("unknown expert id '\(id)': no expert of \(d.source) has this id")
            }
            let p = try period.map { try parsePeriod($0, option: "--period") }
            let r = ReferrerPatterns.analyze(d, focal: focal, options: ReferrerOptions(undirected: undirected, period: p))
            let t = privacy.minCell
            let focalVis = SmallCell.protectParts(r.referrers.map(\.toFocal), threshold: t)
            let peerVis = r.referrers.map { SmallCell.hides(Double($0.toPeers), threshold: t) ? CellVisibility.primary : .shown }
            // Display order: class, then shown count (hidden ones last, so their order reveals nothing), then id.
            let order = r.referrers.indices.sorted { a, b in
                let x = r.referrers[a], y = r.referrers[b]
                if x.kind != y.kind { return x.kind < y.kind }
                let vx = focalVis[a].isHidden ? -1 : x.toFocal, vy = focalVis[b].isHidden ? -1 : y.toFocal
                if vx != vy { return vx > vy }
                return d.experts[x.expert].id < d.experts[y.expert].id
            }
            let names = undirected ? ("with_focal", "with_peers") : ("to_focal", "to_peers")
            let columns = ["id", "name", "institution", "specialty", "class", names.0, names.1, "share"]
            var display = TabularOutput(columns: columns, threshold: t)
            var json = TabularOutput(columns: columns, threshold: t)
            for k in order {
                let x = r.referrers[k]
                let e = d.experts[x.expert]
                let lead: [Cell] = [.text(e.id), .text(e.name), .text(d.institutionName(ofExpert: x.expert)),
                                    .text(e.specialty), .text(x.kind.rawValue)]
                let shareHidden = focalVis[k].isHidden || peerVis[k].isHidden
                let share: Cell = shareHidden ? .suppressed : .number((x.share * 100).rounded() / 100)
                let shareText: Cell = shareHidden ? .text(SmallCell.complementaryMarker)
                    : (format == .table ? .text(percent(x.share)) : share)
                display.rows.append(lead + [SmallCell.displayCell(x.toFocal, focalVis[k]),
                                            SmallCell.displayCell(x.toPeers, peerVis[k]), shareText])
                json.rows.append(lead + [SmallCell.jsonCell(x.toFocal, focalVis[k]),
                                         SmallCell.jsonCell(x.toPeers, peerVis[k]), share])
            }
            let e = d.experts[focal]
            let received = SmallCell.cell(Double(r.totalToFocal), threshold: t)
            var byClass: [ReferrerClass: Int] = [:]
            for x in r.referrers { byClass[x.kind, default: 0] += 1 }
            switch format {
            case .csv: Console.out(display.csv())
            case .json:
                let root: JSONValue = .object([
                    ("focal", .object([("id", .string(e.id)), ("name", .string(e.name)),
                                       ("specialty", .string(r.specialty))])),
                    ("undirected", .bool(undirected)), ("period", p.map { .string($0.label) } ?? .null),
                    ("min_cell", .int(t)), ("peers", .int(r.peerCount)),
                    (undirected ? "patients_shared" : "patients_received", received.json),
                    ("referrer_count", .int(r.referrers.count)),
                    ("classes", .object(ReferrerClass.allCases.map { ($0.rawValue, .int(byClass[$0] ?? 0)) })),
                    ("referrers", json.jsonValue()),
                ] + (received == .suppressed ? [("suppressed", .bool(true)),
                                                ("suppressed_fields", .array([.string(undirected ? "patients_shared" : "patients_received")]))] : []))
                Console.out(root.serialized() + "\n")
            case .table:
                var s = "\(undirected ? "Experts sharing patients with" : "Referrers of") \(e.id) \(e.name)"
                s += r.specialty.isEmpty ? " (no specialty: every other expert counts as a peer)" : " (\(r.specialty), \(r.peerCount) peer\(r.peerCount == 1 ? "" : "s"))"
                s += p.map { " — referrals of \($0)" } ?? " — all referral periods"
                s += "\n\(r.referrers.count) \(undirected ? "expert" : "referrer")\(r.referrers.count == 1 ? "" : "s") ("
                s += ReferrerClass.allCases.map { "\(byClass[$0] ?? 0) \($0.rawValue)\((byClass[$0] ?? 0) == 1 ? "" : "s")" }.joined(separator: ", ")
                s += "); patients \(undirected ? "shared" : "received"): \(received.tableText(threshold: t))\n\n"
                s += r.referrers.isEmpty ? "(none)\n" : display.table()
                s += "\nloyalist: share ≥ 50 %; opportunity: share < 25 % and ≥ 11 patients to peers; splitter: the rest.\n"
                s += SmallCell.note(threshold: t) + "\n"
                if display.rows.contains(where: { $0.contains(.text(SmallCell.complementaryMarker)) }) {
                    s += "*: withheld — a share of a hidden count, or a count hidden so that the <\(t) counts cannot be worked out by subtraction (complementary suppression).\n"
                }
                Console.out(s)
            }
        }
    }
}
