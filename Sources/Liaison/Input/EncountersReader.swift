import Foundation

extension SharedPatients {
    /// Reads `encounters.csv` (columns `patient`, `expert`, `date`, optional `institution`, found by
    /// header name) and derives its shared-patient network (see ``SharedPatients`` for the rule).
    ///
    /// - `experts`: the ids of known experts, whose indices the links use. With `nil`, every expert
    ///   id met in the file becomes an expert (indices in order of first appearance); otherwise an
    ///   unknown id is a row error.
    /// - When the file is grouped by patient (all rows of a patient together, patients in ascending
    ///   order of their id as text or as a number), it is read in one pass holding one patient's
    ///   encounters at a time. Otherwise the reader notices the first patient out of order, starts
    ///   again and groups every encounter in memory (correct, slower), and says so in
    ///   ``SharedPatientNetwork/notes``.
    /// - Patient ids are never kept beyond the row being read (nor in messages): errors name
    ///   `FILE:LINE:COLUMN` and the column. The `date` may carry a time (`2026-03-14T09:30:00Z`),
    ///   counted by its date part.
    /// - Throws: ``DatasetError`` for a missing file or column, malformed CSV, or — unless
    ///   `lenient` — row errors (empty patient, unknown expert, bad date).
    public static func read(url: URL, fileName: String? = nil, experts: [String]?,
                            options: SharedPatientOptions = SharedPatientOptions(),
                            dateFormat: DateFormat = .iso,
                            lenient: Bool = false) throws(DatasetError) -> SharedPatientNetwork {
        var d = Diagnostics(lenient: lenient, maxErrors: 50)
        var known = experts ?? []
        let net: SharedPatientNetwork
        do {
            net = try EncountersReader.read(url: url, fileName: fileName ?? url.path, experts: &known,
                                            allowNewExperts: experts == nil, options: options, dateFormat: dateFormat,
                                            diagnostics: &d)
        } catch { throw DatasetError(issues: [error]) }
        if !d.errors.isEmpty { throw DatasetError(issues: d.errors, total: d.total) }
        var out = net
        var notes = d.warnings
        for (file, n) in d.skipped.sorted(by: { $0.key < $1.key }) {
            notes.append("\(file): skipped \(n) row\(n == 1 ? "" : "s") with errors (--lenient)")
        }
        out.notes = notes + out.notes
        return out
    }
}

/// Streams `encounters.csv` into a ``PairAccumulator``.
enum EncountersReader {

    /// Reads the file; row problems go to `d`. `experts` holds the known expert ids and receives new
    /// ones when `allowNewExperts`.
    static func read(url: URL, fileName: String, experts: inout [String], allowNewExperts: Bool,
                     options: SharedPatientOptions, dateFormat: DateFormat,
                     diagnostics d: inout Diagnostics) throws(DataIssue) -> SharedPatientNetwork {
        let start = experts
        var first = d
        var firstExperts = experts
        if let net = try pass(url: url, fileName: fileName, experts: &firstExperts, allowNewExperts: allowNewExperts,
                              options: options, dateFormat: dateFormat, grouping: false, diagnostics: &first) {
            d = first
            experts = firstExperts
            return net
        }
        // Not grouped by patient: start again, grouping everything in memory.
        experts = start
        guard var net = try pass(url: url, fileName: fileName, experts: &experts, allowNewExperts: allowNewExperts,
                                 options: options, dateFormat: dateFormat, grouping: true, diagnostics: &d) else {
            throw DataIssue(file: fileName, message: "internal error: grouping pass did not finish")
        }
        net.sortedByPatient = false
        net.notes.append("\(fileName) is not sorted by patient: all \(net.encounters) encounters were grouped in memory "
                         + "(sort the file by patient to stream it in one pass with little memory)")
        return net
    }

    /// One pass over the file. Streaming (`grouping == false`): returns `nil` at the first patient
    /// out of order. Grouping: collects all encounters, then adds them patient by patient.
    private static func pass(url: URL, fileName: String, experts: inout [String], allowNewExperts: Bool,
                             options: SharedPatientOptions, dateFormat: DateFormat, grouping: Bool,
                             diagnostics d: inout Diagnostics) throws(DataIssue) -> SharedPatientNetwork? {
        let s = try CSVStream(url: url, fileName: fileName)
        guard try s.next() else { throw CSVHeader.emptyFile(fileName) }
        let rows = try EncounterRows(header: CSVHeader(s.record(), fileName: fileName), dateFormat: dateFormat)
        let width = s.fieldCount
        var short = ShortRows(file: fileName, width: width)
        defer { d.warnings += short.warnings }

        var ids = ByteInterner(capacity: max(1024, experts.count))
        for (i, e) in experts.enumerated() { ids.insert(e, value: Int32(i)) }
        var acc = PairAccumulator(options: options)

        // Streaming state: the current patient's id bytes (compared, never shown) and encounters.
        var current: [UInt8] = []
        var hasCurrent = false
        var byText = true, byNumber = true   // still ascending as text / as (length, text)
        var group: [PairAccumulator.Visit] = []
        // Grouping state.
        var patients = ByteInterner(capacity: 1024)
        var gp: [Int32] = [], ge: [Int32] = [], gd: [Int32] = []

        while try s.next() {
            if s.fieldCount != width {
                if let w = s.widthIssue(width, lastRequired: max(rows.patient, rows.expert, rows.date)) { d.row(fileName, w); continue }
                short.add(line: s.recordLine, fields: s.fieldCount)
            }
            let row: (patient: UnsafeBufferPointer<UInt8>, expert: Int32, day: Day)
            do {
                row = try rows.parse(s) { eb -> Int32? in
                    if let v = ids.find(eb) { return v }
                    guard allowNewExperts else { return nil }
                    let e = Int32(experts.count)
                    _ = ids.insert(eb, value: e)
                    experts.append(String(decoding: eb, as: UTF8.self))
                    return e
                }
            } catch {
                d.row(fileName, error)
                continue
            }
            let p = row.patient
            let visit = PairAccumulator.Visit(expert: row.expert, day: Int32(clamping: row.day.ordinal))
            if grouping {
                let k = patients.insert(p, value: Int32(patients.count)).value
                gp.append(k); ge.append(visit.expert); gd.append(visit.day)
                continue
            }
            if hasCurrent && p.elementsEqual(current) {
                group.append(visit)
                continue
            }
            if hasCurrent {
                let textOrder = lexicographicCompare(current, p)
                if textOrder >= 0 { byText = false }
                if current.count > p.count || (current.count == p.count && textOrder >= 0) { byNumber = false }
                if !byText && !byNumber { return nil }
                acc.addPatient(&group)
            }
            group.removeAll(keepingCapacity: true)
            group.append(visit)
            current.removeAll(keepingCapacity: true)
            current.append(contentsOf: p)
            hasCurrent = true
        }
        if grouping {
            // Counting sort of encounters by patient number, then one group at a time.
            let np = patients.count
            var startOf = [Int](repeating: 0, count: np + 1)
            for k in gp { startOf[Int(k) + 1] += 1 }
            for v in 0..<np { startOf[v + 1] += startOf[v] }
            var order = [Int32](repeating: 0, count: gp.count)
            var fill = startOf
            for r in gp.indices { let k = Int(gp[r]); order[fill[k]] = Int32(r); fill[k] += 1 }
            gp = []
            for v in 0..<np {
                group.removeAll(keepingCapacity: true)
                for q in startOf[v]..<startOf[v + 1] {
                    let r = Int(order[q])
                    group.append(.init(expert: ge[r], day: gd[r]))
                }
                acc.addPatient(&group)
            }
        } else if hasCurrent {
            acc.addPatient(&group)
        }
        var net = SharedPatientNetwork(expertIDs: experts, links: acc.links(), encounters: acc.encounters,
                                       duplicateEncounters: acc.duplicates, patients: acc.patientCount,
                                       sortedByPatient: !grouping, options: options)
        net.delimiter = s.delimiter
        return net
    }

    /// -1, 0, 1 as `a` sorts before, equal to, after `b` byte by byte.
    private static func lexicographicCompare(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        var i = 0
        while i < n {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i += 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
