import ArgumentParser
import Foundation
import Liaison
import LiaisonMaps

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the referral network through Graphviz (SVG, PNG, PDF or DOT).",
        discussion: """
        Node area grows with influence, fill colour shows tier (or region, institution, coverage),
        line width grows with patients, arrows point from referrer to receiver, the most influential
        experts are labelled and every node has a tooltip. In SVG each expert's <g> has id = expert id.
        By default the 150 most influential experts and the links among them are drawn.

        Examples:
          liaison render --out map.svg
          liaison render --all --layout neato --format png --out map.png
          liaison render --focus E085 --depth 2 --out e085.svg
          liaison render --color-by coverage --quarter 2026Q3 --out coverage.svg
          liaison render --compare 2026Q2 2026Q3 --out change.svg
        """
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var privacy: PrivacyOptions

    @Option(name: .shortAndLong, help: "Output file.")
    var out: String

    @Option(help: "Output format: \(MapFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: from the file extension, else svg).")
    var format: String?

    @Option(help: "Graphviz layout: \(MapLayout.allCases.map(\.rawValue).joined(separator: ", ")).")
    var layout: String = MapLayout.sfdp.rawValue

    @Option(help: "Draw the N most influential experts.")
    var top: Int?

    @Flag(help: "Draw every expert.")
    var all = false

    @Option(help: "Draw the neighbourhood of this expert id.")
    var focus: String?

    @Option(help: "Neighbourhood radius in referral hops (with --focus).")
    var depth: Int = 1

    @Option(name: .customLong("color-by"), help: "Node colour: \(MapColoring.allCases.map(\.rawValue).joined(separator: ", ")).")
    var colorBy: String = MapColoring.tier.rawValue

    @Option(help: "How many of the most influential drawn experts get a name label.")
    var labels: Int = 25

    @Option(help: "Use only referrals of this period for scores and links.")
    var period: String?

    @Option(name: [.customLong("quarter")], help: "Coverage period for --color-by coverage (default: the latest quarter with interactions).")
    var quarter: String?

    @Option(name: .customLong("compare"), parsing: .upToNextOption,
            help: ArgumentHelp("Colour what changed between two periods: gained, lost, still reached, still missed.", valueName: "from to"))
    var compare: [String] = []

    @OptionGroup var filters: CoverageFilterOptions

    func validate() throws {
        if all && top != nil { throw ValidationError("give either --top or --all, not both") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if labels < 0 { throw ValidationError("--labels must be 0 or more") }
        if !compare.isEmpty && compare.count != 2 {
            throw ValidationError("--compare takes two periods: --compare FROM TO")
        }
        do {
            _ = try MapLayout.parse(layout)
            _ = try MapColoring.parse(colorBy)
            if let format { _ = try MapFormat.parse(format) }
        } catch { throw ValidationError(String(describing: error)) }
    }

    func run() throws {
        try LiaisonCommand.guarded {
            let layout = try MapLayout.parse(self.layout)
            let format = try self.format.map(MapFormat.parse) ?? MapFormat.allCases.first {
                $0.fileExtension == URL(fileURLWithPath: out).pathExtension.lowercased() || $0.rawValue == URL(fileURLWithPath: out).pathExtension.lowercased()
            } ?? .svg
            var coloring = try MapColoring.parse(colorBy)
            let d = try data.load()
            let p = try period.map { try parsePeriod($0, option: "--period") }
            let scores = try KeyExperts.compute(d, period: p)

            var options = MapOptions(top: all ? nil : (top ?? 150), focus: focus, depth: depth, colorBy: coloring,
                                     labelTop: labels, period: p)
            options.minCell = privacy.minCell
            if !compare.isEmpty || coloring == .coverage {
                guard d.filesPresent.contains("interactions.csv") else {
                    throw CLIError("coverage colours need interactions.csv in the dataset")
                }
                let o = try filters.options(for: d)
                if !compare.isEmpty {
                    let from = try coveragePeriod(compare[0], option: "--compare FROM", fiscalYearStart: o.fiscalYearStart)
                    let to = try coveragePeriod(compare[1], option: "--compare TO", fiscalYearStart: o.fiscalYearStart)
                    let c = try CoverageComparison(d, from: from, to: to, options: o)
                    options.overlay = MapOverlays.comparison(c, experts: d.experts.count)
                    options.title = "\(datasetTitle(d)) — what changed from \(from.label) to \(to.label)"
                    coloring = .coverage
                } else {
                    let q: Period
                    if let quarter { q = try coveragePeriod(quarter, option: "--quarter", fiscalYearStart: o.fiscalYearStart) }
                    else if let latest = CoveragePeriod.latestQuarter(of: d, fiscalYearStart: o.fiscalYearStart) { q = latest }
                    else { throw CLIError("the dataset has no interactions, so there is no default quarter; give --quarter") }
                    let r = try CoverageReport.analyze(d, period: q, options: o)
                    options.overlay = MapOverlays.coverage(r)
                    options.title = "\(datasetTitle(d)) — coverage \(q.label)"
                }
            }
            let selection = try NetworkMap.select(d, scores: scores, options: options)
            let doc = NetworkMap.document(d, scores: scores, selection: selection, options: options)
            let rendering = try GraphvizRenderer.renderWithWarnings(doc, layout: layout, format: format)
            try writeAtomically([UInt8](rendering.data), to: out)
            if !data.quiet {
                for w in rendering.warnings { Console.warn("note: \(w)") }
                var msg = "wrote \(out) (\(format.rawValue), \(layout.rawValue) layout): \(selection.experts.count) of \(selection.totalExperts) experts, \(selection.links.count) links"
                if selection.experts.count < selection.totalExperts && focus == nil {
                    msg += "; the \(selection.totalExperts - selection.experts.count) less influential experts are left out (--all draws everyone)"
                }
                Console.warn(msg)
            }
        }
    }

    private func datasetTitle(_ d: Dataset) -> String {
        let last = URL(fileURLWithPath: d.source).lastPathComponent
        return d.source.hasPrefix("bundled demo") ? "belgian-hematology" : (last.isEmpty ? d.source : last)
    }
}

/// Coverage and comparison colourings (Okabe–Ito colours, safe for colour-blind readers).
enum MapOverlays {
    static let reached = MapOverlay.Category(name: "reached", color: "#009E73", colorName: "green")
    static let underVisited = MapOverlay.Category(name: "under-visited", color: "#E69F00", colorName: "orange")
    static let missed = MapOverlay.Category(name: "missed", color: "#D55E00", colorName: "vermillion")
    static let nonTarget = MapOverlay.Category(name: "not a target", color: "#DDDDDD", colorName: "grey")

    static func coverage(_ r: CoverageReport) -> MapOverlay {
        let offPlan = MapOverlay.Category(name: "key expert not on the plan", color: "#CC79A7", colorName: "purple")
        let cats = [reached, underVisited, missed, offPlan, nonTarget]
        let index: [CoverageStatus: Int] = [.reached: 0, .underVisited: 1, .missed: 2, .nonTarget: 4]
        var isOffPlan = [Bool](repeating: false, count: r.dataset.experts.count)
        for e in r.experts where e.isOffPlanKeyExpert { isOffPlan[e.expert] = true }
        let of = (0..<r.dataset.experts.count).map { v in isOffPlan[v] ? 3 : (index[r.status(of: v)] ?? -1) }
        return MapOverlay(title: "coverage \(r.period.label)", categories: cats, categoryOfExpert: of)
    }

    static func comparison(_ c: CoverageComparison, experts n: Int) -> MapOverlay {
        let cats = [
            MapOverlay.Category(name: "gained", color: "#0072B2", colorName: "blue"),
            MapOverlay.Category(name: "lost", color: "#D55E00", colorName: "vermillion"),
            MapOverlay.Category(name: "still reached", color: "#009E73", colorName: "green"),
            MapOverlay.Category(name: "still missed", color: "#E69F00", colorName: "orange"),
            nonTarget,
        ]
        let index: [ComparisonStatus: Int] = [.gained: 0, .lost: 1, .stillReached: 2, .stillMissed: 3, .nonTarget: 4]
        let of = (0..<n).map { index[c.status(of: $0)] ?? -1 }
        return MapOverlay(title: "\(c.from.period.label) → \(c.to.period.label)", categories: cats, categoryOfExpert: of)
    }
}
