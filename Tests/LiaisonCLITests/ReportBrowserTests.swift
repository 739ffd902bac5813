import Foundation
import Testing

/// The first executable named `name` on PATH, if any.
func executableOnPath(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let u = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: u.path) { return u }
    }
    return nil
}

let chromiumBinary: URL? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(executableOnPath).first
let python3Binary: URL? = executableOnPath("python3")

@Suite("report in a real browser", .serialized, .tags(.browser))
struct ReportBrowserTests {
    /// Opens the demo report in headless Chromium through `Tests/browser/check_report.py`: no console
    /// errors, map and tables present, a click highlights the neighbourhood and fills the details
    /// panel, hover, search, zoom and sorting work, and the 1280×800 screenshot is not blank.
    @Test(.enabled(if: chromiumBinary != nil && python3Binary != nil, "needs chromium and python3 on PATH"),
          .timeLimit(.minutes(5)))
    func demoReportInChromium() throws {
        let t = try TempDir()
        let report = t.file("report.html")
        let r = try liaison(["report", "--out", report.path, "--generated-at", "2026-11-21T08:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        let shot = t.file("shot.png")
        let result = try runBrowserCheck([report.path, "--screenshot", shot.path])
        print("browser check: " + result.stdout + result.stderr)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("PASS"))
        let png = try Data(contentsOf: shot)
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    /// The same checks on a 1 000-expert synthetic network, which must also load within seconds.
    @Test(.enabled(if: chromiumBinary != nil && python3Binary != nil, "needs chromium and python3 on PATH"),
          .timeLimit(.minutes(5)))
    func thousandExpertReportInChromium() throws {
        let t = try TempDir()
        #expect(try liaison(["synth", "--experts", "1000", "--seed", "3", "--out", t.file("net").path, "-q"]).status == 0)
        let report = t.file("big.html")
        #expect(try liaison(["report", t.file("net").path, "--out", report.path, "-q"]).status == 0)
        let result = try runBrowserCheck([report.path])
        print("browser check (1000 experts): " + result.stdout + result.stderr)
        #expect(result.status == 0, "\(result.stderr)")
        let json = result.stdout.drop { $0 != "{" }
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        // How long it took is measured in Benchmarks/, not asserted here.
        #expect(parsed?["load_seconds"] is Double)
    }

    /// A screenshot that is blank must fail the check (the checker's own sanity test).
    @Test(.enabled(if: chromiumBinary != nil && python3Binary != nil, "needs chromium and python3 on PATH"),
          .timeLimit(.minutes(2)))
    func blankPageFails() throws {
        let t = try TempDir()
        try t.write("blank.html", "<!DOCTYPE html><html><body></body></html>")
        let result = try runBrowserCheck([t.file("blank.html").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("FAIL"))
    }
}

/// Runs the browser checker with python3; stdout and stderr captured.
/// Every name on the maps, with the text as Chromium draws it (`Tests/browser/check_labels.py`):
/// against its own node, nearer it than any other, overlapping no other name — on the default map, a
/// focus map, a coverage map, the three maps of a comparison and the report's maps.
@Suite("map names in a real browser", .serialized, .tags(.browser))
struct MapLabelBrowserTests {
    @Test(.enabled(if: chromiumBinary != nil && python3Binary != nil, "needs chromium and python3 on PATH"),
          .timeLimit(.minutes(5)))
    func everyNameOnItsOwnExpert() throws {
        let t = try TempDir()
        var files: [String] = []
        for (args, name) in [([String](), "d.svg"), (["--focus", "E085", "--depth", "2"], "f.svg"),
                             (["--color-by", "coverage"], "c.svg"), (["--compare", "2026Q3", "2026Q4"], "x.svg")] {
            let r = try liaison(["render"] + args + ["--out", t.file(name).path, "-q"])
            #expect(r.status == 0, "\(r.stderr)")
            files.append(t.file(name).path)
        }
        files += ["x.2026Q3.svg", "x.2026Q4.svg"].map { t.file($0).path }
        #expect(try liaison(["report", "--out", t.file("r.html").path, "-q"]).status == 0)
        files.append(t.file("r.html").path)
        let r = try runProcess(python3Binary ?? URL(fileURLWithPath: "/usr/bin/python3"),
                               [packageRoot.appendingPathComponent("Tests/browser/check_labels.py").path] + files
                                   + (chromiumBinary.map { ["--chromium", $0.path] } ?? []))
        print("label check: " + r.stdout + r.stderr)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("ok ") }.count >= 10)
    }
}

func runBrowserCheck(_ arguments: [String]) throws -> RunResult {
    try runProcess(python3Binary ?? URL(fileURLWithPath: "/usr/bin/python3"),
                   [packageRoot.appendingPathComponent("Tests/browser/check_report.py").path] + arguments
                       + (chromiumBinary.map { ["--chromium", $0.path] } ?? []))
}
