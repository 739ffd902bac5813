#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An array of `count` copies of `value` whose memory the system may back with huge pages (Linux
/// transparent huge pages in `madvise` mode): a hash table or graph column of tens of megabytes
/// read at random positions then costs far fewer TLB misses. The advice is given before the
/// pages are first touched; where it is refused, the array is an ordinary one.
func hugePageArray<T>(repeating value: T, count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buf, n in
        if let base = buf.baseAddress { adviseHugePages(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<T>.stride) }
        buf.initialize(repeating: value)
        n = count
    }
}

/// Advises huge pages for the 2 MB-aligned part of `bytes` bytes at `p` (at least 4 MB).
func adviseHugePages(_ p: UnsafeMutableRawPointer, bytes: Int) {
    #if os(Linux)
    guard bytes >= 4 << 20 else { return }
    let huge = 2 << 20
    let start = (Int(bitPattern: p) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: p) + bytes) & ~(huge - 1)
    guard end > start, let a = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(a, end - start, 14)  // MADV_HUGEPAGE
    #endif
}
