/// One problem found in input data, located by file, line and column (1-based).
public struct DataIssue: Error, Hashable, Sendable, CustomStringConvertible {
    /// File name as the user gave it (or its last path component).
    public var file: String
    /// 1-based line where the offending record or field starts; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based character column of the offending field; 0 when unknown.
    public var column: Int
    /// What is wrong, in words a user can act on.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int = 0, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message` (line and column left out when unknown), as one line safe for a
    /// terminal: control and invisible characters escaped, cut after ``UserText/lineLimit``
    /// characters (quote values in `message` with ``UserText/quoted(_:limit:)``).
    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        if line > 0 && column > 0 { s += ":\(column)" }
        return UserText.line(s + ": " + message)
    }
}

/// Loading failed: one or more problems that make the data unusable as given.
public struct DatasetError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order found (at most ``DatasetLoader/Options/maxErrors``).
    public var issues: [DataIssue]
    /// How many problems were found in all (may exceed `issues.count`).
    public var total: Int

    /// Creates an error from its issues.
    public init(issues: [DataIssue], total: Int? = nil) {
        self.issues = issues
        self.total = total ?? issues.count
    }

    /// One line per issue, then a count when some were left out.
    public var description: String {
        var lines = issues.map(\.description)
        if total > issues.count { lines.append("… and \(total - issues.count) more errors") }
        return lines.joined(separator: "\n")
    }
}
