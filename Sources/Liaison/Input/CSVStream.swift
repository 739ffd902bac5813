#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A streaming RFC 4180 tokenizer over a file or an in-memory byte array: the engine under
/// ``CSVReader`` and the referral fast path.
///
/// Why a reader of our own rather than a CSV package: every error must name `FILE:LINE:COLUMN`
/// (unbalanced quote, text after a closing quote, invalid UTF-8, a bad count in some field), and the
/// national shared-patient files (tens of millions of rows) must be read at hundreds of MB/s with no
/// per-field `String`. General CSV libraries hand out strings and hide positions. This tokenizer reads
/// fixed-size chunks with `read(2)`, carries a record that straddles two chunks over to the next one,
/// validates UTF-8 and NUL bytes eight bytes at a time, and exposes each field as a byte range of its
/// buffer; character columns are counted only when an error needs one.
///
/// Usage: call ``next()`` until it returns `false`; between calls, the current record's fields are
/// available through ``fieldCount``, ``withBytes(_:_:)``, ``string(_:)``, ``line(_:)`` and
/// ``column(_:)``. Blank lines are skipped. Byte ranges are valid only until the next call.
package final class CSVStream {
    /// The file name used in error messages.
    package let fileName: String

    struct Field {
        var start: Int          // first content byte (in `buf`, or in `scratch` when `escaped`)
        var end: Int
        var pos: Int            // byte offset of the field's first byte (its opening quote when quoted)
        var line: Int
        var lineStart: Int      // byte offset where the field's line starts
        var escaped: Bool       // content lives in `scratch` (it had doubled quotes)
    }

    private enum Step { case record, blank, incomplete, end }

    /// Mutable state lives behind a pointer: class properties would pay a dynamic exclusivity
    /// check on every access in the per-byte loops.
    private struct State {
        var buf: UnsafeMutablePointer<UInt8>
        var cap: Int
        var start = 0          // start of the next record
        var end = 0            // bytes held
        var validated = 0      // bytes [start, validated) are checked UTF-8 without NUL
        var eof = false
        var line = 1
        var lineStart = 0
        var skipsBOM = true
        var fields: UnsafeMutablePointer<Field>
        var fieldCap = 16
        var fieldCount = 0
        var recordLine = 0
        var scratch: UnsafeMutablePointer<UInt8>
        var scratchCount = 0
        var scratchCap = 256
        var bytesRead = 0
        var firstFill = true
        var limit = Int.max    // read no more than this many bytes from the file
        var delimiter = UInt8(ascii: ",")
        var detectsDelimiter = true
        /// The byte that ends a line: LF (also for CRLF files), or CR in a file that has no LF
        /// (classic Mac OS line endings).
        var newline = UInt8(ascii: "\n")
    }
    private let st: UnsafeMutablePointer<State>
    private let fd: Int32
    private let validate: Bool
    /// Size of the source in bytes, when known.
    package let totalBytes: Int?

    var buf: UnsafeMutablePointer<UInt8> { get { st.pointee.buf } set { st.pointee.buf = newValue } }
    private var cap: Int { get { st.pointee.cap } set { st.pointee.cap = newValue } }
    var start: Int { get { st.pointee.start } set { st.pointee.start = newValue } }
    var end: Int { get { st.pointee.end } set { st.pointee.end = newValue } }
    var validated: Int { get { st.pointee.validated } set { st.pointee.validated = newValue } }
    var eof: Bool { get { st.pointee.eof } set { st.pointee.eof = newValue } }
    var line: Int { get { st.pointee.line } set { st.pointee.line = newValue } }
    var lineStart: Int { get { st.pointee.lineStart } set { st.pointee.lineStart = newValue } }
    private var skipsBOM: Bool { st.pointee.skipsBOM }
    var fields: UnsafeMutablePointer<Field> { get { st.pointee.fields } set { st.pointee.fields = newValue } }
    private var fieldCap: Int { get { st.pointee.fieldCap } set { st.pointee.fieldCap = newValue } }
    /// Number of fields of the current record.
    package private(set) var fieldCount: Int { get { st.pointee.fieldCount } set { st.pointee.fieldCount = newValue } }
    /// 1-based line on which the current record starts.
    package private(set) var recordLine: Int { get { st.pointee.recordLine } set { st.pointee.recordLine = newValue } }
    var scratch: UnsafeMutablePointer<UInt8> { get { st.pointee.scratch } set { st.pointee.scratch = newValue } }
    private var scratchCount: Int { get { st.pointee.scratchCount } set { st.pointee.scratchCount = newValue } }
    private var scratchCap: Int { get { st.pointee.scratchCap } set { st.pointee.scratchCap = newValue } }
    /// Bytes consumed from the source so far (for progress).
    package private(set) var bytesRead: Int { get { st.pointee.bytesRead } set { st.pointee.bytesRead = newValue } }
    private var firstFill: Bool { get { st.pointee.firstFill } set { st.pointee.firstFill = newValue } }

    /// Average bytes per line of the records buffered after the current one (at most the first
    /// megabyte), or `nil` when no full line is buffered: with ``totalBytes``, an estimate of a file's
    /// row count for sizing tables before reading it.
    package var bufferedBytesPerLine: Double? {
        let from = start, to = min(end, start + (1 << 20))
        var lines = 0, last = from
        let newline = st.pointee.newline
        for i in from..<to where buf[i] == newline {
            lines += 1
            last = i + 1
        }
        return lines > 0 ? Double(last - from) / Double(lines) : nil
    }

    /// The bytes of field `k` of the line `linesAhead` (≥ 1) lines after the current record, as far as
    /// the buffer already holds it, or `nil` when it does not or the field is not plain (a quote before
    /// its end, or fewer fields). A guess read straight from the buffer — unvalidated, blind to quoted
    /// line breaks — for hints such as a prefetch of the table slot the field will be looked up in;
    /// never for values.
    ///
    /// - Complexity: O(bytes up to the field's end).
    @inline(__always)
    package func peekField(_ k: Int, linesAhead: Int = 1) -> UnsafeBufferPointer<UInt8>? {
        let b = buf, stop = end
        let newline = st.pointee.newline, delimiter = st.pointee.delimiter
        var i = start
        var skip = linesAhead - 1
        while skip > 0 {
            while i < stop && b[i] != newline { i += 1 }
            i += 1
            skip -= 1
        }
        var field = 0
        var from = i
        while i < stop {
            let c = b[i]
            if c == delimiter || c == newline || c == 0x0D {
                if field == k { return UnsafeBufferPointer(start: b + from, count: i - from) }
                if c != delimiter { return nil }
                field += 1
                from = i + 1
            } else if c == 0x22 {
                return nil
            }
            i += 1
        }
        return nil
    }

    /// The chunk size for file reads: large enough that system calls cost nothing, small enough to
    /// stay in the last-level cache of a laptop.
    package static let chunkSize = 8 << 20

    /// Opens `url` for streaming. Fails when the file cannot be opened. The field separator is
    /// `delimiter`, or when `nil` the one the first row uses (see ``CSVDelimiter/detect(_:)``).
    package init(url: URL, fileName: String, chunkSize: Int = CSVStream.chunkSize,
                 delimiter: CSVDelimiter? = nil) throws(DataIssue) {
        self.fileName = fileName
        validate = true
        let f = open(url.path, O_RDONLY)
        guard f >= 0 else {
            let why = String(cString: strerror(errno))
            throw DataIssue(file: fileName, message: "cannot read file: \(why)")
        }
        fd = f
        var info = stat()
        let size: Int? = fstat(f, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        totalBytes = size
        // Small files get a buffer of their size; tests use tiny chunks to split records anywhere.
        let cap = max(4, min(chunkSize, (size ?? chunkSize) + 1))
        st = .allocate(capacity: 1)
        st.initialize(to: State(buf: .allocate(capacity: cap), cap: cap, fields: .allocate(capacity: 16),
                                scratch: .allocate(capacity: 256)))
        if let delimiter { fix(delimiter) }
    }

    /// Opens `length` bytes of `url` starting at byte `offset`, which must be the start of a record
    /// (so that a file can be read in slices by several threads). Lines are counted from 1 at
    /// `offset`: add the line count of what precedes it to ``line(_:)``, ``recordLine`` and the lines
    /// of thrown issues. No byte-order mark is skipped, and the separator is the whole file's.
    package convenience init(url: URL, fileName: String, offset: Int, length: Int, delimiter: CSVDelimiter,
                 chunkSize: Int = CSVStream.chunkSize) throws(DataIssue) {
        try self.init(url: url, fileName: fileName, chunkSize: min(chunkSize, max(4, length + 1)), delimiter: delimiter)
        guard lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else {
            let why = String(cString: strerror(errno))
            throw DataIssue(file: fileName, message: "cannot read file: \(why)")
        }
        st.pointee.limit = length
        st.pointee.skipsBOM = false
    }

    /// Stops reading the file after its first `count` bytes (counted from where the stream began);
    /// call before the stream has read past them.
    package func limitBytes(to count: Int) {
        precondition(bytesRead <= count, "the stream has already read past the limit")
        st.pointee.limit = count
    }

    /// The line the stream has reached: after the last record of a slice, the number of lines the
    /// slice holds, plus one.
    package var currentLine: Int { st.pointee.line }

    /// Tokenizes `bytes` held in memory. With `validate`, checks UTF-8 and NUL bytes like
    /// ``CSVReader/init(bytes:fileName:)`` (which validates by itself and passes `false`).
    package init(bytes: [UInt8], fileName: String, validate: Bool, skipsByteOrderMark: Bool = true,
                 delimiter: CSVDelimiter? = nil) {
        self.fileName = fileName
        self.validate = validate
        fd = -1
        let cap = max(bytes.count, 64)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        bytes.withUnsafeBufferPointer { p in
            if let b = p.baseAddress { storage.update(from: b, count: p.count) }
        }
        totalBytes = bytes.count
        st = .allocate(capacity: 1)
        st.initialize(to: State(buf: storage, cap: cap, end: bytes.count, eof: true, skipsBOM: skipsByteOrderMark,
                                fields: .allocate(capacity: 16), scratch: .allocate(capacity: 256), bytesRead: bytes.count))
        if let delimiter { fix(delimiter) }
    }

    private func fix(_ d: CSVDelimiter) {
        st.pointee.delimiter = d.rawValue
        st.pointee.detectsDelimiter = false
    }

    /// The byte that ends lines in `bytes` (the start of a file): CR when there is a CR and no LF
    /// at all (classic Mac OS files), else LF (which also ends CRLF lines).
    static func lineBreak(in bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return UInt8(ascii: "\n") }
        if memchr(p, 0x0A, bytes.count) == nil, memchr(p, 0x0D, bytes.count) != nil { return UInt8(ascii: "\r") }
        return UInt8(ascii: "\n")
    }

    /// The byte that ends lines (LF, or CR in a file with CR-only line endings).
    package var newline: UInt8 { st.pointee.newline }

    /// The field separator: the one given, or the one found in the first row (after the first
    /// ``next()``).
    package var delimiter: CSVDelimiter { CSVDelimiter(rawValue: st.pointee.delimiter) ?? .comma }

    deinit {
        buf.deallocate()
        fields.deallocate()
        scratch.deallocate()
        st.deinitialize(count: 1)
        st.deallocate()
        if fd >= 0 { close(fd) }
    }

    // MARK: Reading

    /// Moves to the next non-blank record; `false` at the end of the input.
    package func next() throws(DataIssue) -> Bool {
        if firstFill {
            firstFill = false
            try fill()
            if skipsBOM, end - start >= 3, buf[start] == 0xEF, buf[start + 1] == 0xBB, buf[start + 2] == 0xBF {
                start += 3
                lineStart = start
            }
            let head = UnsafeBufferPointer(start: buf + start, count: end - start)
            if st.pointee.detectsDelimiter {
                st.pointee.delimiter = CSVDelimiter.detect(head).rawValue
            }
            st.pointee.newline = CSVStream.lineBreak(in: head)
            if validate { try check() }
        }
        while true {
            switch try step() {
            case .record: return true
            case .blank: continue
            case .end: return false
            case .incomplete:
                try fill()
                if validate { try check() }
            }
        }
    }

    /// Reads more bytes: moves the unfinished record to the front, grows the buffer if that record
    /// fills it, and reads until the buffer is full or the file ends.
    private func fill() throws(DataIssue) {
        guard !eof else { return }
        if start > 0 {
            let keep = end - start
            if keep > 0 { buf.update(from: buf + start, count: keep) }
            lineStart -= start
            validated -= start
            end = keep
            start = 0
        }
        if end == cap {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: cap * 2)
            bigger.update(from: buf, count: end)
            buf.deallocate()
            buf = bigger
            cap *= 2
        }
        while end < cap {
            let want = min(cap - end, st.pointee.limit - bytesRead)
            if want <= 0 { eof = true; break }
            let r = read(fd, buf + end, want)
            if r < 0 {
                if errno == EINTR { continue }
                let why = String(cString: strerror(errno))
                throw DataIssue(file: fileName, message: "cannot read file: \(why)")
            }
            if r == 0 { eof = true; break }
            end += r
            bytesRead += r
        }
    }

    func column(at pos: Int, lineStart ls: Int) -> Int {
        var c = 1
        var k = ls
        while k < pos { if buf[k] & 0xC0 != 0x80 { c += 1 }; k += 1 }
        return c
    }

    private func appendScratch(_ p: UnsafePointer<UInt8>, _ count: Int) {
        if scratchCount + count > scratchCap {
            var c = scratchCap * 2
            while c < scratchCount + count { c *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
            bigger.update(from: scratch, count: scratchCount)
            scratch.deallocate()
            scratch = bigger
            scratchCap = c
        }
        (scratch + scratchCount).update(from: p, count: count)
        scratchCount += count
    }

    private func appendScratch(_ c: UInt8) {
        withUnsafePointer(to: c) { appendScratch($0, 1) }
    }

    @inline(__always)
    private func addField(_ f: Field) {
        if fieldCount == fieldCap {
            let bigger = UnsafeMutablePointer<Field>.allocate(capacity: fieldCap * 2)
            bigger.moveInitialize(from: fields, count: fieldCount)
            fields.deallocate()
            fields = bigger
            fieldCap *= 2
        }
        (fields + fieldCount).initialize(to: f)
        fieldCount += 1
    }

    /// Tokenizes one record starting at `start`. Semantics are those of the original in-memory reader:
    /// a quoted field may hold separators, doubled quotes and line breaks; a CR is dropped before LF or
    /// at the end of input; a separator at the very end adds an empty field; a record whose fields are
    /// all empty or spaces (a blank line, or the `,,,,` rows spreadsheets leave) is blank. When the chunk ends inside the record and more input may follow, nothing is consumed.
    private func step() throws(DataIssue) -> Step {
        let b = buf
        let n = end
        let final = eof
        var i = start
        guard i < n else { return final ? .end : .incomplete }
        let quote = UInt8(ascii: "\""), comma = st.pointee.delimiter, lf = st.pointee.newline, cr = UInt8(ascii: "\r")
        var ln = line, ls = lineStart
        fieldCount = 0
        scratchCount = 0
        let recLine = ln
        while true {
            let fLine = ln, fLS = ls, fPos = i
            var endOfRecord = false
            var afterComma = false
            if b[i] == quote {
                var j = i + 1
                let contentStart = j
                var escaped = false
                var scratchStart = 0
                while true {
                    if j >= n {
                        if !final { return .incomplete }
                        throw DataIssue(file: fileName, line: fLine, column: column(at: fPos, lineStart: fLS),
                                        message: "unbalanced quote: the quoted field that starts here is never closed")
                    }
                    let c = b[j]
                    if c == quote {
                        if j + 1 >= n && !final { return .incomplete }
                        if j + 1 < n && b[j + 1] == quote {
                            if !escaped {
                                escaped = true
                                scratchStart = scratchCount
                                appendScratch(b + contentStart, j - contentStart)
                            }
                            appendScratch(quote)
                            j += 2
                            continue
                        }
                        break
                    }
                    if c == lf { ln += 1; ls = j + 1 }
                    if escaped { appendScratch(c) }
                    j += 1
                }
                let f = escaped
                    ? Field(start: scratchStart, end: scratchCount, pos: fPos, line: fLine, lineStart: fLS, escaped: true)
                    : Field(start: contentStart, end: j, pos: fPos, line: fLine, lineStart: fLS, escaped: false)
                j += 1      // past the closing quote
                if j < n {
                    if b[j] == comma { j += 1; afterComma = true }
                    else if b[j] == lf { j += 1; ln += 1; ls = j; endOfRecord = true }
                    else if b[j] == cr && j + 1 == n && !final { return .incomplete }
                    else if b[j] == cr && (j + 1 == n || b[j + 1] == lf) {
                        j = min(j + 2, n); ln += 1; ls = j; endOfRecord = true
                    } else {
                        let opened = column(at: fPos, lineStart: fLS), at = column(at: j, lineStart: ls)
                        if ln != fLine {
                            // Most likely a quote never closed on its line: the field ran on to a later
                            // quote. Name where it opened, and where parsing stopped.
                            throw DataIssue(file: fileName, line: fLine, column: opened, message:
                                "unclosed quote: the quoted field that opens here runs on to line \(ln), where a character follows the quote that closes it (column \(at)); close the quote on its line, and double a quote inside a quoted field: \"\"")
                        }
                        throw DataIssue(file: fileName, line: ln, column: at,
                                        message: "unexpected character after a closing quote (the quoted field opened at column \(opened); a quote inside a quoted field must be doubled: \"\")")
                    }
                } else {
                    if !final { return .incomplete }
                    endOfRecord = true
                }
                addField(f)
                i = j
            } else {
                var j = i
                while j < n {
                    let c = b[j]
                    if c == comma || c == lf { break }
                    j += 1
                }
                if j == n && !final { return .incomplete }
                var e = j
                if e > i && b[e - 1] == cr && (j == n || b[j] == lf) { e -= 1 }
                addField(Field(start: i, end: e, pos: fPos, line: fLine, lineStart: fLS, escaped: false))
                if j < n && b[j] == comma { i = j + 1; afterComma = true }
                else {
                    if j < n { ln += 1; ls = j + 1 }
                    i = min(j + 1, n)
                    endOfRecord = true
                }
            }
            if afterComma && i >= n {
                if !final { return .incomplete }
                // A trailing comma at the very end of the input ends with an empty field.
                addField(Field(start: i, end: i, pos: i, line: ln, lineStart: ls, escaped: false))
                endOfRecord = true
            }
            if endOfRecord || i >= n {
                start = i
                line = ln
                lineStart = ls
                recordLine = recLine
                return isEmptyRecord() ? .blank : .record
            }
        }
    }

    /// Whether every field of the record just tokenized is empty or spaces.
    private func isEmptyRecord() -> Bool {
        for k in 0..<fieldCount where trimmed(k).count > 0 { return false }
        return true
    }
}
