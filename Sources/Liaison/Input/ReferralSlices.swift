import Foundation

/// Reading a referrals file in slices, one per thread: where to cut, how each slice is read, and how
/// the slices are joined into exactly what one pass gives.
extension ReferralReader {
    /// The rows of one slice of the file, with ids numbered by the slice's own table.
    struct Slice {
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
        /// Rows that leave out trailing optional columns.
        var short = ShortRows(file: "", width: 0)
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

    /// Reads the records of one slice: `stream` from its current position to its end (with
    /// `first`, the current record is data and is read first). Ids not in `ids` are numbered from
    /// `known` in order of first appearance.
    static func readSlice(_ s: CSVStream, columns c: ReferralColumns, first pending: Bool, ids initial: ByteInterner,
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
        var short = ShortRows(file: s.fileName, width: c.width)

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
                if ok && v <= PatientCount.ceiling { return .some(v) }
            }
            let t = String(decoding: b, as: UTF8.self)
            guard let v = Int(t), v >= 0 else { report(issue(col.index, RowMessage.notACount(col.name, t))); return nil }
            guard v <= PatientCount.ceiling else { report(issue(col.index, RowMessage.beyondCeiling(col.name, t))); return nil }
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
            // The next row's target id will be looked up in a table of every expert, a likely cache
            // miss: its slot starts loading now, while this row is read (sources repeat and hit
            // `lastSource`). A hint only; the lookup itself is unchanged. At 1 M experts / 8 M rows the
            // slices' CPU went 1.34 → 1.16 s (medians of 6 alternating runs; a row further ahead
            // measured the same).
            if let next = s.peekField(c.target.index) { ids.prefetch(next) }
            if s.fieldCount != c.width {
                if let w = s.widthIssue(c.width, lastRequired: c.lastRequired) { report(w); continue }
                short.add(line: s.recordLine, fields: s.fieldCount)
            }
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
                     npiFailures: npiFailures, endLine: s.currentLine, short: short)
    }

    /// Joins slices in file order into one, as if the file had been read in one pass: the later
    /// slices' new ids and periods are renumbered into the first slice's tables (an id first met in
    /// slice 2 that slice 1 also has keeps slice 1's number), and their lines are shifted by the
    /// lines of the slices before them.
    static func join(_ slices: inout [Slice], known: Int) -> Slice {
        guard !slices.isEmpty else { return Slice(ids: ByteInterner(capacity: 1)) }
        // Taken out of the array, so that appending to its columns copies nothing.
        var m = slices.removeFirst()
        var rest = slices
        slices = []
        var periodIndex: [String: Int32] = [:]
        for (k, key) in m.periodKeys.enumerated() { periodIndex[key] = Int32(k) }
        var lineOffset = m.endLine - 1
        while !rest.isEmpty {
            var sl = rest.removeFirst()
            var map = [Int32](); map.reserveCapacity(sl.newKeys.count)
            var isNew = [Bool](); isNew.reserveCapacity(sl.newKeys.count)
            // Keys moved by their slot words (not rebuilt as strings and hashed again), the slot of
            // the key eight ahead prefetched: at a million NPIs from a CMS file this join had taken
            // 0.27–0.31 s.
            let newKeys = sl.newKeys
            for (i, k) in newKeys.enumerated() {
                if i + 8 < newKeys.count { m.ids.prefetch(keyOf: sl.ids, newKeys[i + 8]) }
                let before = m.ids.count
                let r = m.ids.insert(keyOf: sl.ids, k, value: Int32(known + m.newKeys.count))
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
            m.short.append(sl.short, lineOffset: lineOffset)
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
