import JingzhunDomain
import Testing

@Suite struct WeeklyBulletinTests {
    func line(_ due: String, owner: String) -> WeeklyBulletin.TaskLine {
        let task = TaskItem(id: .init(rawValue: 1), kind: .action, planID: nil, parentID: nil, number: "1", title: owner + "任务", content: "",
                            regionCode: RegionCode(rawValue: "610927000000")!,
                            deadline: FuzzyDeadline(text: due, kind: .date, due: Day(due), firmness: .plain, outsidePlanWindow: false), status: .open)
        return .init(task: task, owner: owner, town: nil, closedOn: nil, reportDue: false, report: nil)
    }

    @Test func aTaskDueOnTheWeeksLastDayIsDueButNotOverdue() {
        let week = ReportPeriod(isoWeek: "2025-W48")!  // 11-24 … 11-30
        let b = WeeklyBulletin(planTitle: "方案", week: week, lines: [line("2025-11-30", owner: "水利局"), line("2025-11-29", owner: "住建局")],
                               weights: BulletinWeights(completion: 1, reporting: 1, source: "测试"))
        #expect(b.totals.due == 2)
        #expect(b.overdue.map(\.owner) == ["住建局"])
        #expect(b.overdue.first?.daysOverdue == 1)
    }
}
