import Foundation
import Testing

/// THE privacy test: a dataset built to tempt every command into showing a patient id or a patient
/// count from 1 to 10 — patient ids like `PATIENT-SECRET-123` in encounters.csv (not sorted by
/// patient), many links with 1 to 10 patients, a referrer with a single small count, an expert
/// alone in their institution and region — is run through every command and format, and each
/// place that shows a patient count is checked: `0`, `<11`, `*` (withheld) or at least 11.
@Suite("privacy: no patient id, no count from 1 to 10", .serialized, .tags(.cli))
struct PrivacyCLITests {
    /// (first expert, second expert, patients): each patient sees the first expert, then the second
    /// 0–19 days later (0: the same day, which makes a link both ways).
    static let plan: [(String, String, Int)] = [
        ("G1", "F", 25), ("G1", "P1", 12), ("G2", "F", 14), ("G2", "P2", 30), ("G3", "F", 3), ("G3", "P3", 40),
        ("G4", "F", 1), ("G5", "F", 12), ("G5", "P1", 4), ("G6", "P2", 7), ("G7", "F", 20), ("G8", "P3", 2),
        ("F", "P1", 15), ("P1", "F", 13), ("L1", "F", 1), ("F", "L1", 2), ("P2", "P3", 11), ("G4", "P1", 5),
    ]

    static func dataset() throws -> TempDir {
        let dir = try TempDir()
        var experts = "id,name,specialty,institution,region\n"
        experts += "F,Dr Focal,Hematology,H1,North\nP1,Dr Pim,Hematology,H1,North\nP2,Dr Pia,Hematology,H2,North\nP3,Dr Pol,Hematology,H2,North\n"
        for i in 1...8 { experts += "G\(i),Dr Gee\(i),General practice,\(i < 5 ? "H3" : "H4"),North\n" }
        experts += "L1,Dr Lonely,Oncology,H5,Island\n"
        try dir.write("experts.csv", experts)
        try dir.write("institutions.csv", "id,name,city\nH1,Alpha Hospital,A\nH2,Beta Hospital,B\nH3,Gamma Practice,C\nH4,Delta Practice,D\nH5,Epsilon Clinic,E\n")
        var rows: [String] = []
        var patient = 0
        let start = 20_454    // 2026-01-01 as days since 1970
        for (a, b, n) in plan {
            for _ in 0..<n {
                patient += 1
                let d1 = start + (patient * 37) % 330
                let d2 = d1 + (patient % 4 == 0 ? 0 : patient % 20)
                rows.append("PATIENT-SECRET-\(100 + patient),\(a),\(day(d1))")
                rows.append("PATIENT-SECRET-\(100 + patient),\(b),\(day(d2))")
            }
        }
        // Not sorted by patient: interleave the two halves.
        let half = rows.count / 2
        var mixed: [String] = []
        for k in 0..<half { mixed.append(rows[k + half]); mixed.append(rows[k]) }
        try dir.write("encounters.csv", "patient,expert,date\n" + mixed.joined(separator: "\n") + "\n")
        try dir.write("interactions.csv", """
            id,date,expert,liaison,channel
            I1,2026-03-01,F,Sofie,in-person
            I2,2026-03-05,G1,Sofie,virtual
            I3,2026-04-02,P2,Jan,in-person
            I4,2026-06-10,G5,Jan,phone
            I5,2026-07-10,G7,Jan,phone
            I6,2026-08-10,L1,Jan,phone

            """)
        return dir
    }

    static func day(_ ordinal: Int) -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: Double(ordinal) * 86_400))
    }

    // MARK: Checks

    /// A shown patient count: empty, 0, `<11`, `*` or ≥ 11.
    func checkCount(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t == "<11" || t == "*" { return }
        guard let v = Double(t) else {
            Issue.record("\(what): '\(t)' is not a count", sourceLocation: sourceLocation); return
        }
        #expect(v == 0 || v >= 11, "\(what) shows \(t)", sourceLocation: sourceLocation)
    }

    /// A JSON count: null (then the object says suppressed), 0 or ≥ 11.
    func checkJSON(_ o: [String: Any], _ key: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let v = o[key] else { return }
        if v is NSNull { return }   // hidden (with the suppressed marker) or empty: no count shown
        guard let x = (v as? NSNumber)?.doubleValue else { Issue.record("\(what).\(key) is not a number", sourceLocation: sourceLocation); return }
        #expect(x == 0 || x >= 11, "\(what).\(key) = \(x)", sourceLocation: sourceLocation)
    }

    /// Numbers next to the word patients (or pts) in free text (tables, SVG, DOT, HTML).
    func checkProse(_ raw: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = raw.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&#10;", with: "\n")
            .replacingOccurrences(of: "\\\n", with: "").replacingOccurrences(of: "\\n", with: "\n")
        let patterns = [#"(\S+) patients\b"#, #"(\S+) pts\b"#, #"patients received:? (\S+)"#, #"patients shared:? (\S+)"#]
        for p in patterns {
            let re = try? NSRegularExpression(pattern: p)
            for m in re?.matches(in: text, range: NSRange(text.startIndex..., in: text)) ?? [] {
                guard let r = Range(m.range(at: 1), in: text) else { continue }
                let token = text[r].trimmingCharacters(in: CharacterSet(charactersIn: "(),:;·"))
                if let v = Int(token) { #expect(v == 0 || v >= 11, "\(what): '\(text[Range(m.range, in: text) ?? r])'", sourceLocation: sourceLocation) }
            }
        }
    }

    func run(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let r = try liaison(args)
        #expect(r.status == 0, "liaison \(args.joined(separator: " ")): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stdout.contains("SECRET") && !r.stderr.contains("SECRET"), "patient id in liaison \(args.joined(separator: " "))",
                sourceLocation: sourceLocation)
        return r
    }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// The rows of a CSV as dictionaries.
    func csvRows(_ text: String) -> [[String: String]] {
        let rows = parseCSV(text)
        guard let head = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(head, $0).map { ($0, $1) }) }
    }

    // MARK: The test

    @Test func everyCommandAndFormat() throws {
        let dir = try Self.dataset()
        let ds = dir.url.path

        // The tempting dataset really tempts: many links of 1–10 patients.
        let all = try run(["shared-patients", dir.file("encounters.csv").path, "--min-cell", "0"])
        let small = csvRows(all.stdout).filter { (Int($0["patients"] ?? "") ?? 0) < 11 }
        #expect(small.count >= 10)
        #expect(all.stderr.contains("suppression is off"))

        // shared-patients: every written link has ≥ 11 patients.
        let sp = try run(["shared-patients", dir.file("encounters.csv").path])
        let spRows = csvRows(sp.stdout)
        #expect(!spRows.isEmpty)
        for r in spRows { checkCount(r["patients"] ?? "", "shared-patients patients") }
        #expect(sp.stderr.contains("left out \(small.count) links"))
        let spu = try run(["shared-patients", dir.file("encounters.csv").path, "--undirected"])
        for r in csvRows(spu.stdout) { checkCount(r["patients"] ?? "", "shared-patients --undirected patients") }

        // summary, validate, coverage, compare: no patient counts at all, and no patient id.
        for args in [["summary", ds], ["validate", ds], ["coverage", ds, "--quarter", "2026Q3"],
                     ["coverage", ds, "--quarter", "2026Q3", "--by", "liaison", "--format", "csv"],
                     ["coverage", ds, "--quarter", "2026Q3", "--format", "json"],
                     ["compare", ds, "2026Q1", "2026Q3"], ["compare", ds, "2026Q1", "2026Q3", "--format", "json"],
                     ["compare", ds, "2026Q1", "2026Q3", "--format", "csv"]] {
            let r = try run(args)
            checkProse(r.stdout, args.joined(separator: " "))
        }

        // rank: in_strength and out_strength in every format.
        let cols = ["--columns", "id,in_strength,out_strength", "--all"]
        let rt = try run(["rank", ds] + cols)
        let tableLines = rt.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let dataLines = tableLines.filter { $0.count == 3 && $0[0] != "id" && !$0[0].hasPrefix("─") }
        #expect(dataLines.count == 13)
        for l in dataLines { checkCount(l[1], "rank table in_strength \(l[0])"); checkCount(l[2], "rank table out_strength \(l[0])") }
        for r in csvRows(try run(["rank", ds, "--all", "--format", "csv"]).stdout) {
            checkCount(r["in_strength"] ?? "", "rank csv in_strength"); checkCount(r["out_strength"] ?? "", "rank csv out_strength")
        }
        for o in try #require(try json(try run(["rank", ds, "--all", "--format", "json"]).stdout) as? [[String: Any]]) {
            checkJSON(o, "in_strength", "rank json"); checkJSON(o, "out_strength", "rank json")
        }

        // gaps: way_in_patients.
        for r in csvRows(try run(["gaps", ds, "--quarter", "2026Q3", "--all", "--format", "csv"]).stdout) {
            checkCount(r["way_in_patients"] ?? "", "gaps csv way_in_patients")
        }
        let gj = try #require(try json(try run(["gaps", ds, "--quarter", "2026Q3", "--all", "--format", "json"]).stdout) as? [String: Any])
        for o in try #require(gj["gaps"] as? [[String: Any]]) {
            checkJSON(o, "way_in_patients", "gaps json")
            if o["way_in_patients"] is NSNull, o["way_in_id"] is String { #expect(o["suppressed"] as? Bool == true) }
        }
        checkProse(try run(["gaps", ds, "--quarter", "2026Q3", "--all"]).stdout, "gaps table")

        // communities: internal_patients and each expert's patients.
        for list in ["communities", "bridges", "experts"] {
            for r in csvRows(try run(["communities", ds, "--list", list, "--format", "csv"]).stdout) {
                checkCount(r["internal_patients"] ?? "", "communities \(list) internal_patients")
                checkCount(r["patients"] ?? "", "communities \(list) patients")
            }
            for o in try #require(try json(try run(["communities", ds, "--list", list, "--format", "json"]).stdout) as? [[String: Any]]) {
                checkJSON(o, "internal_patients", "communities json \(list)"); checkJSON(o, "patients", "communities json \(list)")
            }
        }
        let ct = try run(["communities", ds, "--list", "experts"])
        for l in ct.stdout.split(separator: "\n").map({ $0.split(separator: " ").map(String.init) })
            where l.last == "yes" || l.last == "no" {
            checkCount(l[l.count - 3], "communities table patients \(l[0])")
        }
        let cj = try #require(try json(try run(["communities", ds, "--format", "json"]).stdout) as? [String: Any])
        for o in try #require(cj["communities"] as? [[String: Any]]) { checkJSON(o, "internal_patients", "communities json") }
        for o in try #require(cj["bridges"] as? [[String: Any]]) { checkJSON(o, "patients", "communities json bridges") }
        checkProse(try run(["communities", ds]).stdout, "communities table")

        // rank-institutions, when the command is registered: the group of one (Epsilon Clinic) included.
        if try liaison(["--help"]).stdout.contains("rank-institutions") {
            for r in csvRows(try run(["rank-institutions", ds, "--all", "--format", "csv"]).stdout) {
                for k in ["in_strength", "out_strength", "internal_patients"] { checkCount(r[k] ?? "", "rank-institutions \(k)") }
            }
        }

        // referrers: to_focal, to_peers, and a share only when both counts are shown.
        let ids = Set(["F", "P1", "P2", "P3", "L1"] + (1...8).map { "G\($0)" })
        for extra in [[], ["--undirected"]] {
            let (f, p) = extra.isEmpty ? ("to_focal", "to_peers") : ("with_focal", "with_peers")
            let rows = csvRows(try run(["referrers", "F", ds, "--format", "csv"] + extra).stdout)
            #expect(rows.count >= 8)
            #expect(rows.contains { $0["id"] == "G4" })   // the referrer with a single small count
            for r in rows {
                checkCount(r[f] ?? "", "referrers \(f)"); checkCount(r[p] ?? "", "referrers \(p)")
                if r["share"] != "*" { #expect(Int(r[f] ?? "") != nil && Int(r[p] ?? "") != nil, "share shown beside a hidden count") }
            }
            let o = try #require(try json(try run(["referrers", "F", ds, "--format", "json"] + extra).stdout) as? [String: Any])
            checkJSON(o, "patients_received", "referrers json (root)")
            for r in try #require(o["referrers"] as? [[String: Any]]) {
                checkJSON(r, f, "referrers json"); checkJSON(r, p, "referrers json")
                if r[f] is NSNull || r[p] is NSNull { #expect(r["share"] is NSNull) }
            }
            let t = try run(["referrers", "F", ds] + extra)
            checkProse(t.stdout, "referrers table")
            for l in t.stdout.split(separator: "\n").map({ $0.split(separator: " ").map(String.init) })
                where l.count > 4 && ids.contains(l[0]) {
                let tail = l.last == "%" ? Array(l.dropLast(2)) : Array(l.dropLast())
                checkCount(tail[tail.count - 2], "referrers table \(f)"); checkCount(tail[tail.count - 1], "referrers table \(p)")
            }
        }

        // Maps: tooltips of nodes and links in SVG and DOT.
        for format in ["svg", "dot"] {
            let out = dir.file("map.\(format)").path
            _ = try run(["render", ds, "--all", "--format", format, "--out", out, "-q"])
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(!text.contains("SECRET"))
            #expect(text.contains("patients received"))
            checkProse(text, "render \(format)")
        }

        // The HTML report.
        do {
            let out = dir.file("report.html").path
            _ = try run(["report", ds, "--quarter", "2026Q3", "--out", out, "-q"])
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(!text.contains("SECRET"))
            checkProse(text, "report")
        }

        // --min-cell 0 turns suppression off, and says so.
        #expect(try run(["referrers", "F", ds, "--min-cell", "0"]).stdout.contains("suppression is off"))
        #expect(try run(["gaps", ds, "--quarter", "2026Q3", "--min-cell", "0"]).stdout.contains("suppression is off"))
        #expect(try run(["communities", ds, "--min-cell", "0"]).stdout.contains("suppression is off"))
    }

    @Test func errorsAndWarningsNeverShowThePatient() throws {
        let dir = try Self.dataset()
        var text = try String(contentsOf: dir.file("encounters.csv"), encoding: .utf8)
        text += "PATIENT-SECRET-999,F,2026-02-30\nPATIENT-SECRET-998,NOBODY,2026-02-01\n,F,2026-02-01\n"
        try dir.write("encounters.csv", text)
        let v = try liaison(["validate", dir.url.path])
        #expect(v.status == 1)
        #expect(v.stderr.contains("encounters.csv:"))
        #expect(v.stderr.contains("date is not an ISO 8601 date"))
        #expect(v.stderr.contains("unknown expert id (not in experts.csv)"))   // no value of encounters.csv is quoted
        #expect(!v.stderr.contains("NOBODY"))
        #expect(v.stderr.contains("empty patient"))
        #expect(!v.stderr.contains("SECRET") && !v.stdout.contains("SECRET"))
        let lenient = try liaison(["summary", dir.url.path, "--lenient"])
        #expect(lenient.status == 0)
        #expect(!lenient.stderr.contains("SECRET") && !lenient.stdout.contains("SECRET"))
        #expect(lenient.stdout.contains("skipped 3 rows"))
    }
}
