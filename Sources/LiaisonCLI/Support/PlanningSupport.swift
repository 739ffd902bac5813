import ArgumentParser
import Foundation
import Liaison
import LiaisonDemoData

/// The tier expectations, for the planning commands (the fiscal calendar is a dataset option).
struct PlanningCalendarOptions: ParsableArguments {
    @Option(name: .customLong("expect-tier1"), parsing: .unconditional, help: "Visits expected a quarter with a tier-1 expert.")
    var expectTier1: Double = 3

    @Option(name: .customLong("expect-tier2"), parsing: .unconditional, help: "Visits expected a quarter with a tier-2 expert.")
    var expectTier2: Double = 2

    func validate() throws {
        try OptionRange.check(expectTier1, "--expect-tier1", OptionRange.expectation)
        try OptionRange.check(expectTier2, "--expect-tier2", OptionRange.expectation)
    }

    /// Coverage options carrying the calendar and the expectations.
    func coverageOptions(_ data: DatasetOptions) -> CoverageOptions {
        CoverageOptions(expectTier1: expectTier1, expectTier2: expectTier2, fiscalYearStart: data.fiscalYearStart)
    }
}

/// `--capacity` and `--liaisons`.
struct CapacityOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Visits per liaison per quarter, the same for every liaison.", valueName: "n"))
    var capacity: Int?

    @Option(help: ArgumentHelp("A liaisons.csv: liaison, capacity, home, visits_per_day (default: the "
                               + "dataset folder's, if any).", valueName: "file"))
    var liaisons: String?

    func validate() throws {
        try OptionRange.check(capacity, "--capacity", OptionRange.capacity, unit: "visits")
        if capacity != nil && liaisons != nil { throw ValidationError("give either --capacity or --liaisons, not both") }
    }
}

enum Planning {
    /// The dataset's folder, when DATASET is a folder or the bundled demo is used.
    static func folder(_ data: DatasetOptions) -> URL? {
        if let path = data.dataset {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
                ? URL(fileURLWithPath: path) : nil
        }
        return data.referrals == nil ? DemoData.url : nil
    }

    /// Rows of `--liaisons FILE`, else of the folder's liaisons.csv, else none. Bad rows: printed as
    /// FILE:LINE:COLUMN, exit 1.
    static func liaisons(_ data: DatasetOptions, file: String?, dataset d: Dataset) throws -> [LiaisonResources] {
        let url: URL
        let shown: String
        if let file {
            url = URL(fileURLWithPath: file)
            shown = file
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError("cannot read \(file): no such file") }
        } else if let f = folder(data)?.appendingPathComponent("liaisons.csv"), FileManager.default.fileExists(atPath: f.path) {
            url = f
            shown = data.dataset.map { ($0 as NSString).appendingPathComponent("liaisons.csv") } ?? "liaisons.csv"
        } else {
            return []
        }
        do { return try PlanningFiles.readLiaisons(url, dataset: d, displayName: shown) } catch let e as DatasetError {
            Console.error(e.description)
            throw ExitCode(1)
        }
    }

    /// Checks `lat`/`lon` of the folder's institutions.csv; bad cells are printed as FILE:LINE:COLUMN, exit 1.
    static func checkCoordinates(_ data: DatasetOptions) throws {
        guard let f = folder(data)?.appendingPathComponent("institutions.csv"), FileManager.default.fileExists(atPath: f.path) else { return }
        let shown = data.dataset.map { ($0 as NSString).appendingPathComponent("institutions.csv") } ?? "institutions.csv"
        let issues = PlanningFiles.coordinateIssues(f, displayName: shown)
        guard issues.isEmpty else {
            Console.error(DatasetError(issues: Array(issues.prefix(50)), total: issues.count).description)
            throw ExitCode(1)
        }
    }

    /// `--quarter` (a quarter), or the quarter after the one holding the latest interaction up to today
    /// (later ones are planned calls, see CoverageWindow).
    static func quarter(_ text: String?, _ d: Dataset, fiscalYearStart: Int) throws -> Period {
        if let text {
            let q = try parsePeriod(text, option: "--quarter", fiscalYearStart: fiscalYearStart)
            guard q.kind == .quarter else { throw ValidationError("--quarter \(UserText.quoted(text)) is not a quarter: use e.g. 2027Q1") }
            return q
        }
        let now = today()
        guard let last = d.interactions.map(\.date).filter({ $0 <= now }).max() else {
            throw CLIError("the dataset has no interactions up to \(now), so there is no default quarter; give --quarter")
        }
        return Period.quarter(containing: Period.quarter(containing: last, fiscalYearStart: fiscalYearStart).end.adding(days: 1),
                              fiscalYearStart: fiscalYearStart)
    }

    /// The suggested plan with the command's capacity options; interactions after today are planned
    /// calls and do not count as meetings.
    static func suggest(_ d: Dataset, quarter: Period, coverage: CoverageOptions, capacity: Int?,
                        liaisons: [LiaisonResources], keepPlan: Bool) throws -> CallPlan {
        let setup = try PlanningSetup(d, quarter: quarter, options: coverage, extractionDay: today())
        return CallPlan.suggest(setup, options: CallPlanOptions(capacity: capacity, liaisons: liaisons, keepPlan: keepPlan))
    }
}
