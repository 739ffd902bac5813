import Crypto
import Foundation

/// SHA-256 (FIPS 180-4), streaming: feed bytes with ``update(_:)``, then read ``hexDigest()``.
///
/// The workspace fingerprints each imported file with it for `liaison history`, and the report
/// hashes its inline script for its Content-Security-Policy. A thin wrapper over swift-crypto's
/// `SHA256` (a well-kept implementation, BoringSSL's on Linux and CryptoKit's on Apple systems),
/// keeping the two spellings those callers need; checked against the FIPS test vectors in the
/// test suite.
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    /// Creates an empty hash.
    public init() {}

    /// The hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = SHA256()
        s.update(bytes)
        return s.hexDigest()
    }

    /// Adds bytes.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Bool? = bytes.withContiguousStorageIfAvailable {
            hasher.update(bufferPointer: UnsafeRawBufferPointer($0))
            return true
        }
        if done == nil { hasher.update(data: Array(bytes)) }
    }

    /// Finishes and returns the 32-byte digest (the hash itself is left unchanged).
    public func digest() -> [UInt8] { Array(hasher.finalize()) }

    /// The digest as 64 lower-case hex digits.
    public func hexDigest() -> String { SHA256.hex(digest: digest()) }

    /// Bytes as lower-case hex digits.
    package static func hex(digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

extension SHA256 {
    /// The digest of `text`'s UTF-8 bytes in base64, as a Content-Security-Policy `'sha256-…'` source expects.
    public static func base64Digest(_ text: String) -> String {
        Data(Crypto.SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }
}
