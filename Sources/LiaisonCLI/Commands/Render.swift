import ArgumentParser
import Foundation
import Liaison
import LiaisonMaps

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the referral network through Graphviz (SVG, PNG, PDF or DOT).",
        discussion: """
        Node area grows with influence, fill colour shows tier (or region, institution, coverage), line width \
        grows with patients, arrows point from referrer to receiver, the most influential experts are labelled \
        and every node has a tooltip. In SVG each expert's <g> has id = expert id. By default the 150 most \
        influential experts and the links among them are drawn; the map's legend and stderr say what was left \
        out. The layout is chosen by size unless --layout is given: neato up to 60 experts, sfdp above, fdp \
        with --cluster (only dot and fdp draw boxes).

        --compare FROM TO writes three maps with one shared layout, so every expert stays in the same place: \
        OUT (what changed), and OUT with .FROM and .TO before the extension (each quarter's referral links, \
        coloured by that quarter's coverage). --positions-from FILE.gv draws the map at the positions of an \
        earlier `render --format dot` output.

        --trips draws the field trips of a quarter (as liaison trips makes them; --liaison for one \
        liaison): each institution at its lat/lon from institutions.csv (Graphviz neato -n), labelled \
        with the days it is visited, the liaison's home, each day's route and a scale bar.

        Examples:
          liaison render --out map.svg
          liaison render --all --layout neato --format png --out map.png
          liaison render --focus E085 --depth 2 --out e085.svg
          liaison render --color-by coverage --quarter 2026Q3 --out coverage.svg
          liaison render --compare 2026Q2 2026Q3 --out change.svg
          liaison render --cluster institution --out hospitals.svg
          liaison render --out base.gv
          liaison render --period 2026Q3 --positions-from base.gv --out q3.svg
          liaison render --trips --liaison "Sofie Peeters" --out trips.png
        """
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(name: .shortAndLong, help: "Output file.")
    var out: String

    @Option(help: "Output format: \(MapFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: from the --out file's extension).")
    var format: String?

    @Option(help: "Graphviz layout: \(MapLayout.allCases.map(\.rawValue).joined(separator: ", ")) (default: chosen by size).")
    var layout: String?

    @Option(help: ArgumentHelp("Draw experts inside boxes of their institution or region (dot or fdp layout).", valueName: "institution|region"))
    var cluster: String?

    @Option(name: .customLong("positions-from"), help: ArgumentHelp(
        "Put every expert where a laid-out DOT file (render --format dot) has them.", valueName: "file.gv"))
    var positionsFrom: String?

    @Option(parsing: .unconditional, help: "Draw the N most influential experts.")
    var top: Int?

    @Flag(help: "Draw every expert.")
    var all = false

    @Option(help: "Draw the neighbourhood of this expert: an id (any case) or a name.")
    var focus: String?

    @Option(parsing: .unconditional, help: "Neighbourhood radius in referral hops (with --focus).")
    var depth: Int = 1

    @Option(name: .customLong("color-by"), help: "Node colour: \(MapColoring.allCases.map(\.rawValue).joined(separator: ", ")).")
    var colorBy: String = MapColoring.tier.rawValue

    @Option(parsing: .unconditional, help: "How many of the most influential drawn experts get a name label.")
    var labels: Int = 25

    @Option(name: .customLong("min-link"), parsing: .unconditional, help: ArgumentHelp(
        "Draw only links with at least N patients; 0 draws every link. Default: on a map with more than 2.5 links per expert, the strongest 2.5 per expert (DOT output: every link).",
        valueName: "N"))
    var minLink: Int?

    @Option(help: "Use only referrals of this period for scores and links.")
    var period: String?

    @Option(name: [.customLong("quarter")], help: "Quarter of --color-by coverage (default: the latest with interactions) or of --trips (default: the next).")
    var quarter: String?

    @Option(name: .customLong("compare"), parsing: .upToNextOption,
            help: ArgumentHelp("Colour what changed between two periods: gained, lost, still reached, still missed.", valueName: "from to"))
    var compare: [String] = []

    @OptionGroup var filters: CoverageFilterOptions

    @Flag(help: "Draw the field trips of a quarter (see liaison trips) at the institutions' lat/lon.")
    var trips = false

    @OptionGroup var trip: TripOptions
    @OptionGroup var capacity: CapacityOptions

    @Flag(help: "Lay out a map above the layout engine's size limit (it may take very long).")
    var force = false

    func validate() throws {
        if all && top != nil { throw ValidationError("give either --top or --all, not both") }
        try OptionRange.check(top, "--top", OptionRange.rows)
        try OptionRange.check(depth, "--depth", 0...Int.max, unit: "hops")
        try OptionRange.check(labels, "--labels", 0...Int.max)
        try OptionRange.check(minLink, "--min-link", 0...PatientCount.ceiling, unit: "patients")
        if !compare.isEmpty && compare.count != 2 {
            throw ValidationError("--compare takes two periods: --compare FROM TO")
        }
        if let cluster, MapClustering.parse(cluster) == nil {
            throw ValidationError("unknown --cluster \(UserText.quoted(cluster)); valid: " + MapClustering.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if trips && (!compare.isEmpty || focus != nil || cluster != nil || positionsFrom != nil) {
            throw ValidationError("--trips draws its own map; leave out --compare, --focus, --cluster and --positions-from")
        }
        if out == "-" && !compare.isEmpty {
            throw ValidationError("--compare writes three maps: give --out a file name, not -")
        }
        if positionsFrom != nil && !compare.isEmpty {
            throw ValidationError("--compare makes its own shared layout; give either --compare or --positions-from")
        }
        do {
            if let layout { _ = try MapLayout.parse(layout) }
            _ = try MapColoring.parse(colorBy)
            if let format { _ = try MapFormat.parse(format) }
        } catch { throw ValidationError(String(describing: error)) }
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let started = Date()
            let requestedLayout = try self.layout.map(MapLayout.parse)
            let format = try outputFormat()
            var coloring = try MapColoring.parse(colorBy)
            try data.refuseOverwritingInputs(out, extra: [positionsFrom, trip.plan, capacity.liaisons])
            for q in compare {
                if let p = try? parsePeriod(q, option: "--compare", fiscalYearStart: data.fiscalYearStart) {
                    try data.refuseOverwritingInputs(Self.sibling(of: out, suffix: p.label))
                }
            }
            let d = try data.load()
            if trips { return try drawTrips(d, format: format, started: started) }
            let p = try data.period(period, option: "--period")
            // The map's size is known before its measures when it is not a neighbourhood: refuse early.
            if !force, focus == nil, positionsFrom == nil {
                let count = all ? d.experts.count : min(top ?? 150, d.experts.count)
                var early = requestedLayout ?? NetworkMap.suggestedLayout(experts: count, clustered: cluster != nil)
                if cluster != nil, early != .dot, early != .fdp { early = .fdp }
                if let why = LayoutBudget.refusal(early, experts: count) { throw CLIError(why) }
            }
            let scores = try KeyExperts.compute(d, period: p, measures: NetworkMap.measures)

            var focusID: String?
            if let focus {
                let found = d.lookUpExpert(focus)
                guard case .found(let v) = found else { throw CLIError("--focus: " + (found.problem(focus, in: d) ?? "")) }
                focusID = d.experts[v].id
            }
            var options = MapOptions(top: all ? nil : (top ?? 150), focus: focusID, depth: depth, colorBy: coloring,
                                     labelTop: labels, period: p)
            // DOT output is data as much as drawing (read back by rank, or as positions): every link.
            options.minLinkPatients = minLink.map(Double.init) ?? (format == .dot ? 0 : nil)
            options.minCell = privacy.minCell
            options.undirected = data.undirected
            options.cluster = cluster.flatMap(MapClustering.parse)
            var notes = [String]()
            /// Extra maps of a comparison: (file, options).
            var periodMaps = [(String, MapOptions)]()
            var comparedPeriods = [Period]()
            if !compare.isEmpty || coloring == .coverage {
                guard d.filesPresent.contains("interactions.csv") else {
                    throw CLIError("coverage colours need interactions.csv in the dataset")
                }
                let base = try filters.options(for: d, fiscalYearStart: data.fiscalYearStart)
                if !compare.isEmpty {
                    let from = try parsePeriod(compare[0], option: "--compare FROM", fiscalYearStart: data.fiscalYearStart)
                    let to = try parsePeriod(compare[1], option: "--compare TO", fiscalYearStart: data.fiscalYearStart)
                    let o = try coverageWindow(d, period: to, asOf: .automatic, data: data).applied(to: base)
                    let c = try CoverageComparison(d, from: from, to: to, options: o)
                    options.overlay = MapOverlays.comparison(c, experts: d.experts.count)
                    options.title = "\(datasetTitle(d)) — what changed from \(from.label) to \(to.label)"
                    coloring = .coverage
                    comparedPeriods = [from, to]
                    for q in [from, to] {
                        var qo = options
                        qo.overlay = MapOverlays.coverage(try CoverageReport.analyze(d, period: q, options: o))
                        qo.title = "\(datasetTitle(d)) — \(q.label): referrals and coverage"
                        // Each quarter's own links, where referrals carry periods.
                        if d.hasLinks(in: q) { qo.period = q }
                        periodMaps.append((Self.sibling(of: out, suffix: q.label), qo))
                    }
                } else {
                    let w = try coverageWindow(d, period: try data.period(quarter, option: "--quarter"), asOf: .automatic, data: data)
                    let r = try CoverageReport.analyze(d, period: w.period, options: w.applied(to: base))
                    options.overlay = MapOverlays.coverage(r)
                    options.title = "\(datasetTitle(d)) — coverage \(w.period.label)" + (w.asOf.map { " (as of \($0))" } ?? "")
                }
            }
            let selection = try NetworkMap.select(d, scores: scores, options: options)
            let doc = NetworkMap.document(d, scores: scores, selection: selection, options: options)

            // The layout: by size unless given; clusters need dot or fdp.
            var layout = requestedLayout ?? NetworkMap.suggestedLayout(experts: selection.experts.count,
                                                                       clustered: options.cluster != nil)
            if options.cluster != nil, layout != .dot, layout != .fdp {
                notes.append("only the dot and fdp layouts draw --cluster boxes: using fdp instead of \(layout)")
                layout = .fdp
            }
            // Boxes: each laid out on its own, then arranged without overlaps (fdp's own clusters
            // overlap on dense networks); dot draws its clusters itself.
            let clusteredByBlocks = !doc.clusters.isEmpty && layout != .dot

            // Layouts cannot be interrupted: refuse a size the engine would take too long on, say a slow one.
            if positionsFrom == nil {
                let drawn = selection.experts.count
                if !force, let why = LayoutBudget.refusal(layout, experts: drawn) { throw CLIError(why) }
                if !data.quiet, let note = LayoutBudget.warning(layout, experts: drawn) { Console.warn("note: \(note)") }
            }

            var positions: MapPositions?
            if let positionsFrom {
                let text: String
                do { text = try String(contentsOfFile: positionsFrom, encoding: .utf8) } catch {
                    throw CLIError("cannot read \(positionsFrom): \(error.localizedDescription)")
                }
                do { positions = try MapPositions.read(dot: text, fileName: positionsFrom) } catch {
                    throw CLIError("\(positionsFrom): not a laid-out DOT file: \(error)")
                }
                if positions?.points.isEmpty ?? true { throw CLIError("\(positionsFrom) has no node positions (pos); write it with render --format dot") }
            } else if !comparedPeriods.isEmpty {
                positions = try NetworkMap.baseLayout(d, scores: scores, options: options,
                                                      periods: comparedPeriods.map { Optional($0) } + [p], layout: layout)
            } else if clusteredByBlocks {
                positions = try GraphvizRenderer.clusteredLayoutPositions(doc, layout: layout)
            }

            var outputs = [(String, MapRendering, MapSelection)]()
            func draw(_ doc: MapDocument) throws -> MapRendering {
                if let positions { return try GraphvizRenderer.renderWithWarnings(doc, positions: positions, format: format) }
                return try GraphvizRenderer.renderWithWarnings(doc, layout: layout, format: format)
            }
            outputs.append((out, try draw(doc), selection))
            for (file, o) in periodMaps {
                let sel = try NetworkMap.select(d, scores: scores, options: o)
                outputs.append((file, try draw(NetworkMap.document(d, scores: scores, selection: sel, options: o)), sel))
            }
            for (file, rendering, _) in outputs { try writeMap([UInt8](rendering.data), to: file, format: format) }
            if !data.quiet {
                for n in notes { Console.warn("note: \(n)") }
                for w in Set(outputs.flatMap { $0.1.warnings }).sorted() { Console.warn("note: \(w)") }
                let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                let how: String
                if let positionsFrom { how = "positions from \(positionsFrom)" }
                else if clusteredByBlocks { how = "boxes arranged by \(layout.rawValue), each laid out by neato" }
                else if outputs.count > 1 { how = "shared \(layout.rawValue) layout" }
                else { how = "\(layout.rawValue) layout" }
                for (file, _, sel) in outputs {
                    var msg = "wrote \(file) (\(format.rawValue), \(how)): \(sel.experts.count) of \(sel.totalExperts) experts, \(sel.links.count) links"
                    if sel.hiddenLinks > 0 {
                        msg += " (\(sel.hiddenLinks) weaker links, under \(Int(sel.linkThreshold)) patients, not drawn; --min-link 0 draws them)"
                    }
                    if sel.experts.count < sel.totalExperts && focus == nil {
                        msg += "; the \(sel.totalExperts - sel.experts.count) less influential experts are left out (--all draws everyone)"
                    }
                    if let all = sel.neighbourhoodSize, all > sel.experts.count {
                        msg += "; \(all - sel.experts.count) of the \(all) experts within \(depth) hops are left out (--top \(all) draws them)"
                    }
                    Console.warn(msg)
                }
                if outputs.count > 1 { Console.warn("the \(outputs.count) maps share one layout: every expert is in the same place on each") }
                Console.warn("took \(seconds) s")
            }
        }
    }

    /// The output format: `--format`, else the one `--out`'s extension names; a mismatch between the
    /// two, or a file name that names no format, is a usage error (never SVG bytes in a .jpg file).
    func outputFormat() throws -> MapFormat {
        let byName = MapFormat.forFile(out)
        let extensions = MapFormat.allCases.flatMap { $0.fileExtensions.map { "." + $0 } }.joined(separator: ", ")
        if let text = format {
            let f = try MapFormat.parse(text)
            if let byName, byName != f {
                throw ValidationError("--out \(out) names a \(byName.rawValue) file but --format is \(f.rawValue): give a matching extension")
            }
            return f
        }
        guard let byName else {
            throw ValidationError("cannot tell the format of --out \(out): end it in \(extensions), or give --format")
        }
        return byName
    }

    /// Writes one map by ``OutputFile``'s rule; `-` is standard output, except for PNG or PDF bytes
    /// when standard output is a terminal.
    func writeMap(_ bytes: [UInt8], to path: String, format: MapFormat) throws {
        let binary = format == .png || format == .pdf
        try writeOutput(bytes, to: path, standardOutput: binary && isatty(1) != 0
            ? .refused("standard output is a terminal and \(format.rawValue.uppercased()) is binary; redirect it or give a file") : .allowed)
    }

    /// `change.svg` → `change.2026Q2.svg`.
    static func sibling(of path: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let stem = url.deletingPathExtension().lastPathComponent
        let name = stem + "." + suffix + (ext.isEmpty ? "" : "." + ext)
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? name : (dir as NSString).appendingPathComponent(name)
    }

    private func datasetTitle(_ d: Dataset) -> String {
        let last = URL(fileURLWithPath: d.source).lastPathComponent
        return d.source.hasPrefix("bundled demo") ? "belgian-hematology" : (last.isEmpty ? d.source : last)
    }
}
