/// A strict, fast RFC 4180 reader over UTF-8 bytes.
///
/// Accepts a UTF-8 byte-order mark, LF, CRLF or CR-only line endings, quoted fields containing commas,
/// doubled quotes and line breaks. Every record remembers the line it starts on and the character
/// column of each field, so that errors can name `FILE:LINE:COLUMN`.
///
/// Why a reader of our own: it must report exact positions for every error (unbalanced quotes,
/// text after a closing quote, invalid UTF-8), which general CSV libraries do not expose, and it
/// works on raw bytes with no per-character `String` work. The tokenizer itself is ``CSVStream``,
/// which also streams large files in chunks; this type is its in-memory front end.
///
/// - Complexity: O(bytes), one pass.
public struct CSVReader: Sendable {
    /// One record: its fields, the 1-based line where it starts and each field's 1-based column.
    public struct Record: Sendable {
        /// Field values, unquoted.
        public var fields: [String]
        /// 1-based line on which the record starts.
        public var line: Int
        /// 1-based character column where each field starts (parallel to `fields`).
        public var columns: [Int]
        /// 1-based line on which each field starts (differs from `line` after a quoted line break).
        public var lines: [Int]
    }

    /// The file name used in error messages.
    public let fileName: String
    private let bytes: [UInt8]

    /// Creates a reader over a file's bytes. Fails when the bytes are not valid UTF-8, naming the
    /// first bad byte's line and column.
    public init(bytes: [UInt8], fileName: String) throws(DataIssue) {
        self.fileName = fileName
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let body = start == 0 ? bytes : Array(bytes[start...])
        if let bad = CSVReader.firstInvalidUTF8(body) {
            let (line, col) = CSVReader.position(of: bad, in: body)
            throw DataIssue(file: fileName, line: line, column: col,
                            message: String(format8bit: body[bad]))
        }
        if body.contains(0) {
            let z = body.firstIndex(of: 0) ?? 0
            let (line, col) = CSVReader.position(of: z, in: body)
            throw DataIssue(file: fileName, line: line, column: col, message: "contains a NUL byte: this looks like a binary file, not CSV")
        }
        self.bytes = body
    }

    /// Reads every record. Blank lines are skipped.
    public func records() throws(DataIssue) -> [Record] {
        var out: [Record] = []
        try forEachRecord { out.append($0) }
        return out
    }

    /// Calls `body` for each record in order. Blank lines are skipped.
    public func forEachRecord(_ body: (Record) throws(DataIssue) -> Void) throws(DataIssue) {
        let stream = CSVStream(bytes: bytes, fileName: fileName, validate: false, skipsByteOrderMark: false)
        while try stream.next() { try body(stream.record()) }
    }

    /// Offset of the first byte that does not begin valid UTF-8 (a sequence cut off by the end
    /// counts as invalid), or `nil`.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        b.withUnsafeBufferPointer { buf -> Int? in
            guard let p = buf.baseAddress else { return nil }
            var i = 0
            let n = buf.count
            while i < n {
                if p[i] < 0x80 { i += 1; continue }
                guard case .valid(let length) = UTF8Sequence.check(p, at: i, count: n) else { return i }
                i += length
            }
            return nil
        }
    }

    static func position(of offset: Int, in b: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, col = 1
        var k = 0
        let newline = b.withUnsafeBufferPointer { CSVStream.lineBreak(in: UnsafeBufferPointer(rebasing: $0.prefix(CSVStream.chunkSize))) }
        while k < offset {
            if b[k] == newline { line += 1; col = 1 } else if b[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        return (line, col)
    }
}

extension String {
    init(format8bit byte: UInt8) {
        let hex = String(byte, radix: 16, uppercase: true)
        self = "not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex)); save the file as UTF-8 (it may be Windows-1252 or Latin-1)"
    }
}
