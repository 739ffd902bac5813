import ArgumentParser
import Foundation
import Liaison
import LiaisonWorkspace

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add a dataset folder or CRM export files to a workspace (one SQLite file), recording each import.",
        usage: "liaison import <source> ... --into <workspace> [<options>]",
        discussion: """
        The workspace is created (readable by its owner only) when absent. Every command accepts it wherever \
        it accepts a DATASET. All files of one import form one transaction: when any row has an error, nothing \
        is changed and the error is printed as FILE:LINE:COLUMN: message.

        Rows are stored under a key; a key seen before with the same content is unchanged, with other content \
        updated, else added. Keys: experts and institutions by id, interactions by id, referrals by (source, \
        target, period), plan by (expert, period), collaborations by (a, b, kind), encounters by (patient, \
        expert, date). Rows of one file with the same referral, plan or collaboration key are summed, as when \
        reading a dataset folder. Nothing is ever deleted.

        Examples:
          liaison import my-team/ --into team.liaison
          liaison import crm/Calls_2026-03.csv --kind interactions \\
              --into team.liaison --date-format dd/mm/yyyy \\
              --map "Call ID=id,Account ID=expert,Call Date=date,Owner=liaison"
          liaison import crm/*.csv --map-file crm-columns.txt --into team.liaison
          liaison history team.liaison
        """
    )

    @Argument(help: ArgumentHelp("Dataset folders or CSV files to import.", valueName: "source"))
    var sources: [String]

    @Option(name: .customLong("into"), help: ArgumentHelp("The workspace file (created when absent).", valueName: "workspace"))
    var workspace: String

    @Option(help: ArgumentHelp("What a single file holds: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: from its name).",
                               valueName: "kind"))
    var kind: String?

    @Option(help: ArgumentHelp("Rename columns: \"Account ID=expert,Call Date=date,Owner=liaison\".", valueName: "renames"))
    var map: [String] = []

    @Option(name: .customLong("map-file"), help: ArgumentHelp("A file of column renames, FROM=TO per line (# comments).", valueName: "file"))
    var mapFile: String?

    @Option(name: .customLong("date-format"), help: ArgumentHelp(
        "How dates are written besides ISO 8601 (always read). Slash dates are refused without it: 03/04/2026 is ambiguous.",
        valueName: "format"))
    var dateFormat: DateFormat = .iso

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Seconds to wait while another command holds the workspace.", valueName: "seconds"))
    var wait: Double = Workspace.defaultBusyTimeout

    @Flag(name: .shortAndLong, help: "Print no warnings.")
    var quiet = false

    func validate() throws {
        if let kind, ImportKind(rawValue: kind.lowercased()) == nil {
            throw ValidationError("--kind \(UserText.quoted(kind)) is not one of \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        // SQLite takes the busy timeout in milliseconds as a 32-bit int (at most 24.8 days); a day is
        // longer than any import.
        try OptionRange.check(wait, "--wait", 0...86_400, unit: "seconds")
    }

    func run() throws {
        do throws(DatasetError) {
            var mapping = ColumnMapping()
            if let mapFile { try mapping.merge(ColumnMapping(file: URL(fileURLWithPath: mapFile))) }
            for m in map { try mapping.merge(ColumnMapping(parsing: m)) }
            let k = kind.flatMap { ImportKind(rawValue: $0.lowercased()) }
            if k != nil && sources.count > 1 {
                throw DatasetError(issues: [DataIssue(file: "--kind", message: "--kind applies to one file; import files of different kinds by their names or one at a time")])
            }
            var all: [ImportSource] = []
            for s in sources { all += try ImportSource.sources(at: s, kind: k) }
            let options = ImportOptions(mapping: mapping, dateFormat: dateFormat)
            let report = try Workspace.importing(into: workspace, busyTimeout: wait) { ws throws(DatasetError) in
                try ws.importFiles(all, options: options)
            }
            let ws = try Workspace(path: workspace, mode: .read, busyTimeout: wait)
            var t = TabularOutput(columns: ["file", "kind", "rows", "added", "updated", "unchanged", "sha256"], threshold: 0)
            for f in report.files {
                t.rows.append([.text(f.file), .text(f.kind.rawValue), .int(f.rows), .int(f.added), .int(f.updated),
                               .int(f.unchanged), .text(String(f.sha256.prefix(16)) + "…")])
            }
            Console.out(t.table(maxWidth: 60, fitting: Console.width))
            let counts = try ws.rowCounts()
            let held = ImportKind.allCases.compactMap { k in counts[k].flatMap { $0 > 0 ? "\($0) \(k.rawValue)" : nil } }
            Console.out("\(workspace): \(held.isEmpty ? "empty" : held.joined(separator: ", "))\n")
            if !quiet {
                for w in report.files.flatMap(\.warnings) + report.warnings { Console.warn("warning: " + sanitizeForTerminal(w)) }
            }
        } catch {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
