import Foundation

/// Options shared by the single-file network readers (``EdgeListReader``, ``NodeLinkJSONReader``,
/// ``GraphMLReader``).
public struct NetworkFileOptions: Sendable {
    /// Skip bad rows, nodes or edges with a warning instead of failing.
    public var lenient: Bool
    /// How many errors to collect before stopping.
    public var maxErrors: Int
    /// For an edge list with a layer column: the one layer to read, by name (`advice`, from the
    /// `*_layers.txt` file beside it) or number. `nil` reads every layer, summing weights.
    public var layer: String?

    /// Creates options.
    public init(lenient: Bool = false, maxErrors: Int = 50, layer: String? = nil) {
        self.lenient = lenient
        self.maxErrors = maxErrors
        self.layer = layer
    }
}

/// What network file readers share: nodes become experts, links become referrals.
///
/// - A node's `name` (or `label`, `nodeLabel`, `nodeName`) is the expert's name (else its id);
///   attributes named `specialty`, `institution`, `region`, `npi` and `title` (any case) fill those
///   fields; every other attribute is kept in ``Expert/attributes`` under its own name.
/// - Parallel links of the same pair are summed; links of an undirected graph count both ways;
///   self-loops are dropped with a warning, as in `referrals.csv`.
/// - `npi` values that fail the check digit are warned about, located.
struct NetworkBuilder {
    let file: String
    /// Whether links may name nodes not declared (edge lists without a node file).
    let createsNodes: Bool
    var d: Diagnostics
    private(set) var experts: [Expert] = []
    private var index: [String: Int] = [:]
    private var declaredLine: [String: Int] = [:]
    private var pairIndex: [UInt64: Int] = [:]
    private(set) var referrals: [Referral] = []
    private var selfLoops = 0
    private var npiWarnings: NPI.Warnings
    /// Which file the nodes were declared in (for "unknown node" messages).
    var nodeFile: String

    init(file: String, createsNodes: Bool, options: NetworkFileOptions) {
        self.file = file
        self.createsNodes = createsNodes
        self.nodeFile = file
        d = Diagnostics(lenient: options.lenient, maxErrors: options.maxErrors)
        npiWarnings = NPI.Warnings(file: file)
    }

    /// Lower-cased attribute names that give the expert's name, in order of preference.
    static let nameKeys = ["name", "label", "nodelabel", "nodename"]

    /// Declares a node. Duplicates are errors. `issue` locates a message at the node, `npiIssue`
    /// (when the format knows it) at its `npi` value.
    mutating func addNode(id: String, attributes: [(String, String)], line: Int,
                          issue: (String) -> DataIssue, npiIssue: ((String) -> DataIssue)? = nil) {
        guard !id.isEmpty else { d.row(file, issue("empty node id")); return }
        if let first = declaredLine[id] {
            d.row(file, issue("duplicate node id \(UserText.quoted(id)) (first on line \(first))")); return
        }
        var e = Expert(id: id, name: id)
        var nameRank = Int.max
        for (key, value) in attributes {
            let v = value.trimmingSpaces
            let k = key.lowercased()
            if let r = NetworkBuilder.nameKeys.firstIndex(of: k) {
                if !v.isEmpty, r < nameRank { e.name = v; nameRank = r }
                if k != "name", !v.isEmpty { e.attributes[key] = v }
                continue
            }
            if v.isEmpty { continue }
            switch k {
            case "specialty": e.specialty = v
            case "institution": e.institution = v
            case "region": e.region = v
            case "npi":
                e.npi = v
                if let npiIssue { npiWarnings.check(v, at: npiIssue) } else { npiWarnings.check(v, at: issue) }
            case "title": e.title = v
            default: e.attributes[key] = v
            }
        }
        declaredLine[id] = line
        index[id] = experts.count
        experts.append(e)
    }

    /// The expert index of a link end; creates the node when allowed, else reports it.
    mutating func node(_ id: String, issue: (String) -> DataIssue) -> Int? {
        if id.isEmpty { d.row(file, issue("empty node id")); return nil }
        if let k = index[id] { return k }
        guard createsNodes else {
            d.row(file, issue("unknown node id \(UserText.quoted(id)) (not among the nodes of \(nodeFile))")); return nil
        }
        index[id] = experts.count
        experts.append(Expert(id: id, name: id))
        return experts.count - 1
    }

    /// Whether a node id is known.
    func has(_ id: String) -> Bool { index[id] != nil }

    /// Adds a link of `weight` patients; undirected links count both ways. A pair whose links sum
    /// past ``PatientCount/ceiling`` is reported at the link that crosses it (and the link skipped).
    mutating func addLink(_ a: Int, _ b: Int, weight: Int, directed: Bool, issue: (String) -> DataIssue) {
        if a == b { selfLoops += 1; return }
        let pairs = directed ? [(a, b)] : [(a, b), (b, a)]
        for (x, y) in pairs where PatientCount.sum(pairIndex[key(x, y)].map { referrals[$0].patients } ?? 0, weight) == nil {
            d.row(file, issue("the links \(UserText.quoted(experts[x].id)) → \(UserText.quoted(experts[y].id)) sum to more "
                              + "than \(PatientCount.ceilingText) patients, the most Liaison accepts for one pair "
                              + "(no real referral count comes near it)"))
            return
        }
        for (x, y) in pairs {
            if let k = pairIndex[key(x, y)] {
                referrals[k].patients += weight   // checked above: ≤ PatientCount.ceiling
            } else {
                pairIndex[key(x, y)] = referrals.count
                referrals.append(Referral(source: x, target: y, patients: weight))
            }
        }
    }

    private func key(_ a: Int, _ b: Int) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: a)) << 32 | UInt64(UInt32(truncatingIfNeeded: b))
    }

    /// Parses a link weight: a whole number ≥ 0, written as an integer or a float with no fraction
    /// (`3`, `3.0`, `1e2`). `nil` (reported) otherwise.
    mutating func weight(_ text: String, issue: (String) -> DataIssue) -> Int? {
        let t = text.trimmingSpaces
        var value: Int?
        if let v = Int(t), v >= 0 { value = v }
        else if let x = Double(t), x.isFinite, x >= 0, x < 9.0e15, x.rounded() == x { value = Int(x) }
        if let value, value <= PatientCount.ceiling { return value }
        let why: String
        if value != nil || (Double(t).map { $0.isFinite && $0 > Double(PatientCount.ceiling) } ?? false) {
            why = PatientCount.aboveCeiling
        } else if let x = Double(t), x.isFinite {
            why = x < 0 ? "is negative" : "is not a whole number (Liaison counts links in whole patients)"
        } else {
            why = "is not a number"
        }
        d.row(file, issue("weight \(UserText.quoted(t)) \(why)"))
        return nil
    }

    /// Records a warning as it is.
    mutating func warn(_ message: String) { d.warnings.append(message) }

    /// Reports an error (or, when lenient, a skipped item).
    mutating func error(_ issue: DataIssue) { d.row(file, issue) }

    /// The dataset, or every error found.
    mutating func finish(source: String) throws(DatasetError) -> Dataset {
        if !d.errors.isEmpty { throw DatasetError(issues: d.errors, total: d.total) }
        var warnings = npiWarnings.all
        if selfLoops > 0 {
            warnings.append("\(file): ignored \(selfLoops) self-loop\(selfLoops == 1 ? "" : "s") (source = target)")
        }
        for (f, n) in d.skipped.sorted(by: { $0.key < $1.key }) {
            warnings.append("\(f): skipped \(n) item\(n == 1 ? "" : "s") with errors (--lenient)")
        }
        return Dataset(source: source, experts: experts, referrals: referrals,
                       filesPresent: ["experts.csv", "referrals.csv"], warnings: d.warnings + warnings)
    }
}

/// Byte offsets to 1-based line and character column, for formats parsed from memory.
struct LineIndex {
    private let starts: [Int]
    private let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var s = [0]
        for (k, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { s.append(k + 1) }
        starts = s
    }

    /// Line and column (in characters) of byte `offset`.
    func position(_ offset: Int) -> (line: Int, column: Int) {
        let o = max(0, min(offset, bytes.count))
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        var col = 1
        var k = starts[lo]
        while k < o { if bytes[k] & 0xC0 != 0x80 { col += 1 }; k += 1 }
        return (lo + 1, col)
    }
}

/// Reads a whole file's bytes, checking that they are UTF-8 text (not binary).
func readTextFile(_ url: URL, displayName: String) throws(DataIssue) -> [UInt8] {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
        throw DataIssue(file: displayName, message: "cannot read file: \(error.localizedDescription)")
    }
    return try checkText([UInt8](data), displayName: displayName)
}

/// Drops a UTF-8 byte-order mark and checks that the bytes are UTF-8 text without NUL bytes.
func checkText(_ input: [UInt8], displayName: String) throws(DataIssue) -> [UInt8] {
    var bytes = input
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { bytes.removeFirst(3) }
    if let bad = CSVReader.firstInvalidUTF8(bytes) {
        let (line, col) = CSVReader.position(of: bad, in: bytes)
        throw DataIssue(file: displayName, line: line, column: col, message: String(format8bit: bytes[bad]))
    }
    if let z = bytes.firstIndex(of: 0) {
        let (line, col) = CSVReader.position(of: z, in: bytes)
        throw DataIssue(file: displayName, line: line, column: col, message: "contains a NUL byte: this looks like a binary file")
    }
    return bytes
}
