/// SplitMix64 (G. L. Steele, D. Lea, C. H. Flood, *Fast splittable pseudorandom number generators*,
/// OOPSLA 2014): a small, fast, seedable generator. Everything random in Liaison — the node orders of
/// Louvain and Leiden, sampled sources, synthetic test data — draws from it, so a seed gives the same
/// result on every machine, platform and Swift version.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform index in `0..<bound` (Lemire's multiply-high; the bias is below 2⁻³²).
    package mutating func index(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// `0..<n` in a random order (Fisher–Yates).
    package mutating func permutation(_ n: Int) -> [Int32] {
        var p = [Int32](unsafeUninitializedCapacity: n) { buf, count in
            for i in 0..<n { buf[i] = Int32(i) }
            count = n
        }
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, index(below: i + 1)) }
        }
        return p
    }
}
