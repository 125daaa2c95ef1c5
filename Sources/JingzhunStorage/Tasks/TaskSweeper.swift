import Foundation
public import JingzhunDomain
import SQLKit

/// The daily pass over live tasks (issue 6 §5): T-3/T-1 reminders, overdue marks, missing reports for the last
/// period whose due time has passed, and the automatic 督办 steps of the county's `EscalationPolicy`. The server
/// runs it hourly and `jingzhun tasks sweep` on demand; running it again sends nothing twice.
public struct TaskSweeper: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Result: Sendable, Equatable {
        public var tasks = 0
        public var notices = 0
        public var escalations = 0
        public var missingReports = 0

        public var summary: String {
            "检查任务 \(tasks) 项：新通知 \(notices) 条，自动督办 \(escalations) 次，未报进展 \(missingReports) 项"
        }
    }

    public func sweep(context: ChangeContext) async throws -> Result {
        let today = Day.today(context.now)
        let policy = try await Self.policy(store: store, year: today.year)
        let calendar = try await SettingsRepository(store: store).workCalendar(around: today)
        let repository = TaskRepository(store: store)
        let tasks = try await repository.openTasks()
        var plans: [Plan.ID: Plan] = [:]
        for id in Set(tasks.compactMap(\.planID)) { plans[id] = try await repository.plan(id) }
        let nowISO = ChinaTimeStamp.iso(context.now)
        let count = tasks.count
        // Each plan's latest period whose due time has passed, and which tasks reported for it: one query, not one per task.
        var lastDue: [Plan.ID: ReportPeriod] = [:]
        for (id, plan) in plans {
            var period = plan.cadence.period(containing: today, calendar: calendar)
            if ChinaTime.isoUTC(period.dueDate) > nowISO {
                period = plan.cadence.period(containing: period.start.adding(days: -1), calendar: calendar)
            }
            lastDue[id] = period
        }
        var reported = Set<String>()
        let labels = Array(Set(lastDue.values.map(\.label)))
        if !labels.isEmpty {
            for row in try await store.db.select().columns("task_id", "period_label").from("task_reports").where("period_label", .in, labels).all() {
                reported.insert("\(try row.decode(column: "task_id", as: Int64.self))|\(try row.decode(column: "period_label", as: String.self))")
            }
        }
        let reportedPeriods = reported
        let periods = lastDue
        return try await store.write { db in
            var result = Result(tasks: count)
            for task in tasks {
                for notice in TaskClock.notices(for: task, today: today, policy: policy) {
                    if let step = notice.step {
                        var current = task
                        current.escalation = step.rawValue - 1
                        try await TaskWorkflow.recordEscalation(current, step, daysOverdue: task.due.map { $0.days(to: today) },
                                                                note: "逾期自动督办", context: context, on: db)
                        result.escalations += 1
                    } else {
                        result.notices += try await Inbox.send(notice, task: task, context: context, on: db)
                    }
                }
                // The latest period whose due time has passed, if the task was live before it.
                guard let planID = task.planID, let period = periods[planID] else { continue }
                let due = ChinaTime.isoUTC(period.dueDate)
                guard let since = task.createdAt, since < due else { continue }
                if !reportedPeriods.contains("\(task.id.rawValue)|\(period.label)") {
                    let added = try await Inbox.send(TaskClock.missingReport(task, period: period), task: task, context: context, on: db)
                    if added > 0 { result.missingReports += 1; result.notices += added }
                }
            }
            return result
        }
    }

    /// The county's escalation policy for `year` (installed by the migrator, editable as a dated setting).
    public static func policy(store: Store, year: Int) async throws -> EscalationPolicy {
        guard let policy = try await SettingsRepository(store: store).decoded(.taskEscalation, year: year, as: EscalationPolicy.self) else {
            throw StorageError.invalid("未配置督办规则（task.escalation）")
        }
        return policy
    }

    /// Shipped defaults, installed when the county has none (never overwriting its own).
    static func installDefaults(on db: any SQLDatabase) async throws {
        let policy = EscalationPolicy(
            automaticSteps: [.init(daysOverdue: 1, step: .noticeToResponsible), .init(daysOverdue: 7, step: .noticeToLeader)],
            reminderDays: [3, 1],
            source: "Jingzhun 默认（任务清单 issue 6 §5：到期前 3 天、1 天提醒；逾期 1 天督办责任人、7 天督办责任领导；移交督查室和约谈由人决定）")
        try await SettingsRepository.installDefault(.taskEscalation, year: 2016, value: try TaskRepository.json(policy), source: policy.source, on: db)
        let weights = BulletinWeights(completion: 0.6, reporting: 0.4,
                                      source: "Jingzhun 默认（周通报排名：按期完成率 60%，按时报送率 40%；县脱贫办可调整）")
        for year in WorkCalendar.builtInYears {
            guard let calendar = WorkCalendar.builtIn(year: year) else { continue }
            try await SettingsRepository.installDefault(.workCalendar, exactYear: year, value: try TaskRepository.json(calendar),
                                                        source: calendar.source, on: db)
        }
        try await SettingsRepository.installDefault(.bulletinWeights, year: 2016, value: try TaskRepository.json(weights), source: weights.source, on: db)
    }
}
