public import Foundation
public import JingzhunDomain
import SQLKit

/// What happens to a live task: periodic progress reports with milestone values and evidence files (issue 6 §4),
/// 销号 requests and the checker's decision, reopening (§6), and 督办 steps up the ladder (§5). Each step is a
/// timeline event, audit-logged in the same transaction, and notifies the people concerned.
public struct TaskWorkflow: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    /// An uploaded file (evidence).
    public struct Upload: Sendable {
        public var fileName: String
        public var contentType: String
        public var data: Data
        public init(fileName: String, contentType: String, data: Data) {
            self.fileName = fileName
            self.contentType = contentType
            self.data = data
        }
    }

    public struct Report: Sendable, Equatable, Identifiable {
        public var id: Int64
        public var taskID: TaskItem.ID
        public var periodLabel: String
        public var periodStart: Day
        public var periodEnd: Day
        public var dueAt: String
        public var submittedAt: String
        public var accountID: Int64?
        public var actor: String
        public var text: String
        public var late: Bool
        public var values: [Milestone.ID: Double]
    }

    public struct Event: Sendable, Equatable, Identifiable {
        public enum Kind: String, Sendable, CaseIterable {
            case report, closureRequested, closureApproved, closureRejected, reopened, escalation

            public var label: String {
                switch self {
                case .report: "报送进展"
                case .closureRequested: "申请销号"
                case .closureApproved: "销号通过"
                case .closureRejected: "销号退回"
                case .reopened: "重新打开"
                case .escalation: "督办"
                }
            }
        }

        public var id: Int64
        public var at: String
        public var accountID: Int64?
        public var actor: String
        public var kind: Kind
        public var step: EscalationStep?
        public var note: String
    }

    public struct StoredFile: Sendable, Equatable, Identifiable {
        public var id: Int64
        public var taskID: TaskItem.ID
        public var reportID: Int64?
        public var eventID: Int64?
        public var fileName: String
        public var contentType: String
        public var size: Int
        public var uploadedAt: String
        public var actor: String
    }

    /// Largest evidence file accepted (poor links, one-file database).
    public static let maxFileBytes = 10 * 1024 * 1024

    // MARK: reports

    /// Submits (or replaces) the task's report for the period containing `day` in the plan's cadence. Late when it
    /// arrives after the period's due time (Beijing).
    @discardableResult
    public func submitReport(task id: TaskItem.ID, on day: Day, text: String, values: [Milestone.ID: Double], files: [Upload],
                             context: ChangeContext) async throws -> Report {
        let tasks = TaskRepository(store: store)
        guard let task = try await tasks.task(id) else { throw StorageError.notFound("任务 \(id.rawValue)") }
        guard task.status != .closed else { throw StorageError.conflict("任务已销号，无需再报送进展") }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw StorageError.invalid("请填写本期工作进展") }
        try Self.checkFiles(files)
        for key in values.keys where !task.milestones.contains(where: { $0.id == key }) {
            throw StorageError.invalid("节点 \(key.rawValue) 不属于该任务")
        }
        let cadence = try await task.planID.asyncMap { try await tasks.plan($0)?.cadence } ?? nil
        let calendar = try await SettingsRepository(store: store).workCalendar(around: day)
        let period = (cadence ?? .weekly(weekday: 5, hour: 12, minute: 0)).period(containing: day, calendar: calendar)
        let dueAt = ChinaTime.isoUTC(period.dueDate)
        let submittedAt = ChinaTimeStamp.iso(context.now)
        let late = submittedAt > dueAt
        return try await store.write { db in
            let existing = try await db.select().column("*").from("task_reports").where("task_id", .equal, id.rawValue)
                .where("period_label", .equal, period.label).first()
            let reportID: Int64
            if let existing {
                reportID = try existing.decode(column: "id", as: Int64.self)
                try await db.update("task_reports").set("text", to: SQLBind(text)).set("submitted_at", to: SQLBind(submittedAt))
                    .set("account_id", to: SQLBind(context.actorAccountID)).set("actor", to: SQLBind(context.actor)).set("late", to: SQLBind(late))
                    .where("id", .equal, reportID).run()
                try await db.delete(from: "task_report_values").where("report_id", .equal, reportID).run()
            } else {
                reportID = try await db.insert(into: "task_reports")
                    .columns("task_id", "period_label", "period_start", "period_end", "due_at", "submitted_at", "account_id", "actor", "text", "late")
                    .values(SQLBind(id.rawValue), SQLBind(period.label), SQLBind(period.start.description), SQLBind(period.end.description),
                            SQLBind(dueAt), SQLBind(submittedAt), SQLBind(context.actorAccountID), SQLBind(context.actor), SQLBind(text), SQLBind(late))
                    .returning("id").first()!.decode(column: "id", as: Int64.self)
            }
            var changes = [FieldChange(field: "\(period.label) 进展", old: try existing?.decode(column: "text", as: String.self), new: text)]
            for (milestone, value) in values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try await db.insert(into: "task_report_values").columns("report_id", "milestone_id", "value")
                    .values(SQLBind(reportID), SQLBind(milestone.rawValue), SQLBind(value)).run()
                let m = task.milestones.first { $0.id == milestone }!
                try await db.update("task_milestones").set("current", to: SQLBind(value)).where("id", .equal, milestone.rawValue).run()
                changes.append(FieldChange(field: "节点「\(m.text)」", old: m.current.map(Self.number), new: Self.number(value)))
            }
            if late { changes.append(FieldChange(field: "迟报", old: nil, new: "应于 \(ChinaTime.display(dueAt)) 前报送")) }
            let event = try await Self.insertEvent(task: id, kind: .report, step: nil, note: period.label, context: context, on: db)
            try await Self.storeFiles(files, task: id, report: reportID, event: event, context: context, on: db)
            try await AuditLog.record([PendingAudit(action: existing == nil ? .create : .update, objectType: "task_report",
                                                    objectID: "\(id.rawValue)/\(period.label)", regionCode: task.regionCode, changes: changes)],
                                      context: context, on: db)
            return Report(id: reportID, taskID: id, periodLabel: period.label, periodStart: period.start, periodEnd: period.end, dueAt: dueAt,
                          submittedAt: submittedAt, accountID: context.actorAccountID, actor: context.actor, text: text, late: late, values: values)
        }
    }

    public func reports(task id: TaskItem.ID) async throws -> [Report] {
        let rows = try await store.db.select().column("*").from("task_reports").where("task_id", .equal, id.rawValue)
            .orderBy("period_start", .descending).all()
        var values: [Int64: [Milestone.ID: Double]] = [:]
        for row in try await store.db.raw("""
            SELECT v.* FROM task_report_values v JOIN task_reports r ON r.id = v.report_id WHERE r.task_id = \(bind: id.rawValue)
            """).all() {
            values[try row.decode(column: "report_id", as: Int64.self), default: [:]][
                Milestone.ID(rawValue: try row.decode(column: "milestone_id", as: Int64.self))] = try row.decode(column: "value", as: Double.self)
        }
        return try rows.map { try Self.decodeReport($0, values: values) }
    }

    /// Reports of many tasks for one period label, by task.
    public func reports(period label: String, tasks ids: [TaskItem.ID]) async throws -> [TaskItem.ID: Report] {
        var out: [TaskItem.ID: Report] = [:]
        for row in try await store.db.select().column("*").from("task_reports").where("period_label", .equal, label).all() {
            let r = try Self.decodeReport(row, values: [:])
            out[r.taskID] = r
        }
        let wanted = Set(ids)
        return out.filter { wanted.contains($0.key) }
    }

    static func decodeReport(_ row: any SQLRow, values: [Int64: [Milestone.ID: Double]]) throws -> Report {
        let id = try row.decode(column: "id", as: Int64.self)
        return Report(
            id: id, taskID: .init(rawValue: try row.decode(column: "task_id", as: Int64.self)),
            periodLabel: try row.decode(column: "period_label", as: String.self),
            periodStart: Day(try row.decode(column: "period_start", as: String.self))!, periodEnd: Day(try row.decode(column: "period_end", as: String.self))!,
            dueAt: try row.decode(column: "due_at", as: String.self), submittedAt: try row.decode(column: "submitted_at", as: String.self),
            accountID: try row.decode(column: "account_id", as: Int64?.self), actor: try row.decode(column: "actor", as: String.self),
            text: try row.decode(column: "text", as: String.self), late: try row.decode(column: "late", as: Bool.self), values: values[id] ?? [:])
    }

    // MARK: 销号

    /// The owner asks for 销号 with a description and evidence files; the checkers are notified.
    public func requestClosure(task id: TaskItem.ID, evidence: String, files: [Upload], context: ChangeContext) async throws {
        guard let task = try await TaskRepository(store: store).task(id) else { throw StorageError.notFound("任务 \(id.rawValue)") }
        let problems = TaskClosure.checkRequest(task, evidenceText: evidence, fileCount: files.count)
        guard problems.isEmpty else { throw StorageError.invalid(problems.joined(separator: "；")) }
        try Self.checkFiles(files)
        try await store.write { db in
            let event = try await Self.insertEvent(task: id, kind: .closureRequested, step: nil, note: evidence, context: context, on: db)
            try await Self.storeFiles(files, task: id, report: nil, event: event, context: context, on: db)
            try await Self.setStatus(task, .closing, note: "申请销号：\(evidence)", context: context, on: db)
            try await Inbox.send(TaskNotice(key: "closure-request:\(event)", kind: .closureRequest, taskID: id, to: .checkers,
                                            message: "任务「\(task.title)」申请销号，请核验佐证材料。"),
                                 task: task, context: context, on: db)
        }
    }

    /// The checker approves (the task is struck off) or sends it back with a reason.
    public func decideClosure(task id: TaskItem.ID, approve: Bool, note: String, context: ChangeContext) async throws {
        guard let task = try await TaskRepository(store: store).task(id) else { throw StorageError.notFound("任务 \(id.rawValue)") }
        let events = try await events(task: id)
        let requester = events.last { $0.kind == .closureRequested }?.accountID
        let reporters = Set(try await reports(task: id).compactMap(\.accountID))
        let problems = TaskClosure.checkDecision(task, checker: context.actorAccountID ?? -1, requester: requester, reporters: reporters)
        guard problems.isEmpty else { throw StorageError.conflict(problems.joined(separator: "；")) }
        if !approve, note.trimmingCharacters(in: .whitespaces).isEmpty { throw StorageError.invalid("退回销号申请须写明原因") }
        try await store.write { db in
            _ = try await Self.insertEvent(task: id, kind: approve ? .closureApproved : .closureRejected, step: nil, note: note, context: context, on: db)
            try await Self.setStatus(task, approve ? .closed : .open, note: approve ? "销号通过" : "销号退回：\(note)", context: context, on: db)
            try await Inbox.send(TaskNotice(key: "closure-decision:\(ChinaTimeStamp.iso(context.now))", kind: .closureDecision, taskID: id, to: .owners,
                                            message: approve ? "任务「\(task.title)」已核验销号。" : "任务「\(task.title)」销号申请被退回：\(note)"),
                                 task: task, context: context, on: db)
        }
    }

    /// A closed task is reopened with a reason (the ledger shows it again as open).
    public func reopen(task id: TaskItem.ID, reason: String, context: ChangeContext) async throws {
        guard let task = try await TaskRepository(store: store).task(id) else { throw StorageError.notFound("任务 \(id.rawValue)") }
        let problems = TaskClosure.checkReopen(task, reason: reason)
        guard problems.isEmpty else { throw StorageError.invalid(problems.joined(separator: "；")) }
        try await store.write { db in
            _ = try await Self.insertEvent(task: id, kind: .reopened, step: nil, note: reason, context: context, on: db)
            try await Self.setStatus(task, .open, note: "重新打开：\(reason)", context: context, on: db)
        }
    }

    static func setStatus(_ task: TaskItem, _ status: TaskStatus, note: String, context: ChangeContext, on db: any SQLDatabase) async throws {
        let closedAt: String? = status == .closed ? ChinaTimeStamp.iso(context.now) : nil
        try await db.update("tasks").set("status", to: SQLBind(status.rawValue)).set("closed_at", to: SQLBind(closedAt))
            .where("id", .equal, task.id.rawValue).run()
        var new = task
        new.status = status
        new.closedAt = closedAt
        if var p = PendingAudit.of(old: task, new: new) {
            p.changes.append(FieldChange(field: "说明", old: nil, new: note))
            try await AuditLog.record([p], context: context, on: db)
        }
    }

    // MARK: 督办

    /// Takes the next step of the ladder (never skips one). `note` records the 约谈's time, place and persons.
    public func escalate(task id: TaskItem.ID, to step: EscalationStep, note: String, context: ChangeContext) async throws {
        guard let task = try await TaskRepository(store: store).task(id) else { throw StorageError.notFound("任务 \(id.rawValue)") }
        guard task.status != .closed else { throw StorageError.conflict("任务已销号，无需督办") }
        guard EscalationStep.next(after: task.escalation) == step else {
            throw StorageError.conflict(task.escalation >= EscalationStep.allCases.count
                ? "督办已到最高一级（约谈）" : "督办须逐级进行：下一步是「\(EscalationStep.next(after: task.escalation)!.label)」")
        }
        if step == .admonition, note.trimmingCharacters(in: .whitespaces).isEmpty {
            throw StorageError.invalid("约谈记录须写明时间、地点、约谈对象和要求")
        }
        let days = task.due.map { $0.days(to: Day.today(context.now)) }.flatMap { $0 > 0 ? $0 : nil }
        try await store.write { db in
            try await Self.recordEscalation(task, step, daysOverdue: days, note: note, context: context, on: db)
        }
    }

    static func recordEscalation(_ task: TaskItem, _ step: EscalationStep, daysOverdue: Int?, note: String, context: ChangeContext,
                                 on db: any SQLDatabase) async throws {
        try await db.update("tasks").set("escalation", to: SQLBind(step.rawValue)).where("id", .equal, task.id.rawValue).run()
        _ = try await insertEvent(task: task.id, kind: .escalation, step: step, note: note, context: context, on: db)
        var new = task
        new.escalation = step.rawValue
        if var p = PendingAudit.of(old: task, new: new) {
            if !note.isEmpty { p.changes.append(FieldChange(field: "督办说明", old: nil, new: note)) }
            try await AuditLog.record([p], context: context, on: db)
        }
        try await Inbox.send(TaskClock.escalation(task, step, daysOverdue: daysOverdue, note: note), task: task, context: context, on: db)
    }

    // MARK: timeline and files

    public func events(task id: TaskItem.ID) async throws -> [Event] {
        try await store.db.select().column("*").from("task_events").where("task_id", .equal, id.rawValue).orderBy("id").all().map { row in
            Event(id: try row.decode(column: "id", as: Int64.self), at: try row.decode(column: "at", as: String.self),
                  accountID: try row.decode(column: "account_id", as: Int64?.self), actor: try row.decode(column: "actor", as: String.self),
                  kind: Event.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .report,
                  step: try row.decode(column: "step", as: Int?.self).flatMap(EscalationStep.init(rawValue:)),
                  note: try row.decode(column: "note", as: String.self))
        }
    }

    public func files(task id: TaskItem.ID) async throws -> [StoredFile] {
        try await store.db.select().columns("id", "task_id", "report_id", "event_id", "file_name", "content_type", "size", "uploaded_at", "actor")
            .from("task_files").where("task_id", .equal, id.rawValue).orderBy("id").all().map { row in
                StoredFile(id: try row.decode(column: "id", as: Int64.self), taskID: id, reportID: try row.decode(column: "report_id", as: Int64?.self),
                           eventID: try row.decode(column: "event_id", as: Int64?.self), fileName: try row.decode(column: "file_name", as: String.self),
                           contentType: try row.decode(column: "content_type", as: String.self), size: try row.decode(column: "size", as: Int.self),
                           uploadedAt: try row.decode(column: "uploaded_at", as: String.self), actor: try row.decode(column: "actor", as: String.self))
            }
    }

    /// A file's bytes, only through its task (the route checks the task's access).
    public func file(_ fileID: Int64, task id: TaskItem.ID) async throws -> (StoredFile, Data)? {
        guard let row = try await store.db.select().column("*").from("task_files").where("id", .equal, fileID)
            .where("task_id", .equal, id.rawValue).first() else { return nil }
        let meta = try await files(task: id).first { $0.id == fileID }!
        return (meta, try row.decode(column: "data", as: Data.self))
    }

    static func checkFiles(_ files: [Upload]) throws {
        for f in files where f.data.count > maxFileBytes {
            throw StorageError.invalid("文件「\(f.fileName)」超过 \(maxFileBytes / 1024 / 1024) MB，请压缩后再上传")
        }
    }

    static func storeFiles(_ files: [Upload], task: TaskItem.ID, report: Int64?, event: Int64?, context: ChangeContext, on db: any SQLDatabase) async throws {
        for f in files {
            try await db.insert(into: "task_files")
                .columns("task_id", "report_id", "event_id", "file_name", "content_type", "size", "data", "uploaded_at", "actor")
                .values(SQLBind(task.rawValue), SQLBind(report), SQLBind(event), SQLBind(f.fileName), SQLBind(f.contentType), SQLBind(f.data.count),
                        SQLBind(f.data), SQLBind(ChinaTimeStamp.iso(context.now)), SQLBind(context.actor))
                .run()
        }
    }

    static func insertEvent(task: TaskItem.ID, kind: Event.Kind, step: EscalationStep?, note: String, context: ChangeContext,
                            on db: any SQLDatabase) async throws -> Int64 {
        try await db.insert(into: "task_events").columns("task_id", "at", "account_id", "actor", "kind", "step", "note")
            .values(SQLBind(task.rawValue), SQLBind(ChinaTimeStamp.iso(context.now)), SQLBind(context.actorAccountID), SQLBind(context.actor),
                    SQLBind(kind.rawValue), SQLBind(step?.rawValue), SQLBind(note))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
    }

    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
