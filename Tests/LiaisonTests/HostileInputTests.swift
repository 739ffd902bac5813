import Foundation
import Testing
@testable import Liaison

/// Input that is wrong on purpose: every case ends in records or a located error, never a crash or a hang.
@Suite("Hostile input", .tags(.unit))
struct HostileInputTests {
    @Test("random bytes through the CSV reader: records or a located error", arguments: Array(UInt64(1)...UInt64(40)))
    func randomBytes(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let alphabet: [UInt8] = Array("ab,\"\n\r ".utf8) + [0xC3, 0xA9, 0xFF, 0x00, 0xE2, 0x80]
        let n = Int.random(in: 0...2000, using: &g)
        let bytes = (0..<n).map { _ in Bool.random(using: &g) ? (alphabet.randomElement(using: &g) ?? 0) : UInt8.random(in: 0...255, using: &g) }
        do {
            let r = try CSVReader(bytes: bytes, fileName: "fuzz.csv")
            for rec in try r.records() {
                #expect(rec.line >= 1)
                #expect(rec.fields.count == rec.columns.count)
            }
        } catch {
            #expect(error.file == "fuzz.csv")
            #expect(error.line >= 1 && error.column >= 0)
        }
    }

    @Test("random text through the period and date parsers never crashes", arguments: Array(UInt64(1)...UInt64(20)))
    func randomPeriods(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let pieces = ["2026", "Q", "q", "-", "..", "0", "9", "13", "99999999999999999999", " ", "T", "Z", "\u{0}", "é", "-Q5", "2026-02-30"]
        for _ in 0..<500 {
            let s = (0..<Int.random(in: 0...6, using: &g)).map { _ in pieces.randomElement(using: &g) ?? "" }.joined()
            if let p = Period.parse(s) { #expect(p.start <= p.end) }
            _ = Day(isoDateOrDateTime: s)
        }
    }

    @Test("empty, header-only, binary and Windows-1252 files: clear located errors")
    func badFiles() throws {
        #expect(try loadError(["experts.csv": ""])?.description.contains("experts.csv:1:1: file is empty") == true)
        let header = try TempDataset(["experts.csv": "id,name\n"]).load()
        #expect(header.experts.isEmpty)
        let t = try TempDataset(["referrals.csv": "source,target,patients\n"])
        try t.write("experts.csv", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x0A, 0x00])
        #expect(throws: DatasetError.self) { try t.load() }
        let w = try TempDataset([:])
        try w.write("experts.csv", bytes: Array("id,name\nE1,Fran".utf8) + [0xE7] + Array("ois\n".utf8))
        do { _ = try w.load(); Issue.record("loaded a Windows-1252 file") } catch {
            #expect(error.description.contains("experts.csv:2:8: not valid UTF-8 (byte 0xE7)"))
        }
    }

    @Test("the CMS hospital file (Windows-1252) is refused at its first non-UTF-8 byte")
    func realWindows1252() throws {
        let url = sharedData.appendingPathComponent("cms-hospital-general-information/Hospital_General_Information_2018.csv")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect {
            _ = try CSVReader(bytes: bytes, fileName: "Hospital_General_Information_2018.csv")
        } throws: { e in
            (e as? DataIssue)?.description.hasPrefix("Hospital_General_Information_2018.csv:98:164: not valid UTF-8 (byte 0x92)") == true
        }
    }

    @Test("a 20 MB line loads or fails without crashing")
    func longLine() throws {
        let t = try TempDataset([:])
        var bytes = Array("id,name\nE1,".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 20 << 20)
        bytes += Array("\nE2,B\n".utf8)
        try t.write("experts.csv", bytes: bytes)
        let d = try t.load()
        #expect(d.experts.count == 2)
        #expect(d.experts[0].name.utf8.count == 20 << 20)
        // An unbalanced quote that runs to the end of a large file is located at its start.
        let q = try TempDataset([:])
        try q.write("experts.csv", bytes: Array("id,name\nE1,\"".utf8) + [UInt8](repeating: UInt8(ascii: "z"), count: 5 << 20))
        #expect(throws: DatasetError.self) { try q.load() }
    }

    @Test("markup, quotes, line breaks and right-to-left text come out of CSV and JSON escaped")
    func hostileTextOutput() throws {
        let names = ["<script>alert('x')</script>", "O\"Brien, Jack", "Line one\r\nLine two", "Line one\nLine two", "د. أحمد علي", "\u{202E}evil\u{202C}", "tab\there", "\u{7}bell"]
        var t = TabularOutput(columns: ["id", "name"], threshold: 0)
        for (i, n) in names.enumerated() { t.rows.append([.text("E\(i)"), .text(n)]) }
        let back = try CSVReader(bytes: Array(t.csv().utf8), fileName: "out.csv").records().dropFirst().map { $0.fields.count > 1 ? $0.fields[1] : "<\($0.fields)>" }
        // Regression: "\r\n" is one Swift Character, so csvEscape once missed it and split the row.
        #expect(back == names)
        var lf = TabularOutput(columns: ["id", "name"], threshold: 0)
        for (i, n) in names.enumerated() where !n.contains("\r\n") { lf.rows.append([.text("E\(i)"), .text(n)]) }
        let lfBack = try CSVReader(bytes: Array(lf.csv().utf8), fileName: "lf.csv").records().dropFirst().map { $0.fields.count > 1 ? $0.fields[1] : "" }
        #expect(lfBack == names.filter { !$0.contains("\r\n") })
        let json = t.jsonValue().serialized()
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]]
        #expect(parsed?.map { $0["name"] ?? "" } == names)
        #expect(!json.contains("\u{7}") && !json.contains("Line one\r\n"))
        // The terminal table never passes control characters through.
        #expect(!t.table().unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
}
