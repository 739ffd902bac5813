import Foundation
import Testing

/// The command line reads well: help and tables fit 80 columns, CSV opens safely in a spreadsheet.
@Suite("the command line reads well", .tags(.cli))
struct ReadingCLITests {
    static let commands: [String] = {
        let help = (try? liaison(["--help"]).stdout) ?? ""
        var names: [String] = []
        var on = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { on = true; continue }
            if on, line.hasPrefix("  "), let name = line.split(separator: " ").first { names.append(String(name)) }
            if on, line.isEmpty, !names.isEmpty { break }
        }
        return names
    }()

    @Test func everyHelpLineFitsEightyColumns() throws {
        #expect(Self.commands.count >= 15, "\(Self.commands)")
        for c in Self.commands {
            let r = try liaison([c, "--help"], environment: ["COLUMNS": "80"])
            #expect(r.status == 0, "\(c)")
            // Bytes, not characters: what a terminal counts for ASCII, and stricter for the rest.
            let wide = r.stdout.split(separator: "\n").filter { $0.utf8.count > 80 }
            #expect(wide.isEmpty, "\(c) --help: \(wide.prefix(3))")
        }
    }

    @Test(arguments: [["rank"], ["rank", "--level", "institution"], ["gaps"], ["communities"], ["coverage", "--by", "liaison"],
                      ["compare", "2026Q3", "2026Q4", "--by", "liaison"], ["referrers", "E085"], ["plan"]])
    func tablesFitTheTerminal(_ args: [String]) throws {
        for width in [80, 100] {
            let r = try liaison(args, environment: ["COLUMNS": String(width)])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            // Table lines: a header, its rule of ─, and the rows up to the next blank line.
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var inTable = false
            for (k, line) in lines.enumerated() {
                if line.hasPrefix("─") { inTable = true; if k > 0 { #expect(lines[k - 1].count <= width, "\(args) header: \(lines[k - 1])") } }
                if line.isEmpty { inTable = false }
                if inTable { #expect(line.count <= width, "\(args) at \(width): \(line)") }
            }
        }
        // --wide keeps every column.
        let wide = try liaison(["rank", "--wide"], environment: ["COLUMNS": "80"])
        #expect(wide.stdout.contains("betweenness") && !wide.stdout.contains("left out to fit"))
    }

    /// At 80 columns the gaps table keeps what says why each expert is listed — the interactions
    /// against the expectation, when they were last seen and the flags — and leaves out the score
    /// and the columns `--wide` shows (at an earlier stop the table kept `actual` without
    /// `expected`: "0" against an unseen expectation).
    /// At 80 columns `sites` keeps the columns its score formula names (F, K, T, R) beside the score;
    /// it kept city and region and dropped all but F at an earlier stop.
    @Test func sitesAtEightyColumnsKeepTheScoresParts() throws {
        let r = try liaison(["sites", "--top", "5"], environment: ["COLUMNS": "80"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rule = try #require(lines.firstIndex { $0.hasPrefix("─") })
        let header = lines[rule - 1].split(separator: " ").map(String.init)
        for column in ["name", "score", "patients_in", "key_experts", "trials", "reach"] {
            #expect(header.contains(column), "\(lines[rule - 1])")
        }
        #expect(lines[rule...].prefix { !$0.isEmpty }.allSatisfy { $0.count <= 80 })
        #expect(r.stdout.contains("F = patients_in, K = key_experts"))
    }

    @Test func gapsAtEightyColumnsKeepTheShortfall() throws {
        let r = try liaison(["gaps"], environment: ["COLUMNS": "80"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let rule = try #require(lines.firstIndex { $0.hasPrefix("─") })
        let header = lines[rule - 1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(header == ["id", "name", "actual", "last", "seen", "flags"], "\(lines[rule - 1])")
        // Each row's actual reads "<done> of <expected>" with the expectation of the CSV's row.
        let csv = try liaison(["gaps", "--format", "csv"]).stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let col = try #require(csv.first?.firstIndex(of: "expected"))
        let act = try #require(csv.first?.firstIndex(of: "actual"))
        let first = lines[rule + 1]
        let expected = try #require(Double(csv[1][col]))
        let shown = String(format: "%.2f", expected)
        #expect(first.contains("\(csv[1][act]) of \(shown)") || first.contains("\(csv[1][act]) of \(Int(expected))"), "\(first) vs \(csv[1])")
        #expect(r.stdout.contains("left out to fit: way in, institution, influence"))
    }

    @Test func csvForASpreadsheet() throws {
        let dir = try TempDir()
        try dir.write("d/experts.csv", "id,name\nA,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\nB,Bea Noël\n")
        try dir.write("d/referrals.csv", "source,target,patients\nA,B,20\n")
        let plain = try liaison(["rank", dir.file("d").path, "--format", "csv", "--columns", "id,name,in_strength"])
        let excel = try liaison(["rank", dir.file("d").path, "--format", "csv", "--columns", "id,name,in_strength", "--excel"])
        #expect(plain.status == 0 && excel.status == 0)
        #expect(!plain.stdout.hasPrefix("\u{FEFF}") && plain.stdout.contains("\n=HYPERLINK") == false)
        #expect(plain.stdout.contains("A,\"=HYPERLINK("))
        #expect(excel.stdout.hasPrefix("\u{FEFF}"))
        #expect(excel.stdout.contains("A,\"'=HYPERLINK(") && excel.stdout.contains("Bea Noël,20"))
    }
}

/// A note is said once: under a table on stdout, or on stderr beside csv and json (which have no
/// place for it). At an earlier stop a terminal showed each sampling note twice.
@Suite("notes are said once", .tags(.cli))
struct NotesOnceCLITests {
    @Test func samplingNote() throws {
        let table = try liaison(["rank", "--samples", "50", "--top", "3"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Note: betweenness sampled from 50 of "), "\(table.stdout)")
        #expect(!table.stderr.contains("sampled"), "\(table.stderr)")
        for format in ["csv", "json"] {
            let r = try liaison(["rank", "--samples", "50", "--top", "3", "--format", format])
            #expect(r.status == 0 && r.stderr.contains("note: betweenness sampled from 50 of "), "\(format): \(r.stderr)")
            #expect(!r.stdout.contains("sampled"), "\(format)")
        }
    }
}
