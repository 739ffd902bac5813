#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Dispatch
import Foundation

/// Binary snapshots of loaded datasets, so that repeated commands on an unchanged large dataset
/// (rank, then gaps, then render, then report) do not parse its CSV files again.
///
/// A snapshot holds everything ``DatasetLoader`` read from a folder's CSV files (experts,
/// institutions, the referral columns, the referral graph, collaborations, interactions, plan,
/// warnings) in one file of the cache folder (see ``defaultFolder``), named by a key made of the
/// dataset's paths, the loading options and the running executable. It is used only when:
///
/// - its format version, length and SHA-256 checksum are right (a truncated or damaged file is
///   ignored and rewritten), and
/// - every input file has the same **content** as when the snapshot was made: each file's bytes
///   are hashed (SHA-256 of 16 MB blocks, in parallel) on every run and compared; a file that
///   appeared or disappeared counts as a change. Touching a file without changing it keeps its
///   snapshot; any edit, even one that keeps its size, does not.
///
/// Snapshots are written only for inputs of at least ``minimumBytes``, after a load without
/// errors, to a temporary file renamed into place (a reader never sees half a snapshot). Inputs are
/// hashed before they are parsed, so a file changed during a load can only make its snapshot
/// useless, never stale. Publications and trials are read again each time.
public struct DatasetCache: Sendable {
    /// The folder holding the snapshots.
    public var folder: URL
    /// Inputs smaller than this (all files together) are read directly, never cached.
    public var minimumBytes: Int
    /// Snapshots kept in the folder (the least recently written are deleted beyond this).
    public var keep = 4
    /// Shortest-path searches of at least this much work are stored beside the snapshots (see
    /// ``PathScoreCache/minimumWork``).
    public var pathsMinimumWork = PathScoreCache.defaultMinimumWork

    /// The version of the snapshot format (a snapshot of another version is not read).
    static let formatVersion = 1
    static let magic: [UInt8] = Array("LIAISNAP".utf8)

    /// Creates a cache in `folder`.
    public init(folder: URL = DatasetCache.defaultFolder, minimumBytes: Int = 16 << 20) {
        self.folder = folder
        self.minimumBytes = minimumBytes
    }

    /// `$LIAISON_CACHE_DIR`, else `$XDG_CACHE_HOME/liaison`, else `~/.cache/liaison`.
    public static var defaultFolder: URL {
        let env = ProcessInfo.processInfo.environment
        if let d = env["LIAISON_CACHE_DIR"], !d.isEmpty { return URL(fileURLWithPath: d) }
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return URL(fileURLWithPath: x).appendingPathComponent("liaison") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/liaison")
    }

    /// What a lookup did, for tests and `--verbose` displays.
    public enum Outcome: Sendable, Equatable {
        /// Read from a snapshot.
        case hit
        /// Parsed, and a snapshot written.
        case written
        /// Parsed; no snapshot (too small, errors, or the cache folder not writable).
        case bypassed
    }

    /// One input of a dataset: its path and, when it exists, its size and content hash.
    struct Input: Equatable {
        var path: String
        var size: Int      // -1: absent
        var hash: [UInt8]
    }

    /// The inputs `DatasetLoader` reads for `folder` and `referrals`, hashed.
    static func inputs(folder: URL?, referrals: URL?) -> [Input] {
        var paths: [String] = []
        if let folder { paths += (DatasetLoader.fileNames + ["encounters.csv"]).map { folder.appendingPathComponent($0).path } }
        if let referrals { paths.append(referrals.path) }
        return paths.map { p in
            var st = stat()
            guard stat(p, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return Input(path: p, size: -1, hash: []) }
            return Input(path: p, size: Int(st.st_size), hash: contentHash(p) ?? [])
        }
    }

    /// SHA-256 over the size and the SHA-256 of each 16 MB block of the file (blocks hashed in
    /// parallel), or `nil` when it cannot be read.
    static func contentHash(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return blockHash(size: Int(st.st_size)) { offset, count, into in
            var got = 0
            while got < count {
                let r = pread(fd, into + got, count - got, off_t(offset + got))
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { return nil }
                got += r
            }
            return UnsafeRawBufferPointer(start: into, count: count)
        }
    }

    /// The same hash of bytes in memory.
    static func contentHash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let b = UncheckedRawBuffer(bytes)
        return blockHash(size: bytes.count) { offset, count, _ in
            UnsafeRawBufferPointer(rebasing: b.value[offset..<(offset + count)])
        } ?? []
    }

    static let hashBlock = 16 << 20

    /// `read(offset, count, scratch)` gives the bytes of one block (read into `scratch`, or not).
    private static func blockHash(size: Int, read: @Sendable (Int, Int, UnsafeMutableRawPointer) -> UnsafeRawBufferPointer?)
        -> [UInt8]? {
        let block = hashBlock
        let blocks = max(1, (size + block - 1) / block)
        let workers = min(blocks, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let digests = DisjointWrites<[UInt8]?>(count: blocks, repeating: nil)
        defer { _ = digests.buffer.deinitialize(); digests.deallocate() }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let buf = UnsafeMutableRawPointer.allocate(byteCount: block, alignment: 64)
            defer { buf.deallocate() }
            var b = worker
            while b < blocks {
                let count = min(block, size - b * block)
                if let bytes = read(b * block, count, buf) { digests.buffer[b] = Array(Crypto.SHA256.hash(data: bytes)) }
                b += workers
            }
        }
        var all = Crypto.SHA256()
        withUnsafeBytes(of: Int64(size).littleEndian) { all.update(bufferPointer: $0) }
        for b in 0..<blocks {
            guard let d = digests.buffer[b] else { return nil }
            all.update(data: d)
        }
        return Array(all.finalize())
    }

    /// The snapshot file for a dataset read with these options.
    func file(folder: URL?, referrals: URL?, options: DatasetLoader.Options) -> URL {
        var key = "v\(Self.formatVersion)\n\(folder?.standardizedFileURL.path ?? "")\n\(referrals?.standardizedFileURL.path ?? "")\n"
        key += "lenient=\(options.lenient) maxErrors=\(options.maxErrors) addEncounters=\(options.addEncounters) "
        key += "window=\(options.encounterOptions.window) directed=\(options.encounterOptions.directed) date=\(options.dateFormat.rawValue)\n"
        key += Self.programStamp
        let name = Crypto.SHA256.hash(data: Data(key.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        return self.folder.appendingPathComponent("\(name).snapshot")
    }

    /// The program writing a cache file (path, size and modification time of the executable): a
    /// rebuilt Liaison, which may read files or compute measures differently, starts afresh.
    static var programStamp: String {
        guard let exe = Bundle.main.executableURL?.path else { return "" }
        var st = stat()
        return stat(exe, &st) == 0 ? "\(exe) \(st.st_size) \(modificationTime(st))" : ""
    }

    /// The dataset from its snapshot when there is a valid one; else `load()` it and write one.
    func load(folder: URL?, referrals: URL?, options: DatasetLoader.Options,
              _ load: () throws(DatasetError) -> Dataset) throws(DatasetError) -> (Dataset, Outcome) {
        let inputs = Self.inputs(folder: folder, referrals: referrals)
        let total = inputs.reduce(0) { $0 + max(0, $1.size) }
        let unreadable = inputs.contains { $0.size >= 0 && $0.hash.isEmpty }
        guard total >= minimumBytes, !unreadable else { return (try load(), .bypassed) }
        let url = file(folder: folder, referrals: referrals, options: options)
        if let d = Self.read(url, inputs: inputs) { return (d, .hit) }
        let d = try load()
        return (d, write(d, inputs: inputs, to: url) ? .written : .bypassed)
    }
}

/// Bytes read by the workers of a `concurrentPerform` (never written while they run).
struct UncheckedRawBuffer: @unchecked Sendable {
    let value: UnsafeRawBufferPointer
    init(_ value: UnsafeRawBufferPointer) { self.value = value }
}

/// A file's modification time in seconds since 1970 (with fractions).
func modificationTime(_ st: stat) -> Double {
    #if canImport(Darwin)
    Double(st.st_mtimespec.tv_sec) + Double(st.st_mtimespec.tv_nsec) / 1e9
    #else
    Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    #endif
}
