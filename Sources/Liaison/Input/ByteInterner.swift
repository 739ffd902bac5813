/// Assigns dense `Int32` numbers to byte strings (expert ids, NPIs) with one open-addressing hash
/// table: the bytes of each distinct key are kept once in an arena, so a file of tens of millions of
/// rows over a million ids creates a million keys, not tens of millions of `String`s.
struct ByteInterner {
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    private var values: [Int32] = []
    private var table: [Int32]          // index into `values`/keys, or -1
    private var mask: Int

    /// Number of keys.
    var count: Int { values.count }

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 10)
        offsets.reserveCapacity(capacity + 1)
        hashes.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    @inline(__always)
    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(p.count)
        guard let base = p.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = p.count
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n { tail |= UInt64(base[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 32
        return h
    }

    @inline(__always)
    private func equals(_ k: Int, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = offsets[k], e = offsets[k + 1]
        guard e - s == p.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            var i = 0
            while i < p.count { if a[s + i] != p[i] { return false }; i += 1 }
            return true
        }
    }

    /// The value stored for `key`, if any.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = ByteInterner.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let k = table[slot]
            if k < 0 { return nil }
            if hashes[Int(k)] == h && equals(Int(k), key) { return values[Int(k)] }
            slot = (slot + 1) & mask
        }
    }

    /// The value stored for `key`, or stores `value` for it; `inserted` tells which.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int32) -> (value: Int32, inserted: Bool) {
        let h = ByteInterner.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let k = table[slot]
            if k < 0 { break }
            if hashes[Int(k)] == h && equals(Int(k), key) { return (values[Int(k)], false) }
            slot = (slot + 1) & mask
        }
        let k = Int32(values.count)
        table[slot] = k
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        hashes.append(h)
        values.append(value)
        if values.count * 2 > table.count { grow() }
        return (value, true)
    }

    /// Stores `value` for the UTF-8 bytes of `key` unless the key is present.
    @discardableResult
    mutating func insert(_ key: String, value: Int32) -> (value: Int32, inserted: Bool) {
        var s = key
        return s.withUTF8 { insert($0, value: value) }
    }

    /// The `k`-th key inserted, as a string.
    func key(_ k: Int) -> String {
        String(decoding: arena[offsets[k]..<offsets[k + 1]], as: UTF8.self)
    }

    private mutating func grow() {
        let size = table.count * 2
        var t = [Int32](repeating: -1, count: size)
        let m = size - 1
        for k in 0..<values.count {
            var slot = Int(truncatingIfNeeded: hashes[k]) & m
            while t[slot] >= 0 { slot = (slot + 1) & m }
            t[slot] = Int32(k)
        }
        table = t
        mask = m
    }
}
