/// US National Provider Identifiers: the check-digit rule, and warnings about values that fail it.
///
/// An NPI is 10 digits whose last is a Luhn check digit computed over the card-issuer prefix
/// `80840` followed by the first nine digits (CMS, "Requirements for National Provider Identifier
/// Check Digit Algorithm"). Equivalently: double every other digit of the first nine, starting with
/// the first, sum the digits of the results and of the undoubled digits, add 24 (the prefix's share),
/// and the check digit is what brings the total to a multiple of 10.
///
/// Liaison never rejects a row for a bad NPI (the value may still be the key a file uses); it warns,
/// naming the file and line, because a mistyped NPI silently splits one physician into two.
public enum NPI {
    /// Whether `value` is 10 ASCII digits with a valid check digit. Surrounding spaces are not
    /// allowed; trim first.
    public static func isValid(_ value: String) -> Bool {
        value.utf8.withContiguousStorageIfAvailable { isValid(digits: $0) } ?? isValid(digits: value.utf8)
    }

    /// Whether the bytes are 10 ASCII digits with a valid check digit (for byte-level readers).
    public static func isValid(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        isValid(digits: bytes)
    }

    /// The check digit for the first nine digits of an NPI, or `nil` unless `prefix` is 9 ASCII digits.
    public static func checkDigit(forFirstNine prefix: String) -> Int? {
        let digits = prefix.utf8.map { Int($0) - Int(UInt8(ascii: "0")) }
        guard digits.count == 9, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        return checkDigit(digits)
    }

    /// Why `value` fails the check, in words for a warning (`nil` when it passes).
    public static func problem(_ value: String) -> String? {
        if isValid(value) { return nil }
        let digits = value.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if !digits || value.utf8.count != 10 {
            return "npi '\(value)' is not an NPI (expected 10 digits)"
        }
        let expected = checkDigit(forFirstNine: String(value.prefix(9))).map { " (check digit should be \($0))" } ?? ""
        return "npi '\(value)' fails the NPI check digit (Luhn over 80840 + the first 9 digits)\(expected)"
    }

    /// The check over the bytes themselves, without building arrays: it runs once per row of
    /// experts.csv, and the two arrays it used to allocate were 15 % of reading a million experts
    /// (perf).
    private static func isValid<C: Collection<UInt8>>(digits bytes: C) -> Bool {
        let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
        guard bytes.count == 10, bytes.allSatisfy({ $0 >= zero && $0 <= nine }) else { return false }
        let digits = bytes.lazy.map { Int($0 &- zero) }
        return checkDigit(digits.prefix(9)) == digits[digits.index(digits.startIndex, offsetBy: 9)]
    }

    /// Luhn over 80840 + nine digits: doubling starts at the rightmost of the nine.
    private static func checkDigit<S: Sequence<Int>>(_ nine: S) -> Int {
        var sum = 24     // 8, 0, 8, 4, 0 with the Luhn doubling pattern: 8+0+(1+6)+0+(8) = 24
        for (k, d) in nine.enumerated() {
            if k % 2 == 0 {
                let x = d * 2
                sum += x > 9 ? x - 9 : x
            } else {
                sum += d
            }
        }
        return (10 - sum % 10) % 10
    }

    /// Collects warnings about NPIs that fail the check while a file is read: the first
    /// ``limit`` are kept word for word (located by file and line), the rest only counted.
    public struct Warnings: Sendable {
        /// The file whose rows are checked (as shown in messages).
        public let file: String
        /// How many located warnings to keep.
        public let limit: Int
        /// Located warnings, in the order found.
        public var messages: [String] { located.map(\.description) }
        /// The issues behind ``messages`` (kept as issues so that a later slice's lines can be shifted).
        private var located: [DataIssue] = []
        /// How many values failed in all.
        public private(set) var failures = 0

        /// Starts collecting for `file`.
        public init(file: String, limit: Int = 20) {
            self.file = file
            self.limit = limit
        }

        /// Checks one value (empty values are not checked); `location` makes the issue to report.
        public mutating func check(_ value: String, at location: (String) -> DataIssue) {
            guard !value.isEmpty, let p = NPI.problem(value) else { return }
            failures += 1
            if located.count < limit { located.append(location(p)) }
        }

        /// Adds the warnings of a later slice of the same file, whose lines start after `lineOffset`.
        mutating func append(_ other: Warnings, lineOffset: Int) {
            failures += other.failures
            for var issue in other.located where located.count < limit {
                if issue.line > 0 { issue.line += lineOffset }
                located.append(issue)
            }
        }

        /// Counts one value found to fail the check elsewhere, keeping `issue` if there is room.
        mutating func add(failure issue: DataIssue?) {
            failures += 1
            if let issue, located.count < limit { located.append(issue) }
        }

        /// The warnings to show: the located ones, then a count of the rest.
        public var all: [String] {
            var w = messages
            if failures > located.count {
                w.append("\(file): \(failures) npi values fail the NPI check digit in all (first \(located.count) shown)")
            }
            return w
        }
    }
}
