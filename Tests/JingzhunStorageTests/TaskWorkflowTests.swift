import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import SQLKit
import Testing

/// A small county with the demo's units, people and accounts, and a plan built as the parser would hand it over.
struct TaskFixture {
    let store: Store
    let county: DemoCounty
    var countyCode: RegionCode { county.countyCode }

    static func make(_ store: Store) async throws -> TaskFixture {
        var county = DemoCounty.generate(households: 40)
        county.includesTaskPlan = false
        _ = try await DemoSeeder(store: store, bcryptCost: 4).seed(county, now: t0)
        return TaskFixture(store: store, county: county)
    }

    func account(_ username: String) async throws -> AccountRepository.Account {
        try await AccountRepository(store: store, bcryptCost: 4).find(username: username)!
    }

    func context(_ username: String, at now: Date = t0) async throws -> ChangeContext {
        ChangeContext(actorAccountID: try await account(username).id, actor: username, now: now)
    }

    /// The person holding `title` (e.g. "常务副县长") in the demo county.
    func person(_ title: String) -> String { county.persons.first { $0.title == title }!.name }

    struct Action {
        var title: String
        var leaders: [String] = []
        var leadUnits: [String] = []
        var cooperatingUnits: [String] = []
        var persons: [String] = []
        var deadline: String? = nil
        var milestones: [(due: String, text: String, target: Double?)] = []
        var perTown = false
    }

    /// A ParsedPlan as the plan parser hands it over.
    static func parsed(_ title: String, date: String, _ actions: [Action]) throws -> ParsedPlan {
        let planDate = Day(date)!
        return ParsedPlan(title: title, date: planDate, year: planDate.year, actions: actions.enumerated().map { i, a in
            ParsedAction(
                number: "\(i + 1)", title: a.title, content: a.title + "。", leaders: a.leaders, leadUnits: a.leadUnits,
                cooperatingUnits: a.cooperatingUnits, persons: a.persons, deadline: a.deadline.map { FuzzyDeadline.parse($0, planDate: planDate) },
                milestones: a.milestones.map { ParsedMilestone(due: Day($0.due)!, dueText: $0.due, text: $0.text, target: $0.target, unit: $0.target == nil ? nil : "个") },
                perTown: a.perTown)
        })
    }

    /// Drafts and hands out a plan reported every Friday 12:00.
    func handOut(_ plan: ParsedPlan) async throws -> Plan.ID {
        let repo = TaskRepository(store: store)
        let id = try await repo.createDraft(plan, county: countyCode, cadence: .weekly(weekday: 5, hour: 12, minute: 0), sourceName: "test.txt",
                                            context: try await context("xian"))
        try await repo.activate(id, context: try await context("xian"))
        return id
    }
}

/// Beijing wall-clock time in the test's year.
func beijing(_ text: String) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = ChinaTime.zone
    let p = text.split(whereSeparator: { " -:".contains($0) }).map { Int($0)! }
    return calendar.date(from: DateComponents(year: p[0], month: p[1], day: p[2], hour: p[3], minute: p[4]))!
}

@Suite struct TaskRepositoryTests {
    @Test(arguments: engines)
    func handingOutAPlanMatchesUnitsAndPeopleAndSplitsEveryTownActions(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let leader = f.person("常务副县长")
            let plan = try TaskFixture.parsed("安全饮水提升方案", date: "2025-11-01", [
                .init(title: "农村安全饮水巩固提升", leaders: [leader], leadUnits: ["县水利局"], cooperatingUnits: ["卫健局", "各镇（中心）"],
                      deadline: "2025年12月31日前"),
                .init(title: "每镇建立饮水安全示范点", leaders: ["分管农业副县长"], leadUnits: ["各镇"],
                      milestones: [("2025-12-15", "每镇至少建立1个示范点", 1)], perTown: true),
            ])
            let id = try await f.handOut(plan)
            let tasks = try await TaskRepository(store: store).tasks(plan: id)
            #expect(tasks.count == 2 + 7)  // two actions, the second split across the 7 towns
            let water = tasks[0]
            #expect(water.parties(.leader).first?.name == leader)
            #expect(water.parties(.leader).first?.personID != nil)
            let waterUnit = try await OrganisationRepository(store: store).unit(named: "水利局")!
            #expect(water.parties(.leadUnit).first?.unitID == waterUnit.id)  // 县水利局 → 水利局
            #expect(water.parties(.cooperatingUnit).map(\.name) == ["卫健局", "各镇（中心）"])
            #expect(water.due == Day("2025-12-31"))
            // A post instead of a name stays as printed.
            #expect(tasks[1].parties(.leader).first?.name == "分管农业副县长")
            #expect(tasks[1].parties(.leader).first?.personID == nil)
            let townTasks = tasks.filter { $0.kind == .townTask }
            #expect(Set(townTasks.map(\.regionCode)).count == 7)
            let firstTown = f.county.regions.first { $0.level == .town }!
            let sub = townTasks.first { $0.regionCode == firstTown.code }!
            #expect(sub.parentID == tasks[1].id)
            #expect(sub.parties(.leader).first?.name == f.person("\(firstTown.name)党委书记"))
            #expect(sub.milestones.map(\.text) == ["每镇至少建立1个示范点"])
            #expect(sub.due == Day("2025-12-15"))  // no deadline of its own: the last milestone
            #expect(try await TaskRepository(store: store).plan(id)?.status == .active)
            // Every task was audit-logged.
            let logged = try await store.db.raw("SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'task'").first()!.decode(column: "n", as: Int.self)
            #expect(logged == 9)
        }
    }

    @Test(arguments: engines)
    func aDraftCanBeCorrectedBeforeItIsHandedOutButNotAfter(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let repo = TaskRepository(store: store)
            var plan = try TaskFixture.parsed("产业方案", date: "2025-11-01", [.init(title: "产业奖补", leadUnits: ["扶贫局"])])
            let id = try await repo.createDraft(plan, county: f.countyCode, cadence: .weekly(weekday: 5, hour: 12, minute: 0), sourceName: nil,
                                                context: try await f.context("xian"))
            #expect(try await repo.tasks(plan: id).isEmpty)  // nothing handed out yet
            plan.actions[0].leadUnits = ["农林科技局"]
            plan.actions[0].persons = ["栗丽"]
            try await repo.saveDraft(id, plan, cadence: .weekly(weekday: 5, hour: 12, minute: 0), context: try await f.context("xian"))
            #expect(try await repo.draft(id)?.actions[0].leadUnits == ["农林科技局"])
            try await repo.activate(id, context: try await f.context("xian"))
            let task = try await repo.tasks(plan: id)[0]
            #expect(task.parties(.leadUnit).map(\.name) == ["农林科技局"])
            #expect(task.parties(.responsible).map(\.name) == ["栗丽"])
            await #expect(throws: StorageError.self) {
                try await repo.saveDraft(id, plan, cadence: .weekly(weekday: 5, hour: 12, minute: 0), context: try await f.context("xian"))
            }
        }
    }
}

extension TaskRepositoryTests {
    @Test(arguments: engines)
    func twoClicksOnHandOutHandItOutOnce(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let repo = TaskRepository(store: store)
            let plan = try TaskFixture.parsed("方案", date: "2025-11-01", [.init(title: "甲", leadUnits: ["水利局"]), .init(title: "乙", leadUnits: ["住建局"])])
            let id = try await repo.createDraft(plan, county: f.countyCode, cadence: .weekly(weekday: 5, hour: 12, minute: 0), sourceName: nil,
                                                context: try await f.context("xian"))
            let context = try await f.context("xian")
            async let first = try? repo.activate(id, context: context)
            async let second = try? repo.activate(id, context: context)
            let outcomes = await [first, second]
            #expect(outcomes.compactMap { $0 }.count == 1)  // the other is refused: 方案已下发
            #expect(try await repo.tasks(plan: id).count == 2)
        }
    }

    @Test(arguments: engines)
    func aDatedPartIsAMilestoneTheReviewerCanDelete(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let repo = TaskRepository(store: store)
            var plan = try TaskFixture.parsed("方案", date: "2025-05-01", [.init(title: "收入结构补短板", leadUnits: ["农林科技局"], deadline: "2025年9月30日前")])
            plan.actions[0].parts = [ParsedAction(number: "(1)", title: "摸清收入结构", deadline: FuzzyDeadline.parse("2025年6月30日前", planDate: Day("2025-05-01")!))]
            let id = try await repo.createDraft(plan, county: f.countyCode, cadence: .weekly(weekday: 5, hour: 12, minute: 0), sourceName: nil,
                                                context: try await f.context("xian"))
            var draft = try #require(try await repo.draft(id))
            #expect(draft.actions[0].milestones.map(\.text) == ["摸清收入结构"])  // the reviewer sees it
            draft.actions[0].milestones = []
            try await repo.saveDraft(id, draft, cadence: .weekly(weekday: 5, hour: 12, minute: 0), context: try await f.context("xian"))
            try await repo.activate(id, context: try await f.context("xian"))
            #expect(try await repo.tasks(plan: id)[0].milestones.isEmpty)  // and what they deleted stays deleted
        }
    }
}

@Suite struct TaskWorkflowTests {
    @Test(arguments: engines)
    func aReportAfterFridayNoonIsLateAndMilestoneValuesAreKept(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let id = try await f.handOut(try TaskFixture.parsed("方案", date: "2025-11-01", [
                .init(title: "示范点建设", leadUnits: ["水利局"], milestones: [("2025-12-15", "建成示范点", 7)]),
            ]))
            let task = try await TaskRepository(store: store).tasks(plan: id)[0]
            let flow = TaskWorkflow(store: store)
            // 2025-11-28 is a Friday: due 12:00 Beijing.
            let onTime = try await flow.submitReport(task: task.id, on: Day("2025-11-26")!, text: "已建成 3 个", values: [task.milestones[0].id: 3],
                                                     files: [], context: try await f.context("bumen01", at: beijing("2025-11-28 11:59")))
            #expect(!onTime.late)
            #expect(onTime.periodStart == Day("2025-11-24") && onTime.periodEnd == Day("2025-11-30"))
            let late = try await flow.submitReport(task: task.id, on: Day("2025-12-03")!, text: "已建成 5 个", values: [task.milestones[0].id: 5],
                                                   files: [], context: try await f.context("bumen01", at: beijing("2025-12-05 12:01")))
            #expect(late.late)
            #expect(try await flow.reports(task: task.id).count == 2)
            #expect(try await TaskRepository(store: store).task(task.id)?.milestones[0].current == 5)
            // Resubmitting within the same period replaces that period's report.
            _ = try await flow.submitReport(task: task.id, on: Day("2025-12-04")!, text: "已建成 6 个", values: [:], files: [],
                                            context: try await f.context("bumen01", at: beijing("2025-12-05 15:00")))
            let reports = try await flow.reports(task: task.id)
            #expect(reports.count == 2)
            #expect(reports[0].text == "已建成 6 个")
            await #expect(throws: StorageError.self) {
                try await flow.submitReport(task: task.id, on: Day("2025-12-04")!, text: "  ", values: [:], files: [], context: try await f.context("bumen01"))
            }
        }
    }

    @Test(arguments: engines)
    func aMonthlyReportIsDueOnTheLastWorkdayOfTheHolidayCalendar(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let repo = TaskRepository(store: store)
            let plan = try TaskFixture.parsed("方案", date: "2018-08-01", [.init(title: "月报任务", leadUnits: ["水利局"], deadline: "2018年12月31日前")])
            let id = try await repo.createDraft(plan, county: f.countyCode, cadence: .monthly(day: nil), sourceName: nil, context: try await f.context("xian"))
            try await repo.activate(id, context: try await f.context("xian"))
            let task = try await repo.tasks(plan: id)[0]
            // September 2018 ends on a Sunday that the State Council made a workday (国庆调休): due 09-30, not Friday 09-28.
            let report = try await TaskWorkflow(store: store).submitReport(
                task: task.id, on: Day("2018-09-12")!, text: "九月进展", values: [:], files: [],
                context: try await f.context("bumen01", at: beijing("2018-09-29 10:00")))
            #expect(!report.late)
            #expect(report.dueAt == "2018-09-30T15:59:00Z")
            // A county can replace the calendar (a dated setting); without the make-up days the same report is late.
            try await SettingsRepository(store: store).set(.workCalendar, year: 2018, value: #"{"holidays":[],"makeUpWorkdays":[],"source":"测试"}"#,
                                                           source: "测试", context: cli)
            let again = try await TaskWorkflow(store: store).submitReport(
                task: task.id, on: Day("2018-09-12")!, text: "九月进展", values: [:], files: [],
                context: try await f.context("bumen01", at: beijing("2018-09-29 10:00")))
            #expect(again.late)
        }
    }

    @Test(arguments: engines)
    func closingNeedsEvidenceAndAnIndependentChecker(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let id = try await f.handOut(try TaskFixture.parsed("方案", date: "2025-11-01", [.init(title: "改水", leadUnits: ["水利局"], deadline: "2025年12月31日前")]))
            let task = try await TaskRepository(store: store).tasks(plan: id)[0]
            let flow = TaskWorkflow(store: store)
            let photo = TaskWorkflow.Upload(fileName: "验收照片.jpg", contentType: "image/jpeg", data: Data([0xFF, 0xD8, 0xFF]))
            _ = try await flow.submitReport(task: task.id, on: Day("2025-11-20")!, text: "完工", values: [:], files: [], context: try await f.context("xian"))
            // No file, no 销号.
            await #expect(throws: StorageError.self) {
                try await flow.requestClosure(task: task.id, evidence: "已完工并验收", files: [], context: try await f.context("bumen01"))
            }
            try await flow.requestClosure(task: task.id, evidence: "已完工并验收", files: [photo], context: try await f.context("bumen01"))
            #expect(try await TaskRepository(store: store).task(task.id)?.status == .closing)
            // The requester cannot check it, nor can whoever reported its progress.
            await #expect(throws: StorageError.self) {
                try await flow.decideClosure(task: task.id, approve: true, note: "", context: try await f.context("bumen01"))
            }
            await #expect(throws: StorageError.self) {
                try await flow.decideClosure(task: task.id, approve: true, note: "", context: try await f.context("xian"))
            }
            try await flow.decideClosure(task: task.id, approve: true, note: "佐证齐全", context: try await f.context("ducha"))
            let closed = try await TaskRepository(store: store).task(task.id)!
            #expect(closed.status == .closed && closed.closedAt != nil)
            #expect(try await flow.files(task: task.id).map(\.fileName) == ["验收照片.jpg"])
            // Reopening needs a reason and is on the timeline.
            await #expect(throws: StorageError.self) { try await flow.reopen(task: task.id, reason: " ", context: try await f.context("xian")) }
            try await flow.reopen(task: task.id, reason: "回访发现水管破损", context: try await f.context("xian"))
            #expect(try await TaskRepository(store: store).task(task.id)?.status == .open)
            #expect(try await flow.events(task: task.id).map(\.kind) == [.report, .closureRequested, .closureApproved, .reopened])
            // The owner's unit hears of the decision.
            let bumen = try await f.account("bumen01").principal
            #expect(try await Inbox(store: store).messages(for: bumen).contains { $0.kind == .closureDecision })
        }
    }

    @Test(arguments: engines)
    func theSweepRemindsMarksOverdueAndClimbsTheLadderOnce(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let id = try await f.handOut(try TaskFixture.parsed("方案", date: "2025-11-01", [
                .init(title: "危房改造", leaders: [f.person("常务副县长")], leadUnits: ["住建局"], deadline: "2025年12月10日前"),
                .init(title: "饮水工程", leadUnits: ["水利局"], deadline: "2025年12月31日前"),
            ]))
            let tasks = try await TaskRepository(store: store).tasks(plan: id)
            let sweeper = TaskSweeper(store: store)
            let inbox = Inbox(store: store)
            let water = try await f.account("bumen01").principal
            // 8 days past 危房改造's deadline (12-10): overdue, then both automatic rungs in order.
            let late = try await sweeper.sweep(context: .system(beijing("2025-12-18 08:00")))
            #expect(late.escalations == 2)
            let housing = try await TaskRepository(store: store).task(tasks[0].id)!
            #expect(housing.escalation == EscalationStep.noticeToLeader.rawValue)
            #expect(try await TaskWorkflow(store: store).events(task: housing.id).compactMap(\.step) == [.noticeToResponsible, .noticeToLeader])
            // Running it again the same day adds nothing.
            let again = try await sweeper.sweep(context: .system(beijing("2025-12-18 09:00")))
            #expect(again.escalations == 0 && again.notices == 0)
            // Later, T-3 before 饮水工程's deadline: the 水利局 account gets a reminder, the 住建局 task is not its business.
            _ = try await sweeper.sweep(context: .system(beijing("2025-12-28 08:00")))
            let reminders = try await inbox.messages(for: water)
            #expect(reminders.contains { $0.kind == .reminder && $0.taskID == tasks[1].id })
            #expect(!reminders.contains { $0.taskID == tasks[0].id })
            // The next rungs are people's decisions, one at a time; 约谈 needs its record.
            let flow = TaskWorkflow(store: store)
            await #expect(throws: StorageError.self) {
                try await flow.escalate(task: housing.id, to: .admonition, note: "12月20日约谈", context: try await f.context("ducha"))
            }
            try await flow.escalate(task: housing.id, to: .inspectionOffice, note: "", context: try await f.context("ducha"))
            await #expect(throws: StorageError.self) {
                try await flow.escalate(task: housing.id, to: .admonition, note: "", context: try await f.context("ducha"))
            }
            try await flow.escalate(task: housing.id, to: .admonition, note: "12月20日在县委会议室约谈住建局局长", context: try await f.context("ducha"))
            let inspector = try await f.account("ducha").principal
            #expect(try await inbox.messages(for: inspector).contains { $0.message.contains("约谈") })
            let audit = try await store.db.raw("SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'task' AND object_id = \(bind: String(housing.id.rawValue))")
                .first()!.decode(column: "n", as: Int.self)
            #expect(audit == 5)  // created + four rungs
        }
    }

    @Test(arguments: engines)
    func aMissingWeeklyReportIsNoticedAfterItsDueTime(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let id = try await f.handOut(try TaskFixture.parsed("方案", date: "2025-11-01", [
                .init(title: "甲", leadUnits: ["水利局"], deadline: "2026年3月31日前"), .init(title: "乙", leadUnits: ["住建局"], deadline: "2026年3月31日前"),
            ]))
            let tasks = try await TaskRepository(store: store).tasks(plan: id)
            // handed out 2025-11-23; the week of 11-24 is due Friday 11-28 12:00.
            _ = try await TaskWorkflow(store: store).submitReport(task: tasks[0].id, on: Day("2025-11-27")!, text: "进展", values: [:], files: [],
                                                                  context: try await f.context("bumen01", at: beijing("2025-11-27 10:00")))
            let before = try await TaskSweeper(store: store).sweep(context: .system(beijing("2025-11-28 11:00")))
            #expect(before.missingReports == 0)  // not due yet (the week before had begun before the plan)
            let after = try await TaskSweeper(store: store).sweep(context: .system(beijing("2025-11-28 12:30")))
            #expect(after.missingReports == 1)  // 乙 only
        }
    }
}

@Suite struct BulletinBuilderTests {
    @Test(arguments: engines)
    func theWeeklyBulletinRanksUnitsAndListsOverdueAndLateReports(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let id = try await f.handOut(try TaskFixture.parsed("方案", date: "2025-11-01", [
                .init(title: "饮水", leadUnits: ["水利局"], deadline: "2025年11月20日前"),
                .init(title: "住房", leadUnits: ["住建局"], deadline: "2025年11月20日前"),
                .init(title: "教育", leadUnits: ["教体局"], deadline: "2025年12月31日前"),
            ]))
            let tasks = try await TaskRepository(store: store).tasks(plan: id)
            let flow = TaskWorkflow(store: store)
            let file = TaskWorkflow.Upload(fileName: "a.pdf", contentType: "application/pdf", data: Data("%PDF".utf8))
            // 饮水 closed on 11-19 (on time); 住房 left overdue; 教育 reports late.
            try await flow.requestClosure(task: tasks[0].id, evidence: "完成", files: [file], context: try await f.context("bumen01", at: beijing("2025-11-19 09:00")))
            try await flow.decideClosure(task: tasks[0].id, approve: true, note: "", context: try await f.context("ducha", at: beijing("2025-11-19 10:00")))
            _ = try await flow.submitReport(task: tasks[1].id, on: Day("2025-11-25")!, text: "推进中", values: [:], files: [],
                                            context: try await f.context("xian", at: beijing("2025-11-28 10:00")))
            _ = try await flow.submitReport(task: tasks[2].id, on: Day("2025-11-25")!, text: "推进中", values: [:], files: [],
                                            context: try await f.context("xian", at: beijing("2025-11-28 16:00")))
            // created at t0 (2025-11-23): the week of 11-24 … 11-30.
            let week = ReportCadence.weekly(weekday: 5, hour: 12, minute: 0).period(containing: Day("2025-11-26")!)
            let b = try await BulletinBuilder(store: store).bulletin(plan: id, week: week)
            #expect(b.totals.tasks == 3)
            #expect(b.overdue.map(\.title) == ["住房"])
            #expect(b.overdue.first?.daysOverdue == 10)
            #expect(b.lateReports.map(\.title) == ["教育"])
            #expect(b.missingReports.isEmpty)  // 饮水 was closed before the week began
            #expect(b.byUnit.map(\.name) == ["水利局", "教体局", "住建局"])
            #expect(b.byUnit.first?.rank == 1 && b.byUnit.last?.name == "住建局")
            #expect(b.worst(1).map(\.name) == ["住建局"])
        }
    }
}

@Suite struct ShortfallHandOutTests {
    @Test(arguments: engines)
    func aVillageShortfallBecomesOneTaskLedByTheSectorUnit(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            try await SettingsRepository(store: store).set(.sectorUnits, year: 2016, value: #"{"housing":"住建局"}"#, source: "本县分工", context: cli)
            let village = f.county.regions.first { $0.level == .village }!
            let town = f.county.regions.first { $0.code == village.parentCode }!
            let drafts = [
                ShortfallTaskDraft(title: "\(village.name)住房安全短板：3 户未达标", indicatorKey: "housing", regionCode: village.code,
                                   householdCount: 3, suggestedSectors: [.housing]),
                ShortfallTaskDraft(title: "\(village.name)饮水安全短板：1 户未达标", indicatorKey: "water", regionCode: village.code,
                                   householdCount: 1, suggestedSectors: [.waterResources]),
            ]
            let deadline = FuzzyDeadline.parse("2025年12月31日前", planDate: Day("2025-11-01")!)
            let handOut = ShortfallHandOut(store: store)
            #expect(try await handOut.handOut(drafts, deadline: deadline, county: f.countyCode, year: 2025, context: cli)
                == .init(created: 2, alreadyOpen: 0))
            // Handing out again while they are open adds nothing.
            #expect(try await handOut.handOut(drafts, deadline: deadline, county: f.countyCode, year: 2025, context: cli)
                == .init(created: 0, alreadyOpen: 2))
            let tasks = try await TaskRepository(store: store).tasks(unit: nil, person: nil, region: town.code)
            #expect(tasks.count == 2 && tasks.allSatisfy { $0.kind == .shortfall && $0.regionCode == village.code })
            let housing = tasks.first { $0.number == "短板-housing" }!
            let unit = try await OrganisationRepository(store: store).unit(named: "住建局")!
            #expect(housing.parties(.leadUnit).map(\.unitID) == [unit.id])
            #expect(housing.parties(.leader).first?.name == f.person("\(town.name)党委书记"))
            #expect(housing.parties(.cooperatingUnit).contains { $0.name.hasPrefix(town.name) && $0.unitID != nil })
            // No unit configured for the sector: the task says so instead of guessing.
            #expect(tasks.first { $0.number == "短板-water" }!.parties(.leadUnit).map(\.name) == ["水利主管部门"])
        }
    }
}

@Suite struct TaskSettingsTests {
    @Test(arguments: engines)
    func escalationDaysAreDatedConfigurationAndAMalformedValueIsRefused(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let settings = SettingsRepository(store: store)
            _ = try await Migrator(store: store).migrate()
            let shipped = try await TaskSweeper.policy(store: store, year: 2025)
            #expect(shipped.reminderDays == [3, 1] && !shipped.source.isEmpty)
            await #expect(throws: StorageError.self) {
                try await settings.set(.taskEscalation, year: 2026, value: #"{"reminderDays":"三天"}"#, source: "县脱贫办通知", context: cli)
            }
            let stricter = EscalationPolicy(automaticSteps: [.init(daysOverdue: 3, step: .noticeToResponsible)], reminderDays: [5],
                                            source: "镇脱指办〔2026〕1号")
            let json = String(decoding: try JSONEncoder().encode(stricter), as: UTF8.self)
            try await settings.set(.taskEscalation, year: 2026, value: json, source: stricter.source, context: cli)
            #expect(try await TaskSweeper.policy(store: store, year: 2025) == shipped)  // earlier years keep theirs
            #expect(try await TaskSweeper.policy(store: store, year: 2027) == stricter)
        }
    }
}

@Suite struct InboxTests {
    @Test(arguments: engines)
    func oneInspectorReadingTheInboxDoesNotClearItForAnother(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let second = try await AccountRepository(store: store, bcryptCost: 4).create(
                username: "ducha02", displayName: "督查二", password: "demo-password-2", role: .inspector, scope: f.countyCode, context: cli)
            let id = try await f.handOut(try TaskFixture.parsed("方案", date: "2025-11-01", [.init(title: "改水", leadUnits: ["水利局"], deadline: "2025年11月20日前")]))
            let task = try await TaskRepository(store: store).tasks(plan: id)[0]
            try await TaskWorkflow(store: store).escalate(task: task.id, to: .noticeToResponsible, note: "", context: try await f.context("xian"))
            try await TaskWorkflow(store: store).escalate(task: task.id, to: .noticeToLeader, note: "", context: try await f.context("xian"))
            try await TaskWorkflow(store: store).escalate(task: task.id, to: .inspectionOffice, note: "", context: try await f.context("xian"))
            let inbox = Inbox(store: store)
            let ducha = try await f.account("ducha").principal
            #expect(try await inbox.unreadCount(for: ducha) == 1)
            #expect(try await inbox.unreadCount(for: second.principal) == 1)
            try await inbox.markRead(ducha)
            #expect(try await inbox.unreadCount(for: ducha) == 0)
            #expect(try await inbox.messages(for: ducha).allSatisfy(\.read))
            #expect(try await inbox.unreadCount(for: second.principal) == 1)  // still unread for the other inspector
        }
    }
}

extension TaskRepositoryTests {
    @Test(arguments: engines)
    func thePlanListCountsAgreeWithTheLedger(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await TaskFixture.make(store)
            let id = try await f.handOut(try TaskFixture.parsed("方案", date: "2025-11-01", [
                .init(title: "甲", leadUnits: ["水利局"], deadline: "2025年11月20日前"),
                .init(title: "乙", leadUnits: ["住建局"], milestones: [("2025-11-10", "节点", nil)]),  // due by its milestone
                .init(title: "丙", leadUnits: ["教体局"], deadline: "2025年12月31日前"),
            ]))
            let repo = TaskRepository(store: store)
            let today = Day("2025-11-25")!
            let tasks = try await repo.tasks(plan: id)
            let c = try #require(try await repo.counts(in: f.countyCode, today: today)[id])
            #expect(c.tasks == 3 && c.open == 3)
            #expect(c.overdue == tasks.filter { $0.isOverdue(on: today) }.count)
            #expect(c.overdue == 2)
        }
    }
}
