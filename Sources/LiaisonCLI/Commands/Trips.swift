import ArgumentParser
import Foundation
import Liaison

/// Options shared by `trips` and `render --trips`.
struct TripOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Plan to schedule (default: the dataset's plan.csv rows for the quarter, else "
                               + "the suggested plan).", valueName: "file"))
    var plan: String?

    @Option(name: .customLong("visits-per-day"), parsing: .unconditional,
            help: ArgumentHelp("Most visits a day (default: liaisons.csv visits_per_day, else 4).", valueName: "n"))
    var visitsPerDay: Int?

    @Option(help: ArgumentHelp("First day that may be used (default: the quarter's first day).", valueName: "date"))
    var start: String?

    @Option(name: .customLong("holiday"), parsing: .singleValue,
            help: ArgumentHelp("A day off (YYYY-MM-DD), e.g. a public holiday; repeat as needed.", valueName: "date"))
    var holidays: [String] = []

    @Option(name: .customLong("nearby-km"), parsing: .unconditional,
            help: ArgumentHelp("Institutions this close (with lat/lon) may share a day.", valueName: "km"))
    var nearbyKm: Double = 25

    func validate() throws {
        try OptionRange.check(visitsPerDay, "--visits-per-day", OptionRange.visitsPerDay)
        try OptionRange.check(nearbyKm, "--nearby-km", OptionRange.nearbyKm, unit: "km")
        if let start, Day(iso: start.trimmingSpaces) == nil {
            throw ValidationError("--start \(UserText.quoted(start)) is not a date: use YYYY-MM-DD")
        }
        for h in holidays where Day(iso: h.trimmingSpaces) == nil {
            throw ValidationError("--holiday \(UserText.quoted(h)) is not a date: use YYYY-MM-DD")
        }
    }

    /// The trips of quarter `q`: the plan from --plan, the dataset's plan.csv, or the suggestion.
    func schedule(_ data: DatasetOptions, _ d: Dataset, quarter q: Period, coverage: CoverageOptions,
                  capacity: CapacityOptions, liaison: String?) throws -> (view: TripsView, source: String, leftOut: [String: Int]) {
        try Planning.checkCoordinates(data)
        let resources = try Planning.liaisons(data, file: capacity.liaisons, dataset: d)
        let fy = coverage.fiscalYearStart
        var rows: [PlanFileRow] = []
        var source: String
        func read(_ url: URL, _ shown: String) throws -> [PlanFileRow] {
            do { return try PlanningFiles.readPlan(url, dataset: d, fiscalYearStart: fy, displayName: shown) } catch let e as DatasetError {
                Console.error(e.description)
                throw ExitCode(1)
            }
        }
        if let plan {
            guard FileManager.default.fileExists(atPath: plan) else { throw CLIError("cannot read \(plan): no such file") }
            rows = try read(URL(fileURLWithPath: plan), plan).filter { $0.period.isWithin(q) }
            guard !rows.isEmpty else { throw CLIError("\(plan) has no rows inside \(q.label) (\(q.start) to \(q.end))") }
            source = plan
        } else {
            if let f = Planning.folder(data)?.appendingPathComponent("plan.csv"), FileManager.default.fileExists(atPath: f.path) {
                rows = try read(f, data.dataset.map { ($0 as NSString).appendingPathComponent("plan.csv") } ?? "plan.csv")
            } else {
                rows = d.plan.map { PlanFileRow(expert: $0.expert, period: $0.period, planned: $0.planned) }
            }
            rows = rows.filter { $0.period.isWithin(q) }
            source = "plan.csv rows of \(q.label)"
            if rows.isEmpty {
                let plan = try Planning.suggest(d, quarter: q, coverage: coverage, capacity: capacity.capacity, liaisons: resources,
                                                keepPlan: false)
                let view = PlanView(plan)
                rows = view.rows.compactMap { r in
                    Period.parse(r.period, fiscalYearStart: fy).map {
                        PlanFileRow(expert: r.expert, period: $0, planned: r.planned, liaison: r.liaison, reason: r.reason)
                    }
                }
                source = "the suggested plan"
            }
        }
        var (requests, leftOut) = FieldTrips.requests(rows, dataset: d, quarter: q)
        if let liaison {
            let names = Set(requests.map(\.liaison))
            guard names.contains(where: { $0.lowercased() == liaison.lowercased() }) else {
                throw CLIError("--liaison \(UserText.quoted(liaison)) has no planned visits in \(q.label); liaisons: \(names.sorted().joined(separator: ", "))")
            }
            requests = requests.filter { $0.liaison.lowercased() == liaison.lowercased() }
        }
        var o = FieldTripOptions(quarter: q)
        if let start {
            guard let s = Day(iso: start.trimmingSpaces), q.contains(s) else {
                throw CLIError("--start \(start) is not inside \(q.label) (\(q.start) to \(q.end))")
            }
            o.start = s
        }
        o.nearbyKm = nearbyKm
        o.holidays = Set(holidays.compactMap { Day(iso: $0.trimmingSpaces) })
        for r in resources {
            if let h = r.home { o.homes[r.liaison.lowercased()] = h }
            if let v = r.visitsPerDay { o.visitsPerDay[r.liaison.lowercased()] = v }
        }
        if let visitsPerDay { o.visitsPerDay = [:]; o.defaultVisitsPerDay = visitsPerDay }
        let (places, trips) = FieldTrips.schedule(d, requests: requests, options: o)
        return (TripsView(d, quarter: q, places: places, trips: trips), source, leftOut)
    }
}

struct Trips: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lay each liaison's planned in-person visits on working days.",
        discussion: """
        Every plan row of the quarter is scheduled, except rows whose channel is not in-person. A day \
        is a working day (Monday to Friday, not a --holiday) in the quarter, holds at most visits_per_day visits \
        (liaisons.csv, --visits-per-day, default 4) in one place: one institution, one city, or with \
        lat/lon in institutions.csv the institutions within --nearby-km of the day's first. Two visits \
        to one expert are at least 14 days apart. Repeat visits go in rounds spread over the quarter; in \
        each round the places follow a nearest-neighbour tour from home (liaisons.csv), and each day \
        the shortest route from home and back. km are straight-line (great-circle) estimates.

        The plan: --plan FILE, else the dataset's plan.csv rows for the quarter, else the suggested \
        plan (liaison plan). Visits that find no day are listed, never dropped silently.

        Examples:
          liaison trips --holiday 2027-01-01
          liaison trips --liaison "Sofie Peeters" --format csv --out trips.csv
          liaison plan --out plan.csv && liaison trips --plan plan.csv --visits-per-day 3
        """
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var trip: TripOptions
    @OptionGroup var capacity: CapacityOptions
    @OptionGroup var calendar: PlanningCalendarOptions

    @Option(name: [.customLong("quarter"), .customLong("period")],
            help: ArgumentHelp("Quarter (default: the one after the latest interaction).", valueName: "quarter"))
    var quarter: String?

    @Option(help: ArgumentHelp("Only this liaison's trips.", valueName: "name"))
    var liaison: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the visits to this CSV file.", valueName: "file"))
    var out: String?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        try LiaisonCommand.guarded {
            try data.refuseOverwritingInputs(out, extra: [trip.plan, capacity.liaisons])
            let d = try data.load()
            let co = calendar.coverageOptions(data)
            let q = try Planning.quarter(quarter, d, fiscalYearStart: co.fiscalYearStart)
            let (view, source, leftOut) = try trip.schedule(data, d, quarter: q, coverage: co, capacity: capacity, liaison: liaison)
            if let out {
                try writeOutput(Array(view.csv.csv(forSpreadsheet: Console.excel).utf8), to: out,
                                standardOutput: .refused("the table goes there; use --format csv for the rows on standard output"))
            }
            switch format {
            case .csv: Console.out(view.csv.csv(forSpreadsheet: Console.excel))
            case .json: Console.out(view.json(source: source, leftOut: leftOut).serialized() + "\n")
            case .table: Console.out(Trips.table(view, source: source, leftOut: leftOut))
            }
            if !data.quiet, let out { Console.warn("wrote \(out) (\(view.rows.count) visits)") }
        }
    }

    /// Unscheduled experts listed one per line under the summary before the rest are counted.
    static let unscheduledShown = 10

    static func table(_ v: TripsView, source: String, leftOut: [String: Int]) -> String {
        var s = "Field trips \(v.quarter.label) (\(v.quarter.start) to \(v.quarter.end)) from \(source)"
        s += source == "the suggested plan" ? " (liaison plan; plan.csv has no rows for \(v.quarter.label))\n" : "\n"
        if !leftOut.isEmpty {
            s += "Left out: " + leftOut.sorted { $0.key < $1.key }.map { "\($0.value) visits \($0.key)" }.joined(separator: ", ") + "\n"
        }
        s += "\n" + v.summary.table(fitting: Console.width)
        // The first unscheduled experts, then a count: a large team's quarter can leave hundreds, and
        // a screen of them would push the schedule out of sight (the summary counts each liaison's).
        let unscheduled = v.trips.flatMap { t in t.unscheduled.map { (liaison: t.liaison, u: $0) } }
        for (liaison, u) in unscheduled.prefix(Trips.unscheduledShown) {
            s += "Unscheduled: \(liaison), \(v.dataset.experts[u.expert].idAndName): "
                + "\(plural(u.visits, "visit")) (\(u.why))\n"
        }
        if unscheduled.count > Trips.unscheduledShown {
            let rest = unscheduled.dropFirst(Trips.unscheduledShown)
            s += "… and \(rest.count) more unscheduled experts (\(plural(rest.reduce(0) { $0 + $1.u.visits }, "visit"))); "
                + "--format json lists every one, --liaison NAME one liaison's.\n"
        }
        var r = TabularOutput(columns: ["liaison", "date", "day", "institution", "city", "expert", "name", "reason"])
        for x in v.rows {
            r.rows.append([.text(x.liaison), .text(x.date.description), .int(x.day), .text(x.institution), .text(x.city),
                           .text(x.id), .text(x.name), .text(x.reason)])
        }
        return s + "\n" + r.table(maxWidth: 48, fitting: Console.width)
    }
}
