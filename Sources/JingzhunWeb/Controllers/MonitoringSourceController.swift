import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage

/// The data behind four of the 防返贫 alert rules, in the browser (issue 7 §2): 风险信息登记 — a disaster, an accident,
/// out-of-pocket medical costs or a loss of labour, entered for one household by the village, the town or the county
/// office — and the departments' lists (部门筛查), uploaded by the county office or a department and matched to the
/// register by 身份证号. The page lists a region's recent reports and imported lists. Words of a report and the members
/// named in health matters are shown only to roles that may see personal data, as on the case page.
struct MonitoringSourceController {
    let services: Services
    /// A list upload's outcome, shown after the redirect that follows the POST.
    let uploads: HeldForAccount<DepartmentListImporter.Batch>

    // MARK: routes

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/monitoring/sources", .read, .monitoringRegion(name: "region", .village)) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            let message: String? = granted.query["done"] == "report" ? "已登记。县脱贫办下次“扫描并建档”时，将据此生成风险线索。" : nil
            var imported: DepartmentListImporter.Batch?
            if let token = granted.query["imported"] {
                imported = await uploads.take(token, for: granted.principal.accountID, now: services.clock())
            }
            return services.renderer.html("monitoring_sources", try await page(path, granted, message: message, imported: imported))
        }
        // The page's 户编号 box is a GET form: on to that household's report form, which the guard judges by its village.
        routes.get("/monitoring/report", .read, .monitoringRegion(name: "region", .village)) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            guard let number = granted.query["household"] else {
                return services.renderer.html(
                    "monitoring_sources", try await page(path, granted, errors: ["请填写户编号"]), status: .unprocessableContent)
            }
            return .redirect(to: SiteURL.monitoringReport(number).path)
        }
        routes.get("/monitoring/households/:number/report", .write, .monitoringHousehold(param: "number", .report)) { _, _, granted in
            guard case .household(let row, let path) = granted.target else { throw HTTPError(.notFound) }
            return services.renderer.html("monitoring_report", try await reportForm(row, path, granted, error: nil))
        }
        routes.post("/monitoring/households/:number/report", .write, .monitoringHousehold(param: "number", .report)) { _, _, granted in
            guard case .household(let row, let path) = granted.target else { throw HTTPError(.notFound) }
            do {
                let report = try Self.report(granted.form, number: row.household.number)
                _ = try await RiskReportRepository(store: services.store).record(report, context: services.changeContext(granted))
            } catch let error as StorageError {
                return services.renderer.html(
                    "monitoring_report", try await reportForm(row, path, granted, error: error.chinese), status: .unprocessableContent)
            }
            return .redirect(to: SiteURL.monitoringSources(MonitoringQuery(region: row.household.villageCode)).path + "&done=report")
        }
        routes.post("/monitoring/sources/lists", .write, .monitoringRegion(name: "region", .departmentList)) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            return try await upload(path, granted)
        }
    }

    /// The posted report form as a report (the repository checks it against the register).
    static func report(_ form: FormData, number: String) throws -> RiskReport {
        guard let kind = form["kind"].flatMap(RiskReport.Kind.init(rawValue:)) else { throw StorageError.invalid("请选择类别") }
        guard let text = form["date"] else { throw StorageError.invalid("请填写发生日期") }
        guard let day = Day(text) else { throw StorageError.invalid("发生日期“\(text)”应写作 2025-11-24") }
        let amount = try form["amount"].map { text in
            guard let fen = Fen(yuan: text) else { throw StorageError.invalid("金额“\(text)”应为元，最多两位小数") }
            return fen
        }
        let channel = form["channel"].flatMap(RiskReport.channel(argument:)) ?? .cadreScreening
        return RiskReport(householdNumber: number, kind: kind, memberName: form["member"], occurredOn: day, description: form["description"] ?? "",
                          amount: amount, channel: channel)
    }

    /// Reads, checks and imports an uploaded list; the page shows what matched and what did not, or every bad cell.
    private func upload(_ path: RegionPath, _ granted: Granted) async throws -> Response {
        let form = granted.form
        func refuse(_ errors: [String]) async throws -> Response {
            services.renderer.html("monitoring_sources", try await page(path, granted, errors: errors), status: .unprocessableContent)
        }
        guard let list = form["list"].flatMap(DepartmentList.init(rawValue:)) else { return try await refuse(["请选择名单类别"]) }
        let fixed = try await fixedUnit(granted)
        let unit = fixed ?? form["unit"] ?? ""
        if fixed != nil, let refusal = try await senders().refusal(list, unit: unit) { return try await refuse([refusal]) }
        guard let file = granted.files.first(where: { $0.field == "file" }), file.data.readableBytes > 0 else {
            return try await refuse(["请选择名单文件（.xlsx 或 .csv）"])
        }
        let name = (file.fileName as NSString).lastPathComponent
        do {
            let rows = try DepartmentListFile.read(
                Data(file.data.readableBytesView), fileName: name, list: list, unit: unit, today: Day.today(services.clock()))
            let batch = try await DepartmentListImporter(store: services.store).run(
                rows, list: list, unit: unit, fileName: name, region: path.region.code, context: services.changeContext(granted))
            // POST → redirect → GET: refreshing the result page must not send the list again.
            let token = await uploads.keep(batch, for: granted.principal.accountID, now: services.clock())
            return .redirect(to: SiteURL.monitoringSources(MonitoringQuery(region: path.region.code)).path + "&imported=\(token)")
        } catch let failure as ImportFailure {
            return try await refuse(failure.description.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        } catch let error as TableFileError {
            return try await refuse([error.message])
        } catch let error as StorageError {
            return try await refuse([error.chinese])
        }
    }

    /// Which units send which list, in force today.
    private func senders() async throws -> DepartmentListSenders {
        try await SettingsRepository(store: services.store)
            .decoded(.monitorListSenders, year: Day.today(services.clock()).year, as: DepartmentListSenders.self) ?? .national
    }

    /// A department sends its own lists: its unit's name, whatever the form says.
    private func fixedUnit(_ granted: Granted) async throws -> String? {
        guard granted.principal.role == .sectorDepartment, let id = granted.principal.unitID else { return nil }
        return try await services.organisation.unit(id)?.name
    }

    // MARK: the sources page


    struct ReportLine: Sendable {
        var date: String
        var village: String
        var number: String
        var headName: String
        var kind: String
        var member: String
        var amount: String
        var description: String
        var channel: String
        var enteredBy: String
        var createdAt: String
    }

    struct BatchLine: Sendable {
        var at: String
        var list: String
        var unit: String
        var fileName: String
        var rows: Int
        var matched: String
        var unmatched: Int
        var actor: String
    }

    struct EntryLine: Sendable {
        var number: String
        var village: String
        var member: String
        var list: String
        var unit: String
        var since: String
        var importedOn: String
    }

    struct UnmatchedLine: Sendable {
        var name: String
        var idNumber: String
    }

    /// What an upload did.
    struct ImportResult: Sendable {
        var summary: String
        var unmatched: [UnmatchedLine]
        var hasUnmatched: Bool
    }

    struct Upload: Sendable {
        var url: String
        var lists: [Choice]
        var unit: String
        var unitFixed: Bool
    }

    struct SourcesPage: Sendable {
        var chrome: Chrome
        var regionName: String
        var dashboardURL: String
        var casesURL: String
        var reportLookupURL: String?
        var upload: Upload?
        var result: ImportResult?
        var reports: [ReportLine]
        var hasReports: Bool
        var batches: [BatchLine]
        var hasBatches: Bool
        var entries: [EntryLine]
        var hasEntries: Bool
        var showsEntries: Bool
        var detailsHidden: Bool
        var errors: [String]
        var hasErrors: Bool
        var message: String?
    }

    static let hidden = "（仅对县、镇、村经办人员显示）"

    private func page(
        _ path: RegionPath, _ granted: Granted, errors: [String] = [], message: String? = nil, imported: DepartmentListImporter.Batch? = nil
    ) async throws -> SourcesPage {
        let principal = granted.principal
        let code = path.region.code
        let seesDetails = principal.role.seesPersonalData
        let villages = try await villageNames(path)
        let reports = try await RiskReportRepository(store: services.store).recent(within: code)
        let importer = DepartmentListImporter(store: services.store)
        let entries = seesDetails ? try await importer.entries(within: code, limit: 100) : []
        let heads = try await services.monitoring.headNames(reports.map(\.report.householdNumber))
        let reportLines = reports.map { s in
            let r = s.report
            // A health matter of a named household is personal data: without the right to it, village, kind and date only.
            let health = r.kind.mayConcernHealth && !seesDetails
            return ReportLine(
                date: r.occurredOn.description, village: villages[s.villageCode] ?? s.villageCode.rawValue, number: health ? "—" : r.householdNumber,
                headName: health ? "—" : heads[r.householdNumber] ?? "", kind: r.kind.label, member: health ? "—" : (r.memberName ?? ""),
                amount: health ? "—" : r.amount.map { "\($0.display) 元" } ?? "", description: seesDetails ? r.description : Self.hidden,
                channel: r.channel.label, enteredBy: s.enteredBy, createdAt: ChinaTime.display(s.createdAt))
        }
        let batches = try await importer.batches(within: code).filter { path.region.level <= .county || $0.matchedInRegion > 0 }
        let batchLines = batches.map { b in
            BatchLine(
                at: ChinaTime.display(b.importedAt), list: b.list.label, unit: b.unit, fileName: b.fileName, rows: b.rows,
                matched: path.region.level <= .county
                    ? "\(b.matchedMembers) 人（\(b.matchedHouseholds) 户）" : "本区域 \(b.matchedInRegion) 人",
                unmatched: b.unmatchedCount, actor: b.actor)
        }
        let county = Self.countyPath(path)
        var upload: Upload?
        if let county, AccessPolicy.decide(principal, .write, .monitoring(county, pairedPersons: nil, .departmentList)).isAllowed {
            let fixed = try await fixedUnit(granted)
            // A department is offered only the lists it sends (none: no upload form).
            let lists = fixed == nil ? DepartmentList.allCases : try await senders().lists(of: fixed ?? "")
            if !lists.isEmpty {
                upload = Upload(
                    url: SiteURL.monitoringListUpload(MonitoringQuery(region: county.region.code)).path,
                    lists: lists.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == imported?.list) },
                    unit: fixed ?? imported?.unit ?? "", unitFixed: fixed != nil)
            }
        }
        let mayReport = AccessPolicy.decide(principal, .write, .monitoring(path, pairedPersons: nil, .report)).isAllowed
        let result = imported.map { b in
            ImportResult(
                summary: "已导入\(b.unit)\(b.list.label)名单（\(b.fileName)）\(b.rows) 人：与户籍按身份证号匹配 \(b.matchedMembers) 人"
                    + "（\(b.matchedHouseholds) 户），未匹配 \(b.unmatchedCount) 人。名单中的身份证号只用于比对，未保存。",
                unmatched: b.unmatched.map { UnmatchedLine(name: $0.name, idNumber: $0.maskedIDNumber) }, hasUnmatched: !b.unmatched.isEmpty)
        }
        return SourcesPage(
            chrome: Chrome(title: "风险信息与部门名单", granted: granted, section: .monitor), regionName: path.region.name,
            dashboardURL: SiteURL.monitoring(MonitoringQuery(region: code)).path,
            casesURL: SiteURL.monitoringCases(MonitoringQuery(village: code)).path,
            reportLookupURL: mayReport ? SiteURL.monitoringReportLookup.path : nil, upload: upload, result: result,
            reports: reportLines, hasReports: !reportLines.isEmpty, batches: batchLines, hasBatches: !batchLines.isEmpty,
            entries: entries.map { e in
                EntryLine(
                    number: e.householdNumber, village: villages[e.villageCode] ?? e.villageCode.rawValue, member: e.entry.memberName,
                    list: e.entry.list.label, unit: e.entry.unit, since: e.entry.since?.description ?? "", importedOn: e.importedOn.description)
            },
            hasEntries: !entries.isEmpty, showsEntries: seesDetails, detailsHidden: !seesDetails, errors: errors, hasErrors: !errors.isEmpty,
            message: message)
    }

    /// The county a region belongs to (itself when it is one); nil above the county.
    static func countyPath(_ path: RegionPath) -> RegionPath? {
        if path.region.level == .county { return path }
        guard let i = path.ancestors.firstIndex(where: { $0.level == .county }) else { return nil }
        return RegionPath(region: path.ancestors[i], ancestors: Array(path.ancestors[..<i]))
    }

    /// Names of the villages under a region (the region itself when it is one).
    private func villageNames(_ path: RegionPath) async throws -> [RegionCode: String] {
        if path.region.level == .village { return [path.region.code: path.region.name] }
        var out: [RegionCode: String] = [:]
        for v in try await services.regions.descendants(of: path.region.code, level: .village, includeHistoric: true) { out[v.code] = v.name }
        return out
    }

    // MARK: the report form

    struct ReportForm: Sendable {
        var chrome: Chrome
        var number: String
        var headName: String
        var village: String
        var actionURL: String
        var sourcesURL: String
        var householdURL: String
        var kinds: [Choice]
        var members: [Choice]
        var channels: [Choice]
        var date: String
        var today: String
        var amount: String
        var description: String
        var stillPoor: String?
        var error: String?
    }

    private func reportForm(_ row: RegisterRepository.HouseholdRow, _ path: RegionPath, _ granted: Granted, error: String?) async throws -> ReportForm {
        let form = granted.form
        let today = Day.today(services.clock())
        let members = try await RegisterReader(store: services.store).members(ofHousehold: row.id.rawValue).map(\.name)
        let status = row.household.status
        return ReportForm(
            chrome: Chrome(title: "风险信息登记", granted: granted, section: .monitor), number: row.household.number,
            headName: row.household.headName, village: path.region.name, actionURL: SiteURL.monitoringReport(row.household.number).path,
            sourcesURL: SiteURL.monitoringSources(MonitoringQuery(region: path.region.code)).path,
            householdURL: SiteURL.household(row.household.number).path,
            kinds: RiskReport.Kind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form["kind"]) },
            members: members.map { Choice(value: $0, label: $0, selected: $0 == form["member"]) },
            channels: RiskReport.channels.map { c in
                Choice(value: c.argument, label: c.channel.label, selected: (form["channel"] ?? "cadre") == c.argument)
            },
            date: form["date"] ?? today.description, today: today.description, amount: form["amount"] ?? "", description: form["description"] ?? "",
            stillPoor: status.countsAsPoor
                ? "该户为\(status.label)户，按贫困户帮扶，预警扫描不把它作为监测对象；登记的情况仍供帮扶参考。" : nil,
            error: error)
    }
}
