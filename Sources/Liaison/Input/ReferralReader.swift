import Dispatch
import Foundation

/// The layouts a referrals file may have. ``ReferralReader`` detects the layout from the first row.
public enum ReferralFormat: String, Sendable, CaseIterable {
    /// Liaison's own `referrals.csv`: header `source,target,patients` and optionally `period` and other
    /// numeric columns; `source`/`target` are ids from `experts.csv`.
    case liaison
    /// CMS "Physician Shared Patient Patterns" (DocGraph): `npi1,npi2,pair_count,bene_count,same_day_count`,
    /// usually without a header and with counts padded with spaces. `patients` is `bene_count`.
    case cmsSharedPatients = "cms"
    /// Hop-teaming: header `from_npi,to_npi,patient_count,transaction_count,average_day_wait,std_day_wait`.
    /// `patients` is `patient_count`; the day-wait statistics are not additive and are ignored.
    case hopTeaming = "hop-teaming"

    /// A phrase for messages.
    public var description: String {
        switch self {
        case .liaison: "Liaison referrals (source,target,patients)"
        case .cmsSharedPatients: "CMS shared patient patterns (npi1,npi2,pair_count,bene_count,same_day_count)"
        case .hopTeaming: "hop-teaming (from_npi,to_npi,patient_count,transaction_count,…)"
        }
    }

    /// Whether rows name experts by NPI, so that unknown NPIs become bare experts.
    public var isPublished: Bool { self != .liaison }
}

/// Progress of a long load, reported about every 64 000 rows and once at the end of each file.
public struct LoadProgress: Sendable {
    /// The file being read (as shown in messages).
    public var file: String
    /// Bytes read so far.
    public var bytesRead: Int
    /// The file's size, when known.
    public var totalBytes: Int?
    /// Rows read so far.
    public var rows: Int
    /// Whether the file is finished.
    public var done: Bool
}

/// The columns of a referrals file, resolved once from its header (or the CMS layout).
package struct ReferralColumns {
    package var format: ReferralFormat
    var source: (index: Int, name: String)
    var target: (index: Int, name: String)
    var patients: (index: Int, name: String)
    var period: (index: Int, name: String)?
    var pair: (index: Int, name: String)?
    var sameDay: (index: Int, name: String)?
    var transactions: (index: Int, name: String)?
    /// Other numeric columns (Liaison format only), by header name.
    var extras: [(index: Int, name: String)] = []
    /// Whether the first record is data (a CMS file without header).
    var headerless: Bool
    /// Fields of the header, or 5 in a CMS file without header.
    var width = 5
    /// The last required column: a row too short to hold it is an error.
    var lastRequired: Int { max(source.index, target.index, patients.index) }

    /// CMS column names, in file order.
    static let cmsNames = ["npi1", "npi2", "pair_count", "bene_count", "same_day_count"]

    /// Detects the layout from the first record of `stream`.
    static func detect(_ stream: CSVStream, renameHeader: (([String]) -> [String])? = nil) throws(DataIssue) -> ReferralColumns {
        let n = stream.fieldCount
        if n >= 2, isNPI(stream.trimmed(0)), isNPI(stream.trimmed(1)) {
            guard n == 5 else {
                throw DataIssue(file: stream.fileName, line: stream.recordLine, column: 1, message:
                    "the first row starts with two 10-digit NPIs but has \(n) fields: a CMS shared-patient file without header has 5 (npi1,npi2,pair_count,bene_count,same_day_count); give other layouts a header row")
            }
            return ReferralColumns(format: .cmsSharedPatients, source: (0, "npi1"), target: (1, "npi2"),
                                   patients: (3, "bene_count"), period: nil, pair: (2, "pair_count"),
                                   sameDay: (4, "same_day_count"), transactions: nil, headerless: true)
        }
        var head = stream.record()
        if let renameHeader { head.fields = renameHeader(head.fields) }
        let h = try CSVHeader(head, fileName: stream.fileName)
        var c = try detect(h)
        c.width = h.header.count
        return c
    }

    /// The layout of a file with header `h`.
    private static func detect(_ h: CSVHeader) throws(DataIssue) -> ReferralColumns {
        func col(_ name: String) -> (index: Int, name: String)? { h.column(name).map { ($0, name) } }
        func req(_ name: String) -> (index: Int, name: String) { (h.column(name) ?? 0, name) }
        if !h.has("source"), h.has("from_npi") || h.has("to_npi") {
            try h.require(["from_npi", "to_npi", "patient_count"])
            return ReferralColumns(format: .hopTeaming, source: req("from_npi"), target: req("to_npi"),
                                   patients: req("patient_count"), period: col("period"), pair: nil, sameDay: nil,
                                   transactions: col("transaction_count"), headerless: false)
        }
        if !h.has("source"), h.has("npi1") || h.has("npi2") {
            try h.require(["npi1", "npi2", "bene_count"])
            return ReferralColumns(format: .cmsSharedPatients, source: req("npi1"), target: req("npi2"),
                                   patients: req("bene_count"), period: col("period"), pair: col("pair_count"),
                                   sameDay: col("same_day_count"), transactions: nil, headerless: false)
        }
        try h.require(["source", "target", "patients"])
        var c = ReferralColumns(format: .liaison, source: req("source"), target: req("target"),
                                patients: req("patients"), period: col("period"), pair: nil, sameDay: nil,
                                transactions: nil, headerless: false)
        for (name, k) in h.extraColumns(known: ["source", "target", "patients", "period"]) {
            switch name.lowercased() {
            case Referral.pairCountName: c.pair = (k, name)
            case Referral.sameDayCountName: c.sameDay = (k, name)
            case Referral.transactionCountName: c.transactions = (k, name)
            default: c.extras.append((k, name))
            }
        }
        return c
    }

    static func isNPI(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count == 10 else { return false }
        for c in b where c < UInt8(ascii: "0") || c > UInt8(ascii: "9") { return false }
        return true
    }
}

/// When a referrals file (and a large `experts.csv`) is read in slices, one per thread: files of at
/// least `minimumFileBytes`, in slices of at least `minimumSliceBytes`, at most `maxSlices` of them
/// (default: one per core, at most 8).
package struct ReferralSlicing: Sendable {
    package var minimumFileBytes = 16 << 20
    package var minimumSliceBytes = 8 << 20
    package var maxSlices = min(ProcessInfo.processInfo.activeProcessorCount, 8)
    /// The first stream's chunk size: the first slice is read by the stream that read the header,
    /// which must not have read past the first cut (tests slicing small files lower it).
    package var chunkSize = CSVStream.chunkSize
    /// Told how many slices a read used (1: one pass), so tests can check that slicing happened.
    package var observe: (@Sendable (Int) -> Void)?
    /// From how many rows repeated pairs are merged in ranges of sources on every core (tests lower it).
    package var minimumRowsToMergeInRanges = 1 << 20
    /// The same for `experts.csv`, which is cut by the same rules (see ``DatasetLoader``'s
    /// `readExpertsInSlices`): told 1 when a sliced read had to be redone in one pass.
    package var observeExperts: (@Sendable (Int) -> Void)?
    package init() {}
}

/// Reads a referrals file (any ``ReferralFormat``) at byte level: fields are never turned into
/// strings unless an error message needs one, expert ids are interned once into dense `Int32`s,
/// counts are parsed from bytes, and rows go into flat arrays that are merged per
/// (source, target, period) in linear time into the columns of a ``ReferralTable``.
///
/// A large file is read in slices by several threads (see ``sliceBoundaries(url:size:stream:slicing:)``):
/// each slice has its own tokenizer and id table, and the slices are joined in file order, so
/// experts, referrals, errors and warnings come out exactly as a single pass would give them.
package struct ReferralReader {
    let stream: CSVStream
    package let columns: ReferralColumns
    /// The file, when the stream reads one (needed to read it in slices).
    let url: URL?
    /// When to read the file in slices.
    let slicing: ReferralSlicing
    private var pendingFirst: Bool
    /// Where known experts come from, for the unknown-id message.
    package var expertScope = "experts.csv"
    /// The longest text a column other than the known ones may hold (the workspace's limit), if any.
    package var maxTextBytes: Int?

    /// Opens the stream and detects the layout. `nil` for a file with no record at all.
    /// `renameHeader` renames the header's columns first (the workspace import's column mapping).
    package static func open(_ stream: CSVStream, url: URL? = nil, slicing: ReferralSlicing = ReferralSlicing(),
                             renameHeader: (([String]) -> [String])? = nil) throws(DataIssue) -> ReferralReader? {
        guard try stream.next() else { return nil }
        let c = try ReferralColumns.detect(stream, renameHeader: renameHeader)
        return ReferralReader(stream: stream, columns: c, url: url, slicing: slicing, pendingFirst: c.headerless)
    }

    /// The outcome of a read.
    package struct Result {
        package var links: ReferralTable
        package var selfLoops: Int
        package var rows: Int
    }

    /// Reads every row. Ids are looked up among `experts` (by id, and for published formats also by
    /// their `npi`); unknown ids become bare experts appended to `experts` when `allowNewExperts`,
    /// and are row errors otherwise.
    /// `ids`, when given, holds every expert's id valued by its index (saves interning them again).
    package mutating func read(experts: inout [Expert], ids known: ByteInterner? = nil, allowNewExperts: Bool,
                               diagnostics d: inout Diagnostics,
                               progress: (@Sendable (LoadProgress) -> Void)?) throws(DataIssue) -> Result {
        let s = stream
        let c = columns
        let published = c.format.isPublished
        var ids: ByteInterner
        if let known, known.count == experts.count { ids = known } else {
            ids = ByteInterner(capacity: max(1024, experts.count))
            for (i, e) in experts.enumerated() { ids.insert(e.id, value: Int32(i)) }
        }
        if published { for (i, e) in experts.enumerated() where !e.npi.isEmpty { ids.insert(e.npi, value: Int32(i)) } }
        let known = experts.count
        let file = s.fileName
        let keepIssues = max(d.maxErrors, 20)
        let first = pendingFirst
        pendingFirst = false

        var cuts: [Int] = []
        if let url, let size = s.totalBytes { cuts = Self.sliceBoundaries(url: url, size: size, stream: s, slicing: slicing) }
        slicing.observe?(max(1, cuts.count - 1))
        var slices: [Slice]
        if cuts.count < 3 {
            slices = [try Self.readSlice(s, columns: c, first: first, ids: ids, known: known, expertScope: expertScope,
                                         maxTextBytes: maxTextBytes,
                                         allowNewExperts: allowNewExperts, keepIssues: keepIssues, reserveBytes: s.totalBytes) { bytes, rows in
                progress?(LoadProgress(file: file, bytesRead: bytes, totalBytes: s.totalBytes, rows: rows, done: false))
            }]
        } else {
            // One slice per thread; slice 0 continues `stream` (which has read the header).
            s.limitBytes(to: cuts[1])
            let cuts = cuts
            let parts = cuts.count - 1
            let total = cuts[parts]  // cuts end at the file size
            let results = DisjointWrites<Swift.Result<Slice, DataIssue>?>(count: parts, repeating: nil)
            defer { _ = results.buffer.deinitialize(); results.deallocate() }
            let first0 = UncheckedBox(s)
            let scale = Double(total) / Double(cuts[1])
            let url = self.url
            let initial = ids
            let scope = expertScope, maxText = maxTextBytes
            let delimiter = s.delimiter
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                do throws(DataIssue) {
                    let stream: CSVStream
                    if k == 0 {
                        stream = first0.value
                    } else {
                        guard let url else { throw DataIssue(file: file, message: "cannot read file") }
                        stream = try CSVStream(url: url, fileName: file, offset: cuts[k], length: cuts[k + 1] - cuts[k],
                                               delimiter: delimiter)
                    }
                    let slice = try Self.readSlice(stream, columns: c, first: k == 0 && first, ids: initial, known: known,
                                                   expertScope: scope, maxTextBytes: maxText,
                                                   allowNewExperts: allowNewExperts, keepIssues: keepIssues,
                                                   // Slice 0 reserves for the whole file: the others are
                                                   // appended to its columns, which then never move.
                                                   reserveBytes: k == 0 ? total : cuts[k + 1] - cuts[k]) { bytes, rows in
                        // Slices advance together; the first one reports for all.
                        if k == 0 {
                            progress?(LoadProgress(file: file, bytesRead: Int(Double(bytes) * scale), totalBytes: total,
                                                   rows: Int(Double(rows) * scale), done: false))
                        }
                    }
                    results.buffer[k] = .success(slice)
                } catch {
                    results.buffer[k] = .failure(error)
                }
            }
            slices = []
            var lineOffset = 0
            for k in 0..<parts {
                switch results.buffer[k] {
                case .success(let slice)?:
                    slices.append(slice)
                    results.buffer[k] = nil  // the slice's columns have one owner: `slices`
                    lineOffset += slice.endLine - 1
                case .failure(var error)?:
                    // A problem that stops reading (invalid UTF-8, a NUL byte): the first one in file order.
                    if error.line > 0 { error.line += lineOffset }
                    throw error
                case nil:
                    throw DataIssue(file: file, message: "cannot read file")
                }
            }
        }
        PhaseTimer.mark("referral slices")
        var m = Self.join(&slices, known: known)
        PhaseTimer.mark("join")
        progress?(LoadProgress(file: file, bytesRead: s.totalBytes ?? s.bytesRead, totalBytes: s.totalBytes, rows: m.rows, done: true))

        for issue in m.issues { d.row(file, issue) }
        d.unrecorded(file, m.issueCount - m.issues.count)
        var npiWarnings = NPI.Warnings(file: file)
        for f in m.npiFailures { npiWarnings.add(failure: f.issue) }
        experts.reserveCapacity(experts.count + m.newKeys.count)
        for k in m.newKeys {
            let id = m.ids.key(k)
            experts.append(Expert(id: id, name: id, npi: published ? id : ""))
        }
        let selfLoops = m.selfLoops, rows = m.rows, short = m.short
        let periods = m.periods
        let src = m.src, tgt = m.tgt, per = m.per
        var patients = m.patients, pair = m.pair, sameDay = m.sameDay, trans = m.trans
        // Extra columns: counts when every value is a whole number, else text (see ReferralExtraValues).
        var extras: [[Int]] = [], extraNames: [String] = []
        var texts: [[Int32]] = [], textValues: [[String]] = [], textNames: [String] = []
        for (e, col) in c.extras.enumerated() {
            if let v = m.extras.counts(e) { extras.append(v); extraNames.append(col.name) } else {
                texts.append(m.extras.codes[e]); textValues.append(m.extras.texts[e]); textNames.append(col.name)
            }
        }
        m = Slice(ids: ByteInterner(capacity: 1))  // release the joined columns' second reference

        // Merge rows of the same (source, target, period) into the first of them.
        let n = src.count
        let nodes = experts.count
        var keep = [Bool](repeating: true, count: n)
        // Rows grouped by source with a stable counting sort, then duplicates found per source with a
        // stamp per target (linear); a source with one target in several periods is sorted instead.
        var counts = [Int](repeating: 0, count: nodes + 1)
        for a in src { counts[Int(a) + 1] += 1 }
        for v in 0..<nodes { counts[v + 1] += counts[v] }
        let start = counts
        // Files grouped by source (published ones are sorted by it, and ours are) need no sort (at
        // 8 M rows, building the order was a third of this phase). With ids in file order (ours: the
        // experts' order) the q-th row by source is row q; in a CMS file ids are numbered as met,
        // targets included, so a source's rows are one run of the file but the runs are not in id
        // order: its q-th row is `runStart[v] + q − start[v]` (0.26–0.34 → 0.20–0.24 s of this phase at 8 M
        // rows; the plain check first, since finding the runs cost ids in order 0.03 s).
        var sorted = true
        for r in 1..<max(1, n) where src[r] < src[r - 1] { sorted = false; break }
        var runStart: [Int32] = []
        var isGrouped = true
        if !sorted {
            runStart = [Int32](repeating: -1, count: nodes)
            for r in 0..<n where r == 0 || src[r] != src[r - 1] {
                let a = Int(src[r])
                if runStart[a] >= 0 { isGrouped = false; break }
                runStart[a] = Int32(r)
            }
        }
        let grouped = isGrouped
        var byRow: [Int32] = []
        if !grouped {
            byRow = [Int32](repeating: 0, count: n)
            var fill = start
            for r in 0..<n { let a = Int(src[r]); byRow[fill[a]] = Int32(r); fill[a] += 1 }
        }
        let order = byRow, runs = runStart
        let hasPeriods = !per.isEmpty
        // A merge joins rows of one source, so ranges of sources holding about as many rows are merged
        // on every core, each with its own stamps (at 8 M rows the stamps' lookups were most of this
        // phase on one thread). Extra columns (custom files, small) keep one worker: their columns are
        // arrays of arrays, written below without a view for each worker.
        let workers = n >= slicing.minimumRowsToMergeInRanges && extras.isEmpty && texts.isEmpty
            ? min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)) : 1
        let sourceBounds = Digraph.balancedBounds(start, total: n, parts: workers)
        keep.withUnsafeMutableBufferPointer { kp in
        patients.withUnsafeMutableBufferPointer { pp in
        pair.withUnsafeMutableBufferPointer { pairs in
        sameDay.withUnsafeMutableBufferPointer { sd in
        trans.withUnsafeMutableBufferPointer { tr in
        withUnsafeMutablePointer(to: &extras) { ex in
        withUnsafeMutablePointer(to: &texts) { tx in
            // Each worker writes only rows of its own sources.
            let columns = UncheckedBox((keep: kp, patients: pp, pair: pairs, sameDay: sd, trans: tr, extras: ex, texts: tx))
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let (keep, patients, pair, sameDay, trans, extras, texts) = columns.value
                func add(_ xs: UnsafeMutableBufferPointer<Int>, _ into: Int, _ from: Int) {
                    guard !xs.isEmpty, xs[from] != .min else { return }
                    xs[into] = xs[into] == .min ? xs[from] : xs[into] + xs[from]
                }
                func merge(_ into: Int, _ from: Int) {
                    patients[into] += patients[from]
                    add(pair, into, from); add(sameDay, into, from); add(trans, into, from)
                    // Only with one worker (see `workers`).
                    for e in extras.pointee.indices { extras.pointee[e].withUnsafeMutableBufferPointer { add($0, into, from) } }
                    for e in texts.pointee.indices where texts.pointee[e][into] < 0 { texts.pointee[e][into] = texts.pointee[e][from] }
                    keep[from] = false
                }
                var stampSource = [Int32](repeating: -1, count: nodes)
                var stampRow = [Int32](repeating: 0, count: nodes)
                for v in sourceBounds[w]..<sourceBounds[w + 1] where start[v + 1] - start[v] > 1 {
                    var needsSort = false
                    for q in start[v]..<start[v + 1] {
                        let r = !grouped ? Int(order[q]) : runs.isEmpty ? q : Int(runs[v]) + q - start[v]
                        let t = Int(tgt[r])
                        if stampSource[t] == Int32(v) {
                            let f = Int(stampRow[t])
                            if !hasPeriods || per[f] == per[r] { merge(f, r) } else { needsSort = true; break }
                        } else {
                            stampSource[t] = Int32(v)
                            stampRow[t] = Int32(r)
                        }
                    }
                    if needsSort {
                        // Undo nothing: merges so far joined rows of equal (target, period) correctly;
                        // finish the rest of this source by sorting its remaining rows.
                        var rest = (start[v]..<start[v + 1])
                            .map { !grouped ? Int(order[$0]) : runs.isEmpty ? $0 : Int(runs[v]) + $0 - start[v] }
                            .filter { keep[$0] }
                        rest.sort { (tgt[$0], per[$0], $0) < (tgt[$1], per[$1], $1) }
                        var k = 0
                        while k < rest.count {
                            var j = k + 1
                            while j < rest.count && tgt[rest[j]] == tgt[rest[k]] && per[rest[j]] == per[rest[k]] {
                                merge(rest[k], rest[j]); j += 1
                            }
                            k = j
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        }
        }
        // `rest` sorts by row index within a run, so the first row of a group is always the one kept,
        // and links come out in the order of their first row.
        let kept = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
        func compact<T>(_ xs: [T]) -> [T] {
            guard !xs.isEmpty, kept < n else { return xs }
            var o = [T]()
            o.reserveCapacity(kept)
            for r in 0..<n where keep[r] { o.append(xs[r]) }
            return o
        }
        PhaseTimer.mark("merge")
        let table = ReferralTable(
            source: compact(src), target: compact(tgt), patients: compact(patients),
            periodCodes: hasPeriods ? compact(per) : [], periodTable: periods,
            pair: compact(pair), sameDay: compact(sameDay), transactions: compact(trans),
            extraCounts: extras.indices.map { ReferralCountColumn(name: extraNames[$0], values: compact(extras[$0])) },
            texts: texts.indices.map { ReferralTextColumn(name: textNames[$0], codes: compact(texts[$0]), values: textValues[$0]) })
        d.warnings += npiWarnings.all
        d.warnings += short.warnings
        return Result(links: table, selfLoops: selfLoops, rows: rows)
    }
}
