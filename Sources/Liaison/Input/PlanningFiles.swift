import Foundation

/// One liaison's planning resources: a row of `liaisons.csv`
/// (`liaison,capacity[,home][,visits_per_day]`).
public struct LiaisonResources: Sendable, Hashable {
    /// The liaison's name, as in `interactions.csv` (compared case-insensitively).
    public var liaison: String
    /// Visits the liaison can make in a quarter; `nil` when the cell is empty (the default applies).
    public var capacity: Int?
    /// Where the liaison's days start and end: an institution id or a city of `institutions.csv`.
    public var home: String?
    /// Most visits in one day on the road; `nil`: the default (4).
    public var visitsPerDay: Int?

    /// Creates resources.
    public init(liaison: String, capacity: Int? = nil, home: String? = nil, visitsPerDay: Int? = nil) {
        self.liaison = liaison
        self.capacity = capacity
        self.home = home
        self.visitsPerDay = visitsPerDay
    }
}

/// A row of a call plan read with its optional columns: `expert,period,planned` plus `liaison`,
/// `channel` and `reason` (what `liaison plan --out` writes, or a team's own `plan.csv`).
public struct PlanFileRow: Sendable, Hashable {
    /// Index of the expert in ``Dataset/experts``.
    public var expert: Int
    /// The period of the row (quarters read in the fiscal calendar).
    public var period: Period
    /// Planned visits.
    public var planned: Int
    /// The liaison named on the row, if the file has a `liaison` column and the cell is not empty.
    public var liaison: String?
    /// The channel named on the row (lower case), if any.
    public var channel: String?
    /// The reason given on the row, if any.
    public var reason: String?

    /// Creates a row.
    public init(expert: Int, period: Period, planned: Int, liaison: String? = nil, channel: String? = nil,
                reason: String? = nil) {
        self.expert = expert
        self.period = period
        self.planned = planned
        self.liaison = liaison
        self.channel = channel
        self.reason = reason
    }

    /// Whether the row is a face-to-face visit: no channel, or `in-person` (also `in person`, `visit`).
    public var isInPerson: Bool {
        guard let c = channel?.lowercased(), !c.isEmpty else { return true }
        return ["in-person", "in person", "inperson", "visit", "face-to-face"].contains(c)
    }
}

/// Readers of the planning files: `liaisons.csv` and a call plan with optional columns, and a check of
/// the coordinate columns of `institutions.csv`. Every problem is reported as `FILE:LINE:COLUMN`.
public enum PlanningFiles {
    /// Reads `liaisons.csv`: required column `liaison`; optional `capacity` (visits a quarter, a whole
    /// number ≥ 0; empty: the default), `home` (an institution id or a city of `d`'s institutions;
    /// checked only when `d` has institutions) and `visits_per_day` (a whole number ≥ 1).
    ///
    /// - Throws: ``DatasetError`` listing every bad cell and duplicate liaison.
    public static func readLiaisons(_ url: URL, dataset d: Dataset, displayName: String? = nil) throws -> [LiaisonResources] {
        let t: CSVTable
        do { t = try CSVTable(url: url, displayName: displayName ?? url.lastPathComponent) } catch { throw DatasetError(issues: [error]) }
        var issues: [DataIssue] = []
        do { try t.require(["liaison"]) } catch { throw DatasetError(issues: [error]) }
        let cities = Set(d.institutions.map { $0.city.trimmingSpaces.lowercased() }.filter { !$0.isEmpty })
        var seen: [String: Int] = [:]
        var out: [LiaisonResources] = []
        for r in t.records where !(r.fields.count == 1 && r.fields[0].isEmpty) {
            let name = t.value(r, "liaison")
            guard !name.isEmpty else { issues.append(t.issue(r, "liaison", "empty liaison")); continue }
            if let first = seen[name.lowercased()] {
                issues.append(t.issue(r, "liaison", "liaison '\(name)' appears twice (first on line \(first))")); continue
            }
            seen[name.lowercased()] = r.line
            var row = LiaisonResources(liaison: name)
            let cap = t.value(r, "capacity")
            if !cap.isEmpty {
                guard let v = Int(cap), v >= 0 else {
                    issues.append(t.issue(r, "capacity", "capacity '\(cap)' is not a whole number ≥ 0 (visits a quarter)")); continue
                }
                row.capacity = v
            }
            let perDay = t.value(r, "visits_per_day")
            if !perDay.isEmpty {
                guard let v = Int(perDay), v >= 1 else {
                    issues.append(t.issue(r, "visits_per_day", "visits_per_day '\(perDay)' is not a whole number ≥ 1")); continue
                }
                row.visitsPerDay = v
            }
            let home = t.value(r, "home")
            if !home.isEmpty {
                if !d.institutions.isEmpty && d.institutionIndex[home] == nil && !cities.contains(home.lowercased()) {
                    issues.append(t.issue(r, "home", "home '\(home)' is neither an institution id nor a city of institutions.csv"))
                    continue
                }
                row.home = home
            }
            out.append(row)
        }
        if !issues.isEmpty { throw DatasetError(issues: Array(issues.prefix(50)), total: issues.count) }
        return out
    }

    /// Reads a call plan: required columns `expert`, `period`, `planned`; optional `liaison`, `channel`,
    /// `reason`. Expert ids must be in `d`; periods are read in the fiscal calendar starting in month
    /// `fiscalYearStart`; `planned` is a whole number ≥ 0.
    ///
    /// - Throws: ``DatasetError`` listing every bad cell (up to 50).
    public static func readPlan(_ url: URL, dataset d: Dataset, fiscalYearStart: Int = 1,
                                displayName: String? = nil) throws -> [PlanFileRow] {
        let t: CSVTable
        do { t = try CSVTable(url: url, displayName: displayName ?? url.lastPathComponent) } catch { throw DatasetError(issues: [error]) }
        do { try t.require(["expert", "period", "planned"]) } catch { throw DatasetError(issues: [error]) }
        var issues: [DataIssue] = []
        var out: [PlanFileRow] = []
        for r in t.records where !(r.fields.count == 1 && r.fields[0].isEmpty) {
            let id = t.value(r, "expert")
            guard let e = d.expertIndex[id] else {
                issues.append(t.issue(r, "expert", id.isEmpty ? "empty expert" : "unknown expert id '\(id)' (not in experts.csv)"))
                continue
            }
            let ps = t.value(r, "period")
            guard let p = Period.parse(ps, fiscalYearStart: fiscalYearStart) else {
                issues.append(t.issue(r, "period", "period '\(ps)' is not a period (use 2026Q2, 2026, 2026-03 or 2026-01-01..2026-03-31)"))
                continue
            }
            let ns = t.value(r, "planned")
            guard let n = Int(ns), n >= 0 else {
                issues.append(t.issue(r, "planned", "planned '\(ns)' is not a whole number ≥ 0")); continue
            }
            func optional(_ c: String) -> String? { let v = t.value(r, c); return v.isEmpty ? nil : v }
            out.append(PlanFileRow(expert: e, period: p, planned: n, liaison: optional("liaison"),
                                   channel: optional("channel")?.lowercased(), reason: optional("reason")))
        }
        if !issues.isEmpty { throw DatasetError(issues: Array(issues.prefix(50)), total: issues.count) }
        return out
    }

    /// Checks the coordinate columns of an `institutions.csv` file: where a row has `lat` or `lon`, both
    /// must be numbers, latitude in −90…90 and longitude in −180…180. Returns the problems (empty when
    /// the file has no coordinate columns).
    public static func coordinateIssues(_ url: URL, displayName: String? = nil) -> [DataIssue] {
        let t: CSVTable
        do { t = try CSVTable(url: url, displayName: displayName ?? url.lastPathComponent) } catch { return [error] }
        let latCol = Institution.coordinateColumns.lat.first { t.has($0) }
        let lonCol = Institution.coordinateColumns.lon.first { t.has($0) }
        guard latCol != nil || lonCol != nil else { return [] }
        var issues: [DataIssue] = []
        for r in t.records where !(r.fields.count == 1 && r.fields[0].isEmpty) {
            let a = latCol.map { t.value(r, $0) } ?? "", b = lonCol.map { t.value(r, $0) } ?? ""
            if a.isEmpty && b.isEmpty { continue }
            if a.isEmpty || b.isEmpty {
                issues.append(t.issue(r, a.isEmpty ? (latCol ?? "lat") : (lonCol ?? "lon"),
                                      "a position needs both lat and lon (one is empty)"))
                continue
            }
            if let col = latCol, Double(a).map({ !(-90...90).contains($0) }) ?? true {
                issues.append(t.issue(r, col, "lat '\(a)' is not a latitude in degrees (−90 to 90)"))
            }
            if let col = lonCol, Double(b).map({ !(-180...180).contains($0) }) ?? true {
                issues.append(t.issue(r, col, "lon '\(b)' is not a longitude in degrees (−180 to 180)"))
            }
        }
        return issues
    }
}
