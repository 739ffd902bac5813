import ArgumentParser
import Foundation
import Liaison

struct SharedPatientsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shared-patients",
        abstract: "Derive the shared-patient network from de-identified encounters (the CMS rule).",
        usage: "liaison shared-patients <encounters.csv> [--out <file>] [<options>]",
        discussion: """
        ENCOUNTERS.csv has columns patient, expert, date (YYYY-MM-DD; a time is ignored; --date-format \
        for 14/03/2026) and optionally institution. For each patient, every ordered pair of encounters with \
        experts A != B on days d1, d2 with 0 <= d2 - d1 <= --window makes one transaction A -> B; two \
        encounters on the same day make one each way, both counted as same_day. Per link: patients (distinct \
        patients with a transaction), pair_count (transactions), same_day_count. The same patient with the \
        same expert twice on one day is one encounter.

        Output: a referrals.csv (source,target,patients,pair_count,same_day_count), sorted by source and \
        target id. Links with 1 to N-1 patients are left out (--min-cell N, default 11, the CMS cell-size \
        rule); --min-cell 0 keeps every link. Patient ids are never written. A file sorted (grouped) by \
        patient is streamed in one pass; otherwise it is grouped in memory first, and a note says so.

        A dataset folder holding encounters.csv uses these links as its referrals when it has no \
        referrals.csv; with referrals.csv, --add-encounters adds them.

        Examples:
          liaison shared-patients encounters.csv --out referrals.csv
          liaison shared-patients encounters.csv --window 90 --out referrals.csv
          liaison shared-patients encounters.csv --undirected --min-cell 0 > links.csv
        """
    )

    @Argument(help: ArgumentHelp("Encounters file (patient, expert, date).", valueName: "encounters.csv"))
    var encounters: String

    @Option(parsing: .unconditional, help: "Largest gap in days between two encounters of a transaction (default 30).")
    var window: Int = 30

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var out: String?

    @OptionGroup var privacy: PrivacyOptions

    @Flag(help: "One undirected link per pair of experts (columns a,b,…), for rules that forbid showing direction.")
    var undirected = false

    @Flag(help: "Skip rows with errors (with a warning and a count) instead of failing.")
    var lenient = false

    @Option(name: .customLong("date-format"), help: ArgumentHelp(
        "How the dates are written besides ISO 8601 (always read). Slash dates are refused without it: 03/04/2026 is ambiguous.",
        valueName: "format"))
    var dateFormat: DateFormat = .iso

    @Flag(name: .shortAndLong, help: "Print no notes on stderr.")
    var quiet = false

    func validate() throws {
        try OptionRange.check(window, "--window", OptionRange.windowDays, unit: "days")
    }

    func run() throws {
        try LiaisonCommand.guarded {
            if let out {
                do throws(OutputFile.WriteError) { try OutputFile.refuseInput(out, inputs: [encounters]) } catch {
                    throw CLIError(error.description)
                }
            }
            let url = URL(fileURLWithPath: encounters)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else {
                throw CLIError("\(encounters): not an encounters file (expected a CSV file with columns patient, expert, date)")
            }
            let net: SharedPatientNetwork
            do {
                net = try SharedPatients.read(url: url, fileName: encounters, experts: nil,
                                              options: SharedPatientOptions(window: window, directed: !undirected),
                                              dateFormat: dateFormat, lenient: lenient)
            } catch let e as DatasetError {
                Console.error(e.description)
                throw ExitCode(1)
            }
            let t = privacy.minCell
            // Sorted by expert ids, so that the output does not depend on the order of the rows.
            let ids = net.expertIDs
            let kept = net.links.filter { !SmallCell.hides(Double($0.patients), threshold: t) }
                .sorted { a, b in ids[a.source] != ids[b.source] ? ids[a.source] < ids[b.source] : ids[a.target] < ids[b.target] }
            let dropped = net.links.count - kept.count
            var csv = (undirected ? "a,b" : "source,target") + ",patients,pair_count,same_day_count\n"
            for l in kept {
                csv += "\(csvEscape(ids[l.source])),\(csvEscape(ids[l.target])),\(l.patients),\(l.pairCount),\(l.sameDayCount)\n"
            }
            if let out { try writeOutput(Array(csv.utf8), to: out) } else { Console.out(csv) }
            if !quiet {
                for n in net.notes { Console.warn("note: \(n)") }
                let patients = SmallCell.cell(Double(net.patients), threshold: t).csvText(threshold: t)
                var msg = "\(out.map { "wrote \($0)" } ?? "shared-patient links"): \(kept.count) \(undirected ? "undirected " : "")link\(kept.count == 1 ? "" : "s")"
                msg += " from \(net.encounters) encounters of \(patients) patients, window \(window) days"
                if net.duplicateEncounters > 0 {
                    msg += "; \(net.duplicateEncounters) duplicate encounter\(net.duplicateEncounters == 1 ? "" : "s") (same patient, expert and day) counted once"
                }
                Console.warn(msg)
                if t > 0 {
                    Console.warn("left out \(dropped) link\(dropped == 1 ? "" : "s") with 1 to \(t - 1) patients (small-cell suppression; --min-cell 0 keeps them)")
                } else {
                    Console.warn("small-cell suppression is off (--min-cell 0): links with 1 to 10 patients are included")
                }
            }
        }
    }
}
