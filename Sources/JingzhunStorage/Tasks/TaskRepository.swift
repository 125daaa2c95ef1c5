import Foundation
public import JingzhunDomain
import SQLKit

/// Plans and their tasks (issue 6 §1, §3): a parsed plan is stored as a draft for review, then handed out —
/// each action becomes a task whose named units and persons are matched to the county's lists, and an action
/// "每个镇" becomes one sub-task per town with the town's party secretary as leader. Every change is audit-logged.
public struct TaskRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    // MARK: plans

    /// Stores a parsed plan as a draft; nothing is handed out until `activate`.
    public func createDraft(_ parsed: ParsedPlan, county: RegionCode, cadence: ReportCadence, sourceName: String?,
                            context: ChangeContext) async throws -> Plan.ID {
        // Dated parts become milestones now, so the reviewer sees (and may delete) them; hand-out takes only these.
        var withParts = parsed
        for i in withParts.actions.indices { withParts.actions[i].milestones = Self.milestones(of: withParts.actions[i]) }
        let parsed = withParts
        let draft = try Self.json(parsed)
        return try await store.write { db in
            let row = try await db.insert(into: "plans")
                .columns("title", "issuer", "document_number", "plan_date", "year", "region_code", "status", "cadence", "phases",
                         "draft", "source_name", "created_at", "created_by")
                .values(SQLBind(parsed.title), SQLBind(parsed.issuer), SQLBind(parsed.documentNumber), SQLBind(parsed.date?.description),
                        SQLBind(parsed.year), SQLBind(county.rawValue), SQLBind(Plan.Status.draft.rawValue), SQLBind(try Self.json(cadence)),
                        SQLBind(try Self.json(parsed.phases)), SQLBind(draft), SQLBind(sourceName),
                        SQLBind(ChinaTimeStamp.iso(context.now)), SQLBind(context.actor))
                .returning("id").first()
            let id = Plan.ID(rawValue: try row!.decode(column: "id", as: Int64.self))
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "plan", objectID: String(id.rawValue), regionCode: county,
                changes: [FieldChange(field: "方案", old: nil, new: "\(parsed.title)（\(parsed.actions.count) 项任务，待审核）")])],
                context: context, on: db)
            return id
        }
    }

    /// The draft as last saved by the review page.
    public func draft(_ id: Plan.ID) async throws -> ParsedPlan? {
        guard let row = try await store.db.select().column("draft").from("plans").where("id", .equal, id.rawValue).first(),
              let text = try row.decode(column: "draft", as: String?.self) else { return nil }
        return try JSONDecoder().decode(ParsedPlan.self, from: Data(text.utf8))
    }

    /// Saves the reviewer's corrections to a draft.
    public func saveDraft(_ id: Plan.ID, _ parsed: ParsedPlan, cadence: ReportCadence, context: ChangeContext) async throws {
        guard let plan = try await plan(id) else { throw StorageError.notFound("方案 \(id.rawValue)") }
        guard plan.status == .draft else { throw StorageError.conflict("方案已下发，不能再按草稿修改") }
        let old = try await draft(id)
        try await store.write { db in
            try await db.update("plans").set("draft", to: SQLBind(try Self.json(parsed))).set("title", to: SQLBind(parsed.title))
                .set("issuer", to: SQLBind(parsed.issuer)).set("document_number", to: SQLBind(parsed.documentNumber))
                .set("plan_date", to: SQLBind(parsed.date?.description)).set("year", to: SQLBind(parsed.year))
                .set("cadence", to: SQLBind(try Self.json(cadence))).set("phases", to: SQLBind(try Self.json(parsed.phases)))
                .where("id", .equal, id.rawValue).run()
            var changes: [FieldChange] = []
            if old?.title != parsed.title { changes.append(FieldChange(field: "标题", old: old?.title, new: parsed.title)) }
            for (i, action) in parsed.actions.enumerated() where old?.actions.indices.contains(i) != true || old!.actions[i] != action {
                changes.append(FieldChange(field: "任务 \(action.number)", old: old.flatMap { $0.actions.indices.contains(i) ? Self.summary($0.actions[i]) : nil },
                                           new: Self.summary(action)))
            }
            if let old, old.actions.count > parsed.actions.count {
                for a in old.actions[parsed.actions.count...] { changes.append(FieldChange(field: "任务 \(a.number)", old: Self.summary(a), new: nil)) }
            }
            if !changes.isEmpty {
                try await AuditLog.record([PendingAudit(action: .update, objectType: "plan", objectID: String(id.rawValue),
                                                        regionCode: plan.regionCode, changes: changes)], context: context, on: db)
            }
        }
    }

    static func summary(_ a: ParsedAction) -> String {
        var parts = [a.title]
        if !a.leaders.isEmpty { parts.append("领导：" + a.leaders.joined(separator: "、")) }
        if !a.leadUnits.isEmpty { parts.append("牵头：" + a.leadUnits.joined(separator: "、")) }
        if !a.responsibleUnits.isEmpty { parts.append("责任单位：" + a.responsibleUnits.joined(separator: "、")) }
        if !a.cooperatingUnits.isEmpty { parts.append("配合：" + a.cooperatingUnits.joined(separator: "、")) }
        if !a.persons.isEmpty { parts.append("责任人：" + a.persons.joined(separator: "、")) }
        if let d = a.deadline { parts.append("时限：" + d.text) }
        return parts.joined(separator: "；")
    }

    /// Hands the reviewed draft out: one task per action (plus one per town for "每个镇"), parties matched to
    /// units and persons, milestones kept. Returns the number of tasks created.
    @discardableResult
    public func activate(_ id: Plan.ID, context: ChangeContext) async throws -> Int {
        guard let plan = try await plan(id) else { throw StorageError.notFound("方案 \(id.rawValue)") }
        return try await store.write { db in
            // Claimed inside the transaction: of two clicks on 下发 (or the CLI and the web at once) only one UPDATE finds
            // the plan still a draft (PostgreSQL re-checks the condition after the first commits).
            guard let row = try await db.select().column("draft").from("plans").where("id", .equal, id.rawValue)
                .where("status", .equal, Plan.Status.draft.rawValue).first(),
                let text = try row.decode(column: "draft", as: String?.self),
                try await db.raw("""
                    UPDATE plans SET status = \(bind: Plan.Status.active.rawValue), draft = NULL
                    WHERE id = \(bind: id.rawValue) AND status = \(bind: Plan.Status.draft.rawValue) RETURNING id
                    """).first() != nil
            else { throw StorageError.conflict("方案已下发") }
            let parsed = try JSONDecoder().decode(ParsedPlan.self, from: Data(text.utf8))
            guard !parsed.actions.isEmpty else { throw StorageError.invalid("方案没有任何任务，不能下发") }
            let directory = try await PartyDirectory.load(county: plan.regionCode, on: ChinaTime.day(context.now), db: db)
            var created = 0
            for (position, action) in parsed.actions.enumerated() {
                let parent = try await Self.insertTask(
                    kind: .action, plan: id, parent: nil, position: position * 100, action: action, region: plan.regionCode,
                    parties: directory.parties(action), context: context, on: db)
                created += 1
                guard action.perTown else { continue }
                for (i, town) in directory.towns.enumerated() {
                    var parties = [directory.townUnit(town.code, role: .leadUnit)!]
                    if let leader = town.leader { parties.insert(TaskParty(role: .leader, name: leader.1, personID: leader.0), at: 0) }
                    var sub = action
                    sub.number = "\(action.number)-\(i + 1)"
                    sub.title = "\(action.title)（\(town.name)）"
                    _ = try await Self.insertTask(
                        kind: .townTask, plan: id, parent: parent.id, position: position * 100 + i + 1, action: sub, region: town.code,
                        parties: parties, context: context, on: db)
                    created += 1
                }
            }
            try await AuditLog.record([PendingAudit(
                action: .update, objectType: "plan", objectID: String(id.rawValue), regionCode: plan.regionCode,
                changes: [FieldChange(field: "状态", old: Plan.Status.draft.label, new: "\(Plan.Status.active.label)（下发 \(created) 项任务）")])],
                context: context, on: db)
            return created
        }
    }

    /// A task not from a plan (a shortfall to mend, an inspection problem), owned by the given parties.
    public func createTask(kind: TaskKind, number: String, title: String, content: String, region: RegionCode,
                           deadline: FuzzyDeadline?, parties: [TaskParty], context: ChangeContext) async throws -> TaskItem {
        try await store.write { db in
            try await Self.insertTask(kind: kind, plan: nil, parent: nil, position: 0, number: number, title: title, content: content,
                                      deadline: deadline, milestones: [], region: region, parties: parties, context: context, on: db)
        }
    }

    static func insertTask(kind: TaskKind, plan: Plan.ID?, parent: TaskItem.ID?, position: Int, action: ParsedAction, region: RegionCode,
                           parties: [TaskParty], context: ChangeContext, on db: any SQLDatabase) async throws -> TaskItem {
        try await insertTask(kind: kind, plan: plan, parent: parent, position: position, number: action.number, title: action.title,
                             content: action.content, deadline: action.deadline, milestones: action.milestones, region: region,
                             parties: parties, context: context, on: db)
    }

    /// The action's own milestones, and each dated part (a "(1)" block with its own 完成时限) as one more, so an
    /// action due 9月底 whose first part is due 6月底 is chased in June too. Applied once, when the draft is stored.
    static func milestones(of action: ParsedAction) -> [ParsedMilestone] {
        var out = action.milestones
        for part in action.parts {
            for m in part.milestones where !out.contains(m) { out.append(m) }
            if let d = part.deadline, let due = d.due, !out.contains(where: { $0.due == due && $0.text == part.title }) {
                out.append(ParsedMilestone(due: due, dueText: d.text, text: part.title))
            }
        }
        return out.sorted { $0.due < $1.due }
    }

    static func insertTask(kind: TaskKind, plan: Plan.ID?, parent: TaskItem.ID?, position: Int, number: String, title: String, content: String,
                           deadline d: FuzzyDeadline?, milestones parsed: [ParsedMilestone], region: RegionCode, parties: [TaskParty],
                           context: ChangeContext, on db: any SQLDatabase) async throws -> TaskItem {
        let row = try await db.insert(into: "tasks")
            .columns("kind", "plan_id", "parent_id", "position", "number", "title", "content", "region_code", "deadline_text",
                     "deadline_kind", "due_day", "firmness", "outside_window", "status", "escalation", "created_at")
            .values(SQLBind(kind.rawValue), SQLBind(plan?.rawValue), SQLBind(parent?.rawValue), SQLBind(position), SQLBind(number),
                    SQLBind(title), SQLBind(content), SQLBind(region.rawValue), SQLBind(d?.text), SQLBind(d?.kind.rawValue),
                    SQLBind(d?.due?.description), SQLBind(d?.firmness.rawValue), SQLBind(d?.outsidePlanWindow ?? false),
                    SQLBind(TaskStatus.open.rawValue), SQLBind(0), SQLBind(ChinaTimeStamp.iso(context.now)))
            .returning("id").first()
        let id = TaskItem.ID(rawValue: try row!.decode(column: "id", as: Int64.self))
        try await insertParties(parties, task: id, on: db)
        var milestones: [Milestone] = []
        for m in parsed {
            let r = try await db.insert(into: "task_milestones").columns("task_id", "due_day", "due_text", "text", "target", "unit")
                .values(SQLBind(id.rawValue), SQLBind(m.due.description), SQLBind(m.dueText), SQLBind(m.text), SQLBind(m.target), SQLBind(m.unit))
                .returning("id").first()
            milestones.append(Milestone(id: .init(rawValue: try r!.decode(column: "id", as: Int64.self)), due: m.due, dueText: m.dueText,
                                        text: m.text, target: m.target, unit: m.unit))
        }
        let task = TaskItem(id: id, kind: kind, planID: plan, parentID: parent, number: number, title: title,
                            content: content, regionCode: region, deadline: d, status: .open, parties: parties, milestones: milestones)
        try await AuditLog.record(old: nil, new: task, context: context, on: db)
        return task
    }

    static func insertParties(_ parties: [TaskParty], task: TaskItem.ID, on db: any SQLDatabase) async throws {
        var positions: [TaskParty.Role: Int] = [:]
        for p in parties {
            let position = positions[p.role, default: 0]
            positions[p.role] = position + 1
            try await db.insert(into: "task_parties").columns("task_id", "role", "position", "name", "unit_id", "person_id")
                .values(SQLBind(task.rawValue), SQLBind(p.role.rawValue), SQLBind(position), SQLBind(p.name), SQLBind(p.unitID?.rawValue),
                        SQLBind(p.personID?.rawValue))
                .run()
        }
    }

    // MARK: reading

    public func plans(in county: RegionCode) async throws -> [Plan] {
        try await store.db.select().column("*").from("plans").where("region_code", .equal, county.rawValue).orderBy("id", .descending)
            .all().map(Self.decodePlan)
    }

    /// Task counts of each handed-out plan of the county, by status, and how many are past their due day (their own
    /// deadline, else their last milestone, as `TaskItem.due`) — one query for the plan list.
    public struct PlanCounts: Sendable, Equatable {
        public var tasks = 0, open = 0, closing = 0, closed = 0, overdue = 0
        public init() {}
    }

    public func counts(in county: RegionCode, today: Day) async throws -> [Plan.ID: PlanCounts] {
        var out: [Plan.ID: PlanCounts] = [:]
        for row in try await store.db.raw("""
            SELECT t.plan_id, t.status, COUNT(*) AS n,
                   SUM(CASE WHEN t.status <> \(bind: TaskStatus.closed.rawValue)
                             AND COALESCE(t.due_day, (SELECT MAX(m.due_day) FROM task_milestones m WHERE m.task_id = t.id)) < \(bind: today.description)
                            THEN 1 ELSE 0 END) AS overdue
            FROM tasks t JOIN plans p ON p.id = t.plan_id
            WHERE p.region_code = \(bind: county.rawValue)
            GROUP BY t.plan_id, t.status
            """).all() {
            let id = Plan.ID(rawValue: try row.decode(column: "plan_id", as: Int64.self))
            let n = try row.decode(column: "n", as: Int.self)
            var c = out[id] ?? PlanCounts()
            c.tasks += n
            c.overdue += try row.decode(column: "overdue", as: Int.self)
            switch TaskStatus(rawValue: try row.decode(column: "status", as: String.self)) {
            case .open: c.open += n
            case .closing: c.closing += n
            case .closed: c.closed += n
            case nil: break
            }
            out[id] = c
        }
        return out
    }

    public func plan(_ id: Plan.ID) async throws -> Plan? {
        try await store.db.select().column("*").from("plans").where("id", .equal, id.rawValue).first().map(Self.decodePlan)
    }

    /// Tasks of a plan in plan order, with parties and milestones.
    public func tasks(plan: Plan.ID) async throws -> [TaskItem] {
        try await load(store.db.select().column("*").from("tasks").where("plan_id", .equal, plan.rawValue).orderBy("position").orderBy("id").all())
    }

    public func task(_ id: TaskItem.ID) async throws -> TaskItem? {
        try await load(store.db.select().column("*").from("tasks").where("id", .equal, id.rawValue).all()).first
    }

    /// Open tasks of active plans (and tasks without a plan), for the sweep and the "my tasks" list.
    public func openTasks() async throws -> [TaskItem] {
        try await load(store.db.raw("""
            SELECT t.* FROM tasks t LEFT JOIN plans p ON p.id = t.plan_id
            WHERE t.status <> \(bind: TaskStatus.closed.rawValue) AND (p.id IS NULL OR p.status = \(bind: Plan.Status.active.rawValue))
            ORDER BY t.plan_id, t.position, t.id
            """).all())
    }

    /// Tasks that name this unit or person, or belong to this region's subtree (a town's sub-tasks).
    public func tasks(unit: OrgUnit.ID?, person: Person.ID?, region: RegionCode?) async throws -> [TaskItem] {
        try await load(store.db.raw("""
            SELECT t.* FROM tasks t WHERE t.id IN (
              SELECT task_id FROM task_parties WHERE unit_id = \(bind: unit?.rawValue ?? -1) OR person_id = \(bind: person?.rawValue ?? -1))
              OR t.region_code IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = \(bind: region?.rawValue ?? "-"))
            ORDER BY t.plan_id, t.position, t.id
            """).all())
    }

    func load(_ rows: [any SQLRow]) async throws -> [TaskItem] {
        var tasks = try rows.map(Self.decodeTask)
        guard !tasks.isEmpty else { return [] }
        let ids = tasks.map(\.id.rawValue)
        var index: [Int64: Int] = [:]
        for (i, t) in tasks.enumerated() { index[t.id.rawValue] = i }
        // Chunked IN lists keep every engine under its bind limit.
        for slice in ids.chunked() {
            let chunk = Array(slice)
            for row in try await store.db.select().column("*").from("task_parties").where("task_id", .in, chunk)
                .orderBy("task_id").orderBy("role").orderBy("position").all() {
                let taskID = try row.decode(column: "task_id", as: Int64.self)
                guard let role = TaskParty.Role(rawValue: try row.decode(column: "role", as: String.self)) else { continue }
                tasks[index[taskID]!].parties.append(TaskParty(
                    role: role, name: try row.decode(column: "name", as: String.self),
                    unitID: try row.decode(column: "unit_id", as: Int64?.self).map(OrgUnit.ID.init(rawValue:)),
                    personID: try row.decode(column: "person_id", as: Int64?.self).map(Person.ID.init(rawValue:))))
            }
            for row in try await store.db.select().column("*").from("task_milestones").where("task_id", .in, chunk)
                .orderBy("due_day").orderBy("id").all() {
                let taskID = try row.decode(column: "task_id", as: Int64.self)
                tasks[index[taskID]!].milestones.append(Milestone(
                    id: .init(rawValue: try row.decode(column: "id", as: Int64.self)),
                    due: Day(try row.decode(column: "due_day", as: String.self))!,
                    dueText: try row.decode(column: "due_text", as: String.self), text: try row.decode(column: "text", as: String.self),
                    target: try row.decode(column: "target", as: Double?.self), unit: try row.decode(column: "unit", as: String?.self),
                    current: try row.decode(column: "current", as: Double?.self)))
            }
        }
        // Parties come back grouped by role name; keep the plan's order.
        for i in tasks.indices {
            tasks[i].parties = TaskParty.Role.printed.flatMap { role in tasks[i].parties.filter { $0.role == role } }
        }
        return tasks
    }

    static func decodePlan(_ row: any SQLRow) throws -> Plan {
        Plan(id: .init(rawValue: try row.decode(column: "id", as: Int64.self)), title: try row.decode(column: "title", as: String.self),
             issuer: try row.decode(column: "issuer", as: String?.self), documentNumber: try row.decode(column: "document_number", as: String?.self),
             date: try row.decode(column: "plan_date", as: String?.self).flatMap(Day.init), year: try row.decode(column: "year", as: Int.self),
             regionCode: RegionCode(rawValue: try row.decode(column: "region_code", as: String.self))!,
             status: Plan.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
             cadence: try JSONDecoder().decode(ReportCadence.self, from: Data(try row.decode(column: "cadence", as: String.self).utf8)),
             phases: try JSONDecoder().decode([ParsedPhase].self, from: Data(try row.decode(column: "phases", as: String.self).utf8)))
    }

    static func decodeTask(_ row: any SQLRow) throws -> TaskItem {
        let text = try row.decode(column: "deadline_text", as: String?.self)
        let deadline = try text.map { text in
            FuzzyDeadline(text: text, kind: FuzzyDeadline.Kind(rawValue: try row.decode(column: "deadline_kind", as: String?.self) ?? "") ?? .unknown,
                          due: try row.decode(column: "due_day", as: String?.self).flatMap(Day.init),
                          firmness: FuzzyDeadline.Firmness(rawValue: try row.decode(column: "firmness", as: String?.self) ?? "") ?? .plain,
                          outsidePlanWindow: try row.decode(column: "outside_window", as: Bool.self))
        }
        return TaskItem(
            id: .init(rawValue: try row.decode(column: "id", as: Int64.self)),
            kind: TaskKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .action,
            planID: try row.decode(column: "plan_id", as: Int64?.self).map(Plan.ID.init(rawValue:)),
            parentID: try row.decode(column: "parent_id", as: Int64?.self).map(TaskItem.ID.init(rawValue:)),
            number: try row.decode(column: "number", as: String.self), title: try row.decode(column: "title", as: String.self),
            content: try row.decode(column: "content", as: String.self),
            regionCode: RegionCode(rawValue: try row.decode(column: "region_code", as: String.self))!, deadline: deadline,
            status: TaskStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            escalation: try row.decode(column: "escalation", as: Int.self),
            closedAt: try row.decode(column: "closed_at", as: String?.self), createdAt: try row.decode(column: "created_at", as: String.self))
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
