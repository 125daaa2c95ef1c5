/// `unsafe_housing`: a house appraised C or D (危房), so 住房安全有保障 fails (../shared/DOMAIN.md §4 三保障 and §8
/// 风险消除 "三保障 secure"; [003] 附件: monitored households' houses are checked and C/D houses rebuilt).
public struct UnsafeHousingRule: MonitoringAlertRule {
    public init() {}
    public var key: AlertRuleKey { .unsafeHousing }
    public var label: String { "住房为C级或D级危房" }
    public var explanation: String { "住房安全鉴定为C级或D级危房的，列为风险线索（住房安全保障存在风险）。" }
    public var channel: ClueChannel { .departmentAlert }

    public func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding? {
        let grade = facts.household.housingGrade
        guard !grade.isSafe else { return nil }
        return AlertFinding(reason: "住房鉴定为 \(grade.label) 级危房", riskTypes: [.other])
    }
}
