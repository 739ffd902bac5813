/// UTF-8 and NUL-byte validation of a ``CSVStream``'s input, eight bytes at a time, with the exact
/// line and character column of the first bad byte.
extension CSVStream {
    /// Checks new bytes for UTF-8 validity and NUL bytes (an unfinished sequence at the end of a
    /// chunk waits for the next read).
    func check() throws(DataIssue) {
        var i = max(validated, start)
        let n = end
        let b = buf
        let raw = UnsafeRawPointer(b)
        var firstNul = -1
        scan: while i < n {
            if i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                let zero = (w &- 0x0101_0101_0101_0101) & ~w & high
                if w & high == 0 && zero == 0 { i += 8; continue }
            }
            let c = b[i]
            if c == 0 { if firstNul < 0 { firstNul = i }; i += 1; continue }
            if c < 0x80 { i += 1; continue }
            switch UTF8Sequence.check(b, at: i, count: n) {
            case .valid(let length): i += length
            case .invalid: try invalid(at: i)
            case .incomplete:
                // The sequence runs past this chunk: finish it after the next read (the parser cannot
                // pass these bytes either, since none of them ends a line); at the end, it is cut off.
                if eof { try invalid(at: i) }
                break scan
            }
        }
        if firstNul >= 0 {
            let (l, c) = position(of: firstNul)
            throw DataIssue(file: fileName, line: l, column: c,
                            message: "contains a NUL byte: this looks like a binary file, not CSV")
        }
        validated = i
    }

    private func invalid(at i: Int) throws(DataIssue) -> Never {
        let (l, c) = position(of: i)
        throw DataIssue(file: fileName, line: l, column: c, message: String(format8bit: buf[i]))
    }

    /// Line and character column of byte `offset` (at or after the current record start).
    private func position(of offset: Int) -> (line: Int, column: Int) {
        var l = line, ls = lineStart
        var k = start
        while k < offset {
            if buf[k] == newline { l += 1; ls = k + 1 }
            k += 1
        }
        return (l, column(at: offset, lineStart: ls))
    }
}
