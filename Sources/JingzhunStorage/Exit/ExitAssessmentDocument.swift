public import Foundation
import JingzhunDomain

/// The `jingzhun assess --format json` contract (issue 5 §2), also served at /api/exit/assess:
/// `{"standard","year","line","households":[{"id","passes","failed","perCapitaIncome","reasons"}],
///   "villages":[{"code","name","incidence","passes","failed","reasons"}],"county":{"passes","failed","values","reasons"}}`.
/// Money in 元 as numbers; `county` is null unless the region is a county.
public struct ExitAssessmentDocument: Encodable, Sendable {
    public struct Household: Encodable, Sendable {
        public var id: String
        public var passes: Bool
        public var failed: [String]
        public var perCapitaIncome: Decimal?
        public var reasons: [String]
    }
    public struct Village: Encodable, Sendable {
        public var code: String
        public var name: String
        public var incidence: Double?
        public var passes: Bool
        public var failed: [String]
        public var reasons: [String]
    }
    public struct County: Encodable, Sendable {
        public var passes: Bool
        public var failed: [String]
        public var values: [String: Double]
        public var reasons: [String]
        public var sources: [String: String]
    }

    public var standard: String
    public var year: Int
    public var line: Decimal
    public var lineSource: String?
    public var households: [Household]
    public var villages: [Village]
    public var county: County?

    public init(_ r: ExitAssessmentReport) {
        standard = r.standard.key
        year = r.year
        line = Self.yuan(r.lineAmount)
        lineSource = r.line.map { "\($0.year)年\($0.purpose.label)：\($0.document)" }
        households = r.households.map {
            Household(id: $0.number, passes: $0.passes, failed: $0.failed, perCapitaIncome: $0.perCapitaIncome.map(Self.yuan), reasons: $0.reasons)
        }
        villages = r.villages.map {
            Village(code: $0.code.rawValue, name: $0.name, incidence: $0.incidence.map { ($0 * 1_000_000).rounded() / 1_000_000 },
                    passes: $0.passes, failed: $0.failed, reasons: $0.reasons)
        }
        county = r.county.map {
            County(passes: $0.passes, failed: $0.failed, values: $0.values.mapValues { ($0 * 1_000_000).rounded() / 1_000_000 },
                   reasons: $0.reasons, sources: r.countySources)
        }
    }

    /// Exact decimal 元 from fen (2950.4, not 2950.3999999).
    static func yuan(_ fen: Fen) -> Decimal { Decimal(fen.rawValue) / 100 }

    // Keys in the contract's order; `county` written as null when absent.
    enum CodingKeys: String, CodingKey { case standard, year, line, lineSource, households, villages, county }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(standard, forKey: .standard)
        try c.encode(year, forKey: .year)
        try c.encode(line, forKey: .line)
        try c.encodeIfPresent(lineSource, forKey: .lineSource)
        try c.encode(households, forKey: .households)
        try c.encode(villages, forKey: .villages)
        if let county { try c.encode(county, forKey: .county) } else { try c.encodeNil(forKey: .county) }
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// The same report as printable tables (户、村、县、短板) for xlsx export and the web page's download.
public struct ReportTable: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[String]]
}

extension ExitAssessmentReport {
    public var tables: [ReportTable] {
        func yesNo(_ b: Bool) -> String { b ? "达标" : "未达标" }
        func percent(_ x: Double?) -> String { x.map { Percent.text(ratio: $0) } ?? "" }
        let households = ReportTable(
            name: "户评估", header: ["户编号", "村代码", "结果", "人均纯收入（元）", "未达标指标", "原因"],
            rows: self.households.map { [$0.number, $0.villageCode.rawValue, yesNo($0.passes), $0.perCapitaIncome?.yuanText ?? "",
                                          $0.failed.joined(separator: "、"), $0.reasons.joined(separator: "；")] })
        let villages = ReportTable(
            name: "村评估", header: ["村代码", "村", "贫困发生率", "结果", "未达标指标", "原因"],
            rows: self.villages.map { [$0.code.rawValue, $0.name, percent($0.incidence), yesNo($0.passes), $0.failed.joined(separator: "、"),
                                       $0.reasons.joined(separator: "；")] })
        let labels = Dictionary(standard.household.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a })
        let shortfalls = ReportTable(
            name: "短板清单", header: ["区划代码", "户数", "未达标户"] + standard.household.map { labels[$0.key] ?? $0.key },
            rows: (townShortfalls + villageShortfalls).map { s in
                let counts = Dictionary(uniqueKeysWithValues: s.rows.map { ($0.indicatorKey, $0.households) })
                return [s.regionCode.rawValue, String(s.households), String(s.failingHouseholds)] + standard.household.map { String(counts[$0.key] ?? 0) }
            })
        var out = [households, villages, shortfalls]
        if let county {
            out.append(ReportTable(
                name: "县评估", header: ["指标", "数值", "来源", "结果"],
                rows: standard.county.map { i in
                    [i.label, county.values[i.key].map { String(format: "%.4f", $0) } ?? "无数据", countySources[i.key] ?? "",
                     county.failed.contains(i.key) ? "未达标" : "达标"]
                } + [["结论", "", "", yesNo(county.passes)]] + county.reasons.map { ["原因", "", $0, ""] }))
        }
        return out
    }
}
