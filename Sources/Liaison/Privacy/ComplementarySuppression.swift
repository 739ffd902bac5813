/// How a patient count is displayed after small-cell suppression.
public enum CellVisibility: Sendable, Hashable {
    /// Shown as is.
    case shown
    /// Hidden because it lies in 1…(threshold − 1) (primary suppression, shown as `<11`).
    case primary
    /// Hidden although large, so that the primary cells cannot be worked out by subtraction
    /// (complementary suppression, shown as `*`).
    case complementary

    /// Whether the value is hidden.
    public var isHidden: Bool { self != .shown }
}

extension SmallCell {
    /// The marker of a complementary-suppressed cell in CSV and tables (JSON shows `null`).
    public static let complementaryMarker = "*"

    /// A one-line note for table output: what `<N` means, or that suppression is off.
    public static func note(threshold t: Int) -> String {
        t > 0 ? "Patient counts from 1 to \(t - 1) are shown as <\(t) (--min-cell)."
            : "Small-cell suppression is off (--min-cell 0): every patient count is shown."
    }

    /// Which of `values` (parts of a total) to hide so that no count in 1…(t − 1) is shown **and**
    /// none can be worked out exactly from the shown parts and the total, assumed published (e.g. an
    /// expert's in-strength shown by `liaison rank`).
    ///
    /// The rule: counts in 1…(t − 1) are hidden (primary). Then, while the hidden sum
    /// S = total − Σ shown is itself in 1…(t − 1), or some hidden count would be
    /// determined — its feasible range given S, the ranges
    /// [1, t − 1] of the primary cells and [t, smallest shown count] of the complementary ones, is a
    /// single value — the smallest shown non-zero count is hidden too (complementary). Zeros stay
    /// shown. When the total itself would be hidden (it is below `t`), only primary suppression
    /// applies, as every part is then below `t` anyway.
    ///
    /// - Complexity: O(n log n + n · k) for k complementary cells.
    public static func protectParts(_ values: [Int], threshold t: Int) -> [CellVisibility] {
        var vis = values.map { hides(Double($0), threshold: t) ? CellVisibility.primary : .shown }
        guard t > 0, vis.contains(.primary) else { return vis }
        let total = values.reduce(0, +)
        guard total >= t else { return vis }
        // Shown non-zero cells, smallest first (ties by position): candidates for complementary suppression.
        var candidates = values.indices.filter { vis[$0] == .shown && values[$0] > 0 }
            .sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
        var next = 0
        while exposed(values, vis, threshold: t, upper: next < candidates.count ? values[candidates[next]] : nil) {
            guard next < candidates.count else { break }
            vis[candidates[next]] = .complementary
            next += 1
        }
        candidates.removeAll()
        return vis
    }

    /// Whether `vis` (from ``protectParts(_:threshold:)``) keeps every hidden part of `values` from
    /// being worked out with the total: `false` when even hiding every non-zero part leaves a small
    /// count determined (e.g. parts 1 and 11 of a total of 12). Then the parts must not be shown at all.
    public static func partsAreProtected(_ values: [Int], _ vis: [CellVisibility], threshold t: Int) -> Bool {
        guard t > 0, vis.contains(.primary), values.reduce(0, +) >= t else { return true }
        let shown = values.indices.filter { vis[$0] == .shown && values[$0] > 0 }.map { values[$0] }
        return !exposed(values, vis, threshold: t, upper: shown.min())
    }

    /// Whether some primary cell's value is determined by the hidden sum and the cells' ranges.
    private static func exposed(_ values: [Int], _ vis: [CellVisibility], threshold t: Int, upper: Int?) -> Bool {
        var sum = 0, loSum = 0, hiSum = 0
        var hidden: [(lo: Int, hi: Int, primary: Bool)] = []
        for (k, v) in vis.enumerated() where v.isHidden {
            sum += values[k]
            let lo = v == .primary ? 1 : t
            // Complementary cells were the smallest shown, so they are at most the smallest still shown.
            let hi = v == .primary ? t - 1 : (upper ?? Int.max / 4)
            hidden.append((lo, hi, v == .primary))
            loSum += lo
            hiSum = min(Int.max / 4, hiSum + hi)
        }
        // The hidden cells' sum is itself a figure a reader gets (total − shown parts): it must not
        // be a small count either.
        if sum > 0 && sum < t { return true }
        for h in hidden where h.primary {
            let lo = max(h.lo, sum - (hiSum - h.hi))
            let hi = min(h.hi, sum - (loSum - h.lo))
            if lo >= hi { return true }
        }
        return false
    }

    /// The cell for a count with its visibility: `.int`, `.suppressed` (primary, `<11`) or
    /// `.withheld` (complementary, `*`); JSON shows both hidden kinds as `null`.
    public static func cell(_ value: Int, _ v: CellVisibility) -> Cell {
        switch v {
        case .shown: return .int(value)
        case .primary: return .suppressed
        case .complementary: return .withheld
        }
    }

    /// Whether showing `total` beside `parts` would give away a hidden part: some part in
    /// 1…(t − 1) is hidden, and either the hidden parts' sum (total − shown parts) is itself below
    /// `t`, or a hidden part's value is determined by that sum and the parts' ranges [1, t − 1].
    /// Parts of 0 and parts of `t` or more count as shown. A total below `t` is hidden anyway.
    ///
    /// Used where a total and its parts appear in one output (a node's patients received and its
    /// incoming links on a map; a community's internal patients and its internal links): when this
    /// returns `true` the total is withheld, since the parts are shown elsewhere too.
    ///
    /// - Complexity: O(n) for n parts.
    public static func totalExposesParts(_ parts: [Double], threshold t: Int) -> Bool {
        guard t > 0 else { return false }
        var hiddenSum = 0.0, hiddenCount = 0, total = 0.0
        for p in parts {
            total += p
            if hides(p, threshold: t) { hiddenSum += p; hiddenCount += 1 }
        }
        guard hiddenCount > 0, !hides(total, threshold: t) else { return false }
        if hiddenSum < Double(t) { return true }
        // Each hidden part h lies in [1, t − 1]; h is determined when the others' bounds leave one value.
        let others = Double(hiddenCount - 1)
        let lo = max(1, hiddenSum - others * Double(t - 1)), hi = min(Double(t - 1), hiddenSum - others)
        return lo >= hi
    }
}
