import Foundation
import Testing
@testable import Liaison

/// The scientific score, the influence blend, the derived collaborations and hostile input to the readers.
@Suite("Scientific standing", .tags(.unit))
struct ScientificStandingTests {
    /// A random network of `n` experts at three hospitals, with random referrals.
    static func network(seed: UInt64, n: Int = 25) -> Dataset {
        var g = SplitMix64(seed: seed)
        let insts = [Institution(id: "h1", name: "UZ Leuven", city: "Leuven"), Institution(id: "h2", name: "UZ Gent", city: "Gent"),
                     Institution(id: "h3", name: "AZ Delta", city: "Roeselare")]
        let firsts = ["Jan", "Els", "Koen", "Anne", "Tom", "Lien", "Bart", "Inge", "Wim", "Sofie"]
        let experts = (0..<n).map { k in
            Expert(id: String(format: "X%02d", k), name: "\(firsts[k % firsts.count]) Family\(k)",
                   institution: insts[Int.random(in: 0..<3, using: &g)].id)
        }
        var refs: [Referral] = []
        for _ in 0..<(3 * n) {
            let a = Int.random(in: 0..<n, using: &g), b = Int.random(in: 0..<n, using: &g)
            if a != b { refs.append(Referral(source: a, target: b, patients: Int.random(in: 1...40, using: &g))) }
        }
        return Dataset(experts: experts, institutions: insts, referrals: refs)
    }

    /// Random publications by random experts of `d` (full names, their own hospital).
    static func publications(_ d: Dataset, seed: UInt64, count: Int = 15) -> [Publication] {
        var g = SplitMix64(seed: seed)
        return (0..<count).map { k in
            let authors = (0..<Int.random(in: 1...5, using: &g)).map { _ -> PublicationAuthor in
                let v = Int.random(in: 0..<d.experts.count, using: &g)
                let parts = d.experts[v].name.split(separator: " ").map(String.init)
                return PublicationAuthor(lastName: parts[1], foreName: parts[0], affiliations: [d.institutionName(ofExpert: v)])
            }
            return Publication(pmid: String(100 + k), date: PublicationDate(year: Int.random(in: 2015...2026, using: &g)), authors: authors)
        }
    }

    static func attach(_ d: Dataset, _ pubs: [Publication], share: Double = ScientificInfluence.defaultShare) -> Dataset {
        var out = d
        var s = ScienceData()
        s.publications = pubs
        s.matches = ExpertMatcher(d).matchAll(publications: pubs, trials: [])
        s.influenceShare = share
        out.science = s
        return out
    }

    /// The kept standing is the computed one, and is dropped as soon as the records change: a changed
    /// match, publications removed, or another data year (an interaction dated later).
    @Test func keptStandingFollowsTheRecords() throws {
        let d = Self.network(seed: 5)
        var with = Self.attach(d, Self.publications(d, seed: 5))
        #expect(ScientificStanding.of(with) == ScientificStanding.compute(with))
        #expect(ScientificStanding.of(with) == ScientificStanding.compute(with))   // from the memo
        let copy = with
        let k = try #require(with.science.matches.firstIndex { $0.status == .matched })
        with.science.matches[k].status = .ambiguous
        with.science.matches[k].expert = nil
        #expect(ScientificStanding.of(with) == ScientificStanding.compute(with))
        #expect(ScientificStanding.of(with) != ScientificStanding.of(copy))
        #expect(ScientificStanding.of(copy) == ScientificStanding.compute(copy))
        with.science.publications.removeLast(5)
        #expect(ScientificStanding.of(with) == ScientificStanding.compute(with))
        let before = ScientificStanding.of(with)
        with.interactions.append(Interaction(id: "late", date: try #require(Day(iso: "2040-01-01")), expert: 0,
                                             liaison: "Lia", channel: "in-person"))
        #expect(ScientificStanding.of(with).referenceYear == 2040)
        #expect(ScientificStanding.of(with) == ScientificStanding.compute(with))
        #expect(before.referenceYear != 2040)
    }

    @Test(arguments: [UInt64(3), 11, 2026])
    func scoreIsAShareAndTheBlendIsAsDocumented(seed: UInt64) throws {
        let d = Self.network(seed: seed)
        let with = Self.attach(d, Self.publications(d, seed: seed))
        let plain = try KeyExperts.compute(d, measures: [.influence, .tier])
        let blended = try KeyExperts.compute(with, measures: [.influence, .tier])
        let st = try #require(blended.science)
        #expect(abs(st.scientific.reduce(0, +) - 1) < 1e-12)
        let top = try #require(st.scientific.max())
        for v in d.experts.indices {
            // Naive recomputation of the documented formula.
            #expect(abs(blended.influence[v] - (0.75 * plain.influence[v] + 0.25 * st.scientific[v] / top)) < 1e-12)
        }
        // Tiers follow the blended ranking: tier 1 holds the best ⌈10 %⌉.
        let order = d.experts.indices.sorted { blended.influence[$0] != blended.influence[$1] ? blended.influence[$0] > blended.influence[$1] : d.experts[$0].id < d.experts[$1].id }
        #expect(order.prefix(3).allSatisfy { blended.tier[$0] == 1 } && order.dropFirst(3).allSatisfy { blended.tier[$0] != 1 })
    }

    @Test(arguments: [UInt64(5), 8])
    func nothingChangesWithoutAMatchOrAShare(seed: UInt64) throws {
        let d = Self.network(seed: seed)
        let plain = try KeyExperts.compute(d, measures: [.influence, .tier])
        // Nobody matched: authors of another family.
        let strangers = [Publication(pmid: "1", date: PublicationDate(year: 2025), authors: [PublicationAuthor(lastName: "Zzyzx", foreName: "Jan", affiliations: ["UZ Leuven"])])]
        let a = try KeyExperts.compute(Self.attach(d, strangers), measures: [.influence, .tier])
        #expect(a.influence == plain.influence && a.tier == plain.tier && a.influenceRank == plain.influenceRank)
        let b = try KeyExperts.compute(Self.attach(d, Self.publications(d, seed: seed), share: 0), measures: [.influence, .tier])
        #expect(b.influence == plain.influence && b.tier == plain.tier)
        #expect(b.science?.publications.reduce(0, +) ?? 0 > 0)
    }

    @Test func anExpertWithoutReferralsButWithScienceIsNotForcedIntoTier3() throws {
        let d = Dataset(experts: [Expert(id: "A", name: "Jan Peeters", institution: "h"), Expert(id: "B", name: "Els Maes", institution: "h"),
                                  Expert(id: "C", name: "Koen Claes", institution: "h")],
                        institutions: [Institution(id: "h", name: "UZ Gent", city: "Gent")],
                        referrals: [Referral(source: 0, target: 1, patients: 20)])
        let pubs = [Publication(pmid: "1", date: PublicationDate(year: 2026), authors: [PublicationAuthor(lastName: "Claes", foreName: "Koen", affiliations: ["UZ Gent"])])]
        var model = InfluenceModel()
        model.tier1Fraction = 0.34
        let s = try KeyExperts.compute(Self.attach(d, pubs), measures: [.influence, .tier], model: model)
        #expect(s.tier[2] == 1)
        let plain = try KeyExperts.compute(d, measures: [.influence, .tier], model: model)
        #expect(plain.tier[2] == 3)
        // No referrals (only PageRank's teleport share) and all of the scientific maximum.
        #expect(abs(s.influence[2] - (0.75 * plain.influence[2] + 0.25)) < 1e-12)
    }

    @Test func derivedTiesCountSharedRecordsAndKeepTheFilesTies() {
        let d = Dataset(experts: [Expert(id: "A", name: "Jan Peeters", institution: "h"), Expert(id: "B", name: "Els Maes", institution: "h"),
                                  Expert(id: "C", name: "Koen Claes", institution: "h")],
                        institutions: [Institution(id: "h", name: "UZ Gent", city: "Gent")],
                        collaborations: [Collaboration(a: 2, b: 0, kind: "co-author", weight: 5)])
        func author(_ l: String, _ f: String) -> PublicationAuthor { PublicationAuthor(lastName: l, foreName: f, affiliations: ["UZ Gent"]) }
        let pubs = [Publication(pmid: "1", authors: [author("Peeters", "Jan"), author("Maes", "Els"), author("Claes", "Koen")]),
                    Publication(pmid: "2", authors: [author("Maes", "Els"), author("Peeters", "Jan")])]
        var s = ScienceData()
        s.publications = pubs
        s.matches = ExpertMatcher(d).matchAll(publications: pubs, trials: [])
        let ties = ScientificTies.derive(d, s)
        #expect(ties == [Collaboration(a: 0, b: 1, kind: "co-author", weight: 2), Collaboration(a: 1, b: 2, kind: "co-author", weight: 1)])
    }

    @Test("random bytes through the three readers: records or a located error", arguments: Array(UInt64(1)...UInt64(30)))
    func hostileBytes(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let pieces = ["PMID- 12\n", "FAU - Peeters, Jan\n", "AU  - Peeters J\n", "AD  - UZ Leuven\n", "      more\n", "\n", "<Author>",
                      "</Author>", "<PubmedArticleSet>", "<PubmedArticle>", "<PMID>1</PMID>", "<!DOCTYPE x [<!ENTITY a \"b\">]>",
                      "&a;", "{\"studies\": [", "{\"protocolSection\": {\"identificationModule\": {\"nctId\": \"NCT1\"}}}", "]", "}", ",",
                      "\u{0}", "é", "\r\n"]
        for _ in 0..<20 {
            let text = (0..<Int.random(in: 0...12, using: &g)).map { _ in pieces.randomElement(using: &g) ?? "" }.joined()
            let bytes = Array(text.utf8)
            func check(_ body: () throws(DatasetError) -> Void) {
                do { try body() } catch {
                    #expect(error.issues.allSatisfy { $0.file == "f" && !$0.message.isEmpty })
                }
            }
            check { () throws(DatasetError) in _ = try MedlineReader.read(bytes: bytes, fileName: "f") }
            check { () throws(DatasetError) in _ = try PubMedXMLReader.read(bytes: bytes, fileName: "f") }
            check { () throws(DatasetError) in _ = try ClinicalTrialsReader.read(bytes: bytes, fileName: "f") }
        }
    }
}
