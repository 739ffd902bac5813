import Foundation
import Testing
@testable import Liaison

/// Matching authors and investigators to experts: accents, initials, hyphens, particles, namesakes.
@Suite("Matching people to experts", .tags(.unit))
struct ExpertMatcherTests {
    static let institutions = [
        Institution(id: "uzl", name: "UZ Leuven", city: "Leuven"),
        Institution(id: "uzg", name: "UZ Gent", city: "Gent"),
        Institution(id: "azd", name: "AZ Delta", city: "Roeselare"),
        Institution(id: "erasme", name: "Hôpital Erasme (H.U.B)", city: "Brussels"),
        Institution(id: "bordet", name: "Institut Jules Bordet, H.U.B", city: "Brussels"),
    ]
    static let experts = [
        Expert(id: "E1", name: "Hélène Lefèvre", institution: "erasme"),
        Expert(id: "E2", name: "Pieter-Jan Van den Broeck", institution: "uzl"),
        Expert(id: "E3", name: "Jan Peeters", institution: "uzl"),
        Expert(id: "E4", name: "Jan Peeters", institution: "azd"),
        Expert(id: "E5", name: "Anne De Smet", institution: "uzg"),
        Expert(id: "E6", name: "Anne De Smet", institution: "uzg"),
        Expert(id: "E7", name: "Thomas Hamelryck", institution: "uzl", attributes: ["ORCID": "https://orcid.org/0000-0002-1825-0097"]),
        Expert(id: "E8", name: "Marie-Claire Dessy, PhD", institution: "bordet"),
        Expert(id: "E9", name: "Ayşe Yılmaz", institution: "bordet"),
        Expert(id: "E10", name: "Koen \"Bob\" Stevens", institution: "azd"),
    ]
    static let d = Dataset(experts: experts, institutions: institutions)
    static let matcher = ExpertMatcher(d)

    /// Decides a PubMed-style author.
    static func author(_ last: String, _ fore: String, initials: String = "", _ aff: [String], inherited: Bool = false,
                       orcid: String? = nil) -> PersonMatch {
        matcher.match(name: PersonName(family: last, given: fore, initials: initials), display: last, affiliations: aff,
                      inherited: inherited, orcid: orcid, source: .publication, record: 0, position: 0)
    }

    static func id(_ m: PersonMatch) -> String? { m.expert.map { experts[$0].id } }

    @Test func accentsAndCase() {
        #expect(Self.id(Self.author("Lefevre", "Helene", ["Hopital Erasme, Bruxelles, Belgium"])) == "E1")
        #expect(Self.id(Self.author("LEFÈVRE", "HÉLÈNE", ["hôpital erasme"])) == "E1")
        #expect(Self.id(Self.author("Yilmaz", "Ayse", ["Institut Jules Bordet, Brussels"])) == "E9")
    }

    @Test func initialsOnlyNeedTheInstitution() {
        let m = Self.author("Lefèvre", "", initials: "H", ["Hôpital Erasme, Brussels"])
        #expect(Self.id(m) == "E1" && m.reason.hasPrefix("initials and institution"))
        let city = Self.author("Lefèvre", "", initials: "H", ["Department of Medicine, Brussels"])
        #expect(city.status == .unmatched && city.expert == nil)
        #expect(Self.id(Self.author("Lefèvre", "Hélène", ["Department of Medicine, Brussels"])) == "E1")   // full name + city
        // A contradicting initial rules the expert out.
        #expect(Self.author("Lefèvre", "", initials: "M", ["Hôpital Erasme"]).status == .unmatched)
    }

    @Test func hyphensAndParticles() {
        #expect(Self.id(Self.author("Van den Broeck", "Pieter-Jan", ["UZ Leuven, Belgium"])) == "E2")
        #expect(Self.id(Self.author("Vandenbroeck", "", initials: "PJ", ["UZ Leuven"])) == "E2")
        #expect(Self.id(Self.author("van den Broeck", "Pieter Jan", ["Dept. of Hematology, UZ Leuven"])) == "E2")
        #expect(Self.id(Self.author("Broeck", "Pieter-Jan van den", ["UZ Leuven"])) == "E2")   // particle after the given name
        // `Pieter` is not `Pieter-Jan`; `Marie` is not `Marie-Claire`.
        #expect(Self.author("Van den Broeck", "Pieter", ["UZ Leuven"]).status == .unmatched)
        #expect(Self.author("Dessy", "Marie", ["Institut Jules Bordet"]).status == .unmatched)
        #expect(Self.id(Self.author("Dessy", "Marie-Claire", ["Institut Jules Bordet, Brussels"])) == "E8")
        #expect(Self.id(Self.author("Dessy", "", initials: "MC", ["Institut Jules Bordet"])) == "E8")
        // The shared H.U.B tells Bordet and Erasme apart for neither: only the city is left.
        #expect(Self.author("Dessy", "", initials: "MC", ["H.U.B, Brussels"]).status == .unmatched)
    }

    @Test func theThreeWaysOfWritingOneName() {
        let leuven = ["UZ Leuven, Leuven, Belgium"]
        #expect(Self.id(Self.author("Hamelryck", "", initials: "T", leuven)) == "E7")
        #expect(Self.id(Self.author("Hamelryck", "Thomas", leuven)) == "E7")
        let ct = Self.matcher.match(name: PersonName("Thomas Hamelryck, MD, PhD"), display: "", affiliations: leuven,
                                    inherited: false, orcid: nil, source: .trial, record: 0, position: 0)
        #expect(Self.id(ct) == "E7")
        let short = Self.matcher.match(name: PersonName("Hamelryck T"), display: "", affiliations: leuven,
                                       inherited: false, orcid: nil, source: .trial, record: 0, position: 0)
        #expect(Self.id(short) == "E7")
        let comma = Self.matcher.match(name: PersonName("Hamelryck, Thomas"), display: "", affiliations: leuven,
                                       inherited: false, orcid: nil, source: .trial, record: 0, position: 0)
        #expect(Self.id(comma) == "E7")
    }

    @Test func orcidDecides() {
        let m = Self.author("Hamelryck", "T", [], orcid: "0000-0002-1825-0097")
        #expect(Self.id(m) == "E7" && m.reason == "ORCID 0000-0002-1825-0097")
        // Another ORCID is another person, whatever the name and affiliation.
        #expect(Self.author("Hamelryck", "Thomas", ["UZ Leuven"], orcid: "0000-0001-5109-3700").status == .unmatched)
    }

    @Test func namesakesToldApartByAffiliation() {
        let delta = Self.author("Peeters", "Jan", ["AZ Delta, Roeselare, Belgium"])
        #expect(Self.id(delta) == "E4")
        #expect(delta.reason.contains("told apart from E3"))
        #expect(Self.id(Self.author("Peeters", "", initials: "J", ["Department of Hematology, UZ Leuven"])) == "E3")
        #expect(Self.id(Self.author("Peeters", "Jan", ["Roeselare, Belgium"])) == "E4")   // city alone is enough for a full name
    }

    @Test func ambiguityIsLeftUnmatched() {
        let nowhere = Self.author("Peeters", "Jan", ["Belgium"])
        #expect(nowhere.status == .ambiguous && nowhere.expert == nil && nowhere.candidates.count == 2)
        let twins = Self.author("De Smet", "Anne", ["UZ Gent, Gent"])
        #expect(twins.status == .ambiguous && twins.expert == nil && Set(twins.candidates) == [4, 5])
        #expect(twins.reason.contains("the affiliation fits each"))
        #expect(Self.author("Smet", "Anne de", ["UZ Gent"]).status == .ambiguous)
        // A single namesake without affiliation: not enough.
        let bare = Self.author("Stevens", "Koen", [])
        #expect(bare.status == .unmatched && bare.reason.contains("no affiliation to confirm it"))
        #expect(Self.id(Self.author("Stevens", "Koen", ["AZ Delta"])) == "E10")   // the nickname is not part of the name
    }

    @Test func articleAffiliationCountsOneStepLess() {
        #expect(Self.id(Self.author("Peeters", "Jan", ["UZ Leuven"], inherited: true)) == "E3")
        #expect(Self.author("Peeters", "", initials: "J", ["UZ Leuven"], inherited: true).status == .ambiguous)
        #expect(Self.author("Lefèvre", "", initials: "H", ["Hôpital Erasme"], inherited: true).status == .unmatched)
    }

    @Test func twoAuthorsOfOneRecordCannotBeOneExpert() {
        let p = Publication(pmid: "1", authors: [
            PublicationAuthor(lastName: "Peeters", foreName: "Jan", affiliations: ["AZ Delta"]),
            PublicationAuthor(lastName: "Peeters", initials: "J", affiliations: ["AZ Delta, Roeselare"]),
            PublicationAuthor(lastName: "Hamelryck", foreName: "Thomas", affiliations: ["UZ Leuven"]),
        ])
        let ms = Self.matcher.matchAll(publications: [p], trials: [])
        #expect(ms.map(\.status) == [.ambiguous, .ambiguous, .matched])
        #expect(ms[0].reason.hasPrefix("2 authors of this record fit E4"))
    }

    @Test func namesAsWritten() {
        #expect(PersonName("Koen \"Bob\" Stevens").splits.first?.familyKey == "stevens")
        #expect(PersonName("Prof. Dr. Marie-Claire Dessy, PhD").splits.first?.familyKey == "dessy")
        #expect(PersonName("Yasmina El Khattabi").splits.first?.familyKey == "elkhattabi")
        #expect(PersonName("Laura Beane Freeman").agreement(with: PersonName(family: "Beane Freeman", given: "Laura E")) == .full)
        #expect(PersonName.initials(of: "Pieter-Jan") == "PJ" && PersonName.initials(of: "J Michael") == "JM")
        #expect(PersonName.key("D'Hondt") == "dhondt" && PersonName.fold("Aydın Øster") == "aydin oster")
    }

    @Test func institutionForms() {
        let names = InstitutionNames(Self.d)
        #expect(names.institutions(mentionedIn: "Hôpital Erasme") == [3])
        #expect(names.institutions(mentionedIn: "H.U.B").isEmpty)
        #expect(names.institutions(mentionedIn: "Dept of Hematology, UZ Leuven and UZ Gent") == [0, 1])
        #expect(names.institutions(mentionedIn: "KU Leuven, Leuven").isEmpty)
    }

    /// On random rosters: an author written from an expert (any of the ways PubMed writes names) with
    /// that expert's institution in the affiliation is matched to that expert exactly when no other
    /// expert shares name and institution, else ambiguous; an author with an unknown family name is
    /// never matched.
    @Test(arguments: [UInt64(1), 7, 42, 2026])
    func randomRosters(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let firsts = ["Jan", "Els", "Pieter-Jan", "Hélène", "Anne", "Marie-Claire", "Koen", "Sofie"]
        let lasts = ["Peeters", "Van den Broeck", "De Smet", "Lefèvre", "D'Hondt", "Dubois", "El Khattabi"]
        let insts = Self.institutions
        var experts: [Expert] = []
        for k in 0..<40 {
            let f = firsts.randomElement(using: &g) ?? "", l = lasts.randomElement(using: &g) ?? ""
            experts.append(Expert(id: "X\(k)", name: "\(f) \(l)", institution: insts.randomElement(using: &g)?.id ?? ""))
        }
        let d = Dataset(experts: experts, institutions: insts)
        let m = ExpertMatcher(d)
        for (v, e) in experts.enumerated() {
            let parts = e.name.split(separator: " ", maxSplits: 1).map(String.init)
            let inst = insts.first { $0.id == e.institution }?.name ?? ""
            let styles = [PersonName(family: parts[1], given: parts[0]),
                          PersonName(family: parts[1].uppercased(), given: PersonName.fold(parts[0])),
                          PersonName(e.name)]
            let twins = experts.indices.filter { experts[$0].name == e.name && experts[$0].institution == e.institution }
            for style in styles {
                let r = m.match(name: style, display: "", affiliations: ["Department of Hematology, \(inst), Belgium"],
                                inherited: false, orcid: nil, source: .publication, record: 0, position: 0)
                if twins.count == 1 {
                    #expect(r.status == .matched && r.expert == v, "\(e.name) at \(inst): \(r.reason)")
                } else {
                    #expect(r.status == .ambiguous && r.expert == nil && Set(r.candidates) == Set(twins))
                }
            }
            let stranger = m.match(name: PersonName(family: "Zzyzx", given: parts[0]), display: "", affiliations: [inst],
                                   inherited: false, orcid: nil, source: .publication, record: 0, position: 0)
            #expect(stranger.status == .unmatched && stranger.candidates.isEmpty)
        }
    }
    /// `matchAll` decides the publications in two halves at once: the decisions must be those of one
    /// pass over every record, in record order (names and affiliations repeat across the halves; two
    /// authors of one record matched to the same expert stay ambiguous).
    @Test(arguments: [UInt64(3), 8, 41])
    func splitDecisionsEqualOnePass(seed: UInt64) {
        let d = ScientificStandingTests.network(seed: seed, n: 30)
        var pubs = ScientificStandingTests.publications(d, seed: seed, count: 41)
        pubs.append(Publication(pmid: "9999", date: nil, authors: Array(repeating: pubs[0].authors[0], count: 2)))
        let m = ExpertMatcher(d)
        let all = m.matchAll(publications: pubs, trials: [])
        let onePass = m.matchPublications(pubs, in: 0..<pubs.count)
        #expect(all == onePass)
        #expect(all.count == pubs.reduce(0) { $0 + $1.authors.count })
        #expect(all.last?.status != .matched)
    }
}
