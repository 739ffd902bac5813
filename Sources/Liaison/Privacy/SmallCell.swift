/// Small-cell suppression of patient counts.
///
/// Following the CMS cell-size suppression policy, counts of patients from 1 to 10 are never shown:
/// a count `c` is shown only when `c == 0` or `c >= threshold` (default 11). Analysis always uses the
/// true values; only what is displayed or written out is hidden. A threshold of 0 turns suppression off.
public enum SmallCell {
    /// The default threshold: counts 1…10 are hidden.
    public static let defaultThreshold = 11

    /// Whether a patient count must be hidden under `threshold`.
    @inlinable public static func hides(_ count: Double, threshold: Int) -> Bool {
        threshold > 0 && count > 0 && count < Double(threshold)
    }

    /// The cell to show for a patient count.
    public static func cell(_ count: Double, threshold: Int) -> Cell {
        hides(count, threshold: threshold) ? .suppressed : .number(count)
    }
}
