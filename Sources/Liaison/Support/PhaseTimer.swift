#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Wall-clock time of the steps of a load, printed to stderr when `LIAISON_PROFILE` is set (for
/// benchmarking by hand; never part of a test).
package enum PhaseTimer {
    private static let enabled = ProcessInfo.processInfo.environment["LIAISON_PROFILE"] != nil
    nonisolated(unsafe) private static var last = Date()
    nonisolated(unsafe) private static var lastCPU = 0.0

    private static func cpu() -> Double {
        var u = rusage()
        getrusage(0, &u)  // RUSAGE_SELF
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }

    /// Prints the wall and CPU time since the previous mark, labelled.
    package static func mark(_ label: @autoclosure () -> String) {
        guard enabled else { return }
        let label = label()
        let now = Date(), c = cpu()
        let line = "[profile] \(label): wall \(String(format: "%.3f", now.timeIntervalSince(last))) s, cpu \(String(format: "%.3f", c - lastCPU)) s\n"
        FileHandle.standardError.write(Data(line.utf8))
        last = now
        lastCPU = c
    }
}
