import Foundation
import GRDB
import Liaison
import Testing
@testable import LiaisonWorkspace

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let demoFolder = packageRoot.appendingPathComponent("Graphs/belgian-hematology")

/// A fresh temporary folder, removed at deinit.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let u = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: u)
        return u
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A small dataset folder.
func smallDataset(_ s: Scratch, folder: String = "team") throws -> String {
    try s.write("\(folder)/institutions.csv", "id,name,kind,city,region\nH1,Hôpital Un,university hospital,Liège,Wallonia\nH2,Ziekenhuis Twee,general hospital,Gent,Flanders\n")
    try s.write("\(folder)/experts.csv", "id,name,specialty,institution,region,owner\nE1,Dr. A,Hematology,H1,,alice\nE2,Dr. B,Oncology,H2,Flanders,bob\nE3,Dr. C,Hematology,H1,,\n")
    try s.write("\(folder)/referrals.csv", "source,target,patients,period,pair_count\nE1,E2,12,2026Q1,30\nE1,E2,3,2026-Q1,4\nE2,E3,20,2026Q2,\nE3,E1,15,,\n")
    try s.write("\(folder)/collaborations.csv", "a,b,kind,weight\nE2,E1,co-author,2\nE1,E3,board,0.5\n")
    try s.write("\(folder)/interactions.csv", "id,date,expert,liaison,channel,topic,duration_minutes\nI1,2026-01-14,E1,alice,In-Person,CAR-T,30\nI2,2026-02-03T09:30:00Z,E2,bob,virtual,,\nI3,2026-04-20,E3,alice,phone,\"dosing, \"\"new\"\"\",15\n")
    try s.write("\(folder)/plan.csv", "expert,period,planned\nE1,2026Q1,3\nE2,2026Q1,2\nE2,2026-Q1,1\n")
    return s.path(folder)
}

func fileMode(_ path: String) throws -> Int {
    let attrs = try FileManager.default.attributesOfItem(atPath: path)
    return (attrs[.posixPermissions] as? Int ?? -1) & 0o777
}

@Suite("Workspace", .tags(.unit))
struct WorkspaceTests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256Vectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var h = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        #expect(h.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Split points never change the digest.
        var g = SHA256()
        let text = Array("The quick brown fox jumps over the lazy dog, again and again and again and again.".utf8)
        g.update(text[0..<7]); g.update(text[7..<70]); g.update(text[70...])
        #expect(g.hexDigest() == SHA256.hex(text))
    }

    @Test("a new workspace file is readable by its owner only")
    func ownerOnly() throws {
        let s = try Scratch()
        let old = umask(0)        // even with a permissive umask
        defer { umask(old) }
        let ws = try Workspace(path: s.path("team.liaison"), mode: .create)
        _ = try ws.importFiles(ImportSource.sources(at: try smallDataset(s), kind: nil))
        #expect(try fileMode(ws.path) == 0o600)
        let out = s.url.appendingPathComponent("export")
        try ws.export(to: out)
        #expect(try fileMode(out.path) == 0o700)
        #expect(try fileMode(out.appendingPathComponent("experts.csv").path) == 0o600)
    }

    @Test("importing a folder stores every file; the same folder again changes nothing")
    func idempotent() throws {
        let s = try Scratch()
        let folder = try smallDataset(s)
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        let first = try ws.importFiles(ImportSource.sources(at: folder, kind: nil))
        #expect(first.files.map(\.kind) == [.institutions, .experts, .referrals, .collaborations, .interactions, .plan])
        let byKind = Dictionary(uniqueKeysWithValues: first.files.map { ($0.kind, $0) })
        #expect(byKind[.experts]?.added == 3)
        #expect(byKind[.referrals]?.rows == 4)
        #expect(byKind[.referrals]?.added == 3)        // 2026Q1 and 2026-Q1 rows of E1→E2 are summed
        #expect(byKind[.plan]?.added == 2)
        let before = try ws.dataset()
        let bytesBefore = try Data(contentsOf: URL(fileURLWithPath: ws.path))
        let second = try ws.importFiles(ImportSource.sources(at: folder, kind: nil))
        for f in second.files {
            #expect(f.added == 0 && f.updated == 0, "\(f.file)")
            #expect(f.unchanged > 0)
        }
        let after = try ws.dataset()
        #expect(after.experts == before.experts)
        #expect(after.referrals == before.referrals)
        #expect(after.interactions == before.interactions)
        #expect(after.plan == before.plan)
        #expect(after.collaborations == before.collaborations)
        #expect(try ws.history().count == 12)
        #expect(try ws.history().map(\.batch) == Array(repeating: 1, count: 6) + Array(repeating: 2, count: 6))
        _ = bytesBefore
    }

    @Test("the workspace reads like the folder: same dataset as DatasetLoader")
    func sameAsLoader() throws {
        let s = try Scratch()
        let folder = try smallDataset(s)
        let ws = try Workspace(path: s.path("w.db"), mode: .create)
        _ = try ws.importFiles(ImportSource.sources(at: folder, kind: nil))
        let a = try DatasetLoader().load(folder: URL(fileURLWithPath: folder))
        let b = try ws.dataset()
        #expect(a.experts == b.experts)
        #expect(a.institutions == b.institutions)
        // The loader keeps rows labelled 2026Q1 and 2026-Q1 apart; the workspace sums them under one key.
        func sums(_ d: Dataset) -> [String: Int] {
            var m: [String: Int] = [:]
            for r in d.referrals { m["\(r.source)>\(r.target)@\(r.period?.label ?? "")", default: 0] += r.patients }
            return m
        }
        #expect(sums(a) == sums(b))
        #expect(a.referralGraph().edgeCount == b.referralGraph().edgeCount)
        #expect(a.interactions == b.interactions)
        #expect(a.plan.map(\.planned).reduce(0, +) == b.plan.map(\.planned).reduce(0, +))
        #expect(b.filesPresent.isSuperset(of: ["experts.csv", "referrals.csv", "interactions.csv", "plan.csv"]))
    }

    @Test("a row that comes back with other content is updated and reported; nothing is deleted")
    func updates() throws {
        let s = try Scratch()
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        let e1 = try s.write("experts.csv", "id,name\nE1,Dr. A\nE2,Dr. B\n")
        _ = try ws.importFiles([ImportSource(url: e1, kind: .experts)])
        let e2 = try s.write("march/experts.csv", "id,name,specialty\nE1,Dr. A,Hematology\nE3,Dr. C,\n")
        let r = try ws.importFiles([ImportSource(url: e2, kind: .experts)])
        #expect(r.files[0].added == 1)
        #expect(r.files[0].updated == 1)
        #expect(r.files[0].unchanged == 0)
        let d = try ws.dataset()
        #expect(d.experts.map(\.id) == ["E1", "E2", "E3"])
        #expect(d.experts[0].specialty == "Hematology")
        let h = try ws.history()
        #expect(h.last?.updated == 1)
        #expect(h.last?.sha256 == SHA256.hex(Array(try Data(contentsOf: e2))))
    }

    @Test("a file with an error leaves the workspace byte for byte as it was, and names FILE:LINE:COLUMN")
    func atomic() throws {
        let s = try Scratch()
        let folder = try smallDataset(s)
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        _ = try ws.importFiles(ImportSource.sources(at: folder, kind: nil))
        let before = try Data(contentsOf: URL(fileURLWithPath: ws.path))
        // A good experts file and an interactions file whose third row names an unknown expert.
        try s.write("next/experts.csv", "id,name\nE1,Dr. A renamed\nE9,Dr. New\n")
        try s.write("next/interactions.csv", "id,date,expert,liaison,channel\nI10,2026-05-01,E9,alice,phone\nI11,2026-05-02,E1,alice,phone\nI12,2026-05-03,E77,bob,virtual\n")
        #expect {
            _ = try ws.importFiles(ImportSource.sources(at: s.path("next"), kind: nil))
        } throws: { e in
            let text = (e as? DatasetError)?.description ?? ""
            return text.contains("next/interactions.csv:4:16: unknown expert id 'E77'")
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: ws.path))
        #expect(before == after)
        #expect(try ws.history().count == 6)
        #expect(try ws.dataset().experts.count == 3)
    }

    @Test("an interactions file may name experts that only the workspace knows")
    func validatesAgainstWorkspace() throws {
        let s = try Scratch()
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        _ = try ws.importFiles([ImportSource(url: try s.write("experts.csv", "id,name\nE1,A\n"), kind: .experts)])
        let r = try ws.importFiles([ImportSource(url: try s.write("calls.csv", "id,date,expert,liaison,channel\nC1,2026-03-14,E1,alice,phone\n"),
                                                 kind: .interactions)])
        #expect(r.files[0].added == 1)
        // Without experts anywhere, the same file fails.
        let other = try Workspace(path: s.path("other.liaison"), mode: .create)
        #expect(throws: DatasetError.self) {
            _ = try other.importFiles([ImportSource(url: s.url.appendingPathComponent("calls.csv"), kind: .interactions)])
        }
    }

    @Test("CRM exports: column mapping and date formats")
    func crmMapping() throws {
        let s = try Scratch()
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        _ = try ws.importFiles([ImportSource(url: try s.write("experts.csv", "id,name\nE1,A\nE2,B\n"), kind: .experts)])
        let crm = try s.write("Calls_March.csv", """
            Call ID,Account ID,Account,Call Date,Owner,Call Channel,Subject
            C1,E1,Dr. A,14/03/2026,alice,In-Person,MRD
            C2,E2,Dr. B,02/03/2026 09:30,bob,Virtual,
            C3,E1,Dr. A,2026-03-20T09:30:00Z,alice,Phone,follow-up

            """)
        var mapping = try ColumnMapping(parsing: "Call ID=id,Account ID=expert,Call Date=date,Owner=liaison")
        try mapping.merge(ColumnMapping(parsing: "Call Channel=channel\nSubject=topic\n# a comment\n"))
        let r = try ws.importFiles([ImportSource(url: crm, kind: .interactions)],
                                   options: ImportOptions(mapping: mapping, dateFormat: .dayMonthYear))
        #expect(r.files[0].added == 3)
        let d = try ws.dataset()
        #expect(d.interactions.map(\.date.description) == ["2026-03-14", "2026-03-02", "2026-03-20"])
        #expect(d.interactions.map(\.channel) == ["in-person", "virtual", "phone"])
        // Read month-first, 14/03/2026 is no date: the error names the field, and nothing changes.
        #expect {
            _ = try ws.importFiles([ImportSource(url: crm, kind: .interactions)],
                                   options: ImportOptions(mapping: mapping, dateFormat: .monthDayYear))
        } throws: { e in
            ((e as? DatasetError)?.description ?? "").contains("Calls_March.csv:2:13: date '14/03/2026' is not a date in mm/dd/yyyy")
        }
        #expect(try ws.dataset().interactions.map(\.date.description) == ["2026-03-14", "2026-03-02", "2026-03-20"])
    }

    @Test("ambiguous and impossible dates are errors with positions")
    func dateErrors() throws {
        #expect(DateFormat.dayMonthYear.parse("14/03/2026")?.description == "2026-03-14")
        #expect(DateFormat.monthDayYear.parse("03/14/2026")?.description == "2026-03-14")
        #expect(DateFormat.monthDayYear.parse("14/03/2026") == nil)
        #expect(DateFormat.iso.parse("14/03/2026") == nil)
        #expect(DateFormat.iso.parse("2026-03-14T09:30:00Z")?.description == "2026-03-14")
        #expect(DateFormat.dayMonthYear.parse("31/02/2026") == nil)
        #expect(DateFormat.dayMonthYear.parse("1.2.2026")?.description == "2026-02-01")
        #expect(DateFormat.dayMonthYear.parse("1/2/26") == nil)
        #expect(DateFormat.iso.complaint("14/03/2026").contains("--date-format"))
    }

    @Test("kinds are inferred from obvious file names only")
    func kinds() {
        #expect(ImportKind.infer(fromFileName: "experts.csv") == .experts)
        #expect(ImportKind.infer(fromFileName: "CRM_Interactions_2026-03.csv") == .interactions)
        #expect(ImportKind.infer(fromFileName: "call-plan-2026.csv") == .plan)
        #expect(ImportKind.infer(fromFileName: "hospitals.csv") == .institutions)
        #expect(ImportKind.infer(fromFileName: "expert_interactions.csv") == nil)
        #expect(ImportKind.infer(fromFileName: "export.csv") == nil)
    }

    @Test("import → export → import is the identity (the demo network)")
    func roundTrip() throws {
        let s = try Scratch()
        let ws = try Workspace(path: s.path("demo.liaison"), mode: .create)
        _ = try ws.importFiles(ImportSource.sources(at: demoFolder.path, kind: nil))
        let out = s.url.appendingPathComponent("out")
        try ws.export(to: out)
        // Into the same workspace: nothing added or updated.
        let again = try ws.importFiles(ImportSource.sources(at: out.path, kind: nil))
        for f in again.files { #expect(f.added == 0 && f.updated == 0, "\(f.file): \(f)") }
        // Into a new workspace: the same rows.
        let ws2 = try Workspace(path: s.path("copy.liaison"), mode: .create)
        _ = try ws2.importFiles(ImportSource.sources(at: out.path, kind: nil))
        let a = try ws.dataset(), b = try ws2.dataset()
        #expect(a.experts == b.experts)
        #expect(a.institutions == b.institutions)
        #expect(a.referrals == b.referrals)
        #expect(a.collaborations == b.collaborations)
        #expect(a.interactions == b.interactions)
        #expect(a.plan == b.plan)
        // And a second export is byte for byte the first.
        let out2 = s.url.appendingPathComponent("out2")
        try ws2.export(to: out2)
        for f in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            #expect(try Data(contentsOf: out.appendingPathComponent(f)) == Data(contentsOf: out2.appendingPathComponent(f)), "\(f)")
        }
        // The demo read from the workspace equals the demo read from its folder.
        let folder = try DatasetLoader().load(folder: demoFolder)
        #expect(folder.experts == a.experts)
        #expect(folder.referrals == a.referrals)
        #expect(folder.interactions == a.interactions)
    }

    @Test("a workspace from a newer Liaison is refused with a clear message")
    func newerSchema() throws {
        let s = try Scratch()
        let path = s.path("w.liaison")
        _ = try Workspace(path: path, mode: .create)
        let q = try DatabaseQueue(path: path)
        try q.write { db in try db.execute(sql: "PRAGMA user_version = 99") }
        try q.close()
        #expect {
            _ = try Workspace(path: path, mode: .read)
        } throws: { e in
            ((e as? DatasetError)?.description ?? "").contains("newer version of Liaison (schema version 99; this one reads up to 2)")
        }
    }

    @Test("files that are not workspaces are refused with a clear error")
    func notWorkspaces() throws {
        let s = try Scratch()
        func message(_ path: String, _ mode: Workspace.Mode = .read) -> String {
            do { _ = try Workspace(path: path, mode: mode).dataset(); return "opened" } catch { return error.description }
        }
        #expect(message(s.path("absent.liaison")).contains("no such workspace"))
        try s.write("empty.liaison", "")
        #expect(message(s.path("empty.liaison")).contains("empty"))
        try s.write("text.liaison", "id,name\nE1,A\n")
        #expect(message(s.path("text.liaison")).contains("not an SQLite database"))
        try s.write("short.liaison", "SQLite format 3\0abc")
        #expect(message(s.path("short.liaison")).contains("truncated"))
        #expect(message(s.url.path).contains("is a folder"))
        // Another program's SQLite database.
        let q = try DatabaseQueue(path: s.path("other.db"))
        try q.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        try q.close()
        #expect(message(s.path("other.db")).contains("another program"))
        #expect(message(s.path("other.db"), .create).contains("another program"))
    }

    @Test("a truncated or corrupted workspace gives a clear error, not a crash")
    func damaged() throws {
        let s = try Scratch()
        let path = s.path("demo.liaison")
        let ws = try Workspace(path: path, mode: .create)
        _ = try ws.importFiles(ImportSource.sources(at: demoFolder.path, kind: nil))
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        // Truncated to half.
        let half = s.path("half.liaison")
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: half))
        var msg = ""
        do { _ = try Workspace(path: half, mode: .read).dataset() } catch { msg = error.description }
        #expect(msg.contains("damaged"), "\(msg)")
        // Garbage written over the middle pages.
        var bad = good
        let start = bad.count / 3
        for i in start..<min(bad.count, start + 20_000) { bad[i] = UInt8(truncatingIfNeeded: i &* 7919) }
        let corrupt = s.path("corrupt.liaison")
        try bad.write(to: URL(fileURLWithPath: corrupt))
        msg = ""
        do {
            let w = try Workspace(path: corrupt, mode: .read)
            try w.checkIntegrity()
            _ = try w.dataset()
        } catch { msg = error.description }
        #expect(msg.contains("damaged"), "\(msg)")
        // The import refuses to write into a damaged workspace.
        msg = ""
        do {
            let w = try Workspace(path: corrupt, mode: .create)
            _ = try w.importFiles(ImportSource.sources(at: demoFolder.path, kind: nil))
        } catch { msg = error.description }
        #expect(msg.contains("damaged"), "\(msg)")
    }

    @Test("empty, header-only, binary and non-UTF-8 files: clear errors or warnings, nothing stored")
    func hostileFiles() throws {
        let s = try Scratch()
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        func attempt(_ url: URL, _ kind: ImportKind = .experts) -> String {
            do {
                let r = try ws.importFiles([ImportSource(url: url, kind: kind)])
                return "ok " + r.files.flatMap(\.warnings).joined(separator: "; ")
            } catch { return error.description }
        }
        #expect(attempt(try s.write("empty.csv", "")).contains("empty.csv:1:1: file is empty"))
        #expect(attempt(try s.write("header.csv", "id,name\n")).contains("header only, no data rows"))
        let bin = s.url.appendingPathComponent("binary.csv")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xFF, 0xFE]).write(to: bin)
        #expect(attempt(bin).contains("binary.csv:1:"))
        let cp1252 = s.url.appendingPathComponent("cp1252.csv")
        try Data("id,name\nE1,Dr. M".utf8 + [0xFC] + "ller\n".utf8).write(to: cp1252)   // "Müller" in Windows-1252
        #expect(attempt(cp1252).contains("cp1252.csv:2:9: not valid UTF-8 (byte 0xFC)"))
        #expect(try ws.rowCounts()[.experts] == 0)
        #expect(try ws.history().count == 1)          // only the header-only file, with no rows
    }

    @Test("a 50 MB line is refused with its position, in bounded time and memory")
    func longLine() throws {
        let s = try Scratch()
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        let url = s.url.appendingPathComponent("experts.csv")
        var bytes = Array("id,name\nE1,".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 50 << 20)
        bytes += Array("\nE2,B\n".utf8)
        try Data(bytes).write(to: url)
        var msg = ""
        do { _ = try ws.importFiles([ImportSource(url: url, kind: .experts)]) } catch { msg = error.description }
        #expect(msg.contains("experts.csv:2:4: a field of 52428800 bytes"), "\(msg.prefix(200))")
        #expect(try ws.rowCounts()[.experts] == 0)
    }

    @Test("markup, quotes, line breaks and right-to-left text survive import and export")
    func hostileText() throws {
        let s = try Scratch()
        let names = ["<script>alert(\"x\")</script>", "O'Brien, \"Jack\"", "Line one\nLine two", "CRLF one\r\nCRLF two", "د. أحمد علي", "\u{202E}evil\u{202C} & <b>"]
        var csv = "id,name,specialty\n"
        for (i, n) in names.enumerated() { csv += "E\(i),\"\(n.replacingOccurrences(of: "\"", with: "\"\""))\",\"=cmd|' /C calc'!A0\"\n" }
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        _ = try ws.importFiles([ImportSource(url: try s.write("experts.csv", csv), kind: .experts)])
        #expect(try ws.dataset().experts.map(\.name) == names)
        let out = s.url.appendingPathComponent("out")
        try ws.export(to: out)
        let again = try ws.importFiles(ImportSource.sources(at: out.path, kind: nil))
        #expect(again.files[0].unchanged == names.count)
        let back = try DatasetLoader().load(folder: out)
        #expect(back.experts.map(\.name) == names)
    }

    @Test("two imports at the same time in one process: both land, nothing doubled")
    func concurrentInProcess() throws {
        let s = try Scratch()
        let path = s.path("w.liaison")
        _ = try Workspace(path: path, mode: .create)
        try s.write("experts.csv", "id,name\n" + (0..<200).map { "E\($0),Expert \($0)\n" }.joined())
        var rows = "id,date,expert,liaison,channel\n"
        for i in 0..<5000 { rows += "I\(i),2026-0\(i % 9 + 1)-1\(i % 10),E\(i % 200),alice,phone\n" }
        try s.write("interactions.csv", rows)
        let ws0 = try Workspace(path: path, mode: .create)
        _ = try ws0.importFiles([ImportSource(url: s.url.appendingPathComponent("experts.csv"), kind: .experts)])
        let errors = Locked<[String]>([])
        let calls = s.url.appendingPathComponent("interactions.csv")
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let ws = try Workspace(path: path, mode: .create)
                _ = try ws.importFiles([ImportSource(url: calls, kind: .interactions)])
            } catch { errors.mutate { $0.append("\(error)") } }
        }
        #expect(errors.value.isEmpty)
        #expect(try ws0.rowCounts()[.interactions] == 5000)
        let h = try ws0.history().filter { $0.kind == "interactions" }
        #expect(h.count == 4)
        #expect(h.map(\.added).reduce(0, +) == 5000)
    }
}

/// A value shared between threads.
final class Locked<T>: @unchecked Sendable {
    private var v: T
    private let lock = NSLock()
    init(_ v: T) { self.v = v }
    var value: T { lock.lock(); defer { lock.unlock() }; return v }
    func mutate(_ f: (inout T) -> Void) { lock.lock(); defer { lock.unlock() }; f(&v) }
}
