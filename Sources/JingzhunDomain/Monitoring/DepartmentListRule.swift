/// `department_list`: a member appears on a department's list — 低保, 特困, 残疾, 医疗救助, 临时救助 (issue 7 §2;
/// ../shared/DOMAIN.md §8 channel 部门筛查预警; [003] 民政 "积极配合扶贫部门建立健全返贫预警机制"). The entries are
/// matched by 身份证号 beforehand (DepartmentListMatcher); the reason names the member and the list, never the number.
public struct DepartmentListRule: MonitoringAlertRule {
    public init() {}
    public var key: AlertRuleKey { .departmentList }
    public var label: String { "列入行业部门救助名单" }
    public var explanation: String {
        "民政（低保、特困、临时救助）、残联（残疾人）、医保（医疗救助）等部门名单按身份证号与农户比对，家庭成员在名单中的，列为风险线索。"
    }
    public var channel: ClueChannel { .departmentAlert }

    public func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding? {
        guard !facts.departmentEntries.isEmpty else { return nil }
        let parts = facts.departmentEntries.map { e in
            "\(e.memberName) 列入\(e.unit)\(e.list.label)名单" + (e.since.map { "（\($0) 起）" } ?? "")
        }
        var types: [MonitoringRiskType] = []
        for e in facts.departmentEntries where !types.contains(e.list.riskType) { types.append(e.list.riskType) }
        return AlertFinding(reason: parts.joined(separator: "；"), riskTypes: types)
    }
}
