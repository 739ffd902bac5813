/// A small strict JSON (RFC 8259) parser that remembers where every value starts, so that errors in
/// a network file can name `FILE:LINE:COLUMN` — of a syntax error and of a bad node or link alike.
/// Foundation's `JSONSerialization` reports neither reliably on every platform.
struct JSONParser {
    /// A parsed value and the byte offset where it starts.
    struct Node {
        var value: Value
        var offset: Int
    }

    /// A JSON value. Numbers keep their text (`3`, `3.0`, `1e2`), so ids stay as written.
    indirect enum Value {
        case object([(key: String, value: Node)])
        case array([Node])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    /// A syntax error at a byte offset.
    struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    private let b: [UInt8]
    private var i = 0
    private var depth = 0
    /// Deeper nesting is refused rather than risking the stack.
    static let maxDepth = 512

    private init(_ bytes: [UInt8]) { b = bytes }

    /// Parses one JSON document (surrounding white space allowed, nothing after it).
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> Node {
        var p = JSONParser(bytes)
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        if p.i < p.b.count { throw SyntaxError(offset: p.i, message: "unexpected \(p.describe(p.i)) after the end of the JSON document") }
        return v
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private func describe(_ k: Int) -> String {
        guard k < b.count else { return "end of file" }
        let c = b[k]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(String(c, radix: 16, uppercase: true))"
    }

    private mutating func value() throws(SyntaxError) -> Node {
        let start = i
        guard i < b.count else { throw SyntaxError(offset: i, message: "unexpected end of file: expected a value") }
        switch b[i] {
        case UInt8(ascii: "{"): return Node(value: try object(), offset: start)
        case UInt8(ascii: "["): return Node(value: try array(), offset: start)
        case UInt8(ascii: "\""): return Node(value: .string(try string()), offset: start)
        case UInt8(ascii: "t"): try literal("true"); return Node(value: .bool(true), offset: start)
        case UInt8(ascii: "f"): try literal("false"); return Node(value: .bool(false), offset: start)
        case UInt8(ascii: "n"): try literal("null"); return Node(value: .null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return Node(value: .number(try number()), offset: start)
        default: throw SyntaxError(offset: i, message: "unexpected \(describe(i)): expected a value")
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw SyntaxError(offset: i, message: "nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    private mutating func object() throws(SyntaxError) -> Value {
        try enter()
        i += 1
        var members: [(key: String, value: Node)] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return .object(members) }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else {
                throw SyntaxError(offset: i, message: "unexpected \(describe(i)): expected a member name in double quotes")
            }
            let key = try string()
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else {
                throw SyntaxError(offset: i, message: "unexpected \(describe(i)): expected ':' after member name \"\(key)\"")
            }
            i += 1
            skipSpace()
            members.append((key, try value()))
            skipSpace()
            guard i < b.count else { throw SyntaxError(offset: i, message: "unexpected end of file: expected ',' or '}'") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return .object(members) }
            throw SyntaxError(offset: i, message: "unexpected \(describe(i)): expected ',' or '}'")
        }
    }

    private mutating func array() throws(SyntaxError) -> Value {
        try enter()
        i += 1
        var items: [Node] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < b.count else { throw SyntaxError(offset: i, message: "unexpected end of file: expected ',' or ']'") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return .array(items) }
            throw SyntaxError(offset: i, message: "unexpected \(describe(i)): expected ',' or ']'")
        }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        let w = Array(word.utf8)
        guard i + w.count <= b.count, Array(b[i..<(i + w.count)]) == w else {
            throw SyntaxError(offset: i, message: "unexpected \(describe(i)): expected a value (did you mean \(word)?)")
        }
        i += w.count
    }

    private mutating func number() throws(SyntaxError) -> String {
        let start = i
        func digits() -> Int {
            let s = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
            return i - s
        }
        if b[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        guard digits() > 0 else { throw SyntaxError(offset: i, message: "unexpected \(describe(i)): expected a digit") }
        if b[intStart] == UInt8(ascii: "0"), i - intStart > 1 {
            throw SyntaxError(offset: intStart, message: "numbers may not have leading zeros")
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw SyntaxError(offset: i, message: "unexpected \(describe(i)): expected a digit after '.'") }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw SyntaxError(offset: i, message: "unexpected \(describe(i)): expected a digit in the exponent") }
        }
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    private mutating func string() throws(SyntaxError) -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < b.count else { throw SyntaxError(offset: open, message: "unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw SyntaxError(offset: i, message: "control character in a string (escape it, e.g. \\n)") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let esc = i
            i += 1
            guard i < b.count else { throw SyntaxError(offset: open, message: "unterminated string") }
            switch b[i] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4(esc)
                if (0xD800...0xDBFF).contains(code) {
                    // A surrogate pair: \uD83D\uDE00.
                    if i + 6 < b.count, b[i + 1] == UInt8(ascii: "\\"), b[i + 2] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4(esc)
                        guard (0xDC00...0xDFFF).contains(low) else { throw SyntaxError(offset: esc, message: "invalid surrogate pair in \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        throw SyntaxError(offset: esc, message: "lone surrogate in \\u escape")
                    }
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw SyntaxError(offset: esc, message: "lone surrogate in \\u escape")
                }
                guard let scalar = Unicode.Scalar(code) else { throw SyntaxError(offset: esc, message: "invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw SyntaxError(offset: esc, message: "invalid escape '\\\(describe(i).trimmingCharacters("'"))' in a string")
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads the four hex digits after `\u` (at `i`, which is left on the last digit).
    private mutating func hex4(_ esc: Int) throws(SyntaxError) -> UInt32 {
        guard i + 4 < b.count else { throw SyntaxError(offset: esc, message: "incomplete \\u escape") }
        var v: UInt32 = 0
        for k in 1...4 {
            let c = b[i + k]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw SyntaxError(offset: esc, message: "invalid \\u escape (expected 4 hex digits)")
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }
}

private extension String {
    func trimmingCharacters(_ c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s = s.dropFirst() }
        while s.last == c { s = s.dropLast() }
        return String(s)
    }
}

extension JSONParser.Value {
    /// The members of an object, else `nil`.
    var members: [(key: String, value: JSONParser.Node)]? {
        if case .object(let m) = self { return m }
        return nil
    }

    /// The member named `key` of an object.
    subscript(key: String) -> JSONParser.Node? {
        members?.first { $0.key == key }?.value
    }

    /// Whether this is `true` or `false`.
    var isBool: Bool {
        if case .bool = self { return true }
        return false
    }

    /// What kind of value this is, for messages.
    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// A scalar's text: a string as is, a number as written, `true`/`false`; `nil` for null, arrays
    /// and objects.
    var scalarText: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let v): v ? "true" : "false"
        default: nil
        }
    }

    /// Text for an attribute value: scalars as ``scalarText``, arrays of scalars joined with `; `.
    var attributeText: String? {
        if let s = scalarText { return s }
        if case .array(let items) = self {
            let parts = items.compactMap(\.value.scalarText)
            return parts.count == items.count && !parts.isEmpty ? parts.joined(separator: "; ") : nil
        }
        return nil
    }
}
