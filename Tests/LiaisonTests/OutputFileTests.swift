import Foundation
import Testing
@testable import Liaison

/// ``OutputFile``: atomic for regular files and new paths, written through for pipes and devices,
/// never replacing a special file, permissions never wider than 0644, stale temporaries removed.
@Suite("Output files", .tags(.unit))
final class OutputFileTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func isFIFO(_ p: String) -> Bool {
        var st = stat()
        return lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func mode(_ p: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: p)[.posixPermissions]) as? Int) ?? -1 }

    func type(_ p: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: p)[.type]) as? FileAttributeType
    }

    @Test("a new file and a replaced one: whole content, no temporary left, 0644 at most")
    func regular() throws {
        let p = path("out.csv")
        try OutputFile.write(Array("one\n".utf8), to: p)
        #expect(try String(contentsOfFile: p, encoding: .utf8) == "one\n")
        #expect(mode(p) & 0o022 == 0)
        chmod(p, 0o600)
        try OutputFile.write(Array("two\n".utf8), to: p)
        #expect(try String(contentsOfFile: p, encoding: .utf8) == "two\n")
        #expect(mode(p) == 0o600)
        chmod(p, 0o666)
        try OutputFile.write(Array("three\n".utf8), to: p)
        #expect(mode(p) == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
        try OutputFile.write(Array("secret\n".utf8), to: path("export.csv"), mode: OutputFile.privateMode)
        #expect(mode(path("export.csv")) & 0o077 == 0)
    }

    @Test("a FIFO is written through, and stays a FIFO")
    func fifo() throws {
        let p = path("pipe")
        #expect(mkfifo(p, 0o600) == 0)
        let reader = open(p, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try OutputFile.write(Array("through\n".utf8), to: p)
        var buf = [UInt8](repeating: 0, count: 64)
        let n = read(reader, &buf, 64)
        #expect(n == 8 && String(decoding: buf[0..<max(0, n)], as: UTF8.self) == "through\n")
        #expect(isFIFO(p))
    }

    @Test("links: to a file, the file is replaced and the link kept; to a device, written through; to nothing, refused")
    func links() throws {
        let target = path("real.svg"), link = path("link.svg")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try OutputFile.write(Array("new".utf8), to: link)
        #expect(type(link) == .typeSymbolicLink)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        let null = path("null.svg")
        try FileManager.default.createSymbolicLink(atPath: null, withDestinationPath: "/dev/null")
        try OutputFile.write(Array("gone".utf8), to: null)
        #expect(type(null) == .typeSymbolicLink)
        #expect(type("/dev/null") == .typeCharacterSpecial)
        let full = path("full.html")
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: "/dev/full")
        #expect(throws: OutputFile.WriteError.self) { try OutputFile.write(Array("x".utf8), to: full) }
        #expect(type(full) == .typeSymbolicLink)
        let dangling = path("dangling.csv")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: path("missing/nowhere.csv"))
        #expect(throws: OutputFile.WriteError.self) { try OutputFile.write(Array("x".utf8), to: dangling) }
        #expect(throws: OutputFile.WriteError.self) { try OutputFile.write(Array("x".utf8), to: dir.path) }
        #expect(throws: OutputFile.WriteError.self) { try OutputFile.write(Array("x".utf8), to: path("no/such/folder.csv")) }
    }

    @Test("an output naming an input is refused, by identity")
    func inputs() throws {
        let input = path("enc.csv")
        try Data("patient,expert,date\n".utf8).write(to: URL(fileURLWithPath: input))
        #expect(throws: OutputFile.WriteError.self) { try OutputFile.refuseInput(input, inputs: [input]) }
        let other = dir.appendingPathComponent(".").appendingPathComponent("enc.csv").path
        #expect(throws: OutputFile.WriteError.self) { try OutputFile.refuseInput(other, inputs: [input]) }
        try OutputFile.refuseInput(path("new.csv"), inputs: [input])
        try OutputFile.refuseInput("-", inputs: [input])
    }

    @Test("temporaries of dead processes are removed; live ones and other files stay")
    func stale() throws {
        let p = path("m.png")
        let dead = try deadPID()
        for name in [".m.png.\(dead).tmp", ".m.png.1.tmp", ".m.png.x.tmp", ".other.png.\(dead).tmp", ".m.png.\(dead).tmp-journal"] {
            try Data().write(to: dir.appendingPathComponent(name))
        }
        #expect(OutputFile.removeStaleTemporaries(for: p) == 2)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == [".m.png.1.tmp", ".m.png.x.tmp", ".other.png.\(dead).tmp"])
    }

    /// The id of a process that has exited.
    func deadPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }
}
