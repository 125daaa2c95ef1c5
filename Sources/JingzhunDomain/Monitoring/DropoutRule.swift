/// `dropout`: a child of compulsory-school age (6–15) has dropped out, so 义务教育有保障 fails (../shared/DOMAIN.md
/// §4 三保障; [003] 控辍保学; 风险类型 因学, §8).
public struct DropoutRule: MonitoringAlertRule {
    public init() {}
    public var key: AlertRuleKey { .dropout }
    public var label: String { "义务教育阶段辍学" }
    public var explanation: String { "家庭成员中有义务教育阶段（6–15周岁）适龄儿童少年辍学的，列为风险线索。" }
    public var channel: ClueChannel { .departmentAlert }

    public func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding? {
        let n = facts.household.dropouts
        guard n > 0 else { return nil }
        return AlertFinding(reason: "\(n) 名义务教育阶段适龄儿童少年辍学", riskTypes: [.schooling])
    }
}
