import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 我的任务 and one task's page (issue 6 §4–§6): details, milestones, progress reports with evidence, the
/// timeline, 销号 request and check, reopening and the 督办 ladder. Each form is shown only to those the access
/// policy lets post it; refusals of the workflow (the requester may not check) come back on the page in Chinese.
struct TaskController {
    let services: Services

    // MARK: page models

    struct ListLine: Sendable {
        var url: String
        var number: String
        var title: String
        var plan: String
        var owners: String
        var deadline: String
        var due: String
        var status: String
        var overdueDays: Int?
        var escalation: String
    }

    struct ListPage: Sendable {
        var chrome: Chrome
        var heading: String
        var seesAll: Bool
        var filters: [Choice]
        var formURL = SiteURL.myTasks.path
        var lines: [ListLine]
        var hasLines: Bool
    }

    struct Party: Sendable {
        var role: String
        var names: String
    }

    struct MilestoneLine: Sendable {
        var id: Int64
        var due: String
        /// The date as printed, when it differs from the date itself ("7月底前").
        var dueText: String?
        var text: String
        var target: String
        var current: String
        var reached: Bool
        var hasTarget: Bool
    }

    struct FileLine: Sendable {
        var url: String
        var name: String
        var size: String
        var uploaded: String
        var actor: String
    }

    struct ReportLine: Sendable {
        var period: String
        var submitted: String
        var actor: String
        var late: Bool
        var text: String
        var values: String
        var files: [FileLine]
    }

    struct EventLine: Sendable {
        var at: String
        var actor: String
        var label: String
        var note: String
    }

    struct AuditLine: Sendable {
        var at: String
        var actor: String
        var changes: [FieldChange]
    }

    struct EscalationForm: Sendable {
        var url: String
        var step: Int
        var label: String
        var noteRequired: Bool
    }

    struct TaskPage: Sendable {
        var chrome: Chrome
        var title: String
        var number: String
        var kind: String
        var content: String
        var planTitle: String?
        var planURL: String?
        var parentURL: String?
        var region: String
        var parties: [Party]
        var deadlineText: String
        var due: String
        var status: String
        var closed: Bool
        var overdueDays: Int?
        var escalation: String
        var milestones: [MilestoneLine]
        var hasMilestones: Bool
        var reports: [ReportLine]
        var hasReports: Bool
        var files: [FileLine]
        var hasFiles: Bool
        var events: [EventLine]
        var hasEvents: Bool
        var audit: [AuditLine]
        var auditURL: String?
        var reportURL: String?
        var period: String
        var closureURL: String?
        var decisionURL: String?
        var reopenURL: String?
        var escalate: EscalationForm?
        var error: String?
        var message: String?
    }

    // MARK: routes

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/tasks", .read, .ownAccount) { _, _, granted in
            try await listPage(granted)
        }
        routes.get("/tasks/:taskID", .read, .task(param: "taskID", .progress)) { _, _, granted in
            guard case .task(let task, let access) = granted.target else { throw HTTPError(.notFound) }
            let message: String? =
                switch granted.query["done"] {
                case "report": "进展已报送。"
                case "closure": "已提交销号申请，等待核验。"
                case "decision": "已记录销号审核结果。"
                case "reopen": "任务已重新打开。"
                case "escalate": "已记录督办。"
                default: nil
                }
            return services.renderer.html("task", try await page(task, access, granted, error: nil, message: message))
        }
        routes.post("/tasks/:taskID/report", .write, .task(param: "taskID", .progress)) { _, _, granted in
            try await act(granted, done: "report") { task in
                var values: [Milestone.ID: Double] = [:]
                for m in task.milestones {
                    guard let text = granted.form["m\(m.id.rawValue)"] else { continue }
                    guard let value = Double(text) else { throw StorageError.invalid("节点「\(m.text)」的完成值“\(text)”不是数字") }
                    values[m.id] = value
                }
                try await services.workflow.submitReport(
                    task: task.id, on: Day.today(services.clock()), text: granted.form["text"] ?? "", values: values, files: uploads(granted),
                    context: services.changeContext(granted))
            }
        }
        routes.post("/tasks/:taskID/closure", .write, .task(param: "taskID", .progress)) { _, _, granted in
            try await act(granted, done: "closure") { task in
                try await services.workflow.requestClosure(
                    task: task.id, evidence: granted.form["evidence"] ?? "", files: uploads(granted), context: services.changeContext(granted))
            }
        }
        routes.post("/tasks/:taskID/decision", .write, .task(param: "taskID", .closureCheck)) { _, _, granted in
            try await act(granted, done: "decision") { task in
                try await services.workflow.decideClosure(
                    task: task.id, approve: granted.form["approve"] == "1", note: granted.form["note"] ?? "", context: services.changeContext(granted))
            }
        }
        routes.post("/tasks/:taskID/reopen", .write, .task(param: "taskID", .closureCheck)) { _, _, granted in
            try await act(granted, done: "reopen") { task in
                try await services.workflow.reopen(task: task.id, reason: granted.form["reason"] ?? "", context: services.changeContext(granted))
            }
        }
        routes.post("/tasks/:taskID/escalate", .write, .task(param: "taskID", .escalation)) { _, _, granted in
            try await act(granted, done: "escalate") { task in
                guard let step = granted.form["step"].flatMap(Int.init).flatMap(EscalationStep.init(rawValue:)) else {
                    throw StorageError.invalid("请选择督办步骤")
                }
                try await services.workflow.escalate(task: task.id, to: step, note: granted.form["note"] ?? "", context: services.changeContext(granted))
            }
        }
        routes.get("/tasks/:taskID/files/:fileID", .read, .task(param: "taskID", .progress)) { _, context, granted in
            guard case .task(let task, _) = granted.target, let fileID = context.parameters.get("fileID").flatMap(Int64.init),
                let (meta, data) = try await services.workflow.file(fileID, task: task.id)
            else { throw HTTPError(.notFound) }
            return Download.response(data, name: meta.fileName, type: meta.contentType.isEmpty ? "application/octet-stream" : meta.contentType)
        }
    }

    /// Runs one workflow step, then back to the task page; a refusal is shown on the page, nothing changed.
    private func act(_ granted: Granted, done: String, _ step: (TaskItem) async throws -> Void) async throws -> Response {
        guard case .task(let task, let access) = granted.target else { throw HTTPError(.notFound) }
        do {
            try await step(task)
        } catch let error as StorageError {
            let current = try await services.tasks.task(task.id) ?? task
            return services.renderer.html("task", try await page(current, access, granted, error: error.chinese, message: nil), status: .badRequest)
        }
        return .redirect(to: SiteURL.task(task.id).path + "?done=\(done)")
    }

    private func uploads(_ granted: Granted) -> [TaskWorkflow.Upload] {
        granted.files.filter { $0.field == "files" || $0.field == "file" }.map { f in
            TaskWorkflow.Upload(fileName: (f.fileName as NSString).lastPathComponent, contentType: Self.contentType(f.fileName),
                                data: Data(f.data.readableBytesView))
        }
    }

    static func contentType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "pdf": "application/pdf"
        case "xlsx": RegisterController.xlsxType
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }


    // MARK: 我的任务

    private func listPage(_ granted: Granted) async throws -> Response {
        let principal = granted.principal
        let today = Day.today(services.clock())
        // The office, the inspectors and the administrator follow every open task; everyone else their own.
        let seesAll = [.countyOffice, .inspector, .systemAdmin].contains(principal.role)
        let filter = granted.query["filter"] ?? ""
        var candidates = try await services.tasks.openTasks()
        if seesAll && filter == "closed" {
            // Closed tasks are not among the open ones: take them from the county's handed-out plans.
            candidates = []
            for plan in try await services.tasks.plans(in: principal.scope.county) where plan.status != .draft {
                candidates += try await services.tasks.tasks(plan: plan.id)
            }
        } else if !seesAll {
            let named = try await services.tasks.tasks(
                unit: principal.unitID, person: principal.personID, region: principal.role.scopeLevel == .county ? nil : principal.scope)
            let known = Set(candidates.map(\.id))
            candidates += named.filter { !known.contains($0.id) }
        }
        let accesses = try await TaskAccessCache(services: services).accesses(candidates)
        var mine = candidates.filter { t in
            guard let a = accesses[t.id] else { return false }
            if seesAll { return a.path.contains(principal.scope) }
            let unit = principal.unitID.map(a.units.contains) ?? false
            let person = principal.personID.map(a.persons.contains) ?? false
            let region = principal.role.scopeLevel != .county && (a.path.contains(principal.scope) || a.townGovernments.contains(principal.scope))
            return unit || person || region
        }
        switch filter {
        case "overdue": mine = mine.filter { $0.isOverdue(on: today) }
        case "closing": mine = mine.filter { $0.status == .closing }
        case "closed": mine = mine.filter { $0.status == .closed }
        default: mine = mine.filter { $0.status != .closed }
        }
        // Overdue first (longest first), then by due date.
        mine.sort { a, b in
            let da = a.isOverdue(on: today) ? a.due.map { $0.days(to: today) } ?? 0 : -1
            let db = b.isOverdue(on: today) ? b.due.map { $0.days(to: today) } ?? 0 : -1
            if da != db { return da > db }
            return (a.due?.description ?? "9999", a.id.rawValue) < (b.due?.description ?? "9999", b.id.rawValue)
        }
        var plans: [Plan.ID: String] = [:]
        for id in Set(mine.compactMap(\.planID)) { plans[id] = try await services.tasks.plan(id)?.title }
        let lines = mine.map { t in
            ListLine(
                url: SiteURL.task(t.id).path, number: t.number, title: t.title, plan: t.planID.flatMap { plans[$0] } ?? t.kind.label,
                owners: TaskFormatting.join((t.owningUnits + t.parties(.responsible)).map(\.name)), deadline: t.deadline?.text ?? "",
                due: t.due?.description ?? "", status: t.status.label,
                overdueDays: t.isOverdue(on: today) ? t.due.map { $0.days(to: today) } : nil,
                escalation: EscalationStep(rawValue: t.escalation)?.label ?? "")
        }
        let filters = [("", "未销号"), ("overdue", "逾期"), ("closing", "待销号审核"), ("closed", "已销号")]
        return services.renderer.html("tasks", ListPage(
            chrome: Chrome(title: seesAll ? "任务督办" : "我的任务", granted: granted, section: .tasks),
            heading: seesAll ? "全部任务（未销号）" : "我的任务", seesAll: seesAll,
            filters: filters.map { Choice(value: $0.0, label: $0.1, selected: $0.0 == filter) }, lines: lines,
            hasLines: !lines.isEmpty))
    }

    // MARK: one task

    private func page(_ task: TaskItem, _ access: TaskAccess, _ granted: Granted, error: String?, message: String?) async throws -> TaskPage {
        let principal = granted.principal
        let now = services.clock()
        let today = Day.today(now)
        let plan = try await task.planID.asyncMap { try await services.tasks.plan($0) } ?? nil
        func allowed(_ action: AccessAction, _ duty: TaskDuty) -> Bool { AccessPolicy.decide(principal, action, .task(access, duty)).isAllowed }
        let mayReport = allowed(.write, .progress)
        let mayCheck = allowed(.write, .closureCheck)
        let mayEscalate = allowed(.write, .escalation)
        let files = try await services.workflow.files(task: task.id)
        func fileLine(_ f: TaskWorkflow.StoredFile) -> FileLine {
            FileLine(url: SiteURL.taskFile(task.id, f.id).path, name: f.fileName, size: Self.size(f.size), uploaded: ChinaTime.display(f.uploadedAt),
                     actor: f.actor)
        }
        let milestoneText = Dictionary(uniqueKeysWithValues: task.milestones.map { ($0.id, $0) })
        let reports = try await services.workflow.reports(task: task.id).map { r in
            ReportLine(
                period: r.periodLabel + "（\(r.periodStart) 至 \(r.periodEnd)）", submitted: ChinaTime.display(r.submittedAt), actor: r.actor,
                late: r.late, text: r.text,
                values: r.values.sorted { $0.key.rawValue < $1.key.rawValue }.map { id, v in
                    "\(milestoneText[id]?.text ?? "节点")：\(TaskFormatting.number(v))\(milestoneText[id]?.unit ?? "")"
                }.joined(separator: "；"),
                files: files.filter { $0.reportID == r.id }.map(fileLine))
        }
        let events = try await services.workflow.events(task: task.id).map { e in
            EventLine(at: ChinaTime.display(e.at), actor: e.actor, label: e.step?.label ?? e.kind.label, note: e.note)
        }
        var audit: [AuditLine] = []
        var auditURL: String?
        if AccessPolicy.decide(principal, .read, .auditLog).isAllowed {
            audit = try await services.audit.list(AuditRepository.Filter(objectType: "task", objectID: String(task.id.rawValue), limit: 50))
                .map { AuditLine(at: ChinaTime.display($0.at), actor: $0.actor, changes: $0.changes) }
            auditURL = SiteURL.auditObject(type: "task", id: String(task.id.rawValue)).path
        }
        let period = (plan?.cadence ?? TaskFormatting.cadences[0].cadence).period(containing: today)
        let next = EscalationStep.next(after: task.escalation)
        // Town and village accounts do not open the county's plan pages.
        var planURL: String?
        if let plan, let planPath = try await services.regions.path(plan.regionCode),
            AccessPolicy.decide(principal, .read, .plan(planPath)).isAllowed { planURL = SiteURL.plan(plan.id).path }
        let parent = try await task.parentID.asyncMap { try await services.tasks.task($0) } ?? nil
        return TaskPage(
            chrome: Chrome(title: task.title, granted: granted, section: .tasks), title: task.title, number: task.number, kind: task.kind.label,
            content: task.content, planTitle: plan?.title,
            planURL: planURL,
            parentURL: parent.map { SiteURL.task($0.id).path }, region: access.path.region.name,
            parties: TaskParty.Role.allCases.compactMap { role in
                let names = task.parties(role).map(\.name)
                return names.isEmpty ? nil : Party(role: role.label, names: TaskFormatting.join(names))
            },
            deadlineText: task.deadline?.text ?? "", due: task.due?.description ?? "", status: task.status.label, closed: task.status == .closed,
            overdueDays: task.isOverdue(on: today) ? task.due.map { $0.days(to: today) } : nil,
            escalation: EscalationStep(rawValue: task.escalation)?.label ?? "未督办",
            milestones: task.milestones.map { m in
                MilestoneLine(id: m.id.rawValue, due: m.due.description, dueText: m.dueText == m.due.description ? nil : m.dueText, text: m.text,
                              target: m.target.map { TaskFormatting.number($0) + (m.unit ?? "") } ?? "",
                              current: m.current.map { TaskFormatting.number($0) + (m.unit ?? "") } ?? "", reached: m.reached, hasTarget: m.target != nil)
            },
            hasMilestones: !task.milestones.isEmpty, reports: reports, hasReports: !reports.isEmpty, files: files.map(fileLine),
            hasFiles: !files.isEmpty, events: events, hasEvents: !events.isEmpty, audit: audit, auditURL: auditURL,
            reportURL: mayReport && task.status != .closed ? SiteURL.taskAction(task.id, "report").path : nil,
            period: period.label + "（\(period.start) 至 \(period.end)）",
            closureURL: mayReport && task.status == .open ? SiteURL.taskAction(task.id, "closure").path : nil,
            decisionURL: mayCheck && task.status == .closing ? SiteURL.taskAction(task.id, "decision").path : nil,
            reopenURL: mayCheck && task.status == .closed ? SiteURL.taskAction(task.id, "reopen").path : nil,
            escalate: mayEscalate && task.status != .closed
                ? next.map { EscalationForm(url: SiteURL.taskAction(task.id, "escalate").path, step: $0.rawValue, label: $0.label,
                                            noteRequired: $0 == .admonition) } : nil,
            error: error, message: message)
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? String(format: "%.1f MB", Double(bytes) / 1024 / 1024) : String(format: "%.0f KB", max(1, Double(bytes) / 1024))
    }
}

/// Task accesses for a list of tasks, with one lookup per region and per unit rather than per task.
struct TaskAccessCache {
    let services: Services

    func accesses(_ tasks: [TaskItem]) async throws -> [TaskItem.ID: TaskAccess] {
        var paths: [RegionCode: RegionPath] = [:]
        var townOf: [OrgUnit.ID: RegionCode?] = [:]
        var out: [TaskItem.ID: TaskAccess] = [:]
        for task in tasks {
            if paths[task.regionCode] == nil { paths[task.regionCode] = try await services.regions.path(task.regionCode) }
            guard let path = paths[task.regionCode] else { continue }
            var access = TaskAccess(path: path)
            for party in task.parties {
                if let unit = party.unitID, party.role.isUnit {
                    access.units.insert(unit)
                    if townOf[unit] == nil {
                        let u = try await services.organisation.unit(unit)
                        townOf[unit] = .some(u?.kind == .townGovernment ? u?.regionCode : nil)
                    }
                    if let town = townOf[unit] ?? nil { access.townGovernments.insert(town) }
                }
                if let person = party.personID {
                    access.persons.insert(person)
                    if party.role == .responsible { access.responsible.insert(person) }
                }
            }
            out[task.id] = access
        }
        return out
    }
}
