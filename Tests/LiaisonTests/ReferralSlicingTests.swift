import Foundation
import Testing
@testable import Liaison

/// Reading a referrals file in slices on several threads must give exactly what one pass gives:
/// the same experts in the same order, the same merged referrals, the same warnings and the same
/// errors at the same FILE:LINE:COLUMN. Large files are sliced only above 64 MB, so these tests lower
/// the thresholds to slice small random files in 2 to 5 pieces and compare with a one-pass read.
@Suite("Referral files read in slices", .tags(.unit))
struct ReferralSlicingTests {

    private typealias Outcome = LoadOutcome

    private func load(_ t: TempDataset, file: String?, lenient: Bool, slices: Int?, used: Locked<Int>? = nil) -> Outcome {
        var options = DatasetLoader.Options.slicing(slices, lenient: lenient)
        if let used { options.slicing.observe = { n in used.set(n) } }
        return Outcome { () throws(DatasetError) in
            if let file {
                return try DatasetLoader(options: options).load(folder: nil, referrals: t.url.appendingPathComponent(file))
            }
            return try DatasetLoader(options: options).load(folder: t.url)
        }
    }

    /// Every slicing of `files` gives the one-pass outcome; returns that outcome.
    @discardableResult
    private func expectSameAsOnePass(_ files: [String: String], file: String? = nil, lenient: Bool = false, sliced: Bool = true,
                                     sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let t = try TempDataset(files)
        let onePass = load(t, file: file, lenient: lenient, slices: nil)
        for k in [2, 3, 5] {
            let used = Locked(0)
            let result = load(t, file: file, lenient: lenient, slices: k, used: used)
            #expect(result == onePass, "\(k) slices differ from one pass", sourceLocation: sourceLocation)
            // The file really was read in k slices (or, when it must not be, in one pass).
            #expect(used.value == (sliced ? k : 1), "read in \(used.value) slices, not \(k)", sourceLocation: sourceLocation)
        }
        return onePass
    }

    @Test("CMS file without header: new NPIs met in every slice, duplicates across slices, invalid NPIs, self-loops")
    func cmsFile() throws {
        var rng = SplitMix64(seed: 11)
        let pool = (0..<300).map { i in randomNPI(&rng, valid: i % 37 != 0) }
        var text = ""
        for _ in 0..<4_000 {
            let a = pool[Int.random(in: 0..<pool.count, using: &rng)]
            let b = Int.random(in: 0..<50, using: &rng) == 0 ? a : pool[Int.random(in: 0..<pool.count, using: &rng)]
            text += "\(a),\(b),\(Int.random(in: 11...99, using: &rng))        ,\(Int.random(in: 11...40, using: &rng))  ,\(Int.random(in: 0...9, using: &rng))\r\n"
        }
        let outcome = try expectSameAsOnePass(["pspp.csv": text], file: "pspp.csv")
        guard case .loaded(let experts, let referrals, let warnings) = outcome else {
            Issue.record("did not load: \(outcome)"); return
        }
        #expect(experts.count > 250 && referrals.count > 3_000)
        #expect(warnings.contains { $0.contains("NPI") || $0.contains("npi") })
        #expect(warnings.contains { $0.contains("self-referral") })
    }

    @Test("Liaison file with periods and extra counts, lenient: the same skipped rows and warnings")
    func liaisonFileLenient() throws {
        var rng = SplitMix64(seed: 5)
        let experts = "id,name\n" + (1...200).map { "E\($0),Expert \($0)\n" }.joined()
        var text = "source,target,patients,period,visits\n"
        let periods = ["2026Q1", "2026Q2", "2026", "2025-12"]
        for i in 0..<5_000 {
            let a = "E\(Int.random(in: 1...200, using: &rng))", b = "E\(Int.random(in: 1...200, using: &rng))"
            switch i % 997 {
            case 3: text += "\(a),E999,12,2026Q1,1\n"                 // unknown expert
            case 5: text += "\(a),\(b),twelve,2026Q1,1\n"             // bad count
            case 7: text += "\(a),\(b),14,2026Q9,1\n"                 // bad period
            case 9: text += "\n"                                      // blank line
            default:
                text += "\(a),\(b),\(Int.random(in: 11...30, using: &rng)),\(periods[Int.random(in: 0..<4, using: &rng)]),\(Int.random(in: 0...3, using: &rng))\n"
            }
        }
        let outcome = try expectSameAsOnePass(["experts.csv": experts, "referrals.csv": text], lenient: true)
        guard case .loaded(_, let referrals, let warnings) = outcome else { Issue.record("did not load"); return }
        #expect(referrals.contains { !$0.extraCounts.isEmpty })
        #expect(warnings.contains { $0.contains("unknown expert id 'E999'") })
        #expect(warnings.contains { $0.contains("2026Q9") })
    }

    @Test("a spreadsheet's file: semicolons, BOM, CRLF, text and count columns, a column that turns text late, blank rows")
    func spreadsheetFile() throws {
        var rng = SplitMix64(seed: 23)
        let experts = "\u{FEFF}id;name\r\n" + (1...100).map { "E\($0);Expert \($0)\r\n" }.joined()
        var text = "\u{FEFF}source;target;patients;period;source_name;visits;code\r\n"
        let n = 4_000
        for i in 0..<n {
            let a = Int.random(in: 1...100, using: &rng), b = Int.random(in: 1...100, using: &rng)
            // `code` is a whole number until the last rows, where it holds text: a text column, whole.
            let code = i < n - 3 ? String(Int.random(in: 0...9, using: &rng)) : "n/a"
            text += "E\(a);E\(b);\(Int.random(in: 11...30, using: &rng));2026Q\(1 + i % 2);Dr. \(a);\(i % 3);\(code)\r\n"
            if i % 500 == 0 { text += ";;;;;;\r\n" }
        }
        text += ";;;;;;\r\n;;;;;;\r\n"
        let outcome = try expectSameAsOnePass(["experts.csv": experts, "referrals.csv": text])
        guard case .loaded(_, let referrals, _) = outcome else { Issue.record("did not load: \(outcome)"); return }
        #expect(referrals.allSatisfy { $0.extraCounts.keys.sorted() == ["visits"] || $0.extraCounts.isEmpty })
        #expect(referrals.contains { $0.extraCounts["visits"] ?? 0 > 0 })
        #expect(referrals.allSatisfy { $0.attributes["source_name"]?.hasPrefix("Dr. ") == true })
        #expect(referrals.contains { $0.attributes["code"] == "n/a" })
        #expect(referrals.contains { $0.attributes["code"] == "7" })
    }

    @Test("strict: the same errors, at the same lines, in file order")
    func strictErrors() throws {
        var rng = SplitMix64(seed: 9)
        let experts = "id,name\n" + (1...50).map { "E\($0),Expert \($0)\n" }.joined()
        var text = "source,target,patients\n"
        for i in 0..<3_000 {
            let a = "E\(Int.random(in: 1...50, using: &rng))", b = "E\(Int.random(in: 1...50, using: &rng))"
            text += i % 400 == 399 ? "\(a),\(b),-4\n" : "\(a),\(b),\(Int.random(in: 11...30, using: &rng))\n"
        }
        let outcome = try expectSameAsOnePass(["experts.csv": experts, "referrals.csv": text])
        guard case .failed(let lines, let total) = outcome else { Issue.record("loaded"); return }
        #expect(total == 7 && lines.count == 7)
        #expect(lines.first?.contains("referrals.csv:401:") == true)
        #expect(lines.first?.hasSuffix(": patients '-4' is negative: expected a whole number ≥ 0") == true)
        #expect(lines.last?.contains("referrals.csv:2801:") == true)
    }

    @Test("invalid UTF-8 in a late slice stops the read at its true line")
    func invalidUTF8LateInFile() throws {
        var bytes = Array("source,target,patients\n".utf8)
        for i in 0..<2_000 { bytes += Array("E\(i % 40 + 1),E\((i * 7) % 40 + 1),12\n".utf8) }
        bytes += Array("E1,E2,1".utf8) + [0xFF] + Array("\n".utf8)
        for _ in 0..<10 { bytes += Array("E1,E3,12\n".utf8) }
        let t = try TempDataset(["experts.csv": "id,name\n" + (1...40).map { "E\($0),X\n" }.joined()])
        try t.write("referrals.csv", bytes: bytes)
        let onePass = load(t, file: nil, lenient: false, slices: nil)
        guard case .failed(let lines, _) = onePass else { Issue.record("loaded"); return }
        #expect(lines.first?.contains("referrals.csv:2002:") == true, "\(lines)")
        for k in [2, 3, 5] { #expect(load(t, file: nil, lenient: false, slices: k) == onePass) }
    }

    @Test("a quoted field before a cut: read in one pass, same result")
    func quotesPreventSlicing() throws {
        var text = "source,target,patients\n\"E1\",\"E2\",12\n"
        for i in 0..<1_000 { text += "E\(i % 20 + 1),E\((i * 3) % 20 + 1),\(11 + i % 5)\n" }
        let experts = "id,name\n" + (1...20).map { "E\($0),\"Dr \($0), MD\"\n" }.joined()
        try expectSameAsOnePass(["experts.csv": experts, "referrals.csv": text], sliced: false)
    }

    @Test("a slice stream starts at a record and counts its own lines")
    func sliceStream() throws {
        let t = try TempDataset(["r.csv": "a,b\n1,2\n3,4\n5,6\n"])
        let url = t.url.appendingPathComponent("r.csv")
        let s = try CSVStream(url: url, fileName: "r.csv", offset: 8, length: 4, delimiter: .comma)
        #expect(try s.next())
        #expect(s.string(0) == "3" && s.string(1) == "4" && s.recordLine == 1)
        #expect(try !s.next())
        #expect(s.currentLine == 2)
        let whole = try CSVStream(url: url, fileName: "r.csv")
        whole.limitBytes(to: 8)
        var n = 0
        while try whole.next() { n += 1 }
        #expect(n == 2 && whole.currentLine == 3)
    }
}

/// A value set from another thread.
final class Locked<T: Sendable>: @unchecked Sendable {
    private var v: T
    private let lock = NSLock()
    init(_ v: T) { self.v = v }
    var value: T { lock.lock(); defer { lock.unlock() }; return v }
    func set(_ x: T) { lock.lock(); v = x; lock.unlock() }
}
