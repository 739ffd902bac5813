import Foundation

/// One record of a dataset file with its header: the field readers every row parser uses. Each
/// throws the row's first problem, located at its field.
package struct RowFields {
    package let header: CSVHeader
    package let record: CSVReader.Record

    package init(_ header: CSVHeader, _ record: CSVReader.Record) {
        self.header = header
        self.record = record
    }

    /// The trimmed value, "" when absent.
    package func text(_ column: String) -> String { header.value(record, column) }

    /// An issue at `column` of this record.
    package func issue(_ column: String, _ message: String) -> DataIssue { header.issue(record, column, message) }

    /// A value that must not be empty.
    package func required(_ column: String) throws(DataIssue) -> String {
        let v = text(column)
        if v.isEmpty { throw issue(column, RowMessage.empty(column)) }
        return v
    }

    /// A whole number ≥ 0; `nil` when empty and `optional`.
    package func count(_ column: String, optional: Bool = false) throws(DataIssue) -> Int? {
        let s = text(column)
        if s.isEmpty {
            if optional { return nil }
            throw issue(column, RowMessage.emptyCount(column))
        }
        guard let v = Int(s), v >= 0 else { throw issue(column, RowMessage.notACount(column, s)) }
        guard v <= PatientCount.ceiling else { throw issue(column, RowMessage.beyondCeiling(column, s)) }
        return v
    }

    /// A period (``Period/parse(_:fiscalYearStart:)``).
    package func period(_ column: String) throws(DataIssue) -> Period {
        let s = try required(column)
        guard let p = Period.parse(s) else { throw issue(column, RowMessage.notAPeriod(column, s)) }
        return p
    }

    /// An expert id found by `lookup` (`scope` says where known experts come from).
    package func expert<E>(_ column: String, knownFrom scope: String, _ lookup: (String) -> E?) throws(DataIssue) -> E {
        let id = try required(column)
        guard let e = lookup(id) else { throw issue(column, RowMessage.unknownExpert(id, knownFrom: scope)) }
        return e
    }

    /// The columns `extras` that have a value, as attributes.
    package func attributes(_ extras: [(name: String, index: Int)]) -> [String: String] {
        var a: [String: String] = [:]
        for (n, k) in extras where k < record.fields.count {
            let v = record.fields[k].trimmingSpaces
            if !v.isEmpty { a[n] = v }
        }
        return a
    }
}

/// Rows that leave out trailing optional columns (hand-written files and some exports do): read
/// with those columns empty, and told as warnings — the first few located, then a count — so that
/// a truncated row is never taken in silence.
package struct ShortRows: Sendable {
    package let file: String
    package let width: Int
    package private(set) var located: [String] = []
    package private(set) var count = 0

    package init(file: String, width: Int) {
        self.file = file
        self.width = width
    }

    /// Notes a row of `fields` fields starting on `line`.
    package mutating func add(line: Int, fields: Int) {
        count += 1
        if located.count < 20 {
            located.append("\(file):\(line): row has \(fields) field\(fields == 1 ? "" : "s"), the header has \(width): the missing ones are read as empty")
        }
    }

    /// Notes the rows of a later slice of the same file, whose lines start after `lineOffset`.
    package mutating func append(_ other: ShortRows, lineOffset: Int) {
        count += other.count
        for m in other.located where located.count < 20 {
            // "FILE:LINE: …" with the line shifted.
            let rest = m.dropFirst(file.count + 1)
            guard let colon = rest.firstIndex(of: ":"), let line = Int(rest[..<colon]) else { continue }
            located.append("\(file):\(line + lineOffset)\(rest[colon...])")
        }
    }

    /// The warnings to show.
    package var warnings: [String] {
        guard count > 0 else { return [] }
        var w = located
        if count > located.count { w.append("\(file): \(count) rows have fewer fields than the header (first \(located.count) shown)") }
        return w
    }
}

/// Rows of `institutions.csv`: `id` (unique) and `name` required; unknown columns kept.
package struct InstitutionRows {
    package static let required = ["id", "name"]
    package static let known: Set<String> = ["id", "name", "kind", "city", "region"]
    private let header: CSVHeader
    private let extras: [(name: String, index: Int)]
    private var firstLine: [String: Int] = [:]

    package init(header: CSVHeader) {
        self.header = header
        extras = header.extraColumns(known: Self.known)
    }

    package mutating func parse(_ record: CSVReader.Record) throws(DataIssue) -> Institution {
        let f = RowFields(header, record)
        let id = try f.required("id")
        if let first = firstLine[id] { throw f.issue("id", RowMessage.duplicate("institution", id, firstLine: first)) }
        let name = f.text("name")
        guard !name.isEmpty else { throw f.issue("name", RowMessage.emptyName("institution", id)) }
        firstLine[id] = record.line
        return Institution(id: id, name: name, kind: f.text("kind"), city: f.text("city"), region: f.text("region"),
                           attributes: f.attributes(extras))
    }
}

/// A record to parse: a ``CSVReader/Record`` with its header, or the current record of a
/// ``CSVStream`` read in place (no `String` made but for the values asked for).
package protocol RowSource {
    /// The trimmed value of field `k`, "" when the column is absent (`nil`) or the row shorter.
    func text(_ k: Int?) -> String
    /// An issue at field `k` (at the row when `nil`).
    func issue(_ k: Int?, _ message: String) -> DataIssue
    /// The line the record starts on.
    var line: Int { get }
}

extension RowFields: RowSource {
    package func text(_ k: Int?) -> String {
        guard let k, k < record.fields.count else { return "" }
        let f = record.fields[k]
        if let a = f.utf8.first, let b = f.utf8.last, !CSVStream.isSpace(a), !CSVStream.isSpace(b) { return f }
        return f.trimmingSpaces
    }
    package func issue(_ k: Int?, _ message: String) -> DataIssue {
        var col = 0, line = record.line
        if let k {
            if k < record.columns.count { col = record.columns[k]; line = record.lines[k] }
            else { col = (record.columns.last ?? 0) + 1 }
        }
        return DataIssue(file: header.fileName, line: line, column: col, message: message)
    }
    package var line: Int { record.line }
}

/// The current record of a stream as a ``RowSource``.
package struct StreamRow: RowSource {
    package let stream: CSVStream
    package init(_ stream: CSVStream) { self.stream = stream }
    package func text(_ k: Int?) -> String {
        guard let k else { return "" }
        let b = stream.field(k)
        return b.isEmpty ? "" : String(decoding: b, as: UTF8.self)
    }
    package func issue(_ k: Int?, _ message: String) -> DataIssue {
        guard let k else { return DataIssue(file: stream.fileName, line: stream.recordLine, column: 0, message: message) }
        return stream.issue(field: k, message)
    }
    package var line: Int { stream.recordLine }
}

/// Rows of `experts.csv`: `id` (unique) and `name` required; `institution` checked against the known
/// institutions (when there are any); NPIs checked and warned about, never refused.
package struct ExpertRows {
    package static let required = ["id", "name"]
    package static let known: Set<String> = ["id", "name", "specialty", "institution", "region", "npi", "title"]
    private let header: CSVHeader
    private let extras: [(name: String, index: Int)]
    private let id: Int?, name: Int?, specialty: Int?, institution: Int?, region: Int?, npi: Int?, title: Int?
    private let institutionScope: String
    /// The position of each accepted expert's id among the accepted rows, by its UTF-8 bytes.
    package private(set) var ids: ByteInterner
    private var lines: [Int] = []
    /// Invalid NPIs, by line.
    package private(set) var npiWarnings: NPI.Warnings

    /// `institutionScope` names where institution ids come from, for messages.
    package init(header: CSVHeader, institutionScope: String = "institutions.csv", capacity: Int = 0) {
        self.header = header
        extras = header.extraColumns(known: Self.known)
        (id, name, specialty) = (header.column("id"), header.column("name"), header.column("specialty"))
        (institution, region, npi, title) = (header.column("institution"), header.column("region"), header.column("npi"), header.column("title"))
        self.institutionScope = institutionScope
        npiWarnings = NPI.Warnings(file: header.fileName)
        ids = ByteInterner(capacity: max(1024, capacity))
        if capacity > 0 { lines.reserveCapacity(capacity) }
    }

    /// The position of each accepted expert's id among the accepted rows.
    package var index: [String: Int] {
        var d = [String: Int](minimumCapacity: ids.count)
        for k in 0..<ids.count { d[ids.key(k)] = k }
        return d
    }

    /// Takes the rows `other` accepted from a later slice of the same file (whose lines start after
    /// `lineOffset`), as if this parser had read them: their ids, lines and NPI warnings.
    /// `false` when one of their ids was already accepted here — one pass would have refused that
    /// row as a duplicate, so the caller must read the file in one pass instead.
    package mutating func absorb(_ other: ExpertRows, lineOffset: Int) -> Bool {
        guard ids.absorb(other.ids, valueOffset: Int32(lines.count)) else { return false }
        lines.reserveCapacity(lines.count + other.lines.count)
        for l in other.lines { lines.append(l + lineOffset) }
        npiWarnings.append(other.npiWarnings, lineOffset: lineOffset)
        return true
    }

    /// Parses one row; `institutionKnown` is `nil` when there is no list of institutions to check.
    package mutating func parse(_ record: CSVReader.Record, institutionKnown: ((String) -> Bool)?) throws(DataIssue) -> Expert {
        try parse(row: RowFields(header, record), institutionKnown: institutionKnown)
    }

    /// Parses the current record of `stream` in place.
    package mutating func parse(_ stream: CSVStream, institutionKnown: ((String) -> Bool)?) throws(DataIssue) -> Expert {
        // The next row's id will be probed in a table of every id so far, a likely cache miss (a
        // million ids fill 48 MB): its slot starts loading now, while this row is parsed. A hint only.
        // At a million experts the probe was a fifth of this parse in perf; prefetching the slot
        // within the row instead hid about half of it.
        if let id, let next = stream.peekField(id) { ids.prefetch(next) }
        return try parse(row: StreamRow(stream), institutionKnown: institutionKnown)
    }

    private mutating func parse<R: RowSource>(row f: R, institutionKnown: ((String) -> Bool)?) throws(DataIssue) -> Expert {
        let id = f.text(self.id)
        if id.isEmpty { throw f.issue(self.id, RowMessage.empty("id")) }
        let place = ids.place(id)
        if let k = place.value { throw f.issue(self.id, RowMessage.duplicate("expert", id, firstLine: lines[Int(k)])) }
        let name = f.text(self.name)
        guard !name.isEmpty else { throw f.issue(self.name, RowMessage.emptyName("expert", id)) }
        let inst = f.text(institution)
        if let institutionKnown, !inst.isEmpty, !institutionKnown(inst) {
            throw f.issue(institution, RowMessage.unknownInstitution(inst, knownFrom: institutionScope))
        }
        let npi = f.text(self.npi)
        npiWarnings.check(npi) { f.issue(self.npi, $0) }
        ids.insert(id, at: place, value: Int32(lines.count))
        lines.append(f.line)
        var attributes: [String: String] = [:]
        for (n, k) in extras {
            let v = f.text(k)
            if !v.isEmpty { attributes[n] = v }
        }
        return Expert(id: id, name: name, specialty: f.text(specialty), institution: inst, region: f.text(region),
                      npi: npi, title: f.text(title), attributes: attributes)
    }
}

/// Rows of `collaborations.csv`: experts `a` and `b`, optional `kind` and `weight` (a number ≥ 0,
/// default 1). A tie of an expert with themself is skipped with a warning.
package struct CollaborationRows {
    package static let required = ["a", "b"]
    private let header: CSVHeader
    private let scope: String
    /// Warnings about skipped rows.
    package private(set) var warnings: [String] = []

    package init(header: CSVHeader, expertScope: String = "experts.csv") {
        self.header = header
        scope = expertScope
    }

    /// One tie, or `nil` for a skipped self-tie.
    package mutating func parse<E: Equatable>(_ record: CSVReader.Record, expert lookup: (String) -> E?)
        throws(DataIssue) -> (a: E, b: E, kind: String, weight: Double)? {
        let f = RowFields(header, record)
        let a = try f.expert("a", knownFrom: scope, lookup), b = try f.expert("b", knownFrom: scope, lookup)
        let ws = f.text("weight")
        var w = 1.0
        if !ws.isEmpty {
            guard let x = Double(ws), x.isFinite, x >= 0 else { throw f.issue("weight", "weight '\(ws)' is not a number ≥ 0") }
            w = x
        }
        if a == b { warnings.append(RowMessage.selfCollaboration(header.fileName, line: record.line)); return nil }
        return (a, b, f.text("kind"), w)
    }
}

/// Rows of `interactions.csv`: `id` (unique), `date` (see ``DateFormat``), `expert`, `liaison` and
/// `channel` (lower-cased) required; `topic` and `duration_minutes` (whole minutes) optional.
package struct InteractionRows {
    package static let required = ["id", "date", "expert", "liaison", "channel"]
    private let header: CSVHeader
    private let scope: String
    private let dateFormat: DateFormat
    private var firstLine: [String: Int] = [:]

    package init(header: CSVHeader, dateFormat: DateFormat, expertScope: String = "experts.csv") {
        self.header = header
        self.dateFormat = dateFormat
        scope = expertScope
    }

    package mutating func parse<E>(_ record: CSVReader.Record, expert lookup: (String) -> E?)
        throws(DataIssue) -> (id: String, date: Day, expert: E, liaison: String, channel: String, topic: String, minutes: Int?) {
        let f = RowFields(header, record)
        let id = try f.required("id")
        if let first = firstLine[id] { throw f.issue("id", RowMessage.duplicate("interaction", id, firstLine: first)) }
        let ds = f.text("date")
        guard let day = dateFormat.parse(ds) else { throw f.issue("date", dateFormat.complaint(ds)) }
        let e = try f.expert("expert", knownFrom: scope, lookup)
        let liaison = try f.required("liaison"), channel = try f.required("channel")
        let minutes = try f.count("duration_minutes", optional: true)
        firstLine[id] = record.line
        return (id, day, e, liaison, channel.lowercased(), f.text("topic"), minutes)
    }
}

/// Rows of `plan.csv`: `expert`, `period` and `planned` (a whole number ≥ 0).
package struct PlanRows {
    package static let required = ["expert", "period", "planned"]
    private let header: CSVHeader
    private let scope: String

    package init(header: CSVHeader, expertScope: String = "experts.csv") {
        self.header = header
        scope = expertScope
    }

    package func parse<E>(_ record: CSVReader.Record, expert lookup: (String) -> E?)
        throws(DataIssue) -> (expert: E, period: Period, planned: Int) {
        let f = RowFields(header, record)
        let e = try f.expert("expert", knownFrom: scope, lookup)
        let p = try f.period("period")
        let n = try f.count("planned") ?? 0
        return (e, p, n)
    }
}

/// Rows of `encounters.csv`, read on the stream's raw fields: `patient`, `expert`, `date`, optional
/// `institution`. Encounters identify patients, so no message ever quotes a value of this file —
/// not the patient, not the date, and not the expert either (in a shifted row it may hold the
/// patient id): messages name the line, column and field only.
package struct EncounterRows {
    package static let required = ["patient", "expert", "date"]
    /// The column holding an already pseudonymised patient (what a workspace export writes).
    package static let pseudonymColumn = "patient_pseudonym"
    private let file: String
    private let scope: String
    private let dateFormat: DateFormat
    /// Column positions.
    package let patient: Int, expert: Int, date: Int, institution: Int?
    /// Whether the patient column holds pseudonyms already (`patient_pseudonym`).
    package let pseudonymous: Bool

    package init(header h: CSVHeader, dateFormat: DateFormat, expertScope: String = "experts.csv") throws(DataIssue) {
        file = h.fileName
        self.dateFormat = dateFormat
        scope = expertScope
        if !h.has("patient"), let k = h.column(Self.pseudonymColumn) {
            try h.require(["expert", "date"])
            patient = k
            pseudonymous = true
        } else {
            try h.require(Self.required)
            patient = h.column("patient") ?? 0
            pseudonymous = false
        }
        expert = h.column("expert") ?? 0
        date = h.column("date") ?? 0
        institution = h.column("institution")
    }

    /// The current record of `s`: the patient's bytes (valid until the stream moves on), the expert
    /// found by `lookup` from its id bytes, and the day.
    package func parse<E>(_ s: CSVStream, expert lookup: (UnsafeBufferPointer<UInt8>) -> E?)
        throws(DataIssue) -> (patient: UnsafeBufferPointer<UInt8>, expert: E, day: Day) {
        func issue(_ k: Int, _ message: String) -> DataIssue { s.issue(field: k, message) }
        let p = s.field(patient)
        if p.isEmpty { throw issue(patient, RowMessage.empty("patient")) }
        let eb = s.field(expert)
        if eb.isEmpty { throw issue(expert, RowMessage.empty("expert")) }
        guard let e = lookup(eb) else { throw issue(expert, RowMessage.unknownExpert(nil, knownFrom: scope)) }
        let db = s.field(date)
        guard let day = dateFormat.parse(bytes: db) else {
            throw issue(date, dateFormat.complaint(String(decoding: db, as: UTF8.self), echo: false))
        }
        return (p, e, day)
    }
}

extension CSVStream {
    /// The problem of a record whose fields do not fit a header of `width` columns: more fields
    /// than the header (located at the first one too many), or too few to hold the required column
    /// at index `lastRequired` (located just past the last field). `nil` when the record fits; a
    /// record that only leaves out trailing optional columns fits (see ``ShortRows``).
    package func widthIssue(_ width: Int, lastRequired: Int) -> DataIssue? {
        let n = fieldCount
        if n > width { return DataIssue(file: fileName, line: line(width), column: column(width), message: RowMessage.width(n, header: width)) }
        if n <= lastRequired { return issue(field: n, RowMessage.width(n, header: width)) }
        return nil
    }

    /// Field `k` of the current record trimmed, or empty when the record is shorter.
    package func field(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        k < fieldCount ? trimmed(k) : UnsafeBufferPointer(start: nil, count: 0)
    }

    /// An issue at field `k` of the current record (just past its last field when it is shorter).
    package func issue(field k: Int, _ message: String) -> DataIssue {
        let nf = fieldCount
        if k < nf { return DataIssue(file: fileName, line: line(k), column: column(k), message: message) }
        return DataIssue(file: fileName, line: recordLine, column: (nf > 0 ? column(nf - 1) : 0) + 1, message: message)
    }
}
