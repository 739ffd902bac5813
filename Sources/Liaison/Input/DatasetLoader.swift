import Foundation

/// Reads a dataset folder (`experts.csv` and the optional `institutions.csv`, `referrals.csv`,
/// `collaborations.csv`, `interactions.csv`, `plan.csv`) into a validated ``Dataset``.
///
/// Every problem is reported as a ``DataIssue`` naming file, line and column. Structural problems
/// (a missing required file or column, an unbalanced quote, bytes that are not UTF-8) always fail.
/// Row problems (unknown id, duplicate id, bad number or date) fail too, unless ``Options/lenient``
/// is set, in which case the row is skipped with a warning and counted.
public struct DatasetLoader: Sendable {
    /// How strictly to read.
    public struct Options: Sendable {
        /// Skip bad rows with a warning instead of failing.
        public var lenient = false
        /// How many row errors to collect before stopping.
        public var maxErrors = 50
        /// Creates options.
        public init(lenient: Bool = false, maxErrors: Int = 50) {
            self.lenient = lenient
            self.maxErrors = maxErrors
        }
    }

    /// The files a dataset folder may hold, in load order.
    public static let fileNames = ["experts.csv", "institutions.csv", "referrals.csv", "collaborations.csv",
                                   "interactions.csv", "plan.csv"]

    /// Reading options.
    public var options: Options

    /// Creates a loader.
    public init(options: Options = Options()) { self.options = options }

    /// Loads the dataset in `folder`.
    public func load(folder: URL) throws(DatasetError) -> Dataset {
        var d = Diagnostics(lenient: options.lenient, maxErrors: options.maxErrors)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw DatasetError(issues: [DataIssue(file: folder.path, message: "not a dataset folder (expected a folder holding experts.csv)")])
        }
        func table(_ name: String, required: [String]) throws(DatasetError) -> CSVTable? {
            let url = folder.appendingPathComponent(name)
            guard fm.fileExists(atPath: url.path) else { return nil }
            do {
                let t = try CSVTable(url: url, displayName: displayPath(folder: folder, file: name))
                try t.require(required)
                return t
            } catch { throw DatasetError(issues: [error]) }
        }
        guard let expertsT = try table("experts.csv", required: ["id", "name"]) else {
            throw DatasetError(issues: [DataIssue(file: displayPath(folder: folder, file: "experts.csv"),
                                                  message: "missing: every dataset needs experts.csv (columns id, name)")])
        }
        let institutionsT = try table("institutions.csv", required: ["id", "name"])
        let referralsT = try table("referrals.csv", required: ["source", "target", "patients"])
        let collaborationsT = try table("collaborations.csv", required: ["a", "b"])
        let interactionsT = try table("interactions.csv", required: ["id", "date", "expert", "liaison", "channel"])
        let planT = try table("plan.csv", required: ["expert", "period", "planned"])

        var present: Set<String> = ["experts.csv"]
        for (n, t) in [("institutions.csv", institutionsT), ("referrals.csv", referralsT),
                       ("collaborations.csv", collaborationsT), ("interactions.csv", interactionsT),
                       ("plan.csv", planT)] where t != nil { present.insert(n) }

        // Institutions first: experts refer to them.
        var institutions: [Institution] = []
        var instIndex: [String: Int] = [:]
        var instLine: [String: Int] = [:]
        if let t = institutionsT {
            let extras = t.extraColumns(known: ["id", "name", "kind", "city", "region"])
            for r in t.records {
                let id = t.value(r, "id")
                guard !id.isEmpty else { d.row(t, t.issue(r, "id", "empty id")); continue }
                if let first = instLine[id] {
                    d.row(t, t.issue(r, "id", "duplicate institution id '\(id)' (first on line \(first))")); continue
                }
                let name = t.value(r, "name")
                guard !name.isEmpty else { d.row(t, t.issue(r, "name", "empty name for institution '\(id)'")); continue }
                instLine[id] = r.line
                instIndex[id] = institutions.count
                institutions.append(Institution(id: id, name: name, kind: t.value(r, "kind"), city: t.value(r, "city"),
                                                region: t.value(r, "region"), attributes: attributes(r, extras)))
            }
        }

        var experts: [Expert] = []
        var expertIndex: [String: Int] = [:]
        var expertLine: [String: Int] = [:]
        do {
            let t = expertsT
            let extras = t.extraColumns(known: ["id", "name", "specialty", "institution", "region", "npi", "title"])
            for r in t.records {
                let id = t.value(r, "id")
                guard !id.isEmpty else { d.row(t, t.issue(r, "id", "empty id")); continue }
                if let first = expertLine[id] {
                    d.row(t, t.issue(r, "id", "duplicate expert id '\(id)' (first on line \(first))")); continue
                }
                let name = t.value(r, "name")
                guard !name.isEmpty else { d.row(t, t.issue(r, "name", "empty name for expert '\(id)'")); continue }
                let inst = t.value(r, "institution")
                if institutionsT != nil, !inst.isEmpty, instIndex[inst] == nil {
                    d.row(t, t.issue(r, "institution", "unknown institution id '\(inst)' (not in institutions.csv)")); continue
                }
                var region = t.value(r, "region")
                if region.isEmpty, let k = instIndex[inst] { region = institutions[k].region }
                expertLine[id] = r.line
                expertIndex[id] = experts.count
                experts.append(Expert(id: id, name: name, specialty: t.value(r, "specialty"), institution: inst,
                                      region: region, npi: t.value(r, "npi"), title: t.value(r, "title"),
                                      attributes: attributes(r, extras)))
            }
        }
        func expert(_ t: CSVTable, _ r: CSVReader.Record, _ col: String) -> Int? {
            let id = t.value(r, col)
            if id.isEmpty { d.row(t, t.issue(r, col, "empty \(col)")); return nil }
            guard let k = expertIndex[id] else {
                d.row(t, t.issue(r, col, "unknown expert id '\(id)' (not in experts.csv)")); return nil
            }
            return k
        }
        func count(_ t: CSVTable, _ r: CSVReader.Record, _ col: String, optional: Bool = false) -> Int?? {
            let s = t.value(r, col)
            if s.isEmpty {
                if optional { return .some(nil) }
                d.row(t, t.issue(r, col, "empty \(col): expected a whole number ≥ 0")); return nil
            }
            guard let v = Int(s), v >= 0 else {
                let what = Int(s) != nil ? "is negative" : "is not a whole number"
                d.row(t, t.issue(r, col, "\(col) '\(s)' \(what): expected a whole number ≥ 0")); return nil
            }
            return .some(v)
        }
        func period(_ t: CSVTable, _ r: CSVReader.Record, _ col: String, optional: Bool) -> Period?? {
            let s = t.value(r, col)
            if s.isEmpty {
                if optional { return .some(nil) }
                d.row(t, t.issue(r, col, "empty \(col)")); return nil
            }
            guard let p = Period.parse(s) else {
                d.row(t, t.issue(r, col, "\(col) '\(s)' is not a period (use 2026Q2, 2026, 2026-03 or 2026-01-01..2026-03-31)"))
                return nil
            }
            return .some(p)
        }

        // Referrals: rows for the same pair and period are summed.
        var referrals: [Referral] = []
        if let t = referralsT {
            struct Key: Hashable { var s: Int; var t: Int; var p: Period? }
            var slot: [Key: Int] = [:]
            let known: Set<String> = ["source", "target", "patients", "period"]
            let numericExtras = t.extraColumns(known: known)
            var selfLoops = 0
            for r in t.records {
                guard let s = expert(t, r, "source"), let g = expert(t, r, "target"),
                      let pc = count(t, r, "patients"), let p = pc,
                      let per = period(t, r, "period", optional: true) else { continue }
                if s == g { selfLoops += 1; continue }
                var extra: [String: Int] = [:]
                var bad = false
                for (name, k) in numericExtras where k < r.fields.count {
                    let v = r.fields[k].trimmingSpaces
                    if v.isEmpty { continue }
                    guard let x = Int(v), x >= 0 else {
                        d.row(t, t.issue(r, name, "\(name) '\(v)' is not a whole number ≥ 0")); bad = true; break
                    }
                    extra[name] = x
                }
                if bad { continue }
                let key = Key(s: s, t: g, p: per)
                if let k = slot[key] {
                    referrals[k].patients += p
                    for (n, x) in extra { referrals[k].counts[n, default: 0] += x }
                } else {
                    slot[key] = referrals.count
                    referrals.append(Referral(source: s, target: g, patients: p, period: per, counts: extra))
                }
            }
            if selfLoops > 0 {
                d.warnings.append("\(t.fileName): ignored \(selfLoops) self-referral row\(selfLoops == 1 ? "" : "s") (source = target)")
            }
        }

        var collaborations: [Collaboration] = []
        if let t = collaborationsT {
            for r in t.records {
                guard let a = expert(t, r, "a"), let b = expert(t, r, "b") else { continue }
                let ws = t.value(r, "weight")
                var w = 1.0
                if !ws.isEmpty {
                    guard let x = Double(ws), x.isFinite, x >= 0 else {
                        d.row(t, t.issue(r, "weight", "weight '\(ws)' is not a number ≥ 0")); continue
                    }
                    w = x
                }
                if a == b { d.warnings.append("\(t.fileName):\(r.line): ignored a collaboration of an expert with themself"); continue }
                collaborations.append(Collaboration(a: a, b: b, kind: t.value(r, "kind"), weight: w))
            }
        }

        var interactions: [Interaction] = []
        if let t = interactionsT {
            var seen: [String: Int] = [:]
            for r in t.records {
                let id = t.value(r, "id")
                guard !id.isEmpty else { d.row(t, t.issue(r, "id", "empty id")); continue }
                if let first = seen[id] {
                    d.row(t, t.issue(r, "id", "duplicate interaction id '\(id)' (first on line \(first))")); continue
                }
                let ds = t.value(r, "date")
                guard let day = Day(isoDateOrDateTime: ds) else {
                    d.row(t, t.issue(r, "date", ds.isEmpty ? "empty date" : "date '\(ds)' is not an ISO 8601 date (YYYY-MM-DD)")); continue
                }
                guard let e = expert(t, r, "expert") else { continue }
                let liaison = t.value(r, "liaison"), channel = t.value(r, "channel")
                guard !liaison.isEmpty else { d.row(t, t.issue(r, "liaison", "empty liaison")); continue }
                guard !channel.isEmpty else { d.row(t, t.issue(r, "channel", "empty channel")); continue }
                guard let dur = count(t, r, "duration_minutes", optional: true) else { continue }
                seen[id] = r.line
                interactions.append(Interaction(id: id, date: day, expert: e, liaison: liaison,
                                                channel: channel.lowercased(), topic: t.value(r, "topic"),
                                                durationMinutes: dur))
            }
        }

        var plan: [PlanEntry] = []
        if let t = planT {
            for r in t.records {
                guard let e = expert(t, r, "expert"), let pp = period(t, r, "period", optional: false), let p = pp,
                      let nn = count(t, r, "planned"), let n = nn else { continue }
                plan.append(PlanEntry(expert: e, period: p, planned: n))
            }
        }

        if !d.errors.isEmpty { throw DatasetError(issues: d.errors, total: d.total) }
        for (file, n) in d.skipped.sorted(by: { $0.key < $1.key }) {
            d.warnings.append("\(file): skipped \(n) row\(n == 1 ? "" : "s") with errors (--lenient)")
        }
        return Dataset(source: folder.path, experts: experts, institutions: institutions, referrals: referrals,
                       collaborations: collaborations, interactions: interactions, plan: plan,
                       filesPresent: present, warnings: d.warnings)
    }

    private func attributes(_ r: CSVReader.Record, _ extras: [(name: String, index: Int)]) -> [String: String] {
        var a: [String: String] = [:]
        for (n, k) in extras where k < r.fields.count {
            let v = r.fields[k].trimmingSpaces
            if !v.isEmpty { a[n] = v }
        }
        return a
    }

    private func displayPath(folder: URL, file: String) -> String {
        folder.appendingPathComponent(file).path
    }
}

/// Row errors and warnings collected while loading.
private struct Diagnostics {
    var lenient: Bool
    var maxErrors: Int
    var errors: [DataIssue] = []
    var total = 0
    var warnings: [String] = []
    var skipped: [String: Int] = [:]

    init(lenient: Bool, maxErrors: Int) {
        self.lenient = lenient
        self.maxErrors = maxErrors
    }

    mutating func row(_ t: CSVTable, _ issue: DataIssue) {
        if lenient {
            if (skipped[t.fileName] ?? 0) < 20 { warnings.append(issue.description) }
            skipped[t.fileName, default: 0] += 1
        } else {
            total += 1
            if errors.count < maxErrors { errors.append(issue) }
        }
    }
}

extension Day {
    /// Parses `YYYY-MM-DD`, or an ISO 8601 date-time (`2026-03-14T09:30:00Z`) by its date part.
    public init?(isoDateOrDateTime s: String) {
        let u = s.utf8
        if u.count > 10, let t = s.utf8.dropFirst(10).first, t == UInt8(ascii: "T") || t == UInt8(ascii: " ") {
            self.init(iso: Substring(s).prefix(10))
        } else {
            self.init(iso: Substring(s))
        }
    }
}
