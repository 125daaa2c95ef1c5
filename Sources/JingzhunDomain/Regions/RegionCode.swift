import Foundation

/// A region's code: the 12-digit 统计用区划代码 (国家统计局《统计用区划代码和城乡划分代码》) for 省 down to 村,
/// or a 15-digit county-assigned code for a 组 (the village's 12 digits followed by a 3-digit group number),
/// because 组 have no national code (../shared/DOMAIN.md §1).
public struct RegionCode: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts exactly 12 or 15 ASCII digits; anything else is not a code.
    public init?(rawValue: String) {
        let trimmed = rawValue.trimmingWhitespace()
        guard trimmed.count == 12 || trimmed.count == 15,
            trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        else { return nil }
        self.rawValue = trimmed
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let code = RegionCode(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "区划代码无效: \(raw)"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// True for the 15-digit local codes given to 组.
    public var isGroupCode: Bool { rawValue.count == 15 }

    /// The code of the n-th 组 under this village (1…999).
    public func groupCode(number: Int) -> RegionCode? {
        guard !isGroupCode, (1...999).contains(number) else { return nil }
        let digits = String(number)
        return RegionCode(rawValue: rawValue + String(repeating: "0", count: 3 - digits.count) + digits)
    }

    /// The county (县级) this code lies in: its first six digits, the 统计用区划代码 layout.
    public var county: RegionCode { RegionCode(rawValue: String(rawValue.prefix(6)) + "000000")! }

    /// The level the code's digits suggest (the stored level wins where they disagree).
    public var impliedLevel: RegionLevel {
        if isGroupCode { return .group }
        let d = Array(rawValue)
        let zeros = { (range: Range<Int>) in d[range].allSatisfy { $0 == "0" } }
        if zeros(2..<12) { return .province }
        if zeros(4..<12) { return .city }
        if zeros(6..<12) { return .county }
        if zeros(9..<12) { return .town }
        return .village
    }
}

extension String {
    /// Whether both hold the same UTF-8 bytes (which makes them equal) — a memcmp, where `==` on Chinese text
    /// normalises both sides first. Callers fall back to `==` when it says no and canonical equivalence matters.
    func sameBytes(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
        if let fast, let result = fast { return result }
        return utf8.elementsEqual(other.utf8)
    }

    func trimmingWhitespace() -> String {
        // Most cells have nothing to trim; check the ends' bytes before walking Characters. A printable ASCII
        // byte or the first byte of a CJK ideograph (U+4000–U+9FFF: E4–E9) at either end is no whitespace and
        // cannot belong to a whitespace Character; every other case takes the careful way.
        let u = utf8
        guard let f = u.first else { return self }
        if (f > 0x20 && f < 0x7F) || (f >= 0xE4 && f <= 0xE9) {
            var i = u.index(before: u.endIndex)
            var l = u[i]
            if l >= 0x80 {
                // Back over continuation bytes to the last scalar's first byte (a CJK ideograph is 3 bytes).
                var steps = 0
                while l & 0xC0 == 0x80, steps < 3, i > u.startIndex { i = u.index(before: i); l = u[i]; steps += 1 }
                if l >= 0xE4 && l <= 0xE9 && steps == 2 { return self }
            } else if l > 0x20 && l < 0x7F {
                return self
            }
        }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
