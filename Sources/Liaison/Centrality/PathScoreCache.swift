#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Foundation

/// Betweenness and closeness kept on disk, by the graph they were computed on, so that repeated
/// commands on an unchanged large network (gaps, then coverage, then report) search its shortest
/// paths once.
///
/// Both come from one set of breadth-first searches (``Digraph/betweennessAndCloseness(samples:seed:parallel:)``)
/// that depend on nothing but the graph's structure, the sampled sources and the program: the file
/// is named by the SHA-256 of the graph's adjacency (every offset and target), the sample count,
/// the seed and ``DatasetCache/programStamp``. So a file is found again exactly when the same
/// program asks the same question of the same graph, and can never be served for another; it
/// holds numbers by node index, no names. Files carry a format version and a SHA-256 of their
/// values (a damaged one is ignored and rewritten) and are written to a temporary file renamed
/// into place. They live in the snapshot folder (``DatasetCache/defaultFolder``); `--no-cache`
/// bypasses them with the snapshots.
public struct PathScoreCache: Sendable {
    /// The folder holding the files.
    public var folder: URL
    /// Searches cheaper than this (sources × (nodes + links)) are computed, never stored: about
    /// 0.1 s of work on this machine, less than reading a file back costs in bookkeeping.
    public var minimumWork: Int
    /// Files kept in the folder (the least recently written are deleted beyond this).
    public var keep = 8

    static let formatVersion: Int64 = 1
    static let magic: [UInt8] = Array("LIAIPATH".utf8)
    static let headerBytes = 56

    /// The default ``minimumWork``.
    public static let defaultMinimumWork = 50_000_000

    /// Creates a cache in `folder`.
    public init(folder: URL = DatasetCache.defaultFolder, minimumWork: Int = PathScoreCache.defaultMinimumWork) {
        self.folder = folder
        self.minimumWork = minimumWork
    }

    /// `g.betweennessAndCloseness(samples:seed:)`, read from the cache when this graph's are there,
    /// else computed and stored (when worth it; a folder that cannot be written is no error).
    public func betweennessAndCloseness(_ g: Digraph, samples: Int?, seed: UInt64) -> (betweenness: [Double], closeness: [Double]) {
        let n = g.nodeCount
        let sources = min(samples ?? n, n)
        guard sources.multipliedReportingOverflow(by: n + g.edgeCount).partialValue >= minimumWork else {
            return g.betweennessAndCloseness(samples: samples, seed: seed)
        }
        let url = file(g, samples: samples, seed: seed)
        if let hit = Self.read(url, nodeCount: n) { return hit }
        let r = g.betweennessAndCloseness(samples: samples, seed: seed)
        _ = store(r, to: url)
        return r
    }

    /// The file for this question about `g`.
    func file(_ g: Digraph, samples: Int?, seed: UInt64) -> URL {
        var h = Crypto.SHA256()
        h.update(data: Data("paths v\(Self.formatVersion)\n\(DatasetCache.programStamp)\n".utf8))
        h.update(data: Data("samples=\(samples.map(String.init) ?? "all") seed=\(seed) n=\(g.nodeCount) m=\(g.edgeCount)\n".utf8))
        g.outOffsets.withUnsafeBytes { h.update(bufferPointer: $0) }
        g.outTargets.withUnsafeBytes { h.update(bufferPointer: $0) }
        let name = h.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
        return folder.appendingPathComponent("\(name).paths")
    }

    /// The values stored at `url`, if the file is whole and holds `nodeCount` of each.
    static func read(_ url: URL, nodeCount n: Int) -> (betweenness: [Double], closeness: [Double])? {
        // Regular files only: reading a FIFO put in the cache folder would never return.
        var st = stat()
        guard stat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) == headerBytes + 16 * n,
              let data = try? Data(contentsOf: url, options: .mappedIfSafe),
              data.count == headerBytes + 16 * n else { return nil }
        return data.withUnsafeBytes { raw -> (betweenness: [Double], closeness: [Double])? in
            guard raw.prefix(8).elementsEqual(magic),
                  raw.loadUnaligned(fromByteOffset: 8, as: Int64.self) == formatVersion,
                  raw.loadUnaligned(fromByteOffset: 16, as: Int64.self) == Int64(n) else { return nil }
            let payload = UnsafeRawBufferPointer(rebasing: raw[headerBytes...])
            guard Array(Crypto.SHA256.hash(data: payload)).elementsEqual(raw[24..<56]) else { return nil }
            var b = [Double](repeating: 0, count: n), c = [Double](repeating: 0, count: n)
            b.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: payload[0..<(8 * n)])) }
            c.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: payload[(8 * n)...])) }
            return (b, c)
        }
    }

    /// Stores `r` at `url` through a temporary file renamed into place; `false` when it could not.
    /// Not through ``OutputFile``, whose rule writes *through* a FIFO or device at the path (right for
    /// a user's `--out`): a cache file is always replaced, as the snapshots are.
    func store(_ r: (betweenness: [Double], closeness: [Double]), to url: URL) -> Bool {
        guard r.betweenness.count == r.closeness.count,
              (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])) != nil else { return false }
        var payload = Data()
        r.betweenness.withUnsafeBytes { payload.append(contentsOf: $0) }
        r.closeness.withUnsafeBytes { payload.append(contentsOf: $0) }
        var file = Data(Self.magic)
        withUnsafeBytes(of: Self.formatVersion) { file.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(r.betweenness.count)) { file.append(contentsOf: $0) }
        file.append(contentsOf: Crypto.SHA256.hash(data: payload))
        file.append(payload)
        let tmp = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return false }
        let written = file.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            var done = 0
            while done < raw.count {
                let k = write(fd, base + done, raw.count - done)
                if k < 0 && errno == EINTR { continue }
                if k <= 0 { return false }
                done += k
            }
            return true
        }
        close(fd)
        guard written, rename(tmp.path, url.path) == 0 else { unlink(tmp.path); return false }
        prune()
        return true
    }

    /// Deletes the least recently written files beyond ``keep`` (and stale temporary ones).
    private func prune() { DatasetCache.prune(folder, suffix: ".paths", keep: keep) }
}
