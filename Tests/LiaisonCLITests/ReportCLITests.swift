import Foundation
import Testing

/// The JSON embedded in a report's `<script type="application/json" id="report-data">`.
func reportData(_ html: String) throws -> [String: Any] {
    let open = "<script type=\"application/json\" id=\"report-data\">"
    let start = try #require(html.range(of: open), "embedded JSON present")
    let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
    let object = try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8))
    return try #require(object as? [String: Any])
}

/// Every `src="…"` / `href="…"` value of a page.
func references(_ html: String) -> [String] {
    var out: [String] = []
    var rest = Substring(html)
    while let r = rest.range(of: #"(src|href)\s*=\s*["']?"#, options: .regularExpression) {
        out.append(String(rest[r.upperBound...].prefix { $0 != "\"" && $0 != "'" && $0 != ">" && $0 != " " }))
        rest = rest[r.upperBound...]
    }
    return out
}

let reportSections = ["Headline", "The network map", "Under-visited key experts", "Coverage by tier, region and liaison",
                      "Quarter comparison", "Communities and bridges", "Data notes"]

/// A dataset folder with hostile names and one small referral count (4 patients).
func writeReportFixture(_ t: TempDir, folder: String = "team") throws {
    try t.write("\(folder)/experts.csv", #"""
    id,name,specialty,institution,region
    E1,<script>alert(1)</script>,Hematology,H1,North
    E2,"""Quotes"" & ampersands",Hematology,H1,North
    E3,Ana </script><b>Bold</b>,Oncology,H2,South
    E4,Dora Small,Oncology,H2,South
    E5,Eli Ward,Hematology,H1,North
    E6,Fay Moss,Oncology,H2,South
    E7,Gus Lane,Hematology,H1,North
    E8,Hal Reed,Oncology,H2,South

    """#)
    try t.write("\(folder)/institutions.csv", #"""
    id,name,city,region
    H1,Hôpital <i>Un</i> & Co,Namur,North
    H2,"Clinic ""Two""",Gent,South

    """#)
    // E4 → E1 carries 4 patients in each quarter: it must never be shown as a number.
    var referrals = "source,target,patients,period\n"
    for q in ["2026Q1", "2026Q2"] {
        for (s, t, p) in [("E2", "E1", 40), ("E3", "E1", 30), ("E4", "E1", 4), ("E5", "E2", 25), ("E6", "E3", 12),
                          ("E7", "E1", 15), ("E8", "E4", 22), ("E1", "E5", 18)] {
            referrals += "\(s),\(t),\(p),\(q)\n"
        }
    }
    try t.write("\(folder)/referrals.csv", referrals)
    try t.write("\(folder)/collaborations.csv", "a,b,kind,weight\nE4,E1,co-author,1\n")
    try t.write("\(folder)/interactions.csv", """
    id,date,expert,liaison,channel,topic
    I1,2026-02-03,E1,Lia <i>One</i>,in-person,<topic>
    I2,2026-02-10,E2,Lia <i>One</i>,virtual,x
    I3,2026-05-03,E1,Lia <i>One</i>,in-person,x
    I4,2026-05-04,E3,Bo & Co,phone,x
    I5,2026-06-04,E5,Bo & Co,phone,x

    """)
    try t.write("\(folder)/plan.csv", "expert,period,planned\n" + ["2026Q1", "2026Q2"].flatMap { q in
        ["E1", "E2", "E3", "E4"].map { "\($0),\(q),2\n" }
    }.joined())
}

@Suite("liaison report", .serialized, .tags(.cli))
struct ReportCLITests {
    @Test func demoReportIsOneSelfContainedFile() throws {
        let t = try TempDir()
        let started = Date()
        let r = try liaison(["report", "--generated-at", "2026-11-21T08:00:00Z"], in: t.url)
        let seconds = Date().timeIntervalSince(started)
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: t.url.path)
        #expect(files == ["liaison-report-2026Q4.html"], "one file, named after the quarter")
        let html = try String(contentsOf: t.file("liaison-report-2026Q4.html"), encoding: .utf8)
        for bad in ["src=\"http", "href=\"http", "@import", "url(http", "url(//", "<link rel=\"stylesheet\"", "<img"] {
            #expect(!html.contains(bad), "\(bad)")
        }
        for ref in references(html) { #expect(ref.hasPrefix("#") || ref.hasPrefix("data:"), "external reference \(ref)") }
        for s in reportSections { #expect(html.contains("<h2>\(s)"), "section \(s)") }
        let data = try reportData(html)
        #expect(data["quarter"] as? String == "2026Q4" && data["previous"] as? String == "2026Q3")
        let map = try #require(data["map"] as? [String: Any])
        let experts = try #require(map["experts"] as? [[String: Any]])
        #expect(experts.count >= 150 && experts.count <= 250)
        #expect(experts.allSatisfy { $0["status"] is String && $0["name"] is String })
        #expect((map["links"] as? [[Int]])?.isEmpty == false)
        #expect(html.contains("2026-11-21T08:00:00Z") && html.contains("liaison 0.1.0") && html.contains("Graphviz 2."))
        #expect(html.contains("@media print"))
        #expect(html.contains("g id=\"m0\" class=\"node\""))
        #expect(r.stderr.contains("wrote liaison-report-2026Q4.html"))
        let size = html.utf8.count
        print("demo report: \(size / 1024) KB in \(String(format: "%.1f", seconds)) s")
        #expect(size < 3_000_000)
    }

    @Test func reproducibleWithSourceDateEpoch() throws {
        let t = try TempDir()
        let a = try liaisonEnv(["report", "--quarter", "2026Q3", "--out", t.file("a.html").path], env: ["SOURCE_DATE_EPOCH": "1790000000"])
        let b = try liaisonEnv(["report", "--quarter", "2026Q3", "--out", t.file("b.html").path], env: ["SOURCE_DATE_EPOCH": "1790000000"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        let x = try Data(contentsOf: t.file("a.html")), y = try Data(contentsOf: t.file("b.html"))
        #expect(x == y)
        let html = String(decoding: x, as: UTF8.self)
        #expect(html.contains("2026-09-21T") && html.contains("2026Q3") && html.contains("compared with 2026Q2"))
    }

    @Test func hostileNamesAreEscaped() throws {
        let t = try TempDir()
        try writeReportFixture(t)
        let out = t.file("r.html")
        let r = try liaison(["report", t.file("team").path, "--quarter", "2026Q2", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(!html.contains("<script>alert(1)"))
        #expect(!html.contains("<b>Bold</b>") && !html.contains("<i>One</i>") && !html.contains("<i>Un</i>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;Quotes&quot; &amp; ampersands"))
        #expect(html.components(separatedBy: "<script").count == 3, "only the data block and the code")
        let data = try reportData(html)
        let experts = try #require((data["map"] as? [String: Any])?["experts"] as? [[String: Any]])
        #expect(experts.contains { $0["name"] as? String == "<script>alert(1)</script>" })
        #expect(experts.contains { $0["liaison"] as? String == "Lia <i>One</i>" })
    }

    @Test func smallPatientCountsNeverAppear() throws {
        let t = try TempDir()
        try writeReportFixture(t)
        let out = t.file("r.html")
        let r = try liaison(["report", t.file("team").path, "--quarter", "2026Q2", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        // E4 → E1 has 4 patients per quarter, 8 over both; E1's way in is E4's only tie.
        // Whole numbers only: "40 patients" is fine, "4 patients" is not.
        for bad in [#"(^|[^0-9.])[48] (patients|pts)"#, #""patients": ?[48]\b"#, #"patients received [48]\b"#] {
            #expect(html.range(of: bad, options: .regularExpression) == nil, "\(bad)")
        }
        #expect(html.contains("&lt;11 patients"), "the small count is shown as <11")
        #expect(html.contains("shown as &lt;11"))
        let open = try liaison(["report", t.file("team").path, "--quarter", "2026Q2", "--min-cell", "0", "--out", t.file("o.html").path])
        #expect(open.status == 0)
        #expect(try String(contentsOf: t.file("o.html"), encoding: .utf8).contains("Small-cell suppression is off"))
    }

    @Test func outToAMissingFolderFailsCleanly() throws {
        let t = try TempDir()
        let r = try liaison(["report", "--out", t.file("no/such/dir/r.html").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error:") && r.stderr.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: t.file("no").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.url.path).isEmpty, "no partial file")
        let bad = try liaison(["report", "--quarter", "2026Q9", "--out", t.file("x.html").path])
        #expect(bad.status != 0 && !FileManager.default.fileExists(atPath: t.file("x.html").path))
        let noInteractions = try TempDir()
        try noInteractions.write("d/experts.csv", "id,name\nA,Ann\nB,Bob\n")
        let n = try liaison(["report", noInteractions.file("d").path, "--out", noInteractions.file("x.html").path])
        #expect(n.status == 1 && n.stderr.contains("interactions.csv"))
    }

    @Test func thousandExpertReportIsSmallAndFast() throws {
        let t = try TempDir()
        let net = t.file("net").path
        #expect(try liaison(["synth", "--experts", "1000", "--seed", "3", "--out", net, "-q"]).status == 0)
        let started = Date()
        let r = try liaison(["report", net, "--out", t.file("big.html").path])
        let seconds = Date().timeIntervalSince(started)
        #expect(r.status == 0, "\(r.stderr)")
        let size = try Data(contentsOf: t.file("big.html")).count
        print("1000-expert report: \(size / 1024) KB in \(String(format: "%.1f", seconds)) s")
        #expect(size < 5_000_000)
        let html = try String(contentsOf: t.file("big.html"), encoding: .utf8)
        let experts = try #require((try reportData(html)["map"] as? [String: Any])?["experts"] as? [[String: Any]])
        #expect(experts.count <= 250)
        #expect(html.contains("of 1000 experts") && html.contains("Left out"))
    }

    @Test func overwritesAnExistingReportInPlace() throws {
        let t = try TempDir()
        #expect(try liaison(["report", "--quarter", "2026Q3", "-q", "--generated-at", "2026-01-01T00:00:00Z"], in: t.url).status == 0)
        let r = try liaison(["report", "--quarter", "2026Q3", "--generated-at", "2026-02-02T00:00:00Z"], in: t.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.url.path) == ["liaison-report-2026Q3.html"], "no temporary file left")
        #expect(try String(contentsOf: t.file("liaison-report-2026Q3.html"), encoding: .utf8).contains("2026-02-02T00:00:00Z"))
    }

    @Test func helpHasExamples() throws {
        let r = try liaison(["report", "--help"])
        #expect(r.stdout.contains("Examples:") && r.stdout.contains("--compare-to") && r.stdout.contains("--generated-at"))
    }
}

/// Runs `liaison` with extra environment variables.
func liaisonEnv(_ arguments: [String], env: [String: String]) throws -> RunResult {
    let p = Process()
    p.executableURL = liaisonBinary
    p.arguments = arguments
    p.currentDirectoryURL = FileManager.default.temporaryDirectory
    p.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
    let err = Pipe()
    p.standardOutput = FileHandle.nullDevice
    p.standardError = err
    try p.run()
    let data = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: "", stderr: String(decoding: data, as: UTF8.self))
}
