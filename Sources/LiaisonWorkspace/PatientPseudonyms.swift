#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Foundation
import Liaison

/// Keyed pseudonyms for patient identifiers: what a workspace stores instead of the ids of
/// `encounters.csv`.
///
/// A pseudonym is HMAC-SHA-256 of the patient id under a secret key of the workspace, as 64 hex
/// digits. The same patient gets the same pseudonym in every import, so shared-patient links are
/// derived exactly as from the clear ids; without the key, a pseudonym cannot be turned back into
/// an id, nor can anyone check whether a given patient is in the data by hashing candidate ids
/// (patient numbers are few and guessable, so an unkeyed hash would be reversed by trying them all).
///
/// **Where the key lives, and who can re-identify with what.** The key (256 random bits) is made
/// when the first encounters are imported (or when an older workspace's clear ids are converted)
/// and written beside the workspace as `WORKSPACE.key`, readable by its owner only (0600), never
/// inside it:
/// - the workspace alone — the file one copies to a colleague or a shared drive to run `rank` or
///   `report` — holds pseudonyms only, and so does `liaison export`: neither can be linked back to
///   patients, even by someone holding the hospital's patient list;
/// - the key alone re-identifies nothing: it holds no data;
/// - the key *and* the workspace *and* a list of candidate patient ids are needed to learn which
///   pseudonym is whose. Keep the key where the CRM exports come from (it is needed to import more
///   encounters), and do not copy it with the workspace.
/// Reading, ranking, reporting and exporting never need the key. If it is lost, stored encounters
/// stay usable, but new ones cannot be linked to them: the import refuses rather than guess. The
/// workspace keeps a check value (an HMAC of a fixed text) to recognise its own key.
///
/// Pseudonymised data remain personal data (dates and experts of a patient's visits still travel
/// together); the key only removes the identifier.
public struct PatientPseudonyms {
    private let key: SymmetricKey
    /// The key file.
    public let keyPath: String

    /// The key file of the workspace at `workspacePath`.
    public static func keyPath(forWorkspace workspacePath: String) -> String { workspacePath + ".key" }

    /// The text hashed to make the check value stored in the workspace.
    static let checkText = Array("liaison pseudonym key check".utf8)
    /// The column name under which pseudonyms are exported (and read back).
    public static let column = EncounterRows.pseudonymColumn

    init(key: SymmetricKey, keyPath: String) {
        self.key = key
        self.keyPath = keyPath
    }

    /// A key given by its bytes (tests).
    init(keyBytes: [UInt8], keyPath: String) { self.init(key: SymmetricKey(data: keyBytes), keyPath: keyPath) }

    /// The pseudonym of a patient id given as its UTF-8 bytes.
    public func pseudonym(_ id: UnsafeBufferPointer<UInt8>) -> String {
        SHA256.hex(digest: Array(HMAC<Crypto.SHA256>.authenticationCode(for: UnsafeRawBufferPointer(id), using: key)))
    }

    /// The pseudonym of a patient id.
    public func pseudonym(_ id: String) -> String {
        Array(id.utf8).withUnsafeBufferPointer { pseudonym($0) }
    }

    /// The value stored in the workspace to recognise this key.
    var check: String { Array(Self.checkText).withUnsafeBufferPointer { pseudonym($0) } }

    /// Whether `text` has the form of a pseudonym (64 lower-case hex digits).
    public static func isPseudonym(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count == 64 && b.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    // MARK: The key file

    static let fileHeader = "# Liaison pseudonym key of a workspace: keep it private, and apart from the workspace (README, Workspace).\n"

    /// Reads the key file; `nil` when it does not exist.
    static func load(_ path: String) throws(DatasetError) -> PatientPseudonyms? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Workspace.issue(path, "cannot read the pseudonym key file")
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }
        guard lines.count == 1, let bytes = hexBytes(lines[0]), bytes.count == 32 else {
            throw Workspace.issue(path, "not a Liaison pseudonym key file (expected 64 hex digits)")
        }
        return PatientPseudonyms(key: SymmetricKey(data: bytes), keyPath: path)
    }

    /// Reads the key file, or makes a new key and writes it (mode 0600) when there is none. Two
    /// processes doing so at once end with the same key: the file appears whole or not at all.
    static func loadOrCreate(_ path: String) throws(DatasetError) -> PatientPseudonyms {
        if let k = try load(path) { return k }
        let key = SymmetricKey(size: .bits256)
        let text = fileHeader + key.withUnsafeBytes { SHA256.hex(digest: Array($0)) } + "\n"
        let tmp = path + ".\(getpid()).tmp"
        let fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else { throw Workspace.issue(path, "cannot create the pseudonym key file: \(String(cString: strerror(errno)))") }
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        defer { unlink(tmp) }
        guard written == bytes.count, synced else {
            throw Workspace.issue(path, "cannot write the pseudonym key file: \(String(cString: strerror(errno)))")
        }
        // link(2) fails if the key appeared meanwhile: then the other process's key is the one.
        if link(tmp, path) != 0 && errno != EEXIST {
            throw Workspace.issue(path, "cannot create the pseudonym key file: \(String(cString: strerror(errno)))")
        }
        guard let k = try load(path) else { throw Workspace.issue(path, "the pseudonym key file vanished") }
        return k
    }

    private static func hexBytes(_ s: Substring) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        func v(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var out: [UInt8] = []
        for i in stride(from: 0, to: u.count, by: 2) {
            guard let a = v(u[i]), let b = v(u[i + 1]) else { return nil }
            out.append(a << 4 | b)
        }
        return out
    }
}
