import ArgumentParser
import Foundation
import Liaison
import LiaisonWorkspace

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a workspace back as a dataset folder of CSV files.",
        discussion: """
        Writes experts.csv and every other dataset file that has rows (files readable by their owner only, \
        each written atomically). Importing the folder back into the workspace changes nothing.

        Examples:
          liaison export team.liaison --out team-2026-03/
        """
    )

    @Argument(help: ArgumentHelp("The workspace file.", valueName: "workspace"))
    var workspace: String

    @Option(help: ArgumentHelp("The folder to write (created when absent; files of the same names are replaced).", valueName: "dir"))
    var out: String

    func run() throws {
        do throws(DatasetError) {
            let ws = try Workspace(path: workspace, mode: .read)
            let folder = URL(fileURLWithPath: out)
            for (file, rows) in try ws.export(to: folder) {
                Console.out("wrote \(folder.appendingPathComponent(file).path) (\(rows) row\(rows == 1 ? "" : "s"))\n")
            }
        } catch {
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}
