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
        while i < n {
            if i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                let zero = (w &- 0x0101_0101_0101_0101) & ~w & high
                if w & high == 0 && zero == 0 { i += 8; continue }
            }
            let c = b[i]
            if c == 0 { if firstNul < 0 { firstNul = i }; i += 1; continue }
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minCode: UInt32 = 0
            var code: UInt32 = 0
            if c & 0xE0 == 0xC0 { need = 1; code = UInt32(c & 0x1F); minCode = 0x80 }
            else if c & 0xF0 == 0xE0 { need = 2; code = UInt32(c & 0x0F); minCode = 0x800 }
            else if c & 0xF8 == 0xF0 { need = 3; code = UInt32(c & 0x07); minCode = 0x10000 }
            else { try invalid(at: i) }
            if i + need >= n && !eof {
                // The sequence runs past this chunk: reject it now if a byte we have is no continuation
                // byte, else finish it after the next read (the parser cannot pass these bytes either,
                // since none of them ends a line).
                for k in 1..<(n - i) where b[i + k] & 0xC0 != 0x80 { try invalid(at: i) }
                break
            }
            for k in 1...need {
                guard i + k < n, b[i + k] & 0xC0 == 0x80 else { try invalid(at: i) }
                code = (code << 6) | UInt32(b[i + k] & 0x3F)
            }
            if code < minCode || code > 0x10FFFF || (0xD800...0xDFFF).contains(code) { try invalid(at: i) }
            i += need + 1
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
