import Foundation
import Testing
@testable import Liaison

/// A large `experts.csv` is read in slices on several threads; the result must be exactly what one
/// pass gives — the same experts in the same order (so every referral names the same expert), the
/// same warnings at the same lines — and any file one pass would read differently (a row problem, an
/// id met in two slices) must be read again in one pass. Files are sliced only above 16 MB, so these
/// tests lower the thresholds to cut small files in 2 to 5 pieces.
@Suite("experts.csv read in slices", .tags(.unit))
struct ExpertSlicingTests {

    private typealias Outcome = LoadOutcome

    private func load(_ t: TempDataset, lenient: Bool, slices: Int?, used: Locked<Int>? = nil) -> Outcome {
        var options = DatasetLoader.Options.slicing(slices, lenient: lenient)
        if let used { options.slicing.observeExperts = { n in used.set(n) } }
        return Outcome { () throws(DatasetError) in try DatasetLoader(options: options).load(folder: t.url) }
    }

    /// Every slicing of `files` gives the one-pass outcome, read in `k` slices when `kept`, else
    /// read again in one pass; returns that outcome.
    @discardableResult
    private func expectSameAsOnePass(_ files: [String: String], lenient: Bool = false, kept: Bool,
                                     sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let t = try TempDataset(files)
        let onePass = load(t, lenient: lenient, slices: nil)
        for k in [2, 3, 5] {
            let used = Locked(0)
            let result = load(t, lenient: lenient, slices: k, used: used)
            #expect(result == onePass, "\(k) slices differ from one pass", sourceLocation: sourceLocation)
            #expect(used.value == (kept ? k : 1), "experts read in \(used.value) slices, not \(kept ? k : 1)",
                    sourceLocation: sourceLocation)
        }
        return onePass
    }

    /// `count` experts: ids short and long (over 16 bytes, kept outside the table's slots),
    /// institutions with regions for experts without their own, invalid NPIs and short rows spread
    /// through the file, an extra column, CRLF line ends.
    private func cleanFiles(count: Int, seed: UInt64) -> [String: String] {
        var rng = SplitMix64(seed: seed)
        let institutions = "id,name,region\r\n" + (1...7).map { "H\($0),Hospital \($0),Region \($0 % 3)\r\n" }.joined()
        var experts = "id,name,institution,region,npi,cohort\r\n"
        var ids: [String] = []
        for i in 1...count {
            let id = i % 5 == 0 ? "expert-with-a-long-identifier-\(i)" : "E\(i)"
            ids.append(id)
            let region = i % 4 == 0 ? "" : "Own \(i % 2)"
            if i % 97 == 0 {
                experts += "\(id),Dr \(i),H\(1 + i % 7)\r\n"  // short row: the rest read as empty
            } else {
                experts += "\(id),Dr \(i),H\(1 + i % 7),\(region),\(randomNPI(&rng, valid: i % 61 != 0)),c\(i % 4)\r\n"
            }
        }
        var referrals = "source,target,patients\n"
        for _ in 0..<2_000 {
            let a = ids[Int.random(in: 0..<ids.count, using: &rng)], b = ids[Int.random(in: 0..<ids.count, using: &rng)]
            referrals += "\(a),\(b),\(Int.random(in: 11...40, using: &rng))\n"
        }
        return ["institutions.csv": institutions, "experts.csv": experts, "referrals.csv": referrals]
    }

    @Test("a clean file: slices kept, the same experts, regions, links and warnings (NPIs, short rows) as one pass")
    func cleanFile() throws {
        let outcome = try expectSameAsOnePass(cleanFiles(count: 3_000, seed: 3), kept: true)
        guard case .loaded(let experts, let referrals, let warnings) = outcome else { Issue.record("did not load: \(outcome)"); return }
        #expect(experts.count == 3_000 && referrals.count > 1_500)
        #expect(experts[3].region == "Region 2" && experts[4].id == "expert-with-a-long-identifier-5")
        // Warnings located in later slices carry their true lines (the 20th short row is the last located).
        #expect(warnings.contains { $0.contains("experts.csv:1941: row has 3 fields") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("npi") && $0.contains("in all") })
    }

    @Test("quoted fields (every field, commas, doubled quotes, line breaks in names): cut outside quotes, kept, as one pass")
    func quotedFields() throws {
        var experts = "\"id\",\"name\",\"specialty\"\r\n"
        for i in 1...3_000 {
            let name = i % 7 == 0 ? "Smith, Jo \(i)" : i % 11 == 0 ? "Dr \"\"Doc\"\" \(i)" : i % 13 == 0 ? "Two\nLines \(i)" : "Dr \(i)"
            experts += "\"E\(i)\",\"\(name)\",\"Hematology\"\r\n"
        }
        let outcome = try expectSameAsOnePass(["experts.csv": experts], kept: true)
        guard case .loaded(let e, _, _) = outcome else { Issue.record("did not load: \(outcome)"); return }
        #expect(e.count == 3_000 && e[6].name == "Smith, Jo 7" && e[10].name == "Dr \"Doc\" 11" && e[12].name == "Two\nLines 13")
    }

    @Test("a stray quote in an unquoted field: cuts land inside quoted fields, are found out, and one pass reads the file")
    func strayQuote() throws {
        var experts = "id,name\n"
        for i in 1...3_000 {
            let name = i == 5 ? "Dr 5\" tall" : i % 9 == 0 ? "\"Two\nLines \(i)\"" : "Dr \(i)"
            experts += "E\(i),\(name)\n"
        }
        let t = try TempDataset(["experts.csv": experts])
        let onePass = load(t, lenient: false, slices: nil)
        guard case .loaded(let e, _, _) = onePass else { Issue.record("did not load: \(onePass)"); return }
        #expect(e.count == 3_000 && e[4].name == "Dr 5\" tall" && e[8].name == "Two\nLines 9")
        for k in [2, 3, 5] {
            let used = Locked(0)
            #expect(load(t, lenient: false, slices: k, used: used) == onePass)
            #expect(used.value == 1, "\(k) slices: read in \(used.value)")
        }
    }

    @Test("an id in two slices: read again in one pass, the same duplicate errors")
    func duplicateAcrossSlices() throws {
        for id in ["E11", "expert-with-a-long-identifier-10"] {
            var files = cleanFiles(count: 2_000, seed: 5)
            files["experts.csv"]! += "\(id),Again,H1,,,\r\n"
            let outcome = try expectSameAsOnePass(files, kept: false)
            guard case .failed(let lines, let total) = outcome else { Issue.record("loaded"); continue }
            #expect(total == 1 && lines.first?.contains("experts.csv:2002:") == true, "\(lines)")
        }
    }

    @Test("row problems late in the file, lenient and strict: read again in one pass, the same outcome")
    func rowProblems() throws {
        var files = cleanFiles(count: 2_000, seed: 7)
        files["referrals.csv"] = nil  // no link names the refused experts
        var lines = files["experts.csv"]!.components(separatedBy: "\r\n")
        lines[1_500] = "E1500,,H1,,,"          // no name
        lines[1_800] = "E1800,Dr X,H99,,,"     // unknown institution
        files["experts.csv"] = lines.joined(separator: "\r\n")
        try expectSameAsOnePass(files, lenient: true, kept: false)
        let strict = try expectSameAsOnePass(files, lenient: false, kept: false)
        guard case .failed(let issues, let total) = strict else { Issue.record("loaded"); return }
        #expect(total == 2 && issues.first?.contains("experts.csv:1501:") == true, "\(issues)")
    }

    @Test("invalid UTF-8 in a late slice: the one-pass error at its true line")
    func invalidUTF8() throws {
        let t = try TempDataset(["referrals.csv": "source,target,patients\nE1,E2,12\n"])
        var bytes = Array("id,name\n".utf8)
        for i in 1...2_000 { bytes += Array("E\(i),Expert \(i)\n".utf8) }
        bytes += Array("E2001,Bad ".utf8) + [0xFF] + Array("\n".utf8)
        try t.write("experts.csv", bytes: bytes)
        let onePass = load(t, lenient: false, slices: nil)
        guard case .failed(let lines, _) = onePass else { Issue.record("loaded"); return }
        #expect(lines.first?.contains("experts.csv:2002:") == true, "\(lines)")
        for k in [2, 3, 5] { #expect(load(t, lenient: false, slices: k) == onePass) }
    }

    @Test("joining id tables: positions continue, a key already present stops the join")
    func absorb() {
        var a = ByteInterner(capacity: 4)
        for k in ["a", "b", String(repeating: "x", count: 40)] { _ = a.insert(k, value: Int32(a.count)) }
        var b = ByteInterner(capacity: 4)
        for k in ["c", String(repeating: "y", count: 20), "d"] { _ = b.insert(k, value: Int32(b.count)) }
        var joined = a
        let all = joined.absorb(b, valueOffset: 3)
        #expect(all)
        #expect(joined.count == 6)
        for (k, v) in [("a", 0), ("c", 3), (String(repeating: "y", count: 20), 4), ("d", 5)] {
            #expect(joined.find(k) == Int32(v))
        }
        #expect(joined.key(4) == String(repeating: "y", count: 20))
        var short = a, long = a
        var dupShort = ByteInterner(capacity: 4); _ = dupShort.insert("z", value: 0); _ = dupShort.insert("b", value: 1)
        var dupLong = ByteInterner(capacity: 4); _ = dupLong.insert(String(repeating: "x", count: 40), value: 0)
        let shortJoined = short.absorb(dupShort, valueOffset: 3), longJoined = long.absorb(dupLong, valueOffset: 3)
        #expect(!shortJoined && !longJoined)
    }
}
