import Testing
@testable import Liaison

@Suite("rank order", .tags(.unit))
struct RankOrderTests {
    @Test("highest key first, equal keys by id: the same order as a comparator sort", arguments: [1, 2, 3, 4] as [UInt64])
    func sameAsComparatorSort(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let n = Int.random(in: 1...3_000, using: &g)
        // Few distinct keys (long runs of ties, as isolated experts' PageRank), zeros, negatives.
        let keys = (0..<n).map { _ in Double(Int.random(in: -3...12, using: &g)) / 7 }
        let ids = (0..<n).map { _ in "E\(Int.random(in: 0..<1_000_000, using: &g))-\(Int.random(in: 0..<1_000, using: &g))" }
        let naive = Array(0..<n).sorted { a, b in keys[a] != keys[b] ? keys[a] > keys[b] : ids[a] < ids[b] }
        #expect(ExpertRankView.rankOrder(keys, ids: ids) == naive)
    }

    @Test("empty and single")
    func tiny() {
        #expect(ExpertRankView.rankOrder([], ids: [String]()) == [])
        #expect(ExpertRankView.rankOrder([0.5], ids: ["A"]) == [0])
    }
}

@Suite("work split in ranges of rows", .tags(.unit))
struct RangeSplitTests {
    @Test("ranges cover every index once, in order, however many cores", arguments: [0, 1, 99_999, 100_000, 200_001, 450_000])
    func coverage(count: Int) {
        let parts = inRanges(count, minimumPerRange: 100_000) { $0 }
        #expect(parts.first?.lowerBound == 0)
        #expect(parts.last?.upperBound == count)
        for (a, b) in zip(parts, parts.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(parts.count == 1 || parts.allSatisfy { $0.count >= 100_000 })
    }

    @Test("a rank order long enough to be sorted in ranges and merged equals a comparator sort")
    func rankOrderInRanges() {
        var g = SplitMix64(seed: 9)
        let n = 230_000
        let keys = (0..<n).map { _ in Double(Int.random(in: 0...40_000, using: &g)) / 3 }
        let ids = (0..<n).map { "E\(($0 &* 7_919) % n)" }  // distinct, not in index order
        let naive = Array(0..<n).sorted { a, b in keys[a] != keys[b] ? keys[a] > keys[b] : ids[a] < ids[b] }
        #expect(ExpertRankView.rankOrder(keys, ids: ids) == naive)
    }

    @Test("rows of a ranking long enough to be made in ranges: each row in its place, as its cells make it")
    func rankRowsInRanges() {
        var g = SplitMix64(seed: 4)
        let n = 120_001
        let d = Dataset(experts: (0..<n).map { Expert(id: "E\(($0 &* 7_919) % n)", name: "Dr \($0)") })
        var s = ExpertScores()
        s.pagerank = (0..<n).map { _ in Double(Int.random(in: 0...50_000, using: &g)) / 7 }
        s.inStrength = (0..<n).map { _ in Double(Int.random(in: 0...30, using: &g)) }
        s.inDegree = s.inStrength.map { Int($0 / 3) }
        let columns = ["rank", "id", "name", "in_degree", "in_strength", "pagerank"]
        let rows = ExpertRankView.rows(d, scores: s, columns: columns, metric: .pagerank, limit: nil, threshold: 11).table.rows
        let order = ExpertRankView.rankOrder(s.pagerank, ids: d.experts.map(\.id))
        let makers = columns.map { ExpertRankView.cellMaker($0, dataset: d, scores: s, threshold: 11) }
        #expect(rows.count == n)
        #expect(rows.indices.allSatisfy { r in rows[r] == makers.map { $0(r + 1, order[r]) } })
    }

    @Test("CSV of a table long enough to be encoded in ranges equals the row-by-row text")
    func csvInRanges() {
        let n = 120_001
        let rows: [[Cell]] = (0..<n).map { i in
            [.int(i + 1), .text(i % 5 == 0 ? "Dr \"\(i)\", MD" : "E\(i)"), .number(Double(i) / 7), i % 3 == 0 ? .suppressed : .int(i)]
        }
        let table = TabularOutput(columns: ["rank", "id", "score", "patients"], rows: rows)
        var expected = "rank,id,score,patients\n"
        for r in rows { expected += r.map { csvEscape($0.csvText(threshold: table.threshold)) }.joined(separator: ",") + "\n" }
        #expect(table.csv() == expected)
    }
}

@Suite("default rank columns", .tags(.unit))
struct DefaultRankColumnsTests {
    @Test("a table leaves out a name column that only repeats ids, and an institution column blank on every row")
    func emptyIdentityColumnsLeftOutOfTables() {
        // As a published shared-patient file loads: each expert named by its id, no institution.
        let bare = Dataset(experts: ["1000026017", "1598773715"].map { Expert(id: $0, name: $0) })
        let table = ExpertRankView.defaultColumns(bare, table: true)
        #expect(!table.contains("name") && !table.contains("institution"))
        #expect(table == ExpertRankView.defaultTableColumns.filter { $0 != "name" && $0 != "institution" })
        // CSV and JSON keep every default column, whatever the dataset.
        #expect(ExpertRankView.defaultColumns(bare, table: false) == ExpertRankView.defaultDataColumns)

        // One expert with a name of its own, or one institution, keeps its column.
        var named = bare
        named.experts[1].name = "Dr Peeters"
        #expect(ExpertRankView.defaultColumns(named, table: true)
                == ExpertRankView.defaultTableColumns.filter { $0 != "institution" })
        var placed = bare
        placed.experts[0].institution = "H01"
        #expect(ExpertRankView.defaultColumns(placed, table: true)
                == ExpertRankView.defaultTableColumns.filter { $0 != "name" })
        named.experts[0].institution = "H01"
        #expect(ExpertRankView.defaultColumns(named, table: true) == ExpertRankView.defaultTableColumns)
    }

    @Test("blank identity columns of a dataset, and a table without them")
    func blankColumnsAndRemoval() {
        let bare = Dataset(experts: ["1000026017", "1598773715"].map { Expert(id: $0, name: $0) })
        #expect(BlankColumns.of(bare) == ["name", "institution", "institutions", "region", "regions", "specialty"])
        var some = bare
        some.experts[1].region = "Flanders"
        some.experts[0].specialty = "Hematology"
        #expect(BlankColumns.of(some) == ["name", "institution", "institutions"])
        #expect(BlankColumns.of(Dataset(experts: [Expert(id: "E1", name: "Anna Peeters")])).contains("name") == false)

        var t = TabularOutput(columns: ["id", "name", "institutions", "size"], threshold: 11)
        t.rows = [[.text("A"), .text("A"), .text("(none) (3)"), .int(3)], [.text("B"), .text("B"), .text(""), .int(4)]]
        t.dropOrder = ["institutions", "size"]
        let r = t.removing(columns: ["name", "institutions"])
        #expect(r.columns == ["id", "size"] && r.dropOrder == ["size"] && r.threshold == 11)
        #expect(r.rows == [[.text("A"), .int(3)], [.text("B"), .int(4)]])
        #expect(t.removing(columns: []).columns == t.columns)
    }
}

@Suite("tables of measures", .tags(.unit))
struct MeasureTableTests {
    /// Rows of different measures: each number keeps its own digits (a frequency of 1.199 beside
    /// 2 233 expected interactions had read `1`), while a table of one measure per column keeps one
    /// format per column.
    @Test("a measure, value table writes each number with its own significant digits")
    func numbersByRow() {
        var t = TabularOutput(columns: ["measure", "value"],
                              rows: [[.text("expected"), .number(2233)], [.text("frequency"), .number(332.0 / 277)],
                                     [.text("median_days_since"), .number(19.5)], [.text("targets"), .int(900)]])
        func cells(_ text: String) -> [[String]] {
            text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        }
        // One format down the column: no decimals, for the largest value's four digits.
        #expect(cells(t.table()).contains(["frequency", "1"]), "\(t.table())")
        t.numbersByRow = true
        let byRow = cells(t.table())
        for row in [["expected", "2233"], ["frequency", "1.199"], ["median_days_since", "19.50"], ["targets", "900"]] {
            #expect(byRow.contains(row), "\(t.table())")
        }
        // Kept when columns are removed.
        #expect(t.removing(columns: ["nothing"]).numbersByRow && t.removing(columns: ["measure"]).numbersByRow)
    }
}
