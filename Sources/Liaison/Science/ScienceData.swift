import Foundation

/// The scientific layer of a dataset: publications and clinical trials, and who among the experts
/// wrote or ran them. Empty unless the dataset folder has `publications/` or `trials/`.
public struct ScienceData: Sendable {
    /// Publications, each PMID once (the first file read, in name order, wins).
    public var publications: [Publication] = [] { didSet { standingMemo = StandingMemo() } }
    /// Trials, each NCT id once.
    public var trials: [Trial] = [] { didSet { standingMemo = StandingMemo() } }
    /// Every author and investigator, decided (``ExpertMatcher``).
    public var matches: [PersonMatch] = [] { didSet { standingMemo = StandingMemo() } }
    /// The standing computed from these records (``ScientificStanding/of(_:)``); a new, empty memo
    /// whenever publications, trials or matches change.
    var standingMemo = StandingMemo()
    /// Records read more than once (same PMID or NCT id) and counted once.
    public var duplicatePublications = 0
    /// Trials read more than once.
    public var duplicateTrials = 0
    /// Collaborations derived from co-authorship and co-investigation that were added to the
    /// dataset's collaborations (ties `collaborations.csv` already had are not added twice).
    public var derivedCollaborations = 0
    /// Share of the composite influence that comes from scientific standing (see
    /// ``ScientificInfluence``); `--science-weight`.
    public var influenceShare = ScientificInfluence.defaultShare

    /// Creates an empty layer.
    public init() {}

    /// Whether the dataset has no publications and no trials (then every figure is as without the layer).
    public var isEmpty: Bool { publications.isEmpty && trials.isEmpty }

    /// The data's date for "recent" counts: the latest interaction or publication date.
    public func referenceDay(_ d: Dataset) -> Day? {
        let lastInteraction = d.interactions.map(\.date).max()
        let lastPublication = publications.compactMap { $0.date?.firstDay }.max()
        switch (lastInteraction, lastPublication) {
        case let (a?, b?): return max(a, b)
        case let (a, b): return a ?? b
        }
    }
}

/// The last ``ScientificStanding`` computed from one ``ScienceData``, with the data's year and the
/// number of experts it was computed for. Shared by copies of the data (a class), replaced when its
/// records change.
final class StandingMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: (year: Int?, experts: Int, standing: ScientificStanding)?

    /// The kept standing when it was computed for `year` and `experts`, else `make()`, kept.
    func standing(year: Int?, experts: Int, _ make: () -> ScientificStanding) -> ScientificStanding {
        lock.lock()
        defer { lock.unlock() }
        if let k = kept, k.year == year, k.experts == experts { return k.standing }
        let s = make()
        kept = (year, experts, s)
        return s
    }
}

/// Reads `publications/` and `trials/` of a dataset folder into its ``ScienceData``, matches people
/// to experts and adds the derived collaborations.
///
/// - `publications/`: PubMed MEDLINE text (`.txt`, `.nbib`, `.medline`) and PubMed XML (`.xml`);
/// - `trials/`: ClinicalTrials.gov API v2 JSON (`.json`).
///
/// Files are read in name order; other files are ignored with a warning, hidden files silently.
/// With `lenient`, a file with errors is skipped with a warning; otherwise its errors fail the load.
public enum ScienceLoader {
    /// Folder names in a dataset.
    public static let publicationsFolder = "publications", trialsFolder = "trials"

    /// `d` with the science layer of `folder` attached (unchanged when the folder has neither subfolder).
    public static func attaching(to d: Dataset, folder: URL?, lenient: Bool) throws(DatasetError) -> Dataset {
        guard let folder else { return d }
        return try attach(read(folder: folder, lenient: lenient), to: d)
    }

    /// What `publications/` and `trials/` hold, read and not yet matched to experts: reading needs
    /// none of the dataset's tables, so ``DatasetLoader`` reads it while the tables load.
    struct Files: Sendable {
        var science = ScienceData()
        /// Subfolders present (`publications/`, `trials/`), for ``Dataset/filesPresent``.
        var present: [String] = []
        /// Ignored and skipped files, in reading order.
        var warnings: [String] = []
        /// Errors of the files (none with `lenient`), and how many there were in all.
        var issues: [DataIssue] = []
        var total = 0
    }

    /// Reads the science folders of `folder`, in name order; never throws — errors are kept in
    /// ``Files/issues`` and thrown by ``attach(_:to:)``.
    static func read(folder: URL, lenient: Bool) -> Files {
        var out = Files()
        var seenPMID = Set<String>(), seenNCT = Set<String>()
        func files(_ sub: String) -> [URL]? {
            let dir = folder.appendingPathComponent(sub)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { return nil }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
        }
        func fail(_ e: DatasetError, _ name: String) {
            if lenient {
                out.warnings.append(contentsOf: e.issues.prefix(5).map(\.description))
                out.warnings.append("\(name): skipped (errors above; --lenient)")
            } else {
                out.issues += e.issues
                out.total += e.total
            }
        }
        if let list = files(publicationsFolder) {
            out.present.append(publicationsFolder + "/")
            for url in list {
                let ext = url.pathExtension.lowercased()
                let isXML = PubMedXMLReader.extensions.contains(ext), isText = MedlineReader.extensions.contains(ext)
                guard isXML || isText else {
                    out.warnings.append("\(url.path): ignored (publications/ reads PubMed .xml, .txt, .nbib, .medline)")
                    continue
                }
                do throws(DatasetError) {
                    let bytes: [UInt8]
                    do throws(DataIssue) { bytes = try readBytes(url) } catch { throw DatasetError(issues: [error]) }
                    let pubs = isXML ? try PubMedXMLReader.read(bytes: bytes, fileName: url.path)
                        : try MedlineReader.read(bytes: bytes, fileName: url.path)
                    for p in pubs {
                        if seenPMID.insert(p.pmid).inserted { out.science.publications.append(p) } else { out.science.duplicatePublications += 1 }
                    }
                } catch { fail(error, url.path) }
            }
        }
        if let list = files(trialsFolder) {
            out.present.append(trialsFolder + "/")
            for url in list {
                guard ClinicalTrialsReader.extensions.contains(url.pathExtension.lowercased()) else {
                    out.warnings.append("\(url.path): ignored (trials/ reads ClinicalTrials.gov .json)")
                    continue
                }
                do throws(DatasetError) {
                    let bytes: [UInt8]
                    do throws(DataIssue) { bytes = try readBytes(url) } catch { throw DatasetError(issues: [error]) }
                    for t in try ClinicalTrialsReader.read(bytes: bytes, fileName: url.path) {
                        if seenNCT.insert(t.nctId).inserted { out.science.trials.append(t) } else { out.science.duplicateTrials += 1 }
                    }
                } catch { fail(error, url.path) }
            }
        }
        return out
    }

    /// `d` with the read science layer: its errors thrown (the first 50), or its people matched to
    /// `d`'s experts and the derived collaborations added.
    static func attach(_ files: Files, to d: Dataset) throws(DatasetError) -> Dataset {
        var out = d
        for p in files.present { out.filesPresent.insert(p) }
        out.warnings += files.warnings
        if !files.issues.isEmpty { throw DatasetError(issues: Array(files.issues.prefix(50)), total: files.total) }
        var science = files.science
        guard !science.isEmpty else { return out }
        science.matches = ExpertMatcher(out).matchAll(publications: science.publications, trials: science.trials)
        let derived = ScientificTies.derive(out, science)
        science.derivedCollaborations = derived.count
        out.collaborations += derived
        out.science = science
        return out
    }

    static func readBytes(_ url: URL) throws(DataIssue) -> [UInt8] {
        do { return [UInt8](try Data(contentsOf: url)) } catch {
            throw DataIssue(file: url.path, message: "cannot read file: \(error.localizedDescription)")
        }
    }
}

/// Co-authorship and co-investigation among matched experts, as collaborations.
public enum ScientificTies {
    /// One tie per pair of experts matched on one publication (`co-author`) or one trial
    /// (`co-investigator`), weight = the number of shared records; sorted by kind, then ids. A tie
    /// of the same kind between the same two experts already in `d.collaborations` (from
    /// `collaborations.csv`) is kept as the file gives it and not added again.
    public static func derive(_ d: Dataset, _ s: ScienceData) -> [Collaboration] {
        var existing = Set<String>()
        for c in d.collaborations { existing.insert(key(min(c.a, c.b), max(c.a, c.b), c.kind)) }
        var out: [Collaboration] = []
        for (source, kind) in [(PersonMatch.Source.publication, "co-author"), (.trial, "co-investigator")] {
            var byRecord: [Int: Set<Int>] = [:]
            for m in s.matches where m.source == source && m.status == .matched {
                if let v = m.expert { byRecord[m.record, default: []].insert(v) }
            }
            var weight: [Pair: Int] = [:]
            for (_, experts) in byRecord {
                let e = experts.sorted()
                for i in e.indices { for j in (i + 1)..<e.count { weight[Pair(a: e[i], b: e[j]), default: 0] += 1 } }
            }
            let ids = d.experts.map(\.id)
            for (p, w) in weight.sorted(by: { (ids[$0.key.a], ids[$0.key.b]) < (ids[$1.key.a], ids[$1.key.b]) })
            where !existing.contains(key(p.a, p.b, kind)) {
                let (a, b) = ids[p.a] < ids[p.b] ? (p.a, p.b) : (p.b, p.a)
                out.append(Collaboration(a: a, b: b, kind: kind, weight: Double(w)))
            }
        }
        return out
    }

    struct Pair: Hashable { var a: Int, b: Int }

    static func key(_ a: Int, _ b: Int, _ kind: String) -> String { "\(a)-\(b)-\(kind.lowercased())" }
}
