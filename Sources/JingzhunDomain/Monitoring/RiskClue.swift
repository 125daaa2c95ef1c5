/// A 风险线索: what opens a monitoring case (issue 7 §2; ../shared/DOMAIN.md §8 "Channels").
public struct RiskClue: Sendable, Equatable, Codable {
    /// 户编号 (for a household outside the register, the number the village gave it).
    public var householdNumber: String
    /// The alert rule that raised it; nil for a self-report or a cadre's own finding.
    public var ruleKey: AlertRuleKey?
    /// Chinese, with the numbers ("人均纯收入 5,000.00 元，低于 2021年全国监测范围 6,000.00 元").
    public var reason: String
    public var channel: ClueChannel
    public var foundOn: Day
    public var riskTypes: [MonitoringRiskType]
    /// The object type the facts point to; the county decides.
    public var suggestedObjectType: MonitoringObjectType?

    public init(
        householdNumber: String, ruleKey: AlertRuleKey?, reason: String, channel: ClueChannel, foundOn: Day,
        riskTypes: [MonitoringRiskType] = [], suggestedObjectType: MonitoringObjectType? = nil
    ) {
        self.householdNumber = householdNumber
        self.ruleKey = ruleKey
        self.reason = reason
        self.channel = channel
        self.foundOn = foundOn
        self.riskTypes = riskTypes
        self.suggestedObjectType = suggestedObjectType
    }
}
