/// The result for one household (issue 5 §2–3): failed indicator keys in the standard's order and one Chinese
/// reason per failure, with the numbers.
public struct HouseholdAssessment: Sendable, Equatable, Codable {
    /// 户编号
    public var number: String
    public var villageCode: RegionCode
    /// No veto indicator failed.
    public var passes: Bool
    public var failed: [String]
    public var reasons: [String]
    /// 人均纯收入, rounded half up to the fen; nil when the household has no members.
    public var perCapitaIncome: Fen?

    public init(number: String, villageCode: RegionCode, passes: Bool, failed: [String], reasons: [String], perCapitaIncome: Fen?) {
        self.number = number
        self.villageCode = villageCode
        self.passes = passes
        self.failed = failed
        self.reasons = reasons
        self.perCapitaIncome = perCapitaIncome
    }
}

public struct VillageAssessment: Sendable, Equatable, Codable {
    public var code: RegionCode
    public var name: String
    /// 贫困发生率 = poor people ÷ 总人口; nil without a population.
    public var incidence: Double?
    public var passes: Bool
    public var failed: [String]
    public var reasons: [String]

    public init(code: RegionCode, name: String, incidence: Double?, passes: Bool, failed: [String], reasons: [String]) {
        self.code = code
        self.name = name
        self.incidence = incidence
        self.passes = passes
        self.failed = failed
        self.reasons = reasons
    }
}

public struct CountyAssessment: Sendable, Equatable, Codable {
    public var passes: Bool
    public var failed: [String]
    public var reasons: [String]
    /// The figure each indicator read, by indicator key (absent when there was no data).
    public var values: [String: Double]

    public init(passes: Bool, failed: [String], reasons: [String], values: [String: Double]) {
        self.passes = passes
        self.failed = failed
        self.reasons = reasons
        self.values = values
    }
}
