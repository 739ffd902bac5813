import Testing
@testable import Liaison

/// Property tests of the views layer: on random networks with many small counts, for every row type
/// that shows patient counts, no shown figure — nor a difference of shown figures that an identity
/// ties together — reveals a count in 1…(t − 1). Each test plays the adversary: it takes what is shown
/// (in that output, and in `rank`, whose strengths every reader has) and works out what it can.
@Suite("views: nothing in 1…t−1 can be worked out", .tags(.unit))
struct ViewsPrivacyTests {
    static let t = SmallCell.defaultThreshold

    /// A random team with mostly small counts, institutions, collaborations, and every link's rows
    /// split over periods — directed or undirected.
    static func network(_ seed: UInt64, undirected: Bool = false) -> Dataset {
        var g = SplitMix64(seed: seed)
        let n = Int.random(in: 4...28, using: &g)
        let institutions = (0..<Int.random(in: 1...5, using: &g)).map { Institution(id: "H\($0)", name: "Hospital \($0)") }
        let experts = (0..<n).map { v in
            Expert(id: "E\(v)", name: "Expert \(v)", specialty: v % 3 == 0 ? "Oncology" : "Hematology",
                   institution: "H\(Int.random(in: 0..<institutions.count, using: &g))")
        }
        let periods = ["2026Q1", "2026Q2"].compactMap { Period.parse($0) }
        var referrals: [Referral] = []
        for _ in 0..<Int.random(in: 0...(4 * n), using: &g) {
            let a = Int.random(in: 0..<n, using: &g), b = Int.random(in: 0..<n, using: &g)
            guard a != b else { continue }
            // Small counts most of the time: the cases suppression is for.
            let p = Int.random(in: 0...4, using: &g) == 0 ? Int.random(in: 11...60, using: &g) : Int.random(in: 1...12, using: &g)
            referrals.append(Referral(source: a, target: b, patients: p, period: periods.randomElement(using: &g)))
        }
        let collaborations = (0..<Int.random(in: 0...n, using: &g)).map { _ in
            Collaboration(a: Int.random(in: 0..<n, using: &g), b: Int.random(in: 0..<n, using: &g), kind: "co-author")
        }
        let d = Dataset(source: "random \(seed)", experts: experts, institutions: institutions, referrals: referrals,
                        collaborations: collaborations)
        return undirected ? d.undirected() : d
    }

    static let seeds: [UInt64] = Array(1...60)

    /// The number a cell shows, or `nil` when hidden or empty.
    static func shown(_ c: Cell) -> Double? {
        switch c {
        case .int(let i): return Double(i)
        case .number(let x): return x
        default: return nil
        }
    }

    /// Whether hidden parts with visible `total` and visible `parts` give a count away: the hidden sum
    /// is itself small, or one small hidden part is pinned by the others' bounds — [1, t − 1] for a
    /// small (primary) part, [t, smallest shown part] for a withheld (complementary) one, as a reader
    /// who knows the rule would bound them.
    static func reveals(total: Double, shownParts: [Double], primary: Int, complementary: Int = 0) -> Bool {
        guard primary > 0 else { return false }
        let s = total - shownParts.reduce(0, +)
        if s >= 1 && s < Double(t) { return true }
        let upper = shownParts.filter { $0 > 0 }.min() ?? 1e18
        let loOthers = Double(primary - 1) + Double(complementary * t)
        let hiOthers = Double(primary - 1) * Double(t - 1) + Double(complementary) * upper
        return max(1, s - hiOthers) >= min(Double(t - 1), s - loOthers)
    }

    @Test(arguments: seeds) func expertRanking(seed: UInt64) throws {
        for undirected in [false, true] {
            let d = Self.network(seed, undirected: undirected)
            let s = try KeyExperts.compute(d, measures: [.inDegree, .outDegree, .inStrength, .outStrength, .influence])
            let rows = ExpertRankView.rows(d, scores: s, columns: ["id", "in_degree", "in_strength", "out_degree", "out_strength"],
                                           metric: .influence, limit: nil, threshold: Self.t).table.rows
            for r in rows {
                // A shown degree d beside a hidden strength leaves [d, t − 1]: it must not be shown at all.
                for (deg, str) in [(1, 2), (3, 4)] where r[str] == .suppressed {
                    #expect(Self.shown(r[deg]) == nil, "seed \(seed): degree \(r[deg]) beside a hidden strength")
                }
                for k in 1...4 { #expect(!(Self.shown(r[k]).map { $0 >= 1 && $0 < Double(Self.t) && k % 2 == 0 } ?? false)) }
            }
        }
    }

    @Test(arguments: seeds) func institutionRanking(seed: UInt64) throws {
        for undirected in [false, true] {
            let d = Self.network(seed, undirected: undirected)
            let r = try InstitutionRanking.compute(d)
            let experts = ExpertRankView.rows(d, scores: try KeyExperts.compute(d, measures: [.inStrength, .outStrength, .influence]),
                                              columns: ["id", "in_strength", "out_strength"], metric: .influence,
                                              limit: nil, threshold: Self.t).table.rows
            var expertCells: [String: [Cell]] = [:]
            for row in experts { if case .text(let id) = row[0] { expertCells[id] = row } }
            let rows = InstitutionRankView.rows(r, dataset: d, columns: ["id", "in_strength", "out_strength", "internal_patients"],
                                                metric: .influence, limit: nil, threshold: Self.t, keyExpertsByName: false).table.rows
            for (k, row) in rows.enumerated() {
                guard case .text(let key) = row[0], let node = r.network.nodes.first(where: { $0.key == key }) else { continue }
                // Σ members' in-strength − the institution's in-strength = internal patients (directed);
                // undirected, Σ members' strengths − the institution's = 2 × internal.
                for (inst, col) in [(row[1], 1), (row[2], 2)] {
                    let members = node.members.map { expertCells[d.experts[$0].id]?[col] ?? .empty }
                    guard let total = Self.shown(inst), members.allSatisfy({ Self.shown($0) != nil }) else { continue }
                    let derived = members.compactMap(Self.shown).reduce(0, +) - total
                    let inside = undirected ? derived / 2 : derived
                    #expect(!(inside >= 1 && inside < Double(Self.t)), "seed \(seed) row \(k): internal \(inside) worked out")
                }
                if case .number(let x) = row[3] { #expect(!SmallCell.hides(x, threshold: Self.t)) }
            }
        }
    }

    @Test(arguments: seeds) func undirectedCountsEveryPatientOnce(seed: UInt64) throws {
        let d = Self.network(seed), u = d.undirected()
        #expect(InstitutionNetwork(u).internalPatients == InstitutionNetwork(d).internalPatients)
        let a = try CommunityAnalysis.analyze(d, options: CommunityOptions(leadersBy: .pagerank))
        let b = try CommunityAnalysis.analyze(u, options: CommunityOptions(leadersBy: .pagerank))
        #expect(a.communities.assignment == b.communities.assignment)
        #expect(a.summaries.map(\.internalPatients) == b.summaries.map(\.internalPatients))
        #expect(a.roles.strength == b.roles.strength)
        // The measure graph holds each tie both ways with both directions' patients.
        #expect(u.referralGraph().inWeights.reduce(0, +) == 2 * d.referralGraph().inWeights.reduce(0, +))
    }

    @Test(arguments: seeds) func referrers(seed: UInt64) throws {
        let d = Self.network(seed)
        let g = d.referralGraph()
        for focal in d.experts.indices {
            let view = ReferrerView(ReferrerPatterns.analyze(d, focal: focal), dataset: d, threshold: Self.t)
            let col = 5
            let cells = view.table.rows.map { $0[col] }
            // rank shows the focal expert's in-strength unless it is small.
            let total = g.inStrength(focal)
            if SmallCell.hides(total, threshold: Self.t) {
                #expect(view.table.rows.isEmpty && view.referrerCount == .withheld, "seed \(seed): referrers of a hidden total listed")
            } else if view.withheldAll {
                #expect(view.table.rows.isEmpty)
            } else {
                #expect(!Self.reveals(total: total, shownParts: cells.compactMap(Self.shown),
                                      primary: cells.filter { $0 == .suppressed }.count,
                                      complementary: cells.filter { $0 == .withheld }.count),
                        "seed \(seed) focal \(focal): \(cells)")
            }
        }
    }

    @Test(arguments: seeds) func gaps(seed: UInt64) throws {
        let d = Self.network(seed)
        var directional: [PairKey: Int] = [:]
        for x in d.referrals { directional[PairKey(x.source, x.target), default: 0] += x.patients }
        // Every pair as a way in: the rule is about the tie, whoever the gap is.
        var gaps: [CoverageGap] = []
        for (pair, _) in directional {
            let a = Int(pair.a), b = Int(pair.b)
            let both = (directional[PairKey(a, b)] ?? 0) + (directional[PairKey(b, a)] ?? 0)
            gaps.append(CoverageGap(expert: a, expected: 1, actual: 0, shortfall: 1, gapScore: 1, influence: 1, tier: 1,
                                    lastInteraction: nil, daysSince: nil, neverVisited: true, stale: false, offPlan: false,
                                    owner: "", wayIn: WayIn(expert: b, patients: both, collaborationWeight: 0, collaborationKinds: [])))
        }
        for row in GapView(gaps, dataset: d, limit: nil, threshold: Self.t).rows {
            guard let shown = Self.shown(row.wayInPatients), let w = row.gap.wayIn else { continue }
            // Shown: neither direction is small, so subtracting the other (or a strength) reveals nothing small.
            for n in [directional[PairKey(row.gap.expert, w.expert)] ?? 0, directional[PairKey(w.expert, row.gap.expert)] ?? 0] {
                #expect(!SmallCell.hides(Double(n), threshold: Self.t), "seed \(seed): way-in \(shown) shown beside a direction of \(n)")
            }
        }
    }

    @Test(arguments: seeds) func communitiesAndRoles(seed: UInt64) throws {
        for undirected in [false, true] {
            let d = Self.network(seed, undirected: undirected)
            let a = try CommunityAnalysis.analyze(d, options: CommunityOptions(leadersBy: .pagerank))
            let view = CommunityView(a, dataset: d, threshold: Self.t)
            let asRead = d.referralGraphAsRead()
            for s in a.summaries {
                guard let total = Self.shown(view.internalPatients[s.id]) else { continue }
                var parts: [Double] = []
                for v in s.members {
                    for k in asRead.outOffsets[v]..<asRead.outOffsets[v + 1]
                    where a.communities.assignment[Int(asRead.outTargets[k])] == s.id { parts.append(asRead.outWeights[k]) }
                }
                let hidden = parts.filter { SmallCell.hides($0, threshold: Self.t) }
                #expect(!Self.reveals(total: total, shownParts: parts.filter { !SmallCell.hides($0, threshold: Self.t) },
                                      primary: hidden.count), "seed \(seed) community \(s.id)")
            }
            let g = d.referralGraph()
            for v in d.experts.indices {
                // patients = in + out strength (rank shows both): shown only when neither is hidden.
                if Self.shown(view.patients[v]) != nil {
                    #expect(!SmallCell.hides(g.inStrength(v), threshold: Self.t) && !SmallCell.hides(g.outStrength(v), threshold: Self.t))
                }
            }
        }
    }

    @Test(arguments: seeds) func mapTooltips(seed: UInt64) throws {
        let g = Self.network(seed).referralGraph()
        for (v, c) in MapFigures.patientsReceived(g, threshold: Self.t).enumerated() {
            guard let total = Self.shown(c) else { continue }
            let parts = Array(g.inWeights[g.inOffsets[v]..<g.inOffsets[v + 1]])
            let hidden = parts.filter { SmallCell.hides($0, threshold: Self.t) }.count
            #expect(!Self.reveals(total: total, shownParts: parts.filter { !SmallCell.hides($0, threshold: Self.t) },
                                  primary: hidden), "seed \(seed) expert \(v): \(total) beside \(parts)")
        }
    }
}

/// `sites` shows an institution's patients in, which is its in-strength: the rule of `rank --level
/// institution` applies (withheld beside hidden internal patients), so the two outputs agree.
@Suite("views: trial sites follow the institution rule", .tags(.unit))
struct SiteRowPrivacyTests {
    @Test func patientsInFollowTheInstitutionRule() {
        #expect(ScienceViews.patientsIn(30, internal: 5, threshold: 11) == .withheld)
        #expect(ScienceViews.patientsIn(30, internal: 0, threshold: 11) == .number(30))
        #expect(ScienceViews.patientsIn(30, internal: 40, threshold: 11) == .number(30))
        #expect(ScienceViews.patientsIn(7, internal: 40, threshold: 11) == .suppressed)
        #expect(ScienceViews.patientsIn(30, internal: 5, threshold: 0) == .number(30))
    }
}
