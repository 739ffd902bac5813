import ArgumentParser
import Liaison

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a dataset: exit 0 when clean, else print FILE:LINE:COLUMN messages and exit 1.",
        usage: "liaison validate [<dataset>] [<options>]",
        discussion: """
        Every problem is printed on stderr as FILE:LINE:COLUMN: message (up to 50). With --lenient, bad rows \
        become warnings and the exit status is 0.

        Examples:
          liaison validate path/to/dataset
          liaison validate path/to/dataset --lenient
        """
    )

    @OptionGroup var data: DatasetOptions

    func run() throws {
        let d = try data.load()
        var msg = "ok: \(d.experts.count) experts, \(d.links.count) referral rows, \(d.interactions.count) interactions"
        if !d.warnings.isEmpty { msg += ", \(d.warnings.count) warning\(d.warnings.count == 1 ? "" : "s")" }
        Console.out(msg + "\n")
    }
}
