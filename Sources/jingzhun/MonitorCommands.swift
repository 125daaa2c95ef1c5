import ArgumentParser
import Foundation
import JingzhunDomain
import JingzhunStorage

/// `jingzhun monitor scan`: the 防返贫 alert rules over the register (issue 7 §2).
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "monitor", abstract: "防返贫动态监测 / return-to-poverty monitoring",
                                                    subcommands: [Scan.self])

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "按预警规则扫描户籍数据，列出风险线索")
        @OptionGroup var database: DatabaseOption
        @Option(help: "数据年度") var year: Int
        @Option(help: "区划代码（默认全县）") var region: String?
        @Option(help: "输出格式：json 或 text") var format = "json"

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
                let result = try await database.withStore { store in
                    try await MonitoringScanner(store: store).scan(year: year, region: try await resolveRegion(region, store: store), today: Day.today())
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
