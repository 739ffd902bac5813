import CPUHints

/// Assigns dense `Int32` numbers to byte strings (expert ids, NPIs) with one open-addressing hash
/// table: a file of tens of millions of rows over a million ids stores a million keys, not tens of
/// millions of `String`s.
///
/// Keys of up to 16 bytes (NPIs, typical ids) are stored inside their table slot, so a lookup
/// usually touches one cache line; longer keys live in an arena and are compared there.
package struct ByteInterner: Sendable {
    private struct Slot {
        var w0: UInt64 = 0      // key bytes 0..<8 (short keys) or the hash (long keys)
        var w1: UInt64 = 0      // key bytes 8..<16 (short keys) or the arena index (long keys)
        var length: Int32 = -1  // -1: empty
        var value: Int32 = 0
    }
    private var table: [Slot]
    private var mask: Int
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    /// For each key in insertion order, its slot's words (to rebuild the key) — see ``key(_:)``.
    private var order: [(w0: UInt64, w1: UInt64, length: Int32)] = []

    /// Number of keys.
    var count: Int { order.count }

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = hugePageArray(repeating: Slot(), count: size)
        mask = size - 1
        order.reserveCapacity(capacity)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var h = x &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }

    /// Packs up to 8 bytes from `p` (little-endian, zero-padded).
    @inline(__always)
    private static func word(_ p: UnsafeBufferPointer<UInt8>, _ from: Int) -> UInt64 {
        guard let base = p.baseAddress else { return 0 }
        let n = min(8, p.count - from)
        if n <= 0 { return 0 }
        if n == 8 { return UnsafeRawPointer(base + from).loadUnaligned(as: UInt64.self) }
        var w: UInt64 = 0
        var k = n - 1
        while k >= 0 { w = w << 8 | UInt64(base[from + k]); k -= 1 }
        return w
    }

    @inline(__always)
    private static func longHash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(p.count)
        var i = 0
        while i < p.count { h = mix(h ^ word(p, i)); i += 8 }
        return h
    }

    @inline(__always)
    private func arenaEquals(_ k: Int, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = offsets[k], e = offsets[k + 1]
        guard e - s == p.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            var i = 0
            while i < p.count { if a[s + i] != p[i] { return false }; i += 1 }
            return true
        }
    }

    /// The slot words of `key` (its bytes when short, its hash and no arena index yet when long) and its
    /// hash.
    @inline(__always)
    private static func words(_ key: UnsafeBufferPointer<UInt8>) -> (w0: UInt64, w1: UInt64, hash: UInt64) {
        if key.count <= 16 {
            let w0 = word(key, 0), w1 = word(key, 8)
            return (w0, w1, mix(w0 ^ mix(w1 ^ UInt64(key.count))))
        }
        let h = longHash(key)
        return (h, 0, h)
    }

    /// Starts loading the table slot a lookup of `key` will read first, so that work done between
    /// this call and the lookup hides the cache miss (a hint: it changes nothing).
    @inline(__always)
    package func prefetch(_ key: UnsafeBufferPointer<UInt8>) {
        let slot = Int(truncatingIfNeeded: ByteInterner.words(key).hash) & mask
        table.withUnsafeBufferPointer { t in
            if let base = t.baseAddress { liaison_prefetch(base + slot) }
        }
    }

    /// Where `key` is or would go, and its slot words.
    @inline(__always)
    private func probe(_ key: UnsafeBufferPointer<UInt8>) -> (slot: Int, found: Bool, w0: UInt64, w1: UInt64) {
        let len = Int32(key.count)
        let short = key.count <= 16
        let (w0, w1, h) = ByteInterner.words(key)
        return table.withUnsafeBufferPointer { t in
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let s = t[slot]
                if s.length < 0 { return (slot, false, w0, w1) }
                if s.length == len && s.w0 == w0 && (short ? s.w1 == w1 : arenaEquals(Int(s.w1), key)) {
                    return (slot, true, w0, w1)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The value stored for `key`, if any.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let p = probe(key)
        return p.found ? table[p.slot].value : nil
    }

    /// Where a key is, or would go: one probe of the table, reused by ``insert(_:at:value:)``.
    package struct Place {
        fileprivate let slot: Int
        fileprivate let w0: UInt64, w1: UInt64
        /// The key's value, when present.
        package let value: Int32?
    }

    /// The place of `key` (its value when present).
    package func place(_ key: String) -> Place {
        var s = key
        return s.withUTF8 { k in
            let p = probe(k)
            return Place(slot: p.slot, w0: p.w0, w1: p.w1, value: p.found ? table[p.slot].value : nil)
        }
    }

    /// Stores `value` for an absent `key` at the place found for it, the table unchanged since.
    package mutating func insert(_ key: String, at place: Place, value: Int32) {
        var s = key
        s.withUTF8 { k in store(k, slot: place.slot, w0: place.w0, w1: place.w1, value: value) }
    }

    /// The value stored for `key`, or stores `value` for it; `inserted` tells which.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int32) -> (value: Int32, inserted: Bool) {
        let p = probe(key)
        if p.found { return (table[p.slot].value, false) }
        store(key, slot: p.slot, w0: p.w0, w1: p.w1, value: value)
        return (value, true)
    }

    private mutating func store(_ key: UnsafeBufferPointer<UInt8>, slot: Int, w0: UInt64, w1 pw1: UInt64, value: Int32) {
        var w1 = pw1
        if key.count > 16 {
            w1 = UInt64(offsets.count - 1)
            arena.append(contentsOf: key)
            offsets.append(arena.count)
        }
        table[slot] = Slot(w0: w0, w1: w1, length: Int32(key.count), value: value)
        order.append((w0, w1, Int32(key.count)))
        if order.count * 2 > table.count { grow() }
    }

    /// The value stored for the UTF-8 bytes of `key`, if any.
    func find(_ key: String) -> Int32? {
        var s = key
        return s.withUTF8 { find($0) }
    }

    /// Stores `value` for the UTF-8 bytes of `key` unless the key is present.
    @discardableResult
    mutating func insert(_ key: String, value: Int32) -> (value: Int32, inserted: Bool) {
        var s = key
        return s.withUTF8 { insert($0, value: value) }
    }

    /// The hash of a key from its slot words (a long key's `w0` is its hash).
    @inline(__always)
    private static func hash(w0: UInt64, w1: UInt64, length: Int32) -> UInt64 {
        length > 16 ? w0 : mix(w0 ^ mix(w1 ^ UInt64(length)))
    }

    /// Stores `value` for the `k`-th key of `other` unless it is present; returns the value stored
    /// for it and whether it was inserted. A short key's slot words are its bytes, so it is placed
    /// without being rebuilt or hashed from bytes again (joining tables built by slices of one file).
    @inline(__always)
    mutating func insert(keyOf other: ByteInterner, _ k: Int, value: Int32) -> (value: Int32, inserted: Bool) {
        let o = other.order[k]
        if o.length > 16 {
            let lo = other.offsets[Int(o.w1)], hi = other.offsets[Int(o.w1) + 1]
            return other.arena.withUnsafeBufferPointer { a in insert(UnsafeBufferPointer(rebasing: a[lo..<hi]), value: value) }
        }
        var slot = Int(truncatingIfNeeded: Self.hash(w0: o.w0, w1: o.w1, length: o.length)) & mask
        while true {
            let s = table[slot]
            if s.length < 0 { break }
            if s.length == o.length && s.w0 == o.w0 && s.w1 == o.w1 { return (s.value, false) }
            slot = (slot + 1) & mask
        }
        table[slot] = Slot(w0: o.w0, w1: o.w1, length: o.length, value: value)
        order.append(o)
        if order.count * 2 > table.count { grow() }
        return (value, true)
    }

    /// Starts loading the slot where the `k`-th key of `other` is or would go (a hint only).
    @inline(__always)
    func prefetch(keyOf other: ByteInterner, _ k: Int) {
        let o = other.order[k]
        let slot = Int(truncatingIfNeeded: Self.hash(w0: o.w0, w1: o.w1, length: o.length)) & mask
        table.withUnsafeBufferPointer { t in if let base = t.baseAddress { liaison_prefetch(base + slot) } }
    }

    /// Adds every key of `other` in its insertion order, the `k`-th valued `valueOffset + k` (joining
    /// tables built by slices of one file, whose values are their keys' positions). `false` as soon
    /// as a key is already present; `self` then holds the keys before it, and is meant to be dropped.
    ///
    /// - Complexity: O(other.count) expected; no key is hashed again, and the slot of the key eight
    ///   ahead is prefetched (each insert into a table of a million keys is a likely cache miss).
    package mutating func absorb(_ other: ByteInterner, valueOffset: Int32) -> Bool {
        let ahead = 8
        for k in 0..<other.count {
            if k + ahead < other.count { prefetch(keyOf: other, k + ahead) }
            guard insert(keyOf: other, k, value: valueOffset &+ Int32(truncatingIfNeeded: k)).inserted else { return false }
        }
        return true
    }

    /// The `k`-th key inserted, as a string.
    func key(_ k: Int) -> String {
        let o = order[k]
        if o.length > 16 { return String(decoding: arena[offsets[Int(o.w1)]..<offsets[Int(o.w1) + 1]], as: UTF8.self) }
        // Written straight into the string (one of up to 15 bytes — an NPI, a typical id — allocates
        // nothing): a million new ids from a CMS file had each cost an array first.
        let length = Int(o.length)
        return String(unsafeUninitializedCapacity: length) { buf in
            for i in 0..<length { buf[i] = UInt8(truncatingIfNeeded: i < 8 ? o.w0 >> (8 * UInt64(i)) : o.w1 >> (8 * UInt64(i - 8))) }
            return length
        }
    }

    private mutating func grow() {
        let size = table.count * 2
        var t = hugePageArray(repeating: Slot(), count: size)
        let m = size - 1
        for s in table where s.length >= 0 {
            let h = s.length > 16 ? s.w0 : ByteInterner.mix(s.w0 ^ ByteInterner.mix(s.w1 ^ UInt64(s.length)))
            var slot = Int(truncatingIfNeeded: h) & m
            while t[slot].length >= 0 { slot = (slot + 1) & m }
            t[slot] = s
        }
        table = t
        mask = m
    }
}
