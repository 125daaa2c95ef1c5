import Foundation

/// What the daily sweep tells people about one task on one day (issue 6 §5): T-3/T-1 reminders before its
/// deadline and each open milestone, an overdue mark once the deadline has passed, a missing weekly report once
/// its due time has passed, and the automatic 督办 steps of the `EscalationPolicy`. Each notice has a key, so a
/// sweep run twice the same day sends nothing twice.
public enum TaskClock {
    public static func notices(for task: TaskItem, today: Day, policy: EscalationPolicy) -> [TaskNotice] {
        guard task.status != .closed else { return [] }
        var out: [TaskNotice] = []
        let title = "「\(task.title)」"
        if let due = task.due {
            let left = today.days(to: due)
            if policy.reminderDays.contains(left) {
                out.append(TaskNotice(
                    key: "remind:T-\(left):\(due)", kind: .reminder, taskID: task.id, to: .owners,
                    message: "任务\(title)将于 \(due) 到期，还有 \(left) 天。"))
            }
            if left < 0 {
                out.append(TaskNotice(
                    key: "overdue:\(due)", kind: .overdue, taskID: task.id, to: .owners,
                    message: "任务\(title)已超过完成时限（\(due)），请尽快完成并申请销号。"))
                // A task waiting for its 销号 check has done its part: the ladder waits for the checker.
                if task.status == .open, let step = policy.automaticStep(daysOverdue: -left) {
                    // Every rung up to the earned one, in order: the ladder is never skipped.
                    for rung in EscalationStep.allCases where rung <= step && rung.rawValue > task.escalation {
                        out.append(escalation(task, rung, daysOverdue: -left))
                    }
                }
            }
        }
        for milestone in task.milestones where !milestone.reached {
            let left = today.days(to: milestone.due)
            if policy.reminderDays.contains(left) {
                out.append(TaskNotice(
                    key: "remind:T-\(left):milestone:\(milestone.id.rawValue)", kind: .reminder, taskID: task.id, to: .owners,
                    message: "任务\(title)的节点「\(milestone.text)」将于 \(milestone.due) 到期，还有 \(left) 天。"))
            }
        }
        return out
    }

    public static func escalation(_ task: TaskItem, _ step: EscalationStep, daysOverdue: Int?, note: String? = nil) -> TaskNotice {
        var message = "【\(step.label)】任务「\(task.title)」"
        if let daysOverdue { message += "已逾期 \(daysOverdue) 天" }
        message += "，请\(step.addressee)督促落实，限期完成。"
        if let note, !note.isEmpty { message += "（\(note)）" }
        return TaskNotice(key: "escalation:\(step.rawValue)", kind: .escalation, taskID: task.id, to: step.recipients,
                          message: message, step: step)
    }

    /// A report for `period` was due and none came.
    public static func missingReport(_ task: TaskItem, period: ReportPeriod) -> TaskNotice {
        TaskNotice(key: "report-missing:\(period.label)", kind: .reportMissing, taskID: task.id, to: .owners,
                   message: "任务「\(task.title)」\(period.label) 的进展报告未按时报送（应于 \(period.dueDay) \(String(format: "%02d:%02d", period.dueHour, period.dueMinute)) 前）。")
    }
}

public struct TaskNotice: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case reminder, overdue, reportMissing, escalation, closureRequest, closureDecision

        public var label: String {
            switch self {
            case .reminder: "到期提醒"
            case .overdue: "逾期"
            case .reportMissing: "未报进展"
            case .escalation: "督办"
            case .closureRequest: "销号申请"
            case .closureDecision: "销号审核"
            }
        }
    }

    /// Who receives it, resolved against the task's parties by the storage layer.
    public enum Recipients: String, Sendable, Codable {
        /// 责任人 and the lead unit's accounts.
        case owners
        /// The owners and the 责任领导.
        case ownersAndLeaders
        /// The 督查室 (inspectors) and the county office, besides the owners.
        case inspection
        /// Whoever checks 销号 (the county office).
        case checkers
    }

    public var key: String
    public var kind: Kind
    public var taskID: TaskItem.ID
    public var to: Recipients
    public var message: String
    public var step: EscalationStep?

    public init(key: String, kind: Kind, taskID: TaskItem.ID, to: Recipients, message: String, step: EscalationStep? = nil) {
        self.key = key
        self.kind = kind
        self.taskID = taskID
        self.to = to
        self.message = message
        self.step = step
    }
}

extension EscalationStep {
    public var recipients: TaskNotice.Recipients {
        switch self {
        case .noticeToResponsible: .owners
        case .noticeToLeader: .ownersAndLeaders
        case .inspectionOffice, .admonition: .inspection
        }
    }
}
