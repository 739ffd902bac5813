import ArgumentParser
import Liaison
import LiaisonMaps

@main
struct LiaisonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liaison",
        abstract: "Key experts, coverage and network maps for medical affairs teams.",
        subcommands: []
    )
}
