/// The largest eigenvalue of a symmetric operator and a unit eigenvector for it, by the Lanczos
/// method with full reorthogonalization and explicit restarts from the current Ritz vector.
///
/// Used for eigenvector centrality (the adjacency of one connected component) and HITS (AᵀA on
/// one block of co-cited nodes), where the operator is non-negative and irreducible, so its largest
/// eigenvalue is simple (Perron–Frobenius) and the start vector of all ones has a component along it.
///
/// Each cycle runs up to `min(dimension, 48)` Lanczos steps, takes the largest Ritz pair of the
/// tridiagonal matrix (cyclic Jacobi on a ≤ 48 × 48 matrix), and stops once the true residual
/// ‖Ax − θx‖ is at most `tolerance · |θ|` (with `tolerance` 1e-13 the eigenvector is accurate to
/// about 1e-13 · θ / gap).
///
/// - Complexity: O(k · (nnz + k · dimension)) per cycle for k steps; memory O(k · dimension).
///
/// References: C. Lanczos, *An iteration method for the solution of the eigenvalue problem of linear
/// differential and integral operators*, J. Res. Nat. Bur. Standards 45, 1950; G. H. Golub,
/// C. F. Van Loan, *Matrix Computations*, 4th ed., §10.1–10.3.
struct LeadingEigen {
    let dimension: Int
    /// y = A x, for vectors of length `dimension` (y is overwritten).
    let multiply: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    var tolerance = 1e-13
    var maxCycles = 500
    var steps = 48

    /// Returns (θ, x) with x of unit Euclidean norm and a non-negative sum.
    func solve() throws -> (value: Double, vector: [Double]) {
        let n = dimension
        if n == 0 { return (0, []) }
        var x = [Double](repeating: 1 / Double(n).squareRoot(), count: n)
        var y = [Double](repeating: 0, count: n)
        if n == 1 {
            apply(x, into: &y)
            return (y[0], [1])
        }
        let k = Swift.min(n, steps)
        var basis = [[Double]]()
        basis.reserveCapacity(k)
        var lastResidual = Double.infinity
        for _ in 0..<maxCycles {
            basis.removeAll(keepingCapacity: true)
            var alpha = [Double](), beta = [Double]()
            var v = x
            var scale = 0.0
            for j in 0..<k {
                basis.append(v)
                apply(v, into: &y)
                let a = dot(y, v)
                alpha.append(a)
                // Full reorthogonalization (twice is enough, Kahan–Parlett).
                for _ in 0..<2 {
                    for q in basis {
                        let c = dot(y, q)
                        for i in 0..<n { y[i] -= c * q[i] }
                    }
                }
                let b = dot(y, y).squareRoot()
                scale = Swift.max(scale, abs(a), b)
                // Stop at the step budget, or when the Krylov space is invariant (then the Ritz pair is exact).
                if j == k - 1 || !(b > 1e-14 * scale) { break }
                beta.append(b)
                for i in 0..<n { v[i] = y[i] / b }
            }
            let (theta, coefficients) = Self.largestTridiagonalEigenpair(alpha: alpha, beta: beta)
            var next = [Double](repeating: 0, count: n)
            for (j, q) in basis.enumerated() {
                let c = coefficients[j]
                for i in 0..<n { next[i] += c * q[i] }
            }
            let norm = dot(next, next).squareRoot()
            guard norm > 0 && norm.isFinite else { throw CentralityError.didNotConverge(iterations: 0) }
            for i in 0..<n { next[i] /= norm }
            x = next
            apply(x, into: &y)
            var r = 0.0
            for i in 0..<n { let d = y[i] - theta * x[i]; r += d * d }
            lastResidual = r.squareRoot()
            if lastResidual <= tolerance * Swift.max(abs(theta), 1e-300) || theta == 0 {
                var s = 0.0
                for value in x { s += value }
                if s < 0 { for i in 0..<n { x[i] = -x[i] } }
                // Rayleigh quotient of the final vector.
                apply(x, into: &y)
                return (dot(x, y), x)
            }
        }
        throw CentralityError.didNotConverge(iterations: maxCycles)
    }

    private func apply(_ x: [Double], into y: inout [Double]) {
        x.withUnsafeBufferPointer { xs in y.withUnsafeMutableBufferPointer { ys in multiply(xs, ys) } }
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    /// Largest eigenvalue of the symmetric tridiagonal matrix (diagonal `alpha`, off-diagonal `beta`)
    /// and its unit eigenvector, by cyclic Jacobi rotations.
    static func largestTridiagonalEigenpair(alpha: [Double], beta: [Double]) -> (Double, [Double]) {
        let k = alpha.count
        var a = [Double](repeating: 0, count: k * k)
        var v = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            a[i * k + i] = alpha[i]
            v[i * k + i] = 1
            if i + 1 < k && i < beta.count { a[i * k + i + 1] = beta[i]; a[(i + 1) * k + i] = beta[i] }
        }
        for _ in 0..<100 {
            var off = 0.0, diag = 0.0
            for i in 0..<k {
                diag += a[i * k + i] * a[i * k + i]
                for j in (i + 1)..<Swift.max(i + 1, k) { off += a[i * k + j] * a[i * k + j] }
            }
            if off <= 1e-32 * diag || off == 0 { break }
            for p in 0..<k {
                for q in (p + 1)..<Swift.max(p + 1, k) {
                    let apq = a[p * k + q]
                    if apq == 0 { continue }
                    let app = a[p * k + p], aqq = a[q * k + q]
                    let tau = (aqq - app) / (2 * apq)
                    let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = t * c
                    for r in 0..<k {
                        let arp = a[r * k + p], arq = a[r * k + q]
                        a[r * k + p] = c * arp - s * arq
                        a[r * k + q] = s * arp + c * arq
                    }
                    for r in 0..<k {
                        let apr = a[p * k + r], aqr = a[q * k + r]
                        a[p * k + r] = c * apr - s * aqr
                        a[q * k + r] = s * apr + c * aqr
                    }
                    for r in 0..<k {
                        let vrp = v[r * k + p], vrq = v[r * k + q]
                        v[r * k + p] = c * vrp - s * vrq
                        v[r * k + q] = s * vrp + c * vrq
                    }
                }
            }
        }
        var best = 0
        for i in 1..<Swift.max(1, k) where a[i * k + i] > a[best * k + best] { best = i }
        return (a[best * k + best], (0..<k).map { v[$0 * k + best] })
    }
}
