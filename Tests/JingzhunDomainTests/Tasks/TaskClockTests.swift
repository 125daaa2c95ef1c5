import JingzhunDomain
import Testing

/// The daily clock of one task: reminders before the deadline, then the ladder one rung at a time.
@Suite struct TaskClockTests {
    let policy = EscalationPolicy(
        automaticSteps: [.init(daysOverdue: 1, step: .noticeToResponsible), .init(daysOverdue: 7, step: .noticeToLeader)],
        reminderDays: [3, 1], source: "测试")

    func task(due: String, status: TaskStatus = .open, escalation: Int = 0) -> TaskItem {
        TaskItem(id: .init(rawValue: 1), kind: .action, planID: nil, parentID: nil, number: "1", title: "改水", content: "",
                 regionCode: RegionCode(rawValue: "610927000000")!,
                 deadline: FuzzyDeadline(text: "11月30日前", kind: .date, due: Day(due), firmness: .plain, outsidePlanWindow: false),
                 status: status, escalation: escalation)
    }

    @Test func remindersGoOutThreeDaysAndOneDayBefore() {
        let t = task(due: "2025-11-30")
        #expect(TaskClock.notices(for: t, today: Day("2025-11-27")!, policy: policy).map(\.key) == ["remind:T-3:2025-11-30"])
        #expect(TaskClock.notices(for: t, today: Day("2025-11-29")!, policy: policy).map(\.key) == ["remind:T-1:2025-11-30"])
        #expect(TaskClock.notices(for: t, today: Day("2025-11-28")!, policy: policy).isEmpty)
        #expect(TaskClock.notices(for: t, today: Day("2025-11-30")!, policy: policy).isEmpty)  // due today is not late
    }

    @Test func aWeekLateTheLadderIsClimbedRungByRungFromWhereItStands() {
        let notices = TaskClock.notices(for: task(due: "2025-11-30"), today: Day("2025-12-07")!, policy: policy)
        #expect(notices.map(\.kind) == [.overdue, .escalation, .escalation])
        #expect(notices.compactMap(\.step) == [.noticeToResponsible, .noticeToLeader])
        let already = TaskClock.notices(for: task(due: "2025-11-30", escalation: 1), today: Day("2025-12-07")!, policy: policy)
        #expect(already.compactMap(\.step) == [.noticeToLeader])
        // the higher rungs are never automatic
        #expect(TaskClock.notices(for: task(due: "2025-11-30", escalation: 2), today: Day("2026-03-01")!, policy: policy).compactMap(\.step).isEmpty)
    }

    @Test func aTaskWaitingForItsCheckIsNotChasedAndAClosedOneIsSilent() {
        #expect(TaskClock.notices(for: task(due: "2025-11-30", status: .closing), today: Day("2025-12-20")!, policy: policy).compactMap(\.step).isEmpty)
        #expect(TaskClock.notices(for: task(due: "2025-11-30", status: .closed), today: Day("2025-12-20")!, policy: policy).isEmpty)
    }

    @Test func theNextRungIsOnlyTheOneAboveTheCurrent() {
        #expect(EscalationStep.next(after: 0) == .noticeToResponsible)
        #expect(EscalationStep.next(after: 3) == .admonition)
        #expect(EscalationStep.next(after: 4) == nil)
    }
}
