import Foundation
import Testing
@testable import Liaison

/// Betweenness and closeness read back from the cache are exactly those computed, are found only
/// for the same graph and question, and a damaged file is recomputed, never believed.
@Suite("Path score cache", .tags(.unit))
struct PathScoreCacheTests {
    static func graph(nodes n: Int, edges m: Int, seed: UInt64) -> Digraph {
        Digraph(nodeCount: n, edges: edgeList(nodes: n, edges: m, seed: seed))
    }

    static func edgeList(nodes n: Int, edges m: Int, seed: UInt64) -> [(source: Int, target: Int, weight: Double)] {
        var rng = SplitMix64(seed: seed)
        var edges: [(source: Int, target: Int, weight: Double)] = []
        while edges.count < m {
            let a = Int(rng.next() % UInt64(n)), b = Int(rng.next() % UInt64(n))
            if a != b { edges.append((a, b, 1)) }
        }
        return edges
    }

    static func files(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".paths") }.sorted()
    }

    @Test func storedValuesAreTheComputedOnes() throws {
        let t = try TempDataset([:])
        let cache = PathScoreCache(folder: t.url.appendingPathComponent("cache"), minimumWork: 0)
        let g = Self.graph(nodes: 300, edges: 1500, seed: 3)
        for samples in [nil, 40] as [Int?] {
            let direct = g.betweennessAndCloseness(samples: samples, seed: 5)
            let first = cache.betweennessAndCloseness(g, samples: samples, seed: 5)
            let again = cache.betweennessAndCloseness(g, samples: samples, seed: 5)
            #expect(first.betweenness == direct.betweenness && first.closeness == direct.closeness)
            #expect(again.betweenness == direct.betweenness && again.closeness == direct.closeness)
        }
        #expect(Self.files(cache.folder).count == 2)
    }

    @Test func aStoredFileIsReadAndADamagedOneIgnored() throws {
        let t = try TempDataset([:])
        let cache = PathScoreCache(folder: t.url.appendingPathComponent("cache"), minimumWork: 0)
        let g = Self.graph(nodes: 120, edges: 500, seed: 9)
        let url = cache.file(g, samples: nil, seed: 1)
        // Values no search would give, stored for this graph: they are what the cache answers.
        let planted = ([Double](repeating: 7, count: 120), [Double](repeating: 0.5, count: 120))
        #expect(cache.store(planted, to: url))
        let read = cache.betweennessAndCloseness(g, samples: nil, seed: 1)
        #expect(read.betweenness == planted.0 && read.closeness == planted.1)
        // One value changed on disk: the checksum no longer matches, so the graph is searched again.
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 3] ^= 0x40
        try bytes.write(to: url)
        let recomputed = cache.betweennessAndCloseness(g, samples: nil, seed: 1)
        #expect(recomputed.betweenness == g.betweennessAndCloseness().betweenness)
        // A truncated file likewise.
        try Data(bytes.prefix(100)).write(to: url)
        #expect(PathScoreCache.read(url, nodeCount: 120) == nil)
        // A FIFO in its place is not opened (reading it would wait for a writer forever).
        try FileManager.default.removeItem(at: url)
        #expect(mkfifo(url.path, 0o600) == 0)
        #expect(PathScoreCache.read(url, nodeCount: 120) == nil)
        #expect(cache.betweennessAndCloseness(g, samples: nil, seed: 1).betweenness == g.betweennessAndCloseness().betweenness)
    }

    @Test func anotherGraphOrQuestionIsAnotherFile() throws {
        let cache = PathScoreCache(folder: URL(fileURLWithPath: "/nonexistent"), minimumWork: 0)
        var edges = Self.edgeList(nodes: 100, edges: 400, seed: 1)
        let g = Digraph(nodeCount: 100, edges: edges)
        let same = Digraph(nodeCount: 100, edges: edges)
        edges[17].target = (edges[17].target + 1) % 100 == edges[17].source ? (edges[17].target + 2) % 100 : (edges[17].target + 1) % 100
        let moved = Digraph(nodeCount: 100, edges: edges)
        let names = [cache.file(g, samples: nil, seed: 1), cache.file(moved, samples: nil, seed: 1),
                     cache.file(g, samples: 50, seed: 1), cache.file(g, samples: 50, seed: 2),
                     cache.file(Digraph(nodeCount: 101, edges: edges), samples: nil, seed: 1)]
        #expect(Set(names).count == names.count)
        #expect(cache.file(same, samples: nil, seed: 1) == names[0])
    }

    @Test func theMostRecentAreKeptAndStaleTemporariesRemoved() throws {
        let t = try TempDataset([:])
        var cache = PathScoreCache(folder: t.url.appendingPathComponent("cache"), minimumWork: 0)
        cache.keep = 3
        try FileManager.default.createDirectory(at: cache.folder, withIntermediateDirectories: true)
        // A temporary file of a writer that died two hours ago, one being written now, and a snapshot.
        let stale = cache.folder.appendingPathComponent(".dead.paths.123.tmp")
        let fresh = cache.folder.appendingPathComponent(".live.paths.456.tmp")
        let snapshot = cache.folder.appendingPathComponent("x.snapshot")
        for u in [stale, fresh, snapshot] { try Data([1]).write(to: u) }
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: stale.path)
        var urls: [URL] = []
        for k in 0..<5 {
            let g = Self.graph(nodes: 40, edges: 120, seed: UInt64(100 + k))
            urls.append(cache.file(g, samples: nil, seed: 1))
            _ = cache.betweennessAndCloseness(g, samples: nil, seed: 1)
            // Distinct modification times, in order of writing.
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(Double(k - 10))],
                                                  ofItemAtPath: urls[k].path)
        }
        #expect(Set(Self.files(cache.folder)) == Set(urls.suffix(3).map(\.lastPathComponent)))
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: stale.path) && fm.fileExists(atPath: fresh.path) && fm.fileExists(atPath: snapshot.path))
    }

    @Test func smallSearchesAreNotStored() throws {
        let t = try TempDataset([:])
        let cache = PathScoreCache(folder: t.url.appendingPathComponent("cache"))
        let g = Self.graph(nodes: 200, edges: 800, seed: 2)
        _ = cache.betweennessAndCloseness(g, samples: nil, seed: 1)
        #expect(Self.files(cache.folder).isEmpty)
    }

    @Test func keyExpertsGiveTheSameScoresThroughTheCache() throws {
        let t = try TempDataset([:])
        let g = Self.graph(nodes: 400, edges: 2400, seed: 4)
        let ids = (0..<400).map { String(format: "E%03d", $0) }
        let plain = try KeyExperts.compute(graph: g, ids: ids, measures: [.influence, .tier])
        let cache = PathScoreCache(folder: t.url.appendingPathComponent("cache"), minimumWork: 0)
        for _ in 0..<2 {
            let cached = try KeyExperts.compute(graph: g, ids: ids, measures: [.influence, .tier], pathCache: cache)
            #expect(cached.influence == plain.influence && cached.tier == plain.tier && cached.betweenness == plain.betweenness)
        }
        #expect(Self.files(cache.folder).count == 1)
    }
}
