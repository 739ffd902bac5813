import Foundation
import Testing
@testable import Liaison

@Suite("Synthetic networks", .tags(.unit))
struct SynthTests {
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-synth-\(UUID().uuidString)")
        func out(_ name: String) -> URL { url.appendingPathComponent(name) }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    @Test func sameSeedSameBytes() throws {
        let f = Folder()
        for format in SynthFormat.allCases {
            let a = f.out("a-\(format)"), b = f.out("b-\(format)"), c = f.out("c-\(format)")
            try SyntheticNetwork.write(SynthOptions(experts: 3000, seed: 42, format: format), to: a)
            try SyntheticNetwork.write(SynthOptions(experts: 3000, seed: 42, format: format), to: b)
            try SyntheticNetwork.write(SynthOptions(experts: 3000, seed: 43, format: format), to: c)
            let fa = try files(a)
            #expect(fa == (try files(b)))
            #expect(fa["referrals.csv"] != (try files(c))["referrals.csv"])
            #expect(Set(fa.keys) == (format == .liaison
                ? ["experts.csv", "institutions.csv", "referrals.csv", "interactions.csv", "plan.csv"] : ["referrals.csv"]))
        }
    }

    @Test func liaisonDatasetLoadsWithRealisticShape() throws {
        let f = Folder()
        let s = try SyntheticNetwork.write(SynthOptions(experts: 20_000, seed: 7), to: f.out("net"))
        let d = try DatasetLoader().load(folder: f.out("net"))
        #expect(d.experts.count == 20_000 && s.experts == 20_000)
        #expect(d.institutions.count == s.institutions)
        // ~1 institution per 40–80 experts; regions of institutions.
        #expect((20_000 / 80)...(20_000 / 40) ~= d.institutions.count)
        #expect(s.regions >= 3 && s.regions < d.institutions.count)
        // About 8 links per expert, all distinct pairs, counts ≥ 11, one period.
        #expect(d.referrals.count == s.links)
        let mean = Double(d.referrals.count) / 20_000
        #expect(mean > 7 && mean < 9)
        #expect(d.referrals.allSatisfy { $0.patients >= 11 && $0.source != $0.target })
        #expect(d.referralPeriods.map(\.label) == ["2025"])
        // Heavy-tailed in-degree.
        let g = d.referralGraph()
        #expect(g.edgeCount == d.referrals.count)
        let maxIn = (0..<g.nodeCount).map(g.inDegree).max() ?? 0
        #expect(maxIn == s.maxInDegree)
        #expect(Double(maxIn) > 20 * mean)
        // Mostly local: most links stay inside the sender's institution or region.
        let local = d.referrals.filter { d.experts[$0.source].region == d.experts[$0.target].region }.count
        #expect(Double(local) / Double(d.referrals.count) > 0.8)
        // A few liaisons, interactions over 8 quarters, plans for 2025.
        #expect(Set(d.interactions.map(\.liaison)).count >= 2 && Set(d.interactions.map(\.liaison)).count <= 6)
        #expect(d.interactions.allSatisfy { $0.date.description >= "2024-01-01" && $0.date.description <= "2025-12-31" })
        #expect(!d.plan.isEmpty && d.plan.count == s.planRows)
        #expect(d.warnings.isEmpty)
    }

    @Test func docgraphIsHeaderlessPaddedCMS() throws {
        let f = Folder()
        let s = try SyntheticNetwork.write(SynthOptions(experts: 5000, seed: 3, format: .docgraph), to: f.out("dg"))
        let text = try String(contentsOf: f.out("dg/referrals.csv"), encoding: .utf8)
        let first = try #require(text.split(separator: "\n").first)
        let parts = first.split(separator: ",", omittingEmptySubsequences: false)
        #expect(parts.count == 5 && parts[0].count == 10 && parts[2].count == 10 && parts[2].hasSuffix(" "))
        let d = try DatasetLoader().load(folder: f.out("dg"))
        #expect(d.experts.count <= 5000 && d.experts.count > 4900)
        #expect(d.referrals.count == s.links)
        #expect(d.referrals.allSatisfy { $0.patients >= 11 && ($0.pairCount ?? 0) >= $0.patients && ($0.sameDayCount ?? -1) >= 0 })
        #expect(d.experts.allSatisfy { $0.id.hasPrefix("1") && $0.id.count == 10 })
    }

    @Test func npisAreLuhnValidAndUnique() {
        #expect(Set((0..<50_000).map(SyntheticNetwork.npi)).count == 50_000)
        for i in [0, 1, 99, 12345, 99_999_999] {
            let d = SyntheticNetwork.npi(i).utf8.map { Int($0) - 48 }
            var sum = 24
            for (k, x) in d.dropLast().reversed().enumerated() { sum += k % 2 == 0 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x }
            #expect((sum + d[9]) % 10 == 0)
        }
    }

    @Test func refusesNonEmptyFolderUnlessForced() throws {
        let f = Folder()
        let dir = f.out("busy")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        #expect(throws: SynthError.self) { try SyntheticNetwork.write(SynthOptions(experts: 100), to: dir) }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("notes.txt").path))
        try SyntheticNetwork.write(SynthOptions(experts: 100), to: dir, overwrite: true)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("notes.txt").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("experts.csv").path))
        // An empty folder is fine; no temporary folders are left beside the output.
        let empty = f.out("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try SyntheticNetwork.write(SynthOptions(experts: 50, format: .docgraph), to: empty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.url.path).sorted() == ["busy", "empty"])
    }

    @Test func tinyNetworks() throws {
        let f = Folder()
        for n in [2, 3, 39, 41, 130] {
            let s = try SyntheticNetwork.write(SynthOptions(experts: n, seed: 1), to: f.out("t\(n)"))
            let d = try DatasetLoader().load(folder: f.out("t\(n)"))
            #expect(d.experts.count == n && s.links == d.referrals.count && s.links >= 1)
        }
        #expect(throws: SynthError.self) { try SyntheticNetwork.write(SynthOptions(experts: 1), to: f.out("one")) }
    }
}
