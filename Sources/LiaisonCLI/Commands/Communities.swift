import ArgumentParser
import Liaison

struct Communities: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find communities in the referral network, their leaders and the experts who bridge them.",
        discussion: """
        Communities maximise modularity on the undirected referral network, where A->B and B->A merge into one \
        tie weighted by the patients of both (Louvain, Blondel et al. 2008, with multilevel refinement; or \
        Leiden, Traag et al. 2019). A fixed --seed gives the same partition on every run. Community 0 is the \
        largest; equal sizes are ordered by their smallest expert id.

        Bridges are experts whose ties span communities: participation P = 1 - sum_c (k_c / k)² of at least \
        --min-participation (k = patients on all ties, k_c = patients on ties into community c; Guimerà & \
        Amaral 2005) and more patients than the median expert, listed by P x patients.

        Leaders are each community's 3 highest-ranked members by --leaders-by: influence (the default up to \
        50,000 experts), or a measure that needs no search from every expert: pagerank (the default above \
        50,000, where influence would need sampled betweenness and closeness), in-strength, eigenvector, hub, \
        authority or core. The output says which ranked them.

        `table` shows the communities and the bridges; `csv` shows one list (--list, default communities; the \
        communities list has a leaders_by column); `json` is one object {algorithm, seed, resolution, \
        modularity, leaders_by, communities, bridges}, or the --list table as an array.

        Examples:
          liaison communities
          liaison communities --period 2026Q2 --top 5
          liaison communities --resolution 1.5 --seed 7 --format json
          liaison communities --list experts --format csv > communities.csv
          liaison communities national/ --leaders-by in-strength
        """
    )

    enum AlgorithmChoice: String, ExpressibleByArgument, CaseIterable {
        case louvain, leiden
        var algorithm: Liaison.Communities.Algorithm { self == .louvain ? .louvain : .leiden }
    }

    enum Listing: String, ExpressibleByArgument, CaseIterable {
        case communities, bridges, experts
    }

    /// The measures `--leaders-by` accepts (`rank --metric` names), each a ``LeaderChoice/measures`` entry.
    enum LeaderMeasure: String, ExpressibleByArgument, CaseIterable {
        case influence, pagerank
        case inStrength = "in-strength"
        case eigenvector, hub, authority, core

        var measure: Measure {
            switch self {
            case .influence: return .influence
            case .pagerank: return .pagerank
            case .inStrength: return .inStrength
            case .eigenvector: return .eigenvector
            case .hub: return .hub
            case .authority: return .authority
            case .core: return .core
            }
        }

        /// The option value naming `measure` (`nil` for a measure `--leaders-by` does not take).
        static func named(_ measure: Measure) -> LeaderMeasure? { allCases.first { $0.measure == measure } }
    }

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(help: "Use only referrals of this period (2026Q2, 2026, 2026-03, or a date range).")
    var period: String?

    @Option(help: "Algorithm: louvain or leiden.")
    var algorithm: AlgorithmChoice = .louvain

    @Option(help: "Random seed of the node order (same seed, same communities).")
    var seed: UInt64 = 42

    @Option(parsing: .unconditional, help: "Modularity resolution: above 1 finds more, smaller communities.")
    var resolution: Double = 1

    @Option(parsing: .unconditional, help: "Show the N largest communities (table default 20; csv and json list all).")
    var top: Int?

    @Option(parsing: .unconditional, help: "Show at most N bridges.")
    var bridges: Int = 10

    @Option(name: .customLong("min-participation"), parsing: .unconditional, help: "Smallest participation coefficient of a bridge (0 to 1).")
    var minParticipation: Double = 0.5

    @Option(help: "List only this: communities, bridges or experts (every expert's community and role).")
    var list: Listing?

    @Option(name: .customLong("leaders-by"), help: ArgumentHelp(
        "Rank community leaders (and experts within a community) by: \(LeaderMeasure.allCases.map(\.rawValue).joined(separator: ", ")). Default: influence up to 50,000 experts, pagerank above.",
        valueName: "measure"))
    var leadersBy: LeaderMeasure?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    /// Resolutions in use lie between 0.1 and 10; the range leaves two orders of magnitude each way
    /// above, and keeps the modularity arithmetic (γ·kᵢ·Σ/2m²) far from overflow.
    static let resolutionRange: ClosedRange<Double> = 0...1000

    func validate() throws {
        try OptionRange.check(top, "--top", OptionRange.rows)
        try OptionRange.check(bridges, "--bridges", 0...Int.max)
        try OptionRange.check(resolution, "--resolution", Communities.resolutionRange)
        try OptionRange.check(minParticipation, "--min-participation", 0...1)
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            let p = try data.period(period, option: "--period")
            let options = CommunityOptions(algorithm: algorithm.algorithm, seed: seed, resolution: resolution,
                                           minParticipation: minParticipation, leadersBy: leadersBy?.measure)
            let a: CommunityAnalysis
            do { a = try CommunityAnalysis.analyze(d, period: p, options: options) } catch {
                throw CLIError("cannot rank community leaders: \(error)")
            }
            // Which measure ranked the leaders, and why when the network size chose it.
            let leaderMeasure = a.leadersBy.measure
            let leadersByName = LeaderMeasure.named(leaderMeasure)?.rawValue ?? leaderMeasure.rawValue
            var leaderNote: String?
            if let reason = a.leadersBy.reason {
                leaderNote = "leaders by \(a.leadersBy.measureName): \(reason); --leaders-by influence to use it"
            } else if leaderMeasure != .influence {
                leaderNote = "leaders by \(a.leadersBy.measureName) (--leaders-by \(leadersByName))"
            }
            // A table says these under itself; stderr carries them only beside csv and json.
            if !data.quiet && format != .table {
                if a.leadersBy.reason != nil, let leaderNote { Console.warn("note: \(leaderNote)") }
                for note in a.scores.notes { Console.warn("note: \(note)") }
            }
            let view = CommunityView(a, dataset: d, threshold: privacy.minCell)
            let limit = top ?? (format == .table && list == nil ? 20 : nil)
            // csv and json name the leader measure on every row; the table says it above.
            let communityTable = view.communityTable(limit: limit, leadersBy: format == .table ? nil : leadersByName)
            let bridgeTable = view.bridgeTable(limit: bridges)
            let c = a.communities

            switch (format, list) {
            case (.csv, let l):
                switch l ?? .communities {
                case .communities: Console.out(communityTable.csv(forSpreadsheet: Console.excel))
                case .bridges: Console.out(bridgeTable.csv(forSpreadsheet: Console.excel))
                case .experts: Console.out(view.expertTable.csv(forSpreadsheet: Console.excel))
                }
            case (.json, .some(let l)):
                let table = l == .communities ? communityTable : (l == .bridges ? bridgeTable : view.expertTable)
                Console.out(table.jsonValue().serialized() + "\n")
            case (.json, .none):
                Console.out(json(view, limit: limit, leadersByName: leadersByName, period: p).serialized() + "\n")
            case (.table, let l):
                // A table leaves out identity columns that would be blank on every row (BlankColumns).
                let blank = BlankColumns.of(d)
                let communityTable = communityTable.removing(columns: blank)
                let bridgeTable = bridgeTable.removing(columns: blank)
                let expertTable = view.expertTable.removing(columns: blank)
                var out = "Communities of the referral network — "
                out += p.map { "referrals of \($0)" } ?? "all referral periods"
                out += "\n\(CommunityView.algorithmName(algorithm.algorithm)), seed \(seed), resolution \(formatSignificant(resolution)): "
                out += "\(plural(c.count, "community")), modularity \(fixed(c.modularity, decimals: 4))\n"
                if let leaderNote { out += leaderNote.prefix(1).uppercased() + leaderNote.dropFirst() + ".\n" }
                out += "\n"
                var shownTables = [communityTable]
                switch l {
                case .communities?: out += communityTable.table(maxWidth: 60, fitting: Console.width)
                case .bridges?: out += bridgeTable.table(fitting: Console.width); shownTables = [bridgeTable]
                case .experts?: out += expertTable.table(fitting: Console.width); shownTables = [expertTable]
                case nil:
                    out += "Communities (\(communityTable.rows.count) of \(c.count), largest first)\n\n" + communityTable.table(maxWidth: 60, fitting: Console.width)
                    out += "\nBridges (\(bridgeTable.rows.count) of \(a.bridges.count)): participation ≥ "
                    // The threshold as the user gives it (0.5, not 0.5000).
                    out += "\(minParticipation) and more patients than the median expert; highest participation × patients first\n\n"
                    out += bridgeTable.rows.isEmpty ? "(none)\n" : bridgeTable.table(fitting: Console.width)
                    shownTables.append(bridgeTable)
                }
                out += "\n" + view.notes(shownTables: shownTables).joined(separator: "\n") + "\n"
                for note in a.scores.notes { out += "Note: \(note).\n" }
                Console.out(out)
            }
        }
    }

    /// The whole analysis as one JSON object.
    private func json(_ view: CommunityView, limit: Int?, leadersByName: String, period p: Period?) -> JSONValue {
        let a = view.analysis, d = view.dataset
        func named(_ xs: [(name: String, experts: Int)]) -> JSONValue {
            .array(xs.map { .object([("name", .string($0.name)), ("experts", .int($0.experts))]) })
        }
        let comms: [JSONValue] = a.summaries.prefix(limit ?? a.summaries.count).map { s in
            var o: [(String, JSONValue)] = [
                ("id", .int(s.id)), ("size", .int(s.members.count)),
                ("internal_patients", view.internalPatients[s.id].json),
                ("institutions", named(Array(s.institutions.prefix(3)))), ("regions", named(s.regions)),
                ("leaders", .array(s.leaders.map { v in .object([
                    ("id", .string(d.experts[v].id)), ("name", .string(d.experts[v].name)),
                    ("institution", .string(d.institutionName(ofExpert: v))),
                    (a.leadersBy.measure.rawValue, view.leaderValue(v).json),
                ]) })),
            ]
            if view.internalPatients[s.id].isHidden {
                o.append(("suppressed", .bool(true)))
                o.append(("suppressed_fields", .array([.string("internal_patients")])))
            }
            return .object(o)
        }
        return .object([
            ("algorithm", .string(algorithm.rawValue)), ("seed", seed <= UInt64(Int.max) ? .int(Int(seed)) : .string(String(seed))),
            ("resolution", .number(resolution)), ("modularity", .number(a.communities.modularity)),
            ("period", p.map { .string($0.label) } ?? .null),
            ("community_count", .int(a.communities.count)),
            ("leaders_by", .string(leadersByName)),
            ("leaders_by_reason", a.leadersBy.reason.map(JSONValue.string) ?? .null),
            ("communities", .array(comms)),
            ("bridges", view.bridgeTable(limit: bridges).jsonValue()),
        ])
    }
}
