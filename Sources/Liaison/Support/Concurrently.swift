import Dispatch
import Foundation

/// Runs `first` on the calling thread while `second` runs on another, and returns both results once
/// both are done.
///
/// `second` runs on its own thread, not as an iteration of `concurrentPerform`: work in `first`
/// that calls `concurrentPerform` itself (the referral slices) would otherwise be a nested apply,
/// which libdispatch runs one iteration at a time (measured: two 0.5 s iterations nested in a
/// two-iteration apply take 1.0 s, alone 0.5 s) — the 1 M-expert load took 3.3–4.3 s instead of
/// 2.4–3.0 s that way (Benchmarks/scale.sh, 2026-12-03).
///
/// The closures need not be `Sendable`: `second` writes only its slot, which is read after the
/// semaphore says it finished (a happens-before edge); callers must not let the two closures share
/// mutable state.
package func concurrently<A, B>(_ first: () -> A, _ second: @escaping () -> B) -> (A, B) {
    let slot = ConcurrentSlot<B>()
    let work = ConcurrentWork(run: second)
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global(qos: .userInitiated).async {
        slot.value = work.run()
        done.signal()
    }
    let a = first()
    done.wait()
    guard let b = slot.value else { preconditionFailure("the second task signalled before writing its result") }
    return (a, b)
}

/// The result of ``concurrently(_:_:)``'s second closure, written by its thread only.
private final class ConcurrentSlot<B>: @unchecked Sendable {
    var value: B?
}

/// The second closure of ``concurrently(_:_:)``, called on its thread only.
private struct ConcurrentWork<B>: @unchecked Sendable {
    let run: () -> B
}

/// `body` over `0..<count` split into contiguous ranges, one per core (ranges of at least
/// `minimumPerRange`, so small inputs stay on the calling thread), run at the same time; the results
/// in range order. `body` must give the same result for a range however the whole is split (each range
/// is read and written by one worker only), so the output does not depend on the number of cores.
///
/// Not for use inside another `concurrentPerform` (a nested apply runs its iterations one at a time:
/// see ``concurrently(_:_:)``).
package func inRanges<T>(_ count: Int, minimumPerRange: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(1, minimumPerRange)))
    guard parts > 1 else { return [body(0..<count)] }
    let results = DisjointWrites<T?>(count: parts, repeating: nil)
    defer { _ = results.buffer.deinitialize(); results.deallocate() }
    DispatchQueue.concurrentPerform(iterations: parts) { k in
        results.buffer[k] = body(count * k / parts..<count * (k + 1) / parts)
    }
    return results.buffer.map { r in
        guard let r else { preconditionFailure("a range's worker returned without a result") }
        return r
    }
}

/// Hands something that is not `Sendable` to the workers of a `concurrentPerform`: a reference only one
/// worker uses until the call returns (the referral reader's first stream), or buffers every worker reads
/// and writes only its own entries of (the graph builder's), as the code that makes one says.
package struct UncheckedBox<T>: @unchecked Sendable {
    package let value: T
    package init(_ value: T) { self.value = value }
}
