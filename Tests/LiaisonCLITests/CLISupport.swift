import Foundation
import Testing

/// The result of running the built `liaison` binary.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The folder SwiftPM builds products into (where the test bundle itself lives).
let productsDirectory: URL = {
    if let exe = Bundle.main.executableURL { return exe.resolvingSymlinksInPath().deletingLastPathComponent() }
    return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}()

let liaisonBinary = productsDirectory.appendingPathComponent("liaison")

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedData = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

/// Runs `liaison` with `arguments` in `directory` (default: a fresh temporary folder, so that
/// nothing depends on the package being the working directory).
@discardableResult
func liaison(_ arguments: [String], in directory: URL? = nil, stdin: String? = nil,
             environment: [String: String] = [:]) throws -> RunResult {
    try runProcess(liaisonBinary, arguments, in: directory ?? FileManager.default.temporaryDirectory, environment: environment)
}

/// Runs a program to completion with stdout and stderr captured (no standard input).
func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                environment: [String: String] = [:]) throws -> RunResult {
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    if !environment.isEmpty {
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let directory { p.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // Read both pipes concurrently with the process so that large outputs cannot deadlock.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus,
                     stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary folder, removed at deinit.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    func write(_ name: String, _ text: String) throws {
        let u = file(name)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: u)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Parses RFC 4180 CSV text simply (tests only; the fields here never hold quotes inside quotes
/// across lines).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = [], field = "", quoted = false
    var it = Array(text).makeIterator()
    var pending: Character? = nil
    while let c = pending ?? it.next() {
        pending = nil
        if quoted {
            if c == "\"" {
                if let n = it.next() { if n == "\"" { field.append("\"") } else { quoted = false; pending = n } } else { quoted = false }
            } else { field.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { row.append(field); field = "" }
        else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
        else if c != "\r" { field.append(c) }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
