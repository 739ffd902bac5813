import Foundation
import GRDB
import Liaison
import Testing
@testable import LiaisonWorkspace

/// HMAC-SHA-256 by its definition (RFC 2104) over plain SHA-256: a reference that shares nothing with
/// the library's HMAC.
func referenceHMAC(key: [UInt8], _ message: [UInt8]) -> String {
    var k = key.count > 64 ? SHA256.digestBytes(key) : key
    k += [UInt8](repeating: 0, count: 64 - k.count)
    let inner = SHA256.digestBytes(k.map { $0 ^ 0x36 } + message)
    return SHA256.hex(k.map { $0 ^ 0x5C } + inner)
}

extension SHA256 {
    static func digestBytes(_ b: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(b)
        return h.digest()
    }
}

/// The key bytes of a key file (its one non-comment line, in hex).
func keyBytes(_ path: String) throws -> [UInt8] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let hex = Array(try #require(text.split(separator: "\n").first { !$0.hasPrefix("#") }).utf8)
    return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0 }
}

/// A folder of experts and encounters only: the encounters are the dataset's referrals.
func encountersFolder(_ s: Scratch, folder: String = "enc") throws -> String {
    try s.write("\(folder)/experts.csv", "id,name\nA,Ann\nB,Bob\nC,Cas\nD,Dee\n")
    var rows = "patient,expert,date,institution\n"
    // Patients with distinctive ids; the links come out with 2 to 14 patients.
    for p in 0..<40 {
        let experts = ["A", "B", "C", "D"]
        for k in 0..<(2 + p % 3) {
            rows += "MRN-SECRET-\(1000 + p),\(experts[(p + k) % 4]),2026-0\(1 + p % 6)-\(10 + k * (p % 5)),H\(p % 2)\n"
        }
    }
    try s.write("\(folder)/encounters.csv", rows)
    return s.path(folder)
}

func linkSet(_ d: Dataset) -> [String] {
    d.referrals.map { "\(d.experts[$0.source].id)>\(d.experts[$0.target].id):\($0.patients)/\($0.pairCount ?? -1)/\($0.sameDayCount ?? -1)" }.sorted()
}

@Suite("Workspace: encounters and patient pseudonyms", .tags(.unit))
struct EncounterWorkspaceTests {
    @Test("the pseudonym is HMAC-SHA-256 (RFC 4231 test case 2)")
    func rfc4231() {
        let p = PatientPseudonyms(keyBytes: Array("Jefe".utf8), keyPath: "")
        #expect(p.pseudonym("what do ya want for nothing?") == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(referenceHMAC(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)) == p.pseudonym("what do ya want for nothing?"))
    }

    @Test("encounters are stored and exported as keyed pseudonyms; the key lives beside, 0600")
    func pseudonyms() throws {
        let s = try Scratch()
        let folder = try encountersFolder(s)
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        #expect(!FileManager.default.fileExists(atPath: ws.keyPath))       // no patient data, no key
        _ = try ws.importFiles(ImportSource.sources(at: folder, kind: nil))
        #expect(try fileMode(ws.keyPath) == 0o600)
        let key = try keyBytes(ws.keyPath)
        #expect(key.count == 32)
        let stored = try DatabaseQueue(path: ws.path).read { db in try String.fetchAll(db, sql: "SELECT pseudonym FROM encounter ORDER BY seq") }
        let expected = (0..<40).map { referenceHMAC(key: key, Array("MRN-SECRET-\(1000 + $0)".utf8)) }
        #expect(Set(stored) == Set(expected))
        // No clear id anywhere in the workspace file or in the export.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: ws.path))
        #expect(bytes.range(of: Data("MRN-SECRET".utf8)) == nil)
        let out = s.url.appendingPathComponent("out")
        try ws.export(to: out)
        let exported = try String(contentsOf: out.appendingPathComponent("encounters.csv"), encoding: .utf8)
        #expect(exported.hasPrefix("patient_pseudonym,expert,date,institution\n"))
        #expect(!exported.contains("MRN-SECRET"))
        // The export reads back as the same network, and imports back unchanged.
        #expect(linkSet(try DatasetLoader().load(folder: out)) == linkSet(try ws.dataset()))
        let again = try ws.importFiles(ImportSource.sources(at: out.path, kind: nil))
        #expect(again.files.allSatisfy { $0.added == 0 && $0.updated == 0 })
        // The clear file again: the same pseudonyms, nothing added.
        let raw = try ws.importFiles([ImportSource(url: URL(fileURLWithPath: folder + "/encounters.csv"), kind: .encounters)])
        #expect(raw.files[0].added == 0 && raw.files[0].unchanged > 0)
    }

    @Test("a missing or foreign key is refused for new encounters; reading needs no key")
    func keyChecks() throws {
        let s = try Scratch()
        let folder = try encountersFolder(s)
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        _ = try ws.importFiles(ImportSource.sources(at: folder, kind: nil))
        let enc = [ImportSource(url: URL(fileURLWithPath: folder + "/encounters.csv"), kind: .encounters)]
        let saved = s.path("saved.key")
        try FileManager.default.moveItem(atPath: ws.keyPath, toPath: saved)
        #expect(try ws.dataset().referrals.count > 0)
        #expect { _ = try ws.importFiles(enc) } throws: { e in "\(e)".contains("pseudonym key is missing") }
        #expect(!FileManager.default.fileExists(atPath: ws.keyPath))      // refused, not replaced
        // Another workspace's key.
        let other = try Workspace(path: s.path("other.liaison"), mode: .create)
        _ = try other.importFiles(ImportSource.sources(at: folder, kind: nil))
        try FileManager.default.copyItem(atPath: other.keyPath, toPath: ws.keyPath)
        #expect { _ = try ws.importFiles(enc) } throws: { e in "\(e)".contains("not the workspace's own") }
        try FileManager.default.removeItem(atPath: ws.keyPath)
        try FileManager.default.moveItem(atPath: saved, toPath: ws.keyPath)
        #expect(try ws.importFiles(enc).files[0].unchanged > 0)
    }

    @Test("a workspace gives the network of its folder: encounters-only, added, or not used")
    func sameNetworkAsTheFolder() throws {
        let s = try Scratch()
        let folder = try encountersFolder(s)
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        _ = try ws.importFiles(ImportSource.sources(at: folder, kind: nil))
        let fromFolder = try DatasetLoader().load(folder: URL(fileURLWithPath: folder))
        let fromWorkspace = try ws.dataset()
        #expect(!fromFolder.referrals.isEmpty)
        #expect(linkSet(fromWorkspace) == linkSet(fromFolder))
        #expect(fromWorkspace.filesPresent.contains("encounters.csv"))
        for window in [0, 7, 90] {
            let o = SharedPatientOptions(window: window)
            let a = try DatasetLoader(options: .init(encounterOptions: o)).load(folder: URL(fileURLWithPath: folder))
            #expect(linkSet(try ws.dataset(encounterOptions: o)) == linkSet(a), "window \(window)")
        }
        // With referrals: encounters are not used unless added, as in the folder.
        try s.write("enc/referrals.csv", "source,target,patients\nA,B,20\nD,A,5\n")
        _ = try ws.importFiles([ImportSource(url: URL(fileURLWithPath: folder + "/referrals.csv"), kind: .referrals)])
        for add in [false, true] {
            let a = try DatasetLoader(options: .init(addEncounters: add)).load(folder: URL(fileURLWithPath: folder))
            let b = try ws.dataset(addEncounters: add)
            #expect(linkSet(a) == linkSet(b), "add \(add)")
            #expect(b.warnings.contains { $0.contains("encounters not used") } == !add)
        }
    }

    @Test("migrating a version-1 workspace turns its clear patient ids into pseudonyms, leaving none in the file")
    func migration() throws {
        let s = try Scratch()
        let path = s.path("old.liaison")
        let folder = try encountersFolder(s)
        // A version-1 workspace, as Liaison wrote it, with encounters in clear.
        let q = try DatabaseQueue(path: path)
        try Workspace.migrator(keyPath: path + ".key", through: 1).migrate(q)
        let lines = try String(contentsOfFile: folder + "/encounters.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        try q.write { db in
            try db.execute(sql: "INSERT INTO expert (id, name, specialty, institution, region, npi, title, attributes) SELECT column1, column1, '', '', '', '', '', '{}' FROM (VALUES ('A'), ('B'), ('C'), ('D'))")
            for l in lines {
                let f = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                try db.execute(sql: "INSERT OR IGNORE INTO encounter (patient, expert, date, institution) VALUES (?, ?, ?, ?)", arguments: [f[0], f[1], f[2], f[3]])
            }
        }
        try q.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).range(of: Data("MRN-SECRET".utf8)) != nil)
        let ws = try Workspace(path: path, mode: .read)
        #expect(try ws.snapshot { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).range(of: Data("MRN-SECRET".utf8)) == nil)
        let key = try keyBytes(ws.keyPath)
        let stored = try ws.snapshot { db in try String.fetchAll(db, sql: "SELECT DISTINCT pseudonym FROM encounter") }
        #expect(Set(stored) == Set((0..<40).map { referenceHMAC(key: key, Array("MRN-SECRET-\(1000 + $0)".utf8)) }))
        #expect(linkSet(try ws.dataset()) == linkSet(try DatasetLoader().load(folder: URL(fileURLWithPath: folder))))
        // New encounters link with the converted ones: the same patients, nothing added.
        let r = try ws.importFiles([ImportSource(url: URL(fileURLWithPath: folder + "/encounters.csv"), kind: .encounters)])
        #expect(r.files[0].added == 0)
    }

    @Test("no message of an encounters import quotes a patient")
    func messages() throws {
        let s = try Scratch()
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        try s.write("experts.csv", "id,name\nA,Ann\n")
        _ = try ws.importFiles([ImportSource(url: URL(fileURLWithPath: s.path("experts.csv")), kind: .experts)])
        let bad = try s.write("encounters.csv", "patient,expert,date\nMRN-SECRET-1,A,31/12/2026\n2026-01-01,MRN-SECRET-2,A\n,A,2026-01-01\n")
        do {
            _ = try ws.importFiles([ImportSource(url: bad, kind: .encounters)])
            Issue.record("imported")
        } catch {
            #expect(!error.description.contains("SECRET"))
            #expect(error.issues.map(\.message) == [
                "date is ambiguous without a date format: it looks day-first: give --date-format dd/mm/yyyy (or write YYYY-MM-DD)",
                "unknown expert id (not in experts.csv nor in the workspace)", "empty patient",
            ])
        }
    }
}
