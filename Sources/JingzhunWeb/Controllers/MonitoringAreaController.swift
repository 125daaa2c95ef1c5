import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 防返贫监测 by place (issue 7 §6–7): a county's towns or a town's villages with their cases counted (each count a link
/// to the filtered case list), a village's own cases, and the village-wide 公示 — every case of the village now in its
/// notice period on one printable sheet, built only from `PublicNotice` (`VillageNotice`), so it cannot carry an ID
/// number, a phone, a bank account or health details. Help cadres see their paired households' cases only, not these.
struct MonitoringAreaController {
    let services: Services

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/monitoring/regions/:code", .read, .monitoringArea(param: "code", .village)) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            return services.renderer.html("monitoring_area", try await area(path, granted))
        }
        routes.get("/monitoring/regions/:code/notice", .read, .monitoringArea(param: "code", .village)) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            guard path.region.level == .village else {
                return services.renderer.html("monitoring_village_notice", NoticeSheetPage(
                    chrome: Chrome(title: "村级公示", granted: granted, section: .monitor), areaURL: SiteURL.monitoringArea(path.region.code).path,
                    villageName: path.region.name, notices: [], hasNotices: false,
                    problems: ["公示在村内张贴：请在村的页面打印本村公示。"]), status: .notFound)
            }
            return services.renderer.html("monitoring_village_notice", try await noticeSheet(path, granted))
        }
    }

    // MARK: town and village lists

    struct Row: Sendable {
        var name: String
        var url: String
        var total: Int
        var totalURL: String
        var running: Int
        var runningURL: String
        var overrun: Int
        var overrunURL: String
        var noticed: Int
        var monitored: Int
        var eliminated: Int
        var eliminatedURL: String
        var dismissed: Int
        var dismissedURL: String
    }

    struct VillageCase: Sendable {
        var url: String
        var number: String
        var headName: String
        var stage: String
        var firstClue: String
        var clock: String
        var overrun: Bool
        var measures: Int
    }

    struct AreaPage: Sendable {
        var chrome: Chrome
        var crumbs: [Presentation.Crumb]
        var regionName: String
        var isVillage: Bool
        var childLabel: String
        var rows: [Row]
        var hasRows: Bool
        var total: Row
        var cases: [VillageCase]
        var hasCases: Bool
        var noticeURL: String?
        var noticeCount: Int
        var casesURL: String
        var dashboardURL: String
    }

    private func area(_ path: RegionPath, _ granted: Granted) async throws -> AreaPage {
        let today = Day.today(services.clock())
        let code = path.region.code
        let counts = try await services.monitoring.villageCounts(within: code, today: today)
        // The rows: a town's villages, a county's towns (villages grouped under their town); a village has its cases instead.
        var rows: [Row] = []
        if path.region.level < .village {
            let villages = try await services.regions.descendants(of: code, level: .village, includeHistoric: true)
            let children: [Region] =
                path.region.level == .town
                ? villages.filter { $0.validTo == nil || counts[$0.code] != nil }
                : try await services.regions.descendants(of: code, level: .town, includeHistoric: true)
            var byChild: [RegionCode: MonitoringRepository.VillageCounts] = [:]
            for v in villages {
                guard let c = counts[v.code] else { continue }
                let child = path.region.level == .town ? v.code : (v.parentCode ?? v.code)
                byChild[child, default: MonitoringRepository.VillageCounts()].add(c)
            }
            rows = children.filter { $0.validTo == nil || byChild[$0.code] != nil }.map { Self.row($0, byChild[$0.code] ?? .init(), granted) }
        }
        var all = MonitoringRepository.VillageCounts()
        for c in counts.values { all.add(c) }
        var cases: [VillageCase] = []
        if path.region.level == .village {
            let order = Dictionary(uniqueKeysWithValues: MonitoringStage.allCases.enumerated().map { ($1, $0) })
            let stored = try await services.monitoring.cases(within: code).sorted {
                (order[$0.record.stage] ?? 0, -$0.id) < (order[$1.record.stage] ?? 0, -$1.id)
            }
            let heads = try await services.monitoring.headNames(stored.map(\.record.householdNumber))
            let settings = try await services.monitoring.settings(on: today)
            cases = stored.map { c in
                let clock = IdentificationClock(for: c.record, today: today, settings: settings)
                return VillageCase(url: SiteURL.monitoringCase(c.id).path, number: c.record.householdNumber, headName: heads[c.record.householdNumber] ?? "",
                                   stage: c.record.stage.label, firstClue: c.record.firstClueOn.description, clock: clock.text,
                                   overrun: clock.isOverrun && clock.stoppedOn == nil, measures: c.record.measures.count)
            }
        }
        let noticeCount = all.onNotice
        // Ancestors inside the viewer's scope link to their own lists.
        let scope = granted.principal.scope
        let chain = path.ancestors + [path.region]
        let scopeIndex = chain.firstIndex { $0.code == scope }
        let crumbs = chain.enumerated().map { i, r in
            Presentation.Crumb(name: r.shortName, url: (scopeIndex.map { i >= $0 } ?? false) && r.code != code ? SiteURL.monitoringArea(r.code).path : nil)
        }
        return AreaPage(
            chrome: Chrome(title: "防返贫监测 · \(path.region.shortName)", granted: granted, section: .monitor), crumbs: crumbs,
            regionName: path.region.name, isVillage: path.region.level == .village, childLabel: path.region.level == .town ? "村（社区）" : "乡镇",
            rows: rows, hasRows: !rows.isEmpty, total: Self.row(path.region, all, granted), cases: cases, hasCases: !cases.isEmpty,
            noticeURL: path.region.level == .village ? SiteURL.monitoringVillageNotice(code).path : nil, noticeCount: noticeCount,
            casesURL: SiteURL.monitoringCases(Self.listQuery(path.region)).path,
            dashboardURL: SiteURL.monitoring(MonitoringQuery(region: code)).path)
    }

    /// One region's counts, each linked to the case list filtered the same way.
    static func row(_ region: Region, _ c: MonitoringRepository.VillageCounts, _ granted: Granted) -> Row {
        func list(_ edit: (inout MonitoringQuery) -> Void) -> String {
            var q = listQuery(region)
            edit(&q)
            return SiteURL.monitoringCases(q).path
        }
        let n = { (stages: [MonitoringStage]) in stages.map { c.byStage[$0] ?? 0 }.reduce(0, +) }
        return Row(
            name: region.shortName, url: SiteURL.monitoringArea(region.code).path, total: c.total, totalURL: list { _ in },
            running: n([.clue, .verified, .appraised, .noticed, .townReviewed]), runningURL: list { $0.clock = "running" },
            overrun: c.overrun, overrunURL: list { $0.clock = "overrun" }, noticed: c.onNotice,
            monitored: n([.identified, .eliminationAppraised, .eliminationNoticed, .eliminationTownReviewed]),
            eliminated: n([.eliminated]), eliminatedURL: list { $0.stage = MonitoringStage.eliminated.rawValue },
            dismissed: n([.dismissed]), dismissedURL: list { $0.stage = MonitoringStage.dismissed.rawValue })
    }

    static func listQuery(_ region: Region) -> MonitoringQuery {
        region.level == .town ? MonitoringQuery(town: region.code) : MonitoringQuery(village: region.code)
    }

    // MARK: the village-wide notice

    struct NoticeRow: Sendable {
        var index: Int
        var headName: String
        var size: String
        var objectType: String
        var riskTypes: String
    }

    struct NoticeSheet: Sendable {
        var title: String
        var lead: String
        var rows: [NoticeRow]
        var period: String
        var objection: String
        var signature: String
        var date: String
    }

    struct NoticeSheetPage: Sendable {
        var chrome: Chrome
        var areaURL: String
        var villageName: String
        var notices: [NoticeSheet]
        var hasNotices: Bool
        var problems: [String]
    }

    private func noticeSheet(_ path: RegionPath, _ granted: Granted) async throws -> NoticeSheetPage {
        let town = path.ancestors.last { $0.level == .town }
        let today = Day.today(services.clock())
        let (entries, unregistered) = try await services.monitoring.noticeEntries(village: path.region.code, today: today)
        var page = NoticeSheetPage(
            chrome: Chrome(title: "\(path.region.shortName)公示", granted: granted, section: .monitor),
            areaURL: SiteURL.monitoringArea(path.region.code).path, villageName: path.region.name, notices: [], hasNotices: false, problems: [])
        if !unregistered.isEmpty { page.problems.append("户籍档案中没有 \(unregistered.count) 户的记录，未列入公示：\(unregistered.joined(separator: "、"))") }
        do {
            // Objections go to the town government, named from the region register (not a person's phone).
            let sheet = try VillageNotice.build(entries, today: today, townName: town?.name ?? "", villageName: path.region.name,
                                                objectionOffice: (town?.name ?? path.region.name) + "人民政府")
            if !sheet.leftOut.isEmpty {
                page.problems.append("\(sheet.leftOut.count) 户尚无监测对象类别，未列入公示，请在案件页面核对：\(sheet.leftOut.joined(separator: "、"))")
            }
            page.notices = sheet.notices.map { notice in
                let text = notice.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                return NoticeSheet(
                    title: notice.kind.title, lead: text.count > 2 ? text[2] : "",
                    rows: notice.rows.enumerated().map { i, r in
                        NoticeRow(index: i + 1, headName: r.headName, size: "\(r.householdSize) 人", objectType: r.objectType.label,
                                  riskTypes: r.riskTypes.map(\.label).joined(separator: "、"))
                    },
                    period: "公示期：\(notice.period.start) 至 \(notice.period.end)（共 \(notice.period.days) 天）。",
                    objection: text.first { $0.hasPrefix("如有异议") } ?? "", signature: notice.townName + notice.villageName,
                    date: notice.period.start.description)
            }
        } catch {
            page.problems.append(error.message)
        }
        page.hasNotices = !page.notices.isEmpty
        return page
    }
}
