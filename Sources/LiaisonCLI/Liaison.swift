import ArgumentParser
import Foundation
import Liaison
import LiaisonMaps

@main
struct LiaisonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liaison",
        abstract: "Key experts, coverage and network maps for medical affairs teams — offline.",
        discussion: """
        Every command reads a DATASET folder of CSV files (see the README); without one it uses the
        bundled Belgian hematology demo network.

        Examples:
          liaison summary
          liaison rank --top 10
          liaison render --out map.svg
        """,
        version: "0.1.0",
        subcommands: [Summary.self, Validate.self, Rank.self, Render.self, Communities.self, Coverage.self, Gaps.self, Compare.self, Plan.self, Trips.self, Board.self, Matches.self, Sites.self, Synth.self, Report.self, SharedPatientsCommand.self, Referrers.self, Import.self, Export.self, History.self]
    )

    /// Parses and runs the command as ArgumentParser's own `main()` does, except that an error
    /// message (which may quote an argument: `--as-of '…' is not a date`) goes through
    /// ``Console/error(_:)``, so control characters in arguments are escaped and long values cut.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { print(message) } else { Console.error(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// Runs a command body, turning `CLIError`s into `error: …` on stderr and exit status 1.
    static func guarded(_ body: () throws -> Void) throws {
        do { try body() } catch let e as CLIError {
            Console.error("error: \(e.description)")
            throw ExitCode(1)
        }
    }
}
