import Dispatch

/// Runs `first` and `second` at the same time — `second` on another thread when a core is free —
/// and returns both results once both are done.
///
/// The closures need not be `Sendable`: each writes only its own slot, both slots are read only after
/// `concurrentPerform` has returned (after both iterations finished: a happens-before edge), and the
/// closures are not kept beyond the call. Callers must not let the two share mutable state.
package func concurrently<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    let slots = ConcurrentSlots<A, B>()
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            let work = ConcurrentWork(first: first, second: second)
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                if k == 0 { slots.a = work.first() } else { slots.b = work.second() }
            }
        }
    }
    guard let a = slots.a, let b = slots.b else { preconditionFailure("concurrentPerform returned before both ran") }
    return (a, b)
}

/// The two results of ``concurrently(_:_:)``, each written by one iteration only.
private final class ConcurrentSlots<A, B>: @unchecked Sendable {
    var a: A?
    var b: B?
}

/// The two closures of ``concurrently(_:_:)``, each called by one iteration only.
private struct ConcurrentWork<A, B>: @unchecked Sendable {
    let first: () -> A
    let second: () -> B
}
