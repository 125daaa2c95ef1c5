/// Remembers which row first carried a key (户编号, 身份证号) while a file streams through, in 12 bytes per
/// key instead of a Swift `String` and dictionary entry (~100 bytes): at 1,000,000 households and 3,500,000
/// members the string maps alone outgrew the import's 300 MB budget (BENCHMARKS.md).
///
/// Keys are kept as 64-bit hashes. Two different keys share a hash with probability ≈ n²/2⁶⁵ (about 3 in
/// 10 million for 3.5 M keys); the cost of that is a "duplicate" report the user can see and check by the
/// row numbers it names, never a silent loss.
struct CompactKeyIndex {
    private var slots: [UInt64]
    private var rows: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        rows = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// Stores `row` for `key` unless the key is already there; returns the row that had it first, or nil.
    mutating func insertIfAbsent(_ key: String, row: Int) -> Int? {
        if (count + 1) * 10 > slots.count * 7 { grow() }
        let h = Self.hash(key)
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 {
            if slots[i] == h { return Int(rows[i]) }
            i = (i + 1) & mask
        }
        slots[i] = h
        rows[i] = Int32(truncatingIfNeeded: row)
        count += 1
        return nil
    }

    private mutating func grow() {
        let oldSlots = slots, oldRows = rows
        slots = Array(repeating: 0, count: oldSlots.count * 2)
        rows = Array(repeating: 0, count: oldSlots.count * 2)
        mask = slots.count - 1
        for (i, h) in oldSlots.enumerated() where h != 0 {
            var j = Int(truncatingIfNeeded: h) & mask
            while slots[j] != 0 { j = (j + 1) & mask }
            slots[j] = h
            rows[j] = oldRows[i]
        }
    }

    /// FNV-1a over the UTF-8 bytes, finished with SplitMix64's mixer so nearby keys (consecutive 户编号) spread
    /// over the table; never 0, which marks an empty slot.
    static func hash(_ key: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var copy = key
        copy.withUTF8 { bytes in
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return h == 0 ? 1 : h
    }
}
