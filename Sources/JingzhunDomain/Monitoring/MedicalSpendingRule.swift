/// `medical_spending`: large out-of-pocket medical spending (../shared/DOMAIN.md §8 "Thresholds", 2020 rule:
/// "rigid expenditure clearly above last year's income"; 突发严重困难户 "a surge in rigid expenditure … from
/// illness, whatever the income"). The spending is the sum of the 医疗自付费用 reports of the last 12 months in
/// 风险信息登记 (declared by the household or found by a cadre). Spending above the configured share of last year's
/// 家庭纯收入 (this year's when last year's is unknown), or at least the configured amount when the county sets one.
public struct MedicalSpendingRule: MonitoringAlertRule {
    public init() {}
    public var key: AlertRuleKey { .medicalSpending }
    public var label: String { "医疗自付费用较大" }
    public var explanation: String {
        "风险信息登记中近12个月个人自付医疗费用合计超过上年家庭纯收入的设定比例（默认100%，即刚性支出明显超过上年度收入），或达到县里设定金额的，列为风险线索（突发严重困难，不论收入高低）。"
    }
    public var channel: ClueChannel { .cadreScreening }

    public func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding? {
        let spent = facts.medicalOutOfPocket
        guard spent.rawValue > 0 else { return nil }
        let settings = context.settings
        let income = facts.previousNetIncome ?? facts.household.netIncome
        let incomeLabel = facts.previousNetIncome == nil ? "当年家庭纯收入" : "上年家庭纯收入"
        let share = Int64(settings.medicalShareBasisPoints.value)
        if spent.rawValue * 10_000 > share * max(income.rawValue, 0) {
            let what = share == 10_000 ? "" : "的 \(Percent.short(Int(share)))"
            return AlertFinding(
                reason: "自付医疗费用 \(spent.display) 元，超过\(incomeLabel) \(income.display) 元\(what)",
                riskTypes: [.illness], sudden: true)
        }
        let amount = Fen(rawValue: Int64(settings.medicalAmountFen.value))
        if amount.rawValue > 0 && spent >= amount {
            return AlertFinding(
                reason: "自付医疗费用 \(spent.display) 元，达到设定金额 \(amount.display) 元", riskTypes: [.illness], sudden: true)
        }
        return nil
    }
}
