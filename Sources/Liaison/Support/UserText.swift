/// Text from a file or a command line, made safe to show inside a message on a terminal.
///
/// A message that quotes a bad value must stay readable whatever the value holds: a 100 MB line, a
/// terminal escape sequence (ESC, BEL, OSC 52 that writes the clipboard), a zero-width space, or a
/// Cyrillic `Е` that prints like the Latin `E` of a real id. The rules, applied by every message
/// type (``DataIssue``, the CLI's errors and warnings):
///
/// - **Cut.** A quoted value shows at most ``quotedLimit`` (80) Unicode scalars, then `…`; a whole
///   message line at most ``lineLimit`` (1 000). Scalars, not characters: one character may hold
///   any number of combining marks.
/// - **Escaped.** Control characters (C0, DEL, C1), line and paragraph separators and invisible
///   characters (Unicode's default-ignorable code points: zero-width spaces and joiners, bidi
///   overrides, the byte-order mark, variation selectors…) show as `\u{1B}`; tab, line feed and
///   carriage return as `\t`, `\n`, `\r`.
/// - **Look-alikes named.** A quoted value that mixes ASCII letters or digits with letters of
///   scripts that imitate them (Cyrillic, Greek, Armenian, Cherokee, fullwidth and mathematical
///   forms) is followed by their code points and names: `'Е085' (U+0415 CYRILLIC CAPITAL LETTER IE)`.
///   A value wholly in one script (`'Иван'`) or with accented Latin letters (`'Noémie'`) is shown as is.
public enum UserText {
    /// Most Unicode scalars of a quoted value shown before `…`.
    public static let quotedLimit = 80
    /// Most Unicode scalars of one message line shown before `…`.
    public static let lineLimit = 1000

    /// `'value'`, cut, escaped and with look-alike letters named (see ``UserText``).
    public static func quoted<S: StringProtocol>(_ value: S, limit: Int = quotedLimit) -> String {
        let shown = "'" + escaped(value, limit: limit) + "'"
        let lookAlikes = self.lookAlikes(value, limit: limit)
        guard !lookAlikes.isEmpty else { return shown }
        var names = lookAlikes.prefix(3).map { s in
            "U+" + hex(s.value) + (s.properties.name.map { " " + $0 } ?? "")
        }
        if lookAlikes.count > 3 { names.append("…") }
        return shown + " (" + names.joined(separator: ", ") + ")"
    }

    /// The value with control and invisible characters escaped, cut after `limit` scalars with `…`.
    public static func escaped<S: StringProtocol>(_ value: S, limit: Int = quotedLimit) -> String {
        var out = ""
        var n = 0
        for s in value.unicodeScalars {
            if n == limit { out += "…"; break }
            append(s, to: &out, keepLineFeeds: false)
            n += 1
        }
        return out
    }

    /// A whole message made safe for a terminal: each line escaped (line feeds kept between lines)
    /// and cut after ``lineLimit`` scalars.
    public static func message(_ text: String) -> String {
        // Fast path: nothing to escape and short lines (the usual message).
        var plain = true
        var run = 0
        for s in text.unicodeScalars {
            if s == "\n" { run = 0; continue }
            run += 1
            if run > lineLimit || needsEscape(s) { plain = false; break }
        }
        if plain { return text }
        var out = ""
        var n = 0
        var cut = false
        for s in text.unicodeScalars {
            if s == "\n" { out += "\n"; n = 0; cut = false; continue }
            if cut { continue }
            if n == lineLimit { out += "…"; cut = true; continue }
            append(s, to: &out, keepLineFeeds: true)
            n += 1
        }
        return out
    }

    /// One line (a line feed in it is escaped too), cut after ``lineLimit`` scalars.
    public static func line(_ text: String) -> String { escaped(text, limit: lineLimit) }

    /// Whether a scalar is shown escaped: controls, separators and default-ignorable (invisible) code points.
    public static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x20 || (0x7F...0x9F).contains(s.value) { return true }
        if s.isASCII { return false }
        switch s.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: return true
        default: return s.properties.isDefaultIgnorableCodePoint
        }
    }

    private static func append(_ s: Unicode.Scalar, to out: inout String, keepLineFeeds: Bool) {
        guard needsEscape(s) else { out.unicodeScalars.append(s); return }
        switch s {
        case "\t": out += "\\t"
        case "\n": out += keepLineFeeds ? "\n" : "\\n"
        case "\r": out += "\\r"
        default:
            let h = String(s.value, radix: 16, uppercase: true)
            out += "\\u{" + (h.count < 2 ? "0" + h : h) + "}"
        }
    }

    /// Letters of scripts that imitate Latin ones, when the value also has ASCII letters or digits.
    static func lookAlikes<S: StringProtocol>(_ value: S, limit: Int) -> [Unicode.Scalar] {
        var ascii = false
        var found: [Unicode.Scalar] = []
        for s in value.unicodeScalars.prefix(limit) {
            if s.isASCII {
                if s.properties.isAlphabetic || ("0"..."9").contains(s) { ascii = true }
            } else if isLookAlikeScript(s), s.properties.isAlphabetic || s.properties.numericType != nil, !found.contains(s) {
                found.append(s)
            }
        }
        return ascii ? found : []
    }

    /// Cyrillic, Greek, Armenian, Cherokee, fullwidth ASCII and mathematical alphanumeric forms.
    private static func isLookAlikeScript(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0370...0x03FF, 0x1F00...0x1FFF: return true       // Greek
        case 0x0400...0x052F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return true  // Cyrillic
        case 0x0530...0x058F: return true                         // Armenian
        case 0x13A0...0x13FF, 0xAB70...0xABBF: return true       // Cherokee
        case 0xFF01...0xFF5E: return true                         // fullwidth ASCII
        case 0x1D400...0x1D7FF: return true                       // mathematical alphanumerics
        default: return false
        }
    }

    private static func hex(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
