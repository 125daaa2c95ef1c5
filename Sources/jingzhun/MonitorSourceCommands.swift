import ArgumentParser
import Foundation
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage

/// The data sources of the input-fed alert rules (issue 7 §2): `jingzhun monitor import-list` (部门筛查) and
/// `jingzhun monitor report` (风险信息登记).
extension MonitorCommand {
    struct ImportList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-list", abstract: "导入行业部门名单（低保、特困、残疾人、医疗救助、临时救助），按身份证号与户籍比对")
        @OptionGroup var database: DatabaseOption
        @Option(help: "名单类别：\(DepartmentList.allCases.map(\.argument).joined(separator: "|"))") var list: String
        @Option(help: "报送单位，如 县民政局") var unit: String
        @Option(help: "县代码（默认库中第一个县）") var region: String?
        @Argument(help: "名单文件 .xlsx 或 .csv（须有 姓名、身份证号 两列，可有 纳入时间）") var file: String

        func run() async throws {
            try await reportingErrors {
                guard let kind = DepartmentList(argument: list) else {
                    throw ValidationError("名单类别应为 \(DepartmentList.allCases.map(\.argument).joined(separator: "、"))")
                }
                let now = Date()
                let rows = try DepartmentListFile.read(URL(fileURLWithPath: file), list: kind, unit: unit, today: Day.today(now))
                let batch = try await database.withStore { store in
                    try await DepartmentListImporter(store: store).run(
                        rows, list: kind, unit: unit, fileName: URL(fileURLWithPath: file).lastPathComponent,
                        region: try await resolveRegion(region, store: store), context: .cli(now))
                }
                print("已导入\(batch.unit)\(batch.list.label)名单 \(batch.rows) 人：与户籍匹配 \(batch.matchedMembers) 人（\(batch.matchedHouseholds) 户），未匹配 \(batch.unmatchedCount) 人")
                if !batch.unmatched.isEmpty {
                    print("未匹配（户籍中无此身份证号，可能是未建档的边缘户，请核实）：")
                    for u in batch.unmatched { print("  \(u.name)\t\(u.maskedIDNumber)") }
                }
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "风险信息登记：自然灾害、意外事故、医疗自付费用、丧失劳动能力（农户申报或干部排查）")
        @OptionGroup var database: DatabaseOption
        @Option(help: "户编号") var household: String
        @Option(help: "类别：\(RiskReport.Kind.allCases.map(\.argument).joined(separator: "|"))") var kind: String
        @Option(help: "发生日期 YYYY-MM-DD") var date: String
        @Option(help: "情况说明（仅自然灾害可写在命令行上）") var description: String?
        @Option(help: "从文件读情况说明，- 为标准输入（医疗、事故、丧失劳动能力必须这样输入，说明不留在命令历史和进程列表里）")
        var descriptionFile: String?
        @Option(help: "家庭成员姓名（医疗自付费用、丧失劳动能力必填）") var member: String?
        @Option(help: "金额（元）：损失或自付费用") var amount: String?
        @Option(help: "渠道：self（农户自主申报）或 cadre（基层干部排查，默认）") var channel = "cadre"

        func run() async throws {
            try await reportingErrors {
                guard let k = RiskReport.Kind(argument: kind) else {
                    throw ValidationError("类别应为 \(RiskReport.Kind.allCases.map(\.argument).joined(separator: "、"))")
                }
                guard let day = Day(date) else { throw ValidationError("发生日期应写作 YYYY-MM-DD") }
                let description: String
                switch (self.description, descriptionFile) {
                case (let text?, nil):
                    if let refusal = k.inlineDescriptionRefusal { throw ValidationError(refusal) }
                    description = text
                case (nil, let path?):
                    let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
                    guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("情况说明文件应为 UTF-8 文本") }
                    description = text.trimmingCharacters(in: .whitespacesAndNewlines)
                default:
                    throw ValidationError("请给出情况说明：--description 文字（仅自然灾害）或 --description-file 文件名（- 为标准输入）")
                }
                guard let via = RiskReport.channel(argument: channel) else { throw ValidationError("渠道应为 self 或 cadre") }
                let fen = try amount.map { text -> Fen in
                    guard let f = Fen(yuan: text) else { throw ValidationError("金额“\(text)”应为元，最多两位小数") }
                    return f
                }
                let report = RiskReport(householdNumber: household, kind: k, memberName: member, occurredOn: day, description: description,
                                        amount: fen, channel: via)
                let stored = try await database.withStore { store in
                    try await RiskReportRepository(store: store).record(report, context: .cli())
                }
                // The description is not echoed: it may concern someone's health.
                print("已登记 \(stored.id) 号风险信息：户 \(stored.report.householdNumber) \(stored.report.kind.label)（\(stored.report.occurredOn)，\(stored.report.channel.label)）")
            }
        }
    }
}
