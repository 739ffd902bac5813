import Foundation
import Testing
@testable import Liaison

/// Published networks in ../shared/data (read there, never copied): what is known about them must
/// come out of Liaison's readers and measures. Skipped where the folder is absent.
enum RealData {
    static let ckm = sharedData.appendingPathComponent("ckm-physicians-innovation/CKM-Physicians-Innovation_multiplex.edges")
    static let nyc = sharedData.appendingPathComponent("nyc-pcp-cardiology-referral-network")
    static let cms = sharedData.appendingPathComponent("cms-physician-shared-patient-patterns-sample/pspp_sample_normalized.csv")
    static func exists(_ u: URL) -> Bool { FileManager.default.fileExists(atPath: u.path) }

    /// CKM towns by `nodeCity` code, as the data's README documents them (not part of the generic reader).
    static let ckmTowns = ["1": "Peoria", "2": "Bloomington", "3": "Quincy", "4": "Galesburg"]

    /// Experts sorted by a score, highest first, ties by index.
    static func top(_ scores: [Double], _ k: Int) -> [Int] {
        Array(scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }.prefix(k))
    }
}

@Suite("CKM physicians (Coleman, Katz & Menzel)", .enabled(if: RealData.exists(RealData.ckm), "../shared/data/ckm-physicians-innovation is absent"), .tags(.unit))
struct RealNetworkCKMTests {
    func load(_ layer: String?) throws -> Dataset {
        try EdgeListReader(options: .init(layer: layer)).load(RealData.ckm)
    }

    /// (arcs, the most-nominated physicians, their nominations) for a layer.
    func mostNominated(_ d: Dataset) throws -> (arcs: Int, ids: [String], count: Int) {
        let s = try KeyExperts.compute(d, measures: [.inDegree])
        let best = s.inDegree.max() ?? 0
        let ids = s.inDegree.indices.filter { s.inDegree[$0] == best }.map { d.experts[$0].id }
        return (d.referrals.count, ids, best)
    }

    @Test func layersAsPublished() throws {
        let advice = try load("advice")
        #expect(advice.experts.count == 246)
        let a = try mostNominated(advice)
        #expect(a.arcs == 480 && a.ids == ["29", "122"] && a.count == 20, "\(a)")
        let b = try mostNominated(try load("discussion"))
        #expect(b.arcs == 565 && b.ids == ["122"] && b.count == 19, "\(b)")
        let c = try mostNominated(try load("3"))
        #expect(c.arcs == 506 && c.ids == ["141"] && c.count == 10, "\(c)")
        print("CKM advice: most nominated #\(a.ids.joined(separator: ", #")) (\(a.count)); discussion #\(b.ids[0]) (\(b.count)); friend #\(c.ids[0]) (\(c.count))")
    }

    @Test func allLayersTownsIsolatesAndAdoption() throws {
        let d = try load(nil)
        #expect(d.experts.count == 246)
        #expect(d.referrals.count == 1099)                                  // distinct arcs of the union
        #expect(d.referrals.reduce(0) { $0 + $1.patients } == 1551)          // every arc of every layer
        #expect(d.warnings.contains { $0.contains("3 layers (1 advice, 2 discussion, 3 friend)") })
        // Isolates: in the node file, in no layer.
        var linked = Set<Int>()
        for r in d.referrals { linked.insert(r.source); linked.insert(r.target) }
        let isolates = d.experts.indices.filter { !linked.contains($0) }.map { d.experts[$0].id }
        #expect(isolates == ["154", "165", "195", "201", "203"])
        // Towns: nodeCity kept as an attribute; no link crosses towns.
        let city = d.experts.map { $0.attributes["nodeCity"] ?? "?" }
        #expect(d.referrals.allSatisfy { city[$0.source] == city[$0.target] })
        var perTown: [String: Int] = [:]
        for c in city { perTown[RealData.ckmTowns[c] ?? c, default: 0] += 1 }
        #expect(perTown == ["Peoria": 117, "Bloomington": 50, "Quincy": 44, "Galesburg": 35])
        // Adoption month (1–17), 18 never, 98/99 missing; specialty codes kept as they are.
        let adoption = d.experts.compactMap { $0.attributes["nodeAdoptionDate"].flatMap { Int($0) } }
        #expect(adoption.count == 246 && adoption.allSatisfy { (1...18).contains($0) || $0 == 98 || $0 == 99 })
        #expect(d.experts.allSatisfy { $0.attributes["nodeSpecialty"] != nil && $0.specialty.isEmpty })
        let e29 = try #require(d.expertIndex["29"]), e122 = try #require(d.expertIndex["122"])
        print("CKM: 246 physicians in \(perTown.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); no link across towns; #29 adopted in month \(adoption[e29]), #122 in month \(adoption[e122])")
    }
}

@Suite("New York PCP → cardiology", .enabled(if: RealData.exists(RealData.nyc), "../shared/data/nyc-pcp-cardiology-referral-network is absent"), .tags(.unit))
struct RealNetworkNYCTests {
    @Test func d3NetworkAndPublishedTop20() throws {
        let d = try NodeLinkJSONReader().load(RealData.nyc.appendingPathComponent("network.json"))
        #expect(d.experts.count == 386 && d.referrals.count == 800)
        #expect(d.experts.filter { $0.attributes["type"] == "referring" }.count == 254)
        let s = try KeyExperts.compute(d, measures: [.inDegree, .outDegree, .pagerank, .influence, .eigenvector, .wcc])
        let degree = zip(s.inDegree, s.outDegree).map { $0 + $1 }
        let maxDegree = degree.max() ?? 0
        #expect(maxDegree == 84)
        #expect(degree.indices.filter { degree[$0] == 84 }.map { d.experts[$0].name } == ["OKIN, PETER"])
        #expect(s.wcc?.count == 25 && s.wcc?.sizes.max() == 121, "\(String(describing: s.wcc?.count))")

        let published = try Self.publishedTop20()
        #expect(published.count == 20 && published.first == "OKIN, PETER")
        for (label, scores) in [("pagerank", s.pagerank), ("influence", s.influence), ("eigenvector", s.eigenvector)] {
            let ours = RealData.top(scores, 20).map { d.experts[$0].name }
            let overlap = Set(ours).intersection(published).count
            #expect((0...20).contains(overlap))
            print("NYC top 20 by \(label): \(overlap) of 20 in the published eigenvector top 20")
            if label == "pagerank" { #expect(overlap >= 1) }
        }
    }

    @Test func largerSpecialistFile() throws {
        let d = try NodeLinkJSONReader().load(RealData.nyc.appendingPathComponent("trialfile_pcp_specialist.json"))
        #expect(d.experts.count == 834 && d.referrals.count == 1227)
    }

    /// Names of the published top 20 (`DR. OKIN, PETER` → `OKIN, PETER`), all with valid NPIs.
    static func publishedTop20() throws -> [String] {
        let data = try Data(contentsOf: RealData.nyc.appendingPathComponent("topdocs_eigenvector_top20.json"))
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(rows.allSatisfy { NPI.isValid(String(describing: $0["NPI"] ?? "")) })
        return rows.sorted { ($0["rank"] as? Int ?? 0) < ($1["rank"] as? Int ?? 0) }.compactMap { r in
            (r["name"] as? String).map { $0.hasPrefix("DR. ") ? String($0.dropFirst(4)) : $0 }
        }
    }
}

@Suite("CMS shared-patient sample", .enabled(if: RealData.exists(RealData.cms), "../shared/data/cms-physician-shared-patient-patterns-sample is absent"), .tags(.unit))
struct RealNetworkCMSTests {
    @Test func pairsNPIsAndCheckDigits() throws {
        let d = try DatasetLoader().load(folder: nil, referrals: RealData.cms)
        #expect(d.referrals.count == 200 && d.experts.count == 396)
        let bad = d.experts.filter { !NPI.isValid($0.npi) }
        #expect(bad.isEmpty, "\(bad.map(\.npi))")
        print("CMS sample: 200 pairs, 396 NPIs, \(bad.count) failing the check digit")
    }
}
