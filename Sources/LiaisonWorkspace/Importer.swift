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
        let path = self.path, keyPath = self.keyPath
        do {
            return try writeTransaction { db -> ImportReport in
                try db.execute(sql: "INSERT INTO import_batch (started_at) VALUES (?)", arguments: [time])
                let batch = db.lastInsertedRowID
                var run = ImportRun(db: db, options: options, keyPath: keyPath)
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
///
/// Into a table that was empty when the upsert began (a first import), a key it has not stored yet
/// is new without asking: the row is inserted without the look-up (that SELECT was a fifth of the
/// demo's first `import`, perf). A key seen again still goes through the look-up, so a file naming
/// one key twice is stored and counted as before; callers whose keys are already distinct (summed
/// by key) say so and no set of keys is kept.
final class Upsert {
    enum Outcome { case added, updated, unchanged }
    let table: String
    let select: String
    let insert: String
    let update: String
    /// Whether the caller's keys are distinct (each stored once).
    let uniqueKeys: Bool
    /// Whether the table was empty before the first call; `nil` until then.
    private var emptyAtStart: Bool?
    /// Keys this upsert inserted into the table that was empty (only without `uniqueKeys`).
    private var inserted = Set<[DatabaseValue]>()

    init(table: String, keys: [String], values: [String], uniqueKeys: Bool = false) {
        self.table = table
        self.uniqueKeys = uniqueKeys
        let whereKeys = keys.map { "\($0) = ?" }.joined(separator: " AND ")
        select = "SELECT \(values.joined(separator: ", ")) FROM \(table) WHERE \(whereKeys)"
        let all = keys + values + ["changed_in"]
        insert = "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))"
        update = "UPDATE \(table) SET \((values + ["changed_in"]).map { "\($0) = ?" }.joined(separator: ", ")) WHERE \(whereKeys)"
    }

    func callAsFunction(_ db: Database, key: [DatabaseValue], values: [DatabaseValue], file: Int64) throws -> Outcome {
        if emptyAtStart == nil {
            emptyAtStart = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM \(table))") ?? false
        }
        if emptyAtStart == true && (uniqueKeys || inserted.insert(key).inserted) {
            try db.cachedStatement(sql: insert).execute(arguments: Self.arguments(key + values + [file.databaseValue]))
            return .added
        }
        let s = try db.cachedStatement(sql: select)
        if let row = try Row.fetchOne(s, arguments: Self.arguments(key)) {
            if Array(row.databaseValues) == values { return .unchanged }
            try db.cachedStatement(sql: update).execute(arguments: Self.arguments(values + [file.databaseValue] + key))
            return .updated
        }
        try db.cachedStatement(sql: insert).execute(arguments: Self.arguments(key + values + [file.databaseValue]))
        return .added
    }

    /// Arguments of values already converted. Through GRDB's initializer for a sequence of one
    /// convertible type, every call instantiated a key path at run time: a quarter of the demo's
    /// `import` (perf); the one for optional existentials maps with a closure.
    static func arguments(_ values: [DatabaseValue]) -> StatementArguments {
        StatementArguments(values.map { Optional<any DatabaseValueConvertible>.some($0) })
    }
}

/// The state of one import: the transaction's connection, and the row errors found so far. Rows are
/// parsed by the dataset's row parsers (``InstitutionRows``, ``ExpertRows``, the referral reader, …),
/// the very ones ``DatasetLoader`` uses, so a file is accepted or refused with the same messages
/// whether it is loaded or imported; see ImportKinds.swift for what each kind stores.
struct ImportRun {
    let db: Database
    let options: ImportOptions
    /// The workspace's pseudonym key file.
    let keyPath: String
    var errors: [DataIssue] = []
    var errorTotal = 0

    /// Where ids of the files may come from, for messages.
    static let expertScope = "experts.csv nor in the workspace"
    static let institutionScope = "institutions.csv nor in the workspace"

    init(db: Database, options: ImportOptions, keyPath: String) {
        self.db = db
        self.options = options
        self.keyPath = keyPath
    }

    mutating func fail(_ issue: DataIssue) {
        errorTotal += 1
        if errors.count < options.maxErrors { errors.append(issue) }
    }

    static let required: [ImportKind: [String]] = [
        .institutions: InstitutionRows.required, .experts: ExpertRows.required, .collaborations: CollaborationRows.required,
        .interactions: InteractionRows.required, .plan: PlanRows.required,
    ]

    /// The header fields of `s` with the column mapping applied (noting which renames were used).
    func mapHeader(_ fields: [String], usedMappings: inout Set<String>) -> [String] {
        let unused = Set(options.mapping.unused(in: fields))
        for r in options.mapping.renames where !unused.contains(r.from) { usedMappings.insert(r.from) }
        return options.mapping.apply(toHeader: fields)
    }

    /// Opens a file, applies the column mapping to its header and checks the required columns.
    func open(_ s: ImportSource, usedMappings: inout Set<String>) throws(DataIssue) -> (CSVStream, CSVHeader) {
        let stream = try CSVStream(url: s.url, fileName: s.displayName)
        guard try stream.next() else { throw CSVHeader.emptyFile(s.displayName) }
        var head = stream.record()
        head.fields = mapHeader(head.fields, usedMappings: &usedMappings)
        let h = try CSVHeader(head, fileName: s.displayName)
        try h.require(ImportRun.required[s.kind] ?? [])
        return (stream, h)
    }

    mutating func importFile(_ s: ImportSource, fileID: Int64, usedMappings: inout Set<String>) throws -> ImportFileResult {
        var result = ImportFileResult(file: s.displayName, kind: s.kind, sha256: "", bytes: 0, rows: 0, added: 0, updated: 0,
                                      unchanged: 0, warnings: [])
        do {
            switch s.kind {
            case .referrals: try importReferrals(s, fileID: fileID, usedMappings: &usedMappings, into: &result)
            case .encounters: try importEncounters(s, fileID: fileID, usedMappings: &usedMappings, into: &result)
            default:
                let (stream, h) = try open(s, usedMappings: &usedMappings)
                try importRows(s.kind, stream, h, fileID: fileID, into: &result)
            }
        } catch let e as DataIssue {
            fail(e)
            return result
        }
        if result.rows == 0 { result.warnings.append("\(s.displayName): header only, no data rows") }
        return result
    }

    /// Streams the data rows of a file, checking each field's length; a row whose `body` throws a
    /// ``DataIssue`` is reported, other errors (SQLite's) end the import.
    mutating func eachRow(_ stream: CSVStream, _ h: CSVHeader, _ result: inout ImportFileResult,
                          _ body: (inout ImportRun, inout ImportFileResult, CSVReader.Record) throws -> Void) throws {
        var rec = stream.record()
        while true {
            let more: Bool
            do { more = try stream.next() } catch {
                fail(error)
                return
            }
            guard more else { return }
            result.rows += 1
            if stream.fieldCount != h.header.count {
                let lastRequired = (ImportRun.required[result.kind] ?? []).compactMap { h.column($0) }.max() ?? 0
                if let w = stream.widthIssue(h.header.count, lastRequired: lastRequired) { fail(w); continue }
            }
            stream.copy(into: &rec)
            if let k = rec.fields.firstIndex(where: { $0.utf8.count > Workspace.maxFieldBytes }) {
                fail(Workspace.tooLong(rec.fields[k].utf8.count, file: h.fileName, line: rec.lines[k], column: rec.columns[k]))
                continue
            }
            do { try body(&self, &result, rec) } catch let e as DataIssue { fail(e) }
        }
    }

    func expertIDs() throws -> Set<String> { Set(try String.fetchAll(db, sql: "SELECT id FROM expert")) }

    /// Canonical JSON of a dictionary (sorted keys), for storing and comparing.
    static func json<V: Encodable>(_ d: [String: V]) -> String {
        if d.isEmpty { return "{}" }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? e.encode(d) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension Workspace {
    /// The issue for a field longer than ``maxFieldBytes``.
    static func tooLong(_ bytes: Int, file: String, line: Int, column: Int) -> DataIssue {
        DataIssue(file: file, line: line, column: column, message: RowMessage.tooLong(bytes, limit: maxFieldBytes))
    }
}

extension ImportFileResult {
    /// Counts what an upsert did.
    mutating func count(_ o: Upsert.Outcome) {
        switch o {
        case .added: added += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
    }
}
