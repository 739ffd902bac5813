/// Tables for people: aligned columns, one number format per column, fitted to the terminal.
extension TabularOutput {
    /// Aligned text: numbers right-aligned with the same decimals down a column (enough for four
    /// significant digits of the column's largest value; with ``numbersByRow``, four significant
    /// digits each), text left-aligned and cut at `maxWidth` characters with `…`.
    ///
    /// With `fitting` (the terminal's width), a wider table first narrows its text columns to 20
    /// characters, then leaves out whole columns — ``dropOrder`` first, then from the right — then
    /// narrows text further, and ends with a line naming the columns left out (`--wide` shows them).
    public func table(maxWidth: Int = 36, fitting width: Int? = nil) -> String {
        let texts = rows.map { r in columns.indices.map { k in k < r.count ? cellText(r[k], column: k) : "" } }
        let headers = columns
        let numeric = columns.indices.map { k in rows.contains { k < $0.count && $0[k].isNumeric } }
        var limits = columns.indices.map { numeric[$0] ? Int.max : maxWidth }
        func widths() -> [Int] {
            headers.indices.map { k in texts.reduce(headers[k].count) { max($0, min($1[k].count, limits[k])) } }
        }
        var keep = Array(columns.indices)
        var dropped: [String] = []
        if let width {
            func total(_ w: [Int]) -> Int { keep.reduce(0) { $0 + w[$1] } + 2 * max(0, keep.count - 1) }
            var w = widths()
            /// Narrows the widest text column, one character at a time, down to `floor`.
            func narrow(to floor: Int) {
                while total(w) > width, let k = keep.filter({ !numeric[$0] && w[$0] > floor }).max(by: { w[$0] < w[$1] }) {
                    limits[k] = w[k] - 1
                    w = widths()
                }
            }
            // Names stay readable (20 characters), then whole columns go, then text narrows further.
            narrow(to: 20)
            let order = dropOrder.compactMap { columns.firstIndex(of: $0) } + columns.indices.reversed()
            var next = 0
            while total(w) > width, keep.count > 2, next < order.count {
                if let i = keep.firstIndex(of: order[next]), keep.count > 2 {
                    dropped.append(columns[order[next]])
                    keep.remove(at: i)
                    w = widths()
                }
                next += 1
            }
            narrow(to: 10)
        }
        let w = widths()
        func cut(_ t: String, _ k: Int) -> String { t.count > w[k] ? String(t.prefix(max(1, w[k] - 1))) + "…" : t }
        func line(_ cells: [String]) -> String {
            keep.map { k in
                let t = cut(cells[k], k)
                let pad = String(repeating: " ", count: max(0, w[k] - t.count))
                return numeric[k] ? pad + t : t + pad
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        var out = line(headers) + "\n"
        out += line(w.map { String(repeating: "─", count: $0) }) + "\n"
        for r in texts { out += line(r) + "\n" }
        if !dropped.isEmpty, let width {
            // One line, as long as the table is wide: as many names as fit.
            var names = dropped
            func note() -> String {
                "(\(dropped.count) column\(dropped.count == 1 ? "" : "s") left out to fit: " + names.joined(separator: ", ")
                    + (names.count < dropped.count ? ", …" : "") + "; --wide shows all)"
            }
            while note().count > width, names.count > 1 { names.removeLast() }
            out += note() + "\n"
        }
        return out
    }

    /// The text of one cell for people, numbers in their column's format.
    private func cellText(_ c: Cell, column k: Int) -> String {
        if case .number(let x) = c { return numbersByRow ? formatSignificant(x) : fixed(x, decimals: decimals(column: k)) }
        return sanitizeForTerminal(c.tableText(threshold: threshold))
    }

    /// Decimals of a number column: none when every value is whole, else enough for four significant
    /// digits of the largest magnitude (at most 6).
    func decimals(column k: Int) -> Int {
        var largest = 0.0, whole = true
        for r in rows where k < r.count {
            if case .number(let x) = r[k], x.isFinite {
                largest = max(largest, abs(x))
                if x != x.rounded() { whole = false }
            }
        }
        if whole || largest == 0 { return whole ? 0 : 4 }
        var magnitude = 0
        var v = largest
        while v >= 10 { v /= 10; magnitude += 1 }
        while v < 1 { v *= 10; magnitude -= 1 }
        return max(0, min(6, 3 - magnitude))
    }
}
