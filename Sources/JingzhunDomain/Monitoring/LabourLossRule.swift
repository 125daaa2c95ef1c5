/// `labour_loss`: a member has lost their labour capacity in the last 12 months, as declared by the household or found
/// by a cadre and entered in 风险信息登记 (../shared/DOMAIN.md §8 风险类型 缺劳动力 / 因残; help for households without
/// labour is 兜底).
public struct LabourLossRule: MonitoringAlertRule {
    public init() {}
    public var key: AlertRuleKey { .labourLoss }
    public var label: String { "家庭成员丧失劳动能力" }
    public var explanation: String {
        "近12个月内风险信息登记中（农户申报或基层干部排查）有家庭成员丧失劳动能力的，列为风险线索；其余成员也无劳动能力的，注明家中已无劳动力。"
    }
    public var channel: ClueChannel { .cadreScreening }

    public func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding? {
        let n = facts.membersWhoLostLabour
        guard n > 0 else { return nil }
        var reason = "\(n) 名家庭成员丧失劳动能力"
        if !facts.hasLabourCapacity { reason += "，家中已无劳动力" }
        return AlertFinding(reason: reason, riskTypes: [.labourShortage])
    }
}
