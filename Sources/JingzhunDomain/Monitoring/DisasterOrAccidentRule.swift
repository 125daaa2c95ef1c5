/// `disaster_or_accident`: a natural disaster or an accident of the last 12 months, declared by the household or found
/// by a cadre and entered in 风险信息登记 (../shared/DOMAIN.md §8: 突发严重困难户 "from illness, disaster or accident,
/// whatever the income"; channels 农户自主申报 and 基层干部排查; [003] "先行救助").
public struct DisasterOrAccidentRule: MonitoringAlertRule {
    public init() {}
    public var key: AlertRuleKey { .disasterOrAccident }
    public var label: String { "遭受自然灾害或意外事故" }
    public var explanation: String {
        "近12个月内农户申报或基层干部排查、在风险信息登记中录入的自然灾害、意外事故，列为风险线索（突发严重困难，不论收入高低；可先行救助）。"
    }
    public var channel: ClueChannel { .cadreScreening }

    public func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding? {
        guard !facts.incidents.isEmpty else { return nil }
        let parts = facts.incidents.map { i in
            var text = "\(i.date) \(i.kind.label)：\(i.description)"
            if let loss = i.loss { text += "，损失约 \(loss.display) 元" }
            return text + "（\(i.enteredBy)录入）"
        }
        var types: [MonitoringRiskType] = []
        for i in facts.incidents where !types.contains(i.kind.riskType) { types.append(i.kind.riskType) }
        return AlertFinding(reason: parts.joined(separator: "；"), riskTypes: types, sudden: true)
    }
}
