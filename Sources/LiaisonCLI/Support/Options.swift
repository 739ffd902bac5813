import ArgumentParser
import Foundation
import Liaison
import LiaisonDemoData
import LiaisonWorkspace
import LiaisonMaps

/// The dataset every command reads: a folder given as the first argument, a referrals file
/// (`--referrals FILE`, alone or replacing the folder's `referrals.csv`), or the bundled demo.
struct DatasetOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Dataset folder, or a referrals .csv file (default: the bundled Belgian hematology demo).", valueName: "dataset"))
    var dataset: String?

    @Option(name: .customLong("referrals"), help: ArgumentHelp(
        "Referrals file to use instead of the folder's referrals.csv, or alone as the whole dataset: Liaison, CMS shared-patient (DocGraph) or hop-teaming layout, detected from its first row.",
        valueName: "file"))
    var referrals: String?

    @Option(help: ArgumentHelp(
        "For an edge list with a layer column (layer from to weight): read only this layer, by name (from the *_layers.txt file beside it, e.g. advice) or number. Default: every layer, weights summed.",
        valueName: "name"))
    var layer: String?

    @Flag(help: "Skip rows with errors (with a warning and a count) instead of failing.")
    var lenient = false

    @Flag(help: "Treat referral links as undirected (patients shared either way); no direction is shown or used.")
    var undirected = false

    @Flag(name: .shortAndLong, help: "Print no warnings or progress on stderr.")
    var quiet = false

    @Flag(help: "Tables keep every column instead of fitting the terminal's width (COLUMNS).")
    var wide = false

    @Flag(help: "CSV for a spreadsheet: a UTF-8 byte-order mark, and text starting with = + - @ prefixed with ' so it is never run as a formula.")
    var excel = false

    @Flag(name: .customLong("no-cache"), help: ArgumentHelp(
        "Parse the dataset's files and compute betweenness and closeness even when the cache folder holds them up to date, and store nothing there. See the README, Large datasets.",
        visibility: .default))
    var noCache = false

    @Flag(name: .customLong("add-encounters"),
          help: "Add the shared-patient links derived from the folder's encounters.csv to referrals.csv (without referrals.csv they are used anyway).")
    var addEncounters = false

    @Option(name: .customLong("date-format"), help: ArgumentHelp(
        "How dates are written in interactions.csv and encounters.csv besides ISO 8601 (always read). Slash dates are refused without it: 03/04/2026 is ambiguous.",
        valueName: "format"))
    var dateFormat: DateFormat = .iso

    @Option(name: .customLong("encounter-window"), parsing: .unconditional,
            help: ArgumentHelp("Days between two encounters of a patient that still link their experts (encounters.csv).", valueName: "days"))
    var encounterWindow: Int = 30

    @Option(name: .customLong("science-weight"), parsing: .unconditional, help: ArgumentHelp(
        "Share of influence from publications and trials (the folder's publications/ and trials/), 0 to 1.",
        valueName: "share"))
    var scienceWeight: Double = ScientificInfluence.defaultShare

    @Option(name: .customLong("fiscal-year-start"),
            help: ArgumentHelp("First month of the fiscal year (1-12 or a name, e.g. april): every quarter and year given as an option is read in this calendar.", valueName: "month"))
    var fiscalYearStartText: String = "1"

    /// The first month of the fiscal year (1 = January).
    var fiscalYearStart: Int { Period.fiscalYearStart(parsing: fiscalYearStartText) ?? 1 }

    func validate() throws {
        guard Period.fiscalYearStart(parsing: fiscalYearStartText) != nil else {
            throw ValidationError("--fiscal-year-start \(UserText.quoted(fiscalYearStartText)) is not a month: use 1-12 or a name like april")
        }
        try OptionRange.check(scienceWeight, "--science-weight", 0...1)
        try OptionRange.check(encounterWindow, "--encounter-window", OptionRange.windowDays, unit: "days")
    }

    /// A period option read in the fiscal calendar (`nil` when not given).
    func period(_ text: String?, option: String) throws -> Period? {
        try text.map { try parsePeriod($0, option: option, fiscalYearStart: fiscalYearStart) }
    }

    /// The files this dataset is read from, for refusing an output that would overwrite one: the
    /// dataset file (a network file or a workspace, with its journal), or the dataset folder's files
    /// (see ``DatasetLoader/fileNames``, liaisons.csv, encounters.csv, publications/ and trials/), and
    /// `--referrals`.
    var inputFiles: [String] {
        var files = referrals.map { [$0] } ?? []
        let root = dataset ?? (referrals == nil ? DemoData.url?.path : nil)
        guard let root else { return files }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir) else { return files }
        guard isDir.boolValue else { return files + [root, root + "-journal"] }
        let names = DatasetLoader.fileNames + ["liaisons.csv", "encounters.csv"]
        files += names.map { (root as NSString).appendingPathComponent($0) }
        for sub in [ScienceLoader.publicationsFolder, ScienceLoader.trialsFolder] {
            let folder = (root as NSString).appendingPathComponent(sub)
            let inside = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            files += inside.map { (folder as NSString).appendingPathComponent($0) }
        }
        return files
    }

    /// Refuses an output path that names one of the dataset's files (or `extra` inputs); `allowed`
    /// names dataset files the command's output may replace (plan writes the folder's plan.csv).
    func refuseOverwritingInputs(_ output: String?, extra: [String?] = [], allowed: [String] = [],
                                 option: String = "--out") throws {
        guard let output else { return }
        let inputs = inputFiles.filter { !allowed.contains(($0 as NSString).lastPathComponent) } + extra.compactMap { $0 }
        do throws(OutputFile.WriteError) { try OutputFile.refuseInput(output, inputs: inputs, option: option) } catch {
            throw CLIError(error.description)
        }
    }

    /// The snapshot cache: `LIAISON_CACHE_DIR` (or the default folder), for inputs of at least
    /// `LIAISON_CACHE_MIN_BYTES` bytes (default 16 MB), with path scores of searches of at least
    /// `LIAISON_PATHS_MIN_WORK` (sources × (experts + links), default 50 million).
    static var cache: DatasetCache {
        let env = ProcessInfo.processInfo.environment
        let minimum = env["LIAISON_CACHE_MIN_BYTES"].flatMap { Int($0) }.map { max(0, $0) } ?? 16 << 20
        var c = DatasetCache(folder: DatasetCache.defaultFolder, minimumBytes: minimum)
        if let w = env["LIAISON_PATHS_MIN_WORK"].flatMap({ Int($0) }) { c.pathsMinimumWork = max(0, w) }
        return c
    }

    /// How the dataset's encounters.csv is used.
    var encounterLoading: (add: Bool, options: SharedPatientOptions) {
        (addEncounters, SharedPatientOptions(window: encounterWindow))
    }

    /// Loads the dataset, printing warnings to stderr; on data errors prints them and exits 1.
    /// With `--undirected` the referral links lose their direction (see `Dataset.undirected()`), unless
    /// `applyUndirected` is false for a command that handles direction itself.
    func load(applyUndirected: Bool = true) throws -> Dataset {
        Console.wide = wide
        Console.excel = excel
        let progress = quiet ? nil : Progress.onTerminal()
        let report: (@Sendable (LoadProgress) -> Void)? = progress.map { p in { @Sendable x in p.report(x) } }
        var options = DatasetOpenOptions(lenient: lenient, progress: report, layer: layer, addEncounters: encounterLoading.add,
                                         encounterOptions: encounterLoading.options, dateFormat: dateFormat,
                                         referrals: referrals.map { URL(fileURLWithPath: $0) })
        if !noCache { options.cache = Self.cache }
        var url = dataset.map { URL(fileURLWithPath: $0) }
        let demo = url == nil && referrals == nil
        if demo {
            guard let d = DemoData.url else {
                throw CLIError("the bundled demo dataset was not found next to the executable; give a DATASET folder")
            }
            url = d
            options.progress = nil
            options.cache = nil
        }
        do throws(DatasetError) {
            var d = try datasetSources.open(url, options: options)
            if demo { d.source = "bundled demo (\(DemoData.name))" }
            progress?.finish()
            // Every source's counts against the ceiling (the readers check as they read; this holds
            // for whatever reached the dataset, e.g. encounter links added to referrals).
            let counts = PatientCount.referralIssues(d.links, experts: d.experts, file: d.source)
            if !counts.isEmpty { throw DatasetError(issues: counts) }
            d.science.influenceShare = scienceWeight
            if !quiet { for w in d.warnings { Console.warn("warning: \(w)") } }
            return undirected && applyUndirected ? d.undirected() : d
        } catch {
            progress?.finish()
            Console.error(error.description)
            throw ExitCode(1)
        }
    }
}

/// Every reader of a DATASET argument: the library's own, the DOT reader (LiaisonMaps) and the
/// workspace (LiaisonWorkspace).
let datasetSources = DatasetSources.standard + [.dot, .workspace]

/// Progress of long loads on stderr, only when stderr is a terminal: one line rewritten in place
/// (`\r`) at most four times a second, e.g. `reading referrals.csv: 45% (3.6M rows)`.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private var last = 0.0
    private var shown = false

    /// A progress display when stderr is a terminal, else `nil`.
    static func onTerminal() -> Progress? { isatty(2) != 0 ? Progress() : nil }

    /// Reports a load step (thread-safe).
    func report(_ p: LoadProgress) {
        lock.lock(); defer { lock.unlock() }
        let now = Date().timeIntervalSinceReferenceDate
        if !p.done && now - last < 0.25 { return }
        last = now
        let name = UserText.escaped((p.file as NSString).lastPathComponent)
        var s = "reading \(name): "
        if let total = p.totalBytes, total > 0 {
            s += "\(min(100, p.bytesRead * 100 / total))% "
        }
        s += "(\(Progress.rows(p.rows)) rows)"
        write("\r\u{1B}[K" + s)
    }

    /// Reports a fraction of some work other than loading.
    func reportFraction(_ label: String, _ fraction: Double) {
        lock.lock(); defer { lock.unlock() }
        let now = Date().timeIntervalSinceReferenceDate
        if fraction < 1 && now - last < 0.25 { return }
        last = now
        write("\r\u{1B}[K\(UserText.escaped(label)): \(Int((fraction * 100).rounded(.down)))%")
    }

    /// Clears the progress line.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { write("\r\u{1B}[K"); shown = false }
    }

    private func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
        shown = true
    }

    static func rows(_ n: Int) -> String {
        if n >= 1_000_000 { return String(format: "%.1fM", Double(n) / 1_000_000) }
        if n >= 10_000 { return "\(n / 1000)k" }
        return "\(n)"
    }
}

/// Output formats shared by the reporting commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// The small-cell threshold option.
struct PrivacyOptions: ParsableArguments {
    @Option(name: .customLong("min-cell"), parsing: .unconditional,
            help: "Hide patient counts from 1 to N-1 (CMS cell-size rule; 0 turns suppression off).")
    var minCell: Int = SmallCell.defaultThreshold

    func validate() throws {
        try OptionRange.check(minCell, "--min-cell", OptionRange.minCell)
    }
}

/// A user-facing failure: printed as `error: message`, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Where the CLI prints. Every message and warning on stderr goes through ``UserText/message(_:)``:
/// control and invisible characters escaped, long lines cut — whatever a file or an argument held.
enum Console {
    /// `--wide`: tables keep every column whatever the terminal's width. Set once, while options load.
    nonisolated(unsafe) static var wide = false
    /// `--excel`: CSV is written for a spreadsheet (see ``TabularOutput/csv(forSpreadsheet:)``).
    nonisolated(unsafe) static var excel = false

    /// The width tables fit: `COLUMNS` when set, else the terminal's when standard output is one;
    /// `nil` (full width) with `--wide` or when writing to a file or a pipe.
    static var width: Int? {
        if wide { return nil }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), c >= 20 { return c }
        guard isatty(1) != 0 else { return nil }
        var w = winsize()
        return ioctl(1, UInt(TIOCGWINSZ), &w) == 0 && w.ws_col >= 20 ? Int(w.ws_col) : nil
    }

    static func warn(_ s: String) { FileHandle.standardError.write(Data((UserText.message(s) + "\n").utf8)) }
    static func error(_ s: String) { FileHandle.standardError.write(Data((UserText.message(s) + "\n").utf8)) }
    static func out(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }
    /// Ends the process with status 0, once a command's output is written (`Console.out` writes
    /// through, unbuffered): what the command built — at national size a million rows, their experts
    /// and the link columns — is then not freed object by object first, work nobody waits for (0.1 s
    /// of a 2.4 s `rank` at a million experts, in strace: from the output's last write to the exit).
    /// Compilers skip that teardown the same way. Only at the very end of a command's `run`: nothing
    /// runs in the background (every worker is joined before its result is used), and files are
    /// written atomically before the output.
    static func finished() -> Never {
        exit(0)  // flushes C's buffered streams, as a return from `main` would
    }

    /// Writes bytes to standard output as they are (no String, no copy).
    static func out(bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count,
                                                 deallocator: .none))
        }
    }
}

/// Writes an output file by the one rule of ``OutputFile`` (atomic for regular files and new paths,
/// written through for pipes and devices, never replacing a special file; `-` is standard output
/// where `standardOutput` allows), failing with `error: cannot write …`.
func writeOutput(_ bytes: [UInt8], to path: String, standardOutput: OutputFile.StandardOutput = .allowed) throws {
    do throws(OutputFile.WriteError) { try OutputFile.write(bytes, to: path, standardOutput: standardOutput) } catch {
        throw CLIError(error.description)
    }
}

extension DateFormat: ExpressibleByArgument {
    /// Reads `dd/mm/yyyy` and the other formats case-insensitively.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// Parses a period option in the fiscal calendar starting in `fiscalYearStart`, with a clear error.
func parsePeriod(_ s: String, option: String, fiscalYearStart: Int) throws -> Period {
    guard let p = Period.parse(s, fiscalYearStart: fiscalYearStart) else {
        throw ValidationError("\(option) \(UserText.quoted(s)) is not a period: use 2026Q2, 2026-Q2, 2026, 2026-03 or 2026-01-01..2026-03-31")
    }
    return p
}
