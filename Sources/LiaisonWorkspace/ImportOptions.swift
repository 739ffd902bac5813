import Foundation
import Liaison

/// What a file to import holds: one of the dataset's files.
public enum ImportKind: String, CaseIterable, Sendable, Comparable {
    case institutions, experts, referrals, collaborations, interactions, plan, encounters

    /// The dataset file name (`experts.csv`, …), also the name ``Workspace/export(to:)`` writes.
    public var fileName: String { rawValue + ".csv" }

    /// The order files are imported in, so that every file may refer to ids of the files before it.
    public static func < (a: ImportKind, b: ImportKind) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// The kind a file name makes obvious (`experts.csv`, `CRM_interactions_2026-03.csv`,
    /// `call-plan.csv`), or `nil` when it names none or more than one.
    public static func infer(fromFileName name: String) -> ImportKind? {
        let n = name.lowercased()
        let words: [(ImportKind, [String])] = [
            (.institutions, ["institution", "hospital"]),
            (.experts, ["expert"]),
            (.referrals, ["referral"]),
            (.collaborations, ["collaboration"]),
            (.interactions, ["interaction"]),
            (.plan, ["plan"]),
            (.encounters, ["encounter"]),
        ]
        let hits = words.filter { _, ws in ws.contains { n.contains($0) } }.map(\.0)
        return hits.count == 1 ? hits[0] : nil
    }
}

/// Renames the columns of files to import, for exports whose header does not use Liaison's names:
/// `Account ID=expert,Call Date=date,Owner=liaison`. Names are matched case-insensitively, with
/// surrounding spaces ignored.
public struct ColumnMapping: Sendable, Equatable {
    /// Lower-cased source column name → Liaison column name, in the order given.
    public private(set) var renames: [(from: String, to: String)] = []

    /// Creates an empty mapping (no renames).
    public init() {}

    /// Parses `FROM=TO` pairs separated by commas (or line breaks); `#` starts a comment line.
    public init(parsing text: String, source: String = "--map") throws(DatasetError) {
        var lineNo = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            let l = line.trimmingCharacters(in: .whitespaces)
            if l.isEmpty || l.hasPrefix("#") { continue }
            for pair in l.split(separator: ",") {
                let p = pair.trimmingCharacters(in: .whitespaces)
                if p.isEmpty { continue }
                let sides = p.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty else {
                    throw DatasetError(issues: [DataIssue(file: source, line: lineNo, message:
                        "'\(p)' is not a column mapping: write SOURCE COLUMN=liaison_column, e.g. Account ID=expert")])
                }
                try add(from: sides[0], to: sides[1], source: source, line: lineNo)
            }
        }
    }

    /// Reads a mapping file: one or more `FROM=TO` per line (comma-separated), `#` comments.
    public init(file url: URL) throws(DatasetError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError(issues: [DataIssue(file: url.path, message: "cannot read the mapping file: \(error.localizedDescription)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError(issues: [DataIssue(file: url.path, message: "the mapping file is not UTF-8 text")])
        }
        try self.init(parsing: text, source: url.path)
    }

    /// Adds the renames of `other` after these.
    public mutating func merge(_ other: ColumnMapping) throws(DatasetError) {
        for r in other.renames { try add(from: r.from, to: r.to, source: "--map", line: 0) }
    }

    private mutating func add(from: String, to: String, source: String, line: Int) throws(DatasetError) {
        let f = from.lowercased()
        if let old = renames.first(where: { $0.from == f }), old.to != to.lowercased() {
            throw DatasetError(issues: [DataIssue(file: source, line: line, message:
                "column '\(from)' is mapped twice (to '\(old.to)' and to '\(to)')")])
        }
        if renames.contains(where: { $0.from == f }) { return }
        renames.append((f, to.lowercased()))
    }

    /// Renames the fields of a header row. A column whose own name is the target of a rename (and
    /// that is not renamed itself) is dropped, so `Account ID=expert` wins over a column `Expert`.
    func apply(toHeader fields: [String]) -> [String] {
        guard !renames.isEmpty else { return fields }
        var map: [String: String] = [:]
        for r in renames { map[r.from] = r.to }
        let targets = Set(renames.map(\.to))
        return fields.map { f in
            let key = f.trimmingCharacters(in: .whitespaces).lowercased()
            if let t = map[key] { return t }
            return targets.contains(key) ? "" : f
        }
    }

    /// Mapped source names not found in `header` (for a warning).
    func unused(in header: [String]) -> [String] {
        let names = Set(header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        return renames.map(\.from).filter { !names.contains($0) }
    }

    public static func == (a: ColumnMapping, b: ColumnMapping) -> Bool {
        a.renames.map(\.from) == b.renames.map(\.from) && a.renames.map(\.to) == b.renames.map(\.to)
    }
}

/// Options of an import.
public struct ImportOptions: Sendable {
    /// Column renames applied to every file's header.
    public var mapping = ColumnMapping()
    /// How dates are written.
    public var dateFormat = DateFormat.iso
    /// How many row errors to report before stopping.
    public var maxErrors = 50
    /// The time recorded in the history (default: now).
    public var now: Date?

    /// Creates options.
    public init(mapping: ColumnMapping = ColumnMapping(), dateFormat: DateFormat = .iso, maxErrors: Int = 50, now: Date? = nil) {
        self.mapping = mapping
        self.dateFormat = dateFormat
        self.maxErrors = maxErrors
        self.now = now
    }
}

/// One file to import and what it holds.
public struct ImportSource: Sendable, Equatable {
    /// The file.
    public var url: URL
    /// What it holds.
    public var kind: ImportKind
    /// The name used in messages and in the history (the path as given).
    public var displayName: String

    /// Creates a source.
    public init(url: URL, kind: ImportKind, displayName: String? = nil) {
        self.url = url
        self.kind = kind
        self.displayName = displayName ?? url.path
    }

    /// The files to import from `path`: a dataset folder (each dataset file it holds) or one file,
    /// whose kind is `kind` or, when `nil`, inferred from its name.
    public static func sources(at path: String, kind: ImportKind?) throws(DatasetError) -> [ImportSource] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw DatasetError(issues: [DataIssue(file: path, message: "no such file or folder")])
        }
        let url = URL(fileURLWithPath: path)
        if isDir.boolValue {
            if kind != nil {
                throw DatasetError(issues: [DataIssue(file: path, message: "--kind applies to a single file, not to a dataset folder")])
            }
            let found = ImportKind.allCases.compactMap { k -> ImportSource? in
                let f = url.appendingPathComponent(k.fileName)
                return fm.fileExists(atPath: f.path) ? ImportSource(url: f, kind: k, displayName: (path as NSString).appendingPathComponent(k.fileName)) : nil
            }
            if found.isEmpty {
                throw DatasetError(issues: [DataIssue(file: path, message:
                    "no dataset files here (expected some of: \(ImportKind.allCases.map(\.fileName).joined(separator: ", ")))")])
            }
            return found
        }
        guard let k = kind ?? ImportKind.infer(fromFileName: url.lastPathComponent) else {
            throw DatasetError(issues: [DataIssue(file: path, message:
                "cannot tell what this file holds from its name: give --kind \(ImportKind.allCases.map(\.rawValue).joined(separator: "|"))")])
        }
        return [ImportSource(url: url, kind: k, displayName: path)]
    }
}

/// What one imported file did to the workspace.
public struct ImportFileResult: Sendable, Equatable {
    /// The file as given.
    public var file: String
    /// What it held.
    public var kind: ImportKind
    /// SHA-256 of its bytes (hex).
    public var sha256: String
    /// Its size in bytes.
    public var bytes: Int
    /// Data rows read (after the header; blank lines skipped).
    public var rows: Int
    /// Keys stored for the first time.
    public var added: Int
    /// Keys already stored with other content, now replaced.
    public var updated: Int
    /// Keys already stored with the same content.
    public var unchanged: Int
    /// Warnings (unused column mappings, ignored self-referrals, …).
    public var warnings: [String]
}

/// One entry of the import history.
public struct ImportRecord: Sendable, Equatable {
    /// Number of the import (one `liaison import` command; its files share it).
    public var batch: Int
    /// The file as given to the import.
    public var file: String
    /// What it held.
    public var kind: String
    /// SHA-256 of its bytes (hex).
    public var sha256: String
    /// Its size in bytes.
    public var bytes: Int
    /// Data rows read.
    public var rows: Int
    /// Keys added.
    public var added: Int
    /// Keys updated.
    public var updated: Int
    /// Keys unchanged.
    public var unchanged: Int
    /// When it was imported, ISO 8601 in UTC (`2026-03-14T09:30:00Z`).
    public var time: String
}
