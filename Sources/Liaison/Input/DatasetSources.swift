import Foundation

/// How to read a DATASET, whatever its format: the options every reader may use.
public struct DatasetOpenOptions: Sendable {
    /// Skip bad rows, nodes or edges with a warning instead of failing.
    public var lenient = false
    /// Called during long loads (see ``DatasetLoader/Options/progress``).
    public var progress: (@Sendable (LoadProgress) -> Void)?
    /// One layer of a layered edge list (refused by every other source).
    public var layer: String?
    /// Add the links derived from a folder's `encounters.csv` to its referrals.
    public var addEncounters = false
    /// How encounters become shared-patient links.
    public var encounterOptions = SharedPatientOptions()
    /// How dates are written in the files.
    public var dateFormat = DateFormat.iso
    /// A referrals file that replaces the folder's `referrals.csv`, or is the whole dataset.
    public var referrals: URL?
    /// Snapshots of large CSV datasets (see ``DatasetCache``); `nil`: always parse.
    public var cache: DatasetCache?

    /// Creates options.
    public init(lenient: Bool = false, progress: (@Sendable (LoadProgress) -> Void)? = nil, layer: String? = nil,
                addEncounters: Bool = false, encounterOptions: SharedPatientOptions = SharedPatientOptions(),
                dateFormat: DateFormat = .iso, referrals: URL? = nil) {
        self.lenient = lenient
        self.progress = progress
        self.layer = layer
        self.addEncounters = addEncounters
        self.encounterOptions = encounterOptions
        self.dateFormat = dateFormat
        self.referrals = referrals
    }

    /// The options of a folder's ``DatasetLoader``.
    public var loader: DatasetLoader.Options {
        var o = DatasetLoader.Options(lenient: lenient, progress: progress, addEncounters: addEncounters,
                                      encounterOptions: encounterOptions, dateFormat: dateFormat)
        o.cache = cache
        return o
    }

    /// The options of the network-file readers.
    public var network: NetworkFileOptions { NetworkFileOptions(lenient: lenient, layer: layer) }
}

/// One kind of single-file dataset: which files it reads and how. Each module contributes its own
/// (``standard`` here; the DOT reader in LiaisonMaps, the workspace in LiaisonWorkspace), and a
/// program assembles them into ``DatasetSources``.
public struct DatasetFileReader: Sendable {
    /// Extensions it reads, lower case, without the dot.
    public var extensions: [String]
    /// What such a file is, for messages and help.
    public var description: String
    /// Whether `--layer` applies to it.
    public var readsLayers: Bool
    /// Whether it reads a file whatever the file's extension (a workspace is known by its header).
    public var recognises: @Sendable (URL) -> Bool
    /// Reads the file.
    public var load: @Sendable (URL, DatasetOpenOptions) throws(DatasetError) -> Dataset

    /// Creates a reader.
    public init(extensions: [String], description: String, readsLayers: Bool = false,
                recognises: @escaping @Sendable (URL) -> Bool = { _ in false },
                load: @escaping @Sendable (URL, DatasetOpenOptions) throws(DatasetError) -> Dataset) {
        self.extensions = extensions
        self.description = description
        self.readsLayers = readsLayers
        self.recognises = recognises
        self.load = load
    }

    /// A referrals `.csv` alone (Liaison, CMS shared-patient or hop-teaming layout).
    public static let referralsCSV = DatasetFileReader(
        extensions: ["csv"], description: "a referrals file (Liaison, CMS shared-patient or hop-teaming layout)") { url, o throws(DatasetError) in
        try DatasetLoader(options: o.loader).load(folder: nil, referrals: url)
    }

    /// Node-link JSON (networkx, D3).
    public static let nodeLinkJSON = DatasetFileReader(
        extensions: NodeLinkJSONReader.extensions,
        description: "a node-link JSON network (networkx node_link_data or D3 nodes + links)") { url, o throws(DatasetError) in
        try NodeLinkJSONReader(options: o.network).load(url)
    }

    /// GraphML.
    public static let graphML = DatasetFileReader(
        extensions: GraphMLReader.extensions, description: "a GraphML network") { url, o throws(DatasetError) in
        try GraphMLReader(options: o.network).load(url)
    }

    /// Whitespace-separated edge lists, with or without a layer column.
    public static let edgeList = DatasetFileReader(
        extensions: EdgeListReader.extensions,
        description: "a whitespace-separated edge list (from to [weight], or layer from to weight)",
        readsLayers: true) { url, o throws(DatasetError) in
        try EdgeListReader(options: o.network).load(url)
    }
}

/// Opens whatever a user gives as a DATASET: a folder of CSV files (``DatasetLoader``), or one file
/// read by the first reader that recognises it, else by its extension.
///
/// ```swift
/// let sources = DatasetSources.standard + [.dot, .workspace]   // LiaisonMaps, LiaisonWorkspace
/// let dataset = try sources.open(URL(fileURLWithPath: "team.liaison"))
/// ```
public struct DatasetSources: Sendable {
    /// The single-file readers, in the order they are tried.
    public var readers: [DatasetFileReader]

    /// Creates a set of readers.
    public init(_ readers: [DatasetFileReader]) { self.readers = readers }

    /// The readers of this module: referrals CSV, node-link JSON, GraphML, edge lists.
    public static let standard = DatasetSources([.referralsCSV, .nodeLinkJSON, .graphML, .edgeList])

    /// These readers, then `more`.
    public static func + (a: DatasetSources, more: [DatasetFileReader]) -> DatasetSources {
        DatasetSources(a.readers + more)
    }

    /// Extensions of single-file sources and what they are, for messages and help.
    public var fileKinds: [(extensions: [String], description: String)] { readers.map { ($0.extensions, $0.description) } }

    /// Opens `url` (`nil`: only ``DatasetOpenOptions/referrals``). A folder, or a path that does not
    /// exist, is read as a dataset folder; a file by its reader. `options.layer` is refused unless
    /// the file's reader reads layers; `options.referrals` needs a folder or nothing.
    public func open(_ url: URL?, options: DatasetOpenOptions = DatasetOpenOptions()) throws(DatasetError) -> Dataset {
        if let referrals = options.referrals {
            return try DatasetLoader(options: options.loader).load(folder: url, referrals: referrals)
        }
        guard let url else {
            throw DatasetError(issues: [DataIssue(file: "", message: "no dataset: give a folder or a file")])
        }
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir)
        let isFile = exists && !isDir.boolValue
        let ext = url.pathExtension.lowercased()
        let reader = isFile ? readers.first(where: { $0.recognises(url) }) ?? readers.first(where: { $0.extensions.contains(ext) }) : nil
        if !exists {
            throw DatasetError(issues: [DataIssue(file: url.path, message:
                "no such file or folder" + (url.pathExtension.isEmpty ? " (a dataset is a folder holding experts.csv, or one network file)" : ""))])
        }
        if let layer = options.layer, reader?.readsLayers != true {
            let exts = readers.filter(\.readsLayers).flatMap(\.extensions)
            throw DatasetError(issues: [DataIssue(file: url.path, message:
                "--layer \(layer) applies to an edge list with a layer column (.\(exts.joined(separator: ", .")))")])
        }
        if !isFile { return try DatasetLoader(options: options.loader).load(folder: url) }
        guard let reader else {
            let known = fileKinds.map { "\($0.description) (\($0.extensions.map { "." + $0 }.joined(separator: ", ")))" }
            throw DatasetError(issues: [DataIssue(file: url.path, message:
                "not a dataset: give a folder holding experts.csv" + (known.isEmpty ? "" : ", or one of: " + known.joined(separator: "; ")))])
        }
        return try reader.load(url, options)
    }
}
