/// The rows people read about the scientific layer, the same for the CLI and the report.
public enum ScienceViews {
    /// Columns of `liaison matches`.
    public static let matchColumns = ["source", "record", "author", "affiliation", "expert", "status", "reason"]

    /// Every author and investigator with its decision, in record order (`status` keeps only those).
    public static func matchRows(_ d: Dataset, status: MatchStatus? = nil) -> TabularOutput {
        var t = TabularOutput(columns: matchColumns)
        let s = d.science
        for m in s.matches where status == nil || m.status == status {
            let record = m.source == .publication ? s.publications[m.record].pmid : s.trials[m.record].nctId
            t.rows.append([.text(m.source == .publication ? "pubmed" : "trial"), .text(record), .text(m.name),
                           .text(m.affiliation), .text(m.expert.map { d.experts[$0].id } ?? ""),
                           .text(m.status.rawValue), .text(m.reason)])
        }
        return t
    }

    /// Per source (`pubmed`, `trial`): people read and how many were matched, ambiguous, unmatched;
    /// and the distinct experts matched.
    public static func matchSummary(_ d: Dataset) -> [(source: String, people: Int, matched: Int, ambiguous: Int,
                                                      unmatched: Int, experts: Int)] {
        [PersonMatch.Source.publication, .trial].map { src in
            let ms = d.science.matches.filter { $0.source == src }
            return (src == .publication ? "pubmed" : "trial", ms.count, ms.filter { $0.status == .matched }.count,
                    ms.filter { $0.status == .ambiguous }.count, ms.filter { $0.status == .unmatched }.count,
                    Set(ms.compactMap(\.expert)).count)
        }
    }

    /// One line on what the layer holds, for summaries: records, matches, derived ties.
    public static func summaryLines(_ d: Dataset) -> [(String, String)] {
        let s = d.science
        guard !s.isEmpty || d.filesPresent.contains(ScienceLoader.publicationsFolder + "/")
                || d.filesPresent.contains(ScienceLoader.trialsFolder + "/") else { return [] }
        var out: [(String, String)] = []
        let sum = matchSummary(d)
        let years = s.publications.compactMap { $0.date?.year }
        var p = "\(s.publications.count)"
        if let a = years.min(), let b = years.max() { p += " (\(a)–\(b))" }
        if s.duplicatePublications > 0 { p += ", \(s.duplicatePublications) read twice (same PMID) and counted once" }
        out.append(("publications", p))
        var t = "\(s.trials.count), \(s.trials.filter(\.isRecruiting).count) recruiting"
        if s.duplicateTrials > 0 { t += ", \(s.duplicateTrials) read twice and counted once" }
        out.append(("trials", t))
        for x in sum where x.people > 0 {
            out.append((x.source == "pubmed" ? "authors" : "investigators",
                        "\(x.people): \(x.matched) matched to \(x.experts) experts, \(x.ambiguous) ambiguous, \(x.unmatched) unmatched"))
        }
        out.append(("science ties", "\(s.derivedCollaborations) co-author and co-investigator collaborations added"))
        return out
    }

    /// Columns of `liaison sites`.
    public static let siteColumns = ["rank", "id", "name", "city", "region", "score", "patients_in", "key_experts", "trials",
                                     "recruiting", "targets", "reached", "reach", "investigators"]

    /// The rows of a site ranking. `patients_in` is an institution's in-strength, so it follows the rule
    /// of ``InstitutionRankView``: `<t` when small, and withheld (`*`) when the institution's internal
    /// patients are hidden (its experts' in-strengths, shown by `rank`, would give them away).
    public static func siteRows(_ r: TrialSiteRanking, _ d: Dataset, minCell: Int, limit: Int? = nil) -> TabularOutput {
        var t = TabularOutput(columns: siteColumns, threshold: minCell)
        // In a narrow terminal the score's components (patients in, key experts, trials, reach) stay
        // beside the score; at 80 columns the place columns and the id go instead.
        t.dropOrder = ["investigators", "recruiting", "targets", "reached", "region", "city", "id"]
        for (k, row) in r.rows.prefix(limit ?? r.rows.count).enumerated() {
            let node = r.network.nodes[row.institution]
            t.rows.append([.int(k + 1), .text(node.key), .text(node.name), .text(node.city), .text(node.region),
                           .number(row.score), patientsIn(row.patientsIn, internal: r.network.internalPatients[row.institution],
                                                          threshold: minCell),
                           .int(row.keyExperts), .int(row.trials), .int(row.recruiting),
                           row.targets.map { .int($0) } ?? .empty, row.reached.map { .int($0) } ?? .empty,
                           row.targets.map { $0 > 0 ? .share(row.reach) : .empty } ?? .empty,
                           .text(row.investigators.prefix(3).map { d.experts[$0].id }.joined(separator: " "))])
        }
        return t
    }

    /// An institution's patients in as shown beside its experts' in-strengths.
    static func patientsIn(_ x: Double, internal inside: Double, threshold t: Int) -> Cell {
        if SmallCell.hides(x, threshold: t) { return .suppressed }
        return SmallCell.hides(inside, threshold: t) ? .withheld : .number(x)
    }
}
