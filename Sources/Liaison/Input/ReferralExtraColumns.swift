/// The values of a referrals file's extra columns — in Liaison's layout, every column but `source`,
/// `target`, `patients`, `period`, `pair_count`, `same_day_count` and `transaction_count` — as read,
/// so that each column can be judged once all its values are known: a column is **numeric** when
/// every value it holds is a whole number from 0 to ``PatientCount/ceiling`` (empty cells aside), and then its values are counts,
/// summed like `patients` (``Referral/extraCounts``); any other column is **text** (a name, a
/// status), kept per link with the value of the link's first row that has one
/// (``Referral/attributes``). So `source_name` or `status1` never make a row an error, and a column
/// that looks numeric for a million rows and then holds `n/a` is text, whole, not half of each.
///
/// Values are interned per column, so a column costs one 32-bit code per row plus its distinct
/// values.
struct ReferralExtraValues {
    /// Per column, per row: the index of the value in `texts`, or -1 for an empty cell.
    var codes: [[Int32]]
    /// Per column, its distinct values in order of first appearance.
    var texts: [[String]]
    private var index: [[String: Int32]]

    init(columns: Int) {
        codes = Array(repeating: [], count: columns)
        texts = Array(repeating: [], count: columns)
        index = Array(repeating: [:], count: columns)
    }

    var isEmpty: Bool { codes.isEmpty }

    /// Adds one row: `value(e)` gives the trimmed bytes of column `e`.
    mutating func addRow(_ value: (Int) -> UnsafeBufferPointer<UInt8>) {
        for e in codes.indices {
            let b = value(e)
            codes[e].append(b.isEmpty ? -1 : intern(e, String(decoding: b, as: UTF8.self)))
        }
    }

    private mutating func intern(_ e: Int, _ t: String) -> Int32 {
        if let k = index[e][t] { return k }
        let k = Int32(texts[e].count)
        texts[e].append(t)
        index[e][t] = k
        return k
    }

    /// Appends the rows of `other` (a later slice of the same file), renumbering its values.
    mutating func append(_ other: ReferralExtraValues) {
        for e in codes.indices {
            let map = other.texts[e].map { intern(e, $0) }
            codes[e].reserveCapacity(codes[e].count + other.codes[e].count)
            for k in other.codes[e] { codes[e].append(k < 0 ? -1 : map[Int(k)]) }
        }
    }

    /// Column `e` as counts (`Int.min` for empty cells), or `nil` when some value is not a whole
    /// number ≥ 0 (a text column).
    func counts(_ e: Int) -> [Int]? {
        var values: [Int] = []
        values.reserveCapacity(texts[e].count)
        for t in texts[e] {
            guard let v = Int(t), v >= 0, v <= PatientCount.ceiling else { return nil }
            values.append(v)
        }
        return codes[e].map { $0 < 0 ? .min : values[Int($0)] }
    }
}
