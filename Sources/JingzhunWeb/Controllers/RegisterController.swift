import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage

/// The register's file traffic in the browser: the blank template, uploading a ledger into a region (with a
/// progress bar when JavaScript is on, a plain form when it is not), the rejected rows as xlsx, and
/// downloads of a region's households, members and villages in the template layout.
struct RegisterController {
    let services: Services
    let rejectedFiles: RejectedFiles

    struct ImportPage: Sendable {
        var chrome: Chrome
        var regionName: String
        var actionURL: String
        var templateURL = "/register/template"
        var year: Int
        var summary: String?
        var problems: [ProblemLine]
        var hasProblems: Bool
        var moreProblems: Int
        var rejectedURL: String?
        var error: String?
        var qualityCount = 0
        var qualityURL: String?
    }

    struct ProblemLine: Sendable {
        var place: String
        var message: String
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/register/template", .read, .ownAccount) { _, _, _ in
            try Download.file(name: "建档立卡导入模板.xlsx") { try RegisterFiles.writeTemplate($0) }
        }
        routes.get("/regions/:code/import", .write, .region(param: "code")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            var model = page(path, granted)
            model.year = try await services.register.latestYear() ?? model.year - 1
            return services.renderer.html("import", model)
        }
        routes.post("/regions/:code/import", .write, .region(param: "code")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            var model = page(path, granted)
            let year = granted.form["year"].flatMap(Int.init) ?? model.year
            model.year = year
            guard !granted.files.isEmpty else {
                model.error = "请选择要导入的 xlsx 或 csv 文件"
                return services.renderer.html("import", model, status: .badRequest)
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jz-upload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            do {
                var sheets: [any RegisterRowSource] = []
                for file in granted.files {
                    let name = (file.fileName as NSString).lastPathComponent
                    let url = dir.appendingPathComponent(name.isEmpty ? "upload.xlsx" : name)
                    try Data(file.data.readableBytesView).write(to: url)
                    sheets += try RegisterFiles.open(url)
                }
                let validOnly = granted.form["validRowsOnly"] != nil
                let report = try await RegisterImporter(store: services.store).run(
                    sources: sheets, year: year, county: path.region.code, mode: validOnly ? .validRowsOnly : .allOrNothing,
                    context: services.changeContext(granted))
                model.summary = "导入完成（\(year) 年度）：" + report.summary
                let findings = try await DataQualityRepository(store: services.store).check(within: path.region.code, year: year)
                model.qualityCount = findings.count
                model.qualityURL = "/regions/\(path.region.code.rawValue)/quality?year=\(year)"
                if !report.rejected.isEmpty {
                    let url = dir.appendingPathComponent("未导入行.xlsx")
                    try RegisterFiles.writeRejected(url, rejected: report.rejected.map { ($0.sheet, $0.row, $0.cells, $0.reasons) })
                    let token = await rejectedFiles.keep(try Data(contentsOf: url), for: granted.principal.accountID, now: services.clock())
                    model.rejectedURL = "/imports/\(token)/rejected.xlsx"
                    model.problems = report.rejected.prefix(200).map {
                        ProblemLine(place: "\($0.fileName) \($0.sheet.name) 第\($0.row)行", message: $0.reasons.joined(separator: "；"))
                    }
                }
            } catch let failure as ImportFailure {
                model.error = "导入失败，未写入任何数据。请改正以下 \(failure.problems.count) 处后重新导入，或勾选“只导入无误的行”。"
                model.problems = failure.problems.prefix(200).map { p in
                    var place = p.fileName ?? failure.fileName
                    if let sheet = p.sheet { place += " \(sheet)" }
                    place += " 第\(p.row)行"
                    if let column = p.column { place += " “\(column)”列" }
                    return ProblemLine(place: place, message: p.message)
                }
                model.moreProblems = max(0, failure.problems.count - 200)
            } catch let error as TableFileError {
                model.error = error.message
            }
            model.hasProblems = !model.problems.isEmpty
            return services.renderer.html("import", model, status: model.error == nil ? .ok : .unprocessableContent)
        }
        routes.get("/imports/:token/rejected.xlsx", .read, .ownAccount) { _, context, granted in
            guard let token = context.parameters.get("token"),
                let data = await rejectedFiles.take(token, for: granted.principal.accountID, now: services.clock())
            else { throw HTTPError(.notFound) }
            return Download.response(data, name: "未导入行.xlsx", type: Download.xlsxType)
        }
        routes.get("/regions/:code/export", .read, .regionExport(param: "code")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            let sheet = granted.query["sheet"].flatMap(RegisterSheet.init(rawValue:)) ?? .households
            let format = granted.query["format"].flatMap(RegisterFiles.Format.init(rawValue:)) ?? .xlsx
            let year = granted.query["year"].flatMap(Int.init) ?? 9999
            let masked = !granted.principal.role.seesPersonalData
            var rows: [[String]] = []
            try await RegisterExporter(store: services.store).export(sheet, within: path.region.code, year: year, masked: masked) { rows.append($0) }
            let name = "\(path.region.shortName)\(sheet.name).\(format.rawValue)"
            switch format {
            case .xlsx:
                return try Download.file(name: name) { try RegisterFiles.writeXLSX($0, sheets: [(sheet.name, sheet.headers, rows)]) }
            case .csv:
                // GB18030 for older Excel installations that do not honour the UTF-8 BOM.
                let encoding: TextFileEncoding = granted.query["encoding"] == "gb18030" ? .gb18030 : .utf8BOM
                return try Download.file(name: name, type: Download.csvType) { url in
                    let writer = try CSVFileWriter(url: url, encoding: encoding)
                    try writer.write(sheet.headers)
                    for row in rows { try writer.write(row) }
                    try writer.close()
                }
            }
        }
    }

    static let xlsxType = Download.xlsxType

    private func page(_ path: RegionPath, _ granted: Granted) -> ImportPage {
        ImportPage(
            chrome: Chrome(title: "导入台账", granted: granted, section: .register), regionName: path.region.name,
            actionURL: "/regions/\(path.region.code.rawValue)/import", year: ChinaTime.year(services.clock()),
            summary: nil, problems: [], hasProblems: false, moreProblems: 0, rejectedURL: nil, error: nil)
    }
}
