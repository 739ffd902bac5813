import ArgumentParser
import Foundation
import Liaison

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic synthetic referral network, for benchmarks and demos.",
        usage: "liaison synth --experts <n> --out <dir> [<options>]",
        discussion: """
        Experts work in institutions of 40-80 experts, grouped in regions of 10-40 institutions. Each expert \
        refers to about 8 others (--links), 60 % in the same institution, 30 % in the same region, 10 % \
        anywhere; targets are drawn in proportion to a heavy-tailed (Pareto) fitness, so a few experts receive \
        many referrals. Patient counts are at least 11, as CMS publishes them. The same --seed and --experts \
        always give the same bytes.

        --format liaison (default) writes a dataset folder: experts.csv, institutions.csv, referrals.csv \
        (every row with period 2025), interactions.csv (2-6 liaisons, dates 2024-01-01 to 2025-12-31) and \
        plan.csv (the four quarters of 2025). --format docgraph writes one headerless CMS "Physician Shared \
        Patient Patterns" file, referrals.csv (npi1,npi2,pair_count,bene_count,same_day_count, counts padded \
        with spaces); Liaison reads that folder (or the file) with every NPI as a bare expert.

        The output folder is written atomically (a temporary folder renamed into place). A folder that exists \
        and is not empty is refused unless --force.

        Examples:
          liaison synth --experts 10000 --out /tmp/net10k
          liaison synth --experts 1000000 --seed 7 --out /tmp/net1m --force
          liaison synth --experts 100000 --format docgraph --out /tmp/docgraph100k
          liaison rank /tmp/net10k --top 10
          liaison rank --referrals /tmp/docgraph100k/referrals.csv --metric pagerank
        """
    )

    @Option(parsing: .unconditional, help: "Number of experts (at least 2).")
    var experts: Int

    @Option(help: "Random seed; the same seed and size give identical files.")
    var seed: UInt64 = 1

    @Option(help: "Output layout: liaison (a dataset folder) or docgraph (a headerless CMS shared-patient file).")
    var format: SynthFormatOption = .liaison

    @Option(parsing: .unconditional, help: "Mean number of referral links per expert.")
    var links: Double = 8

    @Option(help: ArgumentHelp("Output folder (created; must be empty or absent unless --force).", valueName: "dir"))
    var out: String

    @Flag(help: "Replace the output folder if it exists and is not empty.")
    var force = false

    @Flag(name: .shortAndLong, help: "Print no progress or summary on stderr.")
    var quiet = false

    enum SynthFormatOption: String, ExpressibleByArgument, CaseIterable {
        case liaison, docgraph
    }

    func validate() throws {
        try OptionRange.check(experts, "--experts", 2...100_000_000)
        // A physician refers to at most a few hundred colleagues; 1000 links each is past any network.
        try OptionRange.check(links, "--links", 1...1000, unit: "links per expert")
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let options = SynthOptions(experts: experts, seed: seed,
                                       format: format == .liaison ? .liaison : .docgraph, linksPerExpert: links)
            let progress = quiet ? nil : Progress.onTerminal()
            let start = Date()
            let summary: SynthSummary
            do throws(SynthError) {
                summary = try SyntheticNetwork.write(options, to: URL(fileURLWithPath: out), overwrite: force) { f in
                    progress?.reportFraction("writing \(out)", f)
                }
            } catch {
                progress?.finish()
                throw CLIError(error.description)
            }
            progress?.finish()
            if !quiet {
                let secs = Date().timeIntervalSince(start)
                var s = "wrote \(out): \(summary.experts) experts, \(summary.institutions) institutions, \(summary.regions) regions, "
                s += "\(summary.links) referral links (max in-degree \(summary.maxInDegree))"
                if format == .liaison { s += ", \(summary.interactions) interactions, \(summary.planRows) plan rows" }
                s += String(format: "; %.1f MB in %.1f s", Double(summary.bytes) / 1e6, secs)
                Console.warn(s)
            }
        }
    }
}
