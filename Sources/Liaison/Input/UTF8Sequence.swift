/// One multi-byte UTF-8 sequence, checked where it starts: the one decoder behind
/// ``CSVReader``'s whole-buffer check (also used by the other text readers through `checkText`)
/// and ``CSVStream``'s chunked check.
enum UTF8Sequence {
    /// A valid sequence of this many bytes.
    case valid(Int)
    /// Not UTF-8: a bad lead or continuation byte, an overlong form, a surrogate or a code point past U+10FFFF.
    case invalid
    /// Valid so far, but the buffer ends before its last byte.
    case incomplete

    /// Checks the sequence whose lead byte `b[i]` is 0x80 or above, among the `n` bytes of `b`.
    ///
    /// - Complexity: O(1) (at most four bytes read).
    @inline(__always)
    static func check(_ b: UnsafePointer<UInt8>, at i: Int, count n: Int) -> UTF8Sequence {
        let c = b[i]
        var need = 0
        var minCode: UInt32 = 0
        var code: UInt32 = 0
        if c & 0xE0 == 0xC0 { need = 1; code = UInt32(c & 0x1F); minCode = 0x80 }
        else if c & 0xF0 == 0xE0 { need = 2; code = UInt32(c & 0x0F); minCode = 0x800 }
        else if c & 0xF8 == 0xF0 { need = 3; code = UInt32(c & 0x07); minCode = 0x10000 }
        else { return .invalid }
        for k in 1...need {
            guard i + k < n else { return .incomplete }
            guard b[i + k] & 0xC0 == 0x80 else { return .invalid }
            code = (code << 6) | UInt32(b[i + k] & 0x3F)
        }
        if code < minCode || code > 0x10FFFF || (0xD800...0xDFFF).contains(code) { return .invalid }
        return .valid(need + 1)
    }
}
