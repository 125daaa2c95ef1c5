/// `income_below_threshold`: per-capita net income below the year's 监测范围 (../shared/DOMAIN.md §8 "Objects" and
/// "Thresholds": 脱贫不稳定户 and 边缘易致贫户 are households "below the range"). Per-capita income is the exit
/// standard's (家庭纯收入 ÷ 家庭人口数, HouseholdIncome.perCapita), compared exactly in fen; income exactly at the
/// range is not below it and raises no clue.
public struct IncomeBelowThresholdRule: MonitoringAlertRule {
    public init() {}
    public var key: AlertRuleKey { .incomeBelowThreshold }
    public var label: String { "人均纯收入低于监测范围" }
    public var explanation: String {
        "家庭人均纯收入（工资性、生产经营性、财产性、转移性收入之和减生产经营性支出，除以家庭人口数，与退出标准算法相同）低于当年监测范围的，列为风险线索；等于监测范围的不列。监测范围：2020年约为扶贫标准的1.5倍，2021年6000元，此后由各省逐年确定。"
    }
    public var channel: ClueChannel { .departmentAlert }

    public func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding? {
        let threshold = context.threshold
        guard facts.incomeIsBelow(threshold.amount), let perCapita = facts.perCapitaIncome else { return nil }
        let place = threshold.entry.regionName ?? (threshold.entry.scope == .nation ? "全国" : threshold.entry.regionCode ?? "")
        return AlertFinding(
            reason: "人均纯收入 \(perCapita.display) 元，低于\(threshold.entry.year)年\(place)监测范围 \(threshold.amount.display) 元",
            riskTypes: [])
    }
}
