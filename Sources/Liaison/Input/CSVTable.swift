import Foundation

/// A CSV file read with its header: columns are found by name (case-insensitive, surrounding
/// spaces ignored), in any order; every record keeps its line and field columns for error messages.
package struct CSVTable: Sendable {
    package let fileName: String
    package let header: [String]
    package let records: [CSVReader.Record]
    private let index: [String: Int]

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
        guard !all.isEmpty else {
            throw DataIssue(file: fileName, line: 1, column: 1, message: "file is empty: expected a header row")
        }
        let head = all.removeFirst()
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
        records = all
    }

    /// Whether the header has `name`.
    package func has(_ name: String) -> Bool { index[name.lowercased()] != nil }

    /// Fails, naming the first missing column, unless every one of `names` is in the header.
    package func require(_ names: [String]) throws(DataIssue) {
        for n in names where !has(n) {
            throw DataIssue(file: fileName, line: 1, column: 0,
                            message: "missing required column '\(n)' (the header has: \(header.joined(separator: ", ")))")
        }
    }

    /// Position of a column, if present.
    package func column(_ name: String) -> Int? { index[name.lowercased()] }

    /// The trimmed value of column `name` in `record`, or "" when the column is absent or the row is short.
    package func value(_ record: CSVReader.Record, _ name: String) -> String {
        guard let k = index[name.lowercased()], k < record.fields.count else { return "" }
        return record.fields[k].trimmingSpaces
    }

    /// An issue located at column `name` of `record`.
    package func issue(_ record: CSVReader.Record, _ name: String?, _ message: String) -> DataIssue {
        var col = 0, line = record.line
        if let name, let k = index[name.lowercased()] {
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
