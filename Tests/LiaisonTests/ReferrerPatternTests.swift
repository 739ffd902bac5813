import Testing
@testable import Liaison

/// Referrer classes on a fixture worked out by hand.
@Suite("Referral patterns around one expert", .tags(.unit))
struct ReferrerPatternTests {
    /// F is the focal hematologist; P1, P2 its hematology peers; R1–R4 general practitioners; O an oncologist.
    ///   R1 → F 30, R1 → P1 10                 share 30/40 = 0.75   loyalist
    ///   R2 → F 10, R2 → P1 10, R2 → P2 10     share 10/30 ≈ 0.33   splitter
    ///   R3 → F 2, R3 → P2 40, R3 → O 100      share 2/42 ≈ 0.048, 40 to peers ≥ 11   opportunity
    ///   R4 → F 1, R4 → P1 5                   share 1/6 ≈ 0.17, only 5 to peers     splitter
    ///   P1 → F 12, P1 → P2 12                 share 12/24 = 0.5 (a peer; itself excluded)   loyalist
    ///   F → R1 50                             (F's own referrals: only with --undirected)
    static func dataset() -> Dataset {
        let names = ["F", "P1", "P2", "R1", "R2", "R3", "R4", "O"]
        let spec = ["Hematology", "hematology ", "Hematology", "GP", "GP", "GP", "GP", "Oncology"]
        let experts = zip(names, spec).map { Expert(id: $0, name: "Dr \($0)", specialty: $1) }
        let i = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        func r(_ a: String, _ b: String, _ p: Int) -> Referral { Referral(source: i[a] ?? 0, target: i[b] ?? 0, patients: p) }
        return Dataset(experts: experts, referrals: [
            r("R1", "F", 30), r("R1", "P1", 10), r("R2", "F", 10), r("R2", "P1", 10), r("R2", "P2", 10),
            r("R3", "F", 2), r("R3", "P2", 40), r("R3", "O", 100), r("R4", "F", 1), r("R4", "P1", 5),
            r("P1", "F", 12), r("P1", "P2", 12), r("F", "R1", 50),
        ])
    }

    func rows(_ p: ReferrerPatterns, _ d: Dataset) -> [String] {
        p.referrers.map { "\(d.experts[$0.expert].id) \($0.toFocal) \($0.toPeers) \($0.kind.rawValue)" }
    }

    @Test func classesAndShares() throws {
        let d = Self.dataset()
        let p = ReferrerPatterns.analyze(d, focal: 0)
        #expect(p.peerCount == 2)
        #expect(p.specialty == "Hematology")
        #expect(rows(p, d) == ["R1 30 10 loyalist", "P1 12 12 loyalist", "R2 10 20 splitter", "R4 1 5 splitter",
                               "R3 2 40 opportunity"])
        let share = Dictionary(uniqueKeysWithValues: p.referrers.map { (d.experts[$0.expert].id, $0.share) })
        #expect(share["R1"] == 0.75)
        #expect(share["P1"] == 0.5)
        #expect(abs((share["R2"] ?? 0) - 1.0 / 3) < 1e-12)
        #expect(abs((share["R3"] ?? 0) - 2.0 / 42) < 1e-12)
        #expect(p.totalToFocal == 55)
    }

    @Test func undirectedAddsBothDirections() throws {
        let d = Self.dataset()
        let p = ReferrerPatterns.analyze(d, focal: 0, options: ReferrerOptions(undirected: true))
        // R1 shares 30 + 50 with F; P1 shares 12 with F and 12 with P2 (plus, undirected, R-to-P1 ties do
        // not count for P1: they are ties to GPs, not to peers).
        #expect(rows(p, d) == ["R1 80 10 loyalist", "P1 12 12 loyalist", "R2 10 20 splitter", "R4 1 5 splitter",
                               "R3 2 40 opportunity"])
    }

    @Test func noSpecialtyMakesEveryoneAPeer() throws {
        var d = Self.dataset()
        d.experts[0].specialty = ""
        let p = ReferrerPatterns.analyze(d, focal: 0)
        #expect(p.peerCount == 7)
        // R3 now counts O as a peer: 2 / (2 + 140).
        #expect(p.referrers.first { d.experts[$0.expert].id == "R3" }?.toPeers == 140)
    }
}
