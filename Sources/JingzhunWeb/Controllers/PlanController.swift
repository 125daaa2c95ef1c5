import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage

/// 任务清单 (issue 6 §3, §7) in the browser: the county's plans with an import form, the review of a parsed
/// draft before it is handed out, the plan's ledger (台账) with its xlsx and JSON, and the weekly bulletin.
struct PlanController {
    let services: Services

    // MARK: page models

    struct PlanLine: Sendable {
        var url: String
        var title: String
        var documentNumber: String
        var date: String
        var status: String
        var isDraft: Bool
        var actions: Int
        var open: Int
        var closing: Int
        var closed: Int
        var overdue: Int
    }

    struct PlansPage: Sendable {
        var chrome: Chrome
        var countyName: String
        var lines: [PlanLine]
        var hasLines: Bool
        var canImport: Bool
        var actionURL = SiteURL.plans.path
        var cadences: [Choice]
        var year: String
        var error: String?
    }

    struct ActionBlock: Sendable {
        var index: Int
        var number: String
        var title: String
        var content: String
        var leaders: String
        var leadUnits: String
        var responsibleUnits: String
        var cooperatingUnits: String
        var persons: String
        var deadline: String
        var parsedDue: String
        var perTown: Bool
        var milestones: String
    }

    struct ReviewPage: Sendable {
        var chrome: Chrome
        var actionURL: String
        var title: String
        var documentNumber: String
        var planDate: String
        var year: Int
        var cadences: [Choice]
        var warnings: [String]
        var hasWarnings: Bool
        var actions: [ActionBlock]
        var count: Int
        var error: String?
        var message: String?
    }

    struct LedgerLine: Sendable {
        var url: String
        var number: String
        var title: String
        var isTownTask: Bool
        var leaders: String
        var leadUnits: String
        var cooperatingUnits: String
        var persons: String
        var deadlineText: String
        var due: String
        var status: String
        var statusKey: String
        var overdueDays: Int?
        var escalation: String
    }

    struct LedgerPage: Sendable {
        var chrome: Chrome
        var planTitle: String
        var documentNumber: String
        var date: String
        var status: String
        var cadence: String
        var formURL: String
        var statuses: [Choice]
        var units: [Choice]
        var lines: [LedgerLine]
        var hasLines: Bool
        var shown: Int
        var total: Int
        var xlsxURL: String
        var apiURL: String
        var bulletinURL: String
        var week: String
        var reviewURL: String?
        var today: String
    }

    // MARK: routes

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/plans", .read, .countyPlans) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            return try await plansPage(path, granted, error: nil)
        }
        routes.post("/plans", .write, .countyPlans) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            guard let file = granted.files.first(where: { $0.field == "file" }) ?? granted.files.first else {
                return try await plansPage(path, granted, error: "请选择方案文件（.txt、.xlsx 或 .csv）", status: .badRequest)
            }
            let name = (file.fileName as NSString).lastPathComponent
            let year = granted.form["year"].flatMap(Int.init)
            let parsed: ParsedPlan
            do {
                parsed = try PlanFiles.parse(Data(file.data.readableBytesView), fileName: name, year: year,
                                             calendar: try await SettingsRepository(store: services.store).allWorkCalendars())
            } catch let error as TableFileError {
                let message = error.message.contains(name) ? error.message : "文件“\(name)”：\(error.message)"
                return try await plansPage(path, granted, error: "无法读取方案。\(message)", status: .unprocessableContent)
            }
            let id = try await services.tasks.createDraft(
                parsed, county: path.region.code, cadence: TaskFormatting.cadence(key: granted.form["cadence"]), sourceName: name,
                context: services.changeContext(granted))
            return .redirect(to: SiteURL.planReview(id).path)
        }
        routes.get("/plans/:planID/review", .write, .plan(param: "planID")) { _, _, granted in
            guard case .plan(let plan, _) = granted.target else { throw HTTPError(.notFound) }
            guard plan.status == .draft, let draft = try await services.tasks.draft(plan.id) else {
                return .redirect(to: SiteURL.plan(plan.id).path)
            }
            return services.renderer.html("plan_review", reviewPage(plan, draft, granted, error: nil))
        }
        routes.post("/plans/:planID/review", .write, .plan(param: "planID")) { _, _, granted in
            guard case .plan(let plan, _) = granted.target else { throw HTTPError(.notFound) }
            guard plan.status == .draft, let draft = try await services.tasks.draft(plan.id) else {
                return .redirect(to: SiteURL.plan(plan.id).path)
            }
            let cadence = TaskFormatting.cadence(key: granted.form["cadence"])
            let edited: ParsedPlan
            do {
                edited = try corrected(draft, granted.form, calendar: try await SettingsRepository(store: services.store).allWorkCalendars())
            } catch let error as ReviewError {
                var page = reviewPage(plan, draft, granted, error: error.message)
                page.cadences = TaskFormatting.cadenceChoices(selected: cadence)
                return services.renderer.html("plan_review", page, status: .badRequest)
            }
            do {
                try await services.tasks.saveDraft(plan.id, edited, cadence: cadence, context: services.changeContext(granted))
                if granted.form["do"] == "activate" {
                    try await services.tasks.activate(plan.id, context: services.changeContext(granted))
                    return .redirect(to: SiteURL.plan(plan.id).path)
                }
            } catch let error as StorageError {
                let saved = try await services.tasks.draft(plan.id) ?? edited
                let current = try await services.tasks.plan(plan.id) ?? plan
                return services.renderer.html("plan_review", reviewPage(current, saved, granted, error: error.chinese), status: .badRequest)
            }
            return .redirect(to: SiteURL.planReview(plan.id).path + "?saved=1")
        }
        routes.get("/plans/:planID", .read, .plan(param: "planID")) { _, _, granted in
            guard case .plan(let plan, let path) = granted.target else { throw HTTPError(.notFound) }
            if plan.status == .draft, AccessPolicy.decide(granted.principal, .write, .plan(path)).isAllowed {
                return .redirect(to: SiteURL.planReview(plan.id).path)
            }
            return services.renderer.html("plan", try await ledgerPage(plan, path, granted))
        }
        routes.get("/plans/:planID/ledger.xlsx", .read, .plan(param: "planID")) { _, _, granted in
            guard case .plan(let plan, let path) = granted.target else { throw HTTPError(.notFound) }
            let page = try await ledgerPage(plan, path, granted)
            let headers = ["编号", "任务", "责任领导", "牵头/责任单位", "配合单位", "责任人", "完成时限", "截止日期", "状态", "逾期天数", "督办"]
            let rows = page.lines.map { l in
                [l.number, l.title, l.leaders, l.leadUnits, l.cooperatingUnits, l.persons, l.deadlineText, l.due, l.status,
                 l.overdueDays.map(String.init) ?? "", l.escalation]
            }
            return try Download.file(name: "\(plan.title)任务台账.xlsx") {
                try RegisterFiles.writeXLSX($0, sheets: [("任务台账", headers, rows)], notes: [
                    ("方案", plan.title + (plan.documentNumber.map { "（\($0)）" } ?? "")), ("统计日期", page.today),
                ])
            }
        }
        routes.get("/api/plans/:planID/tasks", .read, .plan(param: "planID")) { _, _, granted in
            guard case .plan(let plan, _) = granted.target else { throw HTTPError(.notFound) }
            let today = Day.today(services.clock())
            return JSONBody.response(try await services.tasks.tasks(plan: plan.id).map { TaskDTO($0, today: today) })
        }
        routes.get("/plans/:planID/bulletin", .read, .plan(param: "planID")) { _, _, granted in
            guard case .plan(let plan, _) = granted.target else { throw HTTPError(.notFound) }
            guard let (week, label) = weekQuery(granted) else { return badWeek(granted) }
            let page: BulletinPage
            do {
                page = BulletinPage(try await BulletinBuilder(store: services.store).bulletin(plan: plan.id, week: week), plan: plan, week: label,
                                    granted: granted)
            } catch let error as StorageError {
                return ErrorResponder(services: services, isAPI: false, principal: granted.principal, csrf: granted.csrfToken)
                    .respond(.conflict, error.chinese)
            }
            return services.renderer.html("bulletin", page)
        }
        routes.get("/plans/:planID/bulletin.xlsx", .read, .plan(param: "planID")) { _, _, granted in
            guard case .plan(let plan, _) = granted.target else { throw HTTPError(.notFound) }
            guard let (week, label) = weekQuery(granted) else { return badWeek(granted) }
            let bulletin: WeeklyBulletin
            do {
                bulletin = try await BulletinBuilder(store: services.store).bulletin(plan: plan.id, week: week)
            } catch let error as StorageError {
                return ErrorResponder(services: services, isAPI: false, principal: granted.principal, csrf: granted.csrfToken)
                    .respond(.conflict, error.chinese)
            }
            return try Download.file(name: "\(plan.title)周通报\(label).xlsx") { try BulletinWorkbook.write(bulletin, to: $0) }
        }
    }

    // MARK: building pages


    private func plansPage(_ path: RegionPath, _ granted: Granted, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let today = Day.today(services.clock())
        var lines: [PlanLine] = []
        let counts = try await services.tasks.counts(in: path.region.code, today: today)
        for plan in try await services.tasks.plans(in: path.region.code) {
            var line = PlanLine(
                url: plan.status == .draft ? SiteURL.planReview(plan.id).path : SiteURL.plan(plan.id).path, title: plan.title,
                documentNumber: plan.documentNumber ?? "", date: plan.date?.description ?? "", status: plan.status.label,
                isDraft: plan.status == .draft, actions: 0, open: 0, closing: 0, closed: 0, overdue: 0)
            if plan.status == .draft {
                line.actions = try await services.tasks.draft(plan.id)?.actions.count ?? 0
            } else if let c = counts[plan.id] {
                (line.actions, line.open, line.closing, line.closed, line.overdue) = (c.tasks, c.open, c.closing, c.closed, c.overdue)
            }
            lines.append(line)
        }
        let page = PlansPage(
            chrome: Chrome(title: "任务清单", granted: granted, section: .tasks), countyName: path.region.name, lines: lines,
            hasLines: !lines.isEmpty, canImport: AccessPolicy.decide(granted.principal, .write, .plan(path)).isAllowed,
            cadences: TaskFormatting.cadenceChoices(selected: TaskFormatting.cadences[0].cadence),
            year: granted.form["year"] ?? "", error: error)
        return services.renderer.html("plans", page, status: status)
    }

    private func reviewPage(_ plan: Plan, _ draft: ParsedPlan, _ granted: Granted, error: String?) -> ReviewPage {
        let blocks = draft.actions.enumerated().map { i, a in
            ActionBlock(
                index: i, number: a.number, title: a.title, content: a.content, leaders: TaskFormatting.join(a.leaders),
                leadUnits: TaskFormatting.join(a.leadUnits), responsibleUnits: TaskFormatting.join(a.responsibleUnits),
                cooperatingUnits: TaskFormatting.join(a.cooperatingUnits), persons: TaskFormatting.join(a.persons), deadline: a.deadline?.text ?? "",
                parsedDue: a.deadline.map { $0.due?.description ?? "未能识别日期" } ?? "", perTown: a.perTown,
                milestones: a.milestones.map(TaskFormatting.milestoneLine).joined(separator: "\n"))
        }
        return ReviewPage(
            chrome: Chrome(title: "审核任务清单", granted: granted, section: .tasks), actionURL: SiteURL.planReview(plan.id).path,
            title: draft.title, documentNumber: draft.documentNumber ?? "", planDate: draft.date?.description ?? "", year: draft.year,
            cadences: TaskFormatting.cadenceChoices(selected: plan.cadence), warnings: draft.warnings, hasWarnings: !draft.warnings.isEmpty,
            actions: blocks, count: blocks.count, error: error, message: granted.query["saved"] != nil && error == nil ? "已保存。" : nil)
    }

    /// The draft with the review form's corrections: each action's fields, deadlines parsed again, deleted ones dropped.
    private func corrected(_ draft: ParsedPlan, _ f: FormData, calendar: WorkCalendar) throws -> ParsedPlan {
        var plan = draft
        if let title = f["title"] { plan.title = title }
        plan.documentNumber = f["documentNumber"]
        if let text = f["planDate"] {
            guard let day = Day(text) else { throw ReviewError("发文日期“\(text)”应写作 YYYY-MM-DD") }
            plan.date = day
        } else {
            plan.date = nil
        }
        let planDate = plan.date ?? Day(year: plan.year, month: 1, day: 1)!
        var actions: [ParsedAction] = []
        for (i, original) in draft.actions.enumerated() {
            let key = { (name: String) in "a\(i).\(name)" }
            if f[key("delete")] != nil { continue }
            var a = original
            if let number = f[key("number")] { a.number = number }
            guard let title = f[key("title")] else { throw ReviewError("任务 \(a.number)：标题不能为空") }
            a.title = title
            a.content = f[key("content")] ?? ""
            a.leaders = TaskFormatting.split(f[key("leaders")])
            a.leadUnits = TaskFormatting.split(f[key("leadUnits")])
            a.responsibleUnits = TaskFormatting.split(f[key("responsibleUnits")])
            a.cooperatingUnits = TaskFormatting.split(f[key("cooperatingUnits")])
            a.persons = TaskFormatting.split(f[key("persons")])
            a.perTown = f[key("perTown")] != nil
            if let text = f[key("deadline")] {
                // Unchanged text keeps what the parser made of it (it saw the whole plan); edited text is read again.
                if text != original.deadline?.text { a.deadline = FuzzyDeadline.parse(text, planDate: planDate, calendar: calendar) }
            } else {
                a.deadline = nil
            }
            do {
                a.milestones = try TaskFormatting.milestones(f.fields[key("milestones")], previous: original.milestones)
            } catch let error as ReviewError {
                throw ReviewError("任务 \(a.number)：\(error.message)")
            }
            actions.append(a)
        }
        plan.actions = actions
        return plan
    }

    private func ledgerPage(_ plan: Plan, _ path: RegionPath, _ granted: Granted) async throws -> LedgerPage {
        let today = Day.today(services.clock())
        let tasks = try await services.tasks.tasks(plan: plan.id)
        let status = granted.query["status"] ?? ""
        let unit = granted.query["unit"] ?? ""
        let unitNames = Array(Set(tasks.flatMap { $0.parties.filter(\.role.isUnit).map(\.name) })).sorted()
        let shown = tasks.filter { t in
            let statusOK: Bool =
                switch status {
                case "overdue": t.isOverdue(on: today)
                case "": true
                default: t.status.rawValue == status
                }
            let unitOK = unit.isEmpty || t.parties.contains { $0.role.isUnit && $0.name == unit }
            return statusOK && unitOK
        }
        let lines = shown.map { t in
            LedgerLine(
                url: SiteURL.task(t.id).path, number: t.number, title: t.title, isTownTask: t.kind == .townTask,
                leaders: TaskFormatting.join(t.parties(.leader).map(\.name)), leadUnits: TaskFormatting.join(t.owningUnits.map(\.name)),
                cooperatingUnits: TaskFormatting.join(t.parties(.cooperatingUnit).map(\.name)),
                persons: TaskFormatting.join(t.parties(.responsible).map(\.name)), deadlineText: t.deadline?.text ?? "",
                due: t.due?.description ?? "", status: t.status.label, statusKey: t.status.rawValue,
                overdueDays: t.isOverdue(on: today) ? t.due.map { $0.days(to: today) } : nil,
                escalation: EscalationStep(rawValue: t.escalation)?.label ?? "")
        }
        let statuses = [("", "全部"), ("open", TaskStatus.open.label), ("closing", TaskStatus.closing.label), ("closed", TaskStatus.closed.label),
                        ("overdue", "逾期")]
        let week = ReportPeriod.isoWeekLabel(of: TaskFormatting.lastCompleteWeek(before: today))
        return LedgerPage(
            chrome: Chrome(title: plan.title, granted: granted, section: .tasks), planTitle: plan.title,
            documentNumber: plan.documentNumber ?? "", date: plan.date?.description ?? "", status: plan.status.label,
            cadence: TaskFormatting.cadenceLabel(plan.cadence), formURL: SiteURL.plan(plan.id).path,
            statuses: statuses.map { Choice(value: $0.0, label: $0.1, selected: $0.0 == status) },
            units: [Choice(value: "", label: "全部单位", selected: unit.isEmpty)]
                + unitNames.map { Choice(value: $0, label: $0, selected: $0 == unit) },
            lines: lines, hasLines: !lines.isEmpty, shown: lines.count, total: tasks.count,
            xlsxURL: SiteURL.planLedgerXLSX(plan.id).path + ledgerQuery(status: status, unit: unit), apiURL: SiteURL.planAPI(plan.id).path,
            bulletinURL: SiteURL.bulletin(plan.id, week: nil).path, week: week,
            reviewURL: plan.status == .draft ? SiteURL.planReview(plan.id).path : nil, today: today.description)
    }

    private func ledgerQuery(status: String, unit: String) -> String {
        var parts: [String] = []
        if !status.isEmpty { parts.append("status=\(status.formEncoded)") }
        if !unit.isEmpty { parts.append("unit=\(unit.formEncoded)") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// `?week=2025-W47`, or the last complete week.
    private func weekQuery(_ granted: Granted) -> (ReportPeriod, String)? {
        let today = Day.today(services.clock())
        // The bulletin judges the Monday-to-Sunday week; its label is the ISO week.
        let week: ReportPeriod
        if let text = granted.query["week"] {
            guard let period = ReportPeriod(isoWeek: text) else { return nil }
            week = period
        } else {
            week = ReportCadence.weekly(weekday: 5, hour: 12, minute: 0).period(containing: TaskFormatting.lastCompleteWeek(before: today))
        }
        return (week, week.label)
    }

    private func badWeek(_ granted: Granted) -> Response {
        ErrorResponder(services: services, isAPI: false, principal: granted.principal, csrf: granted.csrfToken)
            .respond(.badRequest, "周次“\(granted.query["week"] ?? "")”无法识别，应写作 2025-W47")
    }

}

/// `GET /api/plans/:id/tasks`: one task of the ledger.
struct TaskDTO: Encodable, Sendable {
    var id: Int64
    var kind: String
    var parentID: Int64?
    var number: String
    var title: String
    var regionCode: String
    var leaders: [String]
    var leadUnits: [String]
    var responsibleUnits: [String]
    var cooperatingUnits: [String]
    var persons: [String]
    var deadlineText: String?
    var due: String?
    var status: String
    var statusLabel: String
    var overdueDays: Int?
    var escalation: Int
    var escalationLabel: String?

    init(_ t: TaskItem, today: Day) {
        id = t.id.rawValue
        kind = t.kind.rawValue
        parentID = t.parentID?.rawValue
        number = t.number
        title = t.title
        regionCode = t.regionCode.rawValue
        leaders = t.parties(.leader).map(\.name)
        leadUnits = t.parties(.leadUnit).map(\.name)
        responsibleUnits = t.parties(.responsibleUnit).map(\.name)
        cooperatingUnits = t.parties(.cooperatingUnit).map(\.name)
        persons = t.parties(.responsible).map(\.name)
        deadlineText = t.deadline?.text
        due = t.due?.description
        status = t.status.rawValue
        statusLabel = t.status.label
        overdueDays = t.isOverdue(on: today) ? t.due.map { $0.days(to: today) } : nil
        escalation = t.escalation
        escalationLabel = EscalationStep(rawValue: t.escalation)?.label
    }
}

/// The 周通报 page: totals, the ranking with its best and worst, towns, overdue tasks, late and missing reports.
struct BulletinPage: Sendable {
    struct Row: Sendable {
        var rank: Int
        var name: String
        var tasks: Int
        var due: Int
        var closedOnTime: Int
        var overdue: Int
        var expected: Int
        var onTime: Int
        var late: Int
        var missing: Int
        var completion: String
        var reporting: String
        var score: String
        var best: Bool
        var worst: Bool
    }

    struct Overdue: Sendable {
        var url: String
        var number: String
        var title: String
        var owner: String
        var due: String
        var days: Int
        var escalation: String
    }

    struct Report: Sendable {
        var url: String
        var title: String
        var owner: String
        var submitted: String
    }

    var chrome: Chrome
    var planTitle: String
    var planURL: String
    var week: String
    var start: String
    var end: String
    var totals: Row
    var byUnit: [Row]
    var hasUnits: Bool
    var byTown: [Row]
    var hasTowns: Bool
    var overdue: [Overdue]
    var hasOverdue: Bool
    var late: [Report]
    var hasLate: Bool
    var missing: [Report]
    var hasMissing: Bool
    var hasReportIssues: Bool
    var weights: String
    var formURL: String
    var xlsxURL: String

    init(_ b: WeeklyBulletin, plan: Plan, week: String, granted: Granted) {
        // A tie across the line is neither praised nor named: only rows whose score no unmarked row shares.
        func marked(_ rows: [WeeklyBulletin.Row]) -> Set<String> {
            let names = Set(rows.map(\.name))
            return Set(rows.filter { r in !b.byUnit.contains { $0.score == r.score && !names.contains($0.name) } }.map(\.name))
        }
        let best = marked(b.best())
        let worst = marked(b.worst())
        func row(_ r: WeeklyBulletin.Row, ranked: Bool = true) -> Row {
            Row(rank: r.rank, name: r.name, tasks: r.tasks, due: r.due, closedOnTime: r.closedOnTime, overdue: r.overdue,
                expected: r.reportsExpected, onTime: r.reportsOnTime, late: r.reportsLate, missing: r.reportsMissing,
                completion: BulletinWorkbook.percent(r.completionRate), reporting: BulletinWorkbook.percent(r.reportingRate),
                score: String(format: "%.1f", r.score), best: ranked && best.contains(r.name), worst: ranked && worst.contains(r.name))
        }
        chrome = Chrome(title: "周通报 · \(plan.title)", granted: granted, section: .tasks)
        planTitle = plan.title
        planURL = SiteURL.plan(plan.id).path
        self.week = week
        start = b.week.start.description
        end = b.week.end.description
        totals = row(b.totals, ranked: false)
        byUnit = b.byUnit.map { row($0) }
        hasUnits = !byUnit.isEmpty
        byTown = b.byTown.map { row($0, ranked: false) }
        hasTowns = !byTown.isEmpty
        overdue = b.overdue.map {
            Overdue(url: SiteURL.task($0.taskID).path, number: $0.number, title: $0.title, owner: $0.owner, due: $0.due.description,
                    days: $0.daysOverdue, escalation: EscalationStep(rawValue: $0.escalation)?.label ?? "未督办")
        }
        hasOverdue = !overdue.isEmpty
        late = b.lateReports.map { Report(url: SiteURL.task($0.taskID).path, title: $0.title, owner: $0.owner, submitted: $0.submitted ?? "") }
        hasLate = !late.isEmpty
        missing = b.missingReports.map { Report(url: SiteURL.task($0.taskID).path, title: $0.title, owner: $0.owner, submitted: "") }
        hasMissing = !missing.isEmpty
        hasReportIssues = hasLate || hasMissing
        weights = "得分 = 按期完成率 × \(TaskFormatting.number(b.weights.completion)) + 按时报送率 × \(TaskFormatting.number(b.weights.reporting))，折算为百分制（\(b.weights.source)）"
        formURL = SiteURL.bulletin(plan.id, week: nil).path
        xlsxURL = SiteURL.bulletinXLSX(plan.id, week: week).path
    }
}
