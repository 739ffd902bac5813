import ArgumentParser
import Liaison

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counts, periods covered and warnings for a dataset.",
        usage: "liaison summary [<dataset>] [<options>]",
        discussion: """
        Examples:
          liaison summary
          liaison summary path/to/dataset
          liaison summary path/to/dataset --add-encounters
        """
    )

    @OptionGroup var data: DatasetOptions

    /// `2025Q1 … 2026Q4` for sorted periods, the period alone when there is one, `nil` for none.
    static func span(_ periods: [Period]) -> String? {
        guard let f = periods.first, let l = periods.last else { return nil }
        return periods.count == 1 ? "\(f)" : "\(f) … \(l)"
    }

    func run() throws {
        let d = try data.load()
        var lines: [(String, String)] = []
        lines.append(("dataset", d.source))
        if !d.csvDelimiters.isEmpty {
            // Which separator each CSV file was read with, found from its first row: the header, or —
            // in a published shared-patient file, which has none — the first data row.
            var files: [CSVDelimiter: [String]] = [:]
            for (f, sep) in d.csvDelimiters { files[sep, default: []].append(f) }
            let text = files.count == 1 && files.first?.value.count ?? 0 > 1
                ? "\(files.first?.key.description ?? "") in every file"
                : CSVDelimiter.allCases.compactMap { k in files[k].map { "\(k) in \($0.sorted().joined(separator: ", "))" } }.joined(separator: "; ")
            lines.append(("separator", text + " (found from each file's first row)"))
        }
        lines.append(("experts", String(d.experts.count)))
        if d.filesPresent.contains("institutions.csv") { lines.append(("institutions", String(d.institutions.count))) }
        else if d.filesPresent.contains("experts.csv") {
            let names = Set(d.experts.map(\.institution).filter { !$0.isEmpty })
            lines.append(("institutions", "\(names.count) (named in experts.csv; no institutions.csv)"))
        } else {
            // A referral file alone (a published shared-patient file): nothing names an institution.
            lines.append(("institutions", "none (no institutions.csv or experts.csv)"))
        }
        if d.filesPresent.contains("referrals.csv") || !d.links.isEmpty {
            PhaseTimer.mark("loaded")
            let g = d.referralGraph()
            PhaseTimer.mark("graph")
            let linked = (0..<g.nodeCount).filter { g.inDegree($0) + g.outDegree($0) > 0 }.count
            lines.append(("referral links", "\(g.edgeCount) distinct pairs (\(d.links.count) pair-period rows), \(linked) experts linked"))
            let ps = d.referralPeriods
            if let span = Summary.span(ps) { lines.append(("referral periods", "\(ps.count): \(span)")) }
        } else { lines.append(("referral links", "none (no referrals.csv)")) }
        if d.filesPresent.contains("encounters.csv") {
            // Only how encounters were used: no patient or encounter counts (see README, Privacy).
            let window = data.encounterLoading.options.window
            if !d.filesPresent.contains("referrals.csv") {
                lines.append(("encounters", "encounters.csv: shared-patient links (\(window)-day window) used as the referrals"))
            } else if data.addEncounters {
                lines.append(("encounters", "encounters.csv: shared-patient links (\(window)-day window) added to referrals.csv"))
            } else {
                lines.append(("encounters", "encounters.csv: not used, referrals.csv is present (--add-encounters adds it)"))
            }
        }
        if d.filesPresent.contains("collaborations.csv") {
            // The count includes the ties derived from publications/ and trials/ (their own line below).
            let derived = d.science.derivedCollaborations
            lines.append(("collaborations", String(d.collaborations.count)
                          + (derived > 0 ? " (\(d.collaborations.count - derived) from collaborations.csv, \(derived) science ties)" : "")))
        }
        if d.filesPresent.contains("interactions.csv") {
            let days = d.interactions.map(\.date)
            var s = String(d.interactions.count)
            if let a = days.min(), let b = days.max() { s += " from \(a) to \(b)" }
            lines.append(("interactions", s))
            let liaisons = Set(d.interactions.map(\.liaison)).sorted()
            lines.append(("liaisons", "\(liaisons.count): \(liaisons.joined(separator: ", "))"))
            var channels: [String: Int] = [:]
            for i in d.interactions { channels[i.channel, default: 0] += 1 }
            lines.append(("channels", channels.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
            let reached = Set(d.interactions.map(\.expert)).count
            lines.append(("experts ever met", String(reached)))
        } else { lines.append(("interactions", "none (no interactions.csv)")) }
        if d.filesPresent.contains("plan.csv") {
            let periods = Set(d.plan.map(\.period)).sorted()
            lines.append(("plan", "\(plural(d.plan.count, "row")) over \(plural(periods.count, "period"))"
                          + (Summary.span(periods).map { " (\($0))" } ?? "")))
        }
        lines += ScienceViews.summaryLines(d)   // publications/ and trials/
        lines.append(("warnings", String(d.warnings.count)))
        let w = lines.map(\.0.count).max() ?? 0
        var out = ""
        for (k, v) in lines { out += k + String(repeating: " ", count: w - k.count) + "  " + sanitizeForTerminal(v) + "\n" }
        for warning in d.warnings { out += "  - " + sanitizeForTerminal(warning) + "\n" }
        Console.out(out)
        Console.finished()
    }
}
