import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage

/// 监测案件名单 (issue 7 §7). The demo county holds some 1,700 cases, so the list comes a page of 100 at a time, with
/// the filters the county works by — town, village, stage, object type, the identification clock — as a plain GET form
/// and links that work without JavaScript. The xlsx takes the same filters and holds every matching case. The guard
/// keeps the region inside the viewer's scope; the filter choices offer only what lies inside it.
struct MonitoringCaseListController {
    let services: Services
    static let pageSize = 100

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/monitoring/cases", .read, .monitoringList(.village)) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            return services.renderer.html("monitoring_cases", try await page(path, granted))
        }
        routes.get("/monitoring/cases.xlsx", .read, .monitoringList(.village)) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            let today = Day.today(services.clock())
            let filters = Filters(granted.query)
            let found = try await services.monitoring.cases(filters.storage(path.region.code), today: today, limit: nil)
            let lines = try await lines(found.cases, path: path, today: today)
            let headers = ["户编号", "户主", "村", "阶段", "监测对象类别", "首次线索", "认定时限", "帮扶措施（项）"]
            let rows = lines.map { [$0.number, $0.headName, $0.village, $0.stage, $0.objectType, $0.firstClue, $0.clock, String($0.measures)] }
            return try Download.file(name: "\(path.region.name)防返贫监测案件.xlsx") {
                try RegisterFiles.writeXLSX($0, sheets: [("监测案件", headers, rows)], notes: [
                    ("区域", path.region.name), ("阶段", filters.stage?.label ?? "全部"), ("监测对象类别", filters.type?.label ?? "全部"),
                    ("认定时限", filters.clock?.label ?? "全部"), ("户数", String(found.total)), ("统计日期", today.description),
                ])
            }
        }
    }

    /// The list's filters as the GET form sends them (`stage`, `type`, `clock`, `page` from 1); unknown values are ignored.
    struct Filters: Sendable, Equatable {
        var stage: MonitoringStage?
        var type: MonitoringObjectType?
        var clock: MonitoringRepository.CaseFilter.Clock?
        var page: Int

        init(_ query: FormData) {
            stage = query["stage"].flatMap(MonitoringStage.init(rawValue:))
            type = query["type"].flatMap(MonitoringObjectType.init(rawValue:))
            clock = query["clock"].flatMap(MonitoringRepository.CaseFilter.Clock.init(rawValue:))
            // Any number may come in a URL: capped so the offset cannot overflow (pages past the end show the last one).
            page = min(max(1, query["page"].flatMap(Int.init) ?? 1), 1_000_000)
        }

        func storage(_ within: RegionCode) -> MonitoringRepository.CaseFilter {
            .init(within: within, stage: stage, objectType: type, clock: clock)
        }

        /// The same filters for another region or page, as a link.
        func query(_ region: RegionPath, scope: RegionCode, page: Int? = nil) -> MonitoringQuery {
            var q = MonitoringQuery(stage: stage?.rawValue, type: type?.rawValue, clock: clock?.rawValue, page: page)
            switch region.region.level {
            case .village: q.village = region.region.code
            case .town: q.town = region.region.code
            default: if region.region.code != scope { q.village = region.region.code }
            }
            return q
        }
    }


    struct CaseLine: Sendable {
        var url: String
        var number: String
        var headName: String
        var village: String
        var stage: String
        var objectType: String
        var firstClue: String
        var clock: String
        var overrun: Bool
        var measures: Int
    }

    struct PageLink: Sendable {
        var label: String
        var url: String?
        var current: Bool
    }

    struct CaseListPage: Sendable {
        var chrome: Chrome
        var regionName: String
        var filterText: String
        var dashboardURL: String
        var areaURL: String
        var towns: [Choice]
        var hasTowns: Bool
        var villages: [Choice]
        var hasVillages: Bool
        var stages: [Choice]
        var types: [Choice]
        var clocks: [Choice]
        var formURL: String
        var xlsxURL: String
        var lines: [CaseLine]
        var hasLines: Bool
        var count: Int
        var pageText: String
        var pages: [PageLink]
        var hasPages: Bool
    }

    private func page(_ path: RegionPath, _ granted: Granted) async throws -> CaseListPage {
        let today = Day.today(services.clock())
        let scope = granted.principal.scope
        let filters = Filters(granted.query)
        let size = Self.pageSize
        var found = try await services.monitoring.cases(filters.storage(path.region.code), today: today, limit: size,
                                                        offset: (filters.page - 1) * size)
        let pageCount = max(1, (found.total + size - 1) / size)
        var current = filters.page
        if current > pageCount {
            // Past the end (a bookmark from before some cases closed): the last page.
            current = pageCount
            found = try await services.monitoring.cases(filters.storage(path.region.code), today: today, limit: size, offset: (current - 1) * size)
        }
        let lines = try await lines(found.cases, path: path, today: today)

        // The choices offered stay inside the viewer's scope: towns for a county account, the chosen town's villages.
        let scopePath = try await services.regions.path(scope) ?? path
        let chosenTown = ([path.region] + path.ancestors.reversed()).first { $0.level == .town }
        var towns: [Choice] = []
        var villages: [Choice] = []
        if scopePath.region.level < .town {
            let all = try await services.regions.descendants(of: scope, level: .town)
            towns = [Choice(value: "", label: "全部乡镇", selected: chosenTown == nil)]
                + all.map { Choice(value: $0.code.rawValue, label: $0.shortName, selected: $0.code == chosenTown?.code) }
        }
        if scopePath.region.level < .village {
            let base = chosenTown?.code ?? scope
            let townNames = Dictionary(uniqueKeysWithValues: try await services.regions.descendants(of: scope, level: .town).map { ($0.code, $0.shortName) })
            let list = try await services.regions.descendants(of: base, level: .village)
            villages = [Choice(value: "", label: "全部村（社区）", selected: path.region.level != .village)]
                + list.map { v in
                    let prefix = chosenTown == nil ? v.parentCode.flatMap { townNames[$0] }.map { "\($0)·" } ?? "" : ""
                    return Choice(value: v.code.rawValue, label: prefix + v.shortName, selected: v.code == path.region.code)
                }
        }
        func choices<T: LabelledCode>(_ all: [T], _ chosen: T?, all label: String) -> [Choice] {
            [Choice(value: "", label: label, selected: chosen == nil)] + all.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == chosen) }
        }
        let stages = [Choice(value: "", label: "全部阶段", selected: filters.stage == nil)]
            + MonitoringStage.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == filters.stage) }
        let clocks = [Choice(value: "", label: "全部", selected: filters.clock == nil)]
            + MonitoringRepository.CaseFilter.Clock.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == filters.clock) }

        func url(_ page: Int) -> String { SiteURL.monitoringCases(filters.query(path, scope: scope, page: page)).path }
        var pages: [PageLink] = []
        if pageCount > 1 {
            if current > 1 { pages.append(PageLink(label: "« 上一页", url: url(current - 1), current: false)) }
            var last = 0
            for n in 1...pageCount where n == 1 || n == pageCount || abs(n - current) <= 2 {
                if n > last + 1 { pages.append(PageLink(label: "…", url: nil, current: false)) }
                pages.append(PageLink(label: String(n), url: n == current ? nil : url(n), current: n == current))
                last = n
            }
            if current < pageCount { pages.append(PageLink(label: "下一页 »", url: url(current + 1), current: false)) }
        }
        let filterText = [filters.stage?.label, filters.type?.label, filters.clock?.label].compactMap { $0 }.map { " · " + $0 }.joined()
        let first = found.total == 0 ? 0 : (current - 1) * size + 1
        return CaseListPage(
            chrome: Chrome(title: "监测案件", granted: granted, section: .monitor), regionName: path.region.name, filterText: filterText,
            dashboardURL: SiteURL.monitoring(MonitoringQuery(region: path.region.code)).path, areaURL: SiteURL.monitoringArea(path.region.code).path,
            towns: towns, hasTowns: !towns.isEmpty, villages: villages, hasVillages: !villages.isEmpty,
            stages: stages, types: choices(MonitoringObjectType.allCases, filters.type, all: "全部类别"), clocks: clocks,
            formURL: SiteURL.monitoringCases(MonitoringQuery()).path,
            xlsxURL: SiteURL.monitoringCasesXLSX(filters.query(path, scope: scope)).path,
            lines: lines, hasLines: !lines.isEmpty, count: found.total,
            pageText: pageCount > 1 ? "第 \(current)/\(pageCount) 页，本页第 \(first)–\(first + lines.count - 1) 户（每页 \(size) 户）" : "",
            pages: pages, hasPages: !pages.isEmpty)
    }

    /// The rows of a list: 户编号, head, village, stage, type, first clue and the clock — never an ID number or a phone.
    private func lines(_ cases: [MonitoringRepository.StoredCase], path: RegionPath, today: Day) async throws -> [CaseLine] {
        var villages: [RegionCode: String] = [path.region.code: path.region.shortName]
        if path.region.level < .village {
            for v in try await services.regions.descendants(of: path.region.code, level: .village, includeHistoric: true) { villages[v.code] = v.shortName }
        }
        let heads = try await services.monitoring.headNames(cases.map(\.record.householdNumber))
        let settings = try await services.monitoring.settings(on: today)
        return cases.map { c in
            let clock = IdentificationClock(for: c.record, today: today, settings: settings)
            return CaseLine(
                url: SiteURL.monitoringCase(c.id).path, number: c.record.householdNumber, headName: heads[c.record.householdNumber] ?? "",
                village: villages[c.villageCode] ?? "", stage: c.record.stage.label, objectType: c.record.objectType?.label ?? "",
                firstClue: c.record.firstClueOn.description, clock: clock.text, overrun: clock.isOverrun && clock.stoppedOn == nil,
                measures: c.record.measures.count)
        }
    }
}
