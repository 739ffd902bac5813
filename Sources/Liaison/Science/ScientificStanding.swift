/// Each expert's publications and trials, and the `scientific` score that mixes them.
///
/// Counts, over the matched authors and investigators (``ExpertMatcher``):
/// - `publications`: distinct PMIDs the expert authored;
/// - `publications_5y`: of those, published in the five calendar years up to the data's year (the
///   year of ``ScienceData/referenceDay(_:)``: the latest interaction or publication), Y−4…Y;
/// - `first_last_author`: publications with the expert as first or last author (a sole author once);
/// - `trials`: distinct trials naming the expert as an overall official or a site investigator;
/// - `trials_pi`: of those, trials where the expert is principal investigator or study chair (of the
///   trial or of a site);
/// - `coauthors`: distinct other experts sharing at least one publication with the expert.
///
/// **scientific** = Σₖ wₖ · xₖ(v) / Σᵤ xₖ(u) over the six counts, divided by Σ wₖ over the counts
/// whose total is not 0: a mix of each expert's *share* of the network's publications, recent
/// publications, leading authorships, trials, trials led and co-authorships. It sums to 1 over the
/// experts (0 everywhere when nothing matched), so 0.05 reads "5 % of the network's scientific
/// activity". Weights (``weights``): recent publications 0.25, trials led 0.20, first/last
/// authorships 0.15, trials 0.15, co-authors 0.15, all publications 0.10 — current and leading work
/// counts more than volume (a paper from 1998 says little about today's standing; first and last
/// authors and principal investigators drive the work), trials as much as papers because a trial is
/// what a medical team asks an expert to run, and co-authorship with the network's other experts for
/// the reach of an expert's science among the people the team serves.
///
/// - Complexity: O(matches + Σ per-record matched experts²).
public struct ScientificStanding: Sendable, Equatable {
    /// The data's year (`nil` when no date is known: then `publications_5y` counts nothing).
    public var referenceYear: Int?
    /// Per expert, indexed like ``Dataset/experts``.
    public var publications: [Int]
    /// Publications in the years referenceYear − 4 … referenceYear.
    public var publications5y: [Int]
    /// Publications as first or last author.
    public var firstLastAuthor: [Int]
    /// Trials as an investigator.
    public var trials: [Int]
    /// Trials as principal investigator or study chair.
    public var trialsPI: [Int]
    /// Distinct co-authoring experts.
    public var coauthors: [Int]
    /// The share-normalised mix, summing to 1 over experts (or all 0).
    public var scientific: [Double]

    /// Column names and weights of the scientific score.
    public static let weights: [(column: String, weight: Double)] = [
        ("publications_5y", 0.25), ("trials_pi", 0.20), ("first_last_author", 0.15), ("trials", 0.15),
        ("coauthors", 0.15), ("publications", 0.10),
    ]

    /// Column names, in the order `rank` lists them.
    public static let columns = ["publications", "publications_5y", "first_last_author", "trials", "trials_pi",
                                 "coauthors", "scientific"]

    /// The counts of one column by name.
    public func counts(_ column: String) -> [Int]? {
        switch column {
        case "publications": return publications
        case "publications_5y": return publications5y
        case "first_last_author": return firstLastAuthor
        case "trials": return trials
        case "trials_pi": return trialsPI
        case "coauthors": return coauthors
        default: return nil
        }
    }

    /// The standing of every expert of `d`, computed once per scientific layer and data year: a report
    /// asks for it with every quarter's scores (the demo's: ten times, 7 % of `report` in perf).
    /// Always equal to ``compute(_:)``.
    public static func of(_ d: Dataset) -> ScientificStanding {
        let year = d.science.referenceDay(d)?.components.year
        return d.science.standingMemo.standing(year: year, experts: d.experts.count) { compute(d, year: year) }
    }

    /// The standing of every expert of `d` (all 0 when the dataset has no scientific layer).
    public static func compute(_ d: Dataset) -> ScientificStanding {
        compute(d, year: d.science.referenceDay(d)?.components.year)
    }

    /// The standing with the data's year already known.
    static func compute(_ d: Dataset, year: Int?) -> ScientificStanding {
        let n = d.experts.count
        let s = d.science
        var pubs = [Set<Int>](repeating: [], count: n), recent = [Int](repeating: 0, count: n)
        var lead = [Int](repeating: 0, count: n), trials = [Set<Int>](repeating: [], count: n)
        var led = [Set<Int>](repeating: [], count: n), co = [Set<Int>](repeating: [], count: n)
        var byPublication: [Int: [Int]] = [:]
        for m in s.matches where m.status == .matched {
            guard let v = m.expert, v >= 0, v < n else { continue }
            switch m.source {
            case .publication:
                guard m.record < s.publications.count, pubs[v].insert(m.record).inserted else { continue }
                let p = s.publications[m.record]
                if let y = year, let py = p.date?.year, py <= y, py >= y - 4 { recent[v] += 1 }
                if m.position == 0 || m.position == p.authors.count - 1 { lead[v] += 1 }
                byPublication[m.record, default: []].append(v)
            case .trial:
                guard m.record < s.trials.count else { continue }
                trials[v].insert(m.record)
                let t = s.trials[m.record]
                if m.position < t.investigators.count, t.investigators[m.position].isPrincipal { led[v].insert(m.record) }
            }
        }
        for (_, experts) in byPublication {
            for a in experts { for b in experts where a != b { co[a].insert(b) } }
        }
        var out = ScientificStanding(referenceYear: year, publications: pubs.map(\.count), publications5y: recent,
                                     firstLastAuthor: lead, trials: trials.map(\.count), trialsPI: led.map(\.count),
                                     coauthors: co.map(\.count), scientific: [])
        out.scientific = score(out, count: n)
        return out
    }

    /// Σₖ wₖ · share_k(v) / Σ wₖ (over the counts that are not all 0).
    static func score(_ s: ScientificStanding, count n: Int) -> [Double] {
        var mix = [Double](repeating: 0, count: n)
        var wsum = 0.0
        for (column, w) in weights {
            guard let x = s.counts(column) else { continue }
            let total = x.reduce(0, +)
            guard total > 0 else { continue }
            wsum += w
            for v in 0..<n where x[v] > 0 { mix[v] += w * Double(x[v]) / Double(total) }
        }
        return wsum > 0 ? mix.map { $0 / wsum } : mix
    }
}
