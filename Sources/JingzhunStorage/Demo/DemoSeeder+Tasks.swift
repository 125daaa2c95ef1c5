import Foundation
import JingzhunDomain
import SQLKit

extension DemoSeeder {
    /// The seed plan 001 (清涧县脱贫摘帽“七化”工程实施方案, 清脱贫发〔2019〕17号) imported through the plan-text parser
    /// and handed out in the demo county, re-dated so its clocks run now: dated 24 May of the last year whose 24 May
    /// lies at least 90 days back. Weekly reports every Friday 12:00 for the last eight weeks (most on time, some late,
    /// some missing), tasks past their deadline mostly struck off by the 督查室, one waiting for its check, one sent
    /// back, the rest overdue — the sweep then marks them and climbs the 督办 ladder; one task went on to the 督查室
    /// and a 约谈 is recorded. Deterministic (seeded), so every demo shows the same county.
    func seedTasks(_ county: DemoCounty, accounts: AccountRepository, now: Date) async throws {
        guard let countyCode = county.regions.first(where: { $0.level == .county })?.code,
              let url = Bundle.module.url(forResource: "Resources/plan-001-qingjian-2019", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        let today = Day.today(now)
        var year = today.year
        if Day(year: year, month: 5, day: 24)!.days(to: today) < 90 { year -= 1 }
        let planDate = Day(year: year, month: 5, day: 24)!
        var parsed = PlanTextParser.parse(text, year: year, planDate: planDate)
        guard !parsed.actions.isEmpty else { return }
        parsed.title = "（演示）" + parsed.title
        parsed.warnings.insert("演示数据：清涧县 001 号方案原文，年度改为 \(year) 年，领导和单位按本县名单匹配，未匹配的保留原文。", at: 0)

        func context(_ username: String, _ at: Date) async throws -> ChangeContext {
            ChangeContext(actorAccountID: try await accounts.find(username: username)?.id, actor: username, now: at)
        }
        func instant(_ day: Day, _ hour: Int) -> Date {
            ChinaTime.date(day, hour: hour, minute: 0)
        }
        let handedOut = instant(planDate.adding(days: 3), 9)
        let repository = TaskRepository(store: store)
        let planID = try await repository.createDraft(parsed, county: countyCode, cadence: .weekly(weekday: 5, hour: 12, minute: 0),
                                                      sourceName: "001_fdee2c871ee8325c.txt", context: try await context("xian", instant(planDate, 10)))
        try await repository.activate(planID, context: try await context("xian", handedOut))

        let flow = TaskWorkflow(store: store)
        var rng = SeededRandom(seed: 20190524)
        let tasks = try await repository.tasks(plan: planID)
        let evidence = TaskWorkflow.Upload(fileName: "佐证材料-验收表.pdf", contentType: "application/pdf", data: Data("%PDF-1.4 演示佐证".utf8))
        // Who reports: the 水利局 account for its own tasks, the county office for the rest (units without accounts).
        func reporter(_ task: TaskItem) -> String { task.parties(.leadUnit).contains { $0.name.contains("水利") } ? "bumen01" : "xian" }

        for (i, task) in tasks.enumerated() {
            // Struck off a little before the deadline, for three in four tasks whose deadline has passed.
            var closeDay: Day?
            if let due = task.due, due < today, Int.random(in: 0..<4, using: &rng) != 0 {
                closeDay = due.adding(days: -Int.random(in: 0...20, using: &rng))
                if closeDay! <= planDate { closeDay = planDate.adding(days: 10) }
            }
            // Weekly reports over the last eight weeks while the task was open.
            for week in 1...8 {
                let friday = today.adding(days: -today.weekday + 5 - 7 * week)
                guard friday > planDate, closeDay.map({ friday < $0 }) ?? true else { continue }
                let roll = Int.random(in: 0..<10, using: &rng)
                guard roll < 9 else { continue }  // one in ten missing
                let hour = roll < 7 ? 10 : 16  // two in ten after the Friday-noon deadline
                let values = Dictionary(uniqueKeysWithValues: task.milestones.compactMap { m in
                    m.target.map { (m.id, min($0, ($0 * Double(9 - week) / 8).rounded())) }
                })
                try await flow.submitReport(task: task.id, on: friday, text: "本周按计划推进：\(task.title.prefix(16))……已完成阶段工作量约 \(100 - week * 10)%。",
                                            values: values, files: [], context: try await context(reporter(task), instant(friday, hour)))
            }
            guard let day = closeDay else { continue }
            try await flow.requestClosure(task: task.id, evidence: "已按方案要求完成，附验收表和花名册。", files: [evidence],
                                          context: try await context(reporter(task), instant(day, 9)))
            if i % 11 == 3 {
                // Sent back once by the 督查室, still open.
                try await flow.decideClosure(task: task.id, approve: false, note: "佐证材料缺少群众签字，请补充后重新申请。",
                                             context: try await context("ducha", instant(day.adding(days: 2), 15)))
            } else if i % 13 == 5 {
                continue  // waiting for the check
            } else {
                try await flow.decideClosure(task: task.id, approve: true, note: "佐证齐全，同意销号。",
                                             context: try await context("ducha", instant(day.adding(days: 1), 15)))
            }
        }
        // The register's shortfalls handed out as tasks, led by the units the county assigns to each sector.
        let sectors: [ShortfallSector: String] = [
            .industry: "产业脱贫办", .humanResources: "人社局", .housing: "住建局", .education: "教体局", .medicalInsurance: "卫生局",
            .health: "卫生局", .waterResources: "水利局", .transport: "交通局", .power: "电力局", .agriculture: "农林科技局", .povertyOffice: "扶贫局",
        ]
        try await SettingsRepository(store: store).set(
            .sectorUnits, year: 2016, value: try TaskRepository.json(Dictionary(uniqueKeysWithValues: sectors.map { ($0.key.rawValue, $0.value) })),
            source: "演示：本县短板整改牵头单位分工（参照 000 附件 2-1…2-17 责任落实表）", context: try await context("xian", now))
        let registerYear = DemoCounty.registerYear
        let report = try await ExitAssessor(store: store).assess(standardKey: "shaanxi-2017", year: registerYear, region: countyCode,
                                                                 options: .init(keepHouseholds: .none))
        let names = Dictionary(uniqueKeysWithValues: county.regions.map { ($0.code, $0.name) })
        let drafts = report.villageShortfalls.flatMap { $0.taskDrafts(regionName: names[$0.regionCode] ?? $0.regionCode.rawValue) }
        _ = try await ShortfallHandOut(store: store).handOut(
            drafts, deadline: FuzzyDeadline.parse("年底前", planDate: today), county: countyCode, year: registerYear, context: try await context("xian", now))

        // Today's sweep: reminders, overdue marks, the automatic rungs; then the 督查室 takes the oldest overdue task further.
        _ = try await TaskSweeper(store: store).sweep(context: .system(now))
        let overdue = try await repository.tasks(plan: planID).filter { $0.isOverdue(on: today) && $0.status == .open }.sorted { ($0.due!, $0.id.rawValue) < ($1.due!, $1.id.rawValue) }
        if let worst = overdue.first, worst.escalation == EscalationStep.noticeToLeader.rawValue {
            try await flow.escalate(task: worst.id, to: .inspectionOffice, note: "连续两周未见实质进展，移交督查室跟踪督办。", context: try await context("ducha", now))
            try await flow.escalate(task: worst.id, to: .admonition,
                                    note: "\(today) 在县委会议室约谈牵头单位主要负责人，要求两周内完成整改并书面报告。", context: try await context("ducha", now))
        }
    }
}
