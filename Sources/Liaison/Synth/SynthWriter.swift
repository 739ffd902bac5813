#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A buffered byte writer over a file descriptor: rows are formatted straight into a 1 MB buffer
/// (integers by hand, no `String` per row) and flushed with `write(2)`.
final class SynthWriter {
    private let fd: Int32
    private var buf: [UInt8] = []
    private let path: String
    /// Bytes written so far.
    private(set) var bytesWritten = 0

    init(path: String) throws(SynthError) {
        self.path = path
        fd = openForWriting(path)
        guard fd >= 0 else { throw SynthError("cannot create \(path): \(String(cString: strerror(errno)))") }
        buf.reserveCapacity(1 << 20)
    }

    deinit { if fd >= 0 { close(fd) } }

    @inline(__always) func byte(_ b: UInt8) { buf.append(b) }
    @inline(__always) func comma() { buf.append(UInt8(ascii: ",")) }
    @inline(__always) func newline() throws(SynthError) {
        buf.append(UInt8(ascii: "\n"))
        if buf.count >= 1 << 20 { try flush() }
    }

    func text(_ s: String) { buf.append(contentsOf: s.utf8) }

    /// Text as a CSV field, quoted when it holds a comma, quote or line break.
    func field(_ s: String) {
        if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) {
            buf.append(UInt8(ascii: "\""))
            for c in s.utf8 { if c == UInt8(ascii: "\"") { buf.append(c) }; buf.append(c) }
            buf.append(UInt8(ascii: "\""))
        } else { text(s) }
    }

    private var digits = [UInt8](repeating: 0, count: 24)

    /// A non-negative integer, left-aligned and padded with spaces (or zero-filled on the left when
    /// `zeroPad`) to `width` characters.
    func int(_ v: Int, width: Int = 0, zeroPad: Bool = false) {
        var n = 0
        var x = max(v, 0)
        repeat { digits[n] = UInt8(ascii: "0") + UInt8(x % 10); x /= 10; n += 1 } while x > 0 && n < 24
        if zeroPad { while n < min(width, 24) { digits[n] = UInt8(ascii: "0"); n += 1 } }
        var k = n - 1
        while k >= 0 { buf.append(digits[k]); k -= 1 }
        if !zeroPad { var pad = width - n; while pad > 0 { buf.append(UInt8(ascii: " ")); pad -= 1 } }
    }

    func flush() throws(SynthError) {
        var off = 0
        while off < buf.count {
            let r = buf.withUnsafeBytes { p -> Int in
                guard let base = p.baseAddress else { return 0 }
                return write(fd, base + off, p.count - off)
            }
            if r < 0 {
                if errno == EINTR { continue }
                throw SynthError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            off += r
        }
        bytesWritten += buf.count
        buf.removeAll(keepingCapacity: true)
    }

    /// Flushes what is buffered, failing when the data did not reach the file.
    func finish() throws(SynthError) { try flush() }
}

private func openForWriting(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
}

/// A failure of ``SyntheticNetwork/write(_:to:overwrite:progress:)``, in words for the user.
public struct SynthError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String
    /// Creates an error.
    public init(_ message: String) { description = message }
}
