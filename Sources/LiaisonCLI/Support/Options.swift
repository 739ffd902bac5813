import ArgumentParser
import Foundation
import Liaison
import LiaisonDemoData

/// The dataset every command reads: a folder given as the first argument, or the bundled demo.
struct DatasetOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Dataset folder (default: the bundled Belgian hematology demo).", valueName: "dataset"))
    var dataset: String?

    @Flag(help: "Skip rows with errors (with a warning and a count) instead of failing.")
    var lenient = false

    @Flag(name: .shortAndLong, help: "Print no warnings or progress on stderr.")
    var quiet = false

    /// Loads the dataset, printing warnings to stderr; on data errors prints them and exits 1.
    func load() throws -> Dataset {
        let url: URL
        if let dataset {
            url = URL(fileURLWithPath: dataset)
        } else {
            guard let demo = DemoData.url else {
                throw CLIError("the bundled demo dataset was not found next to the executable; give a DATASET folder")
            }
            url = demo
        }
        do {
            var d = try DatasetSources.open(url, lenient: lenient)
            if dataset == nil { d.source = "bundled demo (\(DemoData.name))" }
            if !quiet { for w in d.warnings { Console.warn("warning: \(w)") } }
            return d
        } catch let e as DatasetError {
            Console.error(e.description)
            throw ExitCode(1)
        }
    }
}

/// Opens whatever a user gives as DATASET: a folder of CSV files, or a single network file chosen
/// by its extension. Each format has its own reader; add new formats here, one line each.
enum DatasetSources {
    /// Extensions of single-file sources and what they are, for error messages and help.
    static let fileKinds: [(extensions: [String], description: String)] = [
        // (add single-file formats here)
    ]

    static func open(_ url: URL, lenient: Bool) throws -> Dataset {
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir)
        if !exists || isDir.boolValue {
            return try DatasetLoader(options: .init(lenient: lenient)).load(folder: url)
        }
        switch url.pathExtension.lowercased() {
        // (single-file readers: `case "ext": return try Reader.load(url, lenient: lenient)`)
        default:
            let known = fileKinds.map { "\($0.description) (\($0.extensions.map { "." + $0 }.joined(separator: ", ")))" }
            throw DatasetError(issues: [DataIssue(file: url.path, message:
                "not a dataset: give a folder holding experts.csv" + (known.isEmpty ? "" : ", or one of: " + known.joined(separator: "; ")))])
        }
    }
}

/// Output formats shared by the reporting commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// The small-cell threshold option.
struct PrivacyOptions: ParsableArguments {
    @Option(name: .customLong("min-cell"),
            help: "Hide patient counts from 1 to N-1 (CMS cell-size rule; 0 turns suppression off).")
    var minCell: Int = SmallCell.defaultThreshold

    func validate() throws {
        guard minCell >= 0 else { throw ValidationError("--min-cell must be 0 or more") }
    }
}

/// A user-facing failure: printed as `error: message`, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

enum Console {
    static func warn(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    static func error(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    static func out(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename, so a
/// failure never leaves a half-written file behind.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent()
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
        throw CLIError("cannot write \(path): folder \(dir.path) does not exist")
    }
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
        try Data(bytes).write(to: tmp)
        if FileManager.default.fileExists(atPath: url.path) {
            _ = try FileManager.default.replaceItemAt(url, withItemAt: tmp)
        } else {
            try FileManager.default.moveItem(at: tmp, to: url)
        }
    } catch {
        try? FileManager.default.removeItem(at: tmp)
        throw CLIError("cannot write \(path): \(error.localizedDescription)")
    }
}

/// Parses a period option, with a clear error.
func parsePeriod(_ s: String, option: String, fiscalYearStart: Int = 1) throws -> Period {
    guard let p = Period.parse(s, fiscalYearStart: fiscalYearStart) else {
        throw ValidationError("\(option) '\(s)' is not a period: use 2026Q2, 2026-Q2, 2026, 2026-03 or 2026-01-01..2026-03-31")
    }
    return p
}
