/// The messages about a dataset's rows, written once for every reader: ``DatasetLoader``, the
/// referral and encounter readers and the workspace import.
package enum RowMessage {
    package static func empty(_ column: String) -> String { "empty \(column)" }
    package static func emptyCount(_ column: String) -> String { "empty \(column): expected a whole number ≥ 0" }
    package static func duplicate(_ what: String, _ id: String, firstLine: Int) -> String {
        "duplicate \(what) id \(UserText.quoted(id)) (first on line \(firstLine))"
    }
    package static func emptyName(_ what: String, _ id: String) -> String { "empty name for \(what) \(UserText.quoted(id))" }
    /// An unknown expert; `id` is `nil` where values must not be echoed (encounters).
    package static func unknownExpert(_ id: String?, knownFrom scope: String) -> String {
        "unknown expert id\(id.map { " " + UserText.quoted($0) } ?? "") (not in \(scope))"
    }
    package static func unknownInstitution(_ id: String, knownFrom scope: String) -> String {
        "unknown institution id \(UserText.quoted(id)) (not in \(scope))"
    }
    /// A count that is not read (`value` is the text as written): not a whole number, negative, or
    /// above ``PatientCount/ceiling`` (digits too many for `Int` included).
    package static func notACount(_ column: String, _ value: String) -> String {
        let digits = !value.isEmpty && value.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if digits, (Int(value).map { $0 > PatientCount.ceiling } ?? true) { return beyondCeiling(column, value) }
        let what = Int(value) != nil ? "is negative" : "is not a whole number"
        return "\(column) \(UserText.quoted(value)) \(what): expected a whole number ≥ 0"
    }
    /// A count above ``PatientCount/ceiling``, in ``PatientCount``'s words.
    package static func beyondCeiling(_ column: String, _ value: String) -> String {
        "\(column) \(UserText.quoted(value)) \(PatientCount.aboveCeiling)"
    }
    package static func notAPeriod(_ column: String, _ value: String) -> String {
        "\(column) \(UserText.quoted(value)) is not a period (use 2026Q2, 2026, 2026-03 or 2026-01-01..2026-03-31)"
    }
    package static func selfCollaboration(_ file: String, line: Int) -> String {
        "\(file):\(line): ignored a collaboration of an expert with themself"
    }
    /// A field longer than a store accepts (`limit` bytes).
    package static func tooLong(_ bytes: Int, limit: Int) -> String {
        "a field of \(bytes) bytes: longer than the \(limit) bytes a value may have (is this really a CSV export?)"
    }
    /// A row with another number of fields than the header.
    package static func width(_ fields: Int, header: Int) -> String {
        fields > header
            ? "row has \(fields) fields, the header has \(header): a value holding the separator must be quoted"
            : "row has \(fields) field\(fields == 1 ? "" : "s"), the header has \(header)"
    }
    package static func selfReferrals(_ file: String, _ n: Int) -> String {
        "\(file): ignored \(n) self-referral row\(n == 1 ? "" : "s") (source = target)"
    }
}
