/// `labour_loss`: a member who could work has lost the capacity (../shared/DOMAIN.md §8 风险类型 缺劳动力 / 因残;
/// help for households without labour is 兜底).
public struct LabourLossRule: MonitoringAlertRule {
    public init() {}
    public var key: AlertRuleKey { .labourLoss }
    public var label: String { "家庭成员丧失劳动能力" }
    public var explanation: String { "家庭成员由有劳动能力变为丧失劳动力或无劳动力的，列为风险线索。" }
    public var channel: ClueChannel { .departmentAlert }

    public func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding? {
        let n = facts.membersWhoLostLabour
        guard n > 0 else { return nil }
        var reason = "\(n) 名家庭成员丧失劳动能力"
        if !facts.hasLabourCapacity { reason += "，家中已无劳动力" }
        return AlertFinding(reason: reason, riskTypes: [.labourShortage])
    }
}
