import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import NIOCore
import Testing

@testable import JingzhunWeb

/// 防返贫监测 by place (issue 7 §6–7): the county's towns and a town's villages with their cases counted, a village's
/// own cases, and the village-wide 公示 that lists every case in its notice period and nothing personal.
@Suite struct MonitoringAreaPagesTests {
    /// Cases put on notice in the first village: two households appraised together, one a few days later.
    static func onNotice(_ store: Store, village: RegionCode, today: Day) async throws -> [RegisterRepository.HouseholdRow] {
        let repo = MonitoringRepository(store: store)
        let taken = Set(try await repo.cases(within: village).map(\.record.householdNumber))
        let households = try await RegisterRepository(store: store).households(within: village, limit: 500).filter { !taken.contains($0.household.number) }
        let chosen = Array(households.prefix(3))
        #expect(chosen.count == 3)
        let cun = ChangeContext(actorAccountID: nil, actor: "cun01", now: TestClock.start)
        for (i, h) in chosen.enumerated() {
            _ = try await repo.take([RiskClue(
                householdNumber: h.household.number, ruleKey: nil, reason: "农户申报：户主住院，联系电话 13912345678", channel: .selfReport,
                foundOn: today.adding(days: -8), riskTypes: [.illness], suggestedObjectType: .suddenHardship)], context: cun)
            let id = try #require(try await repo.cases(within: village).first { $0.record.householdNumber == h.household.number }?.id)
            let start = today.adding(days: i == 2 ? -1 : -3)
            try await repo.apply(.verify(on: today.adding(days: -6), consent: Consent(signer: h.household.headName, signedOn: today.adding(days: -6))),
                                 to: id, context: cun)
            try await repo.apply(.appraise(on: today.adding(days: -4)), to: id, context: cun)
            try await repo.apply(.startNotice(on: start, endsOn: start.adding(days: 4)), to: id, context: cun)
        }
        return chosen
    }

    @Test func theVillageNoticeListsEveryCaseOnNoticeAndPassesThePrivacyScan() async throws {
        try await WebFixture.with { fixture, router, _ in
            let today = Day.today(TestClock.start)
            let village = fixture.county.villages[0]
            let chosen = try await Self.onNotice(fixture.store, village: village.code, today: today)
            // every case of the village in its notice period — the demo's own one too
            let noticed = try await MonitoringRepository(store: fixture.store).cases(within: village.code, stages: [.noticed, .eliminationNoticed])
            #expect(noticed.count >= 3)
            let heads = try await MonitoringRepository(store: fixture.store).headNames(noticed.map(\.record.householdNumber))
            let periods = Set(noticed.compactMap { $0.record.notice.map { "\($0.start)" } })
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                let page = try await cun01.get(client, "/monitoring/regions/\(village.code.rawValue)/notice")
                #expect(page.status == .ok)
                let html = page.bodyText
                #expect(html.components(separatedBy: #"<article class="notice card">"#).count - 1 == periods.count)
                let text = MonitoringPagesTests.text(html)
                for head in heads.values { #expect(text.contains(head), "\(head)") }
                for h in chosen { #expect(text.contains("\(h.household.size) 人")) }
                #expect(text.contains("防止返贫监测对象识别公示") && text.contains("突发严重困难户") && text.contains("共 5 天"))
                // nothing personal: no ID, phone or bank number, no 户编号, no health
                #expect(NoticePrivacyScan.findings(in: text) == [], "\(NoticePrivacyScan.findings(in: text))")
                for c in noticed { #expect(!text.contains(c.record.householdNumber)) }
                #expect(!text.contains("住院") && !text.contains("13912345678"))
                // the village page links it; a town has no village notice; the next village's cadre may not print it
                #expect(try await cun01.get(client, "/monitoring/regions/\(village.code.rawValue)").bodyText.contains("处于公示期的案件 \(noticed.count) 户"))
                let xian = try await Browser.login(client, "xian")
                #expect(try await xian.get(client, "/monitoring/regions/\(village.code.rawValue)/notice").status == .ok)
                #expect(try await xian.get(client, "/monitoring/regions/\(village.parentCode!.rawValue)/notice").status == .notFound)
                let cun02 = try await Browser.login(client, "cun02")
                #expect(try await cun02.get(client, "/monitoring/regions/\(village.code.rawValue)/notice").status == .forbidden)
                let empty = try await cun02.get(client, "/monitoring/regions/\(fixture.county.villages[1].code.rawValue)/notice").bodyText
                #expect(empty.contains("目前没有处于公示期的监测案件"))
            }
        }
    }

    @Test func theListTheAreaAndTheDashboardAllKeepTheCountysOwnIdentificationLimit() async throws {
        try await WebFixture.with { fixture, router, _ in
            // given: the county allows 10 days to identify, and a household's first clue came 12 days ago
            let store = fixture.store
            let today = Day.today(TestClock.start)
            var settings = MonitoringSettings.national
            settings.identificationDays = .init(10, year: today.year, source: "本县文件（测试）")
            let xianContext = ChangeContext(actorAccountID: nil, actor: "xian", now: TestClock.start)
            try await SettingsRepository(store: store).set(.monitorSettings, year: today.year,
                                                           value: String(decoding: try JSONEncoder().encode(settings), as: UTF8.self),
                                                           source: "本县文件（测试）", context: xianContext)
            let village = fixture.county.villages[1].code
            let repo = MonitoringRepository(store: store)
            let taken = Set(try await repo.cases(within: village).map(\.record.householdNumber))
            let household = try #require(try await RegisterRepository(store: store).households(within: village, limit: 500)
                .first { !taken.contains($0.household.number) })
            _ = try await repo.take([RiskClue(
                householdNumber: household.household.number, ruleKey: nil, reason: "农户申报", channel: .selfReport,
                foundOn: today.adding(days: -12), riskTypes: [.illness], suggestedObjectType: .suddenHardship)], context: xianContext)
            let counted = try #require(try await repo.villageCounts(within: village, today: today)[village]).overrun
            #expect(counted >= 1)
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                // when
                let list = try await xian.get(client, "/monitoring/cases?village=\(village.rawValue)&clock=overrun").bodyText
                let area = try await xian.get(client, "/monitoring/regions/\(village.rawValue)").bodyText
                let dashboard = try await xian.get(client, "/monitoring?region=\(village.rawValue)").bodyText
                // then: every page shows the case 2 days over the county's 10, none the national 15 days' "3 left"
                for page in [list, area, dashboard] {
                    let text = MonitoringPagesTests.text(page)
                    #expect(text.contains(household.household.number) && text.contains("已用 12 天，超期 2 天"))
                    #expect(!text.contains("剩余 3 天"))
                }
                #expect(MonitoringPagesTests.text(dashboard).contains("超过 10 天未认定"))
                // and they agree on how many are late: the SQL count, the list's rows, the village's rows, the dashboard's
                let overdue = #"<span class="overdue">"#
                #expect(list.components(separatedBy: #"data-label="认定时限">"# + overdue).count - 1 == counted)
                #expect(area.components(separatedBy: #"data-label="认定时限">"# + overdue).count - 1 == counted)
                #expect(dashboard.components(separatedBy: #"data-label="时限">"# + overdue).count - 1 == counted)
                #expect(area.contains(#"data-label="超期未认定"><a href=""#) && MonitoringPagesTests.text(area).contains(" \(counted) "))
            }
        }
    }

    @Test func theCountySeesItsTownsATownItsVillagesAVillageItsCases() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            let today = Day.today(TestClock.start)
            let county = fixture.county
            let towns = county.regions.filter { $0.level == .town }
            let firstTown = towns[0]
            let village = county.villages[0]
            _ = try await CaseNoticeInboxTests.newCase(in: village.code, daysAgo: 18, store: fixture.store)
            let townCases = try await repo.cases(within: firstTown.code)
            let overrun = townCases.filter { IdentificationClock(for: $0.record, today: today).isOverrun && $0.record.identifiedOn == nil && $0.record.dismissedOn == nil }
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                // the county: one row per town, the first town's counts linked to the filtered list
                let countyPage = try await xian.get(client, "/monitoring/regions/\(county.countyCode.rawValue)")
                #expect(countyPage.status == .ok)
                let html = countyPage.bodyText
                for t in towns { #expect(html.contains(#"<a href="/monitoring/regions/\#(t.code.rawValue)">\#(t.shortName)</a>"#), "\(t.name)") }
                let townRow = try #require(html.firstMatch(of: try Regex(#"<a href="/monitoring/regions/\#(firstTown.code.rawValue)">.*?</tr>"#)))
                let row = String(townRow.0)
                #expect(row.contains(#"<a href="/monitoring/cases?town=\#(firstTown.code.rawValue)">\#(townCases.count)</a>"#))
                #expect(row.contains(#"<a href="/monitoring/cases?town=\#(firstTown.code.rawValue)&amp;clock=overrun"><span class="overdue">\#(overrun.count)</span></a>"#))
                // the town: its villages
                let zhen01 = try await Browser.login(client, "zhen01")
                let townPage = try await zhen01.get(client, "/monitoring/regions/\(firstTown.code.rawValue)").bodyText
                #expect(townPage.contains(#"<a href="/monitoring/regions/\#(village.code.rawValue)">\#(village.shortName)</a>"#))
                #expect(!townPage.contains("/monitoring/regions/\(towns[1].code.rawValue)"))
                #expect(try await zhen01.get(client, "/monitoring/regions/\(towns[1].code.rawValue)").status == .forbidden)
                #expect(try await zhen01.get(client, "/monitoring/regions/\(county.countyCode.rawValue)").status == .forbidden)
                // the village: each of its cases with the head's name and its clock
                let cun01 = try await Browser.login(client, "cun01")
                let villagePage = try await cun01.get(client, "/monitoring/regions/\(village.code.rawValue)").bodyText
                let own = try await repo.cases(within: village.code)
                let heads = try await repo.headNames(own.map(\.record.householdNumber))
                #expect(Set(MonitoringCaseListPagesTests.ids(villagePage)) == Set(own.map(\.id)))
                for c in own { #expect(villagePage.contains(heads[c.record.householdNumber] ?? "?")) }
                #expect(villagePage.contains(#"<span class="overdue">已用"#))
                #expect(try await cun01.get(client, "/monitoring/regions/\(firstTown.code.rawValue)").status == .forbidden)
                // a help cadre: no lists of the village
                let bangfu = try await Browser.login(client, "bangfu01")
                #expect(try await bangfu.get(client, "/monitoring/regions/\(village.code.rawValue)").status == .forbidden)
                #expect(try await bangfu.get(client, "/monitoring/regions/\(village.code.rawValue)/notice").status == .forbidden)
            }
        }
    }
}
