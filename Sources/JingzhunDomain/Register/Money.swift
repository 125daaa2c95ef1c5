import Foundation

/// Money as integer fen (分), portable across engines and exact (STYLE.md §1). Sheets carry 元 with up
/// to two decimals ("2950.4", "3,075", "-120.50").
public struct Fen: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public static let zero = Fen(rawValue: 0)

    /// Parses 元 text; nil for anything that is not a number with at most two decimals.
    public init?(yuan text: String) {
        // A byte scan: digits, one '.', at most two decimals, a leading '-', thousands separators (, or ，),
        // surrounding spaces and a trailing 元 are accepted. (Foundation string replacing was 3 % of an import.)
        var whole: Int64 = 0, fraction: Int64 = 0
        var wholeDigits = 0, fractionDigits = 0
        var negative = false, seenDot = false, seenDigit = false
        let bytes = Array(text.trimmingWhitespace().utf8)
        var end = bytes.count
        if end >= 3, bytes[end - 3] == 0xE5, bytes[end - 2] == 0x85, bytes[end - 1] == 0x83 { end -= 3 }  // 元
        var i = 0
        if i < end, bytes[i] == 0x2D { negative = true; i += 1 }
        while i < end {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                seenDigit = true
                if seenDot {
                    fractionDigits += 1
                    guard fractionDigits <= 2 else { return nil }
                    fraction = fraction * 10 + Int64(b - 0x30)
                } else {
                    wholeDigits += 1
                    guard wholeDigits <= 13 else { return nil }
                    whole = whole * 10 + Int64(b - 0x30)
                }
                i += 1
            } else if b == 0x2E, !seenDot {
                seenDot = true
                i += 1
            } else if b == 0x2C, !seenDot {
                i += 1
            } else if i + 2 < end, b == 0xEF, bytes[i + 1] == 0xBC, bytes[i + 2] == 0x8C, !seenDot {  // ，
                i += 3
            } else {
                return nil
            }
        }
        guard seenDigit else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let value = whole * 100 + fraction
        rawValue = negative ? -value : value
    }

    /// "2950.4" style: as few decimals as needed, for sheets (round-trips through `init(yuan:)`).
    public var yuanText: String {
        let sign = rawValue < 0 ? "-" : ""
        let v = abs(rawValue)
        let cents = v % 100
        if cents == 0 { return "\(sign)\(v / 100)" }
        if cents % 10 == 0 { return "\(sign)\(v / 100).\(cents / 10)" }
        return "\(sign)\(v / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// "2,950.40" for pages and explanations.
    public var display: String {
        let sign = rawValue < 0 ? "-" : ""
        let v = abs(rawValue)
        var whole = String(v / 100)
        var groups: [String] = []
        while whole.count > 3 { groups.insert(String(whole.suffix(3)), at: 0); whole.removeLast(3) }
        groups.insert(whole, at: 0)
        let cents = v % 100
        return "\(sign)\(groups.joined(separator: ",")).\(cents < 10 ? "0" : "")\(cents)"
    }

    public var description: String { display }
    public static func < (a: Fen, b: Fen) -> Bool { a.rawValue < b.rawValue }
    public static func + (a: Fen, b: Fen) -> Fen { Fen(rawValue: a.rawValue + b.rawValue) }
    public static func - (a: Fen, b: Fen) -> Fen { Fen(rawValue: a.rawValue - b.rawValue) }
}

/// The five income parts of a year (DOMAIN.md §2 "Income").
public struct HouseholdIncome: Sendable, Equatable, Codable {
    public var wage: Fen
    public var production: Fen
    public var property: Fen
    public var transfer: Fen
    public var productionCost: Fen

    public init(wage: Fen = .zero, production: Fen = .zero, property: Fen = .zero, transfer: Fen = .zero, productionCost: Fen = .zero) {
        self.wage = wage
        self.production = production
        self.property = property
        self.transfer = transfer
        self.productionCost = productionCost
    }

    /// 纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性 − 生产经营性支出.
    public var net: Fen { wage + production + property + transfer - productionCost }

    /// 家庭年人均纯收入, in fen, rounded half away from zero; nil for an empty household.
    public func perCapita(size: Int) -> Fen? {
        guard size > 0 else { return nil }
        let n = net.rawValue
        let q = (abs(n) * 2 + Int64(size)) / (Int64(size) * 2)
        return Fen(rawValue: n < 0 ? -q : q)
    }
}
