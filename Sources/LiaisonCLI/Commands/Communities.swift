import ArgumentParser
import Liaison

struct Communities: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find communities in the referral network, their leaders and the experts who bridge them.",
        discussion: """
        Communities maximise modularity on the undirected referral network, where
        A→B and B→A merge into one tie weighted by the patients of both (Louvain,
        Blondel et al. 2008, with multilevel refinement; or Leiden, Traag et al.
        2019). A fixed --seed gives the same partition on every run. Community 0
        is the largest; equal sizes are ordered by their smallest expert id.

        Bridges are experts whose ties span communities: participation
        P = 1 − Σ_c (k_c / k)² of at least --min-participation (k = patients on
        all ties, k_c = patients on ties into community c; Guimerà & Amaral 2005)
        and more patients than the median expert, listed by P × patients.

        Leaders are each community's 3 highest-ranked members by --leaders-by:
        influence (the default up to 50,000 experts), or a measure that needs
        no search from every expert: pagerank (the default above 50,000, where
        influence would need sampled betweenness and closeness), in-strength,
        eigenvector, hub, authority or core. The output says which ranked them.

        `table` shows the communities and the bridges; `csv` shows one list
        (--list, default communities; the communities list has a leaders_by
        column); `json` is one object {algorithm, seed, resolution, modularity,
        leaders_by, communities, bridges}, or the --list table as an array.

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

    @Option(help: "Modularity resolution: above 1 finds more, smaller communities.")
    var resolution: Double = 1

    @Option(help: "Show the N largest communities (table default 20; csv and json list all).")
    var top: Int?

    @Option(help: "Show at most N bridges.")
    var bridges: Int = 10

    @Option(name: .customLong("min-participation"), help: "Smallest participation coefficient of a bridge (0 to 1).")
    var minParticipation: Double = 0.5

    @Option(help: "List only this: communities, bridges or experts (every expert's community and role).")
    var list: Listing?

    @Option(name: .customLong("leaders-by"), help: ArgumentHelp(
        "Rank community leaders (and experts within a community) by: \(LeaderMeasure.allCases.map(\.rawValue).joined(separator: ", ")). Default: influence up to 50,000 experts, pagerank above.",
        valueName: "measure"))
    var leadersBy: LeaderMeasure?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if bridges < 0 { throw ValidationError("--bridges must be 0 or more") }
        guard resolution.isFinite, resolution >= 0 else { throw ValidationError("--resolution must be 0 or more") }
        guard (0...1).contains(minParticipation) else { throw ValidationError("--min-participation must be between 0 and 1") }
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let d = try data.load()
            let p = try period.map { try parsePeriod($0, option: "--period") }
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
            if !data.quiet {
                if a.leadersBy.reason != nil, let leaderNote { Console.warn("note: \(leaderNote)") }
                for note in a.scores.notes { Console.warn("note: \(note)") }
            }
            let t = privacy.minCell
            let shown = Array(a.summaries.prefix(top ?? (format == .table && list == nil ? 20 : a.summaries.count)))
            let bridgeList = Array(a.bridges.prefix(bridges))
            let c = a.communities

            func leaderText(_ v: Int) -> String { "\(d.experts[v].name) (\(d.experts[v].id))" }
            func counts(_ xs: [(name: String, experts: Int)], _ k: Int) -> String {
                xs.prefix(k).map { "\($0.name) (\($0.experts))" }.joined(separator: "; ")
            }
            // csv and json name the leader measure on every row; the table says it above.
            let withMeasure = format != .table
            var communityTable = TabularOutput(columns: ["community", "size", "internal_patients", "institutions",
                                                         "regions", "leaders"] + (withMeasure ? ["leaders_by"] : []),
                                               threshold: t)
            for s in shown {
                communityTable.rows.append([
                    .int(s.id), .int(s.members.count), SmallCell.cell(s.internalPatients, threshold: t),
                    .text(counts(s.institutions, 3)), .text(counts(s.regions, 3)),
                    .text(s.leaders.map(leaderText).joined(separator: "; ")),
                ] + (withMeasure ? [.text(leadersByName)] : []))
            }
            // Privacy: an expert's patients (in + out) are withheld when its in- or out-strength is
            // hidden (rank shows those, so the other could be worked out by subtraction), and its
            // participation when the patients are shown and a tie into some community carries 1 to
            // t-1 patients (P and the total would give that count). Withheld cells are `*` (JSON null).
            let privacyView = CommunityPrivacy(d, period: p, assignment: c.assignment, threshold: t)
            var bridgeTable = TabularOutput(columns: ["id", "name", "institution", "community", "participation",
                                                      "communities_touched", "patients", "within_z"], threshold: t)
            var bridgeWithheld: [(row: Int, column: Int)] = []
            for v in bridgeList {
                let (pCell, sCell) = privacyView.cells(v, participation: a.roles.participation[v], strength: a.roles.strength[v])
                if pCell == .suppressed { bridgeWithheld.append((bridgeTable.rows.count, 4)) }
                if sCell == .suppressed && !SmallCell.hides(a.roles.strength[v], threshold: t) { bridgeWithheld.append((bridgeTable.rows.count, 6)) }
                bridgeTable.rows.append([
                    .text(d.experts[v].id), .text(d.experts[v].name), .text(d.institutionName(ofExpert: v)),
                    .int(c.assignment[v]), pCell, .int(a.roles.communitiesTouched[v]),
                    sCell, .number(a.roles.withinCommunityZ[v]),
                ])
            }
            let bridgeSet = Set(a.bridges)
            var expertTable = TabularOutput(columns: ["id", "name", "institution", "community", "participation",
                                                      "communities_touched", "patients", "within_z", "bridge"],
                                            threshold: t)
            let expertOrder = d.experts.indices.sorted { x, y in
                c.assignment[x] != c.assignment[y] ? c.assignment[x] < c.assignment[y]
                    : a.leaderRank[x] < a.leaderRank[y]
            }
            var expertWithheld: [(row: Int, column: Int)] = []
            for v in expertOrder {
                let (pCell, sCell) = privacyView.cells(v, participation: a.roles.participation[v], strength: a.roles.strength[v])
                if pCell == .suppressed { expertWithheld.append((expertTable.rows.count, 4)) }
                if sCell == .suppressed && !SmallCell.hides(a.roles.strength[v], threshold: t) { expertWithheld.append((expertTable.rows.count, 6)) }
                expertTable.rows.append([
                    .text(d.experts[v].id), .text(d.experts[v].name), .text(d.institutionName(ofExpert: v)),
                    .int(c.assignment[v]), pCell, .int(a.roles.communitiesTouched[v]),
                    sCell, .number(a.roles.withinCommunityZ[v]),
                    .text(bridgeSet.contains(v) ? "yes" : "no"),
                ])
            }
            // JSON keeps the suppressed cells; CSV and tables show withheld ones as `*`.
            let bridgeShown = bridgeTable.markingComplementary(bridgeWithheld)
            let expertShown = expertTable.markingComplementary(expertWithheld)
            let algorithmName = algorithm == .louvain ? "Louvain (Blondel et al. 2008)" : "Leiden (Traag et al. 2019)"

            switch (format, list) {
            case (.csv, let l):
                switch l ?? .communities {
                case .communities: Console.out(communityTable.csv())
                case .bridges: Console.out(bridgeShown.csv())
                case .experts: Console.out(expertShown.csv())
                }
            case (.json, .some(let l)):
                let table = l == .communities ? communityTable : (l == .bridges ? bridgeTable : expertTable)
                Console.out(table.jsonValue().serialized() + "\n")
            case (.json, .none):
                func named(_ xs: [(name: String, experts: Int)]) -> JSONValue {
                    .array(xs.map { .object([("name", .string($0.name)), ("experts", .int($0.experts))]) })
                }
                let comms: [JSONValue] = shown.map { s in
                    var o: [(String, JSONValue)] = [
                        ("id", .int(s.id)), ("size", .int(s.members.count)),
                        ("internal_patients", SmallCell.cell(s.internalPatients, threshold: t).json),
                        ("institutions", named(Array(s.institutions.prefix(3)))), ("regions", named(s.regions)),
                        ("leaders", .array(s.leaders.map { v in .object([
                            ("id", .string(d.experts[v].id)), ("name", .string(d.experts[v].name)),
                            ("institution", .string(d.institutionName(ofExpert: v))),
                            // Named like rank's column; in-strength is a patient count, so small-cell suppressed.
                            (leaderMeasure.rawValue, leaderMeasure == .inStrength
                                ? SmallCell.cell(a.leaderScore[v], threshold: t).json
                                : (leaderMeasure == .core ? .int(Int(a.leaderScore[v])) : .number(a.leaderScore[v]))),
                        ]) })),
                    ]
                    if SmallCell.hides(s.internalPatients, threshold: t) {
                        o.append(("suppressed", .bool(true)))
                        o.append(("suppressed_fields", .array([.string("internal_patients")])))
                    }
                    return .object(o)
                }
                let root: JSONValue = .object([
                    ("algorithm", .string(algorithm.rawValue)), ("seed", seed <= UInt64(Int.max) ? .int(Int(seed)) : .string(String(seed))),
                    ("resolution", .number(resolution)), ("modularity", .number(c.modularity)),
                    ("period", p.map { .string($0.label) } ?? .null),
                    ("community_count", .int(c.count)),
                    ("leaders_by", .string(leadersByName)),
                    ("leaders_by_reason", a.leadersBy.reason.map(JSONValue.string) ?? .null),
                    ("communities", .array(comms)),
                    ("bridges", bridgeTable.jsonValue()),
                ])
                Console.out(root.serialized() + "\n")
            case (.table, let l):
                var out = "Communities of the referral network — "
                out += p.map { "referrals of \($0)" } ?? "all referral periods"
                out += "\n\(algorithmName), seed \(seed), resolution \(formatSignificant(resolution)): "
                out += "\(c.count) communit\(c.count == 1 ? "y" : "ies"), modularity \(fixed(c.modularity, decimals: 4))\n"
                if let leaderNote { out += leaderNote.prefix(1).uppercased() + leaderNote.dropFirst() + ".\n" }
                out += "\n"
                switch l {
                case .communities?: out += communityTable.table(maxWidth: 60)
                case .bridges?: out += bridgeShown.table()
                case .experts?: out += expertShown.table()
                case nil:
                    out += "Communities (\(shown.count) of \(c.count), largest first)\n\n" + communityTable.table(maxWidth: 60)
                    out += "\nBridges (\(bridgeList.count) of \(a.bridges.count)): participation ≥ "
                    out += "\(formatSignificant(minParticipation)) and more patients than the median expert\n\n"
                    out += bridgeList.isEmpty ? "(none)\n" : bridgeShown.table()
                }
                out += "\n" + SmallCell.note(threshold: t) + "\n"
                if !(bridgeWithheld.isEmpty && expertWithheld.isEmpty) && l != .communities {
                    out += "*: withheld so that a hidden count cannot be worked out from it (complementary suppression).\n"
                }
                for note in a.scores.notes { out += "Note: \(note).\n" }
                Console.out(out)
            }
        }
    }
}


/// Which per-expert figures of `communities` must be withheld so that no patient count from 1 to
/// t-1 can be worked out (see ``Communities`` run()).
private struct CommunityPrivacy {
    let threshold: Int
    let inStrength: [Double], outStrength: [Double]
    /// Whether some tie of the expert into one community carries 1 to t-1 patients.
    let smallCommunityTie: [Bool]

    init(_ d: Dataset, period: Period?, assignment: [Int], threshold t: Int) {
        threshold = t
        let g = d.referralGraph(period: period)
        let n = g.nodeCount
        var ins = [Double](repeating: 0, count: n), outs = [Double](repeating: 0, count: n)
        var small = [Bool](repeating: false, count: n)
        let u = UndirectedGraph(g)
        for v in 0..<n {
            for k in g.inOffsets[v]..<g.inOffsets[v + 1] { ins[v] += g.inWeights[k] }
            for k in g.outOffsets[v]..<g.outOffsets[v + 1] { outs[v] += g.outWeights[k] }
            guard t > 0 else { continue }
            var into: [Int: Double] = [:]
            for k in u.offsets[v]..<u.offsets[v + 1] where Int(u.neighbours[k]) < assignment.count {
                into[assignment[Int(u.neighbours[k])], default: 0] += u.weights[k]
            }
            small[v] = into.values.contains { SmallCell.hides($0, threshold: t) }
        }
        inStrength = ins
        outStrength = outs
        smallCommunityTie = small
    }

    /// The participation and patients cells of expert `v` (`.suppressed` when hidden or withheld).
    func cells(_ v: Int, participation: Double, strength: Double) -> (Cell, Cell) {
        let t = threshold
        let strengthHidden = SmallCell.hides(strength, threshold: t)
            || SmallCell.hides(inStrength[v], threshold: t) || SmallCell.hides(outStrength[v], threshold: t)
        let participationHidden = !strengthHidden && smallCommunityTie[v]
        return (participationHidden ? .suppressed : .number(participation), strengthHidden ? .suppressed : .number(strength))
    }
}
