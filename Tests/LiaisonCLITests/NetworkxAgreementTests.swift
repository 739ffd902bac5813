import Foundation
import Testing
import Liaison

/// Whether python3 with networkx can be run here (CI installs it; elsewhere these tests skip).
let networkxAvailable: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import networkx"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run(); p.waitUntilExit(); return p.terminationStatus == 0 } catch { return false }
}()

/// `liaison rank` compared, expert by expert, with networkx run on the same dataset folder by
/// `Tests/reference/networkx_rank.py` — on the demo and on random networks made here, with ids,
/// names and sizes the code has never seen.
@Suite("rank equals networkx", .enabled(if: networkxAvailable, "python3 with networkx is not installed"), .tags(.cli))
struct NetworkxAgreementTests {
    func reference(_ folder: String, period: String? = nil, seeds: [String] = [], weighted: Bool = false) throws
        -> [String: [String: Double]] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", packageRoot.appendingPathComponent("Tests/reference/networkx_rank.py").path, folder]
            + (period.map { ["--period", $0] } ?? [])
            + (seeds.isEmpty ? [] : ["--seed-experts", seeds.joined(separator: ",")])
            + (weighted ? ["--weighted-paths"] : [])
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return table(String(decoding: data, as: UTF8.self))
    }

    func table(_ csv: String) -> [String: [String: Double]] {
        let rows = parseCSV(csv)
        guard let header = rows.first else { return [:] }
        var out: [String: [String: Double]] = [:]
        for r in rows.dropFirst() where r.count == header.count {
            var m: [String: Double] = [:]
            for (k, h) in header.enumerated() { if let v = Double(r[k]) { m[h] = v } }
            out[r[0]] = m
        }
        return out
    }

    /// Every measure networkx has, plus ppr from `seeds` (default: the first and third expert of
    /// experts.csv) and, with `weighted`, betweenness over paths of length 1 / patients.
    func compare(_ folder: String, period: String? = nil, seeds: [String]? = nil, weighted: Bool = false) throws {
        let seedIds = try seeds ?? defaultSeeds(folder)
        let ref = try reference(folder, period: period, seeds: seedIds, weighted: weighted)
        #expect(ref.isEmpty || ref.values.first?["harmonic"] != nil, "reference lacks the issue-4 columns")
        let columns = "id,in_degree,out_degree,in_strength,out_strength,pagerank,betweenness,closeness,"
            + "eigenvector,hub,authority,harmonic,core,wcc,wcc_size,scc,scc_size" + (seedIds.isEmpty ? "" : ",ppr")
        let r = try liaison(["rank", folder, "--all", "--format", "csv", "--min-cell", "0", "--quiet", "--columns", columns]
                            + (period.map { ["--period", $0] } ?? [])
                            + (seedIds.isEmpty ? [] : ["--seed-experts", seedIds.joined(separator: ",")])
                            + (weighted ? ["--weighted-paths"] : []))
        #expect(r.status == 0, "\(r.stderr)")
        let ours = table(r.stdout)
        #expect(ours.count == ref.count && !ours.isEmpty)
        var worst = 0.0
        for (id, expected) in ref {
            guard let got = ours[id] else { Issue.record("missing \(id)"); continue }
            for (k, v) in expected {
                let d = abs((got[k] ?? .nan) - v)
                worst = max(worst, d.isNaN ? .infinity : d)
                #expect(d <= 1e-9, "\(id) \(k): liaison \(got[k] ?? .nan), networkx \(v)")
            }
        }
        #expect(worst <= 1e-9)
    }

    /// The first and third ids of `folder/experts.csv` (whatever the column order).
    func defaultSeeds(_ folder: String) throws -> [String] {
        let rows = parseCSV(try String(contentsOfFile: folder + "/experts.csv", encoding: .utf8))
        guard let header = rows.first, let k = header.firstIndex(of: "id") else { return [] }
        let ids = rows.dropFirst().compactMap { $0.count > k ? $0[k] : nil }
        return [ids.first, ids.dropFirst(2).first].compactMap { $0 }
    }

    @Test func demoNetworkAllPeriods() throws {
        try compare(packageRoot.appendingPathComponent("Graphs/belgian-hematology").path)
    }

    @Test func demoNetworkWeightedPaths() throws {
        try compare(packageRoot.appendingPathComponent("Graphs/belgian-hematology").path, weighted: true)
        try compare(packageRoot.appendingPathComponent("Graphs/belgian-hematology").path, period: "2026Q1", weighted: true)
    }

    @Test func unknownSeedExpert() throws {
        let r = try liaison(["rank", "--seed-experts", "E001,NOPE-1", "--metric", "ppr", "--quiet"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("NOPE-1") && r.stderr.contains("unknown expert"), "\(r.stderr)")
        #expect(!r.stderr.contains("E001"), "only the bad id is named: \(r.stderr)")
        let missing = try liaison(["rank", "--metric", "ppr", "--quiet"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--seed-experts"), "\(missing.stderr)")
    }

    @Test func demoNetworkOneQuarterAndOneYear() throws {
        try compare(packageRoot.appendingPathComponent("Graphs/belgian-hematology").path, period: "2025Q3")
        try compare(packageRoot.appendingPathComponent("Graphs/belgian-hematology").path, period: "2026")
    }

    @Test(arguments: [(7, 40, 0.08), (11, 150, 0.03), (23, 400, 0.012), (5, 60, 0.0)])
    func randomNetworks(seed: UInt64, n: Int, density: Double) throws {
        var rng = SplitMix64(seed: seed)
        let dir = try TempDir()
        var experts = "name,id,note\n"
        let ids = (0..<n).map { "dr-\(rng.next() % 1_000_000)-\($0)" }
        for (k, id) in ids.enumerated() { experts += "\"Name \(k), Jr\",\(id),x\n" }
        var refs = "period,patients,target,source\n"
        let periods = ["2025Q4", "2026Q1", "2026Q2"]
        for s in 0..<n {
            for t in 0..<n where Double(rng.next() % 1_000_000) / 1_000_000 < density {
                // Repeated rows for a pair (summed), zero counts, and occasional self-loops (ignored).
                let reps = 1 + Int(rng.next() % 2)
                for _ in 0..<reps {
                    refs += "\(periods[Int(rng.next() % 3)]),\(rng.next() % 40),\(ids[t]),\(ids[s])\n"
                }
            }
        }
        // A hub with many in-links and a chain, so paths are long and not all pairs reachable.
        if n > 10 { for s in 1..<(n / 3) { refs += "2026Q1,\(11 + s),\(ids[0]),\(ids[s])\n" } }
        try dir.write("d/experts.csv", experts)
        try dir.write("d/referrals.csv", refs)
        try compare(dir.file("d").path)
        try compare(dir.file("d").path, period: "2026Q1")
        try compare(dir.file("d").path, seeds: [ids[n - 1]], weighted: true)
    }

    @Test(.enabled(if: FileManager.default.fileExists(
        atPath: sharedData.appendingPathComponent("ckm-physicians-innovation/CKM-Physicians-Innovation_multiplex.edges").path),
        "../shared/data is absent"))
    func ckmPhysiciansAdviceNetwork() throws {
        let edges = sharedData.appendingPathComponent("ckm-physicians-innovation/CKM-Physicians-Innovation_multiplex.edges")
        let text = try String(contentsOf: edges, encoding: .utf8)
        let dir = try TempDir()
        var experts = "id,name\n"
        for i in 1...246 { experts += "\(i),Physician \(i)\n" }
        var refs = "source,target,patients\n"
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count >= 4 { refs += "\(f[1]),\(f[2]),\(f[3])\n" }
        }
        try dir.write("ckm/experts.csv", experts)
        try dir.write("ckm/referrals.csv", refs)
        try compare(dir.file("ckm").path)
    }
}

