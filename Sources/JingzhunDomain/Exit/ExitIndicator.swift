import Foundation

/// The three levels that exit (../shared/DOMAIN.md §4): a household 脱贫, a village 出列, a county 摘帽.
public enum ExitLevel: String, Sendable, Codable, CaseIterable {
    case household, village, county

    public var label: String {
        switch self {
        case .household: "户"
        case .village: "村"
        case .county: "县"
        }
    }
}

/// What data an indicator reads. Keys of indicators are the county's to choose; the measure is what the
/// evaluator knows how to compute, so a copied standard with renamed keys is still evaluated correctly.
public enum ExitMeasure: String, Sendable, Codable, CaseIterable {
    // household: 两不愁三保障 + water. 不愁吃穿 has no column in the register, so no measure reads it.
    /// 家庭纯收入 against the line × 家庭人口数 (money)
    case perCapitaIncome = "household.perCapitaIncome"
    /// 住房安全等级 A/B (flag)
    case housingSafe = "household.housingSafe"
    /// 6–15 岁辍学人数 (count)
    case dropouts = "household.dropouts"
    /// members missing 基本医疗保险 plus members missing 大病保险 (count)
    case uninsuredMembers = "household.uninsuredMembers"
    /// 饮水安全 (flag)
    case householdSafeWater = "household.safeWater"

    // village
    /// 贫困发生率 = 未脱贫 + 返贫 people ÷ 总人口 (ratio)
    case villageIncidence = "village.incidence"
    /// 脱贫户人均纯收入占全县平均比重高于上年 (flag)
    case incomeShareVsLastYear = "village.incomeShareVsLastYear"
    case collectiveEconomy = "village.collectiveEconomy"
    case hardenedRoad = "village.hardenedRoad"
    case villageSafeWater = "village.safeWater"
    /// 电力入户率 (ratio)
    case villageElectricityRate = "village.electricityRate"
    case standardClinic = "village.standardClinic"

    // county (ratios)
    case countyIncidence = "county.incidence"
    case ruralIncomeRatio = "county.ruralIncomeRatio"
    case roadRatio = "county.roadRatio"
    case tapWaterRatio = "county.tapWaterRatio"
    case countyElectricityRate = "county.electricityRate"
    case safeHousingRatio = "county.safeHousingRatio"
    case insuranceRatio = "county.insuranceRatio"
    case comprehensiveIncidence = "county.comprehensiveIncidence"
    case wrongExitRate = "county.wrongExitRate"
    case omissionRate = "county.omissionRate"
    case approval = "county.approval"

    public enum Kind: Sendable { case money, flag, count, ratio }

    public var level: ExitLevel {
        switch self {
        case .perCapitaIncome, .housingSafe, .dropouts, .uninsuredMembers, .householdSafeWater: .household
        case .villageIncidence, .incomeShareVsLastYear, .collectiveEconomy, .hardenedRoad, .villageSafeWater,
            .villageElectricityRate, .standardClinic:
            .village
        default: .county
        }
    }

    public var kind: Kind {
        switch self {
        case .perCapitaIncome: .money
        case .housingSafe, .householdSafeWater, .incomeShareVsLastYear, .collectiveEconomy, .hardenedRoad,
            .villageSafeWater, .standardClinic:
            .flag
        case .dropouts, .uninsuredMembers: .count
        default: .ratio
        }
    }
}

public enum ExitComparison: String, Sendable, Codable, CaseIterable {
    case greaterThan, atLeast, lessThan, atMost, isTrue

    func holds(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .greaterThan: value > threshold
        case .atLeast: value >= threshold
        case .lessThan: value < threshold
        case .atMost: value <= threshold
        case .isTrue: value != 0
        }
    }

    func holds(_ value: Int64, _ threshold: Int64) -> Bool {
        switch self {
        case .greaterThan: value > threshold
        case .atLeast: value >= threshold
        case .lessThan: value < threshold
        case .atMost: value <= threshold
        case .isTrue: value != 0
        }
    }

    /// How a failure reads: "3.00%，未低于 3.00%".
    var failurePhrase: String {
        switch self {
        case .greaterThan: "未超过"
        case .atLeast: "低于"
        case .lessThan: "未低于"
        case .atMost: "超过"
        case .isTrue: "不满足"
        }
    }

    var symbol: String {
        switch self {
        case .greaterThan: ">"
        case .atLeast: "≥"
        case .lessThan: "<"
        case .atMost: "≤"
        case .isTrue: "是"
        }
    }
}

/// A threshold: a number (ratio 0…1 or a count), a fixed amount, or "the year's exit line × factor" so one
/// standard serves every year.
public enum ExitThreshold: Sendable, Equatable, Codable {
    case number(Double)
    case amount(Fen)
    case povertyLine(factor: Double)

    private enum CodingKeys: String, CodingKey { case number, amountFen, povertyLineFactor }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let n = try c.decodeIfPresent(Double.self, forKey: .number) {
            self = .number(n)
        } else if let f = try c.decodeIfPresent(Int64.self, forKey: .amountFen) {
            self = .amount(Fen(rawValue: f))
        } else if let factor = try c.decodeIfPresent(Double.self, forKey: .povertyLineFactor) {
            self = .povertyLine(factor: factor)
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "阈值须为 number、amountFen 或 povertyLineFactor 之一"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .number(let n): try c.encode(n, forKey: .number)
        case .amount(let f): try c.encode(f.rawValue, forKey: .amountFen)
        case .povertyLine(let factor): try c.encode(factor, forKey: .povertyLineFactor)
        }
    }
}

/// One indicator of a standard: what it reads, how it compares, whether failing it vetoes exit, its AF weight
/// and where the rule comes from.
public struct ExitIndicator: Sendable, Equatable, Codable {
    /// Stable key used in JSON, exports and shortfall lists ("income", "incidence").
    public var key: String
    /// Chinese label used in explanations ("收入", "贫困发生率").
    public var label: String
    public var level: ExitLevel
    public var measure: ExitMeasure
    public var comparison: ExitComparison
    /// nil for `isTrue`.
    public var threshold: ExitThreshold?
    /// 一票否决: failing it alone blocks exit. Non-veto indicators are listed as failed but only scored.
    public var veto: Bool
    /// Alkire–Foster weight; nil when the standard is veto-only.
    public var weight: Double?
    public var source: String

    public init(
        key: String, label: String, level: ExitLevel, measure: ExitMeasure, comparison: ExitComparison,
        threshold: ExitThreshold? = nil, veto: Bool = true, weight: Double? = nil, source: String
    ) {
        self.key = key
        self.label = label
        self.level = level
        self.measure = measure
        self.comparison = comparison
        self.threshold = threshold
        self.veto = veto
        self.weight = weight
        self.source = source
    }
}

extension ExitThreshold: CustomStringConvertible {
    /// As a county user reads it in the standard editor and the audit log.
    public var description: String {
        switch self {
        case .number(let n):
            n == n.rounded() && abs(n) >= 1 ? String(Int64(n)) : "\(n)"
        case .amount(let fen): "\(fen.display) 元"
        case .povertyLine(let factor): factor == 1 ? "当年贫困线" : "当年贫困线 × \(factor)"
        }
    }

    /// Reads what `description` and the editor show: "贫困线", "贫困线×1.1", "3075元", "0.03", "3%".
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.contains("贫困线") {
            let parts = t.split(whereSeparator: { $0 == "×" || $0 == "*" || $0 == "x" })
            if parts.count == 2, let f = Double(parts[1].trimmingCharacters(in: .whitespaces)) { self = .povertyLine(factor: f) } else {
                self = .povertyLine(factor: 1)
            }
        } else if t.hasSuffix("元"), let fen = Fen(yuan: t) {
            self = .amount(fen)
        } else if t.hasSuffix("%") || t.hasSuffix("％"), let v = Double(t.dropLast().trimmingCharacters(in: .whitespaces)) {
            self = .number(v / 100)
        } else if let v = Double(t) {
            self = .number(v)
        } else {
            return nil
        }
    }
}
