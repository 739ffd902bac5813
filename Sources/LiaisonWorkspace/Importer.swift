#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import Liaison

/// The outcome of ``Workspace/importFiles(_:options:)``.
public struct ImportReport: Sendable {
    /// One entry per file, in import order.
    public var files: [ImportFileResult]
    /// Warnings about the import as a whole (column mappings that matched no column, …).
    public var warnings: [String]
}

extension Workspace {
    /// The longest value a field may hold (1 MiB): longer ones are not data a CRM exports, and are
    /// refused with their position rather than stored.
    public static let maxFieldBytes = 1 << 20

    /// Imports files into the workspace, all in one transaction: either every file is imported or,
    /// when any file has an error, nothing is changed and the error names `FILE:LINE:COLUMN`.
    ///
    /// Files are imported in dependency order (institutions, experts, referrals, collaborations,
    /// interactions, plan, encounters), so a file may refer to ids of the files before it as well as
    /// to ids already in the workspace. Each row is stored under its key (see ``Schema``): a new key
    /// is *added*, a stored key with other content is *updated*, one with the same content is
    /// *unchanged*. Every file is recorded in the history with its SHA-256 and those counts.
    public func importFiles(_ sources: [ImportSource], options: ImportOptions = ImportOptions()) throws(DatasetError) -> ImportReport {
        let ordered = sources.enumerated().sorted { ($0.element.kind, $0.offset) < ($1.element.kind, $1.offset) }.map(\.element)
        var digests: [(String, Int)] = []
        for s in ordered { digests.append(try Workspace.digest(of: s)) }
        let time = Workspace.timestamp(options.now ?? Date())
        let path = self.path
        do {
            return try writeTransaction { db -> ImportReport in
                try db.execute(sql: "INSERT INTO import_batch (started_at) VALUES (?)", arguments: [time])
                let batch = db.lastInsertedRowID
                var run = ImportRun(db: db, options: options)
                var results: [ImportFileResult] = []
                var usedMappings = Set<String>()
                for (s, d) in zip(ordered, digests) {
                    try db.execute(sql: """
                        INSERT INTO import_file (batch, file, kind, sha256, bytes, rows, added, updated, unchanged, imported_at)
                        VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
                        """, arguments: [batch, s.displayName, s.kind.rawValue, d.0, d.1, time])
                    let fileID = db.lastInsertedRowID
                    var r = try run.importFile(s, fileID: fileID, usedMappings: &usedMappings)
                    r.sha256 = d.0
                    r.bytes = d.1
                    try db.execute(sql: "UPDATE import_file SET rows = ?, added = ?, updated = ?, unchanged = ? WHERE id = ?",
                                   arguments: [r.rows, r.added, r.updated, r.unchanged, fileID])
                    results.append(r)
                }
                if !run.errors.isEmpty { throw DatasetError(issues: run.errors, total: run.errorTotal) }
                var warnings: [String] = []
                let unused = options.mapping.renames.map(\.from).filter { !usedMappings.contains($0) }
                if !unused.isEmpty {
                    warnings.append("column mapping for \(unused.map { "'\($0)'" }.joined(separator: ", ")) matched no column")
                }
                return ImportReport(files: results, warnings: warnings)
            }
        } catch {
            throw Workspace.translate(error, path: path)
        }
    }

    /// SHA-256 and size of a file, read in 1 MiB chunks.
    static func digest(of s: ImportSource) throws(DatasetError) -> (String, Int) {
        let fd = open(s.url.path, O_RDONLY)
        guard fd >= 0 else {
            throw DatasetError(issues: [DataIssue(file: s.displayName, message: "cannot read file: \(String(cString: strerror(errno)))")])
        }
        defer { close(fd) }
        var h = SHA256()
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 1 << 20) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DatasetError(issues: [DataIssue(file: s.displayName, message: "cannot read file: \(String(cString: strerror(errno)))")])
            }
            if n == 0 { break }
            h.update(buf[0..<n])
            total += n
        }
        return (h.hexDigest(), total)
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}

/// Stores one row under its key and says what happened.
struct Upsert {
    enum Outcome { case added, updated, unchanged }
    let select: String
    let insert: String
    let update: String

    init(table: String, keys: [String], values: [String]) {
        let whereKeys = keys.map { "\($0) = ?" }.joined(separator: " AND ")
        select = "SELECT \(values.joined(separator: ", ")) FROM \(table) WHERE \(whereKeys)"
        let all = keys + values + ["changed_in"]
        insert = "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))"
        update = "UPDATE \(table) SET \((values + ["changed_in"]).map { "\($0) = ?" }.joined(separator: ", ")) WHERE \(whereKeys)"
    }

    func callAsFunction(_ db: Database, key: [DatabaseValue], values: [DatabaseValue], file: Int64) throws -> Outcome {
        let s = try db.cachedStatement(sql: select)
        if let row = try Row.fetchOne(s, arguments: StatementArguments(key)) {
            if Array(row.databaseValues) == values { return .unchanged }
            try db.cachedStatement(sql: update).execute(arguments: StatementArguments(values + [file.databaseValue] + key))
            return .updated
        }
        try db.cachedStatement(sql: insert).execute(arguments: StatementArguments(key + values + [file.databaseValue]))
        return .added
    }
}

/// The state of one import: the transaction's connection, and the row errors found so far.
struct ImportRun {
    let db: Database
    let options: ImportOptions
    var errors: [DataIssue] = []
    var errorTotal = 0

    init(db: Database, options: ImportOptions) {
        self.db = db
        self.options = options
    }

    mutating func fail(_ issue: DataIssue) {
        errorTotal += 1
        if errors.count < options.maxErrors { errors.append(issue) }
    }

    static let required: [ImportKind: [String]] = [
        .institutions: ["id", "name"], .experts: ["id", "name"], .referrals: ["source", "target", "patients"],
        .collaborations: ["a", "b"], .interactions: ["id", "date", "expert", "liaison", "channel"],
        .plan: ["expert", "period", "planned"], .encounters: ["patient", "expert", "date"],
    ]

    /// Opens a file, applies the column mapping to its header and checks the required columns.
    func open(_ s: ImportSource, usedMappings: inout Set<String>) throws(DataIssue) -> (CSVStream, CSVHeader)? {
        let stream = try CSVStream(url: s.url, fileName: s.displayName)
        guard try stream.next() else { throw CSVHeader.emptyFile(s.displayName) }
        var head = stream.record()
        let unused = Set(options.mapping.unused(in: head.fields))
        for r in options.mapping.renames where !unused.contains(r.from) { usedMappings.insert(r.from) }
        head.fields = options.mapping.apply(toHeader: head.fields)
        let h = try CSVHeader(head, fileName: s.displayName)
        if s.kind == .referrals, !h.has("source"), h.has("npi1") || h.has("from_npi") {
            throw DataIssue(file: s.displayName, line: 1, column: 1, message:
                "a CMS shared-patient or hop-teaming file is read directly (`liaison rank --referrals FILE`), not imported; or rename its columns to source,target,patients with --map")
        }
        try h.require(ImportRun.required[s.kind] ?? [])
        return (stream, h)
    }

    mutating func importFile(_ s: ImportSource, fileID: Int64, usedMappings: inout Set<String>) throws -> ImportFileResult {
        var result = ImportFileResult(file: s.displayName, kind: s.kind, sha256: "", bytes: 0, rows: 0, added: 0, updated: 0,
                                      unchanged: 0, warnings: [])
        let opened: (CSVStream, CSVHeader)?
        do { opened = try open(s, usedMappings: &usedMappings) } catch {
            fail(error)
            return result
        }
        guard let (stream, h) = opened else { return result }
        func count(_ o: Upsert.Outcome) {
            switch o {
            case .added: result.added += 1
            case .updated: result.updated += 1
            case .unchanged: result.unchanged += 1
            }
        }
        var rec = stream.record()
        /// Streams the data rows; `body` returns nothing, problems go to `fail`.
        func rows(_ body: (CSVReader.Record) throws -> Void) throws {
            while true {
                let more: Bool
                do { more = try stream.next() } catch {
                    fail(error)
                    return
                }
                guard more else { return }
                stream.copy(into: &rec)
                result.rows += 1
                if let k = rec.fields.firstIndex(where: { $0.utf8.count > Workspace.maxFieldBytes }) {
                    fail(DataIssue(file: h.fileName, line: rec.lines[k], column: rec.columns[k], message:
                        "a field of \(rec.fields[k].utf8.count) bytes: longer than the \(Workspace.maxFieldBytes) bytes a value may have (is this really a CSV export?)"))
                    continue
                }
                try body(rec)
            }
        }
        let file = fileID
        switch s.kind {
        case .institutions:
            let up = Upsert(table: "institution", keys: ["id"], values: ["name", "kind", "city", "region", "attributes"])
            let extras = h.extraColumns(known: ["id", "name", "kind", "city", "region"])
            var seen: [String: Int] = [:]
            try rows { r in
                let id = h.value(r, "id")
                guard !id.isEmpty else { return fail(h.issue(r, "id", "empty id")) }
                if let first = seen[id] { return fail(h.issue(r, "id", "duplicate institution id '\(id)' (first on line \(first))")) }
                seen[id] = r.line
                let name = h.value(r, "name")
                guard !name.isEmpty else { return fail(h.issue(r, "name", "empty name for institution '\(id)'")) }
                guard errors.isEmpty else { return }
                count(try up(db, key: [id.databaseValue], values: [
                    name.databaseValue, h.value(r, "kind").databaseValue, h.value(r, "city").databaseValue,
                    h.value(r, "region").databaseValue, ImportRun.json(attributes(r, extras)).databaseValue,
                ], file: file))
            }
        case .experts:
            let up = Upsert(table: "expert", keys: ["id"], values: ["name", "specialty", "institution", "region", "npi", "title", "attributes"])
            let extras = h.extraColumns(known: ["id", "name", "specialty", "institution", "region", "npi", "title"])
            let institutions = Set(try String.fetchAll(db, sql: "SELECT id FROM institution"))
            var seen: [String: Int] = [:]
            try rows { r in
                let id = h.value(r, "id")
                guard !id.isEmpty else { return fail(h.issue(r, "id", "empty id")) }
                if let first = seen[id] { return fail(h.issue(r, "id", "duplicate expert id '\(id)' (first on line \(first))")) }
                seen[id] = r.line
                let name = h.value(r, "name")
                guard !name.isEmpty else { return fail(h.issue(r, "name", "empty name for expert '\(id)'")) }
                let inst = h.value(r, "institution")
                if !institutions.isEmpty, !inst.isEmpty, !institutions.contains(inst) {
                    return fail(h.issue(r, "institution", "unknown institution id '\(inst)' (not in institutions.csv nor in the workspace)"))
                }
                guard errors.isEmpty else { return }
                count(try up(db, key: [id.databaseValue], values: [
                    name.databaseValue, h.value(r, "specialty").databaseValue, inst.databaseValue,
                    h.value(r, "region").databaseValue, h.value(r, "npi").databaseValue, h.value(r, "title").databaseValue,
                    ImportRun.json(attributes(r, extras)).databaseValue,
                ], file: file))
            }
        case .referrals:
            let up = Upsert(table: "referral", keys: ["source", "target", "period"], values: ["patients", "counts"])
            let experts = try expertIDs()
            let extras = h.extraColumns(known: ["source", "target", "patients", "period"])
            var order: [[String]] = []
            var sums: [[String]: (patients: Int, counts: [String: Int])] = [:]
            var selfLoops = 0
            try rows { r in
                guard let a = expert(h, r, "source", experts), let b = expert(h, r, "target", experts),
                      let pp = whole(h, r, "patients", optional: false), let p = pp else { return }
                var label = ""
                let ps = h.value(r, "period")
                if !ps.isEmpty {
                    guard let per = Period.parse(ps) else {
                        return fail(h.issue(r, "period", "period '\(ps)' is not a period (use 2026Q2, 2026, 2026-03 or 2026-01-01..2026-03-31)"))
                    }
                    label = per.label
                }
                var counts: [String: Int] = [:]
                for (name, _) in extras {
                    guard let v = whole(h, r, name, optional: true) else { return }
                    if let v { counts[name] = v }
                }
                if a == b { selfLoops += 1; return }
                let key = [a, b, label]
                if var old = sums[key] {
                    old.patients += p
                    for (k, v) in counts { old.counts[k, default: 0] += v }
                    sums[key] = old
                } else {
                    sums[key] = (p, counts)
                    order.append(key)
                }
            }
            if selfLoops > 0 { result.warnings.append("\(s.displayName): ignored \(selfLoops) self-referral row\(selfLoops == 1 ? "" : "s") (source = target)") }
            if errors.isEmpty {
                for key in order {
                    guard let v = sums[key] else { continue }
                    count(try up(db, key: key.map(\.databaseValue), values: [v.patients.databaseValue, ImportRun.json(v.counts).databaseValue], file: file))
                }
            }
        case .collaborations:
            let up = Upsert(table: "collaboration", keys: ["a", "b", "kind"], values: ["weight"])
            let experts = try expertIDs()
            var order: [[String]] = []
            var sums: [[String]: Double] = [:]
            try rows { r in
                guard let a = expert(h, r, "a", experts), let b = expert(h, r, "b", experts) else { return }
                let ws = h.value(r, "weight")
                var w = 1.0
                if !ws.isEmpty {
                    guard let x = Double(ws), x.isFinite, x >= 0 else { return fail(h.issue(r, "weight", "weight '\(ws)' is not a number ≥ 0")) }
                    w = x
                }
                if a == b { result.warnings.append("\(h.fileName):\(r.line): ignored a collaboration of an expert with themself"); return }
                let key = [min(a, b), max(a, b), h.value(r, "kind")]
                if sums[key] == nil { order.append(key) }
                sums[key, default: 0] += w
            }
            if errors.isEmpty {
                for key in order {
                    guard let w = sums[key] else { continue }
                    count(try up(db, key: key.map(\.databaseValue), values: [w.databaseValue], file: file))
                }
            }
        case .interactions:
            let up = Upsert(table: "interaction", keys: ["id"], values: ["date", "expert", "liaison", "channel", "topic", "duration_minutes"])
            let experts = try expertIDs()
            var seen: [String: Int] = [:]
            let format = options.dateFormat
            try rows { r in
                let id = h.value(r, "id")
                guard !id.isEmpty else { return fail(h.issue(r, "id", "empty id")) }
                if let first = seen[id] { return fail(h.issue(r, "id", "duplicate interaction id '\(id)' (first on line \(first))")) }
                seen[id] = r.line
                let ds = h.value(r, "date")
                guard let day = format.parse(ds) else { return fail(h.issue(r, "date", format.complaint(ds))) }
                guard let e = expert(h, r, "expert", experts) else { return }
                let liaison = h.value(r, "liaison"), channel = h.value(r, "channel")
                guard !liaison.isEmpty else { return fail(h.issue(r, "liaison", "empty liaison")) }
                guard !channel.isEmpty else { return fail(h.issue(r, "channel", "empty channel")) }
                guard let dur = whole(h, r, "duration_minutes", optional: true) else { return }
                guard errors.isEmpty else { return }
                count(try up(db, key: [id.databaseValue], values: [
                    day.description.databaseValue, e.databaseValue, liaison.databaseValue, channel.lowercased().databaseValue,
                    h.value(r, "topic").databaseValue, dur.databaseValue,
                ], file: file))
            }
        case .plan:
            let up = Upsert(table: "plan", keys: ["expert", "period"], values: ["planned"])
            let experts = try expertIDs()
            var order: [[String]] = []
            var sums: [[String]: Int] = [:]
            try rows { r in
                guard let e = expert(h, r, "expert", experts) else { return }
                let ps = h.value(r, "period")
                guard !ps.isEmpty else { return fail(h.issue(r, "period", "empty period")) }
                guard let per = Period.parse(ps) else {
                    return fail(h.issue(r, "period", "period '\(ps)' is not a period (use 2026Q2, 2026, 2026-03 or 2026-01-01..2026-03-31)"))
                }
                guard let nn = whole(h, r, "planned", optional: false), let n = nn else { return }
                let key = [e, per.label]
                if sums[key] == nil { order.append(key) }
                sums[key, default: 0] += n
            }
            if errors.isEmpty {
                for key in order {
                    guard let n = sums[key] else { continue }
                    count(try up(db, key: key.map(\.databaseValue), values: [n.databaseValue], file: file))
                }
            }
        case .encounters:
            let up = Upsert(table: "encounter", keys: ["patient", "expert", "date"], values: ["institution"])
            let experts = try expertIDs()
            var seen = Set<[String]>()
            let format = options.dateFormat
            try rows { r in
                let patient = h.value(r, "patient")
                guard !patient.isEmpty else { return fail(h.issue(r, "patient", "empty patient")) }
                guard let e = expert(h, r, "expert", experts) else { return }
                let ds = h.value(r, "date")
                guard let day = format.parse(ds) else { return fail(h.issue(r, "date", format.complaint(ds, echo: false))) }
                let key = [patient, e, day.description]
                guard seen.insert(key).inserted, errors.isEmpty else { return }
                count(try up(db, key: key.map(\.databaseValue), values: [h.value(r, "institution").databaseValue], file: file))
            }
        }
        if result.rows == 0 { result.warnings.append("\(s.displayName): header only, no data rows") }
        return result
    }

    func expertIDs() throws -> Set<String> { Set(try String.fetchAll(db, sql: "SELECT id FROM expert")) }

    /// The expert id in column `col`, when it is known; otherwise reports the row.
    mutating func expert(_ h: CSVHeader, _ r: CSVReader.Record, _ col: String, _ known: Set<String>) -> String? {
        let id = h.value(r, col)
        if id.isEmpty { fail(h.issue(r, col, "empty \(col)")); return nil }
        guard known.contains(id) else {
            fail(h.issue(r, col, "unknown expert id '\(id)' (not in experts.csv nor in the workspace)")); return nil
        }
        return id
    }

    /// A whole number ≥ 0 in column `col`: `nil` after reporting the row; `.some(nil)` when empty and optional.
    mutating func whole(_ h: CSVHeader, _ r: CSVReader.Record, _ col: String, optional: Bool) -> Int?? {
        let s = h.value(r, col)
        if s.isEmpty {
            if optional { return .some(nil) }
            fail(h.issue(r, col, "empty \(col): expected a whole number ≥ 0")); return nil
        }
        guard let v = Int(s), v >= 0 else {
            let what = Int(s) != nil ? "is negative" : "is not a whole number"
            fail(h.issue(r, col, "\(col) '\(s)' \(what): expected a whole number ≥ 0")); return nil
        }
        return .some(v)
    }

    func attributes(_ r: CSVReader.Record, _ extras: [(name: String, index: Int)]) -> [String: String] {
        var a: [String: String] = [:]
        for (n, k) in extras where k < r.fields.count {
            let v = r.fields[k].trimmingSpaces
            if !v.isEmpty { a[n] = v }
        }
        return a
    }

    /// Canonical JSON of a dictionary (sorted keys), for storing and comparing.
    static func json<V: Encodable>(_ d: [String: V]) -> String {
        if d.isEmpty { return "{}" }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? e.encode(d) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
