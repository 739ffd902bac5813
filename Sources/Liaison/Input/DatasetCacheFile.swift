#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The snapshot file: a 64-byte header — `LIAISNAP`, the format version, the payload's length and
/// its SHA-256 (see ``DatasetCache/contentHash(_:)``) — then the payload: the inputs (path, size,
/// content hash) the snapshot was made from, and the dataset (``DatasetSnapshot``).
extension DatasetCache {
    static let headerBytes = 64

    /// The dataset of the snapshot at `url`, if the file is whole and was made from `inputs`.
    static func read(_ url: URL, inputs: [Input]) -> Dataset? {
        // Non-blocking, and regular files only: a FIFO put in the cache folder must not hang a command.
        let fd = open(url.path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) > headerBytes else { return nil }
        let size = Int(st.st_size)
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else { return nil }
        defer { munmap(map, size) }
        let base = UnsafeRawPointer(map)
        guard memcmp(base, magic, 8) == 0 else { return nil }
        var r = SnapshotReader(base: base, count: headerBytes, offset: 8)
        guard let version = try? r.int(), version == formatVersion,
              let length = try? r.int(), length == size - headerBytes else { return nil }
        let stored = Array(UnsafeRawBufferPointer(start: base + 24, count: 32))
        let payload = UnsafeRawBufferPointer(start: base + headerBytes, count: length)
        // The inputs first (cheap), then the checksum of the whole payload, then the dataset.
        var p = SnapshotReader(base: payload.baseAddress!, count: length)
        guard let made = try? readInputs(&p), made == inputs else { return nil }
        guard contentHash(payload) == stored else { return nil }
        return try? DatasetSnapshot.read(&p)
    }

    private static func readInputs(_ r: inout SnapshotReader) throws(SnapshotError) -> [Input] {
        var out: [Input] = []
        for _ in 0..<(try r.count(max: 1 << 16)) {
            let path = try r.string(), size = try r.int()
            let hash: [UInt8] = try r.column()
            out.append(Input(path: path, size: size, hash: hash))
        }
        return out
    }

    /// Writes the snapshot of `d` to `url` through a temporary file renamed into place; `false`
    /// when it could not be written (the cache is then simply not used).
    func write(_ d: Dataset, inputs: [Input], to url: URL) -> Bool {
        let fm = FileManager.default
        guard (try? fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
        else { return false }
        let tmp = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let fd = open(tmp.path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return false }
        var ok = false
        defer {
            close(fd)
            if !ok { unlink(tmp.path) }
        }
        let w = SnapshotWriter(fd: fd)
        var header = [UInt8](repeating: 0, count: DatasetCache.headerBytes)
        header.replaceSubrange(0..<8, with: DatasetCache.magic)
        header.withUnsafeBytes { w.bytes($0) }
        w.int(inputs.count)
        for i in inputs { w.string(i.path); w.int(i.size); w.column(i.hash) }
        DatasetSnapshot.write(d, to: w)
        w.flush()
        let size = w.offset
        guard w.error == 0, size > DatasetCache.headerBytes else { return false }
        // The checksum of the payload, read back through a mapping of what was written.
        guard let map = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), map != MAP_FAILED else { return false }
        let sum = DatasetCache.contentHash(UnsafeRawBufferPointer(start: map + DatasetCache.headerBytes,
                                                                   count: size - DatasetCache.headerBytes))
        munmap(map, size)
        var head = [UInt8]()
        withUnsafeBytes(of: Int64(DatasetCache.formatVersion).littleEndian) { head += $0 }
        withUnsafeBytes(of: Int64(size - DatasetCache.headerBytes).littleEndian) { head += $0 }
        head += sum
        guard head.count == 48, pwrite(fd, head, head.count, 8) == head.count else { return false }
        guard rename(tmp.path, url.path) == 0 else { return false }
        ok = true
        prune()
        return true
    }

    /// Deletes the least recently written snapshots beyond ``keep``, and temporary files of ours left
    /// by a process that died while writing (older than an hour).
    private func prune() { Self.prune(folder, suffix: ".snapshot", keep: keep) }

    /// Deletes the least recently written files of `folder` named `*suffix` beyond `keep`, and our
    /// temporary files for them (`.NAME.PID.tmp`) older than an hour, left by a process that died.
    static func prune(_ folder: URL, suffix: String, keep: Int) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else { return }
        var files: [(String, Double)] = []
        let now = Date().timeIntervalSince1970
        for n in names {
            var st = stat()
            let p = folder.appendingPathComponent(n).path
            guard stat(p, &st) == 0 else { continue }
            let t = modificationTime(st)
            if n.hasSuffix(suffix) { files.append((p, t)) }
            else if n.hasPrefix("."), n.hasSuffix(".tmp"), n.contains("\(suffix)."), now - t > 3600 { unlink(p) }
        }
        for (p, _) in files.sorted(by: { $0.1 > $1.1 }).dropFirst(keep) { unlink(p) }
    }
}
