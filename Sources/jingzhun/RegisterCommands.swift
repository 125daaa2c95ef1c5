public import ArgumentParser
import Foundation
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage

/// `jingzhun import`: 户信息 / 家庭成员 / 村信息 from xlsx or csv (UTF-8, with or without BOM, or GB18030).
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "导入建档立卡台账（xlsx 或 csv）/ import the household register")
    @OptionGroup var database: DatabaseOption
    @Argument(help: "xlsx 文件，或 户信息.csv 家庭成员.csv 村信息.csv") var files: [String]
    @Option(help: "收入数据所属年度（默认库中最新年度；空库为上一年）") var year: Int?
    @Option(help: "只在此县（12位代码）内匹配乡镇和村") var county: String?
    @Flag(help: "只导入无误的行，其余行写入 --rejected 文件") var validRowsOnly = false
    @Option(help: "未导入行（附原因）写到此 xlsx（默认 未导入行.xlsx）") var rejected = "未导入行.xlsx"

    func run() async throws {
        try await reportingErrors {
            var sheets: [any RegisterRowSource] = []
            for file in files { sheets += try RegisterFiles.open(URL(fileURLWithPath: file)) }
            let year: Int
            if let given = self.year { year = given } else {
                year = try await database.withStore { try await RegisterRepository(store: $0).latestYear() } ?? ChinaTime.year(Date()) - 1
            }
            let county = try self.county.map { raw -> RegionCode in
                guard let code = RegionCode(rawValue: raw) else { throw ValidationError("县代码应为12位数字") }
                return code
            }
            let (report, findings) = try await database.withStore { store in
                let report = try await RegisterImporter(store: store).run(
                    sources: sheets, year: year, county: county, mode: validRowsOnly ? .validRowsOnly : .allOrNothing, context: .cli())
                var scope = county
                if scope == nil { scope = try await RegionRepository(store: store).counties().first?.code }
                let findings = try await scope.asyncMap { try await DataQualityRepository(store: store).check(within: $0, year: year) } ?? []
                return (report, findings)
            }
            print("导入完成（\(year) 年度）：\(report.summary)")
            print("数据质量校验：\(findings.count) 条问题（jingzhun check 查看）")
            if !report.rejected.isEmpty {
                try RegisterFiles.writeRejected(URL(fileURLWithPath: rejected), rejected: report.rejected.map { ($0.sheet, $0.row, $0.cells, $0.reasons) })
                print("未导入的 \(report.rejected.count) 行及原因已写入 \(rejected)")
            }
        }
    }
}

/// `jingzhun export households|members|villages` in the template layout.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "按模板格式导出户、成员或村信息 / export in the template layout")

    enum What: String, ExpressibleByArgument, CaseIterable {
        case households, members, villages
        var sheet: RegisterSheet {
            switch self {
            case .households: .households
            case .members: .members
            case .villages: .villages
            }
        }
    }

    @OptionGroup var database: DatabaseOption
    @Argument(help: "households（户信息）| members（家庭成员）| villages（村信息）") var what: What
    @Option(help: "xlsx 或 csv") var format: RegisterFiles.Format = .csv
    @Option(help: "区划代码（默认全县）") var region: String?
    @Option(help: "年度（默认各户最新年度）") var year: Int?
    @Option(help: "输出文件；csv 省略时写到标准输出") var out: String?
    @Option(help: "csv 编码：utf8、utf8BOM、gb18030（默认写文件用 utf8BOM，便于 Excel 打开）") var encoding: TextFileEncoding?
    @Flag(help: "不遮蔽身份证号、电话、银行账号和健康状况（仅限有权限的人员）") var unmasked = false

    func run() async throws {
        try await reportingErrors {
            if format == .xlsx, out == nil { throw ValidationError("导出 xlsx 需要 --out 文件名") }
            try await database.withStore { store in
                let code = try await resolveRegion(region, store: store)
                let sheet = what.sheet
                let exporter = RegisterExporter(store: store)
                let year = self.year ?? 9999
                switch format {
                case .csv:
                    let url = out.map { URL(fileURLWithPath: $0) }
                    let writer = try CSVFileWriter(url: url, encoding: encoding ?? (url == nil ? .utf8 : .utf8BOM))
                    try writer.write(sheet.headers)
                    try await exporter.export(sheet, within: code, year: year, masked: !unmasked) { try writer.write($0) }
                    try writer.close()
                case .xlsx:
                    var rows: [[String]] = []
                    try await exporter.export(sheet, within: code, year: year, masked: !unmasked) { rows.append($0) }
                    try RegisterFiles.writeXLSX(URL(fileURLWithPath: out!), sheets: [(sheet.name, sheet.headers, rows)])
                }
            }
            if let out { print("已导出到 \(out)") }
        }
    }
}

extension RegisterFiles.Format: ExpressibleByArgument {}
extension TextFileEncoding: ExpressibleByArgument {}

struct Template: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "生成空白导入模板 xlsx / write the empty import template")
    @Option(help: "输出文件") var out = "建档立卡导入模板.xlsx"

    func run() async throws {
        try await reportingErrors {
            try RegisterFiles.writeTemplate(URL(fileURLWithPath: out))
            print("模板已写入 \(out)（工作表：户信息、家庭成员、村信息、说明）")
        }
    }
}

/// `jingzhun generate`: a synthetic county in the template layout, one csv per sheet.
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "生成模拟台账（csv）/ generate a synthetic register")
    @Option(help: "户数") var households = 6_000
    @Option(help: "随机种子（相同种子生成相同数据）") var seed: UInt64 = 1
    @Option(help: "数据年度") var year = DemoCounty.registerYear
    @Flag(help: "故意加入约 0.5% 的错误行（用于测试导入校验）") var dirty = false
    @Option(help: "输出目录") var out: String
    @Option(help: "csv 编码：utf8、utf8BOM、gb18030") var encoding: TextFileEncoding = .utf8BOM

    func run() async throws {
        try await reportingErrors {
            let dir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let county = DemoCounty.generate(households: 0)
            let towns = Dictionary(uniqueKeysWithValues: county.towns.map { ($0.code, $0.name) })
            let poor = Set(county.villageProfiles.filter(\.isPoorVillage).map(\.code))
            let villages = county.villages.map { v in
                RegisterGenerator.Village(
                    region: v, townName: towns[v.parentCode!] ?? "",
                    groupNames: county.regions.filter { $0.parentCode == v.code }.map(\.name), isPoor: poor.contains(v.code))
            }
            var writers: [RegisterSheet: CSVFileWriter] = [:]
            for sheet in RegisterSheet.allCases {
                let w = try CSVFileWriter(url: dir.appendingPathComponent("\(sheet.name).csv"), encoding: encoding)
                try w.write(sheet.headers)
                writers[sheet] = w
            }
            var counts: [RegisterSheet: Int] = [:]
            try RegisterGenerator(villages: villages, households: households, seed: seed, year: year, dirty: dirty).generate { sheet, row in
                try writers[sheet]!.write(row)
                counts[sheet, default: 0] += 1
            }
            for w in writers.values { try w.close() }
            print("已生成 \(counts[.households] ?? 0) 户、\(counts[.members] ?? 0) 名成员、\(counts[.villages] ?? 0) 个村 → \(out)/{户信息,家庭成员,村信息}.csv")
        }
    }
}

/// `jingzhun check`: the data-quality rules over a region's register.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "数据质量校验 / run the data-quality rules")
    @OptionGroup var database: DatabaseOption
    @Option(help: "区划代码（默认全县）") var region: String?
    @Option(help: "年度（默认各户最新年度）") var year: Int?
    @Option(help: "text 或 json") var format = "text"

    struct Line: Encodable {
        var rule: String
        var title: String
        var household: String
        var village: String
        var message: String
    }

    func run() async throws {
        try await reportingErrors {
            let findings = try await database.withStore { store in
                try await DataQualityRepository(store: store).check(within: try await resolveRegion(region, store: store), year: year ?? 9999)
            }
            if format == "json" {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let lines = findings.map { Line(rule: $0.rule.rawValue, title: $0.rule.title, household: $0.householdNumber, village: $0.villageCode.rawValue, message: $0.message) }
                print(String(decoding: try encoder.encode(lines), as: UTF8.self))
            } else {
                let byRule = Dictionary(grouping: findings, by: \.rule)
                print("数据质量：共 \(findings.count) 条")
                for rule in DataQualityRule.allCases { print("  \(rule.title)：\(byRule[rule]?.count ?? 0)") }
                for f in findings.prefix(200) { print("\(f.householdNumber)\t\(f.rule.title)\t\(f.message)") }
                if findings.count > 200 { print("……其余 \(findings.count - 200) 条，请用 --format json 查看全部") }
            }
        }
    }
}
