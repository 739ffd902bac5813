import ArgumentParser
import Foundation
import Liaison
import LiaisonMaps

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the quarterly coverage report: one self-contained HTML file to open in a browser.",
        discussion: """
        The report holds the headline (reach, attainment, influence coverage, interactions, each with its \
        change from the compared quarter), the network map coloured by coverage (pan, zoom, tooltips, click \
        for details and the neighbourhood, search), the under-visited key experts with neighbourhood maps and \
        a way in, every quarter's coverage (the trend), coverage by tier, region and liaison, the quarter \
        comparison (gained, lost, rising experts), communities and bridges, next quarter's suggested plan per \
        liaison (as liaison plan makes it), and data notes. Everything is inline: it opens from disk, \
        offline, and prints cleanly.

        Default quarter: the latest quarter with interactions; default comparison: the quarter before; default \
        file: liaison-report-<quarter>.html in the current folder. --generated-at (or the SOURCE_DATE_EPOCH \
        environment variable) fixes the timestamp, for reproducible files.

        Examples:
          liaison report
          liaison report --quarter 2026Q3 --out q3.html
          liaison report my-team/ --quarter 2026Q3 --compare-to 2025Q3
          liaison report --quarter 2026Q4 --as-of 2026-11-20
        """
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions
    @OptionGroup var when: PeriodOptions
    @OptionGroup var filters: CoverageFilterOptions

    @Option(name: .customLong("compare-to"), help: ArgumentHelp("Period to compare with (default: the one before).", valueName: "period"))
    var compareTo: String?

    @Option(name: .shortAndLong, help: "Output file (default: liaison-report-<quarter>.html).")
    var out: String?

    @Option(name: .customLong("map-top"), parsing: .unconditional, help: "The main map draws this many of the most influential experts, plus targets up to --map-limit.")
    var mapTop: Int = 150

    @Option(name: .customLong("map-limit"), parsing: .unconditional, help: "Most experts on the main map.")
    var mapLimit: Int = 250

    @Option(name: .customLong("stale-days"), parsing: .unconditional, help: "Flag targets not seen for this many days or more.")
    var staleDays: Int = 90

    @Option(name: .customLong("generated-at"), help: ArgumentHelp("Timestamp to print as the generation time (ISO 8601; default: now, or SOURCE_DATE_EPOCH).", valueName: "time"))
    var generatedAt: String?

    func validate() throws {
        try OptionRange.check(mapTop, "--map-top", OptionRange.reportMap, unit: "experts")
        try OptionRange.check(mapLimit, "--map-limit", OptionRange.reportMap, unit: "experts")
        try OptionRange.check(staleDays, "--stale-days", OptionRange.staleDays, unit: "days")
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let stamp = try timestamp()
            let d = try data.load()
            guard d.filesPresent.contains("interactions.csv") else {
                throw CLIError("the report needs interactions.csv in the dataset (coverage is measured from it)")
            }
            let w = try coverageWindow(d, period: try data.period(when.quarter, option: "--quarter"),
                                       asOf: try when.asOfChoice(), data: data)
            let o = w.applied(to: try filters.options(for: d, fiscalYearStart: data.fiscalYearStart))
            let q = w.period
            let q0 = try data.period(compareTo, option: "--compare-to") ?? q.previous(fiscalYearStart: data.fiscalYearStart)
            let path = out ?? "liaison-report-\(Report.fileSafe(q.label)).html"
            let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
            guard ext == "html" || ext == "htm" || OutputFile.isWrittenThrough(path) else {
                throw ValidationError("the report is one HTML file: --out must end in .html, or be - for standard output "
                                      + "(got \(UserText.quoted(path)))")
            }
            try data.refuseOverwritingInputs(path)

            let comparison = try CoverageComparison(d, from: q0, to: q, options: o, limit: 10)
            let r = comparison.to
            let gaps = CoverageGaps.find(r, staleDays: staleDays)
            let communities: CommunityAnalysis?
            // Leaders by influence at any size, like every other ranking in the report (which does not
            // name the measure); `communities` switches to PageRank above 50,000 experts.
            do {
                communities = try CommunityAnalysis.analyze(d, period: r.targets.influencePeriod,
                                                            options: CommunityOptions(leadersBy: .influence))
            } catch {
                if !data.quiet { Console.warn("note: communities left out: \(error)") }
                communities = nil
            }
            var input = QuarterlyReportInput(
                comparison: comparison, gaps: gaps, communities: communities, overlay: MapOverlays.coverage(r),
                generatedAt: stamp, generator: "liaison \(LiaisonCommand.configuration.version)",
                datasetName: Report.datasetName(d))
            input.minCell = privacy.minCell
            input.mapTop = mapTop
            input.mapLimit = max(mapTop, mapLimit)
            input.staleDays = staleDays
            input.filterLine = o.filterLine
            input.window = w
            input.trend = try CoverageTrend.compute(d, through: w, options: o)
            input.files = Report.files(d)
            input.nextQuarter = try nextQuarterPlan(d, after: q)
            let started = Date()
            let bytes = try QuarterlyReport.bytes(input)
            try writeOutput(bytes, to: path)
            if !data.quiet {
                let kb = (bytes.count + 1023) / 1024
                Console.warn("wrote \(path) (\(kb) KB, \(q.label) compared with \(q0.label), "
                             + "\(gaps.count) gaps; built in \(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
            }
        }
    }

    /// The suggested plan for the quarter after `q` (as `liaison plan` makes it, capacities from the
    /// folder's liaisons.csv or history), or `nil` with a note when it cannot be made.
    func nextQuarterPlan(_ d: Dataset, after q: Period) throws -> PlanView? {
        let fy = data.fiscalYearStart
        let next = Period.quarter(containing: q.end.adding(days: 1), fiscalYearStart: fy)
        let co = CoverageOptions(expectTier1: filters.expectTier1, expectTier2: filters.expectTier2, fiscalYearStart: fy)
        do {
            let liaisons = try Planning.liaisons(data, file: nil, dataset: d)
            return PlanView(try Planning.suggest(d, quarter: next, coverage: co, capacity: nil, liaisons: liaisons, keepPlan: false))
        } catch let e as CentralityError {
            if !data.quiet { Console.warn("note: the next quarter's plan is left out: \(e)") }
            return nil
        }
    }

    /// The generation time: --generated-at, else SOURCE_DATE_EPOCH, else now (UTC, ISO 8601).
    func timestamp() throws -> String {
        if let g = generatedAt?.trimmingSpaces {
            guard !g.isEmpty, g.count <= 40, g.allSatisfy({ $0.isASCII && ($0.isNumber || "-:TZ+.".contains($0)) }) else {
                throw CLIError("--generated-at \(UserText.quoted(generatedAt ?? "")) is not an ISO 8601 time (e.g. 2026-11-21T08:00:00Z)")
            }
            return g
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        if let e = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"]?.trimmingSpaces, !e.isEmpty {
            guard let seconds = Int(e) else { throw CLIError("SOURCE_DATE_EPOCH \(UserText.quoted(e)) is not a number of seconds") }
            return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
        return f.string(from: Date())
    }

    static func fileSafe(_ label: String) -> String {
        String(label.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }

    static func datasetName(_ d: Dataset) -> String {
        if d.source.hasPrefix("bundled demo") { return "belgian-hematology" }
        let last = URL(fileURLWithPath: d.source).lastPathComponent
        return last.isEmpty || last == "/" ? d.source : last
    }

    /// The files read, with their row counts.
    static func files(_ d: Dataset) -> [(name: String, detail: String)] {
        let counts: [String: Int] = [
            "experts.csv": d.experts.count, "institutions.csv": d.institutions.count, "referrals.csv": d.links.count,
            "collaborations.csv": d.collaborations.count, "interactions.csv": d.interactions.count, "plan.csv": d.plan.count,
        ]
        return d.filesPresent.sorted().map { name in
            (name, counts[name].map { "\($0) row\($0 == 1 ? "" : "s")" } ?? "")
        }
    }
}
