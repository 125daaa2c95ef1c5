import Foundation
public import JingzhunDomain
import SQLKit

/// Gathers a plan's tasks and reports as of one week and hands them to `WeeklyBulletin` (issue 6 §7). Reports
/// expected that week are those of the plan's cadence periods whose due day falls inside it (every week for a
/// weekly plan; only the weeks holding the 10th/20th/last day for 旬报).
public struct BulletinBuilder: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public func bulletin(plan id: Plan.ID, week: ReportPeriod) async throws -> WeeklyBulletin {
        let repository = TaskRepository(store: store)
        guard let plan = try await repository.plan(id) else { throw StorageError.notFound("方案 \(id.rawValue)") }
        guard plan.status != .draft else { throw StorageError.conflict("方案尚未下发，没有通报") }
        let weights = try await SettingsRepository(store: store).decoded(.bulletinWeights, year: week.end.year, as: BulletinWeights.self)
            ?? BulletinWeights(completion: 1, reporting: 1, source: "未配置，等权")
        let tasks = try await repository.tasks(plan: id)
        let weekEnd = ChinaTime.isoUTC(ChinaTime.date(week.end.adding(days: 1), hour: 0, minute: 0))
        let live = tasks.filter { ($0.createdAt ?? "") < weekEnd }
        let calendar = try await SettingsRepository(store: store).workCalendar(around: week.end)
        let periods = plan.cadence.periods(from: week.start.adding(days: -31), to: week.end, calendar: calendar)
            .filter { $0.dueDay >= week.start && $0.dueDay <= week.end }
        var reports: [TaskItem.ID: TaskWorkflow.Report] = [:]
        var dueAt: String?
        if let period = periods.last {
            reports = try await TaskWorkflow(store: store).reports(period: period.label, tasks: live.map(\.id))
            dueAt = ChinaTime.isoUTC(period.dueDate)
        }
        var towns: [RegionCode: String] = [:]
        for row in try await store.db.select().columns("code", "name").from("regions").where("parent_code", .equal, plan.regionCode.rawValue).all() {
            towns[RegionCode(rawValue: try row.decode(column: "code", as: String.self))!] = try row.decode(column: "name", as: String.self)
        }
        let lines = live.map { task -> WeeklyBulletin.TaskLine in
            let owner = task.owningUnits.first?.name ?? task.parties(.leader).first?.name ?? "未明确责任单位"
            let closedOn = task.status == .closed ? task.closedAt.flatMap(ChinaTime.parseISO).map { Day.today($0) } : nil
            // A report submitted after the week's end does not count for that week.
            let report = reports[task.id].flatMap { r -> (submitted: String, late: Bool)? in
                r.submittedAt < weekEnd ? (ChinaTime.display(r.submittedAt), r.late) : nil
            }
            return WeeklyBulletin.TaskLine(task: task, owner: owner, town: task.kind == .townTask ? towns[task.regionCode] : nil,
                                           // owed only by tasks handed out before the report was due (as the sweep judges)
                                           closedOn: closedOn, reportDue: dueAt.map { (task.createdAt ?? "") < $0 } ?? false,
                                           report: report)
        }
        return WeeklyBulletin(planTitle: plan.title, week: week, lines: lines, weights: weights)
    }
}
