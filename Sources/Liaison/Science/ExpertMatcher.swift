/// Whether a person named in a publication or trial is one of the dataset's experts.
public enum MatchStatus: String, Sendable, Hashable, CaseIterable {
    /// One expert, by ORCID or by name and affiliation.
    case matched
    /// Several experts fit and nothing tells them apart: left unmatched, never guessed.
    case ambiguous
    /// No expert fits well enough.
    case unmatched
}

/// The decision for one author or investigator.
public struct PersonMatch: Sendable, Hashable {
    /// Where the person was named.
    public enum Source: String, Sendable, Hashable {
        /// A PubMed record, or a ClinicalTrials.gov study.
        case publication, trial
    }
    /// Publication or trial.
    public var source: Source
    /// Index into ``ScienceData/publications`` or ``ScienceData/trials``.
    public var record: Int
    /// Index of the author (or investigator) in that record.
    public var position: Int
    /// The person as written.
    public var name: String
    /// The affiliation text the decision used (empty when there was none).
    public var affiliation: String
    /// The matched expert's index, when ``status`` is `matched`.
    public var expert: Int?
    /// Experts whose name fits (for ambiguous decisions, those that tie).
    public var candidates: [Int]
    /// The decision.
    public var status: MatchStatus
    /// Why, in words.
    public var reason: String
}

/// Matches authors and investigators to experts — precision before recall.
///
/// 1. **ORCID.** When `experts.csv` has an `orcid` column and the person has an ORCID iD, the
///    expert with that iD is the match; an expert with a different iD is never a candidate.
/// 2. **Name.** Candidates are experts whose family name equals the person's (folded: accents, case,
///    hyphens, spaces and particles; see ``PersonName``) and whose given names agree: *full* when the
///    first given name agrees as a word (`Thomas Hamelryck` = `Hamelryck, Thomas`), *initials* when
///    only initials can be compared (`Hamelryck T`). Contradicting given names rule a candidate out.
/// 3. **Affiliation.** The person's affiliations (for an author without one, the article's: MEDLINE
///    `AD` before the authors, or the first author's when only the first author has one) are searched
///    for the candidate's institution (``InstitutionNames``) and its city.
/// 4. **Score** = name (full 2, initials 1) + affiliation (institution 2, city 1, nothing 0); an
///    affiliation taken from the article counts one step less. A score of 3 or more is needed:
///    full name and city, full name and institution, or initials and institution. The single
///    best-scoring candidate is matched; candidates tied at the top are **ambiguous**; several name
///    candidates of which none reaches 3 are ambiguous too; a single one below 3 is unmatched.
/// 5. Two authors of one publication matched to the same expert are both ambiguous.
///
/// - Complexity: O(people · candidates · affiliation words · institution forms); the experts are
///   indexed once by family-name key.
public struct ExpertMatcher: Sendable {
    let d: Dataset
    let names: InstitutionNames
    /// Every reading of every expert's name, by family-name key.
    private var byFamily: [String: [(expert: Int, name: PersonName)]] = [:]
    private var orcidOf: [String?]
    private var byOrcid: [String: Int] = [:]
    /// Institution index of each expert in ``names`` (`nil` without one).
    private var institutionOf: [Int?]

    /// The score a match needs.
    public static let threshold = 3

    /// A matcher for the experts and institutions of `d`.
    public init(_ d: Dataset) {
        self.d = d
        let nm = InstitutionNames(d)
        names = nm
        orcidOf = d.experts.map { e in
            e.attributes.first { $0.key.lowercased() == "orcid" }.flatMap { ORCID.normalize($0.value) }
        }
        institutionOf = d.experts.map { e in e.institution.isEmpty ? nil : nm.index(of: e.institution) }
        for (v, e) in d.experts.enumerated() {
            let n = PersonName(e.name)
            for key in Set(n.splits.map(\.familyKey)) where !key.isEmpty { byFamily[key, default: []].append((v, n)) }
            if let o = orcidOf[v], byOrcid[o] == nil { byOrcid[o] = v }
        }
    }

    /// Evidence an affiliation gives for expert `v`.
    enum Evidence: Int { case nothing = 0, city = 1, institution = 2 }

    /// The evidence of affiliations already folded into words (``InstitutionNames/words(_:)``), one
    /// array per affiliation: `match` folds them once for all its candidates.
    func evidence(_ texts: [[String]], expert v: Int) -> Evidence {
        guard let k = institutionOf[v] else { return .nothing }
        var best = Evidence.nothing
        for w in texts {
            if names.mentions(w, institution: k) { return .institution }
            if names.mentionsCity(w, institution: k) { best = .city }
        }
        return best
    }

    private func describe(_ v: Int) -> String {
        let inst = d.institutionName(ofExpert: v)
        return d.experts[v].id + " (" + d.experts[v].name + (inst.isEmpty ? "" : ", " + inst) + ")"
    }

    /// Decides one person. `inherited` marks affiliations taken from the article rather than the person.
    public func match(name: PersonName, display: String, affiliations: [String], inherited: Bool, orcid: String?,
                      source: PersonMatch.Source, record: Int, position: Int) -> PersonMatch {
        var words = AffiliationWords()
        return match(name: name, display: display, affiliations: affiliations, inherited: inherited, orcid: orcid,
                     source: source, record: record, position: position, words: &words)
    }

    /// Affiliations folded into words (``InstitutionNames/words(_:)``), each distinct text once: the
    /// authors of a record mostly share a handful of affiliations (the demo's publication files give
    /// 1 834 author affiliations, about 100 distinct texts), and folding accented text was a tenth of
    /// `summary` on the demo (perf).
    struct AffiliationWords {
        private var known: [String: [String]] = [:]

        mutating func callAsFunction(_ text: String) -> [String] {
            if let w = known[text] { return w }
            let w = InstitutionNames.words(text)
            known[text] = w
            return w
        }
    }

    func match(name: PersonName, display: String, affiliations: [String], inherited: Bool, orcid: String?,
               source: PersonMatch.Source, record: Int, position: Int, words: inout AffiliationWords) -> PersonMatch {
        let shown = (inherited && !affiliations.isEmpty ? "(article) " : "") + affiliations.joined(separator: " | ")
        var m = PersonMatch(source: source, record: record, position: position, name: display, affiliation: shown,
                            expert: nil, candidates: [], status: .unmatched, reason: "")
        if let o = orcid, let v = byOrcid[o] {
            m.expert = v; m.candidates = [v]; m.status = .matched; m.reason = "ORCID \(o)"
            return m
        }
        var agreement: [Int: PersonName.Agreement] = [:]
        var sameFamily = Set<Int>()
        for key in Set(name.splits.map(\.familyKey)) {
            for (v, n) in byFamily[key] ?? [] {
                sameFamily.insert(v)
                if let o = orcid, let theirs = orcidOf[v], theirs != o { continue }
                let a = name.agreement(with: n)
                if a > .none { agreement[v] = max(agreement[v] ?? .none, a) }
            }
        }
        guard !agreement.isEmpty else {
            m.reason = sameFamily.isEmpty ? "no expert has this family name"
                : "given names fit none of the experts with this family name (\(sameFamily.sorted().map { d.experts[$0].id }.joined(separator: ", ")))"
            return m
        }
        let step = inherited ? 1 : 0
        let folded = affiliations.map { words($0) }
        var scored: [(v: Int, score: Int, ev: Evidence, full: Bool)] = []
        for (v, a) in agreement {
            let ev = evidence(folded, expert: v)
            scored.append((v, a.rawValue + max(0, ev.rawValue - (ev == .nothing ? 0 : step)), ev, a == .full))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : d.experts[$0.v].id < d.experts[$1.v].id }
        m.candidates = scored.map(\.v)
        let best = scored[0]
        let top = scored.filter { $0.score == best.score }
        let what = { (s: (v: Int, score: Int, ev: Evidence, full: Bool)) -> String in
            let nm = s.full ? "full name" : "initials"
            let place = d.institutionName(ofExpert: s.v)
            switch s.ev {
            case .institution: return nm + " and institution (\(place))" + (inherited ? " in the article's affiliation" : "")
            case .city: return nm + " and city (\(d.institution(ofExpert: s.v)?.city ?? ""))" + (inherited ? " in the article's affiliation" : "")
            case .nothing: return nm + (affiliations.isEmpty ? ", no affiliation to confirm it" : ", affiliation names neither their institution nor its city")
            }
        }
        if best.score >= ExpertMatcher.threshold && top.count == 1 {
            m.expert = best.v; m.status = .matched
            m.reason = what(best)
            if scored.count > 1 {
                m.reason += "; told apart from " + scored.dropFirst().map { d.experts[$0.v].id }.joined(separator: ", ") + " by affiliation"
            }
        } else if scored.count > 1 {
            m.status = .ambiguous
            let tied = best.score >= ExpertMatcher.threshold ? top.map(\.v) : scored.map(\.v)
            m.candidates = tied
            m.reason = "\(tied.count) experts fit: " + tied.map(describe).joined(separator: "; ")
                + (best.score >= ExpertMatcher.threshold ? "; the affiliation fits each" : "; the affiliation tells them apart for none")
        } else {
            m.reason = "only \(what(best)) for \(describe(best.v)): not enough"
        }
        return m
    }

    /// Every author of `publications` and investigator of `trials`, decided.
    ///
    /// The publications are decided in two halves at once (the second half and the trials on another
    /// thread), each with its own memo of folded affiliations and parsed names — the demo's 1 934
    /// authors and investigators are about 660 distinct names — and the decisions are concatenated in
    /// record order, so the result does not depend on the split. Demo, building the matcher and
    /// deciding everyone (release, 6 runs): 19–29 ms one after the other, 13–18 ms this way.
    public func matchAll(publications: [Publication], trials: [Trial]) -> [PersonMatch] {
        let half = publications.count / 2
        let (first, second) = concurrently({
            matchPublications(publications, in: 0..<half)
        }, {
            self.matchPublications(publications, in: half..<publications.count) + self.matchTrials(trials)
        })
        return first + second
    }

    /// Parsed names, each distinct spelling once.
    struct Names {
        private var known: [String: PersonName] = [:]

        mutating func author(_ a: PublicationAuthor) -> PersonName {
            let key = a.lastName + "\u{1}" + a.foreName + "\u{1}" + a.initials
            if let n = known[key] { return n }
            let n = PersonName(family: a.lastName, given: a.foreName, initials: a.initials)
            known[key] = n
            return n
        }

        mutating func written(_ text: String) -> PersonName {
            if let n = known[text] { return n }
            let n = PersonName(text)
            known[text] = n
            return n
        }
    }

    /// The authors of `publications[range]`, in order.
    func matchPublications(_ publications: [Publication], in range: Range<Int>) -> [PersonMatch] {
        var out: [PersonMatch] = []
        var words = AffiliationWords()
        var names = Names()
        for r in range {
            let p = publications[r]
            // Older records give one affiliation for the article: as MEDLINE AD before the authors, or
            // on the first author only.
            var article = p.articleAffiliations
            if article.isEmpty, let first = p.authors.first, !first.affiliations.isEmpty,
               p.authors.dropFirst().allSatisfy({ $0.affiliations.isEmpty }) {
                article = first.affiliations
            }
            var here: [PersonMatch] = []
            for (k, a) in p.authors.enumerated() {
                let own = !a.affiliations.isEmpty
                here.append(match(name: names.author(a), display: a.display,
                                  affiliations: own ? a.affiliations : article, inherited: !own, orcid: a.orcid,
                                  source: .publication, record: r, position: k, words: &words))
            }
            var count: [Int: Int] = [:]
            for x in here { if let v = x.expert { count[v, default: 0] += 1 } }
            for k in here.indices {
                if let v = here[k].expert, (count[v] ?? 0) > 1 {
                    here[k].status = .ambiguous
                    here[k].expert = nil
                    here[k].reason = "\(count[v] ?? 0) authors of this record fit \(describe(v))"
                }
            }
            out += here
        }
        return out
    }

    /// The investigators of `trials`, in order.
    func matchTrials(_ trials: [Trial]) -> [PersonMatch] {
        var out: [PersonMatch] = []
        var words = AffiliationWords()
        var names = Names()
        for (r, t) in trials.enumerated() {
            for (k, x) in t.investigators.enumerated() {
                out.append(match(name: names.written(x.name), display: x.name, affiliations: x.affiliation.isEmpty ? [] : [x.affiliation],
                                 inherited: false, orcid: nil, source: .trial, record: r, position: k, words: &words))
            }
        }
        return out
    }
}
