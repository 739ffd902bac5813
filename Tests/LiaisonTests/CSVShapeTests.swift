import Foundation
import Testing
@testable import Liaison

/// Files whose shape is wrong in ways a careless export produces (issue 15): rows with too many or
/// too few fields, CR-only line endings, a quote never closed, counts beyond any real patient
/// number. Each ends in a located error (or, with `--lenient`, a skipped row and a count), never a
/// silent loss.
@Suite("CSV shape: field counts, line endings, quotes, ceilings", .tags(.unit))
struct CSVShapeTests {
    private let experts = "id,name,institution\nE1,Ann,H1\nE2,Bob,H1\nE3,Cy,H1\n"

    private func messages(_ e: DatasetError?) -> [String] { e?.issues.map { Self.shortPath($0.description) } ?? [] }

    /// A message with its file named without the temporary folder.
    static func shortPath(_ m: String) -> String {
        guard let r = m.range(of: ".csv:"), let slash = m[..<r.lowerBound].lastIndex(of: "/") else { return m }
        return String(m[m.index(after: slash)...])
    }

    @Test("a row with more fields than the header is an error at its first extra field")
    func tooManyFields() throws {
        let e = try loadError(["experts.csv": "id,name,institution\nE1,Ann,H1\nE2,Smith, Bob,H1\n"])
        #expect(messages(e) == ["experts.csv:3:15: row has 4 fields, the header has 3: a value holding the separator must be quoted"])
    }

    @Test("a row too short to hold a required column is an error just past its last field")
    func tooFewFields() throws {
        let e = try loadError(["experts.csv": experts, "referrals.csv": "source,target,patients\nE1,E2,5\nE2,E3\n"])
        #expect(messages(e) == ["referrals.csv:3:5: row has 2 fields, the header has 3"])
    }

    @Test("a row that leaves out trailing optional columns is read, with a located warning")
    func shortOptional() throws {
        let t = try TempDataset(["experts.csv": "id,name,institution,npi\nE1,Ann,H1,\nE2,Bob\n",
                                 "referrals.csv": "source,target,patients,period\nE1,E2,5\nE2,E1,3,2026Q1\n"])
        let d = try t.load()
        #expect(d.experts.map(\.institution) == ["H1", ""])
        let w = d.warnings.map(Self.shortPath)
        #expect(w.contains("experts.csv:3: row has 2 fields, the header has 4: the missing ones are read as empty"))
        #expect(w.contains("referrals.csv:2: row has 3 fields, the header has 4: the missing ones are read as empty"))
    }

    @Test("with --lenient, ragged rows are skipped and counted")
    func lenientSkips() throws {
        let t = try TempDataset(["experts.csv": experts, "referrals.csv": "source,target,patients\nE1,E2,5\nE2,E3\nE1,E3,7,x\nE3,E1,12\n"])
        let d = try t.load(lenient: true)
        #expect(d.links.count == 2)
        #expect(d.links.rows(in: nil).map(\.patients) == [5, 12])
        #expect(d.warnings.contains { $0.contains("skipped 2 rows") })
    }

    @Test("ragged rows are found by the sliced reader at the same lines", arguments: [2, 3])
    func slicedRagged(slices: Int) throws {
        var text = "source,target,patients\n"
        for i in 0..<600 { text += i % 97 == 5 ? "E1,E2\n" : i % 89 == 7 ? "E2,E3,4,9\n" : "E\(i % 3 + 1),E\((i + 1) % 3 + 1),\(i)\n" }
        let t = try TempDataset(["experts.csv": experts, "referrals.csv": text])
        func run(_ k: Int) -> [String] {
            var o = DatasetLoader.Options()
            o.slicing.minimumFileBytes = 0
            o.slicing.minimumSliceBytes = 1
            o.slicing.maxSlices = k
            o.slicing.chunkSize = 512
            let used = Locked(0)
            o.slicing.observe = { used.set($0) }
            do { _ = try DatasetLoader(options: o).load(folder: t.url); return [] } catch {
                #expect(k == 1 || used.value == k)
                return error.issues.map { Self.shortPath($0.description) }
            }
        }
        let one = run(1)
        #expect(one.count == 14)
        #expect(one.first == "referrals.csv:7:5: row has 2 fields, the header has 3")
        #expect(run(slices) == one)
    }

    @Test("CR-only line endings (classic Mac OS) are read as lines")
    func crOnly() throws {
        let t = try TempDataset([:])
        try t.write("experts.csv", bytes: Array(experts.replacingOccurrences(of: "\n", with: "\r").utf8))
        try t.write("referrals.csv", bytes: Array("source,target,patients\rE1,E2,5\rE2,E3,7\r".utf8))
        let d = try t.load()
        #expect(d.experts.map(\.id) == ["E1", "E2", "E3"])
        #expect(d.links.rows(in: nil).map(\.patients) == [5, 7])
        // Errors name the right line.
        try t.write("referrals.csv", bytes: Array("source,target,patients\rE1,E2,5\rE2,E9,7\r".utf8))
        #expect { _ = try t.load() } throws: { e in
            ((e as? DatasetError)?.issues.first?.description).map(Self.shortPath)?.hasPrefix("referrals.csv:3:4: unknown expert id 'E9'") == true
        }
    }

    @Test("an unclosed quote is reported where its field opens")
    func unclosedQuote() throws {
        let inst = "id,name\nH1,Alpha\nH2,\"Beta\nH3,\"Gamma\",x\n"
        let e = try loadError(["institutions.csv": inst, "experts.csv": experts])
        let m = try #require(messages(e).first)
        #expect(m.hasPrefix("institutions.csv:3:4: unclosed quote: the quoted field that opens here runs on to line 4"))
        // On one line, the message names the opening column too.
        let e2 = try loadError(["experts.csv": "id,name\nE1,\"Ann\"x\n"])
        #expect(messages(e2) == ["experts.csv:2:9: unexpected character after a closing quote (the quoted field opened at column 4; a quote inside a quoted field must be doubled: \"\")"])
    }

    @Test("counts beyond any real patient number are located errors, in PatientCount's words")
    func ceiling() throws {
        let big = "9223372036854775807", huge = "99999999999999999999999"
        let e = try loadError(["experts.csv": experts, "referrals.csv": "source,target,patients\nE1,E2,\(big)\nE1,E2,\(huge)\n"])
        #expect(messages(e) == [
            "referrals.csv:2:7: patients '\(big)' \(PatientCount.aboveCeiling)",
            "referrals.csv:3:7: patients '\(huge)' \(PatientCount.aboveCeiling)",
        ])
        let e2 = try loadError(["experts.csv": experts, "referrals.csv": "source,target,patients\nE1,E2,1000000001\n"])
        #expect(messages(e2) == ["referrals.csv:2:7: patients '1000000001' \(PatientCount.aboveCeiling)"])
        // A value quoted by UserText's rule: control characters escaped.
        let e3 = try loadError(["experts.csv": experts, "referrals.csv": "source,target,patients\nE1,E2,4\u{1B}]52\n"])
        #expect(messages(e3) == ["referrals.csv:2:7: patients '4\\u{1B}]52' is not a whole number: expected a whole number ≥ 0"])
        // The ceiling itself is read.
        let t = try TempDataset(["experts.csv": experts, "referrals.csv": "source,target,patients\nE1,E2,\(PatientCount.ceiling)\n"])
        #expect(try t.load().links.rows(in: nil).map(\.patients) == [PatientCount.ceiling])
        // A CMS file's counts too.
        let cms = "1234567893,1245319599,20,\(big),3\n"
        #expect(throws: DatasetError.self) { _ = try DatasetLoader().load(folder: nil, referrals: try writeTemp("pspp.csv", cms)) }
    }

    private func writeTemp(_ name: String, _ text: String) throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("shape-\(UUID().uuidString)-\(name)")
        try Data(text.utf8).write(to: u)
        return u
    }
}

@Suite("CSV stream: row-length estimate", .tags(.unit))
struct CSVRowLengthTests {
    @Test("bytes per line of the buffered records after the header")
    func bufferedBytesPerLine() throws {
        let lf = CSVStream(bytes: Array("id,name\nE1,Ann\nE2,Bob\nE3,Cyd\n".utf8), fileName: "x.csv", validate: true)
        #expect(try lf.next())  // the header
        #expect(lf.bufferedBytesPerLine == 7)
        let crlf = CSVStream(bytes: Array("id,name\r\nE1,Ann\r\nE22,Bo\r\n".utf8), fileName: "x.csv", validate: true)
        #expect(try crlf.next())
        #expect(crlf.bufferedBytesPerLine == 8)
        // No full line after the header: no estimate.
        let partial = CSVStream(bytes: Array("id,name\nE1,Ann".utf8), fileName: "x.csv", validate: true)
        #expect(try partial.next())
        #expect(partial.bufferedBytesPerLine == nil)
    }
}

@Suite("CSV stream: peeking at the next line", .tags(.unit))
struct CSVPeekTests {
    private func text(_ b: UnsafeBufferPointer<UInt8>?) -> String? { b.map { String(decoding: $0, as: UTF8.self) } }

    @Test("a field of the line after the current record, or nil when it is not plain")
    func peekField() throws {
        let s = CSVStream(bytes: Array("source,target,n\nE1,E2,5\nE3,E4,6\r\nE5,\"E6\",7\nE7".utf8), fileName: "r.csv", validate: true)
        #expect(try s.next())  // the header: the next line is E1,E2,5
        #expect(text(s.peekField(0)) == "E1")
        #expect(text(s.peekField(1)) == "E2")
        #expect(text(s.peekField(2)) == "5")
        #expect(text(s.peekField(1, linesAhead: 2)) == "E4")
        #expect(text(s.peekField(2, linesAhead: 2)) == "6")     // the CR is not part of it
        #expect(s.peekField(3) == nil)                          // fewer fields
        #expect(try s.next())                                   // E1,E2,5
        #expect(text(s.peekField(1)) == "E4")
        #expect(s.peekField(1, linesAhead: 2) == nil)           // quoted
        #expect(text(s.peekField(0, linesAhead: 2)) == "E5")
        #expect(s.peekField(0, linesAhead: 3) == nil)           // the last line has no line break yet
        #expect(try s.next()); #expect(try s.next()); #expect(try s.next())
        #expect(s.peekField(0) == nil)                          // nothing after the last record
    }
}

