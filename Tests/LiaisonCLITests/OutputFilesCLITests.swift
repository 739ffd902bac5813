import Foundation
import Testing

/// Outputs never clobber a special file or an input, never stay half-written or world-writable, and
/// leave nothing behind (issue 15, "Files clobbered").
@Suite("Output files", .tags(.cli))
struct OutputFilesCLITests {
    static let encounters = "patient,expert,date\np1,A,2026-01-01\np1,B,2026-01-05\np2,A,2026-01-02\np2,B,2026-01-03\n"

    func isFIFO(_ p: String) -> Bool {
        var st = stat()
        return lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO
    }

    func isLink(_ p: String) -> Bool {
        var st = stat()
        return lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    @Test("--out onto a FIFO writes through it and leaves the FIFO in place")
    func fifo() throws {
        let t = try TempDir()
        try t.write("enc.csv", Self.encounters)
        let pipe = t.file("links.csv").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let reader = open(pipe, O_RDONLY | O_NONBLOCK)   // a reader, so the writer's open does not wait
        #expect(reader >= 0)
        defer { close(reader) }
        let r = try liaison(["shared-patients", "enc.csv", "--min-cell", "0", "--out", pipe], in: t.url)
        #expect(r.status == 0, "\(r.stderr)")
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = read(reader, &buf, buf.count)
        #expect(String(decoding: buf[0..<max(0, n)], as: UTF8.self).hasPrefix("source,target,patients"))
        #expect(isFIFO(pipe))
    }

    @Test("--out onto a link to /proc/self/fd/1 writes to standard output; the link stays")
    func procSelfFD() throws {
        let t = try TempDir()
        try t.write("enc.csv", Self.encounters)
        let link = t.file("out.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/fd/1")
        let r = try liaison(["shared-patients", "enc.csv", "--min-cell", "0", "--out", link], in: t.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("source,target,patients"))
        #expect(isLink(link))
    }

    @Test("--out onto a link to /dev/full: the device's error, and the link stays a link")
    func devFull() throws {
        let t = try TempDir()
        try t.write("enc.csv", Self.encounters)
        let link = t.file("full.html").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/full")
        let r = try liaison(["report", "--out", link], in: t.url)
        #expect(r.status == 1)
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(isLink(link))
        let s = try liaison(["shared-patients", "enc.csv", "--out", link], in: t.url)
        #expect(s.status == 1 && isLink(link))
    }

    @Test("--out - writes to standard output")
    func standardOutput() throws {
        let t = try TempDir()
        try t.write("enc.csv", Self.encounters)
        let s = try liaison(["shared-patients", "enc.csv", "--min-cell", "0", "--out", "-"], in: t.url)
        #expect(s.status == 0 && s.stdout.hasPrefix("source,target,patients"), "\(s.stderr)")
        let m = try liaison(["render", "--format", "svg", "--out", "-", "-q"], in: t.url)
        #expect(m.status == 0 && m.stdout.contains("<svg"), "\(m.stderr)")
        let p = try liaison(["plan", "--out", "-"], in: t.url)
        #expect(p.status == 1 && p.stderr.contains("use --format csv"), "\(p.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.url.path) == ["enc.csv"])
    }

    @Test("an output that names an input is refused and the input kept")
    func inputsKept() throws {
        let t = try TempDir()
        try t.write("enc.csv", Self.encounters)
        let r = try liaison(["shared-patients", "enc.csv", "--out", "./enc.csv"], in: t.url)
        #expect(r.status == 1)
        #expect(r.stderr.contains("is the same file as the input enc.csv"), "\(r.stderr)")
        #expect(try String(contentsOf: t.file("enc.csv"), encoding: .utf8) == Self.encounters)
        try t.write("net.gv", "digraph { A -> B [patients=12]; }")
        let g = try liaison(["render", "net.gv", "--format", "dot", "--out", "net.gv"], in: t.url)
        #expect(g.status == 1 && g.stderr.contains("--out net.gv is an input of this command"), "\(g.stderr)")
        #expect(try String(contentsOf: t.file("net.gv"), encoding: .utf8) == "digraph { A -> B [patients=12]; }")
        // A dataset folder's files: refused, except the plan replacing the folder's own plan.csv.
        let demo = packageRoot.appendingPathComponent("Graphs/belgian-hematology")
        try FileManager.default.copyItem(at: demo, to: t.file("demo"))
        let experts = try String(contentsOf: t.file("demo/experts.csv"), encoding: .utf8)
        let e = try liaison(["plan", "demo", "--out", "demo/experts.csv"], in: t.url)
        #expect(e.status == 1 && e.stderr.contains("demo/experts.csv is an input of this command"), "\(e.stderr)")
        #expect(try String(contentsOf: t.file("demo/experts.csv"), encoding: .utf8) == experts)
        let p = try liaison(["plan", "demo", "--out", "demo/plan.csv", "-q"], in: t.url)
        #expect(p.status == 0, "\(p.stderr)")
    }

    @Test("outputs are 0644 under umask 000, never world-writable")
    func permissions() throws {
        let t = try TempDir()
        try t.write("enc.csv", Self.encounters)
        func run(_ args: [String]) throws -> RunResult {
            try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "umask 000; exec \"$0\" \"$@\"", liaisonBinary.path] + args,
                           in: t.url)
        }
        for (args, file) in [(["report", "--out", "r.html", "-q"], "r.html"), (["render", "--out", "m.svg", "-q"], "m.svg"),
                             (["shared-patients", "enc.csv", "--out", "s.csv", "-q"], "s.csv"),
                             (["plan", "--out", "p.csv", "-q"], "p.csv")] {
            let r = try run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let mode = try FileManager.default.attributesOfItem(atPath: t.file(file).path)[.posixPermissions] as? Int
            #expect(mode == 0o644, "\(file): \(String(mode ?? -1, radix: 8))")
        }
    }

    @Test("a killed run's temporary file is cleaned by the next write")
    func staleTemporary() throws {
        let t = try TempDir()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        let stale = ".m.svg.\(p.processIdentifier).tmp"
        try t.write(stale, "<svg half")
        let r = try liaison(["render", "--out", "m.svg", "-q"], in: t.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.url.path) == ["m.svg"])
    }

    @Test("a failed first import leaves no workspace file")
    func failedFirstImport() throws {
        let t = try TempDir()
        try t.write("d/experts.csv", "id,name\nA,One\nA,Again\n")
        let r = try liaison(["import", "d", "--into", "w.liaison"], in: t.url)
        #expect(r.status == 1)
        #expect(r.stderr.contains("d/experts.csv:3:1: duplicate expert id 'A'"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.url.path) == ["d"])
        try t.write("d/experts.csv", "id,name\nA,One\n")
        #expect(try liaison(["import", "d", "--into", "w.liaison"], in: t.url).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.url.path).sorted() == ["d", "w.liaison"])
    }

    @Test("a first import of encounters keeps the pseudonym key beside the workspace; a failed one leaves no key")
    func firstImportKey() throws {
        let t = try TempDir()
        try t.write("d/experts.csv", "id,name\nA,One\nB,Two\n")
        try t.write("d/encounters.csv", "patient,expert,date\nP1,A,2026-01-05\nP1,B,2026-01-09\nP2,A,2026-01-05\nP2,B,2026-02-01\n")
        try t.write("bad/encounters.csv", "patient,expert,date\nP1,A,2026-01-05\nP1,B,not a date\n")
        let failed = try liaison(["import", "d", "bad/encounters.csv", "--into", "w.liaison"], in: t.url)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.url.path).sorted() == ["bad", "d"])
        #expect(try liaison(["import", "d", "--into", "w.liaison"], in: t.url).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.url.path).sorted() == ["bad", "d", "w.liaison", "w.liaison.key"])
        try t.write("more/encounters.csv", "patient,expert,date\nP3,A,2026-03-01\nP3,B,2026-03-02\n")
        let again = try liaison(["import", "more/encounters.csv", "--into", "w.liaison"], in: t.url)
        #expect(again.status == 0, "\(again.stderr)")
    }
}
