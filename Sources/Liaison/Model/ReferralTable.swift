import Foundation

/// One referral link as the measures read it: who refers to whom, how many patients, and when.
/// A value made on the fly from ``ReferralTable``'s columns (no per-link object is stored).
public struct ReferralLink: Hashable, Sendable {
    /// Index of the referring expert in ``Dataset/experts``.
    public var source: Int
    /// Index of the receiving expert in ``Dataset/experts``.
    public var target: Int
    /// Patients shared or referred (summed over the rows of the same pair and period).
    public var patients: Int
    /// Index of the link's period in ``ReferralTable/periodTable``, or -1 when the row has none.
    public var periodCode: Int32
}

/// A counted column of a referrals file besides `patients` (`pair_count`, a `visits` column…):
/// one value per link, `Int.min` where the link has none.
package struct ReferralCountColumn: Sendable, Equatable {
    package var name: String
    package var values: [Int]
}

/// A text column of a referrals file (`source_name`, a status): per link, the index of its value
/// in `values`, or -1 for none.
package struct ReferralTextColumn: Sendable, Equatable {
    package var name: String
    package var codes: [Int32]
    package var values: [String]
}

/// The referral links of a dataset, stored by column: flat arrays of source, target, patients and
/// period code, one entry per (source, target, period) link, plus the optional counted and text
/// columns. A national file of eight million links costs 20 bytes a link here instead of one
/// ~80-byte ``Referral`` with its dictionaries.
///
/// This is the one interface every consumer reads links through: ``rows(in:)`` for loops over the
/// links of a period, ``hasRows(in:)``, ``periods``, ``count``, and ``subscript(_:)`` or
/// ``referrals`` where a whole ``Referral`` (with its counts and text columns) is wanted. The
/// storage behind it may change without touching them.
///
/// The table also keeps the referral graph built from all its rows once it is asked for (see
/// ``Dataset/referralGraphAsRead(period:)``), so commands that need it several times, and a
/// snapshot that saved it, build it once.
public struct ReferralTable: Sendable {
    package private(set) var source: [Int32] = []
    package private(set) var target: [Int32] = []
    package private(set) var patients: [Int] = []
    /// Per link, its index in ``periodTable`` or -1; empty when no link has a period.
    package private(set) var periodCodes: [Int32] = []
    /// The distinct periods the links carry, in order of first appearance.
    public private(set) var periodTable: [Period] = []
    /// `pair_count`, `same_day_count`, `transaction_count` (each empty when no link has it).
    package private(set) var pair: [Int] = []
    package private(set) var sameDay: [Int] = []
    package private(set) var transactions: [Int] = []
    package private(set) var extraCounts: [ReferralCountColumn] = []
    package private(set) var texts: [ReferralTextColumn] = []
    /// The graph of every link as read (built on first use, or restored from a snapshot).
    private(set) var memo = GraphMemo()

    /// An empty table.
    public init() {}

    /// A table holding `referrals`, in order.
    public init(_ referrals: [Referral]) {
        reserve(referrals.count)
        for r in referrals { append(r) }
    }

    /// A table made of columns (the loader's and the snapshot's): every column is either empty or
    /// as long as `source`.
    package init(source: [Int32], target: [Int32], patients: [Int], periodCodes: [Int32], periodTable: [Period],
                 pair: [Int], sameDay: [Int], transactions: [Int], extraCounts: [ReferralCountColumn],
                 texts: [ReferralTextColumn]) {
        precondition(target.count == source.count && patients.count == source.count)
        self.source = source
        self.target = target
        self.patients = patients
        self.periodCodes = periodCodes
        self.periodTable = periodTable
        self.pair = pair
        self.sameDay = sameDay
        self.transactions = transactions
        self.extraCounts = extraCounts
        self.texts = texts
    }

    /// Number of links.
    public var count: Int { source.count }
    /// Whether there is no link.
    public var isEmpty: Bool { source.isEmpty }

    /// The period of link `row`, if any.
    @inline(__always)
    public func period(_ row: Int) -> Period? {
        guard !periodCodes.isEmpty else { return nil }
        let c = periodCodes[row]
        return c < 0 ? nil : periodTable[Int(c)]
    }

    /// Link `row` as a ``ReferralLink``.
    @inline(__always)
    public func link(_ row: Int) -> ReferralLink {
        ReferralLink(source: Int(source[row]), target: Int(target[row]), patients: patients[row],
                     periodCode: periodCodes.isEmpty ? -1 : periodCodes[row])
    }

    /// Link `row` whole: its counts and text columns too.
    public subscript(row: Int) -> Referral {
        func opt(_ xs: [Int]) -> Int? { xs.isEmpty || xs[row] == .min ? nil : xs[row] }
        var x = Referral(source: Int(source[row]), target: Int(target[row]), patients: patients[row], period: period(row),
                         pairCount: opt(pair), sameDayCount: opt(sameDay), transactionCount: opt(transactions))
        for c in extraCounts where c.values[row] != .min { x.extraCounts[c.name] = c.values[row] }
        for t in texts where t.codes[row] >= 0 { x.attributes[t.name] = t.values[Int(t.codes[row])] }
        return x
    }

    /// Every link as a ``Referral`` (one struct per link: for small datasets, exports and tests).
    public var referrals: [Referral] { (0..<count).map { self[$0] } }

    /// The distinct periods of the links, sorted.
    public var periods: [Period] { Array(Set(periodTable)).sorted() }

    /// Which period codes lie within `period` (`nil`: every link counts). Two periods with the same
    /// answer count the very same links (the key of ``GraphMemo``'s scores).
    ///
    /// A period that counts every link (each link has a period, and each lies inside it) answers
    /// `nil` too: its rows, graph and scores are those of all periods, computed once. (A year's
    /// network in a file of that year is asked for both ways by a report, and the betweenness of a
    /// 100 000-expert network takes seconds.)
    func accepted(in period: Period?) -> [Bool]? {
        guard let period else { return nil }
        let ok = periodTable.map { $0.isWithin(period) }
        if isEmpty || (!periodCodes.isEmpty && !ok.contains(false) && memo.everyLinkDated { !periodCodes.contains(-1) }) {
            return nil
        }
        return ok
    }

    /// The links counted in `period`: those whose period lies inside it (links without a period are
    /// never period-specific and are only counted when `period` is `nil`).
    public func rows(in period: Period?) -> Rows { Rows(table: self, accept: accepted(in: period)) }

    /// Whether some link is counted in `period`.
    public func hasRows(in period: Period?) -> Bool {
        guard let ok = accepted(in: period) else { return !isEmpty }
        guard ok.contains(true) else { return false }
        return periodCodes.contains { $0 >= 0 && ok[Int($0)] }
    }

    /// The links of one period, in table order.
    public struct Rows: Sequence, Sendable {
        let table: ReferralTable
        let accept: [Bool]?

        /// Walks the links.
        public struct Iterator: IteratorProtocol {
            let table: ReferralTable
            let accept: [Bool]?
            var row = 0
            public mutating func next() -> ReferralLink? {
                while row < table.count {
                    let r = row
                    row += 1
                    if let accept {
                        guard !table.periodCodes.isEmpty else { return nil }
                        let c = table.periodCodes[r]
                        if c < 0 || !accept[Int(c)] { continue }
                    }
                    return table.link(r)
                }
                return nil
            }
        }

        public func makeIterator() -> Iterator { Iterator(table: table, accept: accept) }

        /// The row numbers of these links in the table.
        public var rowNumbers: [Int] {
            guard let accept else { return Array(0..<table.count) }
            guard !table.periodCodes.isEmpty else { return [] }
            return table.periodCodes.indices.filter { let c = table.periodCodes[$0]; return c >= 0 && accept[Int(c)] }
        }

        /// Whether no link is in the period.
        public var isEmpty: Bool {
            var it = makeIterator()
            return it.next() == nil
        }
    }

    // MARK: Building

    /// Makes room for `n` more links.
    package mutating func reserve(_ n: Int) {
        source.reserveCapacity(count + n); target.reserveCapacity(count + n); patients.reserveCapacity(count + n)
    }

    /// Appends one link (a table from ``Referral`` values, or links added to a loaded one).
    package mutating func append(_ r: Referral) {
        let row = count
        source.append(Int32(truncatingIfNeeded: r.source))
        target.append(Int32(truncatingIfNeeded: r.target))
        patients.append(r.patients)
        func put(_ xs: inout [Int], _ v: Int?) {
            if xs.isEmpty {
                // An absent column comes into being with its first value.
                guard let v else { return }
                xs = [Int](repeating: .min, count: row)
                xs.append(v)
            } else {
                xs.append(v ?? .min)
            }
        }
        if let p = r.period {
            if periodCodes.isEmpty { periodCodes = [Int32](repeating: -1, count: row) }
            let k: Int
            if let i = periodTable.firstIndex(of: p) { k = i } else { k = periodTable.count; periodTable.append(p) }
            periodCodes.append(Int32(k))
        } else if !periodCodes.isEmpty { periodCodes.append(-1) }
        put(&pair, r.pairCount); put(&sameDay, r.sameDayCount); put(&transactions, r.transactionCount)
        for name in r.extraCounts.keys.sorted() where !extraCounts.contains(where: { $0.name == name }) {
            extraCounts.append(ReferralCountColumn(name: name, values: [Int](repeating: .min, count: row)))
        }
        for e in extraCounts.indices { extraCounts[e].values.append(r.extraCounts[extraCounts[e].name] ?? .min) }
        for name in r.attributes.keys.sorted() where !texts.contains(where: { $0.name == name }) {
            texts.append(ReferralTextColumn(name: name, codes: [Int32](repeating: -1, count: row), values: []))
        }
        for e in texts.indices {
            if let v = r.attributes[texts[e].name] {
                let k = texts[e].values.firstIndex(of: v) ?? texts[e].values.count
                if k == texts[e].values.count { texts[e].values.append(v) }
                texts[e].codes.append(Int32(k))
            } else { texts[e].codes.append(-1) }
        }
        memo = GraphMemo()
    }

    /// Adds `added` to the links: a link without a period whose pair is already here (without a
    /// period) gets its counts summed into that link, the others are appended (see
    /// ``SharedPatients/merge(_:adding:)``).
    package mutating func merge(adding added: [Referral]) {
        var row: [UInt64: Int] = [:]
        func key(_ a: Int, _ b: Int) -> UInt64 { UInt64(UInt32(truncatingIfNeeded: a)) << 32 | UInt64(UInt32(truncatingIfNeeded: b)) }
        for k in 0..<count where period(k) == nil { row[key(Int(source[k]), Int(target[k]))] = k }
        func sum(_ xs: inout [Int], _ k: Int, _ v: Int?, rows: Int) {
            guard let v else { return }
            if xs.isEmpty { xs = [Int](repeating: .min, count: rows) }
            xs[k] = xs[k] == .min ? v : xs[k] + v
        }
        for r in added {
            if let k = row[key(r.source, r.target)] {
                patients[k] += r.patients
                let rows = count
                sum(&pair, k, r.pairCount, rows: rows)
                sum(&sameDay, k, r.sameDayCount, rows: rows)
            } else {
                row[key(r.source, r.target)] = count
                append(r)
            }
        }
        memo = GraphMemo()
    }
}

/// The graph of a table's links as read, built once and shared by the copies of the table
/// (the table's columns never change while it exists: every change makes a new memo).
final class GraphMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var graph: Digraph?

    private var dated: Bool?

    /// The value in `slot`, made with `make` the first time (under the lock).
    private func once<T>(_ slot: ReferenceWritableKeyPath<GraphMemo, T?>, _ make: () -> T) -> T {
        lock.lock(); defer { lock.unlock() }
        if let value = self[keyPath: slot] { return value }
        let value = make()
        self[keyPath: slot] = value
        return value
    }

    /// The graph, building it with `make` the first time.
    func graph(_ make: () -> Digraph) -> Digraph { once(\.graph, make) }

    /// The graph, when built.
    var built: Digraph? { lock.lock(); defer { lock.unlock() }; return graph }

    /// Whether every link has a period (`check` runs once; the columns never change under a memo).
    func everyLinkDated(_ check: () -> Bool) -> Bool { once(\.dated, check) }

    /// Stores a graph built elsewhere (a snapshot's).
    func set(_ g: Digraph) { lock.lock(); graph = g; lock.unlock() }

    /// What makes two computations of expert measures on this table's links equal: the links counted
    /// (``ReferralTable/accepted(in:)``), how they are read, and what is asked.
    struct ScoresKey: Hashable {
        var accepted: [Bool]?
        var undirected: Bool
        var nodeCount: Int
        /// The experts' ids, which break ties in ranks and tiers (compared, never hashed: equal
        /// arrays sharing storage compare at once).
        var ids: [String]
        var measures: Set<Measure>
        var model: InfluenceModel
        var options: MeasureOptions
    }
    // Searched by `==` (a handful of entries), so the ids are never hashed.
    private var scores: [(key: ScoresKey, value: ExpertScores)] = []
    /// How many computations are kept at least: a report asks for the same few again and again (each
    /// quarter's targets, the comparison, the plan, the map), while one set of scores of a national
    /// network is tens of MB.
    static let scoresKept = 4
    /// More are kept while all of them together hold at most this many experts' scores (about 80
    /// bytes each): a report's trend over eight quarters then no longer pushes out the quarters it
    /// compares, which the report asks for again (on a small network every quarter stays).
    static let scoresKeptExperts = 1_000_000

    /// The scores for `key`, computing them with `make` the first time. `make` runs outside the lock
    /// (it reads the graph memo, and may take minutes); two threads asking at once may both compute.
    func scores(_ key: ScoresKey, _ make: () throws -> ExpertScores) rethrows -> ExpertScores {
        lock.lock()
        if let hit = scores.first(where: { $0.key == key }) { lock.unlock(); return hit.value }
        lock.unlock()
        let s = try make()
        lock.lock(); defer { lock.unlock() }
        if !scores.contains(where: { $0.key == key }) {
            scores.append((key, s))
            while scores.count > Self.scoresKept
                    && scores.reduce(0, { $0 + $1.key.nodeCount }) > Self.scoresKeptExperts {
                scores.removeFirst()
            }
        }
        return s
    }
}
