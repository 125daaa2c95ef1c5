import ArgumentParser
import Foundation
import JingzhunDomain
import JingzhunStorage

/// `jingzhun monitor scan`: the 防返贫 alert rules over the register (issue 7 §2).
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "monitor", abstract: "防返贫动态监测 / return-to-poverty monitoring",
                                                    subcommands: [Scan.self, Cases.self, Step.self, ImportList.self, Report.self, Sweep.self])

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "按预警规则扫描户籍数据，列出风险线索")
        @OptionGroup var database: DatabaseOption
        @Option(help: "数据年度") var year: Int
        @Option(help: "区划代码（默认全县）") var region: String?
        @Option(help: "输出格式：json 或 text") var format = "json"
        @Flag(help: "按线索建档：无在办案件的户新建案件，已有的补充新线索") var openCases = false

        /// The issue's contract: `{"threshold":元,"clues":[{"household","rule","reason"}]}`; further keys may follow.
        struct Document: Encodable {
            struct Clue: Encodable {
                var household: String
                var rule: String?
                var reason: String
                var channel: String
                var riskTypes: [String]
                var suggestedObjectType: String?
            }

            var year: Int
            var threshold: Double
            var thresholdSource: String
            var households: Int
            var clues: [Clue]
        }

        func run() async throws {
            try await reportingErrors {
                let (result, intake) = try await database.withStore { store in
                    let result = try await MonitoringScanner(store: store).scan(year: year, region: try await resolveRegion(region, store: store), today: Day.today())
                    let intake = openCases ? try await MonitoringRepository(store: store).take(result.clues, context: .cli()) : nil
                    return (result, intake)
                }
                if let intake {
                    FileHandle.standardError.write(Data("建档：新建案件 \(intake.opened) 件，补充线索 \(intake.joined) 件，已在办 \(intake.alreadyKnown) 件\n".utf8))
                }
                switch format {
                case "json":
                    let document = Document(
                        year: result.year, threshold: Double(result.threshold.amount.rawValue) / 100, thresholdSource: result.threshold.sourceText,
                        households: result.households,
                        clues: result.clues.map {
                            .init(household: $0.householdNumber, rule: $0.ruleKey?.rawValue, reason: $0.reason, channel: $0.channel.label,
                                  riskTypes: $0.riskTypes.map(\.label), suggestedObjectType: $0.suggestedObjectType?.label)
                        })
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(document), as: UTF8.self))
                case "text":
                    print("监测范围：\(result.threshold.amount.display) 元（\(result.threshold.sourceText)）；扫描 \(result.households) 户，风险线索 \(result.clues.count) 条")
                    for clue in result.clues { print("\(clue.householdNumber)\t\(clue.ruleKey?.rawValue ?? "")\t\(clue.reason)") }
                default:
                    throw ValidationError("格式应为 json 或 text")
                }
            }
        }
    }
}

extension MonitorCommand {
    struct Cases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出监测案件及认定时限")
        @OptionGroup var database: DatabaseOption
        @Option(help: "区划代码（默认全县）") var region: String?
        @Option(help: "只列某一阶段：\(MonitoringStage.allCases.map(\.rawValue).joined(separator: "、"))") var stage: String?

        func run() async throws {
            try await reportingErrors {
                let stages = try stage.map { raw -> Set<MonitoringStage> in
                    guard let s = MonitoringStage(rawValue: raw) else { throw ValidationError("未知阶段：\(raw)") }
                    return [s]
                }
                let today = Day.today()
                let (cases, settings) = try await database.withStore { store in
                    let repository = MonitoringRepository(store: store)
                    return (try await repository.cases(within: try await resolveRegion(region, store: store), stages: stages),
                            try await repository.settings(on: today))
                }
                print("案件\t户编号\t阶段\t首条线索\t认定时限\t措施\t线索")
                for c in cases {
                    let clock = IdentificationClock(for: c.record, today: today, settings: settings)
                    print("\(c.id)\t\(c.record.householdNumber)\t\(c.record.stage.label)\t\(c.record.firstClueOn)\t\(clock.text)\t\(c.record.measures.count)\t"
                          + c.record.clues.map { $0.ruleKey?.rawValue ?? "人工" }.joined(separator: ","))
                }
            }
        }
    }

    /// One step of the procedure from the command line (the web case page does the same), identification to 风险消除.
    struct Step: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "办理案件的一步：\(MonitoringStepRequest.Action.names)",
            discussion: """
                识别认定：verify --signer 签字人 → appraise → notice --ends 截止日 → town-review → confirm --type 类型 --risks 风险,…（或 dismiss --reason 原因）；
                帮扶措施：measure --kind 类别 --content 内容 --person 责任人 [--unit 单位]；
                风险消除：elimination-appraise --income-since 日期 [--rigid-resolved] [--year 户籍年度] → elimination-notice --ends 截止日 → elimination-town-review → eliminate；
                回退：reopen --reason 原因。每一步记入时间轴和审计日志，违反程序的一步被拒绝并说明原因。
                """)
        @OptionGroup var database: DatabaseOption
        @Argument(help: "案件编号") var id: Int64
        @Argument(help: "步骤：\(MonitoringStepRequest.Action.names)") var action: String
        @Option(help: "日期 YYYY-MM-DD（默认今天）") var on: String?
        @Option(help: "公示截止日期（notice、elimination-notice）") var ends: String?
        @Option(help: "授权承诺签字人（verify）") var signer: String?
        @Option(help: "对象类型（confirm）：\(MonitoringObjectType.allCases.map(\.rawValue).joined(separator: "、"))") var type: String?
        @Option(help: "风险类型，逗号分隔（confirm）：\(MonitoringRiskType.allCases.map(\.rawValue).joined(separator: "、"))") var risks: String?
        @Option(help: "措施类别（measure）：\(HelpMeasure.Kind.allCases.map(\.rawValue).joined(separator: "、"))") var kind: String?
        @Option(help: "措施内容（measure）") var content: String?
        @Option(help: "责任人（measure）") var person: String?
        @Option(help: "责任单位（measure）") var unit: String?
        @Option(help: "原因（dismiss、reopen）") var reason: String?
        @Option(help: "收入稳定超过监测范围的起始日期（elimination-appraise）") var incomeSince: String?
        @Flag(help: "大额刚性支出问题已解决（elimination-appraise）") var rigidResolved = false
        @Option(help: "风险消除评议核对的户籍数据年度（elimination-appraise，默认最新年度）") var year: Int?

        func run() async throws {
            try await reportingErrors {
                func day(_ text: String?, _ what: String) throws -> Day? {
                    try text.map { t in
                        guard let d = Day(t) else { throw ValidationError("\(what)应写作 YYYY-MM-DD") }
                        return d
                    }
                }
                guard let named = MonitoringStepRequest.Action(rawValue: action) else {
                    throw ValidationError("未知步骤：\(action)（可用：\(MonitoringStepRequest.Action.names)）")
                }
                let request = MonitoringStepRequest(
                    action: named, on: try day(on, "日期") ?? Day.today(), ends: try day(ends, "公示截止日期"), signer: signer, objectType: type,
                    risks: (risks ?? "").split(separator: ",").map { String($0) }, kind: kind, content: content, person: person, unit: unit,
                    reason: reason, incomeSince: try day(incomeSince, "收入稳定超过监测范围的起始日期"), rigidResolved: rigidResolved, year: year)
                let stored = try await database.withStore { store in
                    let repository = MonitoringRepository(store: store)
                    return try await repository.apply(try await repository.event(for: request, case: id), to: id, context: .cli())
                }
                print("案件 \(id)：\(stored.record.stage.label)")
            }
        }
    }
}
