import Foundation
import Liaison
import Testing
@testable import LiaisonWorkspace

/// The import reads files with the loader's own row parsers: the same bad file gets the same
/// messages at the same positions, whether it is loaded from a folder or imported.
@Suite("Import and loader: one parser per row type", .tags(.unit))
struct ImportParsingTests {
    static let institutions = "id,name\nH1,UZ Leuven\n"
    static let experts = "id,name,institution\nE1,Ann,H1\nE4,Dee,H1\n"

    /// Bad files of each kind, each row with one problem.
    static let bad: [(ImportKind, String)] = [
        (.institutions, "id,name\nH1,A\nH1,B\n,C\nH2,\n"),
        (.experts, "id,name,institution\nE1,Ann,H1\nE2,Bob,H9\nE1,Dup,H1\nE3,,H1\n,x,H1\n"),
        (.referrals, "source,target,patients,period\nE1,E4,x,\nE1,E9,3,\nE1,E4,3,2026Q9\nE1,E4,-1,\n,E4,2,\nE1,E4,,\n"),
        (.collaborations, "a,b,weight\nE1,E4,abc\nE1,E9,1\nE1,E4,-1\n"),
        (.interactions, "id,date,expert,liaison,channel,duration_minutes\nI1,2026-13-01,E1,a,b,\nI2,2026-01-01,E9,a,b,\n"
            + "I3,2026-01-01,E1,,b,\nI5,2026-01-01,E1,a,b,\nI5,2026-01-02,E1,a,b,\nI4,2026-01-01,E1,a,b,x\nI6,15/01/2026,E1,a,b,\n"),
        (.plan, "expert,period,planned\nE1,,3\nE1,2026Q1,-2\nE9,2026Q1,1\nE1,2026Q7,1\n"),
        (.encounters, "patient,expert,date\nP1,E1,2026-02-30\n,E1,2026-01-01\nP2,E9,2026-01-01\nP3,E1,03/04/2026\n"),
    ]

    /// `LINE:COLUMN: message` of each issue, with the import's wider scope of known ids said as the loader says it.
    func located(_ e: DatasetError) -> [String] {
        e.issues.map { "\($0.line):\($0.column): " + $0.message.replacingOccurrences(of: " nor in the workspace", with: "") }
    }

    @Test("the same messages at the same positions, for every kind of file", arguments: bad.map(\.0))
    func sameMessages(kind: ImportKind) throws {
        let text = try #require(Self.bad.first { $0.0 == kind }?.1)
        let s = try Scratch()
        // The folder: good institutions and experts, and the bad file.
        try s.write("folder/institutions.csv", kind == .institutions ? text : Self.institutions)
        try s.write("folder/experts.csv", kind == .experts ? text : kind == .institutions ? "id,name\nE1,Ann\n" : Self.experts)
        if kind != .institutions && kind != .experts { try s.write("folder/\(kind.fileName)", text) }
        var loaderError: DatasetError?
        do { _ = try DatasetLoader().load(folder: s.url.appendingPathComponent("folder")) } catch { loaderError = error }
        // The workspace: the same good files imported first, then the bad one.
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        if kind != .institutions {
            _ = try ws.importFiles([ImportSource(url: s.url.appendingPathComponent("folder/institutions.csv"), kind: .institutions)])
        }
        if kind != .institutions && kind != .experts {
            _ = try ws.importFiles([ImportSource(url: s.url.appendingPathComponent("folder/experts.csv"), kind: .experts)])
        }
        var importError: DatasetError?
        do { _ = try ws.importFiles([ImportSource(url: s.url.appendingPathComponent("folder/\(kind.fileName)"), kind: kind)]) } catch {
            importError = error
        }
        let a = try #require(loaderError), b = try #require(importError)
        #expect(located(a).count >= 3)
        #expect(located(a) == located(b))
    }

    @Test("DatasetSources opens a workspace by its extension or by its header whatever its name")
    func openedAsADataset() throws {
        let s = try Scratch()
        let folder = try smallDataset(s)
        let ws = try Workspace(path: s.path("w.db"), mode: .create)
        _ = try ws.importFiles(ImportSource.sources(at: folder, kind: nil))
        let sources = DatasetSources.standard + [.workspace]
        #expect(try sources.open(URL(fileURLWithPath: ws.path)).experts == ws.dataset().experts)
        try FileManager.default.copyItem(atPath: ws.path, toPath: s.path("backup.csv"))
        #expect(try sources.open(URL(fileURLWithPath: s.path("backup.csv"))).experts.count == 3)
        #expect(throws: DatasetError.self) { _ = try DatasetSources.standard.open(URL(fileURLWithPath: s.path("backup.csv"))) }
    }

    @Test("a semicolon export with text columns imports, exports and reads back as the folder")
    func semicolonsRoundTrip() throws {
        let s = try Scratch()
        try s.write("f/experts.csv", "\u{FEFF}id;name\r\nE1;Ann\r\nE2;Bob\r\n;\r\n")
        try s.write("f/referrals.csv", "\u{FEFF}source;target;patients;period;source_name;visits\r\nE1;E2;12;2026Q1;Dr. Ann;2\r\nE1;E2;3;2026-Q1;;1\r\n;;;;;\r\n")
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        _ = try ws.importFiles(ImportSource.sources(at: s.path("f"), kind: nil))
        let d = try ws.dataset()
        #expect(d.referrals.map(\.patients) == [15])
        #expect(d.referrals.first?.attributes == ["source_name": "Dr. Ann"])
        #expect(d.referrals.first?.extraCounts == ["visits": 3])
        let out = s.url.appendingPathComponent("out")
        try ws.export(to: out)
        let back = try DatasetLoader().load(folder: out)
        #expect(back.referrals == d.referrals)
        #expect(try ws.importFiles(ImportSource.sources(at: out.path, kind: nil)).files.allSatisfy { $0.added == 0 && $0.updated == 0 })
    }

    @Test("a text column of referrals longer than a workspace value may be is refused at its position")
    func longText() throws {
        let s = try Scratch()
        try s.write("experts.csv", "id,name\nE1,A\nE2,B\n")
        let ws = try Workspace(path: s.path("w.liaison"), mode: .create)
        _ = try ws.importFiles([ImportSource(url: s.url.appendingPathComponent("experts.csv"), kind: .experts)])
        let long = String(repeating: "x", count: Workspace.maxFieldBytes + 1)
        let url = try s.write("referrals.csv", "source,target,patients,note\nE1,E2,12,ok\nE2,E1,3,\(long)\n")
        #expect { _ = try ws.importFiles([ImportSource(url: url, kind: .referrals)]) } throws: { e in
            "\(e)".contains("referrals.csv:3:9: a field of \(Workspace.maxFieldBytes + 1) bytes")
        }
    }
}
