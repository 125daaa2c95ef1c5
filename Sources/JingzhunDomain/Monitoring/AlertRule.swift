/// The stable keys of the alert rules (issue 7 §2). Each rule is one file named for it; the county office
/// switches rules off by key in `MonitoringSettings.disabledRules`.
public enum AlertRuleKey: String, Sendable, Codable, CaseIterable, Hashable {
    case incomeBelowThreshold = "income_below_threshold"
    case incomeDrop = "income_drop"
    case medicalSpending = "medical_spending"
    case unsafeHousing = "unsafe_housing"
    case dropout = "dropout"
    case disasterOrAccident = "disaster_or_accident"
    case labourLoss = "labour_loss"
    case departmentList = "department_list"

    /// The rule for the key.
    public var rule: any MonitoringAlertRule {
        switch self {
        case .incomeBelowThreshold: IncomeBelowThresholdRule()
        case .incomeDrop: IncomeDropRule()
        case .medicalSpending: MedicalSpendingRule()
        case .unsafeHousing: UnsafeHousingRule()
        case .dropout: DropoutRule()
        case .disasterOrAccident: DisasterOrAccidentRule()
        case .labourLoss: LabourLossRule()
        case .departmentList: DepartmentListRule()
        }
    }
}

/// What every rule is told besides the household's facts.
public struct AlertContext: Sendable, Equatable {
    public var year: Int
    /// The year's range for the household's province/county (MonitoringThresholdTable.resolve).
    public var threshold: ResolvedMonitoringThreshold
    public var settings: MonitoringSettings
    /// The scan's date: the clue's date.
    public var today: Day

    public init(year: Int, threshold: ResolvedMonitoringThreshold, settings: MonitoringSettings = .national, today: Day) {
        self.year = year
        self.threshold = threshold
        self.settings = settings
        self.today = today
    }
}

/// A rule that reads one household's facts and says, in Chinese with the numbers, why it is at risk.
public protocol MonitoringAlertRule: Sendable {
    var key: AlertRuleKey { get }
    /// Short Chinese name ("收入低于监测范围").
    var label: String { get }
    /// What the rule checks and on what authority, for the settings page.
    var explanation: String { get }
    var channel: ClueChannel { get }
    /// nil when the household does not trip the rule.
    func finding(_ facts: MonitoringFacts, context: AlertContext) -> AlertFinding?
}

public struct AlertFinding: Sendable, Equatable {
    public var reason: String
    public var riskTypes: [MonitoringRiskType]
    /// A sudden hardship whatever the income (illness, disaster, accident).
    public var sudden: Bool

    public init(reason: String, riskTypes: [MonitoringRiskType] = [], sudden: Bool = false) {
        self.reason = reason
        self.riskTypes = riskTypes
        self.sudden = sudden
    }
}

/// Runs the enabled rules over households and opens one clue per (household, rule).
public enum MonitoringScan {
    public static func clues(for facts: MonitoringFacts, context: AlertContext) -> [RiskClue] {
        var out: [RiskClue] = []
        for key in AlertRuleKey.allCases where context.settings.isEnabled(key) {
            let rule = key.rule
            guard let finding = rule.finding(facts, context: context) else { continue }
            out.append(RiskClue(
                householdNumber: facts.household.number, ruleKey: key, reason: finding.reason, channel: facts.channels[key] ?? rule.channel,
                foundOn: context.today, riskTypes: finding.riskTypes,
                suggestedObjectType: suggestedObjectType(facts, sudden: finding.sudden)))
        }
        return out
    }

    public static func clues(for households: [MonitoringFacts], context: AlertContext) -> [RiskClue] {
        households.flatMap { clues(for: $0, context: context) }
    }

    /// 突发严重困难户 for a sudden hardship whatever the income; otherwise 脱贫不稳定户 for a registered household that
    /// has exited and 边缘易致贫户 for one outside the register. A registered household not yet exited is still
    /// helped as a poor household: no suggestion.
    static func suggestedObjectType(_ facts: MonitoringFacts, sudden: Bool) -> MonitoringObjectType? {
        if sudden { return .suddenHardship }
        guard facts.registered else { return .edgeProne }
        switch facts.household.status {
        case .exitedWithPolicy, .exitedWithoutPolicy: return .unstableExited
        case .poor, .returned: return nil
        }
    }
}
