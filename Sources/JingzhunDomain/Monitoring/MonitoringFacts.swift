/// What the storage layer gathers for one rural household before the alert rules scan it (issue 7 §2). The
/// exit facts are reused as they are, so per-capita income is the exit standard's: 家庭纯收入 ÷ 家庭人口数,
/// compared exactly in fen.
public struct MonitoringFacts: Sendable, Equatable {
    /// This year's facts: number, village, size, net income, housing grade, water, dropouts, insurance.
    public var household: HouseholdFacts
    /// In the 建档立卡 register; false for a rural household outside it (an edge-household candidate), whose
    /// `household.status` is then not read.
    public var registered: Bool
    /// Last year's 家庭纯收入 and 家庭人口数, when known.
    public var previousNetIncome: Fen?
    public var previousSize: Int?
    /// Out-of-pocket medical spending over the 12 months before the scan: the 医疗自付费用 reports of 风险信息登记.
    public var medicalOutOfPocket: Fen
    /// Members reported (风险信息登记) as having lost their labour capacity in the 12 months before the scan.
    public var membersWhoLostLabour: Int
    /// Whether any member can still work (LabourSkill.canWork). Households without are never eliminated.
    public var hasLabourCapacity: Bool
    /// Disasters and accidents reported in the 12 months before the scan (风险信息登记).
    public var incidents: [Incident]
    /// Rows of departmental lists matched to this household by 身份证号 (DepartmentListMatcher), from lists imported in
    /// the 12 months before the scan.
    public var departmentEntries: [DepartmentListEntry]
    /// How the facts behind a rule came in, when the source says so (a medical cost the household declared itself is
    /// 农户自主申报); the rule's own channel otherwise.
    public var channels: [AlertRuleKey: ClueChannel]

    public init(
        household: HouseholdFacts, registered: Bool = true, previousNetIncome: Fen? = nil, previousSize: Int? = nil,
        medicalOutOfPocket: Fen = .zero, membersWhoLostLabour: Int = 0, hasLabourCapacity: Bool = true,
        incidents: [Incident] = [], departmentEntries: [DepartmentListEntry] = [], channels: [AlertRuleKey: ClueChannel] = [:]
    ) {
        self.household = household
        self.registered = registered
        self.previousNetIncome = previousNetIncome
        self.previousSize = previousSize
        self.medicalOutOfPocket = medicalOutOfPocket
        self.membersWhoLostLabour = membersWhoLostLabour
        self.hasLabourCapacity = hasLabourCapacity
        self.incidents = incidents
        self.departmentEntries = departmentEntries
        self.channels = channels
    }

    /// 人均纯收入 exactly as the exit evaluator shows it (HouseholdIncome.perCapita); nil for an empty household.
    public var perCapitaIncome: Fen? { HouseholdIncome(wage: household.netIncome).perCapita(size: household.size) }

    public var previousPerCapitaIncome: Fen? {
        guard let previousNetIncome, let previousSize else { return nil }
        return HouseholdIncome(wage: previousNetIncome).perCapita(size: previousSize)
    }

    /// 家庭纯收入 < amount × 家庭人口数, in fen — the exit evaluator's exact comparison, so a per-capita figure that
    /// rounds to the amount is judged on the unrounded total. False for an empty household.
    public func incomeIsBelow(_ amount: Fen) -> Bool {
        household.size > 0 && household.netIncome.rawValue < amount.rawValue * Int64(household.size)
    }

    /// 家庭纯收入 > amount × 家庭人口数 (what 风险消除 asks: income above the range).
    public func incomeIsAbove(_ amount: Fen) -> Bool {
        household.size > 0 && household.netIncome.rawValue > amount.rawValue * Int64(household.size)
    }
}

/// A disaster or accident from 风险信息登记: declared by the household or found by a cadre, entered by a cadre.
public struct Incident: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case naturalDisaster, accident
        public var label: String { self == .naturalDisaster ? "自然灾害" : "意外事故" }
        var riskType: MonitoringRiskType { self == .naturalDisaster ? .naturalDisaster : .accident }
    }

    public var kind: Kind
    public var date: Day
    /// What happened, in the cadre's words ("6月暴雨冲毁住房").
    public var description: String
    /// Estimated loss, when entered.
    public var loss: Fen?
    /// Who entered it ("cun01"; "农户申报，cun01" for a self-report).
    public var enteredBy: String

    public init(kind: Kind, date: Day, description: String, loss: Fen? = nil, enteredBy: String) {
        self.kind = kind
        self.date = date
        self.description = description
        self.loss = loss
        self.enteredBy = enteredBy
    }
}
