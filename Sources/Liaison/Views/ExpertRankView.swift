import CPUHints
/// The measure a ranking is sorted by (`liaison rank --metric`).
public enum RankMetric: String, CaseIterable, Sendable {
    case influence, pagerank, betweenness, closeness
    case inStrength = "in-strength"
    case eigenvector, hub, authority, harmonic, core, ppr
    /// The scientific score (publications and trials; ``ScientificStanding``).
    case scientific

    /// The measure to compute for sorting.
    public var measure: Measure {
        switch self {
        case .influence: return .influence
        case .pagerank: return .pagerank
        case .betweenness: return .betweenness
        case .closeness: return .closeness
        case .inStrength: return .inStrength
        case .eigenvector: return .eigenvector
        case .hub: return .hub
        case .authority: return .authority
        case .harmonic: return .harmonic
        case .core: return .core
        case .ppr: return .ppr
        case .scientific: return .inDegree   // needs no referral measure; in-degree is the cheapest
        }
    }

    /// The values sorted by (highest first).
    public func values(_ s: ExpertScores) -> [Double] {
        switch self {
        case .influence: return s.influence
        case .pagerank: return s.pagerank
        case .betweenness: return s.betweenness
        case .closeness: return s.closeness
        case .inStrength: return s.inStrength
        case .eigenvector: return s.eigenvector
        case .hub: return s.hub
        case .authority: return s.authority
        case .harmonic: return s.harmonic
        case .core: return s.core.map(Double.init)
        case .ppr: return s.ppr
        case .scientific: return s.science?.scientific ?? [Double](repeating: 0, count: s.inDegree.count)
        }
    }

    /// The metric a ranking without `--metric` sorts by: influence, unless the columns asked for show
    /// neither influence nor tier and name another measure — then the first of those, so that
    /// `--columns id,pagerank` computes only PageRank (sorting by influence would compute betweenness
    /// and closeness nobody asked for).
    public static func implied(byColumns columns: [String]?) -> RankMetric {
        guard let columns, !columns.contains("influence"), !columns.contains("tier") else { return .influence }
        for c in columns {
            if let m = RankMetric(rawValue: c.replacingAll("_", with: "-")) { return m }
        }
        return .influence
    }
}

/// What a person sees of a ranking: the rows, already ordered, cut and suppressed, and the notes
/// that explain them. Produced by ``ExpertRankView`` and ``InstitutionRankView``.
public struct RankRows: Sendable {
    /// The rows (columns as asked), ready for table, CSV or JSON.
    public var table: TabularOutput
    /// Rows shown.
    public var shown: Int
    /// Rows there were.
    public var total: Int
    /// Sentences for the foot of a table (what `<11` and `*` mean, how measures were computed).
    public var notes: [String]
}

/// The rows of `liaison rank` (experts): which columns exist, what must be computed for them, and
/// each cell as shown — the one place that decides order and small-cell suppression for rankings.
///
/// **Privacy.** `in_strength` and `out_strength` are patient counts: 1…(t − 1) show as `<t`. A degree
/// bounds its strength from below (each link carries at least one patient), so `in_degree` beside a
/// hidden `in_strength` would narrow it, and pin it when the degree is t − 1 (ten referrers with one
/// patient each): a degree is withheld (`*`) whenever the strength it bounds is hidden, in every
/// output, whichever columns are shown.
public enum ExpertRankView {
    /// Descriptive columns.
    public static let identityColumns = ["rank", "id", "name", "institution", "specialty", "region"]
    /// Every column `rank` can show.
    public static let allColumns = identityColumns
        + ["in_degree", "out_degree", "in_strength", "out_strength",
           "pagerank", "betweenness", "closeness", "influence", "tier",
           "eigenvector", "hub", "authority", "harmonic", "core", "wcc", "wcc_size", "scc", "scc_size", "ppr",
           "community"] + ScientificStanding.columns
    /// Default CSV/JSON columns: cheap to compute (no O(n·m) measure beyond influence's).
    public static let defaultDataColumns = identityColumns
        + ["in_degree", "out_degree", "in_strength", "out_strength", "pagerank", "betweenness", "closeness",
           "influence", "tier"]
    /// Default table columns.
    public static let defaultTableColumns = ["rank", "id", "name", "institution", "in_degree", "in_strength", "pagerank",
                                             "betweenness", "closeness", "influence", "tier"]

    /// The default columns for `d`: ``defaultTableColumns`` for a table, without the ones that would
    /// only repeat ids or be blank on every row (``BlankColumns``: a published shared-patient file
    /// names nobody); ``defaultDataColumns`` otherwise — CSV and JSON keep every default column, so
    /// that a script reads the same columns from every dataset.
    ///
    /// - Complexity: O(experts) for a table.
    public static func defaultColumns(_ d: Dataset, table: Bool) -> [String] {
        guard table else { return defaultDataColumns }
        let blank = BlankColumns.of(d)
        return defaultTableColumns.filter { !blank.contains($0) }
    }

    /// Names in `columns` that are not columns.
    public static func unknownColumns(_ columns: [String]) -> [String] {
        columns.filter { !allColumns.contains($0) }
    }

    /// The measures to compute to show `columns` sorted by `metric` (a degree needs the strength it
    /// bounds, to know whether to withhold it).
    public static func measures(columns: [String], metric: RankMetric) -> Set<Measure> {
        var m = Set(columns.compactMap { Measure(rawValue: $0) })
        m.insert(metric.measure)
        if m.contains(.inDegree) { m.insert(.inStrength) }
        if m.contains(.outDegree) { m.insert(.outStrength) }
        return m
    }

    /// The rows: experts sorted by `metric` (highest first, ties by id), the first `limit` (all when
    /// `nil`), each with `columns`, patient counts suppressed below `threshold`.
    public static func rows(_ d: Dataset, scores s: ExpertScores, columns: [String], metric: RankMetric,
                            limit: Int?, threshold t: Int) -> RankRows {
        let order = rankOrder(metric.values(s), ids: d.experts.lazy.map(\.id))
        let shown = min(limit ?? order.count, order.count)
        var out = TabularOutput(columns: columns, threshold: t)
        out.dropOrder = ["specialty", "region", "out_strength", "out_degree", "closeness", "betweenness", "in_degree",
                         "pagerank", "institution"]
        // Each column name is resolved once, not once per cell: at a million rows, matching the name
        // in `cell`'s switch for every cell was a fifth of `rank --all`'s output time.
        let makers = columns.map { cellMaker($0, dataset: d, scores: s, threshold: t) }
        // Ranges of rows are made on every core (rows depend only on their rank and expert), each
        // written straight to its place in the table: joining per-range arrays had retained and
        // released every row once more.
        out.rows = [[Cell]](unsafeUninitializedCapacity: shown) { table, count in
            let rows = UncheckedBox(table)  // each range initializes only its own rows
            _ = inRanges(shown, minimumPerRange: 50_000) { range in
                d.experts.withUnsafeBufferPointer { experts in
                    guard let table = rows.value.baseAddress else { return }
                    for r in range {
                        // Rows go in rank order, so each expert is read from anywhere in the array: ask for
                        // the record 16 rows ahead (two cache lines; see CPUHints.h). At a million rows one
                        // load of an expert's id was 4 % of `rank --all`'s samples in perf, waiting on memory.
                        if r + 16 < range.upperBound, let base = experts.baseAddress {
                            let ahead = UnsafeRawPointer(base + order[r + 16])
                            liaison_prefetch(ahead)
                            liaison_prefetch(ahead + 64)
                        }
                        let v = order[r]
                        (table + r).initialize(to: makers.map { $0(r + 1, v) })
                    }
                }
            }
            count = shown
        }
        var notes: [String] = []
        if columns.contains(where: { $0.hasSuffix("_strength") }) {
            notes.append(SmallCell.note(threshold: t))
            if out.rows.contains(where: { $0.contains(.withheld) }) {
                notes.append("*: a degree is withheld where the patient count it bounds is hidden.")
            }
        }
        return RankRows(table: out, shown: shown, total: order.count, notes: notes)
    }

    /// Expert indices by `key`, highest first, equal keys by id.
    ///
    /// Sorts (key, index) pairs held side by side, then orders each run of equal keys by id: at a
    /// million experts, sorting indices with a comparator that looked both keys up was a fifth of the
    /// time `rank --all` spends after PageRank.
    /// - Complexity: O(n log n) comparisons of doubles, plus O(r log r) id comparisons per run of r
    ///   equal keys.
    static func rankOrder<Ids: RandomAccessCollection>(_ key: [Double], ids: Ids) -> [Int]
    where Ids.Element == String, Ids.Index == Int {
        // (key, index) is a total order, so sorting ranges on every core and merging them gives the
        // one sorted sequence (at a million experts 0.14 s on one core).
        let before: @Sendable ((key: Double, index: Int), (key: Double, index: Int)) -> Bool = {
            $0.key != $1.key ? $0.key > $1.key : $0.index < $1.index
        }
        var runs = inRanges(key.count, minimumPerRange: 100_000) { range in
            var part = range.map { (key: key[$0], index: $0) }
            part.sort(by: before)
            return part
        }
        while runs.count > 1 {
            var merged: [[(key: Double, index: Int)]] = []
            var k = 0
            while k < runs.count {
                if k + 1 < runs.count { merged.append(mergeSorted(runs[k], runs[k + 1], by: before)) } else { merged.append(runs[k]) }
                k += 2
            }
            runs = merged
        }
        let pairs = runs.first ?? []
        var order = pairs.map(\.index)
        var lo = 0
        while lo < pairs.count {
            var hi = lo + 1
            while hi < pairs.count && pairs[hi].key == pairs[lo].key { hi += 1 }
            if hi - lo > 1 { order[lo..<hi].sort { ids[$0] < ids[$1] } }
            lo = hi
        }
        return order
    }

    /// The elements of two sorted arrays in one sorted array (`a`'s first among equals).
    /// - Complexity: O(a.count + b.count).
    static func mergeSorted<T>(_ a: [T], _ b: [T], by before: (T, T) -> Bool) -> [T] {
        var out: [T] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if before(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out += a[i...]
        out += b[j...]
        return out
    }

    /// The cells of one column: a function of (rank, expert), with the column's name matched once.
    static func cellMaker(_ column: String, dataset d: Dataset, scores s: ExpertScores,
                          threshold t: Int) -> @Sendable (_ rank: Int, _ expert: Int) -> Cell {
        switch column {
        case "rank": return { r, _ in .int(r) }
        case "id": return { _, v in .text(d.experts[v].id) }
        case "name": return { _, v in .text(d.experts[v].name) }
        case "institution": return { _, v in .text(d.institutionName(ofExpert: v)) }
        case "specialty": return { _, v in .text(d.experts[v].specialty) }
        case "region": return { _, v in .text(d.experts[v].region) }
        case "in_degree":
            return { _, v in degreeCell(s.inDegree[v], bounding: value(s.inStrength, v), threshold: t) }
        case "out_degree":
            return { _, v in degreeCell(s.outDegree[v], bounding: value(s.outStrength, v), threshold: t) }
        case "in_strength": return { _, v in SmallCell.cell(s.inStrength[v], threshold: t) }
        case "out_strength": return { _, v in SmallCell.cell(s.outStrength[v], threshold: t) }
        case "pagerank": return { _, v in .number(s.pagerank[v]) }
        case "betweenness": return { _, v in .number(s.betweenness[v]) }
        case "closeness": return { _, v in .number(s.closeness[v]) }
        case "influence": return { _, v in .number(s.influence[v]) }
        case "tier": return { _, v in .int(s.tier[v]) }
        case "eigenvector": return { _, v in .number(s.eigenvector[v]) }
        case "hub": return { _, v in .number(s.hub[v]) }
        case "authority": return { _, v in .number(s.authority[v]) }
        case "harmonic": return { _, v in .number(s.harmonic[v]) }
        case "core": return { _, v in .int(s.core[v]) }
        case "wcc": return { _, v in s.wcc.map { .int($0.id[v]) } ?? .empty }
        case "wcc_size": return { _, v in s.wcc.map { .int($0.size(ofNode: v)) } ?? .empty }
        case "scc": return { _, v in s.scc.map { .int($0.id[v]) } ?? .empty }
        case "scc_size": return { _, v in s.scc.map { .int($0.size(ofNode: v)) } ?? .empty }
        case "ppr": return { _, v in s.ppr.isEmpty ? .empty : .number(s.ppr[v]) }
        case "community": return { _, v in v < s.community.count ? .int(s.community[v]) : .empty }
        default: return { _, v in ScienceRankColumns.cell(column, expert: v, scores: s) ?? .empty }
        }
    }

    /// A degree beside the patient count it bounds: withheld when that count is hidden.
    static func degreeCell(_ degree: Int, bounding strength: Double, threshold t: Int) -> Cell {
        SmallCell.hides(strength, threshold: t) ? .withheld : .int(degree)
    }

    /// `xs[v]`, or 0 when the measure was not computed (the caller computes what it shows; see
    /// ``measures(columns:metric:)``).
    static func value(_ xs: [Double], _ v: Int) -> Double { v < xs.count ? xs[v] : 0 }
}
