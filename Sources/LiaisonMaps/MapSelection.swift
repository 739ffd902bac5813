import Foundation
import Liaison

extension NetworkMap {
    /// Chooses the experts and links to draw. Pure: no Graphviz involved.
    ///
    /// - Without ``MapOptions/focus``: the ``MapOptions/top`` most influential experts (all when `nil`)
    ///   and the referral links among them.
    /// - With a focus: the experts within ``MapOptions/depth`` hops of the focus expert in the referral
    ///   graph, edge direction ignored; when more than `top`, the nearest are kept (then the most
    ///   influential), so the drawn neighbourhood stays connected.
    /// - Throws: ``NetworkMapError``.
    public static func select(_ dataset: Dataset, scores: ExpertScores,
                              options: MapOptions = MapOptions()) throws -> MapSelection {
        let n = dataset.experts.count
        guard scores.influence.count == n else {
            throw NetworkMapError.scoresMismatch(experts: n, scores: scores.influence.count)
        }
        if let top = options.top, top < 1 {
            throw NetworkMapError.invalidOption("top must be at least 1 (got \(top))")
        }
        guard options.depth >= 0 else {
            throw NetworkMapError.invalidOption("depth must be 0 or more (got \(options.depth))")
        }
        let graph = dataset.referralGraph(period: options.period ?? scores.period)
        let ids = dataset.experts.map(\.id)
        func moreInfluential(_ a: Int, _ b: Int) -> Bool {
            scores.influence[a] != scores.influence[b] ? scores.influence[a] > scores.influence[b] : ids[a] < ids[b]
        }

        var chosen: [Int]
        var focusIndex: Int?
        var neighbourhood: Int?
        if let focus = options.focus {
            guard let f = dataset.expertIndex[focus] else { throw NetworkMapError.unknownFocus(focus) }
            focusIndex = f
            // Breadth-first search over in- and out-neighbours.
            var dist = [Int](repeating: -1, count: n)
            dist[f] = 0
            var frontier = [f]
            var reached = [f]
            var d = 0
            while d < options.depth, !frontier.isEmpty {
                var next = [Int]()
                for v in frontier {
                    let out = graph.outTargets[graph.outOffsets[v]..<graph.outOffsets[v + 1]]
                    let inc = graph.inSources[graph.inOffsets[v]..<graph.inOffsets[v + 1]]
                    for w32 in out.lazy.map({ $0 }) + inc.lazy.map({ $0 }) {
                        let w = Int(w32)
                        if dist[w] < 0 {
                            dist[w] = d + 1
                            next.append(w)
                            reached.append(w)
                        }
                    }
                }
                frontier = next
                d += 1
            }
            neighbourhood = reached.count
            if let top = options.top, reached.count > top {
                reached.sort { a, b in dist[a] != dist[b] ? dist[a] < dist[b] : moreInfluential(a, b) }
                reached.removeLast(reached.count - top)
            }
            chosen = reached
        } else {
            chosen = Array(0..<n)
            if let top = options.top, top < n {
                chosen.sort(by: moreInfluential)
                chosen.removeLast(n - top)
            }
        }
        chosen.sort(by: moreInfluential)

        var isChosen = [Bool](repeating: false, count: n)
        for v in chosen { isChosen[v] = true }
        var links = [MapSelection.Link]()
        for v in 0..<n where isChosen[v] {
            for k in graph.outOffsets[v]..<graph.outOffsets[v + 1] {
                let t = Int(graph.outTargets[k])
                if isChosen[t] { links.append(.init(source: v, target: t, patients: graph.outWeights[k])) }
            }
        }
        var selection = MapSelection(experts: chosen, links: links, focus: focusIndex, totalExperts: n)
        selection.neighbourhoodSize = neighbourhood
        return selection.thinned(options)
    }
}
