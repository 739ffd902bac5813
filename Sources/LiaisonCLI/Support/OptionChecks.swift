import ArgumentParser
import Liaison

/// Range checks of numeric options: a value outside its range is a usage error (exit 64) that names
/// the option, its range and the value given, e.g. `--top must be at least 1 (got -5)`.
///
/// Negative numbers: ArgumentParser reads an argument that starts with `-` as an option name, so
/// `--top -5` used to fail with "Missing value for '--top <top>'". Every numeric option is therefore
/// declared with `parsing: .unconditional` (the next argument is its value, whatever it looks like),
/// and the range check below says what is wrong with `-5`.
enum OptionRange {
    /// Checks an integer option: `value` in `range` (or `nil`, not given).
    static func check<T: FixedWidthInteger>(_ value: T?, _ option: String, _ range: ClosedRange<T>, unit: String = "") throws {
        guard let value, !range.contains(value) else { return }
        throw ValidationError("\(option) must be \(describe(range, unit: unit)) (got \(value))")
    }

    /// Checks a decimal option: finite and in `range` (or `nil`, not given).
    static func check(_ value: Double?, _ option: String, _ range: ClosedRange<Double>, unit: String = "") throws {
        guard let value, !(value.isFinite && range.contains(value)) else { return }
        let upper = range.upperBound == .greatestFiniteMagnitude ? nil : number(range.upperBound)
        throw ValidationError("\(option) must be \(describe(number(range.lowerBound), upper, unit: unit)) (got \(number(value)))")
    }

    /// `at least 1`, `between 0 and 1`, with thousands spelled as typed (no separators).
    static func describe<T: FixedWidthInteger>(_ range: ClosedRange<T>, unit: String) -> String {
        describe("\(range.lowerBound)", range.upperBound == .max ? nil : "\(range.upperBound)", unit: unit)
    }

    private static func describe(_ lower: String, _ upper: String?, unit: String) -> String {
        let u = unit.isEmpty ? "" : " " + unit
        return upper.map { "between \(lower) and \($0)\(u)" } ?? "at least \(lower)\(u)"
    }

    /// `1`, `0.5`, `1e+18`: a whole number without `.0`.
    private static func number(_ x: Double) -> String {
        x.isFinite && x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    // Ranges shared by several commands, with why.

    /// Days between two encounters of one patient (`--window`, `--encounter-window`): CMS uses 30,
    /// studies up to a year; ten years is past any use.
    static let windowDays: ClosedRange<Int> = 0...3650
    /// Days since the last visit that make an expert stale: a century is past any use.
    static let staleDays: ClosedRange<Int> = 0...36_500
    /// Small-cell threshold: above the count ceiling it would hide every count anyway.
    static let minCell: ClosedRange<Int> = 0...PatientCount.ceiling
    /// Visits a quarter for one liaison: 65 working days × 100 visits a day is far past any team.
    static let capacity: ClosedRange<Int> = 0...10_000
    /// Visits a day.
    static let visitsPerDay: ClosedRange<Int> = 1...100
    /// Kilometres: half the Earth's circumference puts every two places "nearby".
    static let nearbyKm: ClosedRange<Double> = 0...20_000
    /// Interactions expected a quarter with one expert.
    static let expectation: ClosedRange<Double> = 0...1000
    /// Experts on the report's main map (sfdp): past a few thousand nothing on it is legible, and its
    /// layout stays well inside ``LayoutBudget``'s sfdp limit.
    static let reportMap: ClosedRange<Int> = 1...5000
    /// "How many rows" options: any positive count.
    static let rows: ClosedRange<Int> = 1...Int.max
}
