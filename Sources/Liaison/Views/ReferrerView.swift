/// The rows of `liaison referrers`: who sends patients to one expert, with the counts as shown.
///
/// **Privacy.** `to_focal` counts add up to the focal expert's in-strength (shown by `rank`), so they are
/// protected together (``SmallCell/protectParts(_:threshold:)``): counts of 1…(t − 1) show as `<t`, and
/// the smallest shown counts are withheld (`*`) while a hidden one could be worked out by subtraction.
/// `to_peers` of 1…(t − 1) shows as `<t`; a share is withheld when either of its counts is hidden. The
/// number of referrers bounds the patients received from below (ten referrers with one patient each
/// pin a hidden total at 10), so when the total is hidden the referrers are not listed at all and
/// their number is withheld.
/// Order: class, then the shown count (hidden ones last, so their order reveals nothing), then id.
public struct ReferrerView: Sendable {
    /// The analysis.
    public let patterns: ReferrerPatterns
    /// The rows, in display order.
    public let table: TabularOutput
    /// Patients received (or shared, undirected) by the focal expert, as shown.
    public let received: Cell
    /// Number of referrers as shown (withheld beside a hidden total).
    public let referrerCount: Cell
    /// Referrers by class.
    public let byClass: [ReferrerClass: Int]
    /// Whether no referrer is listed: the total is small, or its parts cannot be protected.
    public let withheldAll: Bool

    /// Column names: `to_focal`/`to_peers`, or `with_focal`/`with_peers` for undirected links.
    public static func columns(undirected: Bool) -> [String] {
        ["id", "name", "institution", "specialty", "class"]
            + (undirected ? ["with_focal", "with_peers"] : ["to_focal", "to_peers"]) + ["share"]
    }

    /// The view of `r` on `d` with threshold `t`.
    public init(_ r: ReferrerPatterns, dataset d: Dataset, threshold t: Int) {
        patterns = r
        let focalVis = SmallCell.protectParts(r.referrers.map(\.toFocal), threshold: t)
        let peerVis = r.referrers.map { SmallCell.hides(Double($0.toPeers), threshold: t) ? CellVisibility.primary : .shown }
        let order = r.referrers.indices.sorted { a, b in
            let x = r.referrers[a], y = r.referrers[b]
            if x.kind != y.kind { return x.kind < y.kind }
            let vx = focalVis[a].isHidden ? -1 : x.toFocal, vy = focalVis[b].isHidden ? -1 : y.toFocal
            if vx != vy { return vx > vy }
            return d.experts[x.expert].id < d.experts[y.expert].id
        }
        let total = Double(r.totalToFocal)
        // A hidden total, or parts that no suppression protects (1 + 11 = 12): list no referrer.
        let totalHidden = SmallCell.hides(total, threshold: t)
            || !SmallCell.partsAreProtected(r.referrers.map(\.toFocal), focalVis, threshold: t)
        var out = TabularOutput(columns: ReferrerView.columns(undirected: r.options.undirected), threshold: t)
        out.dropOrder = ["specialty", "institution"]
        for k in order where !totalHidden {
            let x = r.referrers[k]
            let e = d.experts[x.expert]
            let shareHidden = focalVis[k].isHidden || peerVis[k].isHidden
            out.rows.append([.text(e.id), .text(e.name), .text(d.institutionName(ofExpert: x.expert)),
                             .text(e.specialty), .text(x.kind.rawValue),
                             SmallCell.cell(x.toFocal, focalVis[k]), SmallCell.cell(x.toPeers, peerVis[k]),
                             shareHidden ? .withheld : .share((x.share * 100).rounded() / 100)])
        }
        table = out
        received = SmallCell.cell(total, threshold: t)
        withheldAll = totalHidden
        referrerCount = SmallCell.hides(total, threshold: t) ? .withheld : .int(r.referrers.count)
        var classes: [ReferrerClass: Int] = [:]
        for x in r.referrers { classes[x.kind, default: 0] += 1 }
        byClass = classes
    }

    /// The heading for people.
    public func heading(_ d: Dataset, period: Period?) -> String {
        let r = patterns, e = d.experts[r.focal], undirected = r.options.undirected
        var s = "\(undirected ? "Experts sharing patients with" : "Referrers of") \(e.id)" + (e.hasOwnName ? " \(e.name)" : "")
        s += r.specialty.isEmpty ? " (no specialty: every other expert counts as a peer)"
            : " (\(r.specialty), \(plural(r.peerCount, "peer")))"
        s += period.map { " — referrals of \($0)" } ?? " — all referral periods"
        let noun = undirected ? "expert" : "referrer"
        let count = referrerCount == .withheld ? "* \(pluralNoun(noun))" : plural(r.referrers.count, noun)
        let classes = ReferrerClass.allCases.map { c in
            referrerCount == .withheld ? "* \(pluralNoun(c.rawValue))" : plural(byClass[c] ?? 0, c.rawValue)
        }
        s += "\n\(count) (" + classes.joined(separator: ", ") + "); patients \(undirected ? "shared" : "received"): "
        s += received.tableText(threshold: table.threshold) + "\n"
        return s
    }

    /// Notes under the table.
    public var notes: [String] {
        var n = ["loyalist: share ≥ 50 %; opportunity: share < 25 % and ≥ 11 patients to peers; splitter: the rest.",
                 SmallCell.note(threshold: table.threshold)]
        if referrerCount == .withheld {
            n.append("*: the referrers of an expert who received fewer than \(table.threshold) patients in all are withheld: their number would narrow the hidden total.")
        } else if withheldAll {
            n.append("The referrers are withheld: with so few, their counts could be worked out from the expert's total whatever is hidden.")
        } else if table.rows.contains(where: { $0.contains(.withheld) }) {
            n.append("*: withheld — a share of a hidden count, or a figure hidden so that the <\(table.threshold) counts cannot be worked out from it (complementary suppression).")
        }
        return n
    }
}
