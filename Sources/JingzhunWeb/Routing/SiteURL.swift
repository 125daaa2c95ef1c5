import JingzhunDomain

/// Every link the pages print comes from here, never from hand-written strings in templates.
enum SiteURL {
    case home, login, logout, regions, region(RegionCode), units, unit(OrgUnit.ID), people, person(Person.ID)
    case household(String), audit, auditObject(type: String, id: String), auditActor(String), admin, accounts
    case accountPassword(String), myAccount, myPassword, myTokens, stylesheet
    /// 退出评估 (issue 5): one query names the region, year and standard of every page and download.
    case exit(ExitQuery), exitNearMisses(ExitQuery), exitExport(ExitQuery, format: String), exitAPI(ExitQuery)
    case exitStandards, exitStandard(String), exitStandardCopy, exitStandardThreshold, exitStandardLoad
    case exitSamples(year: Int?), exitSampleDraw, exitSampleFinding
    case exitProcedures(RegionCode?), householdExit(String)
    /// 任务清单 (issue 6): plans, their review, ledger and bulletin; tasks; the inbox. Ids and ISO weeks only.
    case plans, planReview(Plan.ID), plan(Plan.ID), planLedgerXLSX(Plan.ID), planAPI(Plan.ID)
    case bulletin(Plan.ID, week: String?), bulletinXLSX(Plan.ID, week: String?)
    case myTasks, task(TaskItem.ID), taskAction(TaskItem.ID, String), taskFile(TaskItem.ID, Int64)
    case inbox, inboxRead
    /// 防返贫监测 (issue 7 §7): case ids, region codes, stages and years only.
    case monitoring(MonitoringQuery?), monitoringScan(MonitoringQuery), monitoringCases(MonitoringQuery), monitoringCasesXLSX(MonitoringQuery)
    case monitoringCase(Int64), monitoringStep(Int64), monitoringMeasures(Int64), monitoringNotice(Int64)
    /// 风险信息登记 and 部门名单 (issue 7 §2): region codes and 户编号 only; a report's words never go in a URL.
    case monitoringSources(MonitoringQuery?), monitoringReportLookup, monitoringReport(String), monitoringListUpload(MonitoringQuery)
    /// A town's villages (or a county's towns) with their cases counted, a village's cases, a village's 公示.
    case monitoringArea(RegionCode), monitoringVillageNotice(RegionCode)

    var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .regions: "/regions"
        case .region(let code): "/regions/\(code.rawValue)"
        case .units: "/units"
        case .unit(let id): "/units/\(id.rawValue)"
        case .people: "/people"
        case .person(let id): "/people/\(id.rawValue)"
        case .household(let number): "/households/\(number)"
        case .audit: "/audit"
        case .auditObject(let type, let id): "/audit?type=\(type.formEncoded)&id=\(id.formEncoded)"
        case .auditActor(let actor): "/audit?actor=\(actor.formEncoded)"
        case .admin: "/admin"
        case .accounts: "/admin/accounts"
        case .accountPassword(let username): "/admin/accounts/\(username)/password"
        case .myAccount: "/account"
        case .myPassword: "/account/password"
        case .myTokens: "/account/tokens"
        case .stylesheet: "/static/app.css"
        case .exit(let q): "/exit" + q.queryString
        case .exitNearMisses(let q): "/exit/near-misses" + q.queryString
        case .exitExport(let q, let format): "/exit/export" + q.queryString + (q.queryString.isEmpty ? "?" : "&") + "format=\(format.formEncoded)"
        case .exitAPI(let q): "/api/exit/assess" + q.queryString
        case .exitStandards: "/exit/standards"
        case .exitStandard(let key): "/exit/standards?key=\(key.formEncoded)"
        case .exitStandardCopy: "/exit/standards/copy"
        case .exitStandardThreshold: "/exit/standards/threshold"
        case .exitStandardLoad: "/exit/standards/load"
        case .exitSamples(let year): "/exit/samples" + (year.map { "?year=\($0)" } ?? "")
        case .exitSampleDraw: "/exit/samples/draw"
        case .exitSampleFinding: "/exit/samples/finding"
        case .exitProcedures(let code): "/exit/procedures" + (code.map { "?region=\($0.rawValue)" } ?? "")
        case .householdExit(let number): "/households/\(number)/exit"
        case .plans: "/plans"
        case .planReview(let id): "/plans/\(id.rawValue)/review"
        case .plan(let id): "/plans/\(id.rawValue)"
        case .planLedgerXLSX(let id): "/plans/\(id.rawValue)/ledger.xlsx"
        case .planAPI(let id): "/api/plans/\(id.rawValue)/tasks"
        case .bulletin(let id, let week): "/plans/\(id.rawValue)/bulletin" + (week.map { "?week=\($0.formEncoded)" } ?? "")
        case .bulletinXLSX(let id, let week): "/plans/\(id.rawValue)/bulletin.xlsx" + (week.map { "?week=\($0.formEncoded)" } ?? "")
        case .myTasks: "/tasks"
        case .task(let id): "/tasks/\(id.rawValue)"
        case .taskAction(let id, let action): "/tasks/\(id.rawValue)/\(action)"
        case .taskFile(let id, let file): "/tasks/\(id.rawValue)/files/\(file)"
        case .inbox: "/inbox"
        case .inboxRead: "/inbox/read"
        case .monitoring(let q): "/monitoring" + (q?.queryString ?? "")
        case .monitoringScan(let q): "/monitoring/scan" + q.queryString
        case .monitoringCases(let q): "/monitoring/cases" + q.queryString
        case .monitoringCasesXLSX(let q): "/monitoring/cases.xlsx" + q.queryString
        case .monitoringCase(let id): "/monitoring/cases/\(id)"
        case .monitoringStep(let id): "/monitoring/cases/\(id)/step"
        case .monitoringMeasures(let id): "/monitoring/cases/\(id)/measures"
        case .monitoringNotice(let id): "/monitoring/notices/\(id)"
        case .monitoringSources(let q): "/monitoring/sources" + (q?.queryString ?? "")
        case .monitoringReportLookup: "/monitoring/report"
        case .monitoringReport(let number): "/monitoring/households/\(number.formEncoded)/report"
        case .monitoringListUpload(let q): "/monitoring/sources/lists" + q.queryString
        case .monitoringArea(let code): "/monitoring/regions/\(code.rawValue)"
        case .monitoringVillageNotice(let code): "/monitoring/regions/\(code.rawValue)/notice"
        }
    }
}

/// The region, year and standard an exit page is about. Region codes, years and standard keys only: never
/// anything personal in a URL.
struct ExitQuery: Sendable, Equatable {
    var region: RegionCode?
    var year: Int?
    var standard: String?

    var queryString: String {
        var parts: [String] = []
        if let region { parts.append("region=\(region.rawValue)") }
        if let year { parts.append("year=\(year)") }
        if let standard { parts.append("standard=\(standard.formEncoded)") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

/// What a monitoring page is about: the region (`village`, or `town`, for the case list), the register year, and the
/// case list's filters (stage, object type, clock) and page.
struct MonitoringQuery: Sendable, Equatable {
    var region: RegionCode?
    var town: RegionCode?
    var village: RegionCode?
    var year: Int?
    var stage: String?
    var type: String?
    var clock: String?
    var page: Int?

    var queryString: String {
        var parts: [String] = []
        if let region { parts.append("region=\(region.rawValue)") }
        if let town { parts.append("town=\(town.rawValue)") }
        if let village { parts.append("village=\(village.rawValue)") }
        if let year { parts.append("year=\(year)") }
        if let stage { parts.append("stage=\(stage.formEncoded)") }
        if let type { parts.append("type=\(type.formEncoded)") }
        if let clock { parts.append("clock=\(clock.formEncoded)") }
        if let page { parts.append("page=\(page)") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

extension String {
    var formEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}

import Foundation
