/// A plan (实施方案 / 工作方案) handed out by list (清单交办, ../shared/DOMAIN.md §6.1): its actions become tasks.
public struct Plan: Sendable, Equatable, Codable, Identifiable {
    public struct ID: TypedID {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
    }

    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Imported, waiting for the office to review each parsed action (issue 6 §3).
        case draft
        /// Handed out: tasks are live, reports and clocks run.
        case active
        case closed

        public var label: String {
            switch self {
            case .draft: "待审核"
            case .active: "执行中"
            case .closed: "已结束"
            }
        }
    }

    public var id: ID
    public var title: String
    public var issuer: String?
    public var documentNumber: String?
    public var date: Day?
    public var year: Int
    /// The county the plan runs in.
    public var regionCode: RegionCode
    public var status: Status
    /// When progress is due (every Friday 12:00 in 002; 旬报; monthly).
    public var cadence: ReportCadence
    public var phases: [ParsedPhase]

    public init(id: ID, title: String, issuer: String?, documentNumber: String?, date: Day?, year: Int, regionCode: RegionCode,
                status: Status, cadence: ReportCadence, phases: [ParsedPhase]) {
        self.id = id
        self.title = title
        self.issuer = issuer
        self.documentNumber = documentNumber
        self.date = date
        self.year = year
        self.regionCode = regionCode
        self.status = status
        self.cadence = cadence
        self.phases = phases
    }
}

/// One item of the shared workflow core: an owner, a deadline, reports, escalation, evidence and 销号. Plan
/// actions, their per-town sub-tasks, exit-standard shortfalls and (later) inspection problems are all tasks
/// (issue 6: "build that core once").
public struct TaskItem: Sendable, Equatable, Codable, Identifiable {
    public struct ID: TypedID {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
    }

    public var id: ID
    public var kind: TaskKind
    public var planID: Plan.ID?
    /// The action a per-town sub-task was expanded from ("每个镇", issue 6 §1).
    public var parentID: ID?
    /// As printed in the plan: "一、(三)", "3".
    public var number: String
    public var title: String
    public var content: String
    /// Where the task belongs: the county for county-wide actions, a town for its sub-task, a village for a shortfall.
    public var regionCode: RegionCode
    public var deadline: FuzzyDeadline?
    public var status: TaskStatus
    /// Highest 督办 step taken so far (0 = none).
    public var escalation: Int
    public var parties: [TaskParty]
    public var milestones: [Milestone]
    /// UTC ISO instant the task was closed (销号 approved).
    public var closedAt: String?
    /// UTC ISO instant it was handed out: reports are owed only for periods due after it.
    public var createdAt: String?

    public init(id: ID, kind: TaskKind, planID: Plan.ID?, parentID: ID?, number: String, title: String, content: String,
                regionCode: RegionCode, deadline: FuzzyDeadline?, status: TaskStatus, escalation: Int = 0,
                parties: [TaskParty] = [], milestones: [Milestone] = [], closedAt: String? = nil, createdAt: String? = nil) {
        self.id = id
        self.kind = kind
        self.planID = planID
        self.parentID = parentID
        self.number = number
        self.title = title
        self.content = content
        self.regionCode = regionCode
        self.deadline = deadline
        self.status = status
        self.escalation = escalation
        self.parties = parties
        self.milestones = milestones
        self.closedAt = closedAt
        self.createdAt = createdAt
    }

    /// The date the task is judged against: its own deadline, else its last milestone (按阶段进度要求).
    public var due: Day? { deadline?.due ?? milestones.map(\.due).max() }

    public func parties(_ role: TaskParty.Role) -> [TaskParty] { parties.filter { $0.role == role } }

    /// Who owns the task: its lead units, or its responsible units when none leads.
    public var owningUnits: [TaskParty] {
        let lead = parties(.leadUnit)
        return lead.isEmpty ? parties(.responsibleUnit) : lead
    }

    /// Overdue on `day`: past its due date and not closed.
    public func isOverdue(on day: Day) -> Bool {
        guard status != .closed, let due else { return false }
        return due < day
    }
}

public enum TaskKind: String, Sendable, Codable, CaseIterable {
    case action, townTask, shortfall, problem

    public var label: String {
        switch self {
        case .action: "方案任务"
        case .townTask: "镇级分解任务"
        case .shortfall: "短板整改"
        case .problem: "问题整改"
        }
    }
}

public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case open
    /// 销号 requested with evidence, waiting for the checker.
    case closing
    case closed

    public var label: String {
        switch self {
        case .open: "推进中"
        case .closing: "待销号审核"
        case .closed: "已销号"
        }
    }
}

/// Who a task names: 包抓/责任领导, 牵头单位, 配合单位, 责任人. Names from the plan are kept as printed; `unitID` /
/// `personID` are filled when they match the county's unit and person lists, so reports and inboxes reach them.
public struct TaskParty: Sendable, Equatable, Codable, Hashable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// `responsibleUnit`: 责任单位 or "（…负责）" — jointly responsible, none singled out as lead (DOMAIN.md §6.2 [004]).
        case leader, leadUnit, responsibleUnit, cooperatingUnit, responsible

        public var label: String {
            switch self {
            case .leader: "责任领导"
            case .leadUnit: "牵头单位"
            case .responsibleUnit: "责任单位"
            case .cooperatingUnit: "配合单位"
            case .responsible: "责任人"
            }
        }

        public var isUnit: Bool { self == .leadUnit || self == .responsibleUnit || self == .cooperatingUnit }

        /// Plan order: leaders, lead units, responsible units, cooperating units, persons.
        public static let printed: [Role] = [.leader, .leadUnit, .responsibleUnit, .cooperatingUnit, .responsible]
    }

    public var role: Role
    public var name: String
    public var unitID: OrgUnit.ID?
    public var personID: Person.ID?

    public init(role: Role, name: String, unitID: OrgUnit.ID? = nil, personID: Person.ID? = nil) {
        self.role = role
        self.name = name
        self.unitID = unitID
        self.personID = personID
    }
}

/// A dated step of a task ("7月底前，每镇至少建立1个示范点"), optionally with a number to reach.
public struct Milestone: Sendable, Equatable, Codable, Identifiable {
    public struct ID: TypedID {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
    }

    public var id: ID
    public var due: Day
    public var dueText: String
    public var text: String
    public var target: Double?
    public var unit: String?
    /// Latest value reported.
    public var current: Double?

    public init(id: ID, due: Day, dueText: String, text: String, target: Double? = nil, unit: String? = nil, current: Double? = nil) {
        self.id = id
        self.due = due
        self.dueText = dueText
        self.text = text
        self.target = target
        self.unit = unit
        self.current = current
    }

    public var reached: Bool {
        guard let target, let current else { return false }
        return current >= target
    }
}

extension TaskItem: Auditable {
    public static var auditType: String { "task" }
    public var auditID: String { String(id.rawValue) }
    public var auditRegion: RegionCode? { regionCode }
    public var auditFields: [(String, String?)] {
        [
            ("编号", number), ("任务", title), ("内容", content), ("完成时限", deadline?.text),
            ("截止日期", deadline?.due?.description), ("状态", status.label), ("督办", EscalationStep(rawValue: escalation)?.label),
            ("责任领导", join(.leader)), ("牵头单位", join(.leadUnit)), ("责任单位", join(.responsibleUnit)), ("配合单位", join(.cooperatingUnit)),
            ("责任人", join(.responsible)),
        ]
    }

    private func join(_ role: TaskParty.Role) -> String? {
        let names = parties(role).map(\.name)
        return names.isEmpty ? nil : names.joined(separator: "、")
    }
}
