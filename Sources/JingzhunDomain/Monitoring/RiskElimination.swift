/// What the village brings to the 风险消除 appraisal.
public struct EliminationEvidence: Sendable, Equatable {
    /// The household's facts now (income, size, housing, water, dropouts, insurance, labour capacity).
    public var facts: MonitoringFacts
    /// The range the income is compared with (the year's, MonitoringThresholdTable.resolve).
    public var threshold: ResolvedMonitoringThreshold
    /// Since when per-capita income has stayed above the range (from the monthly visits); nil if it has not.
    public var incomeAboveRangeSince: Day?
    /// Large rigid costs (medical, schooling, disaster repairs) resolved.
    public var rigidExpensesResolved: Bool

    public init(
        facts: MonitoringFacts, threshold: ResolvedMonitoringThreshold, incomeAboveRangeSince: Day?,
        rigidExpensesResolved: Bool
    ) {
        self.facts = facts
        self.threshold = threshold
        self.incomeAboveRangeSince = incomeAboveRangeSince
        self.rigidExpensesResolved = rigidExpensesResolved
    }
}

/// The criteria of 风险消除 (issue 7 §5; ../shared/DOMAIN.md §8 "风险消除", after
/// https://www.yjq.gov.cn/openness/grassroots/6603431/39287644.html and
/// https://www.pds.gov.cn/contents/22161/234888.html): income stably above the range for at least the configured
/// months (6), large rigid costs resolved, 三保障 and safe water secured, monitored for the same months with at least
/// one measure; a household without labour capacity is never eliminated and stays monitored.
public enum RiskElimination {
    static let noMeasure = "未落实任何帮扶措施，不能风险消除（至少须有一项帮扶措施）"

    /// Every criterion not met, in Chinese, most decisive first; empty when the case may go to the appraisal.
    public static func refusals(
        _ c: MonitoringCase, evidence: EliminationEvidence, on day: Day, settings: MonitoringSettings = .national
    ) -> [String] {
        var out: [String] = []
        let months = settings.eliminationMonths.value
        let facts = evidence.facts
        if !facts.hasLabourCapacity {
            out.append("无劳动能力的家庭不能风险消除，应继续监测并落实兜底保障")
        }
        if c.measures.isEmpty { out.append(noMeasure) }
        let amount = evidence.threshold.amount
        if !facts.incomeIsAbove(amount) {
            let pc = facts.perCapitaIncome.map { "\($0.display) 元" } ?? "无法计算（家庭人口数为 \(facts.household.size)）"
            out.append("人均纯收入 \(pc)，未超过监测范围 \(amount.display) 元")
        } else if let since = evidence.incomeAboveRangeSince {
            let due = since.adding(months: months)
            if day < due {
                out.append("收入稳定超过监测范围不满 \(months) 个月（自 \(since) 起，\(due) 方满）")
            }
        } else {
            out.append("未记录收入稳定超过监测范围的起始日期，无法确认已满 \(months) 个月")
        }
        if !evidence.rigidExpensesResolved { out.append("大额刚性支出问题尚未解决") }
        let h = facts.household
        var guarantees: [String] = []
        if !h.housingGrade.isSafe { guarantees.append("住房为 \(h.housingGrade.label) 级危房") }
        if h.dropouts > 0 { guarantees.append("\(h.dropouts) 名适龄儿童少年辍学") }
        if h.uninsuredMedical > 0 { guarantees.append("\(h.uninsuredMedical) 人未参加基本医疗保险") }
        if !h.waterSafe { guarantees.append("饮水不安全") }
        if !guarantees.isEmpty { out.append("三保障和饮水安全未全部保障：" + guarantees.joined(separator: "，")) }
        if let identified = c.identifiedOn {
            let due = identified.adding(months: months)
            if day < due { out.append("纳入监测不满 \(months) 个月（\(identified) 纳入，\(due) 方满）") }
        }
        return out
    }
}
