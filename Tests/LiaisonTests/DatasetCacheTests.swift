import Foundation
import Testing
@testable import Liaison

/// The snapshot cache gives exactly what parsing gives, and is never used once an input changed.
@Suite("Dataset snapshots", .tags(.unit))
struct DatasetCacheTests {
    private static let files: [String: String] = [
        "institutions.csv": "id,name,city,region,beds\nH1,Alpha,Gent,East,300\nH2,\"Beta, General\",Leuven,West,120\n",
        "experts.csv": "id,name,institution,npi,specialty\nE1,Ann,H1,1234567893,Hematology\nE2,Bob,H2,,Oncology\nE3,Cy,H1,1234567890,\nE4,Dee,H2,,\n",
        "referrals.csv": "source,target,patients,period,source_name,visits\nE1,E2,12,2026Q1,Dr. Ann,3\nE2,E3,20,2026Q2,,4\nE1,E2,5,2026Q1,Dr. A,1\nE3,E3,9,,,\nE4,E1,30,,Dee,\n",
        "collaborations.csv": "a,b,kind,weight\nE1,E3,co-author,2.5\n",
        "interactions.csv": "id,date,expert,liaison,channel,topic,duration_minutes\nI1,2026-02-03,E1,Mia,In-person,CLL,30\nI2,2026-05-06,E2,Mia,phone,,\n",
        "plan.csv": "expert,period,planned\nE1,2026Q1,2\nE2,2026Q2,1\n",
    ]

    private final class Run {
        let t: TempDataset
        let cacheDir: URL
        let outcome = Locked<DatasetCache.Outcome?>(nil)
        init(_ files: [String: String]) throws {
            t = try TempDataset(files)
            cacheDir = t.url.appendingPathComponent("cache")
        }
        func load(cached: Bool = true) throws -> Dataset {
            var o = DatasetLoader.Options()
            if cached {
                o.cache = DatasetCache(folder: cacheDir, minimumBytes: 0)
                let box = outcome
                o.cacheObserver = { box.set($0) }
            }
            return try DatasetLoader(options: o).load(folder: t.url)
        }
        func path(_ name: String) -> String { t.url.appendingPathComponent(name).path }
    }

    /// Everything a load gives, as comparable text.
    private func summary(_ d: Dataset) -> [String] {
        let g = d.referralGraph()
        return [
            d.source, "\(d.experts)", "\(d.institutions)", "\(d.referrals)", "\(d.collaborations)", "\(d.interactions)",
            "\(d.plan)", "\(d.filesPresent.sorted())", "\(d.warnings)", "\(d.csvDelimiters.sorted { $0.key < $1.key })",
            "\(g.outOffsets) \(g.outTargets) \(g.outWeights) \(g.inOffsets) \(g.inSources) \(g.inWeights)",
            "\(d.referralPeriods)", "\(d.expertIndex.sorted { $0.key < $1.key })",
        ]
    }

    @Test("a snapshot gives what parsing gives; a damaged one is ignored")
    func sameAsParsing() throws {
        let r = try Run(Self.files)
        let parsed = try r.load(cached: false)
        let first = try r.load()
        #expect(r.outcome.value == .written)
        let second = try r.load()
        #expect(r.outcome.value == .hit)
        #expect(summary(first) == summary(parsed))
        #expect(summary(second) == summary(parsed))
        #expect(second.links.pair.isEmpty && second.links.texts.map(\.name) == ["source_name"])
        // Flip one byte of the payload: the checksum refuses it, and the files are parsed again.
        let snap = try #require(try FileManager.default.contentsOfDirectory(atPath: r.cacheDir.path).first { $0.hasSuffix(".snapshot") })
        let url = r.cacheDir.appendingPathComponent(snap)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 9] ^= 0xFF
        try bytes.write(to: url)
        #expect(summary(try r.load()) == summary(parsed))
        #expect(r.outcome.value == .written)
        // Truncated: the same.
        try Data(bytes.prefix(100)).write(to: url)
        #expect(summary(try r.load()) == summary(parsed))
        #expect(r.outcome.value == .written)
    }

    @Test("a FIFO where the snapshot would be: parsed, never waited on")
    func fifoInPlaceOfTheSnapshot() throws {
        let r = try Run(Self.files)
        let plain = try r.load(cached: false)
        let cache = DatasetCache(folder: r.cacheDir, minimumBytes: 0)
        try FileManager.default.createDirectory(at: r.cacheDir, withIntermediateDirectories: true)
        let url = cache.file(folder: r.t.url, referrals: nil, options: DatasetLoader.Options())
        #expect(mkfifo(url.path, 0o600) == 0)
        let d = try r.load()
        #expect(summary(d) == summary(plain))
        #expect(r.outcome.value == .written)
    }

    @Test("touching a file keeps the snapshot: its content is unchanged")
    func touch() throws {
        let r = try Run(Self.files)
        _ = try r.load()
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: r.path("referrals.csv"))
        _ = try r.load()
        #expect(r.outcome.value == .hit)
    }

    @Test("an edit, even one that keeps the size and the time, is seen")
    func edits() throws {
        let r = try Run(Self.files)
        _ = try r.load()
        let attrs = try FileManager.default.attributesOfItem(atPath: r.path("referrals.csv"))
        // Same size, same modification time: 30 patients become 31.
        try Self.files["referrals.csv"]!.replacingOccurrences(of: "E4,E1,30", with: "E4,E1,31")
            .write(toFile: r.path("referrals.csv"), atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: attrs[.modificationDate] as Any], ofItemAtPath: r.path("referrals.csv"))
        #expect(try r.load().links.rows(in: nil).map(\.patients).last == 31)
        #expect(r.outcome.value == .written)
        // A longer edit.
        try (Self.files["referrals.csv"]! + "E2,E4,44,,,\n").write(toFile: r.path("referrals.csv"), atomically: true, encoding: .utf8)
        #expect(try r.load().links.rows(in: nil).map(\.patients).last == 44)
        #expect(r.outcome.value == .written)
        #expect(try r.load().links.rows(in: nil).map(\.patients).last == 44)
        #expect(r.outcome.value == .hit)
    }

    @Test("a deleted file and a new file are changes")
    func deletedAndNew() throws {
        let r = try Run(Self.files)
        #expect(try r.load().plan.count == 2)
        try FileManager.default.removeItem(atPath: r.path("plan.csv"))
        let d = try r.load()
        #expect(r.outcome.value == .written)
        #expect(d.plan.isEmpty && !d.filesPresent.contains("plan.csv"))
        try "expert,period,planned\nE3,2026Q3,4\n".write(toFile: r.path("plan.csv"), atomically: true, encoding: .utf8)
        #expect(try r.load().plan.map(\.planned) == [4])
        #expect(r.outcome.value == .written)
        // A file the loader reads but the folder never had until now.
        try "patient,expert,date\nP1,E1,2026-01-01\nP1,E2,2026-01-05\n".write(toFile: r.path("encounters.csv"), atomically: true, encoding: .utf8)
        #expect(try r.load().filesPresent.contains("encounters.csv"))
        #expect(r.outcome.value == .written)
    }

    @Test("errors are never cached; small inputs and --lenient get their own treatment")
    func errorsAndOptions() throws {
        var files = Self.files
        files["referrals.csv"] = "source,target,patients\nE1,E9,3\nE1,E2,4\n"
        let r = try Run(files)
        #expect(throws: DatasetError.self) { _ = try r.load() }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: r.cacheDir.path)) ?? []
        #expect(left.isEmpty)
        // Lenient loads are cached under their own key, with their warnings.
        var o = DatasetLoader.Options(lenient: true)
        o.cache = DatasetCache(folder: r.cacheDir, minimumBytes: 0)
        let a = try DatasetLoader(options: o).load(folder: r.t.url)
        let b = try DatasetLoader(options: o).load(folder: r.t.url)
        #expect(a.warnings == b.warnings && a.warnings.contains { $0.contains("skipped 1 row") })
        // Below the size threshold, nothing is written.
        var small = DatasetLoader.Options(lenient: true)
        let dir2 = r.t.url.appendingPathComponent("cache2")
        small.cache = DatasetCache(folder: dir2, minimumBytes: 1 << 30)
        _ = try DatasetLoader(options: small).load(folder: r.t.url)
        #expect(!FileManager.default.fileExists(atPath: dir2.path))
    }
}
