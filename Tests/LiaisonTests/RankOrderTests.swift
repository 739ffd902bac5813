import Testing
@testable import Liaison

@Suite("rank order", .tags(.unit))
struct RankOrderTests {
    @Test("highest key first, equal keys by id: the same order as a comparator sort", arguments: [1, 2, 3, 4] as [UInt64])
    func sameAsComparatorSort(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        let n = Int.random(in: 1...3_000, using: &g)
        // Few distinct keys (long runs of ties, as isolated experts' PageRank), zeros, negatives.
        let keys = (0..<n).map { _ in Double(Int.random(in: -3...12, using: &g)) / 7 }
        let ids = (0..<n).map { _ in "E\(Int.random(in: 0..<1_000_000, using: &g))-\(Int.random(in: 0..<1_000, using: &g))" }
        let naive = Array(0..<n).sorted { a, b in keys[a] != keys[b] ? keys[a] > keys[b] : ids[a] < ids[b] }
        #expect(ExpertRankView.rankOrder(keys, ids: ids) == naive)
    }

    @Test("empty and single")
    func tiny() {
        #expect(ExpertRankView.rankOrder([], ids: [String]()) == [])
        #expect(ExpertRankView.rankOrder([0.5], ids: ["A"]) == [0])
    }
}
