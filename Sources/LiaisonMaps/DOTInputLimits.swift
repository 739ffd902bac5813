import Liaison

/// Bounds on what is handed to cgraph's DOT parser, checked on the bytes before parsing.
///
/// cgraph's scanner grows a token by concatenation (`agconcat`), which is quadratic in the token's
/// length: measured here (Graphviz 2.43, one quoted `label` of N bytes, `liaison validate`), 1 MB took
/// 3.2 s, 2 MB 10.5 s, 4 MB 38 s, 16 MB 126 s, and 100 MB did not finish. Its parser (bison) keeps a
/// stack of at most 10 000 entries: about 4 000 nested subgraphs exhaust it, and cgraph then returns
/// the part read so far. Real DOT files have labels of a few words, HTML tables of a few kilobytes and
/// clusters nested a few levels, so the limits below are far above any real file and far below the
/// costly range:
///
/// - one token (a quoted string, an HTML string `<…>`, a name or number, a comment) at most
///   ``maxTokenBytes`` = 256 KiB (about 0.2 s in the quadratic scanner);
/// - `{` nested at most ``maxDepth`` = 1 000 deep;
/// - the whole file at most ``maxFileBytes`` = 256 MiB (parsing is linear beyond single tokens, but
///   cgraph holds the whole graph in memory, several times the text);
/// - one graph: cgraph reads the first graph of a text and ignores what follows, so text after the
///   first graph's closing brace (a second graph, stray words) is refused rather than lost.
///
/// A file past a limit is refused with `FILE:LINE:COLUMN` and the limit, never parsed.
public enum DOTInputLimits {
    /// Longest token, in bytes.
    public static let maxTokenBytes = 256 << 10
    /// Deepest nesting of `{`.
    public static let maxDepth = 1_000
    /// Largest file, in bytes.
    public static let maxFileBytes = 256 << 20

    /// The first limit `bytes` break, located in `file`; `nil` when the text is within every limit.
    public static func issue<C: Collection<UInt8>>(_ bytes: C, file: String) -> DataIssue? {
        if bytes.count > maxFileBytes {
            return DataIssue(file: file, message: "the DOT file is \(bytes.count >> 20) MiB; Liaison reads DOT files up to "
                             + "\(maxFileBytes >> 20) MiB (Graphviz holds the whole graph in memory): give the network "
                             + "as CSV files or an edge list instead")
        }
        var scanner = Scanner()
        for b in bytes {
            if let problem = scanner.step(b) {
                return DataIssue(file: file, line: problem.line, column: problem.column, message: problem.message)
            }
        }
        return nil
    }

    /// A byte-level DOT tokenizer that tracks only what the limits need: token lengths and brace depth.
    private struct Scanner {
        enum State { case code, name, quoted, quotedEscape, html, lineComment, blockComment, blockCommentStar, slash }
        var state = State.code
        var line = 1, column = 0
        var tokenStart = (line: 1, column: 1)
        var tokenLength = 0
        var htmlDepth = 0
        var depth = 0
        var atLineStart = true
        /// Where the first graph's body closed (depth back to 0), once it has.
        var graphEnd: (line: Int, column: Int)?

        mutating func step(_ b: UInt8) -> (line: Int, column: Int, message: String)? {
            if b & 0xC0 != 0x80 { column += 1 }
            defer { if b == UInt8(ascii: "\n") { line += 1; column = 0; atLineStart = true } }
            if state != .code && state != .slash {
                tokenLength += 1
                if tokenLength > DOTInputLimits.maxTokenBytes { return tooLong() }
            }
            switch state {
            case .quoted:
                if b == UInt8(ascii: "\\") { state = .quotedEscape } else if b == UInt8(ascii: "\"") { state = .code }
            case .quotedEscape: state = .quoted
            case .html:
                if b == UInt8(ascii: "<") { htmlDepth += 1 }
                if b == UInt8(ascii: ">") { htmlDepth -= 1; if htmlDepth == 0 { state = .code } }
            case .lineComment: if b == UInt8(ascii: "\n") { state = .code }
            case .blockComment: if b == UInt8(ascii: "*") { state = .blockCommentStar }
            case .blockCommentStar:
                state = b == UInt8(ascii: "/") ? .code : (b == UInt8(ascii: "*") ? .blockCommentStar : .blockComment)
            case .name:
                if !Self.isNameByte(b) { state = .code; return code(b) }
            case .slash:
                if b == UInt8(ascii: "*") { begin(.blockComment, length: 2) }
                else if b == UInt8(ascii: "/") { begin(.lineComment, length: 2) }
                else { state = .code; return code(b) }
            case .code: return code(b)
            }
            if b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") && b != UInt8(ascii: "\n") { atLineStart = false }
            return nil
        }

        private mutating func code(_ b: UInt8) -> (line: Int, column: Int, message: String)? {
            let lineStart = atLineStart
            let blank = b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
            if !blank { atLineStart = false }
            if let end = graphEnd, !blank, b != UInt8(ascii: "/"), !(b == UInt8(ascii: "#") && lineStart) {
                return (line, column, "text after the end of the graph (its closing brace is at line \(end.line), column "
                        + "\(end.column)): a DOT file holds one graph here, and Graphviz would ignore the rest")
            }
            switch b {
            case UInt8(ascii: "\""): begin(.quoted, length: 1)
            case UInt8(ascii: "<"): begin(.html, length: 1); htmlDepth = 1
            case UInt8(ascii: "/"): state = .slash; tokenStart = (line, column)
            case UInt8(ascii: "#") where lineStart: begin(.lineComment, length: 1)
            case UInt8(ascii: "{"):
                depth += 1
                if depth > DOTInputLimits.maxDepth {
                    return (line, column, "subgraphs nested more than \(DOTInputLimits.maxDepth) deep: Graphviz's parser would run "
                            + "out of stack and drop the rest of the file; real graphs nest clusters a few levels")
                }
            case UInt8(ascii: "}"):
                depth = max(0, depth - 1)
                if depth == 0 { graphEnd = (line, column) }
            default: if Self.isNameByte(b) { begin(.name, length: 1) }
            }
            return nil
        }

        private mutating func begin(_ s: State, length: Int) {
            if state != .slash { tokenStart = (line, column) }
            state = s
            tokenLength = length
        }

        private func tooLong() -> (line: Int, column: Int, message: String) {
            let what: String
            switch state {
            case .quoted, .quotedEscape: what = "a quoted string"
            case .html: what = "an HTML string <…>"
            case .name: what = "a name or number"
            default: what = "a comment"
            }
            return (tokenStart.line, tokenStart.column, "\(what) longer than \(DOTInputLimits.maxTokenBytes >> 10) KiB: Graphviz's "
                    + "scanner takes time growing with the square of a token's length (a 16 MB string takes minutes), so "
                    + "Liaison reads tokens up to \(DOTInputLimits.maxTokenBytes >> 10) KiB")
        }

        static func isNameByte(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "-") || b >= 0x80
        }
    }
}
