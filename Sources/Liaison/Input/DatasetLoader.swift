import Foundation

/// Reads a dataset folder (`experts.csv` and the optional `institutions.csv`, `referrals.csv`,
/// `collaborations.csv`, `interactions.csv`, `plan.csv`) into a validated ``Dataset``.
///
/// The referrals file may be Liaison's own layout or one of the published US layouts (CMS shared
/// patient patterns, hop-teaming; see ``ReferralFormat``), detected from its first row, and it may
/// be given apart from the folder (``load(folder:referrals:)``). With a published layout
/// `experts.csv` is optional: NPIs not found among the experts' ids or `npi` values become bare
/// experts (id, name and npi all the NPI). A referrals file alone is a dataset too.
///
/// Every file is streamed in chunks (see ``CSVStream``), never held whole in memory.
///
/// Every problem is reported as a ``DataIssue`` naming file, line and column. Structural problems
/// (a missing required file or column, an unbalanced quote, bytes that are not UTF-8) always fail.
/// Row problems (unknown id, duplicate id, bad number or date) fail too, unless ``Options/lenient``
/// is set, in which case the row is skipped with a warning and counted.
public struct DatasetLoader: Sendable {
    /// How strictly to read.
    public struct Options: Sendable {
        /// Skip bad rows with a warning instead of failing.
        public var lenient = false
        /// How many row errors to collect before stopping.
        public var maxErrors = 50
        /// Called about every 64 000 rows of a file and when it ends (for progress displays).
        public var progress: (@Sendable (LoadProgress) -> Void)?
        /// Add the links derived from `encounters.csv` to those of `referrals.csv` (without it,
        /// encounters are used only when the folder has no `referrals.csv`).
        public var addEncounters = false
        /// How encounters become shared-patient links (window in days, direction).
        public var encounterOptions = SharedPatientOptions()
        /// How dates are written (ISO 8601 is always read; slash dates only with a format).
        public var dateFormat = DateFormat.iso
        /// Where to keep binary snapshots of large datasets, so that the next load of unchanged
        /// files skips parsing (see ``DatasetCache``); `nil`: always parse.
        public var cache: DatasetCache?
        /// Told whether the cache was used (for tests and displays).
        public var cacheObserver: (@Sendable (DatasetCache.Outcome) -> Void)?
        /// When a referrals file is read in slices by several threads (tests lower the sizes to
        /// exercise slicing on small files; the result never depends on it).
        package var slicing = ReferralSlicing()
        /// Creates options.
        public init(lenient: Bool = false, maxErrors: Int = 50, progress: (@Sendable (LoadProgress) -> Void)? = nil,
                    addEncounters: Bool = false, encounterOptions: SharedPatientOptions = SharedPatientOptions(),
                    dateFormat: DateFormat = .iso) {
            self.lenient = lenient
            self.maxErrors = maxErrors
            self.progress = progress
            self.addEncounters = addEncounters
            self.encounterOptions = encounterOptions
            self.dateFormat = dateFormat
        }
    }

    /// The files a dataset folder may hold, in load order.
    public static let fileNames = ["experts.csv", "institutions.csv", "referrals.csv", "collaborations.csv",
                                   "interactions.csv", "plan.csv"]

    /// Reading options.
    public var options: Options

    /// Creates a loader.
    public init(options: Options = Options()) { self.options = options }

    /// Loads the dataset in `folder`.
    public func load(folder: URL) throws(DatasetError) -> Dataset {
        try load(folder: folder, referrals: nil)
    }

    /// Loads a dataset from a folder, a referrals file, or both (the file then replaces the
    /// folder's `referrals.csv`). At least one must be given.
    public func load(folder: URL?, referrals referralsURL: URL?) throws(DatasetError) -> Dataset {
        // The folder's publications/ and trials/ (see ScienceLoader) are read while the tables load:
        // reading them needs no table (demo: 17–29 ms of XML and MEDLINE beside 10–15 ms of tables);
        // matching their people to the experts waits for both. Table errors are thrown first, as before.
        let (tables, science) = concurrently({ () -> Result<Dataset, DatasetError> in
            do throws(DatasetError) { return .success(try loadOrRestoreTables(folder: folder, referrals: referralsURL)) }
            catch { return .failure(error) }
        }, {
            folder.map { ScienceLoader.read(folder: $0, lenient: options.lenient) }
        })
        let dataset = try tables.get()
        guard let science else { return dataset }
        let attached = try ScienceLoader.attach(science, to: dataset)
        if !attached.science.isEmpty { PhaseTimer.mark("science") }
        return attached
    }

    /// The tables from the snapshot cache when there is one (``Options/cache``), else parsed.
    private func loadOrRestoreTables(folder: URL?, referrals referralsURL: URL?) throws(DatasetError) -> Dataset {
        guard let cache = options.cache else { return try loadTables(folder: folder, referrals: referralsURL) }
        let (d, outcome) = try cache.load(folder: folder, referrals: referralsURL, options: options) { () throws(DatasetError) in
            try loadTables(folder: folder, referrals: referralsURL)
        }
        options.cacheObserver?(outcome)
        var dataset = d
        dataset.pathScoreCache = PathScoreCache(folder: cache.folder, minimumWork: cache.pathsMinimumWork)
        return dataset
    }

    /// Everything but the science folders.
    private func loadTables(folder: URL?, referrals referralsURL: URL?) throws(DatasetError) -> Dataset {
        var d = Diagnostics(lenient: options.lenient, maxErrors: options.maxErrors)
        var delimiters: [String: CSVDelimiter] = [:]
        let fm = FileManager.default
        if let folder {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
                throw DatasetError(issues: [DataIssue(file: folder.path, message: "not a dataset folder (expected a folder holding experts.csv)")])
            }
        }
        guard folder != nil || referralsURL != nil else {
            throw DatasetError(issues: [DataIssue(file: "", message: "no dataset: give a folder or a referrals file")])
        }
        /// The required columns of each file opened, by its name in messages.
        var required: [String: [String]] = [:]
        /// Opens `name` in the folder and reads its header; `nil` when absent.
        func table(_ name: String, required needed: [String], chunkSize: Int = CSVStream.chunkSize) throws(DatasetError) -> (CSVStream, CSVHeader)? {
            guard let folder else { return nil }
            let url = folder.appendingPathComponent(name)
            guard fm.fileExists(atPath: url.path) else { return nil }
            do throws(DataIssue) {
                let s = try CSVStream(url: url, fileName: displayPath(folder: folder, file: name), chunkSize: chunkSize)
                guard try s.next() else { throw CSVHeader.emptyFile(s.fileName) }
                let h = try CSVHeader(s.record(), fileName: s.fileName)
                try h.require(needed)
                required[s.fileName] = needed
                delimiters[name] = s.delimiter
                return (s, h)
            } catch { throw DatasetError(issues: [error]) }
        }
        PhaseTimer.mark("start")
        // Its stream reads the first slice when the file is read in slices (see ExpertSlices.swift).
        let expertsT = try table("experts.csv", required: ExpertRows.required, chunkSize: options.slicing.chunkSize)
        let institutionsT = try table("institutions.csv", required: InstitutionRows.required)
        // Referrals: the given file, or the folder's referrals.csv; the layout comes from the first row.
        var referralsR: ReferralReader?
        var referralsName = ""
        let refURL = referralsURL ?? folder.map { $0.appendingPathComponent("referrals.csv") }
        if let refURL, referralsURL != nil || fm.fileExists(atPath: refURL.path) {
            referralsName = refURL.path
            do throws(DataIssue) {
                let s = try CSVStream(url: refURL, fileName: referralsName, chunkSize: options.slicing.chunkSize)
                guard let r = try ReferralReader.open(s, url: refURL, slicing: options.slicing) else { throw CSVHeader.emptyFile(referralsName) }
                referralsR = r
                delimiters[refURL.lastPathComponent] = s.delimiter
            } catch { throw DatasetError(issues: [error]) }
        }
        let published = referralsR?.columns.format.isPublished ?? false
        if expertsT == nil, let folder, !published {
            throw DatasetError(issues: [DataIssue(file: displayPath(folder: folder, file: "experts.csv"),
                                                  message: "missing: every dataset needs experts.csv (columns id, name), unless its referrals are a CMS shared-patient or hop-teaming file")])
        }
        let collaborationsT = try table("collaborations.csv", required: CollaborationRows.required)
        let interactionsT = try table("interactions.csv", required: InteractionRows.required)
        let planT = try table("plan.csv", required: PlanRows.required)

        var present: Set<String> = []
        for (n, t) in [("experts.csv", expertsT), ("institutions.csv", institutionsT),
                       ("collaborations.csv", collaborationsT), ("interactions.csv", interactionsT),
                       ("plan.csv", planT)] where t != nil { present.insert(n) }
        if referralsR != nil { present.insert("referrals.csv") }

        let progress = options.progress
        /// Streams the records of an opened table; a row whose `body` throws is reported (and, when
        /// lenient, skipped).
        func each(_ t: (CSVStream, CSVHeader), _ body: (CSVReader.Record) throws(DataIssue) -> Void) throws(DatasetError) {
            var rec = CSVReader.Record(fields: [], line: 0, columns: [], lines: [])
            try eachInPlace(t) { s throws(DataIssue) in
                s.copy(into: &rec)
                try body(rec)
            }
        }
        /// The same, with the stream's current record read in place.
        func eachInPlace(_ t: (CSVStream, CSVHeader), _ body: (CSVStream) throws(DataIssue) -> Void) throws(DatasetError) {
            let s = t.0
            var rows = 0
            let width = t.1.header.count
            let lastRequired = (required[t.1.fileName] ?? []).compactMap { t.1.column($0) }.max() ?? 0
            var short = ShortRows(file: s.fileName, width: width)
            do {
                while try s.next() {
                    rows += 1
                    if rows & 0xFFFF == 0, let progress {
                        progress(LoadProgress(file: s.fileName, bytesRead: s.bytesRead, totalBytes: s.totalBytes, rows: rows, done: false))
                    }
                    if s.fieldCount != width {
                        if let w = s.widthIssue(width, lastRequired: lastRequired) { d.row(s.fileName, w); continue }
                        short.add(line: s.recordLine, fields: s.fieldCount)
                    }
                    do { try body(s) } catch { d.row(s.fileName, error) }
                }
            } catch { throw DatasetError(issues: [error]) }
            d.warnings += short.warnings
            if rows >= 0x10000 {
                progress?(LoadProgress(file: s.fileName, bytesRead: s.bytesRead, totalBytes: s.totalBytes, rows: rows, done: true))
            }
        }

        // Institutions first: experts refer to them.
        var institutions: [Institution] = []
        // Institution ids by their bytes (ids are unique: a repeated one is refused), valued by index:
        // every expert row looks its institution up, and a String dictionary's hashing was 6 % of
        // reading a million experts in perf.
        var instIndex = ByteInterner(capacity: 1024)
        if let tt = institutionsT {
            var parser = InstitutionRows(header: tt.1)
            try each(tt) { r throws(DataIssue) in
                let x = try parser.parse(r)
                instIndex.insert(x.id, value: Int32(institutions.count))
                institutions.append(x)
            }
        }

        var experts: [Expert] = []
        // Expert ids by their bytes, valued by index (shared with the referral reader).
        var expertIDs = ByteInterner(capacity: 1024)
        if let tt = expertsT {
            // Rows expected, from the file's size and the length of its first rows (64 bytes a row when
            // nothing is buffered): the id table doubles at half full, so a guess a few per cent high
            // had doubled a million experts' table to 100 MB (clearing its pages was 7 % of the load's main thread).
            let perRow = max(16, tt.0.bufferedBytesPerLine ?? 64)
            let capacity = tt.0.totalBytes.map { min(Int(Double($0) / perRow), 50_000_000) } ?? 0
            let index = instIndex, insts = institutions
            let setup = ExpertSliceSetup(header: tt.1, lastRequired: ExpertRows.required.compactMap { tt.1.column($0) }.max() ?? 0,
                                         institutionKnown: institutionsT == nil ? nil : { index.find($0) != nil },
                                         region: { i in index.find(i).map { insts[Int($0)].region } })
            // A large file is read in slices on every core when it is clean (see ExpertSlices.swift).
            var sliced: ExpertSlice?
            var table1 = tt
            if let folder, let size = tt.0.totalBytes {
                let url = folder.appendingPathComponent("experts.csv")
                let cuts = Self.expertSliceBoundaries(url: url, size: size, stream: tt.0, slicing: options.slicing)
                if cuts.count >= 3 {
                    sliced = Self.readExpertsInSlices(first: tt.0, url: url, cuts: cuts, setup: setup, capacity: capacity,
                                                      progress: progress)
                    options.slicing.observeExperts?(sliced == nil ? 1 : cuts.count - 1)
                    // Not clean: one pass from the start, on a stream of its own (the first stream has
                    // read its slice).
                    if sliced == nil {
                        guard let again = try table("experts.csv", required: ExpertRows.required) else {
                            throw DatasetError(issues: [DataIssue(file: tt.0.fileName, message: "cannot read file: it was removed while being read")])
                        }
                        table1 = again
                    }
                }
            }
            if var sl = sliced {
                sliced = nil
                experts = sl.experts
                sl.experts = []  // one owner, so that adding experts later copies nothing
                d.warnings += sl.short.warnings
                if sl.rows >= 0x10000 {
                    progress?(LoadProgress(file: tt.0.fileName, bytesRead: tt.0.totalBytes ?? tt.0.bytesRead, totalBytes: tt.0.totalBytes, rows: sl.rows, done: true))
                }
                d.warnings += sl.parser.npiWarnings.all
                expertIDs = sl.parser.ids
            } else {
                var parser = ExpertRows(header: table1.1, capacity: capacity)
                experts.reserveCapacity(capacity)
                try eachInPlace(table1) { s throws(DataIssue) in try setup.take(s, parser: &parser, into: &experts) }
                d.warnings += parser.npiWarnings.all
                expertIDs = parser.ids
            }
        }

        // Referrals: rows for the same pair and period are summed (see ``ReferralReader``).
        PhaseTimer.mark("experts")
        var links = ReferralTable()
        if var rr = referralsR {
            let before = experts.count
            let result: ReferralReader.Result
            do {
                result = try rr.read(experts: &experts, ids: expertIDs, allowNewExperts: published || expertsT == nil,
                                     diagnostics: &d, progress: progress)
            } catch { throw DatasetError(issues: [error]) }
            links = result.links
            if result.selfLoops > 0 {
                let n = result.selfLoops
                d.warnings.append(RowMessage.selfReferrals(referralsName, n))
            }
            let added = experts.count - before
            if added > 0 && (collaborationsT != nil || interactionsT != nil || planT != nil) {
                for i in before..<experts.count { expertIDs.insert(experts[i].id, value: Int32(i)) }
            }
        }

        // Encounters: their derived shared-patient links (see ``SharedPatients``) are the referrals
        // when the folder has no referrals.csv, or are added to them with `addEncounters`.
        if let folder, fm.fileExists(atPath: folder.appendingPathComponent("encounters.csv").path) {
            present.insert("encounters.csv")
            if referralsR == nil || options.addEncounters {
                var ids = experts.map(\.id)
                let before = ids.count
                let net: SharedPatientNetwork
                do {
                    net = try EncountersReader.read(url: folder.appendingPathComponent("encounters.csv"),
                                                    fileName: displayPath(folder: folder, file: "encounters.csv"),
                                                    experts: &ids, allowNewExperts: expertsT == nil,
                                                    options: options.encounterOptions, dateFormat: options.dateFormat,
                                                    diagnostics: &d)
                } catch { throw DatasetError(issues: [error]) }
                for id in ids[before...] { expertIDs.insert(id, value: Int32(experts.count)); experts.append(Expert(id: id, name: id)) }
                links.merge(adding: net.referrals)
                delimiters["encounters.csv"] = net.delimiter
                d.warnings.append(contentsOf: net.notes)
            } else {
                d.warnings.append("\(displayPath(folder: folder, file: "encounters.csv")): not used, since referrals.csv is present (--add-encounters adds its shared-patient links)")
            }
        }

        PhaseTimer.mark("referrals")
        let ids = expertIDs
        let findExpert = { (id: String) -> Int? in ids.find(id).map(Int.init) }
        var collaborations: [Collaboration] = []
        if let tt = collaborationsT {
            var parser = CollaborationRows(header: tt.1)
            try each(tt) { r throws(DataIssue) in
                if let c = try parser.parse(r, expert: findExpert) {
                    collaborations.append(Collaboration(a: c.a, b: c.b, kind: c.kind, weight: c.weight))
                }
            }
            d.warnings += parser.warnings
        }

        var interactions: [Interaction] = []
        if let tt = interactionsT {
            var parser = InteractionRows(header: tt.1, dateFormat: options.dateFormat)
            try each(tt) { r throws(DataIssue) in
                let i = try parser.parse(r, expert: findExpert)
                interactions.append(Interaction(id: i.id, date: i.date, expert: i.expert, liaison: i.liaison, channel: i.channel,
                                                topic: i.topic, durationMinutes: i.minutes))
            }
        }

        var plan: [PlanEntry] = []
        if let tt = planT {
            let parser = PlanRows(header: tt.1)
            try each(tt) { r throws(DataIssue) in
                let p = try parser.parse(r, expert: findExpert)
                plan.append(PlanEntry(expert: p.expert, period: p.period, planned: p.planned))
            }
        }

        PhaseTimer.mark("other tables")
        if !d.errors.isEmpty { throw DatasetError(issues: d.errors, total: d.total) }
        for (file, n) in d.skipped.sorted(by: { $0.key < $1.key }) {
            d.warnings.append("\(file): skipped \(n) row\(n == 1 ? "" : "s") with errors (--lenient)")
        }
        var dataset = Dataset(source: folder?.path ?? referralsURL?.path ?? "", experts: experts, institutions: institutions,
                              collaborations: collaborations, interactions: interactions, plan: plan,
                              filesPresent: present, warnings: d.warnings)
        dataset.csvDelimiters = delimiters
        dataset.links = links
        return dataset
    }

    private func displayPath(folder: URL, file: String) -> String {
        folder.appendingPathComponent(file).path
    }
}

/// Row errors and warnings collected while loading.
package struct Diagnostics {
    package var lenient: Bool
    package var maxErrors: Int
    package var errors: [DataIssue] = []
    package var total = 0
    package var warnings: [String] = []
    package var skipped: [String: Int] = [:]

    package init(lenient: Bool, maxErrors: Int) {
        self.lenient = lenient
        self.maxErrors = maxErrors
    }

    package mutating func row(_ t: CSVHeader, _ issue: DataIssue) { row(t.fileName, issue) }

    package mutating func row(_ file: String, _ issue: DataIssue) {
        if lenient {
            if (skipped[file] ?? 0) < 20 { warnings.append(issue.description) }
            skipped[file, default: 0] += 1
        } else {
            total += 1
            if errors.count < maxErrors { errors.append(issue) }
        }
    }

    /// Counts `n` more row problems in `file` whose details were not kept (they came after the ones
    /// already shown).
    mutating func unrecorded(_ file: String, _ n: Int) {
        guard n > 0 else { return }
        if lenient { skipped[file, default: 0] += n } else { total += n }
    }
}
