import ArgumentParser
import Liaison

struct Matches: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Authors and investigators matched to experts: matched, ambiguous or unmatched.",
        usage: "liaison matches [<dataset>] [--status <s>] [--format <f>] [<options>]",
        discussion: """
        Reads the dataset's publications/ (PubMed MEDLINE .txt/.nbib or PubMed XML) and trials/ \
        (ClinicalTrials.gov API v2 JSON) and decides, for every author and investigator, whether they \
        are one of the experts. Precision comes before recall: a person is matched only when the \
        evidence is clear, and never guessed between namesakes.

        By ORCID when experts.csv has an orcid column; otherwise by name (accents, case, hyphens, \
        particles and initials folded: "Hamelryck T", "Hamelryck, Thomas" and "Thomas Hamelryck" \
        agree) and affiliation (the expert's institution, or its city). Score = name (full 2, \
        initials 1) + affiliation (institution 2, city 1); 3 or more is needed, and the single best \
        candidate wins. Candidates tied at the top, or several namesakes none of whom reaches 3, are \
        ambiguous.

        Examples:
          liaison matches
          liaison matches --format csv > matches.csv
          liaison matches path/to/dataset --status ambiguous
        """
    )

    @OptionGroup var data: DatasetOptions

    @Option(help: "Only people with this status: matched, ambiguous or unmatched.")
    var status: String?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if let status, MatchStatus(rawValue: status) == nil {
            throw ValidationError("--status must be matched, ambiguous or unmatched")
        }
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            guard !d.science.isEmpty else {
                throw CLIError("\(d.source) has no publications/ or trials/ folder (PubMed exports, ClinicalTrials.gov JSON)")
            }
            let rows = ScienceViews.matchRows(d, status: status.flatMap(MatchStatus.init(rawValue:)))
            switch format {
            case .csv: Console.out(rows.csv(forSpreadsheet: Console.excel))
            case .json:
                let summary: [JSONValue] = ScienceViews.matchSummary(d).map { x in
                    .object([("source", .string(x.source)), ("people", .int(x.people)), ("matched", .int(x.matched)),
                             ("ambiguous", .int(x.ambiguous)), ("unmatched", .int(x.unmatched)), ("experts", .int(x.experts))])
                }
                Console.out(JSONValue.object([("summary", .array(summary)), ("matches", rows.jsonValue())]).serialized() + "\n")
            case .table:
                var s = "Authors and investigators of \(d.source)\n"
                for x in ScienceViews.matchSummary(d) where x.people > 0 {
                    s += "  \(x.source == "pubmed" ? "authors      " : "investigators") \(x.people): \(x.matched) matched "
                        + "(\(x.experts) experts), \(x.ambiguous) ambiguous, \(x.unmatched) unmatched\n"
                }
                s += "\n" + rows.table(maxWidth: 48, fitting: Console.width)
                Console.out(s)
            }
        }
    }
}
