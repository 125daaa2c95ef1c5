/// `income_drop`: per-capita net income fell year on year by more than the configured share (issue 7 §2;
/// ../shared/DOMAIN.md §8: 突发严重困难户 include "a collapse in income"). The share is configuration
/// (`MonitoringSettings.incomeDropBasisPoints`); a fall of exactly the share does not alert ("超过").
public struct IncomeDropRule: MonitoringAlertRule {
    public init() {}
    public var key: AlertRuleKey { .incomeDrop }
    public var label: String { "人均纯收入大幅下降" }
    public var explanation: String {
        "家庭人均纯收入较上年下降超过设定比例（默认50%，县脱贫办可改）的，列为风险线索，提示收入骤减。"
    }
    public var channel: ClueChannel { .departmentAlert }

    public func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding? {
        guard let previousNet = facts.previousNetIncome, let previousSize = facts.previousSize, previousSize > 0,
            facts.household.size > 0, previousNet.rawValue > 0,
            let now = facts.perCapitaIncome, let before = facts.previousPerCapitaIncome
        else { return nil }
        let size = Int64(facts.household.size)
        let prevSize = Int64(previousSize)
        let share = Int64(context.settings.incomeDropBasisPoints.value)
        // (before − now) ÷ before > share, on the unrounded totals: cross-multiplied by both sizes.
        let fall = previousNet.rawValue * size - facts.household.netIncome.rawValue * prevSize
        guard fall * 10_000 > share * previousNet.rawValue * size else { return nil }
        let fallBasisPoints = Int((Double(fall) * 10_000 / Double(previousNet.rawValue * size)).rounded())
        return AlertFinding(
            reason: "人均纯收入 \(now.display) 元，较上年 \(before.display) 元下降 \(Percent.short(fallBasisPoints))，超过预警比例 \(Percent.short(Int(share)))",
            riskTypes: [])
    }
}

