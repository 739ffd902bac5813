/// The field separator of a CSV file. Spreadsheets write "CSV" with semicolons where the comma is
/// the decimal mark (Excel in Belgian, French, German and Dutch locales) and "text" exports with
/// tabs, so Liaison reads all three, finding the separator from the file's first row.
public enum CSVDelimiter: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// `,`
    case comma = 44
    /// `;`
    case semicolon = 59
    /// A tab.
    case tab = 9

    /// The separator and its name, e.g. `; (semicolon)`.
    public var description: String {
        switch self {
        case .comma: ", (comma)"
        case .semicolon: "; (semicolon)"
        case .tab: "tab"
        }
    }

    /// The separator of the first row (up to its first line feed outside quotes): the one of the
    /// three it holds most often outside quotes, ties going to the comma, then the semicolon. A row
    /// with none of them (a single column) is read with commas. Data rows are never looked at: the
    /// first row is the header, or (CMS files without header) a row whose commas decide.
    ///
    /// - Complexity: O(length of the first row).
    public static func detect(_ b: UnsafeBufferPointer<UInt8>) -> CSVDelimiter {
        var counts = [0, 0, 0]
        var quoted = false
        for c in b {
            if c == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if quoted { continue }
            switch c {
            case UInt8(ascii: "\n"): return pick(counts)
            case UInt8(ascii: ","): counts[0] += 1
            case UInt8(ascii: ";"): counts[1] += 1
            case UInt8(ascii: "\t"): counts[2] += 1
            default: break
            }
        }
        return pick(counts)
    }

    private static func pick(_ c: [Int]) -> CSVDelimiter {
        if c[0] >= c[1] && c[0] >= c[2] { return .comma }
        return c[1] >= c[2] ? .semicolon : .tab
    }
}
