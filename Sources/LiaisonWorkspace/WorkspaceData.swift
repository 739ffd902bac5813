#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import Liaison

extension Workspace {
    /// The workspace's contents as a ``Dataset``, exactly as ``DatasetLoader`` would read the folder
    /// that ``export(to:)`` writes: rows in the order their keys were first imported, an expert
    /// without a region taking their institution's, channels in lower case. Encounters give their
    /// shared-patient links (``SharedPatients``) as the folder's would: as the referrals when the
    /// workspace holds none, added to them with `addEncounters`, else not used (with a warning).
    public func dataset(addEncounters: Bool = false,
                        encounterOptions: SharedPatientOptions = SharedPatientOptions()) throws(DatasetError) -> Dataset {
        let path = self.path
        return try snapshot { db -> Dataset in
            let decoder = JSONDecoder()
            func strings(_ json: String) -> [String: String] {
                json == "{}" ? [:] : (try? decoder.decode([String: String].self, from: Data(json.utf8))) ?? [:]
            }
            func ints(_ json: String) -> [String: Int] {
                json == "{}" ? [:] : (try? decoder.decode([String: Int].self, from: Data(json.utf8))) ?? [:]
            }
            var warnings: [String] = []
            var institutions: [Institution] = []
            var instRegion: [String: String] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, name, kind, city, region, attributes FROM institution ORDER BY seq") {
                let x = Institution(id: r[0], name: r[1], kind: r[2], city: r[3], region: r[4], attributes: strings(r[5]))
                instRegion[x.id] = x.region
                institutions.append(x)
            }
            var experts: [Expert] = []
            var index: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, name, specialty, institution, region, npi, title, attributes FROM expert ORDER BY seq") {
                var e = Expert(id: r[0], name: r[1], specialty: r[2], institution: r[3], region: r[4], npi: r[5], title: r[6],
                               attributes: strings(r[7]))
                if e.region.isEmpty, let reg = instRegion[e.institution] { e.region = reg }
                index[e.id] = experts.count
                experts.append(e)
            }
            var periods: [String: Period] = [:]
            func period(_ label: String) -> Period? {
                if let p = periods[label] { return p }
                let p = Period.parse(label)
                periods[label] = p
                return p
            }
            var referrals: [Referral] = []
            var countIssues: [DataIssue] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT source, target, period, patients, counts, seq, attributes FROM referral ORDER BY seq")
            while let r = try rows.next() {
                guard let a = index[r[0] as String], let b = index[r[1] as String] else { continue }
                let label: String = r[2]
                // Counts are checked against the ceiling like every reader's (a workspace may have been
                // written by hand or damaged): a located error, never a trap later in a sum.
                let patients = Int.fromDatabaseValue(r[3] as DatabaseValue)
                let counts = ints(r[4])
                let problem: String? = {
                    guard let p = patients else { return "patients is not a whole number" }
                    if let why = PatientCount.problem(p) { return "patients \(p) \(why)" }
                    for (k, v) in counts.sorted(by: { $0.key < $1.key }) {
                        if let why = PatientCount.problem(v) { return "\(UserText.escaped(k)) \(v) \(why)" }
                    }
                    return nil
                }()
                if let problem {
                    if countIssues.count < 50 {
                        countIssues.append(DataIssue(file: path, message: "table referral, row \(r[5] as Int64) ("
                            + "\(UserText.quoted(r[0] as String)) → \(UserText.quoted(r[1] as String))"
                            + "\(label.isEmpty ? "" : ", " + UserText.escaped(label))): \(problem)"))
                    }
                    continue
                }
                var x = Referral(source: a, target: b, patients: patients ?? 0, period: label.isEmpty ? nil : period(label),
                                 counts: counts)
                x.attributes = strings(r[6])
                referrals.append(x)
            }
            if countIssues.isEmpty {
                countIssues = PatientCount.referralIssues(referrals, experts: experts, file: path)
            }
            if !countIssues.isEmpty { throw DatasetError(issues: countIssues) }
            var collaborations: [Collaboration] = []
            for r in try Row.fetchAll(db, sql: "SELECT a, b, kind, weight FROM collaboration ORDER BY seq") {
                guard let a = index[r[0] as String], let b = index[r[1] as String] else { continue }
                collaborations.append(Collaboration(a: a, b: b, kind: r[2], weight: r[3]))
            }
            var interactions: [Interaction] = []
            let irows = try Row.fetchCursor(db, sql: "SELECT id, date, expert, liaison, channel, topic, duration_minutes FROM interaction ORDER BY seq")
            while let r = try irows.next() {
                let ds: String = r[1]
                guard let e = index[r[2] as String], let day = Day(iso: ds) else {
                    warnings.append("\(path): interaction \(UserText.quoted(r[0] as String)) has an unreadable date or expert; skipped")
                    continue
                }
                interactions.append(Interaction(id: r[0], date: day, expert: e, liaison: r[3], channel: r[4], topic: r[5],
                                                durationMinutes: r[6]))
            }
            var plan: [PlanEntry] = []
            for r in try Row.fetchAll(db, sql: "SELECT expert, period, planned FROM plan ORDER BY seq") {
                guard let e = index[r[0] as String], let p = period(r[1]) else { continue }
                plan.append(PlanEntry(expert: e, period: p, planned: r[2]))
            }
            var present: Set<String> = []
            let counts = try Workspace.rowCounts(db)
            for (k, n) in counts where n > 0 { present.insert(k.fileName) }
            for k in try String.fetchAll(db, sql: "SELECT DISTINCT kind FROM import_file") {
                if let kind = ImportKind(rawValue: k) { present.insert(kind.fileName) }
            }
            if present.contains(ImportKind.encounters.fileName) {
                if !present.contains(ImportKind.referrals.fileName) || addEncounters {
                    let links = try Workspace.sharedPatientLinks(db, experts: index, options: encounterOptions)
                    referrals = SharedPatients.merge(referrals, adding: links)
                } else {
                    warnings.append("\(path): encounters not used, since the workspace holds referrals (--add-encounters adds their shared-patient links)")
                }
            }
            return Dataset(source: path, experts: experts, institutions: institutions, referrals: referrals,
                           collaborations: collaborations, interactions: interactions, plan: plan,
                           filesPresent: present, warnings: warnings)
        }
    }

    /// The shared-patient links of the stored encounters, read grouped by pseudonym: the same
    /// network ``SharedPatients`` derives from the encounters file.
    static func sharedPatientLinks(_ db: Database, experts index: [String: Int],
                                   options: SharedPatientOptions) throws -> [Referral] {
        var encounters: [Encounter] = []
        var patient = -1
        var last = ""
        let rows = try Row.fetchCursor(db, sql: "SELECT pseudonym, expert, date FROM encounter ORDER BY pseudonym")
        while let r = try rows.next() {
            let p: String = r[0]
            if p != last { patient += 1; last = p }
            guard let e = index[r[1] as String], let day = Day(iso: r[2] as String) else { continue }
            encounters.append(Encounter(patient: patient, expert: e, day: day))
        }
        return SharedPatients.derive(encounters, experts: index.count, options: options).map(\.referral)
    }

    static let tables: [(ImportKind, String)] = [
        (.institutions, "institution"), (.experts, "expert"), (.referrals, "referral"), (.collaborations, "collaboration"),
        (.interactions, "interaction"), (.plan, "plan"), (.encounters, "encounter"),
    ]

    static func rowCounts(_ db: Database) throws -> [(ImportKind, Int)] {
        try tables.map { k, t in (k, try Int.fetchOne(db, sql: "SELECT count(*) FROM \(t)") ?? 0) }
    }

    /// Number of stored rows of each kind.
    public func rowCounts() throws(DatasetError) -> [ImportKind: Int] {
        let c = try snapshot { db in try Workspace.rowCounts(db) }
        return Dictionary(uniqueKeysWithValues: c)
    }

    /// Every imported file, oldest first.
    public func history() throws(DatasetError) -> [ImportRecord] {
        try snapshot { db in
            try Row.fetchAll(db, sql: """
                SELECT batch, file, kind, sha256, bytes, rows, added, updated, unchanged, imported_at
                FROM import_file ORDER BY id
                """).map { r in
                ImportRecord(batch: r[0], file: r[1], kind: r[2], sha256: r[3], bytes: r[4], rows: r[5], added: r[6],
                             updated: r[7], unchanged: r[8], time: r[9])
            }
        }
    }

    /// Writes the workspace as a dataset folder (created when absent, mode 0700): `experts.csv`
    /// always, and each other file that has rows. Files are written atomically with mode 0600.
    /// Importing the folder back changes nothing.
    ///
    /// - Returns: the files written and their data rows.
    @discardableResult
    public func export(to folder: URL) throws(DatasetError) -> [(file: String, rows: Int)] {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Workspace.issue(folder.path, "cannot create the folder: \(error.localizedDescription)")
        }
        let files: [(String, String, Int)] = try snapshot { db in
            var out: [(String, String, Int)] = []
            let counts = Dictionary(uniqueKeysWithValues: try Workspace.rowCounts(db))
            func table(_ kind: ImportKind, _ header: [String], _ sql: String, _ row: (Row) -> [String]) throws {
                guard kind == .experts || (counts[kind] ?? 0) > 0 else { return }
                var text = header.map(Workspace.csvField).joined(separator: ",") + "\n"
                var n = 0
                let cursor = try Row.fetchCursor(db, sql: sql)
                while let r = try cursor.next() {
                    text += row(r).map(Workspace.csvField).joined(separator: ",") + "\n"
                    n += 1
                }
                out.append((kind.fileName, text, n))
            }
            let decoder = JSONDecoder()
            func keys(_ sql: String) throws -> [String] {
                var all = Set<String>()
                for j in try String.fetchAll(db, sql: sql) where j != "{}" {
                    if let d = try? decoder.decode([String: String].self, from: Data(j.utf8)) { all.formUnion(d.keys) }
                    else if let d = try? decoder.decode([String: Int].self, from: Data(j.utf8)) { all.formUnion(d.keys) }
                }
                return all.sorted()
            }
            func attrs(_ json: String, _ names: [String]) -> [String] {
                let d = json == "{}" ? [:] : (try? decoder.decode([String: String].self, from: Data(json.utf8))) ?? [:]
                return names.map { d[$0] ?? "" }
            }
            let instExtra = try keys("SELECT DISTINCT attributes FROM institution")
            try table(.institutions, ["id", "name", "kind", "city", "region"] + instExtra,
                      "SELECT id, name, kind, city, region, attributes FROM institution ORDER BY seq") { r in
                [r[0], r[1], r[2], r[3], r[4]] + attrs(r[5], instExtra)
            }
            let expertExtra = try keys("SELECT DISTINCT attributes FROM expert")
            try table(.experts, ["id", "name", "specialty", "institution", "region", "npi", "title"] + expertExtra,
                      "SELECT id, name, specialty, institution, region, npi, title, attributes FROM expert ORDER BY seq") { r in
                [r[0], r[1], r[2], r[3], r[4], r[5], r[6]] + attrs(r[7], expertExtra)
            }
            // Count and text columns by name (a name that is a count in some rows and text in others,
            // from different imports, is one column).
            let extraNames = Array(Set(try keys("SELECT DISTINCT counts FROM referral"))
                .union(try keys("SELECT DISTINCT attributes FROM referral"))).sorted()
            try table(.referrals, ["source", "target", "patients", "period"] + extraNames,
                      "SELECT source, target, patients, period, counts, attributes FROM referral ORDER BY seq") { r in
                let json: String = r[4]
                let d = json == "{}" ? [:] : (try? decoder.decode([String: Int].self, from: Data(json.utf8))) ?? [:]
                let text = attrs(r[5], extraNames)
                return [r[0], r[1], String(r[2] as Int), r[3]] + extraNames.enumerated().map { k, n in d[n].map(String.init) ?? text[k] }
            }
            try table(.collaborations, ["a", "b", "kind", "weight"], "SELECT a, b, kind, weight FROM collaboration ORDER BY seq") { r in
                [r[0], r[1], r[2], Workspace.number(r[3])]
            }
            try table(.interactions, ["id", "date", "expert", "liaison", "channel", "topic", "duration_minutes"],
                      "SELECT id, date, expert, liaison, channel, topic, duration_minutes FROM interaction ORDER BY seq") { r in
                [r[0], r[1], r[2], r[3], r[4], r[5], (r[6] as Int?).map(String.init) ?? ""]
            }
            try table(.plan, ["expert", "period", "planned"], "SELECT expert, period, planned FROM plan ORDER BY seq") { r in
                [r[0], r[1], String(r[2] as Int)]
            }
            try table(.encounters, [PatientPseudonyms.column, "expert", "date", "institution"],
                      "SELECT pseudonym, expert, date, institution FROM encounter ORDER BY seq") { r in
                [r[0], r[1], r[2], r[3]]
            }
            return out
        }
        for (name, text, _) in files {
            try Workspace.writePrivate(Array(text.utf8), to: folder.appendingPathComponent(name))
        }
        return files.map { ($0.0, $0.2) }
    }

    /// A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break. Looks at unicode
    /// scalars, so that CRLF (one Swift `Character`) is seen as a line break too.
    static func csvField(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as the shortest text that reads back to it (`1`, `0.5`).
    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    /// Writes `bytes` to `url` by ``OutputFile``'s rule (atomically, never replacing a special file)
    /// with mode 0600: an export holds every confidential row.
    static func writePrivate(_ bytes: [UInt8], to url: URL) throws(DatasetError) {
        do throws(OutputFile.WriteError) {
            try OutputFile.write(bytes, to: url.path, mode: OutputFile.privateMode,
                                 standardOutput: .refused("an export is a folder of files"))
        } catch {
            let prefix = "cannot write \(UserText.escaped(url.path, limit: 200)): "
            let reason = error.description.hasPrefix(prefix) ? String(error.description.dropFirst(prefix.count)) : error.description
            throw DatasetError(issues: [DataIssue(file: url.path, message: "cannot write: " + reason)])
        }
    }
}
