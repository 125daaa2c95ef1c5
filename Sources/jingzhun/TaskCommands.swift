import ArgumentParser
import Foundation
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage

/// `jingzhun plan parse|import|list|show`: plans handed out by list (issue 6 §3).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "任务清单：方案解析、导入与台账 / plans and task lists",
        subcommands: [Parse.self, ImportPlan.self, List.self, Show.self])

    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "解析方案文本或表格，输出任务（不写数据库）")
        @Argument(help: "方案文件：.txt（UTF-8 或 GB18030）、.xlsx 或 .csv") var file: String
        @Option(help: "方案年度（默认取文中的文号或日期）") var year: Int?
        @Option(help: "输出格式：json 或 text") var format = "json"

        func run() async throws {
            try await reportingErrors {
                let plan = try PlanFiles.parse(URL(fileURLWithPath: file), year: year)
                switch format {
                case "json": print(String(decoding: try PlanParseDocument(plan).json(), as: UTF8.self))
                case "text": print(PlanText.describe(plan))
                default: throw ValidationError("格式应为 json 或 text")
                }
                for warning in plan.warnings { FileHandle.standardError.write(Data("提示：\(warning)\n".utf8)) }
            }
        }
    }

    struct ImportPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "导入方案为待审核草稿（在网页上逐项核对后下发）")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "方案文件：.txt、.xlsx 或 .csv") var file: String
        @Option(help: "方案年度（默认取文中的文号或日期）") var year: Int?
        @Option(help: "区划代码（默认本县）") var region: String?
        @Option(help: "进展报送周期：weekly-fri-12（默认）、weekly-mon-09、tendays、monthly") var cadence = "weekly-fri-12"
        @Flag(help: "不经网页审核，直接下发（脚本用）") var activate = false

        func run() async throws {
            try await reportingErrors {
                let url = URL(fileURLWithPath: file)
                guard let cadence = PlanText.cadence(cadence) else { throw ValidationError("未知的报送周期：\(cadence)") }
                try await database.withStore { store in
                    let plan = try PlanFiles.parse(url, year: year, calendar: try await SettingsRepository(store: store).allWorkCalendars())
                    let county = try await resolveRegion(region, store: store)
                    let repository = TaskRepository(store: store)
                    let id = try await repository.createDraft(plan, county: county, cadence: cadence, sourceName: url.lastPathComponent,
                                                              context: .cli())
                    print("方案 \(id.rawValue)：\(plan.title)，解析出 \(plan.actions.count) 项任务")
                    for warning in plan.warnings { print("提示：\(warning)") }
                    if activate {
                        let n = try await repository.activate(id, context: .cli())
                        print("已下发 \(n) 项任务")
                    } else {
                        print("已保存为待审核草稿：请在网页 /plans/\(id.rawValue)/review 逐项核对后下发")
                    }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出方案")
        @OptionGroup var database: DatabaseOption
        @Option(help: "区划代码（默认本县）") var region: String?

        func run() async throws {
            try await reportingErrors {
                try await database.withStore { store in
                    let county = try await resolveRegion(region, store: store)
                    let repository = TaskRepository(store: store)
                    let today = Day.today()
                    print("编号\t状态\t任务\t已销号\t逾期\t标题")
                    let counts = try await repository.counts(in: county, today: today)
                    for plan in try await repository.plans(in: county) {
                        let c = counts[plan.id] ?? .init()
                        print("\(plan.id.rawValue)\t\(plan.status.label)\t\(c.tasks)\t\(c.closed)\t\(c.overdue)\t\(plan.title)")
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "显示方案的任务台账")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "方案编号") var id: Int64

        func run() async throws {
            try await reportingErrors {
                try await database.withStore { store in
                    let repository = TaskRepository(store: store)
                    guard let plan = try await repository.plan(.init(rawValue: id)) else { throw ValidationError("没有编号为 \(id) 的方案") }
                    print("\(plan.title)（\(plan.status.label)）")
                    let today = Day.today()
                    print("编号\t任务\t责任领导\t牵头单位\t配合单位\t完成时限\t截止\t状态\t督办")
                    for t in try await repository.tasks(plan: plan.id) {
                        let names = { (role: TaskParty.Role) in t.parties(role).map(\.name).joined(separator: "、") }
                        let status = t.isOverdue(on: today) ? "逾期\(t.due!.days(to: today))天" : t.status.label
                        print([t.number, t.title, names(.leader), names(.leadUnit), names(.cooperatingUnit), t.deadline?.text ?? "",
                               t.due?.description ?? "", status, EscalationStep(rawValue: t.escalation)?.label ?? ""].joined(separator: "\t"))
                    }
                }
            }
        }
    }
}

/// `jingzhun bulletin --plan ID --week 2018-W27`: the 周通报 (issue 6 §7).
struct Bulletin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "周通报：按单位、按镇完成情况、逾期清单、迟报漏报和排名")
    @OptionGroup var database: DatabaseOption
    @Option(help: "方案编号") var plan: Int64
    @Option(help: "ISO 周，如 2018-W27（默认上一个整周）") var week: String?
    @Option(help: "格式：text 或 xlsx") var format = "text"
    @Option(help: "输出文件（xlsx 必填）") var out: String?

    func run() async throws {
        try await reportingErrors {
            let period: ReportPeriod
            if let week {
                guard let p = ReportPeriod(isoWeek: week) else { throw ValidationError("周次应写作 2018-W27") }
                period = p
            } else {
                period = ReportCadence.weekly(weekday: 7, hour: 23, minute: 59).period(containing: Day.today().adding(days: -7))
            }
            let bulletin = try await database.withStore { store in
                try await BulletinBuilder(store: store).bulletin(plan: .init(rawValue: plan), week: period)
            }
            switch format {
            case "xlsx":
                guard let out else { throw ValidationError("xlsx 须用 --out 指定文件") }
                try BulletinWorkbook.write(bulletin, to: URL(fileURLWithPath: out))
                print("已写入 \(out)")
            case "text":
                print("\(bulletin.planTitle) 周通报 \(bulletin.week.label)（\(bulletin.week.start) 至 \(bulletin.week.end)）")
                print(BulletinWorkbook.rankingHeaders.joined(separator: "\t"))
                for row in BulletinWorkbook.rows(bulletin.byUnit) { print(row.joined(separator: "\t")) }
                if !bulletin.byTown.isEmpty {
                    print("\n分镇情况")
                    for row in BulletinWorkbook.rows(bulletin.byTown) { print(row.joined(separator: "\t")) }
                }
                print("\n逾期任务 \(bulletin.overdue.count) 项")
                for o in bulletin.overdue { print("\(o.number)\t\(o.title)\t\(o.owner)\t\(o.due)\t逾期\(o.daysOverdue)天") }
                print("\n迟报 \(bulletin.lateReports.count) 项，未报 \(bulletin.missingReports.count) 项")
                for r in bulletin.lateReports { print("迟报\t\(r.title)\t\(r.owner)\t\(r.submitted ?? "")") }
                for r in bulletin.missingReports { print("未报\t\(r.title)\t\(r.owner)") }
            default:
                throw ValidationError("格式应为 text 或 xlsx（网页版见 /plans/\(plan)/bulletin）")
            }
        }
    }
}

/// `jingzhun tasks sweep`: reminders, overdue marks, missing reports and automatic 督办 (the server runs it hourly).
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "任务提醒与督办", subcommands: [Sweep.self])

    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "检查到期、逾期和未报进展，发送提醒并自动督办")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await reportingErrors {
                let result = try await database.withStore { try await TaskSweeper(store: $0).sweep(context: .system()) }
                print(result.summary)
            }
        }
    }
}

/// Text forms shared by the plan commands.
enum PlanText {
    static func cadence(_ text: String) -> ReportCadence? {
        switch text {
        case "weekly-fri-12": .weekly(weekday: 5, hour: 12, minute: 0)
        case "weekly-mon-09": .weekly(weekday: 1, hour: 9, minute: 0)
        case "tendays": .tenDays
        case "monthly": .monthly(day: nil)
        default: nil
        }
    }

    static func describe(_ plan: ParsedPlan) -> String {
        var lines = ["\(plan.title)（\(plan.year) 年，\(plan.actions.count) 项任务）"]
        for a in plan.actions {
            lines.append("\(a.number) \(a.title)")
            if !a.leaders.isEmpty { lines.append("  责任领导：\(a.leaders.joined(separator: "、"))") }
            if !a.leadUnits.isEmpty { lines.append("  牵头单位：\(a.leadUnits.joined(separator: "、"))") }
            if !a.cooperatingUnits.isEmpty { lines.append("  配合单位：\(a.cooperatingUnits.joined(separator: "、"))") }
            if !a.persons.isEmpty { lines.append("  责任人：\(a.persons.joined(separator: "、"))") }
            if let d = a.deadline { lines.append("  完成时限：\(d.text) → \(d.due?.description ?? "无固定日期")") }
            for m in a.milestones { lines.append("  节点：\(m.due) \(m.text)") }
        }
        return lines.joined(separator: "\n")
    }
}

/// `jingzhun config list|set`: dated county configuration with its source (escalation days, bulletin weights,
/// holiday calendars, shortfall lead units, exit notice days).
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "县级配置（带年度和出处）", subcommands: [List.self, Set.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出各项配置在某年度生效的值")
        @OptionGroup var database: DatabaseOption
        @Option(help: "年度（默认今年）") var year: Int?

        func run() async throws {
            try await reportingErrors {
                try await database.withStore { store in
                    let settings = SettingsRepository(store: store)
                    let y = year ?? Day.today().year
                    for key in SettingsRepository.Key.allCases where key != .workCalendar {
                        if let (value, source) = try await settings.value(key, year: y) {
                            print("\(key.rawValue)\t\(value)\t来源：\(source)")
                        } else {
                            print("\(key.rawValue)\t（未配置）")
                        }
                    }
                    // Calendars hold for their own year only.
                    let calendar = try await settings.workCalendar(around: Day(year: y, month: 7, day: 1)!)
                    let own = calendar.holidays.filter { $0.year == y }.count + calendar.makeUpWorkdays.filter { $0.year == y }.count
                    print("\(SettingsRepository.Key.workCalendar.rawValue)\t\(y) 年：" + (own == 0 ? "未配置（仅按周末计）" : "节假日与调休 \(own) 天"))
                }
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "设置某项配置自某年度起的值（记入审计日志）")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "配置项，如 task.escalation、task.bulletin_weights、calendar.work、task.sector_units、exit.notice_days") var key: String
        @Option(help: "自哪一年起生效（calendar.work 只对该年）") var year: Int
        @Option(help: "值（JSON 或数字，格式同 config list 的输出）") var value: String
        @Option(help: "出处：文件名称、文号或会议纪要") var source: String

        func run() async throws {
            try await reportingErrors {
                guard let k = SettingsRepository.Key(rawValue: key) else {
                    throw ValidationError("未知配置项：\(key)（可用：\(SettingsRepository.Key.allCases.map(\.rawValue).joined(separator: "、"))）")
                }
                try await database.withStore { store in
                    try await SettingsRepository(store: store).set(k, year: year, value: value, source: source, context: .cli())
                }
                print("已设置 \(key)（\(year) 年起）")
            }
        }
    }
}
