public import Foundation

/// An exit standard as data (issue 5 §1; ../shared/DOMAIN.md §4): a named, dated set of household, village and
/// county indicators. Counties copy a built-in standard and edit thresholds, or load one from JSON.
public struct ExitStandard: Sendable, Equatable, Codable {
    /// Stable key ("shaanxi-2017").
    public var key: String
    public var name: String
    /// Region code prefix or name of the province whose rule this is; nil for a national standard.
    public var province: String?
    public var firstYear: Int
    /// nil while still in force.
    public var lastYear: Int?
    /// 西部地区: the national rule allows 3 % instead of 2 % there (DOMAIN.md §4). Recorded so a reader knows
    /// which variant of a national standard the thresholds were set for.
    public var west: Bool
    public var household: [ExitIndicator]
    public var village: [ExitIndicator]
    public var county: [ExitIndicator]
    public var source: String

    public init(
        key: String, name: String, province: String? = nil, firstYear: Int, lastYear: Int? = nil, west: Bool = false,
        household: [ExitIndicator], village: [ExitIndicator], county: [ExitIndicator], source: String
    ) {
        self.key = key
        self.name = name
        self.province = province
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.west = west
        self.household = household
        self.village = village
        self.county = county
        self.source = source
    }

    public func indicators(_ level: ExitLevel) -> [ExitIndicator] {
        switch level {
        case .household: household
        case .village: village
        case .county: county
        }
    }

    public func indicator(_ key: String, level: ExitLevel) -> ExitIndicator? {
        indicators(level).first { $0.key == key }
    }

    public func applies(toYear year: Int) -> Bool {
        year >= firstYear && (lastYear.map { year <= $0 } ?? true)
    }

    // MARK: copy and edit

    /// A county's own copy, to be edited and saved under its own key.
    public func copy(key: String, name: String) -> ExitStandard {
        var copy = self
        copy.key = key
        copy.name = name
        return copy
    }

    /// The same standard with one indicator's threshold changed; throws when the key is unknown or the new
    /// threshold does not fit the indicator.
    public func withThreshold(_ threshold: ExitThreshold?, for key: String, level: ExitLevel) throws(ExitStandardError) -> ExitStandard {
        var copy = self
        func edit(_ list: inout [ExitIndicator]) throws(ExitStandardError) {
            guard let i = list.firstIndex(where: { $0.key == key }) else {
                throw ExitStandardError(field: "\(level.rawValue).\(key)", message: "没有这个指标")
            }
            list[i].threshold = threshold
            if let problem = Self.thresholdProblem(list[i]) {
                throw ExitStandardError(field: "\(level.rawValue)[\(i)].threshold", message: problem)
            }
        }
        switch level {
        case .household: try edit(&copy.household)
        case .village: try edit(&copy.village)
        case .county: try edit(&copy.county)
        }
        return copy
    }

    // MARK: validation

    /// Every problem, each naming its field; empty when the standard can be used.
    public func problems() -> [ExitStandardError] {
        var out: [ExitStandardError] = []
        if key.isEmpty { out.append(.init(field: "key", message: "不能为空")) }
        if name.isEmpty { out.append(.init(field: "name", message: "不能为空")) }
        if let last = lastYear, last < firstYear {
            out.append(.init(field: "lastYear", message: "截止年度 \(last) 早于起始年度 \(firstYear)"))
        }
        for level in ExitLevel.allCases {
            let list = indicators(level)
            var keys: Set<String> = []
            for (i, indicator) in list.enumerated() {
                let field = "\(level.rawValue)[\(i)]"
                if indicator.key.isEmpty { out.append(.init(field: "\(field).key", message: "不能为空")) }
                if !keys.insert(indicator.key).inserted {
                    out.append(.init(field: "\(field).key", message: "指标键“\(indicator.key)”重复"))
                }
                if indicator.label.isEmpty { out.append(.init(field: "\(field).label", message: "不能为空")) }
                if indicator.level != level {
                    out.append(.init(field: "\(field).level", message: "应为“\(level.rawValue)”"))
                }
                if indicator.measure.level != level {
                    out.append(.init(field: "\(field).measure", message: "“\(indicator.measure.rawValue)”不是\(level.label)级指标"))
                }
                if let problem = Self.thresholdProblem(indicator) {
                    out.append(.init(field: "\(field).threshold", message: problem))
                }
                if let w = indicator.weight, !(w >= 0 && w <= 1) {
                    out.append(.init(field: "\(field).weight", message: "权重 \(w) 不在 0～1 之间"))
                }
            }
            let weights = list.compactMap(\.weight)
            if !weights.isEmpty {
                if weights.count != list.count {
                    out.append(.init(field: "\(level.rawValue)", message: "部分指标有权重、部分没有"))
                } else if abs(weights.reduce(0, +) - 1) > 1e-9 {
                    out.append(.init(field: "\(level.rawValue)", message: "权重之和为 \(weights.reduce(0, +))，应为 1"))
                }
            }
        }
        return out
    }

    static func thresholdProblem(_ indicator: ExitIndicator) -> String? {
        switch (indicator.measure.kind, indicator.comparison, indicator.threshold) {
        case (.flag, .isTrue, nil): return nil
        case (.flag, _, _): return "是否类指标须用 isTrue 且不设阈值"
        case (_, .isTrue, _): return "数值类指标不能用 isTrue"
        case (_, _, nil): return "缺少阈值"
        case (.money, _, .povertyLine(let factor)):
            return factor > 0 && factor.isFinite ? nil : "贫困线倍数 \(factor) 须大于 0"
        case (.money, _, .amount(let fen)): return fen.rawValue >= 0 ? nil : "金额不能为负"
        case (.money, _, .number): return "收入指标的阈值须为金额或贫困线倍数"
        case (.ratio, _, .number(let n)): return n >= 0 && n <= 1 ? nil : "比率 \(n) 不在 0～1 之间"
        case (.count, _, .number(let n)): return n >= 0 && n.rounded() == n ? nil : "人数阈值 \(n) 须为非负整数"
        case (_, _, _): return "比率或人数指标的阈值须为数值"
        }
    }

    // MARK: JSON

    /// Reads a standard from JSON, then validates it; errors name the bad field in Chinese.
    public static func decode(json: Data) throws(ExitStandardError) -> ExitStandard {
        let standard: ExitStandard
        do {
            standard = try JSONDecoder().decode(ExitStandard.self, from: json)
        } catch let error as DecodingError {
            throw ExitStandardError(error)
        } catch {
            throw ExitStandardError(field: "（文件）", message: "不是有效的 JSON")
        }
        if let first = standard.problems().first { throw first }
        return standard
    }

    /// Pretty, key-sorted JSON so saved standards diff cleanly.
    public func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// A bad standard: the field and what is wrong with it, in Chinese.
public struct ExitStandardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Path in the JSON ("household[0].threshold").
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            var text = ""
            for key in keys + (last.map { [$0] } ?? []) {
                if let i = key.intValue { text += "[\(i)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text.isEmpty ? "（根）" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(field: path(context.codingPath, key), message: "缺少该字段")
        case .valueNotFound(_, let context):
            self.init(field: path(context.codingPath), message: "不能为 null")
        case .typeMismatch(let type, let context):
            self.init(field: path(context.codingPath), message: "类型不对，应为\(Self.typeName(type))")
        case .dataCorrupted(let context):
            let message = context.debugDescription.contains("阈值") ? context.debugDescription : "取值无效"
            self.init(field: path(context.codingPath), message: context.codingPath.isEmpty ? "不是有效的 JSON" : message)
        @unknown default:
            self.init(field: "（文件）", message: "无法读取")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "文本"
        case is Int.Type, is Int64.Type: "整数"
        case is Double.Type: "数值"
        case is Bool.Type: "true/false"
        default: "\(type)"
        }
    }

    public var description: String { "退出标准“\(field)”：\(message)" }
}
