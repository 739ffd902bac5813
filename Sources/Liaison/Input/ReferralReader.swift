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

/// When a referrals file is read in slices, one per thread: files of at least `minimumFileBytes`, in
/// slices of at least `minimumSliceBytes`, at most `maxSlices` of them (default: one per core, at
/// most 8).
package struct ReferralSlicing: Sendable {
    package var minimumFileBytes = 16 << 20
    package var minimumSliceBytes = 8 << 20
    package var maxSlices = min(ProcessInfo.processInfo.activeProcessorCount, 8)
    /// The first stream's chunk size: the first slice is read by the stream that read the header,
    /// which must not have read past the first cut (tests slicing small files lower it).
    package var chunkSize = CSVStream.chunkSize
    /// Told how many slices a read used (1: one pass), so tests can check that slicing happened.
    package var observe: (@Sendable (Int) -> Void)?
    package init() {}
}

/// Reads a referrals file (any ``ReferralFormat``) at byte level: fields are never turned into
/// strings unless an error message needs one, expert ids are interned once into dense `Int32`s,
/// counts are parsed from bytes, and rows go into flat arrays that are merged per
/// (source, target, period) in linear time before ``Referral`` values are made.
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
        package var referrals: [Referral]
        package var selfLoops: Int
        package var rows: Int
    }

    /// The rows of one slice of the file, with ids numbered by the slice's own table.
    private struct Slice {
        var ids: ByteInterner
        /// Interner key index of each expert first met in this slice, in order of first appearance.
        var newKeys: [Int] = []
        var src: [Int32] = [], tgt: [Int32] = [], per: [Int32] = [], patients: [Int] = []
        var pair: [Int] = [], sameDay: [Int] = [], trans: [Int] = []
        var extras = ReferralExtraValues(columns: 0)
        var periods: [Period] = []
        var periodKeys: [String] = []
        var selfLoops = 0
        var rows = 0
        /// Row problems, the first `keepIssues` of them, and how many there were in all.
        var issues: [DataIssue] = []
        var issueCount = 0
        /// New ids that fail the NPI check (published formats), with the issue for the first few.
        var npiFailures: [(value: Int32, issue: DataIssue?)] = []
        /// The stream's line after the slice (the slice's line count plus one).
        var endLine = 1
    }

    /// Where to cut a file of `size` bytes into slices for parallel reading, or `[]` to read it in one
    /// pass. A cut goes just after a line feed; it is a record boundary only if no quoted field spans
    /// it, so a file with any `"` before its last cut is read in one pass (published shared-patient
    /// files have none).
    static func sliceBoundaries(url: URL, size: Int, stream: CSVStream, slicing: ReferralSlicing) -> [Int] {
        let parts = min(slicing.maxSlices, size / max(1, slicing.minimumSliceBytes))
        guard parts >= 2, size >= slicing.minimumFileBytes else { return [] }
        let fd = openReadOnly(url.path)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        let block = 1 << 20
        let buf = UnsafeMutableRawPointer.allocate(byteCount: block, alignment: 64)
        defer { buf.deallocate() }
        var cuts: [Int] = [0]
        for i in 1..<parts {
            let at = size / parts * i
            let r = pread(fd, buf, block, off_t(at))
            guard r > 0, let nl = memchr(buf, 0x0A, r) else { return [] }
            let cut = at + (nl - buf) + 1
            guard cut > cuts[cuts.count - 1], cut < size else { return [] }
            cuts.append(cut)
        }
        // The first slice is read by `stream`, which must not have read past the first cut.
        guard stream.bytesRead <= cuts[1] else { return [] }
        // No quote before the last cut.
        var pos = 0
        let last = cuts[cuts.count - 1]
        while pos < last {
            let r = pread(fd, buf, min(block, last - pos), off_t(pos))
            guard r > 0 else { return [] }
            if memchr(buf, 0x22, r) != nil { return [] }
            pos += r
        }
        cuts.append(size)
        return cuts
    }

    /// Reads every row. Ids are looked up among `experts` (by id, and for published formats also by
    /// their `npi`); unknown ids become bare experts appended to `experts` when `allowNewExperts`,
    /// and are row errors otherwise.
    package mutating func read(experts: inout [Expert], allowNewExperts: Bool, diagnostics d: inout Diagnostics,
                       progress: (@Sendable (LoadProgress) -> Void)?) throws(DataIssue) -> Result {
        let s = stream
        let c = columns
        let published = c.format.isPublished
        var ids = ByteInterner(capacity: max(1024, experts.count))
        for (i, e) in experts.enumerated() { ids.insert(e.id, value: Int32(i)) }
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
            defer { results.deallocate() }
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
                                                   reserveBytes: cuts[k + 1] - cuts[k]) { bytes, rows in
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
        var m = Self.join(slices, known: known)
        progress?(LoadProgress(file: file, bytesRead: s.totalBytes ?? s.bytesRead, totalBytes: s.totalBytes, rows: m.rows, done: true))

        for issue in m.issues { d.row(file, issue) }
        d.unrecorded(file, m.issueCount - m.issues.count)
        var npiWarnings = NPI.Warnings(file: file)
        for f in m.npiFailures { npiWarnings.add(failure: f.issue) }
        for k in m.newKeys {
            let id = m.ids.key(k)
            experts.append(Expert(id: id, name: id, npi: published ? id : ""))
        }
        let selfLoops = m.selfLoops, rows = m.rows
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
        func add(_ xs: inout [Int], _ into: Int, _ from: Int) {
            guard !xs.isEmpty, xs[from] != .min else { return }
            xs[into] = xs[into] == .min ? xs[from] : xs[into] + xs[from]
        }
        func merge(_ into: Int, _ from: Int) {
            patients[into] += patients[from]
            add(&pair, into, from); add(&sameDay, into, from); add(&trans, into, from)
            for e in extras.indices { add(&extras[e], into, from) }
            for e in texts.indices where texts[e][into] < 0 { texts[e][into] = texts[e][from] }
            keep[from] = false
        }
        // Rows grouped by source with a stable counting sort, then duplicates found per source with a
        // stamp per target (linear); a source with one target in several periods is sorted instead.
        var start = [Int](repeating: 0, count: nodes + 1)
        for a in src { start[Int(a) + 1] += 1 }
        for v in 0..<nodes { start[v + 1] += start[v] }
        var order = [Int32](repeating: 0, count: n)
        do {
            var fill = start
            for r in 0..<n { let a = Int(src[r]); order[fill[a]] = Int32(r); fill[a] += 1 }
        }
        var stampSource = [Int32](repeating: -1, count: nodes)
        var stampRow = [Int32](repeating: 0, count: nodes)
        let hasPeriods = !per.isEmpty
        for v in 0..<nodes where start[v + 1] - start[v] > 1 {
            var needsSort = false
            for q in start[v]..<start[v + 1] {
                let r = Int(order[q])
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
                // Undo nothing: merges so far joined rows of equal (target, period) correctly; finish the
                // rest of this source by sorting its remaining rows.
                var rest = (start[v]..<start[v + 1]).map { Int(order[$0]) }.filter { keep[$0] }
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
        // `rest` sorts by row index within a run, so the first row of a group is always the one kept,
        // and referrals come out in the order of their first row.
        var out: [Referral] = []
        out.reserveCapacity(keep.lazy.filter { $0 }.count)
        for r in 0..<n where keep[r] {
            var x = Referral(source: Int(src[r]), target: Int(tgt[r]), patients: patients[r],
                             period: hasPeriods && per[r] >= 0 ? periods[Int(per[r])] : nil,
                             pairCount: pair.isEmpty || pair[r] == .min ? nil : pair[r],
                             sameDayCount: sameDay.isEmpty || sameDay[r] == .min ? nil : sameDay[r],
                             transactionCount: trans.isEmpty || trans[r] == .min ? nil : trans[r])
            for e in extras.indices where extras[e][r] != .min { x.extraCounts[extraNames[e]] = extras[e][r] }
            for e in texts.indices where texts[e][r] >= 0 { x.attributes[textNames[e]] = textValues[e][Int(texts[e][r])] }
            out.append(x)
        }
        d.warnings += npiWarnings.all
        return Result(referrals: out, selfLoops: selfLoops, rows: rows)
    }
    /// Reads the records of one slice: `stream` from its current position to its end (with
    /// `first`, the current record is data and is read first). Ids not in `ids` are numbered from
    /// `known` in order of first appearance.
    private static func readSlice(_ s: CSVStream, columns c: ReferralColumns, first pending: Bool, ids initial: ByteInterner,
                                  known: Int, expertScope: String, maxTextBytes: Int?, allowNewExperts: Bool, keepIssues: Int,
                                  reserveBytes: Int?,
                                  progress: (Int, Int) -> Void) throws(DataIssue) -> Slice {
        let published = c.format.isPublished
        var ids = initial
        var newKeys: [Int] = []
        var src: [Int32] = [], tgt: [Int32] = [], per: [Int32] = [], patients: [Int] = []
        var pair: [Int] = [], sameDay: [Int] = [], trans: [Int] = []
        var extras = ReferralExtraValues(columns: c.extras.count)
        if let total = reserveBytes {
            // Rows are at least ~24 bytes in every layout; over-reserving costs only untouched pages.
            let guess = min(total / 24, 1 << 28)
            src.reserveCapacity(guess); tgt.reserveCapacity(guess); patients.reserveCapacity(guess)
            if c.period != nil { per.reserveCapacity(guess) }
            if c.pair != nil { pair.reserveCapacity(guess) }
            if c.sameDay != nil { sameDay.reserveCapacity(guess) }
            if c.transactions != nil { trans.reserveCapacity(guess) }
        }
        var periods: [Period] = []
        var periodKeys: [String] = []
        var periodIndex: [String: Int32] = [:]
        var lastPeriod: [UInt8] = []
        var lastPeriodIndex: Int32 = -1
        var selfLoops = 0
        var rows = 0
        var issues: [DataIssue] = []
        var issueCount = 0
        var npiFailures: [(value: Int32, issue: DataIssue?)] = []

        func report(_ i: DataIssue) {
            issueCount += 1
            if issues.count < keepIssues { issues.append(i) }
        }
        func issue(_ k: Int, _ message: String) -> DataIssue { s.issue(field: k, message) }
        func field(_ k: Int) -> UnsafeBufferPointer<UInt8> { s.field(k) }
        // Published files are sorted by their first NPI, and ours group rows by source: remembering
        // the last source saves about half the hash lookups (each a likely cache miss).
        var lastSource = [UInt8](repeating: 0, count: 64)
        var lastSourceCount = -1
        var lastSourceID: Int32 = 0
        func sourceExpert() -> Int32? {
            let b = field(c.source.index)
            if b.count == lastSourceCount, lastSource.withUnsafeBufferPointer({ p in
                var i = 0
                while i < b.count && p[i] == b[i] { i += 1 }
                return i == b.count
            }) {
                return lastSourceID
            }
            guard let v = expert(c.source) else { return nil }
            if b.count <= 64 {
                lastSource.withUnsafeMutableBufferPointer { p in
                    for i in 0..<b.count { p[i] = b[i] }
                }
                lastSourceCount = b.count
                lastSourceID = v
            }
            return v
        }
        func expert(_ col: (index: Int, name: String)) -> Int32? {
            let b = field(col.index)
            if b.isEmpty { report(issue(col.index, RowMessage.empty(col.name))); return nil }
            if let v = ids.find(b) { return v }
            if allowNewExperts {
                let v = Int32(known + newKeys.count)
                // A published file's ids are NPIs: check each new one once (Luhn over 80840 + 9 digits).
                if published && !NPI.isValid(bytes: b), let p = NPI.problem(String(decoding: b, as: UTF8.self)) {
                    npiFailures.append((v, npiFailures.count < 1_000 ? issue(col.index, p) : nil))
                }
                newKeys.append(ids.count)
                _ = ids.insert(b, value: v)
                return v
            }
            report(issue(col.index, RowMessage.unknownExpert(String(decoding: b, as: UTF8.self), knownFrom: expertScope)))
            return nil
        }
        /// `nil`: error reported; `.some(nil)`: empty and optional.
        func count(_ col: (index: Int, name: String), optional: Bool) -> Int?? {
            let b = field(col.index)
            if b.isEmpty {
                if optional { return .some(nil) }
                report(issue(col.index, RowMessage.emptyCount(col.name))); return nil
            }
            if b.count <= 18 {
                var v = 0
                var ok = true
                for ch in b {
                    let x = ch &- UInt8(ascii: "0")
                    if x > 9 { ok = false; break }
                    v = v &* 10 &+ Int(x)
                }
                if ok { return .some(v) }
            }
            let t = String(decoding: b, as: UTF8.self)
            guard let v = Int(t), v >= 0 else { report(issue(col.index, RowMessage.notACount(col.name, t))); return nil }
            return .some(v)
        }
        func period(_ col: (index: Int, name: String)) -> Int32? {
            let b = field(col.index)
            if b.isEmpty { return -1 }
            if b.elementsEqual(lastPeriod) { return lastPeriodIndex }
            let t = String(decoding: b, as: UTF8.self)
            let k: Int32
            if let known = periodIndex[t] { k = known } else {
                guard let p = Period.parse(t) else {
                    report(issue(col.index, RowMessage.notAPeriod(col.name, t)))
                    return nil
                }
                k = Int32(periods.count)
                periods.append(p)
                periodKeys.append(t)
                periodIndex[t] = k
            }
            lastPeriod = Array(b)
            lastPeriodIndex = k
            return k
        }

        var first = pending
        while true {
            if first { first = false } else {
                guard try s.next() else { break }
            }
            rows += 1
            if rows & 0xFFFF == 0 { progress(s.bytesRead, rows) }
            guard let a = sourceExpert(), let b = expert(c.target),
                  let pc = count(c.patients, optional: false), let p = pc else { continue }
            var pk: Int32 = -1
            if let col = c.period { guard let k = period(col) else { continue }; pk = k }
            if a == b { selfLoops += 1; continue }
            var pv = Int.min, sv = Int.min, tv = Int.min
            if let col = c.pair { guard let v = count(col, optional: true) else { continue }; pv = v ?? .min }
            if let col = c.sameDay { guard let v = count(col, optional: true) else { continue }; sv = v ?? .min }
            if let col = c.transactions { guard let v = count(col, optional: true) else { continue }; tv = v ?? .min }
            if !extras.isEmpty {
                if let limit = maxTextBytes, let col = c.extras.first(where: { field($0.index).count > limit }) {
                    report(issue(col.index, RowMessage.tooLong(field(col.index).count, limit: limit))); continue
                }
                extras.addRow { field(c.extras[$0].index) }
            }
            src.append(a); tgt.append(b); patients.append(p)
            if c.period != nil { per.append(pk) }
            if c.pair != nil { pair.append(pv) }
            if c.sameDay != nil { sameDay.append(sv) }
            if c.transactions != nil { trans.append(tv) }
        }
        return Slice(ids: ids, newKeys: newKeys, src: src, tgt: tgt, per: per, patients: patients, pair: pair,
                     sameDay: sameDay, trans: trans, extras: extras, periods: periods, periodKeys: periodKeys,
                     selfLoops: selfLoops, rows: rows, issues: issues, issueCount: issueCount,
                     npiFailures: npiFailures, endLine: s.currentLine)
    }

    /// Joins slices in file order into one, as if the file had been read in one pass: the later
    /// slices' new ids and periods are renumbered into the first slice's tables (an id first met in
    /// slice 2 that slice 1 also has keeps slice 1's number), and their lines are shifted by the
    /// lines of the slices before them.
    private static func join(_ slices: [Slice], known: Int) -> Slice {
        guard var m = slices.first else { return Slice(ids: ByteInterner(capacity: 1)) }
        var periodIndex: [String: Int32] = [:]
        for (k, key) in m.periodKeys.enumerated() { periodIndex[key] = Int32(k) }
        var lineOffset = m.endLine - 1
        for var sl in slices.dropFirst() {
            var map = [Int32](); map.reserveCapacity(sl.newKeys.count)
            var isNew = [Bool](); isNew.reserveCapacity(sl.newKeys.count)
            for k in sl.newKeys {
                let before = m.ids.count
                let r = m.ids.insert(sl.ids.key(k), value: Int32(known + m.newKeys.count))
                if r.inserted { m.newKeys.append(before) }
                map.append(r.value)
                isNew.append(r.inserted)
            }
            let k0 = Int32(known)
            map.withUnsafeBufferPointer { mp in
                for i in sl.src.indices where sl.src[i] >= k0 { sl.src[i] = mp[Int(sl.src[i] - k0)] }
                for i in sl.tgt.indices where sl.tgt[i] >= k0 { sl.tgt[i] = mp[Int(sl.tgt[i] - k0)] }
            }
            var pmap = [Int32]()
            for (k, key) in sl.periodKeys.enumerated() {
                if let g = periodIndex[key] { pmap.append(g) } else {
                    let g = Int32(m.periods.count)
                    m.periods.append(sl.periods[k]); m.periodKeys.append(key); periodIndex[key] = g
                    pmap.append(g)
                }
            }
            for i in sl.per.indices where sl.per[i] >= 0 { sl.per[i] = pmap[Int(sl.per[i])] }
            func shifted(_ i: DataIssue) -> DataIssue {
                var i = i
                if i.line > 0 { i.line += lineOffset }
                return i
            }
            m.issues += sl.issues.map(shifted)
            m.issueCount += sl.issueCount
            for f in sl.npiFailures where isNew[Int(f.value) - known] {
                m.npiFailures.append((map[Int(f.value) - known], f.issue.map(shifted)))
            }
            m.src += sl.src; m.tgt += sl.tgt; m.per += sl.per; m.patients += sl.patients
            m.pair += sl.pair; m.sameDay += sl.sameDay; m.trans += sl.trans
            m.extras.append(sl.extras)
            m.selfLoops += sl.selfLoops
            m.rows += sl.rows
            lineOffset += sl.endLine - 1
            m.endLine = lineOffset + 1
        }
        return m
    }
}

/// `open(2)` for reading (a free function: inside ``ReferralReader`` the name `open` is its own).
private func openReadOnly(_ path: String) -> Int32 { open(path, O_RDONLY) }

/// Hands a non-`Sendable` reference to exactly one worker of a `concurrentPerform`, which is its only
/// user until the call returns.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
