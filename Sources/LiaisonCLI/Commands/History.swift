import ArgumentParser
import Foundation
import Liaison
import LiaisonWorkspace

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List every import into a workspace: file, SHA-256, rows added, updated and unchanged, time.",
        discussion: """
        One row per imported file, oldest first; files imported by one command share its import number. Times \
        are UTC. Compare sha256 with `sha256sum FILE` to tell which export a row came from.

        Examples:
          liaison history team.liaison
          liaison history team.liaison --format csv > imports.csv
        """
    )

    @Argument(help: ArgumentHelp("The workspace file.", valueName: "workspace"))
    var workspace: String

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        do throws(DatasetError) {
            let ws = try Workspace(path: workspace, mode: .read)
            let records = try ws.history()
            var t = TabularOutput(columns: ["import", "time", "file", "kind", "rows", "added", "updated", "unchanged", "sha256"], threshold: 0)
            for r in records {
                t.rows.append([.int(r.batch), .text(r.time), .text(r.file), .text(r.kind), .int(r.rows), .int(r.added),
                               .int(r.updated), .int(r.unchanged), .text(r.sha256)])
            }
            switch format {
            case .table:
                Console.out(records.isEmpty ? "no imports yet\n" : t.table(maxWidth: 64, fitting: Console.width))
            case .csv: Console.out(t.csv(forSpreadsheet: Console.excel))
            case .json: Console.out(t.jsonValue().serialized() + "\n")
            }
        } catch {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
