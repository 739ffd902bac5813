/// The rows of `liaison communities` and of the report's communities and bridges tables: one place
/// that decides which figures of a community, a bridge or an expert's role may be shown.
///
/// **Privacy.**
/// - A community's `internal_patients` is a patient count (1…(t − 1) show as `<t`); it is also the
///   total of the community's internal links, which maps show one by one, so it is withheld (`*`) when
///   it and the shown links would give away a hidden link (``SmallCell/totalExposesParts(_:threshold:)``).
/// - An expert's `patients` (in + out) is withheld when its in- or out-strength is hidden (`rank` shows
///   those, so the other could be worked out by subtraction), and shown as `<t` when itself small.
/// - Its `participation` is withheld when the patients are shown and one of its ties into a community
///   carries 1…(t − 1) patients (participation and the total would give that count).
public struct CommunityView: Sendable {
    /// The analysis.
    public let analysis: CommunityAnalysis
    /// The dataset, for names.
    public let dataset: Dataset
    /// The small-cell threshold.
    public let threshold: Int
    /// Each community's internal patients as shown, indexed by community id.
    public let internalPatients: [Cell]
    /// Each expert's participation and patients as shown, indexed like ``Dataset/experts``.
    public let participation: [Cell], patients: [Cell]

    /// The view of `a` (computed on `d` over `period`) with threshold `t`.
    public init(_ a: CommunityAnalysis, dataset d: Dataset, threshold t: Int) {
        analysis = a
        dataset = d
        threshold = t
        let assignment = a.communities.assignment
        // What rank shows: strengths on the measure graph (undirected links count a tie both ways).
        let g = d.referralGraph(period: a.period)
        let asRead = d.referralGraphAsRead(period: a.period)
        let u = UndirectedGraph(asRead)
        let n = g.nodeCount
        var links = [[Double]](repeating: [], count: a.communities.count)
        for v in 0..<n where v < assignment.count {
            for k in asRead.outOffsets[v]..<asRead.outOffsets[v + 1] {
                let w = Int(asRead.outTargets[k])
                if w != v, w < assignment.count, assignment[w] == assignment[v] { links[assignment[v]].append(asRead.outWeights[k]) }
            }
        }
        internalPatients = a.summaries.map { s in
            if SmallCell.hides(s.internalPatients, threshold: t) { return .suppressed }
            if s.id < links.count, SmallCell.totalExposesParts(links[s.id], threshold: t) { return .withheld }
            return .number(s.internalPatients)
        }
        var part = [Cell](repeating: .empty, count: n), pat = [Cell](repeating: .empty, count: n)
        for v in 0..<n {
            let strength = v < a.roles.strength.count ? a.roles.strength[v] : 0
            let strengthHidden = SmallCell.hides(g.inStrength(v), threshold: t) || SmallCell.hides(g.outStrength(v), threshold: t)
            if SmallCell.hides(strength, threshold: t) {
                pat[v] = .suppressed
            } else {
                pat[v] = strengthHidden ? .withheld : .number(strength)
            }
            var smallTie = false
            if t > 0 && !pat[v].isHidden {
                var into: [Int: Double] = [:]
                for k in u.offsets[v]..<u.offsets[v + 1] where Int(u.neighbours[k]) < assignment.count {
                    into[assignment[Int(u.neighbours[k])], default: 0] += u.weights[k]
                }
                smallTie = into.values.contains { SmallCell.hides($0, threshold: t) }
            }
            let p = v < a.roles.participation.count ? a.roles.participation[v] : 0
            part[v] = smallTie ? .withheld : .number(p)
        }
        participation = part
        patients = pat
    }

    /// `Louvain (Blondel et al. 2008)` or `Leiden (Traag et al. 2019)`.
    public static func algorithmName(_ a: Communities.Algorithm) -> String {
        a == .louvain ? "Louvain (Blondel et al. 2008)" : "Leiden (Traag et al. 2019)"
    }

    /// `Anna Peeters (E001)`; the id alone when the expert has no name of its own (a bare NPI).
    public func leaderText(_ v: Int) -> String {
        let e = dataset.experts[v]
        return e.hasOwnName ? "\(e.name) (\(e.id))" : e.id
    }

    /// `A (12); B (9); C (4)`.
    public static func counts(_ xs: [(name: String, experts: Int)], _ k: Int) -> String {
        xs.prefix(k).map { "\($0.name) (\($0.experts))" }.joined(separator: "; ")
    }

    /// The communities (the first `limit`, largest first): id, size, internal patients, top 3
    /// institutions, regions, leaders, and — with `leadersBy` — the measure that ranked the leaders.
    public func communityTable(limit: Int?, leadersBy: String?) -> TabularOutput {
        var t = TabularOutput(columns: ["community", "size", "internal_patients", "institutions", "regions", "leaders"]
                                + (leadersBy == nil ? [] : ["leaders_by"]), threshold: threshold)
        t.dropOrder = ["regions", "institutions"]
        for s in analysis.summaries.prefix(limit ?? analysis.summaries.count) {
            t.rows.append([
                .int(s.id), .int(s.members.count), internalPatients[s.id],
                .text(CommunityView.counts(s.institutions, 3)), .text(CommunityView.counts(s.regions, 3)),
                .text(s.leaders.map(leaderText).joined(separator: "; ")),
            ] + (leadersBy.map { [Cell.text($0)] } ?? []))
        }
        return t
    }

    /// Role columns of one expert.
    private func roleRow(_ v: Int) -> [Cell] {
        let d = dataset, a = analysis
        return [.text(d.experts[v].id), .text(d.experts[v].name), .text(d.institutionName(ofExpert: v)),
                .int(a.communities.assignment[v]), participation[v], .int(a.roles.communitiesTouched[v]),
                patients[v], .number(a.roles.withinCommunityZ[v])]
    }

    /// Role columns.
    public static let roleColumns = ["id", "name", "institution", "community", "participation",
                                     "communities_touched", "patients", "within_z"]

    /// The bridges (the first `limit`), by participation × patients.
    public func bridgeTable(limit: Int?) -> TabularOutput {
        var t = TabularOutput(columns: CommunityView.roleColumns, threshold: threshold)
        t.dropOrder = ["within_z", "communities_touched", "institution"]
        for v in analysis.bridges.prefix(limit ?? analysis.bridges.count) { t.rows.append(roleRow(v)) }
        return t
    }

    /// Every expert's community and role, by community, then by leader rank.
    public var expertTable: TabularOutput {
        let a = analysis, c = a.communities
        let bridges = Set(a.bridges)
        var t = TabularOutput(columns: CommunityView.roleColumns + ["bridge"], threshold: threshold)
        t.dropOrder = ["within_z", "communities_touched", "institution"]
        let order = dataset.experts.indices.sorted { x, y in
            c.assignment[x] != c.assignment[y] ? c.assignment[x] < c.assignment[y] : a.leaderRank[x] < a.leaderRank[y]
        }
        for v in order { t.rows.append(roleRow(v) + [.text(bridges.contains(v) ? "yes" : "no")]) }
        return t
    }

    /// A leader's value of the ranking measure as shown (in-strength is a patient count).
    public func leaderValue(_ v: Int) -> Cell {
        let a = analysis, x = a.leaderScore[v]
        switch a.leadersBy.measure {
        case .inStrength: return SmallCell.cell(x, threshold: threshold)
        case .core: return .int(Int(x))
        default: return .number(x)
        }
    }

    /// Notes under the tables.
    public func notes(shownTables: [TabularOutput]) -> [String] {
        var n = [SmallCell.note(threshold: threshold)]
        if shownTables.contains(where: { $0.rows.contains { $0.contains(.withheld) } }) {
            n.append("*: withheld so that a hidden count cannot be worked out from it (complementary suppression).")
        }
        return n
    }
}
