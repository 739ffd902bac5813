import Foundation
import GRDB
import Liaison

/// What each kind of file stores. Rows are parsed by the dataset's own row parsers; only the keys
/// and the summing of rows with the same key are the workspace's.
extension ImportRun {
    /// Institutions, experts, collaborations, interactions and plan rows.
    mutating func importRows(_ kind: ImportKind, _ stream: CSVStream, _ h: CSVHeader, fileID file: Int64,
                             into result: inout ImportFileResult) throws {
        switch kind {
        case .institutions:
            let up = Upsert(table: "institution", keys: ["id"], values: ["name", "kind", "city", "region", "attributes"])
            var parser = InstitutionRows(header: h)
            try eachRow(stream, h, &result) { run, result, r in
                let x = try parser.parse(r)
                guard run.errors.isEmpty else { return }
                result.count(try up(run.db, key: [x.id.databaseValue], values: [
                    x.name.databaseValue, x.kind.databaseValue, x.city.databaseValue, x.region.databaseValue,
                    ImportRun.json(x.attributes).databaseValue,
                ], file: file))
            }
        case .experts:
            let up = Upsert(table: "expert", keys: ["id"], values: ["name", "specialty", "institution", "region", "npi", "title", "attributes"])
            let institutions = Set(try String.fetchAll(db, sql: "SELECT id FROM institution"))
            var parser = ExpertRows(header: h, institutionScope: ImportRun.institutionScope)
            let known: ((String) -> Bool)? = institutions.isEmpty ? nil : { institutions.contains($0) }
            try eachRow(stream, h, &result) { run, result, r in
                let e = try parser.parse(r, institutionKnown: known)
                guard run.errors.isEmpty else { return }
                result.count(try up(run.db, key: [e.id.databaseValue], values: [
                    e.name.databaseValue, e.specialty.databaseValue, e.institution.databaseValue, e.region.databaseValue,
                    e.npi.databaseValue, e.title.databaseValue, ImportRun.json(e.attributes).databaseValue,
                ], file: file))
            }
            result.warnings += parser.npiWarnings.all
        case .collaborations:
            let experts = try expertIDs()
            var parser = CollaborationRows(header: h, expertScope: ImportRun.expertScope)
            var sums = KeyedSums<Double>()
            try eachRow(stream, h, &result) { _, _, r in
                guard let c = try parser.parse(r, expert: { experts.contains($0) ? $0 : nil }) else { return }
                sums.add([min(c.a, c.b), max(c.a, c.b), c.kind], c.weight)
            }
            result.warnings += parser.warnings
            guard errors.isEmpty else { return }
            let up = Upsert(table: "collaboration", keys: ["a", "b", "kind"], values: ["weight"], uniqueKeys: true)
            for (key, w) in sums.inOrder {
                result.count(try up(db, key: key.map { $0.databaseValue }, values: [w.databaseValue], file: file))
            }
        case .interactions:
            let up = Upsert(table: "interaction", keys: ["id"], values: ["date", "expert", "liaison", "channel", "topic", "duration_minutes"])
            let experts = try expertIDs()
            var parser = InteractionRows(header: h, dateFormat: options.dateFormat, expertScope: ImportRun.expertScope)
            try eachRow(stream, h, &result) { run, result, r in
                let i = try parser.parse(r, expert: { experts.contains($0) ? $0 : nil })
                guard run.errors.isEmpty else { return }
                result.count(try up(run.db, key: [i.id.databaseValue], values: [
                    i.date.description.databaseValue, i.expert.databaseValue, i.liaison.databaseValue, i.channel.databaseValue,
                    i.topic.databaseValue, i.minutes.databaseValue,
                ], file: file))
            }
        case .plan:
            let experts = try expertIDs()
            let parser = PlanRows(header: h, expertScope: ImportRun.expertScope)
            var sums = KeyedSums<Int>()
            try eachRow(stream, h, &result) { _, _, r in
                let p = try parser.parse(r, expert: { experts.contains($0) ? $0 : nil })
                sums.add([p.expert, p.period.label], p.planned)
            }
            guard errors.isEmpty else { return }
            let up = Upsert(table: "plan", keys: ["expert", "period"], values: ["planned"], uniqueKeys: true)
            for (key, n) in sums.inOrder {
                result.count(try up(db, key: key.map { $0.databaseValue }, values: [n.databaseValue], file: file))
            }
        case .referrals, .encounters:
            preconditionFailure("read by their own readers")
        }
    }

    /// A referrals file, read by the loader's own referral reader (same validation, same sums);
    /// rows of one (source, target, period) key are summed, the period written as its label (so
    /// `2026Q1` and `2026-Q1` are one key).
    mutating func importReferrals(_ s: ImportSource, fileID file: Int64, usedMappings: inout Set<String>,
                                  into result: inout ImportFileResult) throws {
        let stream = try CSVStream(url: s.url, fileName: s.displayName)
        var used = usedMappings
        let run = self
        let opened = try ReferralReader.open(stream, url: s.url) { run.mapHeader($0, usedMappings: &used) }
        usedMappings = used
        guard var reader = opened else { throw CSVHeader.emptyFile(s.displayName) }
        guard !reader.columns.format.isPublished else {
            throw DataIssue(file: s.displayName, line: 1, column: 1, message:
                "a CMS shared-patient or hop-teaming file is read directly (`liaison rank --referrals FILE`), not imported; or rename its columns to source,target,patients with --map")
        }
        reader.expertScope = ImportRun.expertScope
        reader.maxTextBytes = Workspace.maxFieldBytes
        var experts = try expertIDs().sorted().map { Expert(id: $0, name: $0) }
        var d = Diagnostics(lenient: false, maxErrors: options.maxErrors)
        let read = try reader.read(experts: &experts, allowNewExperts: false, diagnostics: &d, progress: nil)
        for e in d.errors { fail(e) }
        errorTotal += d.total - d.errors.count
        result.rows = read.rows
        result.warnings += d.warnings
        if read.selfLoops > 0 { result.warnings.append(RowMessage.selfReferrals(s.displayName, read.selfLoops)) }
        guard errors.isEmpty else { return }
        var sums = KeyedSums<ReferralSum>()
        for r in read.links.referrals {
            sums.add([experts[r.source].id, experts[r.target].id, r.period?.label ?? ""],
                     ReferralSum(patients: r.patients, counts: r.counts, attributes: r.attributes))
        }
        let up = Upsert(table: "referral", keys: ["source", "target", "period"], values: ["patients", "counts", "attributes"],
                        uniqueKeys: true)
        for (key, v) in sums.inOrder {
            result.count(try up(db, key: key.map { $0.databaseValue }, values: [
                v.patients.databaseValue, ImportRun.json(v.counts).databaseValue, ImportRun.json(v.attributes).databaseValue,
            ], file: file))
        }
    }

    /// An encounters file, row by row with the loader's encounter parser. The patient is stored as
    /// its pseudonym (``PatientPseudonyms``), never in clear; a `patient_pseudonym` column (a
    /// workspace export) is stored as it is.
    mutating func importEncounters(_ s: ImportSource, fileID file: Int64, usedMappings: inout Set<String>,
                                   into result: inout ImportFileResult) throws {
        let stream = try CSVStream(url: s.url, fileName: s.displayName)
        guard try stream.next() else { throw CSVHeader.emptyFile(s.displayName) }
        var head = stream.record()
        head.fields = mapHeader(head.fields, usedMappings: &usedMappings)
        let h = try CSVHeader(head, fileName: s.displayName)
        let parser = try EncounterRows(header: h, dateFormat: options.dateFormat, expertScope: ImportRun.expertScope)
        let keys = parser.pseudonymous ? nil : try pseudonyms()
        let experts = try expertIDs()
        let up = Upsert(table: "encounter", keys: ["pseudonym", "expert", "date"], values: ["institution"])
        var seen = Set<[String]>()
        try eachRow(stream, h, &result) { run, result, r in
            let row = try parser.parse(stream) { b in
                let id = String(decoding: b, as: UTF8.self)
                return experts.contains(id) ? id : nil
            }
            let pseudonym: String
            if let keys { pseudonym = keys.pseudonym(row.patient) } else {
                guard PatientPseudonyms.isPseudonym(row.patient) else {
                    throw stream.issue(field: parser.patient, "\(PatientPseudonyms.column) is not a Liaison pseudonym (64 hex digits, as `liaison export` writes them)")
                }
                pseudonym = String(decoding: row.patient, as: UTF8.self)
            }
            let key = [pseudonym, row.expert, row.day.description]
            guard seen.insert(key).inserted, run.errors.isEmpty else { return }
            let institution = parser.institution.flatMap { $0 < r.fields.count ? r.fields[$0].trimmingSpaces : nil } ?? ""
            result.count(try up(run.db, key: key.map { $0.databaseValue }, values: [institution.databaseValue], file: file))
        }
    }

    /// The workspace's pseudonym key: made (with its check value stored) for the first encounters,
    /// else read and checked against the stored value.
    func pseudonyms() throws -> PatientPseudonyms {
        let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = ?", arguments: [Schema.keyCheck])
        guard let stored else {
            let keys = try PatientPseudonyms.loadOrCreate(keyPath)
            try db.execute(sql: "INSERT INTO meta (name, value) VALUES (?, ?)", arguments: [Schema.keyCheck, keys.check])
            return keys
        }
        guard let keys = try PatientPseudonyms.load(keyPath) else {
            throw Workspace.issue(keyPath, "the workspace's pseudonym key is missing: its stored encounters were pseudonymised with it, so new ones could not be linked to them; put the key file back (from where it was kept) and import again")
        }
        guard keys.check == stored else {
            throw Workspace.issue(keyPath, "this pseudonym key is not the workspace's own (its encounters were pseudonymised with another key); put the right key file back and import again")
        }
        return keys
    }
}

/// Patients and other counts of one referral key, summed; text columns keep the first value.
struct ReferralSum: Summable {
    var patients: Int
    var counts: [String: Int]
    var attributes: [String: String]
    static func + (a: ReferralSum, b: ReferralSum) -> ReferralSum {
        ReferralSum(patients: a.patients + b.patients, counts: a.counts.merging(b.counts, uniquingKeysWith: +),
                    attributes: a.attributes.merging(b.attributes) { first, _ in first })
    }
}

/// Values that rows with the same key add up to.
protocol Summable { static func + (a: Self, b: Self) -> Self }
extension Int: Summable {}
extension Double: Summable {}

/// Values summed per key, keys kept in order of first appearance.
struct KeyedSums<V: Summable> {
    private var order: [[String]] = []
    private var sums: [[String]: V] = [:]

    mutating func add(_ key: [String], _ v: V) {
        if let old = sums[key] { sums[key] = old + v } else {
            sums[key] = v
            order.append(key)
        }
    }

    var inOrder: [([String], V)] { order.compactMap { k in sums[k].map { (k, $0) } } }
}
