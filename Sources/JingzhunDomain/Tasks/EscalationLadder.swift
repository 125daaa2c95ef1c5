/// The 督办 ladder for a task past its deadline: a notice to the responsible person, then to the leader, then
/// the case goes to the 督查室, then a 约谈 (admonition talk) is recorded (issue 6 §5; ../shared/DOMAIN.md §6.5:
/// "reminder → 催办 → 督办 → public criticism → 约谈 → referral", 000's 督办室 and 001's 约谈问责).
public enum EscalationStep: Int, Sendable, Codable, CaseIterable, Comparable {
    case noticeToResponsible = 1
    case noticeToLeader = 2
    case inspectionOffice = 3
    case admonition = 4

    public var label: String {
        switch self {
        case .noticeToResponsible: "督办通知（责任人）"
        case .noticeToLeader: "督办通知（责任领导）"
        case .inspectionOffice: "移交督查室督办"
        case .admonition: "约谈"
        }
    }

    /// Who the step addresses, for the notice text.
    public var addressee: String {
        switch self {
        case .noticeToResponsible: "责任人"
        case .noticeToLeader: "责任领导"
        case .inspectionOffice: "县督查室"
        case .admonition: "责任领导及责任人"
        }
    }

    public static func < (a: EscalationStep, b: EscalationStep) -> Bool { a.rawValue < b.rawValue }

    /// The only step that may follow `current` (0 = none yet): the ladder is climbed one rung at a time.
    public static func next(after current: Int) -> EscalationStep? { EscalationStep(rawValue: current + 1) }
}

/// When the daily sweep climbs the ladder on its own: days past the deadline for each automatic step. The higher
/// rungs (督查室, 约谈) stay a person's decision. Configuration with a year and a source (settings key
/// `task_escalation`), never constants in code.
public struct EscalationPolicy: Sendable, Equatable, Codable {
    /// Days overdue → step, e.g. [1: 1, 7: 2]: one day late the responsible person is notified, a week late the leader.
    public var automaticSteps: [AutomaticStep]
    /// Days before a due date that reminders go out (T-3, T-1).
    public var reminderDays: [Int]
    public var source: String

    public struct AutomaticStep: Sendable, Equatable, Codable {
        public var daysOverdue: Int
        public var step: EscalationStep
        public init(daysOverdue: Int, step: EscalationStep) {
            self.daysOverdue = daysOverdue
            self.step = step
        }
    }

    public init(automaticSteps: [AutomaticStep], reminderDays: [Int], source: String) {
        self.automaticSteps = automaticSteps
        self.reminderDays = reminderDays
        self.source = source
    }

    /// The highest automatic step a task `daysOverdue` past its deadline has earned.
    public func automaticStep(daysOverdue: Int) -> EscalationStep? {
        automaticSteps.filter { daysOverdue >= $0.daysOverdue }.map(\.step).max()
    }
}
