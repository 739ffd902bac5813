import Foundation

/// The header of a CSV file: columns are found by name (case-insensitive, surrounding spaces
/// ignored), in any order. Records are read separately (whole, with ``CSVTable``, or one at a time
/// from a ``CSVStream``); the header locates their fields for values and error messages.
package struct CSVHeader: Sendable {
    package let fileName: String
    package let header: [String]
    private let index: [String: Int]

    /// Builds the header from its record. Fails on duplicated names.
    package init(_ head: CSVReader.Record, fileName: String) throws(DataIssue) {
        self.fileName = fileName
        header = head.fields.map { $0.trimmingSpaces }
        var idx = [String: Int]()
        for (k, h) in header.enumerated() {
            let key = h.lowercased()
            if key.isEmpty { continue }
            if idx[key] != nil {
                throw DataIssue(file: fileName, line: head.line, column: head.columns[k],
                                message: "column '\(h)' appears twice in the header")
            }
            idx[key] = k
        }
        index = idx
    }

    /// The issue an empty file (no header row) raises.
    package static func emptyFile(_ fileName: String) -> DataIssue {
        DataIssue(file: fileName, line: 1, column: 1, message: "file is empty: expected a header row")
    }

    /// Whether the header has `name`.
    package func has(_ name: String) -> Bool { column(name) != nil }

    /// Fails, naming the first missing column, unless every one of `names` is in the header.
    package func require(_ names: [String]) throws(DataIssue) {
        for n in names where !has(n) {
            // One column only: most likely another separator than the three read.
            let hint = header.count == 1 ? "; Liaison reads fields separated by commas, semicolons or tabs, found from the header row" : ""
            throw DataIssue(file: fileName, line: 1, column: 0,
                            message: "missing required column '\(n)' (the header has: \(header.joined(separator: ", ")))" + hint)
        }
    }

    /// Position of a column, if present (names given in lower case are found without folding).
    package func column(_ name: String) -> Int? { index[name] ?? index[name.lowercased()] }

    /// The trimmed value of column `name` in `record`, or "" when the column is absent or the row is short.
    package func value(_ record: CSVReader.Record, _ name: String) -> String {
        guard let k = column(name), k < record.fields.count else { return "" }
        let f = record.fields[k]
        // Most values have nothing to trim: skip the Character-level work then.
        if let a = f.utf8.first, let b = f.utf8.last, !CSVStream.isSpace(a), !CSVStream.isSpace(b) { return f }
        return f.trimmingSpaces
    }

    /// An issue located at column `name` of `record`.
    package func issue(_ record: CSVReader.Record, _ name: String?, _ message: String) -> DataIssue {
        var col = 0, line = record.line
        if let name, let k = column(name) {
            if k < record.columns.count { col = record.columns[k]; line = record.lines[k] }
            else { col = (record.columns.last ?? 0) + 1 }
        }
        return DataIssue(file: fileName, line: line, column: col, message: message)
    }

    /// Columns not in `known`, by their header names, for keeping as attributes.
    package func extraColumns(known: Set<String>) -> [(name: String, index: Int)] {
        header.enumerated().compactMap { k, h in
            h.isEmpty || known.contains(h.lowercased()) ? nil : (h, k)
        }
    }
}

/// A CSV file read whole with its header (see ``CSVHeader`` for how columns are found); every
/// record keeps its line and field columns for error messages. ``DatasetLoader`` streams instead.
package struct CSVTable: Sendable {
    package let head: CSVHeader
    package let records: [CSVReader.Record]
    package var fileName: String { head.fileName }
    package var header: [String] { head.header }

    /// Reads `url`. Fails on unreadable, non-UTF-8, binary or malformed files, on an empty file
    /// (no header), and on duplicated header names.
    package init(url: URL, displayName: String? = nil) throws(DataIssue) {
        let name = displayName ?? url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataIssue(file: name, message: "cannot read file: \(error.localizedDescription)")
        }
        try self.init(bytes: [UInt8](data), fileName: name)
    }

    /// Parses CSV bytes.
    package init(bytes: [UInt8], fileName: String) throws(DataIssue) {
        let reader = try CSVReader(bytes: bytes, fileName: fileName)
        var all = try reader.records()
        guard !all.isEmpty else { throw CSVHeader.emptyFile(fileName) }
        head = try CSVHeader(all.removeFirst(), fileName: fileName)
        records = all
    }

    /// Whether the header has `name`.
    package func has(_ name: String) -> Bool { head.has(name) }
    /// Fails, naming the first missing column, unless every one of `names` is in the header.
    package func require(_ names: [String]) throws(DataIssue) { try head.require(names) }
    /// Position of a column, if present.
    package func column(_ name: String) -> Int? { head.column(name) }
    /// The trimmed value of column `name` in `record`, or "" when absent.
    package func value(_ record: CSVReader.Record, _ name: String) -> String { head.value(record, name) }
    /// An issue located at column `name` of `record`.
    package func issue(_ record: CSVReader.Record, _ name: String?, _ message: String) -> DataIssue {
        head.issue(record, name, message)
    }
    /// Columns not in `known`, by their header names.
    package func extraColumns(known: Set<String>) -> [(name: String, index: Int)] { head.extraColumns(known: known) }
}
