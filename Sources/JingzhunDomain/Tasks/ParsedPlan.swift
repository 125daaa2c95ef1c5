/// A plan as read from its text or table, before anyone has reviewed it (issue 6 §1 and §3): plan → actions →
/// milestones. Everything keeps the printed wording beside what the parser made of it, and `warnings` (Chinese)
/// says what it could not place, so the review page can show both.
public struct ParsedPlan: Sendable, Equatable, Codable {
    public var title: String
    /// "清脱贫发〔2019〕17号".
    public var documentNumber: String?
    public var issuer: String?
    public var date: Day?
    public var year: Int
    public var phases: [ParsedPhase]
    public var actions: [ParsedAction]
    public var warnings: [String]

    public init(
        title: String, documentNumber: String? = nil, issuer: String? = nil, date: Day? = nil, year: Int,
        phases: [ParsedPhase] = [], actions: [ParsedAction] = [], warnings: [String] = []
    ) {
        self.title = title
        self.documentNumber = documentNumber
        self.issuer = issuer
        self.date = date
        self.year = year
        self.phases = phases
        self.actions = actions
        self.warnings = warnings
    }
}

/// "第一阶段（5月—8月）": a named stretch of the plan with its dates as the text gives them.
public struct ParsedPhase: Sendable, Equatable, Codable {
    public var name: String
    public var start: Day?
    public var end: Day?
    /// The line as printed.
    public var text: String

    public init(name: String, start: Day?, end: Day?, text: String) {
        self.name = name
        self.start = start
        self.end = end
        self.text = text
    }
}

/// One action (task) of a plan.
///
/// An action may have `parts`: [001] numbers its 38 专项行动 "1." … and gives some of them several responsibility
/// blocks under "(1)" or "①", each with its own leader, units and 完成时限 (50 blocks in all). The action then
/// carries every part, and its own fields are the parts' together: leaders and units in order without repeats,
/// milestones of all parts, and a deadline that is the parts' common one, or else the latest of them (a part
/// "按阶段进度要求" counts with its last milestone), because the action is done when its last part is.
public struct ParsedAction: Sendable, Equatable, Codable {
    /// The printed heading path, e.g. "三、(一) 2." or "附件1 3".
    public var number: String
    public var title: String
    /// The action's paragraphs as printed.
    public var content: String
    /// 包抓领导 / 责任领导 / 牵头领导: people, or posts ("分管农业副县长") where the plan names no one.
    public var leaders: [String]
    /// 牵头单位, or units written "X牵头".
    public var leadUnits: [String]
    public var cooperatingUnits: [String]
    /// 责任单位 and "（…负责）": jointly responsible, none singled out as lead ([004]: no lead unless "牵头").
    public var responsibleUnits: [String]
    /// 责任人 / 具体责任人.
    public var persons: [String]
    public var deadline: FuzzyDeadline?
    /// True when no 完成时限 was written and `deadline` is the latest date in the action's text.
    public var deadlineInferred: Bool
    public var milestones: [ParsedMilestone]
    /// A lead or responsible unit is "各镇" / "每个镇" / "各乡（镇）": one sub-task per town.
    public var perTown: Bool
    /// The separate responsibility blocks of the action, when it has more than one.
    public var parts: [ParsedAction]
    /// The line the action starts on (1-based), for the review page and warnings.
    public var line: Int

    public init(
        number: String, title: String, content: String = "", leaders: [String] = [], leadUnits: [String] = [],
        cooperatingUnits: [String] = [], responsibleUnits: [String] = [], persons: [String] = [],
        deadline: FuzzyDeadline? = nil, deadlineInferred: Bool = false, milestones: [ParsedMilestone] = [],
        perTown: Bool = false, parts: [ParsedAction] = [], line: Int = 0
    ) {
        self.number = number
        self.title = title
        self.content = content
        self.leaders = leaders
        self.leadUnits = leadUnits
        self.cooperatingUnits = cooperatingUnits
        self.responsibleUnits = responsibleUnits
        self.persons = persons
        self.deadline = deadline
        self.deadlineInferred = deadlineInferred
        self.milestones = milestones
        self.perTown = perTown
        self.parts = parts
        self.line = line
    }

    /// Who owns the task: the lead units, or the responsible units when none leads.
    public var owningUnits: [String] { leadUnits.isEmpty ? responsibleUnits : leadUnits }

    /// The day the action is due: its deadline's, or its last milestone's ("按阶段进度要求").
    public var effectiveDue: Day? { deadline?.due ?? milestones.map(\.due).max() }
}

/// A dated step inside an action's text: "7月底前，每镇至少建立1个…示范点" → 7-31, the text after the date,
/// target 1, unit 个.
public struct ParsedMilestone: Sendable, Equatable, Codable {
    public var due: Day
    /// The date as written ("7月底前").
    public var dueText: String
    public var text: String
    public var target: Double?
    public var unit: String?

    public init(due: Day, dueText: String, text: String, target: Double? = nil, unit: String? = nil) {
        self.due = due
        self.dueText = dueText
        self.text = text
        self.target = target
        self.unit = unit
    }
}
