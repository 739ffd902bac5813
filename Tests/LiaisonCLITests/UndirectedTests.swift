import Foundation
import Testing
import Liaison

/// `--undirected`: direction is taken out of the referral links, and measures equal networkx's on the
/// undirected graph with summed weights (`Tests/reference/networkx_rank_undirected.py`).
@Suite("--undirected", .enabled(if: networkxAvailable, "python3 with networkx is not installed"), .tags(.cli))
struct UndirectedTests {
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

    func check(_ folder: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", packageRoot.appendingPathComponent("Tests/reference/networkx_rank_undirected.py").path, folder]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let ref = table(String(decoding: data, as: UTF8.self))
        let r = try liaison(["rank", folder, "--undirected", "--all", "--format", "csv", "--quiet",
                             "--columns", "id,pagerank,betweenness,closeness"])
        #expect(r.status == 0, "\(r.stderr)")
        let ours = table(r.stdout)
        #expect(!ref.isEmpty && ours.count == ref.count)
        for (id, expected) in ref {
            for (k, v) in expected {
                let got = ours[id]?[k] ?? .nan
                #expect(abs(got - v) <= 1e-9, "\(id) \(k): liaison \(got), networkx \(v)")
            }
        }
    }

    @Test func demoEqualsNetworkxUndirected() throws {
        try check(packageRoot.appendingPathComponent("Graphs/belgian-hematology").path)
    }

    @Test func randomNetworkEqualsNetworkxUndirected() throws {
        var rng = SplitMix64(seed: 99)
        let dir = try TempDir()
        let n = 120
        var experts = "id,name\n", refs = "source,target,patients\n"
        for i in 0..<n { experts += "u\(i),U \(i)\n" }
        for s in 0..<n { for t in 0..<n where s != t && rng.next() % 100 < 3 { refs += "u\(s),u\(t),\(rng.next() % 30)\n" } }
        try dir.write("d/experts.csv", experts)
        try dir.write("d/referrals.csv", refs)
        try check(dir.file("d").path)
    }

    @Test func mapsShowNoDirection() throws {
        let dir = try TempDir()
        let r = try liaison(["render", "--undirected", "--top", "40", "--format", "dot", "--out", dir.file("m.gv").path])
        #expect(r.status == 0, "\(r.stderr)")
        let dot = try String(contentsOf: dir.file("m.gv"), encoding: .utf8)
        #expect(dot.contains("dir=none"))
        #expect(!dot.contains("referrer → receiver"))
        // One line per pair: no pair drawn both ways.
        let pairs = dot.split(separator: "\n").compactMap { line -> String? in
            guard let r = line.range(of: " -> ") else { return nil }
            let a = line[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
            let b = line[r.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            return [a, b].sorted().joined(separator: "|")
        }
        #expect(!pairs.isEmpty && Set(pairs).count == pairs.count)
    }
}
