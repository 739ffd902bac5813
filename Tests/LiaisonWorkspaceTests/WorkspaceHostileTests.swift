import Foundation
import GRDB
import Liaison
import Testing
@testable import LiaisonWorkspace

/// A workspace changed by hand or damaged: counts past the ceiling are located errors, and a failed
/// first import leaves no file.
@Suite("Hostile workspaces", .tags(.unit))
struct WorkspaceHostileTests {
    func imported(_ s: Scratch) throws -> String {
        let ws = s.path("w.liaison")
        let folder = try smallDataset(s)
        _ = try Workspace.importing(into: ws) { w throws(DatasetError) in
            try w.importFiles(ImportSource.sources(at: folder, kind: nil))
        }
        return ws
    }

    @Test("Int64.max patients stored in a workspace: a located error when it is read, never a trap")
    func hugeStoredCounts() throws {
        let s = try Scratch()
        let ws = try imported(s)
        let q = try DatabaseQueue(path: ws)
        try q.write { db in try db.execute(sql: "UPDATE referral SET patients = ? WHERE seq <= 2", arguments: [Int64.max]) }
        do {
            _ = try Workspace(path: ws, mode: .read).dataset()
            Issue.record("loaded")
        } catch {
            let text = error.description
            #expect(text.contains("w.liaison: table referral, row 1 ('E1' → 'E2', 2026Q1): patients 9223372036854775807 is above 1 000 000 000"),
                    "\(text)")
            #expect(text.contains("row 2 ("), "\(text)")
        }
        // A value that is not a number, or a pair whose periods sum past the ceiling.
        try q.write { db in
            try db.execute(sql: "UPDATE referral SET patients = 'many' WHERE seq = 1")
            try db.execute(sql: "UPDATE referral SET patients = 5 WHERE seq = 2")
        }
        #expect(throws: DatasetError.self) { try Workspace(path: ws, mode: .read).dataset() }
        try q.write { db in
            try db.execute(sql: "UPDATE referral SET patients = 600000000")
            try db.execute(sql: "UPDATE referral SET source = 'E1', target = 'E2', period = '2026Q2' WHERE seq = 2")
        }
        do {
            _ = try Workspace(path: ws, mode: .read).dataset()
            Issue.record("loaded")
        } catch {
            #expect(error.description.contains("summed over the pair's rows and periods"), "\(error.description)")
        }
    }

    @Test("a first import that fails leaves no workspace file; an existing workspace is left as it was")
    func failedFirstImport() throws {
        let s = try Scratch()
        try s.write("bad/experts.csv", "id,name\nA,One\nA,Again\n")
        let ws = s.path("new.liaison")
        #expect(throws: DatasetError.self) {
            try Workspace.importing(into: ws) { w throws(DatasetError) in
                try w.importFiles(ImportSource.sources(at: s.path("bad"), kind: nil))
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.url.path) == ["bad"])
        let good = try imported(s)
        let before = try Data(contentsOf: URL(fileURLWithPath: good))
        #expect(throws: DatasetError.self) {
            try Workspace.importing(into: good) { w throws(DatasetError) in
                try w.importFiles(ImportSource.sources(at: s.path("bad"), kind: nil))
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: good)) == before)
        #expect(try fileMode(good) == 0o600)
    }
}
