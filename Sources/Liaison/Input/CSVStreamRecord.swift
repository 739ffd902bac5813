/// The current record of a ``CSVStream``: between two calls of ``CSVStream/next()``, its fields
/// as raw bytes (no `String` made unless asked), strings, lines and character columns.
extension CSVStream {
    @inline(__always)
    private func base(_ f: Field) -> UnsafeMutablePointer<UInt8> { f.escaped ? scratch : buf }

    /// The raw bytes of field `k` (unquoted, doubled quotes undone), valid until ``next()``.
    @inline(__always)
    package func bytes(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        let f = fields[k]
        return UnsafeBufferPointer(start: base(f) + f.start, count: f.end - f.start)
    }

    /// The raw bytes of field `k`, trimmed of spaces, tabs, CR and LF, valid until ``next()``.
    @inline(__always)
    package func trimmed(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        let f = fields[k]
        let p = base(f)
        var s = f.start, e = f.end
        while s < e && CSVStream.isSpace(p[s]) { s += 1 }
        while e > s && CSVStream.isSpace(p[e - 1]) { e -= 1 }
        return UnsafeBufferPointer(start: p + s, count: e - s)
    }

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n")
    }

    /// Field `k` as a string.
    package func string(_ k: Int) -> String {
        String(decoding: bytes(k), as: UTF8.self)
    }

    /// 1-based line on which field `k` starts.
    package func line(_ k: Int) -> Int { fields[k].line }

    /// 1-based character column at which field `k` starts.
    package func column(_ k: Int) -> Int {
        let f = fields[k]
        return column(at: f.pos, lineStart: f.lineStart)
    }

    /// The current record as a ``CSVReader/Record``.
    package func record() -> CSVReader.Record {
        var fs: [String] = [], cs: [Int] = [], ls: [Int] = []
        fs.reserveCapacity(fieldCount)
        cs.reserveCapacity(fieldCount)
        ls.reserveCapacity(fieldCount)
        var cache = ColumnCache()
        for k in 0..<fieldCount {
            fs.append(string(k))
            cs.append(cache.column(of: fields[k], in: buf))
            ls.append(fields[k].line)
        }
        return CSVReader.Record(fields: fs, line: recordLine, columns: cs, lines: ls)
    }

    /// Fills `record` with the current record, reusing its arrays' storage.
    package func copy(into record: inout CSVReader.Record) {
        record.fields.removeAll(keepingCapacity: true)
        record.columns.removeAll(keepingCapacity: true)
        record.lines.removeAll(keepingCapacity: true)
        var cache = ColumnCache()
        for k in 0..<fieldCount {
            record.fields.append(string(k))
            record.columns.append(cache.column(of: fields[k], in: buf))
            record.lines.append(fields[k].line)
        }
        record.line = recordLine
    }

    /// Counts character columns of successive fields from the last position, so a record costs one
    /// pass over its line however many fields it has.
    private struct ColumnCache {
        var lineStart = -1, pos = 0, col = 1
        mutating func column(of f: Field, in b: UnsafeMutablePointer<UInt8>) -> Int {
            if f.lineStart != lineStart || f.pos < pos { lineStart = f.lineStart; pos = f.lineStart; col = 1 }
            while pos < f.pos { if b[pos] & 0xC0 != 0x80 { col += 1 }; pos += 1 }
            return col
        }
    }
}
