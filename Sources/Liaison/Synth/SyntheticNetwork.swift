import Foundation

/// The file layout ``SyntheticNetwork`` writes.
public enum SynthFormat: String, Sendable, CaseIterable {
    /// A Liaison dataset folder: `experts.csv`, `institutions.csv`, `referrals.csv` (with a period),
    /// `interactions.csv` and `plan.csv`.
    case liaison
    /// One headerless CMS "Physician Shared Patient Patterns" file, `referrals.csv`:
    /// `npi1,npi2,pair_count,bene_count,same_day_count` with counts padded with spaces.
    case docgraph
}

/// What to generate.
public struct SynthOptions: Sendable, Hashable {
    /// Number of experts (physicians), at least 2.
    public var experts: Int
    /// Random seed: the same seed and size give the same bytes.
    public var seed: UInt64
    /// Output layout.
    public var format: SynthFormat
    /// Mean number of distinct referral links each expert sends.
    public var linksPerExpert: Double

    /// Creates options.
    public init(experts: Int, seed: UInt64 = 1, format: SynthFormat = .liaison, linksPerExpert: Double = 8) {
        self.experts = experts
        self.seed = seed
        self.format = format
        self.linksPerExpert = linksPerExpert
    }
}

/// What was generated.
public struct SynthSummary: Sendable {
    /// Experts written.
    public var experts = 0
    /// Institutions.
    public var institutions = 0
    /// Regions.
    public var regions = 0
    /// Referral links (distinct directed pairs, one row each).
    public var links = 0
    /// Largest referral in-degree.
    public var maxInDegree = 0
    /// Interactions written (Liaison format).
    public var interactions = 0
    /// Plan rows written (Liaison format).
    public var planRows = 0
    /// Files written, by name.
    public var files: [String] = []
    /// Bytes written in all.
    public var bytes = 0
}

/// Deterministic synthetic referral networks for benchmarks and demos.
///
/// The model, chosen to look like national shared-patient data:
/// - **Institutions and regions.** Experts belong to institutions of 40–80 experts; institutions
///   are grouped into regions of 10–40 institutions. Experts, institutions and regions are numbered
///   contiguously, so every "pick someone in my institution / region" is a draw from an index range.
/// - **Heavy-tailed in-degree.** Each expert has a fitness drawn from a Pareto law (exponent 2.5,
///   minimum 1); a referral's target is drawn with probability proportional to fitness within the
///   chosen scope (a prefix-sum array and a binary search), so a few experts receive a large share
///   of referrals, as in preferential attachment.
/// - **Mostly local.** Each link stays in the sender's institution with probability 0.6, in its
///   region with 0.3, and goes anywhere in the country with 0.1.
/// - **Out-degree** 1 + ⌊Exp(mean linksPerExpert − 0.5)⌋ (mean ≈ `linksPerExpert`), distinct targets,
///   no self-links.
/// - **Counts** as CMS publishes them: unique patients (`bene_count`) 11 + a Pareto tail (CMS drops
///   pairs under 11); shared encounters (`pair_count`) ≥ patients; same-day encounters ≤ encounters.
/// - **Liaison format extras.** Every referral row has period `2025` (one year: the network is a
///   snapshot, so `compare` across quarters reports no rank changes); a few liaisons (2–6, by region)
///   have interactions dated 2024-01-01…2025-12-31 (the last 8 quarters before 2026) with the experts of highest
///   fitness, and `plan.csv` plans 1–3 interactions with them for each quarter of 2025. Dates are
///   fixed rather than relative to today so that output is reproducible.
///
/// Rows are written as they are generated (memory: a few arrays of `experts` numbers).
public enum SyntheticNetwork {
    /// The year all referral rows carry, and the last of the 8 quarters of interactions.
    public static let referralYear = 2025

    /// Generates a network into `dir`, atomically: files are written into a temporary folder beside
    /// `dir` that is renamed into place at the end, so a failure leaves no half-written output.
    /// Fails when `dir` exists and is not empty, unless `overwrite`.
    @discardableResult
    public static func write(_ options: SynthOptions, to dir: URL, overwrite: Bool = false,
                             progress: ((Double) -> Void)? = nil) throws(SynthError) -> SynthSummary {
        guard options.experts >= 2 else { throw SynthError("--experts must be at least 2") }
        guard options.experts <= 100_000_000 else { throw SynthError("--experts must be at most 100 000 000") }
        guard options.linksPerExpert >= 1 else { throw SynthError("links per expert must be at least 1") }
        let fm = FileManager.default
        let dir = dir.standardizedFileURL
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: dir.path, isDirectory: &isDir)
        if exists {
            guard isDir.boolValue else { throw SynthError("\(dir.path) exists and is not a folder") }
            let contents = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            if !contents.isEmpty && !overwrite {
                throw SynthError("\(dir.path) is not empty (\(contents.count) item\(contents.count == 1 ? "" : "s")); use --force to replace it")
            }
        }
        let parent = dir.deletingLastPathComponent()
        do { try fm.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw SynthError("cannot create \(parent.path): \(error.localizedDescription)")
        }
        let tag = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let tmp = parent.appendingPathComponent(".\(dir.lastPathComponent).synth-\(tag)")
        do { try fm.createDirectory(at: tmp, withIntermediateDirectories: false) } catch {
            throw SynthError("cannot create \(tmp.path): \(error.localizedDescription)")
        }
        let summary: SynthSummary
        do {
            var g = Generator(options)
            summary = try g.run(into: tmp, progress: progress)
        } catch {
            try? fm.removeItem(at: tmp)
            throw error
        }
        // Move into place.
        if exists {
            let old = parent.appendingPathComponent(".\(dir.lastPathComponent).old-\(tag)")
            do { try fm.moveItem(at: dir, to: old) } catch {
                try? fm.removeItem(at: tmp)
                throw SynthError("cannot replace \(dir.path): \(error.localizedDescription)")
            }
            do { try fm.moveItem(at: tmp, to: dir) } catch {
                try? fm.moveItem(at: old, to: dir)
                try? fm.removeItem(at: tmp)
                throw SynthError("cannot replace \(dir.path): \(error.localizedDescription)")
            }
            try? fm.removeItem(at: old)
        } else {
            do { try fm.moveItem(at: tmp, to: dir) } catch {
                try? fm.removeItem(at: tmp)
                throw SynthError("cannot create \(dir.path): \(error.localizedDescription)")
            }
        }
        return summary
    }

    /// A synthetic but well-formed NPI for expert `i`: 10 digits starting with 1, unique for
    /// `i` < 100 000 000 (an affine permutation of the 8 digits after the 1), with the Luhn check digit
    /// NPIs use (computed with the `80840` prefix).
    public static func npi(_ i: Int) -> String {
        let m = 100_000_000
        var body = m + (i % m * 282_475_249 + 23_456_789) % m
        var d = [UInt8](repeating: 0, count: 10)
        var sum = 24     // Luhn: the prefix 80840 contributes 24
        for k in 0..<9 {                  // from the right; doubled digits are 0, 2, 4, … from the right
            let x = body % 10
            body /= 10
            d[8 - k] = UInt8(48 + x)
            if k % 2 == 0 { let y = x * 2; sum += y > 9 ? y - 9 : y } else { sum += x }
        }
        d[9] = UInt8(48 + (10 - sum % 10) % 10)
        return String(decoding: d, as: UTF8.self)
    }
}

/// The generating state (one run).
private struct Generator {
    let o: SynthOptions
    let n: Int
    var rng: SynthRandom
    var instStart: [Int32] = []        // first expert of each institution (+ sentinel)
    var regionStart: [Int32] = []      // first institution of each region (+ sentinel)
    var instOf: [Int32] = []           // institution of each expert
    var regionOfInst: [Int32] = []
    var cum: [Double] = []             // prefix sums of fitness
    var fitness: [Double] = []

    init(_ o: SynthOptions) {
        self.o = o
        n = o.experts
        rng = SynthRandom(seed: o.seed &* 0x2545_F491_4F6C_DD1D ^ UInt64(o.experts))
    }

    static let firstNames = ["Anna", "James", "Maria", "David", "Sarah", "Michael", "Laura", "Robert", "Emily", "Daniel",
                             "Sophie", "Thomas", "Julia", "Mark", "Elena", "Peter", "Nina", "Paul", "Claire", "Samuel",
                             "Grace", "Lucas", "Hannah", "Omar", "Priya", "Wei", "Fatima", "Carlos", "Ingrid", "Kenji"]
    static let lastNames = ["Smith", "Johnson", "Peeters", "Garcia", "Martin", "Chen", "Patel", "Dubois", "Rossi", "Kim",
                            "Nguyen", "Müller", "Janssens", "Lopez", "Novak", "Walker", "Haddad", "Okafor", "Silva", "Cohen",
                            "Larsen", "Moreau", "Tanaka", "Brown", "Wilson", "Fischer", "Romano", "Costa", "Singh", "Evans"]
    static let specialties = ["Hematology", "Oncology", "Cardiology", "Internal Medicine", "Family Medicine", "Nephrology",
                              "Rheumatology", "Neurology", "Radiology", "General Surgery", "Gastroenterology", "Pulmonology"]
    static let channels = ["in-person", "in-person", "in-person", "in-person", "in-person",
                           "virtual", "virtual", "virtual", "phone", "congress"]
    static let topics = ["treatment guidelines", "clinical trial", "real-world evidence", "safety update",
                         "advisory board", "congress debrief", "patient pathway", "new indication"]

    mutating func run(into dir: URL, progress: ((Double) -> Void)?) throws(SynthError) -> SynthSummary {
        var s = SynthSummary()
        buildStructure()
        s.experts = n
        s.institutions = instStart.count - 1
        s.regions = regionStart.count - 1
        let total = Double(o.format == .liaison ? 3 * n : 2 * n)
        var done = 0.0
        if o.format == .liaison {
            try writeInstitutions(dir, &s)
            try writeExperts(dir, &s) { done = Double($0); progress?(done / total) }
        }
        let base = done
        try writeReferrals(dir, &s) { progress?((base + 2 * Double($0)) / total) }
        if o.format == .liaison {
            try writeInteractionsAndPlan(dir, &s)
        }
        progress?(1)
        return s
    }

    /// Institutions, regions and fitness.
    mutating func buildStructure() {
        instStart = [0]
        instOf = [Int32](repeating: 0, count: n)
        var e = 0
        while e < n {
            var size = 40 + rng.below(41)
            if n - e - size < 20 { size = n - e }           // no tiny last institution
            let k = Int32(instStart.count - 1)
            for i in e..<min(n, e + size) { instOf[i] = k }
            e = min(n, e + size)
            instStart.append(Int32(e))
        }
        let institutions = instStart.count - 1
        regionStart = [0]
        regionOfInst = [Int32](repeating: 0, count: institutions)
        var i = 0
        while i < institutions {
            var size = 10 + rng.below(31)
            if institutions - i - size < 5 { size = institutions - i }
            let r = Int32(regionStart.count - 1)
            for k in i..<min(institutions, i + size) { regionOfInst[k] = r }
            i = min(institutions, i + size)
            regionStart.append(Int32(i))
        }
        fitness = [Double](repeating: 0, count: n)
        cum = [Double](repeating: 0, count: n + 1)
        for v in 0..<n {
            let f = pow(rng.open(), -1 / 1.5)             // Pareto, exponent 2.5, minimum 1
            fitness[v] = f
            cum[v + 1] = cum[v] + f
        }
    }

    /// A fitness-weighted draw in `lo..<hi`.
    @inline(__always)
    mutating func pick(_ lo: Int, _ hi: Int) -> Int {
        let x = cum[lo] + rng.unit() * (cum[hi] - cum[lo])
        var a = lo, b = hi - 1                             // largest i in lo..<hi with cum[i] <= x
        while a < b {
            let m = (a + b + 1) >> 1
            if cum[m] <= x { a = m } else { b = m - 1 }
        }
        return a
    }

    func expertID(_ v: Int) -> String { "E" + String(v + 1).leftPadded(to: max(6, String(n).count)) }
    func institutionID(_ k: Int) -> String { "H" + String(k + 1).leftPadded(to: 5) }
    func regionName(_ r: Int) -> String { "Region " + String(r + 1).leftPadded(to: 3) }

    func writeInstitutions(_ dir: URL, _ s: inout SynthSummary) throws(SynthError) {
        let w = try SynthWriter(path: dir.appendingPathComponent("institutions.csv").path)
        w.text("id,name,kind,city,region")
        try w.newline()
        for k in 0..<(instStart.count - 1) {
            let r = Int(regionOfInst[k])
            let kind = k % 10 == 0 ? "university hospital" : (k % 3 == 0 ? "clinic" : "general hospital")
            let city = "City \(r + 1)-\(k % 7 + 1)"
            w.text(institutionID(k)); w.comma()
            w.field(kind == "university hospital" ? "University Hospital \(city)" :
                    kind == "clinic" ? "\(Generator.lastNames[k % Generator.lastNames.count]) Clinic \(city)" : "General Hospital \(city) \(k + 1)")
            w.comma(); w.text(kind); w.comma(); w.text(city); w.comma(); w.text(regionName(r))
            try w.newline()
        }
        try w.finish()
        s.files.append("institutions.csv")
        s.bytes += w.bytesWritten
    }

    mutating func writeExperts(_ dir: URL, _ s: inout SynthSummary, progress: (Int) -> Void) throws(SynthError) {
        let w = try SynthWriter(path: dir.appendingPathComponent("experts.csv").path)
        w.text("id,name,title,specialty,institution,region,npi")
        try w.newline()
        for v in 0..<n {
            let k = Int(instOf[v])
            let first = Generator.firstNames[rng.below(Generator.firstNames.count)]
            let last = Generator.lastNames[rng.below(Generator.lastNames.count)]
            let title = fitness[v] > 20 ? "Prof. Dr." : "Dr."
            let spec = Generator.specialties[(k + rng.below(3)) % Generator.specialties.count]
            w.text(expertID(v)); w.comma()
            w.text(first); w.byte(UInt8(ascii: " ")); w.text(last); w.comma()
            w.text(title); w.comma(); w.text(spec); w.comma()
            w.text(institutionID(k)); w.comma(); w.text(regionName(Int(regionOfInst[k]))); w.comma()
            w.text(SyntheticNetwork.npi(v))
            try w.newline()
            if v & 0xFFFF == 0 { progress(v) }
        }
        try w.finish()
        progress(n)
        s.files.append("experts.csv")
        s.bytes += w.bytesWritten
    }

    mutating func writeReferrals(_ dir: URL, _ s: inout SynthSummary, progress: (Int) -> Void) throws(SynthError) {
        let w = try SynthWriter(path: dir.appendingPathComponent("referrals.csv").path)
        let liaison = o.format == .liaison
        if liaison { w.text("source,target,patients,period"); try w.newline() }
        // NPIs are formatted once (docgraph) or ids are (liaison): 11 bytes each.
        var ids: [UInt8] = []
        var idLen = 0
        do {
            idLen = liaison ? expertID(0).utf8.count : 10
            ids.reserveCapacity(n * idLen)
            for v in 0..<n { ids.append(contentsOf: (liaison ? expertID(v) : SyntheticNetwork.npi(v)).utf8) }
        }
        var inDegree = [Int32](repeating: 0, count: n)
        var chosen: [Int] = []
        let mean = o.linksPerExpert - 0.5
        let year = String(SyntheticNetwork.referralYear)
        var links = 0
        for v in 0..<n {
            let k = Int(instOf[v])
            let r = Int(regionOfInst[k])
            let iLo = Int(instStart[k]), iHi = Int(instStart[k + 1])
            let rLo = Int(instStart[Int(regionStart[r])]), rHi = Int(instStart[Int(regionStart[r + 1])])
            let want = min(n - 1, 1 + Int(-log(rng.open()) * mean))
            chosen.removeAll(keepingCapacity: true)
            var attempts = 0
            while chosen.count < want && attempts < 4 * want + 8 {
                attempts += 1
                let u = rng.unit()
                let t: Int
                if u < 0.6 && iHi - iLo > 1 { t = pick(iLo, iHi) }
                else if u < 0.9 && rHi - rLo > 1 { t = pick(rLo, rHi) }
                else { t = pick(0, n) }
                if t == v || chosen.contains(t) { continue }
                chosen.append(t)
            }
            for t in chosen {
                // Counts: unique patients ≥ 11 with a Pareto tail; encounters ≥ patients; same-day ≤ encounters.
                let patients = 11 + Int(8 * (pow(rng.open(), -1 / 1.8) - 1))
                let pairs = patients + Int(Double(patients) * 2.5 * rng.unit())
                let sameDay = Int(Double(pairs) * 0.3 * rng.unit())
                ids.withUnsafeBufferPointer { p in
                    for q in (v * idLen)..<((v + 1) * idLen) { w.byte(p[q]) }
                    w.comma()
                    for q in (t * idLen)..<((t + 1) * idLen) { w.byte(p[q]) }
                }
                w.comma()
                if liaison {
                    w.int(patients); w.comma(); w.text(year)
                } else {
                    w.int(pairs, width: 10); w.comma(); w.int(patients, width: 10); w.comma(); w.int(sameDay)
                }
                try w.newline()
                inDegree[t] += 1
                links += 1
            }
            if v & 0xFFFF == 0 { progress(v) }
        }
        try w.finish()
        progress(n)
        s.links = links
        s.maxInDegree = Int(inDegree.max() ?? 0)
        s.files.append("referrals.csv")
        s.bytes += w.bytesWritten
    }

    mutating func writeInteractionsAndPlan(_ dir: URL, _ s: inout SynthSummary) throws(SynthError) {
        let regions = regionStart.count - 1
        let liaisons = min(6, max(2, regions))
        let liaisonNames = (0..<liaisons).map { "\(Generator.firstNames[(7 * $0 + 3) % Generator.firstNames.count]) \(Generator.lastNames[(11 * $0 + 5) % Generator.lastNames.count])" }
        // The team works with the experts of highest fitness: about 150 per liaison.
        let targets = min(n, 150 * liaisons)
        let order = (0..<n).sorted { fitness[$0] != fitness[$1] ? fitness[$0] > fitness[$1] : $0 < $1 }.prefix(targets).sorted()
        guard let firstDay = Day(year: SyntheticNetwork.referralYear - 1, month: 1, day: 1),
              let lastDay = Day(year: SyntheticNetwork.referralYear, month: 12, day: 31) else { return }
        struct Row { var day: Int; var expert: Int; var liaison: Int; var channel: Int; var topic: Int; var minutes: Int }
        var rows: [Row] = []
        for v in order {
            let r = Int(regionOfInst[Int(instOf[v])])
            let count = rng.below(7)                         // 0–6: some key experts are never seen
            for _ in 0..<count {
                let day = firstDay.ordinal + rng.below(lastDay.ordinal - firstDay.ordinal + 1)
                let channel = rng.below(Generator.channels.count)
                let minutes = rng.below(4) == 0 ? 0 : 15 * (1 + rng.below(6))
                rows.append(Row(day: day, expert: v, liaison: r % liaisons, channel: channel,
                                topic: rng.below(Generator.topics.count), minutes: minutes))
            }
        }
        rows.sort { ($0.day, $0.expert, $0.channel) < ($1.day, $1.expert, $1.channel) }
        let w = try SynthWriter(path: dir.appendingPathComponent("interactions.csv").path)
        w.text("id,date,expert,liaison,channel,topic,duration_minutes")
        try w.newline()
        for (k, x) in rows.enumerated() {
            w.byte(UInt8(ascii: "I")); w.int(k + 1, width: 6, zeroPad: true); w.comma()
            w.text(Day(ordinal: x.day).description); w.comma()
            w.text(expertID(x.expert)); w.comma()
            w.text(liaisonNames[x.liaison]); w.comma()
            w.text(Generator.channels[x.channel]); w.comma()
            w.text(Generator.topics[x.topic]); w.comma()
            if x.minutes > 0 { w.int(x.minutes) }
            try w.newline()
        }
        try w.finish()
        s.interactions = rows.count
        s.files.append("interactions.csv")
        s.bytes += w.bytesWritten

        let p = try SynthWriter(path: dir.appendingPathComponent("plan.csv").path)
        p.text("expert,period,planned")
        try p.newline()
        var planRows = 0
        for v in order {
            let base = fitness[v] > 20 ? 2 : 1
            for q in 1...4 {
                p.text(expertID(v)); p.comma()
                p.text("\(SyntheticNetwork.referralYear)Q\(q)"); p.comma()
                p.int(base + rng.below(2))
                try p.newline()
                planRows += 1
            }
        }
        try p.finish()
        s.planRows = planRows
        s.files.append("plan.csv")
        s.bytes += p.bytesWritten
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
