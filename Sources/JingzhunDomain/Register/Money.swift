import Foundation

/// Money as integer fen (分), portable across engines and exact (STYLE.md §1). Sheets carry 元 with up
/// to two decimals ("2950.4", "3,075", "-120.50").
public struct Fen: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public static let zero = Fen(rawValue: 0)

    /// Parses 元 text; nil for anything that is not a number with at most two decimals.
    public init?(yuan text: String) {
        var t = text.trimmingWhitespace().replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "")
        if t.hasSuffix("元") { t.removeLast() }
        guard !t.isEmpty else { return nil }
        var negative = false
        if t.hasPrefix("-") { negative = true; t.removeFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }), whole.count <= 13
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        while fraction.count < 2 { fraction += "0" }
        let value = (Int64(whole.isEmpty ? "0" : String(whole)) ?? 0) * 100 + (Int64(fraction) ?? 0)
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
