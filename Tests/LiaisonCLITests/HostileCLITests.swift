import Foundation
import Testing

/// Issue 15, on the built binary: hostile or careless options and inputs end in a clear error — never
/// a crash, a silent loss or a clobbered file.
@Suite("Hostile options and messages", .tags(.cli))
struct HostileOptionsCLITests {
    /// Every numeric option of every command, past its range (negative values included: they used to
    /// be read as option names, "Missing value for '--top <top>'").
    static let outOfRange: [(args: [String], option: String)] = [
        (["communities", "--resolution", "1e18"], "--resolution"),          // used to trap
        (["synth", "--experts", "10", "--links", "1e308", "--out", "s"], "--links"),  // used to trap
        (["import", "x.csv", "--into", "w.liaison", "--wait", "2147484"], "--wait"),  // used to trap
        (["import", "x.csv", "--into", "w.liaison", "--wait", "-1"], "--wait"),
        (["rank", "--top", "-5"], "--top"), (["rank", "--top", "0"], "--top"),
        (["rank", "--tier1", "2"], "--tier1"), (["rank", "--tier2", "-0.5"], "--tier2"),
        (["rank", "--samples", "1"], "--samples"), (["rank", "--min-cell", "-1"], "--min-cell"),
        (["rank", "--encounter-window", "-3"], "--encounter-window"), (["rank", "--science-weight", "1.5"], "--science-weight"),
        (["gaps", "--top", "-1"], "--top"), (["gaps", "--stale-days", "-90"], "--stale-days"),
        (["compare", "2026Q2", "2026Q3", "--top", "-1"], "--top"),
        (["coverage", "--expect-tier1", "-1"], "--expect-tier1"), (["coverage", "--expect-tier2", "1e9"], "--expect-tier2"),
        (["communities", "--top", "0"], "--top"), (["communities", "--bridges", "-2"], "--bridges"),
        (["communities", "--min-participation", "2"], "--min-participation"), (["communities", "--resolution", "-1"], "--resolution"),
        (["render", "--out", "m.svg", "--top", "-1"], "--top"), (["render", "--out", "m.svg", "--depth", "-1"], "--depth"),
        (["render", "--out", "m.svg", "--labels", "-1"], "--labels"), (["render", "--out", "m.svg", "--min-link", "-1"], "--min-link"),
        (["report", "--map-top", "0"], "--map-top"), (["report", "--map-limit", "-250"], "--map-limit"),
        (["report", "--stale-days", "-1"], "--stale-days"),
        (["shared-patients", "e.csv", "--window", "-1"], "--window"), (["shared-patients", "e.csv", "--window", "99999"], "--window"),
        (["synth", "--experts", "1", "--out", "s"], "--experts"), (["synth", "--experts", "-10", "--out", "s"], "--experts"),
        (["plan", "--capacity", "-1"], "--capacity"), (["plan", "--capacity", "99999999"], "--capacity"),
        (["plan", "--expect-tier1", "nan"], "--expect-tier1"),
        (["trips", "--visits-per-day", "0"], "--visits-per-day"), (["trips", "--nearby-km", "-5"], "--nearby-km"),
        (["trips", "--nearby-km", "inf"], "--nearby-km"),
        (["board", "--size", "0"], "--size"), (["board", "--size", "3", "--reach", "-1"], "--reach"),
        (["board", "--size", "3", "--max-per-institution", "0"], "--max-per-institution"),
        (["board", "--size", "3", "--alternatives", "-1"], "--alternatives"),
        (["sites", "--top", "-3"], "--top"),
    ]

    @Test("a numeric option out of range: exit 64 naming the option, its range and the value", arguments: outOfRange)
    func optionRange(_ c: (args: [String], option: String)) throws {
        let r = try liaison(c.args)
        #expect(r.status == 64, "\(c.args): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains("\(c.option) must be "), "\(c.args): \(r.stderr)")
        #expect(r.stderr.contains("(got "), "\(c.args): \(r.stderr)")
        #expect(!r.stderr.contains("Missing value"), "\(c.args): \(r.stderr)")
    }

    @Test("terminal escapes in an argument are shown escaped, never passed through")
    func escapesInArguments() throws {
        let osc52 = "\u{1B}]52;c;aGVsbG8=\u{07}"
        for args in [["rank", "--period", osc52], ["coverage", "--as-of", osc52], ["rank", "--bogus" + osc52],
                     ["referrers", osc52]] {
            let r = try liaison(args)
            #expect(r.status != 0)
            #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("\\u{1B}]52;c;aGVsbG8"), "\(args): \(r.stderr)")
        }
    }

    @Test("a 100 000-character value is cut in the message")
    func longValues() throws {
        let long = String(repeating: "9", count: 100_000)
        for args in [["coverage", "--as-of", long], ["referrers", long], ["rank", "--period", long]] {
            let r = try liaison(args)
            #expect(r.status != 0)
            #expect(r.stderr.count < 2_000, "\(args): \(r.stderr.count) characters")
            #expect(r.stderr.contains("…"), "\(args)")
        }
    }

    @Test("look-alike ids are shown with their code points")
    func lookAlikes() throws {
        let cyrillic = try liaison(["referrers", "\u{0415}085"])
        #expect(cyrillic.status == 1)
        #expect(cyrillic.stderr.contains("'Е085' (U+0415 CYRILLIC CAPITAL LETTER IE)"), "\(cyrillic.stderr)")
        let zeroWidth = try liaison(["referrers", "E085\u{200B}"])
        #expect(zeroWidth.status == 1)
        #expect(zeroWidth.stderr.contains("'E085\\u{200B}'"), "\(zeroWidth.stderr)")
        let seeds = try liaison(["rank", "--columns", "id,ppr", "--seed-experts", "E\u{0030}85,\u{0415}001"])
        #expect(seeds.stderr.contains("U+0415"), "\(seeds.stderr)")
    }

    @Test("a bad value in a file is escaped and cut in its located error")
    func valuesFromFiles() throws {
        let t = try TempDir()
        try t.write("n.edges", "A B \u{1B}[2J\(String(repeating: "7", count: 50_000))\n")
        let r = try liaison(["rank", t.file("n.edges").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("n.edges:1:5: weight '\\u{1B}[2J777"), "\(r.stderr.prefix(300))")
        #expect(r.stderr.count < 1_000 && !r.stderr.contains("\u{1B}"))
    }
}

@Suite("Hostile inputs: counts and unbounded work", .tags(.cli))
struct HostileInputCLITests {
    static let huge = "9223372036854775807"

    @Test("Int64.max counts in each non-CSV format: a located error, exit 1", arguments: [
        ("n.edges", "A B \(huge)\nA B \(huge)\n", "n.edges:1:5: weight"),
        ("n.json", "{\"directed\":true,\"nodes\":[{\"id\":\"A\"},{\"id\":\"B\"}],\"links\":[{\"source\":\"A\",\"target\":\"B\",\"weight\":\(huge)},"
            + "{\"source\":\"A\",\"target\":\"B\",\"weight\":\(huge)}]}", "n.json:1:"),
        ("n.graphml", "<graphml><graph edgedefault=\"directed\"><node id=\"A\"/><node id=\"B\"/><edge source=\"A\" target=\"B\">"
            + "<data key=\"weight\">\(huge)</data></edge><edge source=\"A\" target=\"B\"><data key=\"weight\">\(huge)</data></edge>"
            + "</graph></graphml>", "n.graphml:1:"),
        ("n.gv", "digraph { A -> B [patients=\(huge)]; A -> B [patients=\(huge)]; }", "n.gv: edge A -> B: patients"),
    ])
    func hugeCounts(_ c: (name: String, text: String, located: String)) throws {
        let t = try TempDir()
        try t.write(c.name, c.text)
        for command in [["rank"], ["rank", "--undirected"], ["communities"]] {
            let r = try liaison(command + [t.file(c.name).path])
            #expect(r.status == 1, "\(command) \(c.name): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(c.located) && r.stderr.contains("is above 1 000 000 000"), "\(r.stderr)")
        }
    }

    @Test("a workspace holding Int64.max patients: a located error for every command, never a trap")
    func hugeCountsInWorkspace() throws {
        guard (try? runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import sqlite3"]))?.status == 0 else { return }
        let t = try TempDir()
        try t.write("d/experts.csv", "id,name,specialty\nE1,One,hematology\nE2,Two,hematology\nE3,Three,hematology\n")
        try t.write("d/referrals.csv", "source,target,patients,period\nE1,E2,5,2026Q1\nE3,E2,7,2026Q1\nE2,E1,4,2026Q1\n")
        let ws = t.file("w.liaison").path
        #expect(try liaison(["import", t.file("d").path, "--into", ws]).status == 0)
        let sql = "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE referral SET patients=\(Self.huge)'); c.commit()"
        #expect(try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", sql, ws]).status == 0)
        for args in [["referrers", "E2", ws], ["rank", ws], ["rank", ws, "--level", "institution"], ["gaps", ws]] {
            let r = try liaison(args)
            #expect(r.status == 1, "\(args): \(r.status) \(r.stderr.prefix(400))")
            #expect(r.stderr.contains("w.liaison: table referral, row 1 ('E1' → 'E2', 2026Q1): patients \(Self.huge) is above"),
                    "\(r.stderr)")
        }
    }

    @Test("DOT with 4000 nested subgraphs: refused, never \"ok: 0 experts\"")
    func nestedDOT() throws {
        let t = try TempDir()
        try t.write("deep.gv", "digraph { A -> B; " + String(repeating: "subgraph { ", count: 4000) + "C -> D; "
                    + String(repeating: "} ", count: 4000) + "E -> F; }")
        let r = try liaison(["validate", t.file("deep.gv").path])
        #expect(r.status == 1)
        #expect(!r.stdout.contains("ok:"))
        #expect(r.stderr.contains("subgraphs nested more than 1000 deep"), "\(r.stderr)")
    }

    @Test("render refuses a map past the layout engine's limit, before laying it out")
    func layoutLimit() throws {
        let t = try TempDir()
        let r = try liaison(["render", "--all", "--layout", "circo", "--out", t.file("c.svg").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("drawing 300 experts with circo is refused"), "\(r.stderr)")
        #expect(r.stderr.contains("at most 150 with circo unless --force"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.file("c.svg").path))
    }

    @Test("a star of 10 000 spokes renders: the map computes only what it shows")
    func star() throws {
        let t = try TempDir()
        try t.write("star.edges", (1...10_000).map { "s\($0) hub 12\n" }.joined())
        let r = try liaison(["render", t.file("star.edges").path, "--out", t.file("star.svg").path, "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: t.file("star.svg").path))
    }
}
