import ArgumentParser
import Foundation
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage

/// `jingzhun assess`: evaluates an exit standard over the register (issue 5 §2).
struct Assess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "对照退出标准评估户、村、县 / evaluate an exit standard")
    @OptionGroup var database: DatabaseOption
    @Option(help: "数据年度") var year: Int
    @Option(help: "标准代码，如 shaanxi-2017、national-2016（jingzhun standard list 查看）") var standard: String
    @Option(help: "区划代码（默认全县）") var region: String?
    @Option(help: "json、xlsx 或 text") var format = "text"
    @Option(help: "xlsx 输出文件") var out: String?

    func run() async throws {
        try await reportingErrors {
            guard ["json", "xlsx", "text"].contains(format) else { throw ValidationError("--format 应为 json、xlsx 或 text") }
            if format == "xlsx", out == nil { throw ValidationError("导出 xlsx 需要 --out 文件名") }
            let report = try await database.withStore { store in
                let code = try await resolveRegion(region, store: store)
                // Text output summarises; only json and xlsx list every household.
                return try await ExitAssessor(store: store).assess(
                    standardKey: standard, year: year, region: code, options: .init(keepHouseholds: format == "text" ? .none : .all))
            }
            switch format {
            case "json":
                print(String(decoding: try ExitAssessmentDocument(report).json(), as: UTF8.self))
            case "xlsx":
                try RegisterFiles.writeXLSX(URL(fileURLWithPath: out!), sheets: report.tables.map { ($0.name, $0.header, $0.rows) })
                print("已写入 \(out!)：\(report.householdCount) 户，\(report.villages.count) 个村")
            default:
                printText(report)
            }
        }
    }

    func printText(_ r: ExitAssessmentReport) {
        print("\(r.standard.name)（\(r.standard.key)），\(r.year) 年，\(r.region.name)")
        if let line = r.line { print("收入线：\(r.lineAmount.display) 元（\(line.year)年\(line.purpose.label)，\(line.document)）") }
        print("户：\(r.householdCount) 户评估，\(r.passingHouseholds) 户达标，\(r.householdCount - r.passingHouseholds) 户未达标")
        for s in r.townShortfalls {
            print("  短板 \(s.regionCode.rawValue)：" + s.rows.map { "\($0.label) \($0.households) 户" }.joined(separator: "，"))
        }
        let failingVillages = r.villages.filter { !$0.passes }
        print("村：\(r.villages.count) 个，\(r.villages.count - failingVillages.count) 个达标")
        for v in failingVillages { print("  \(v.name)：" + v.reasons.joined(separator: "；")) }
        if let c = r.county {
            print("县：" + (c.passes ? "达标" : "未达标"))
            for reason in c.reasons { print("  \(reason)") }
        }
        print("临界户（达标但接近标准）：\(r.nearMisses.count) 户")
    }
}

/// `jingzhun shortfalls`: 短板清单 by village and town; `--to-tasks` prints the task drafts the task-list
/// module will take (one per failing indicator and village, with the responsible sector).
struct Shortfalls: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "短板清单 / shortfall lists")
    @OptionGroup var database: DatabaseOption
    @Option(help: "数据年度") var year: Int
    @Option(help: "标准代码") var standard = "shaanxi-2017"
    @Option(help: "区划代码（默认全县）") var region: String?
    @Flag(help: "生成交办任务草稿（json）") var toTasks = false
    @Flag(help: "把每个村每项短板交办为整改任务（已有未销号任务的不重复交办）") var handOut = false
    @Option(help: "整改完成时限（配合 --hand-out），如 年底前、2025年12月31日前") var deadline: String?

    func run() async throws {
        try await reportingErrors {
            let (report, names) = try await database.withStore { store in
                let code = try await resolveRegion(region, store: store)
                let report = try await ExitAssessor(store: store).assess(
                    standardKey: standard, year: year, region: code, options: .init(keepHouseholds: .none))
                var names: [RegionCode: String] = [:]
                for r in try await RegionRepository(store: store).descendants(of: code, level: .village) { names[r.code] = r.name }
                for r in try await RegionRepository(store: store).descendants(of: code, level: .town) { names[r.code] = r.name }
                return (report, names)
            }
            if handOut {
                let drafts = report.villageShortfalls.flatMap { $0.taskDrafts(regionName: names[$0.regionCode] ?? $0.regionCode.rawValue) }
                let today = Day.today()
                let due = deadline.map { FuzzyDeadline.parse($0, planDate: today) }
                let result = try await database.withStore { store in
                    try await ShortfallHandOut(store: store).handOut(drafts, deadline: due, county: try await resolveRegion(region, store: store),
                                                                     year: year, context: .cli())
                }
                print("已交办短板整改任务 \(result.created) 项；已有未销号任务 \(result.alreadyOpen) 项未重复交办")
                return
            }
            if toTasks {
                let drafts = report.villageShortfalls.flatMap { $0.taskDrafts(regionName: names[$0.regionCode] ?? $0.regionCode.rawValue) }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(drafts), as: UTF8.self))
                FileHandle.standardError.write(Data("\(drafts.count) 条任务草稿；用 --hand-out 直接交办为整改任务。\n".utf8))
                return
            }
            print("乡镇\t户数\t未达标户\t" + report.standard.household.map(\.label).joined(separator: "\t"))
            for s in report.townShortfalls + report.villageShortfalls {
                let counts = Dictionary(uniqueKeysWithValues: s.rows.map { ($0.indicatorKey, $0.households) })
                print("\(names[s.regionCode] ?? s.regionCode.rawValue)\t\(s.households)\t\(s.failingHouseholds)\t"
                      + report.standard.household.map { String(counts[$0.key] ?? 0) }.joined(separator: "\t"))
            }
        }
    }
}

/// `jingzhun standard list|show|copy|load|set`: exit standards as data.
struct StandardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standard", abstract: "退出标准 / exit standards", subcommands: [List.self, Show.self, Copy.self, Load.self, Set.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出标准")
        @OptionGroup var database: DatabaseOption
        func run() async throws {
            try await reportingErrors {
                for s in try await database.withStore({ try await ExitStandardRepository(store: $0).all() }) {
                    let years = "\(s.standard.firstYear)–\(s.standard.lastYear.map(String.init) ?? "")"
                    print("\(s.standard.key)\t\(s.standard.name)\t\(years)\t\(s.builtIn ? "内置" : "本县")")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "以 JSON 显示一个标准（可编辑后用 load 载入）")
        @OptionGroup var database: DatabaseOption
        @Argument var key: String
        func run() async throws {
            try await reportingErrors {
                guard let s = try await database.withStore({ try await ExitStandardRepository(store: $0).standard(key) }) else {
                    throw ValidationError("没有标准“\(key)”")
                }
                print(String(decoding: try s.standard.encodedJSON(), as: UTF8.self))
            }
        }
    }

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "复制标准为本县标准")
        @OptionGroup var database: DatabaseOption
        @Argument var from: String
        @Argument var key: String
        @Option var name: String
        func run() async throws {
            try await reportingErrors {
                try await database.withStore { store in
                    let repo = ExitStandardRepository(store: store)
                    guard let s = try await repo.standard(from) else { throw ValidationError("没有标准“\(from)”") }
                    try await repo.add(s.standard.copy(key: key, name: name), context: .cli())
                }
                print("已复制为 \(key)")
            }
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "从 JSON 文件载入标准")
        @OptionGroup var database: DatabaseOption
        @Argument var file: String
        func run() async throws {
            try await reportingErrors {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                let standard: ExitStandard
                do { standard = try ExitStandard.decode(json: data) } catch { throw ValidationError("\(file)：\(error)") }
                try await database.withStore { try await ExitStandardRepository(store: $0).add(standard, context: .cli()) }
                print("已载入 \(standard.key)：\(standard.name)")
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "修改本县标准某指标的阈值，如 --threshold 贫困线×1.1 或 3%")
        @OptionGroup var database: DatabaseOption
        @Argument var key: String
        @Option var level: String = "household"
        @Option var indicator: String
        @Option var threshold: String
        func run() async throws {
            try await reportingErrors {
                guard let lvl = ExitLevel(rawValue: level) else { throw ValidationError("--level 应为 household、village 或 county") }
                guard let t = ExitThreshold(text: threshold) else { throw ValidationError("阈值“\(threshold)”无法识别") }
                _ = try await database.withStore {
                    try await ExitStandardRepository(store: $0).setThreshold(t, indicator: indicator, level: lvl, of: key, context: .cli())
                }
                print("已修改 \(key) 的 \(indicator) 阈值为 \(t)")
            }
        }
    }
}

/// `jingzhun exit-check`: exit procedure records with date-logic errors.
struct ExitCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exit-check", abstract: "检查退出程序记录的日期逻辑 / check exit procedure dates")
    @OptionGroup var database: DatabaseOption
    @Option(help: "区划代码（默认全县）") var region: String?

    func run() async throws {
        try await reportingErrors {
            let found = try await database.withStore { store in
                try await ExitProcedureRepository(store: store).problems(within: try await resolveRegion(region, store: store))
            }
            print("退出程序日期逻辑问题：\(found.count) 户")
            for f in found { print("\(f.record.householdNumber)\t\(f.record.exitYear)\t" + f.problems.joined(separator: "；")) }
            if !found.isEmpty { throw ExitCode(2) }
        }
    }
}
