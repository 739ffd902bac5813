#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes the binary snapshot format (see ``DatasetCache``): little-endian integers, strings as
/// length and UTF-8 bytes, and columns of fixed-size values as raw bytes aligned to 8, so that a
/// reader copies a column of millions of values with one `memcpy`. Buffered writes to a file
/// descriptor.
final class SnapshotWriter {
    private let fd: Int32
    private var buf: [UInt8] = []
    /// Bytes written so far (flushed or buffered).
    private(set) var offset = 0
    private var failed: Int32 = 0

    init(fd: Int32) {
        self.fd = fd
        buf.reserveCapacity(1 << 20)
    }

    private func flushIfFull() { if buf.count >= 1 << 20 { flush() } }

    /// Writes what is buffered; remembers the first error.
    func flush() {
        var off = 0
        while off < buf.count && failed == 0 {
            let r = buf.withUnsafeBytes { p in write(fd, p.baseAddress! + off, p.count - off) }
            if r < 0 { if errno == EINTR { continue }; failed = errno; break }
            off += r
        }
        buf.removeAll(keepingCapacity: true)
    }

    /// The error number of the first failed write, or 0.
    var error: Int32 { failed }

    func int(_ v: Int) {
        withUnsafeBytes(of: Int64(v).littleEndian) { buf.append(contentsOf: $0) }
        offset += 8
        flushIfFull()
    }

    func bytes(_ p: UnsafeRawBufferPointer) {
        if p.count >= 1 << 16 {
            flush()
            var off = 0
            while off < p.count && failed == 0 {
                let r = write(fd, p.baseAddress! + off, p.count - off)
                if r < 0 { if errno == EINTR { continue }; failed = errno; break }
                off += r
            }
        } else {
            buf.append(contentsOf: p)
            flushIfFull()
        }
        offset += p.count
    }

    func pad() {
        let r = offset % 8
        if r != 0 { buf.append(contentsOf: repeatElement(0, count: 8 - r)); offset += 8 - r }
    }

    func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            int(u.count)
            bytes(UnsafeRawBufferPointer(u))
        }
        pad()
    }

    func bool(_ b: Bool) { int(b ? 1 : 0) }

    /// A column of fixed-size values: count, then the raw values.
    func column<T: BitwiseCopyable>(_ xs: [T]) {
        int(xs.count)
        xs.withUnsafeBytes { bytes($0) }
        pad()
    }

    /// Many strings as one arena: count, offsets, bytes.
    func strings(_ xs: [String]) {
        var offsets = [Int](); offsets.reserveCapacity(xs.count + 1)
        var arena = [UInt8]()
        offsets.append(0)
        for var s in xs {
            s.withUTF8 { arena.append(contentsOf: $0) }
            offsets.append(arena.count)
        }
        column(offsets)
        column(arena)
    }

    func dictionary(_ d: [String: String]) {
        let keys = d.keys.sorted()
        strings(keys)
        strings(keys.map { d[$0] ?? "" })
    }
}

/// A malformed or truncated snapshot: the cache falls back to reading the files.
struct SnapshotError: Error {}

/// Reads what ``SnapshotWriter`` wrote, from a memory-mapped file, checking every length against
/// the bytes that are there.
struct SnapshotReader {
    let base: UnsafeRawPointer
    let end: Int
    var offset: Int

    init(base: UnsafeRawPointer, count: Int, offset: Int = 0) {
        self.base = base
        end = count
        self.offset = offset
    }

    mutating func int() throws(SnapshotError) -> Int {
        guard offset + 8 <= end else { throw SnapshotError() }
        let v = Int64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        offset += 8
        return Int(v)
    }

    mutating func count(max: Int = Int.max) throws(SnapshotError) -> Int {
        let n = try int()
        guard n >= 0, n <= max else { throw SnapshotError() }
        return n
    }

    mutating func pad() { offset = (offset + 7) & ~7 }

    mutating func string() throws(SnapshotError) -> String {
        let n = try count(max: end - offset)
        let s = String(decoding: UnsafeRawBufferPointer(start: base + offset, count: n).bindMemory(to: UInt8.self), as: UTF8.self)
        offset += n
        pad()
        return s
    }

    mutating func bool() throws(SnapshotError) -> Bool { try int() != 0 }

    mutating func column<T: BitwiseCopyable>(_: T.Type = T.self) throws(SnapshotError) -> [T] {
        let n = try count(max: (end - offset) / max(1, MemoryLayout<T>.stride))
        let bytes = n * MemoryLayout<T>.stride
        let src = base + offset
        let out = [T](unsafeUninitializedCapacity: n) { p, k in
            if n > 0 { memcpy(UnsafeMutableRawPointer(p.baseAddress!), src, bytes) }
            k = n
        }
        offset += bytes
        pad()
        return out
    }

    /// A string arena as written by ``SnapshotWriter/strings(_:)``, without making the strings.
    mutating func arena() throws(SnapshotError) -> StringArena {
        let offsets: [Int] = try column()
        let n = try count(max: end - offset)
        let start = base + offset
        offset += n
        pad()
        guard let last = offsets.last, offsets.first == 0, last == n else { throw SnapshotError() }
        for k in 1..<offsets.count where offsets[k] < offsets[k - 1] { throw SnapshotError() }
        return StringArena(offsets: offsets, bytes: start)
    }

    mutating func strings() throws(SnapshotError) -> [String] {
        let a = try arena()
        return (0..<a.count).map { a[$0] }
    }

    mutating func dictionary() throws(SnapshotError) -> [String: String] {
        let keys = try strings(), values = try strings()
        guard keys.count == values.count else { throw SnapshotError() }
        var d = [String: String](minimumCapacity: keys.count)
        for (k, v) in zip(keys, values) { d[k] = v }
        return d
    }
}

/// Strings stored back to back in a mapped snapshot, made into `String`s one at a time (read-only,
/// so shared by the threads that make them).
struct StringArena: @unchecked Sendable {
    let offsets: [Int]
    let bytes: UnsafeRawPointer
    var count: Int { offsets.count - 1 }
    subscript(k: Int) -> String {
        let s = offsets[k], e = offsets[k + 1]
        return String(decoding: UnsafeRawBufferPointer(start: bytes + s, count: e - s).bindMemory(to: UInt8.self), as: UTF8.self)
    }
}
