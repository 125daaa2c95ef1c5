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

/// Issue 7 §7 in the browser: the county office scans the demo county and sees clues by rule; a case is run from
/// its clue to 县级确认 through the forms by the village, the town and the county, each refused what is not theirs;
/// a 核实 without the signed 授权承诺书 is refused and changes nothing; the printed 公示 carries no personal numbers.
@Suite struct MonitoringPagesTests {
    /// Files a self-reported clue for the first household of a village and returns its case id.
    static func caseIn(_ village: RegionCode, store: Store, on day: Day) async throws -> (id: Int64, household: RegisterRepository.HouseholdRow) {
        let household = try #require(try await RegisterRepository(store: store).households(within: village, limit: 1).first)
        let repo = MonitoringRepository(store: store)
        _ = try await repo.take(
            [RiskClue(householdNumber: household.household.number, ruleKey: nil, reason: "农户申报：家人住院，自付医疗费用较高", channel: .selfReport,
                      foundOn: day, riskTypes: [.illness], suggestedObjectType: .suddenHardship)],
            context: .system(TestClock.start))
        let id = try #require(try await repo.cases(within: village).first { $0.record.householdNumber == household.household.number }?.id)
        return (id, household)
    }

    static func text(_ html: String) -> String {
        html.replacing(/<[^>]+>/, with: " ")
    }

    @Test func theCountyOfficeScansTheCountyAndSeesCluesByRule() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                // given: an empty dashboard with the year's range and its source
                let before = try await xian.get(client, "/monitoring")
                #expect(before.status == .ok)
                #expect(before.bodyText.contains("监测范围"))
                #expect(before.bodyText.contains("出处"))
                #expect(before.bodyText.contains("扫描并建档"))
                // when: the office scans
                let scanned = try await xian.post(client, "/monitoring/scan")
                #expect(scanned.status == .ok)
                #expect(scanned.bodyText.contains("新建档"))
                let cases = try await repo.cases(within: fixture.county.countyCode)
                #expect(!cases.isEmpty)
                // then: each rule's label with its count, and every case on the list
                let dashboard = try await xian.get(client, "/monitoring").bodyText
                let clues = cases.flatMap(\.record.clues)
                for key in Set(clues.compactMap(\.ruleKey)) {
                    let n = clues.filter { $0.ruleKey == key }.count
                    #expect(dashboard.contains(#"<td data-label="规则">\#(key.rule.label)</td><td class="num" data-label="线索数">\#(n)</td>"#))
                }
                #expect(dashboard.contains("<svg"))
                let list = try await xian.get(client, "/monitoring/cases").bodyText
                #expect(list.contains("共 \(cases.count) 户"))
                #expect(!list.contains("身份证"))
                let xlsx = try await xian.get(client, "/monitoring/cases.xlsx")
                #expect(xlsx.status == .ok)
                #expect(xlsx.headers[.contentType] == RegisterController.xlsxType)
                // scanning again files nothing twice
                let again = try await xian.post(client, "/monitoring/scan")
                #expect(again.bodyText.contains("新建档 0 户"))
                #expect(try await repo.cases(within: fixture.county.countyCode).count == cases.count)
                // a village cadre reads its village's dashboard but may not scan
                let cun01 = try await Browser.login(client, "cun01")
                #expect(try await cun01.get(client, "/monitoring").status == .ok)
                #expect(try await cun01.post(client, "/monitoring/scan").status == .forbidden)
                #expect(try await cun01.get(client, "/monitoring?region=\(fixture.county.countyCode.rawValue)").status == .forbidden)
            }
        }
    }

    @Test func aCaseRunsToCountyConfirmationThroughTheForms() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            // The clue came in nine days ago, so every step below is dated in the past (no step may be dated after today).
            let today = Day.today(TestClock.start).adding(days: -9)
            let own = fixture.county.villages[0]
            let (id, household) = try await Self.caseIn(own.code, store: fixture.store, on: today)
            let url = "/monitoring/cases/\(id)"
            @Sendable func stage() async throws -> MonitoringStage? { try await repo.find(id)?.record.stage }
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                let zhen01 = try await Browser.login(client, "zhen01")
                let xian = try await Browser.login(client, "xian")
                // the case page: clue, clock, the form of the next step
                let page = try await cun01.get(client, url)
                #expect(page.status == .ok)
                #expect(page.bodyText.contains(household.household.headName))
                #expect(page.bodyText.contains("农户申报：家人住院"))
                #expect(page.bodyText.contains("已用 9 天，剩余 6 天"))
                // nothing is recorded as done tomorrow
                let future = try await cun01.post(client, "\(url)/step", "on=\(today.adding(days: 10))&signer=x")
                #expect(future.status == .conflict && future.bodyText.contains("晚于今天"))
                #expect(page.bodyText.contains("办理：入户核实"))

                // 核实 without the signed consent: refused in Chinese, nothing changes
                let refused = try await cun01.post(client, "\(url)/step", "on=\(today)")
                #expect(refused.status == .conflict)
                #expect(refused.bodyText.contains("授权承诺书"))
                #expect(try await stage() == .clue)
                // a date that cannot be read: 422
                #expect(try await cun01.post(client, "\(url)/step", "on=yesterday&signer=x").status == .unprocessableContent)
                // the town does not do the village's home check
                #expect(try await zhen01.post(client, "\(url)/step", "on=\(today)&signer=%E6%9D%8E").status == .forbidden)

                // the village: 核实 with the signer, 评议, 公示 five days
                let signer = household.household.headName.formEncoded
                #expect(try await cun01.post(client, "\(url)/step", "on=\(today)&signer=\(signer)").status == .seeOther)
                #expect(try await stage() == .verified)
                #expect(try await cun01.post(client, "\(url)/step", "on=\(today.adding(days: 1))").status == .seeOther)
                let short = try await cun01.post(client, "\(url)/step", "start=\(today.adding(days: 2))&end=\(today.adding(days: 4))")
                #expect(short.status == .conflict)
                #expect(short.bodyText.contains("少于规定的 5 天"))
                #expect(try await cun01.post(client, "\(url)/step", "start=\(today.adding(days: 2))&end=\(today.adding(days: 6))").status == .seeOther)
                #expect(try await stage() == .noticed)
                // a measure while the procedure runs (先行救助)
                let measure = "kind=health&content=\("协调医保报销".formEncoded)&responsible=\("驻村队员".formEncoded)&startedOn=\(today)"
                #expect(try await cun01.post(client, "\(url)/measures", measure).status == .seeOther)
                // the town's form offers today; the village may not review for the town
                #expect(try await zhen01.get(client, url).bodyText.contains(#"name="on" value="\#(Day.today(TestClock.start))""#))
                #expect(try await cun01.post(client, "\(url)/step", "on=\(today.adding(days: 7))").status == .forbidden)
                // the town reviews, the county decides
                #expect(try await zhen01.post(client, "\(url)/step", "on=\(today.adding(days: 7))").status == .seeOther)
                #expect(try await stage() == .townReviewed)
                #expect(try await zhen01.post(client, "\(url)/step", "on=\(today.adding(days: 8))&objectType=suddenHardship&risk.illness=1").status == .forbidden)
                let confirmPage = try await xian.get(client, url).bodyText
                #expect(confirmPage.contains(#"name="risk.illness" value="1" checked"#))  // the clue's risk type preselected
                let noRisk = try await xian.post(client, "\(url)/step", "on=\(today.adding(days: 8))&objectType=suddenHardship")
                #expect(noRisk.status == .conflict)
                #expect(noRisk.bodyText.contains("至少选择一项风险类型"))
                #expect(try await xian.post(client, "\(url)/step", "on=\(today.adding(days: 8))&objectType=suddenHardship&risk.illness=1").status == .seeOther)
                let done = try #require(try await repo.find(id)?.record)
                #expect(done.stage == .identified)
                #expect(done.objectType == .suddenHardship)
                #expect(done.riskTypes == [.illness])
                #expect(done.measures.count == 1)
                #expect(done.consent?.signer == household.household.headName)
                // 风险消除 is the village's next step; so soon after identification it is refused and nothing changes
                let elimination = try await cun01.get(client, url).bodyText
                #expect(elimination.contains("办理：风险消除：民主评议"))
                #expect(try await xian.post(client, "\(url)/step", "on=\(today.adding(days: 9))&rigidResolved=1").status == .forbidden)
                let early = try await cun01.post(client, "\(url)/step", "on=\(today.adding(days: 9))&incomeSince=\(today)&rigidResolved=1")
                #expect(early.status == .conflict)
                #expect(early.bodyText.contains(#"<p class="error">"#))
                #expect(try await stage() == .identified)
                // the timeline and the list show it
                let after = try await cun01.get(client, url).bodyText
                #expect(after.contains("县级确认（纳入监测）"))
                #expect(after.contains("用时 8 天，在 15 天时限内"))
                #expect(after.contains("协调医保报销"))
                #expect(try await repo.events(id).count == 7)  // opened + six steps and the measure
                let list = try await xian.get(client, "/monitoring/cases?stage=identified").bodyText
                #expect(list.contains(household.household.number))

                // a cadre of another village gets 403 on the case and its notice
                let cun02 = try await Browser.login(client, "cun02")
                #expect(try await cun02.get(client, url).status == .forbidden)
                #expect(try await cun02.get(client, "/monitoring/notices/\(id)").status == .forbidden)
                #expect(try await cun02.post(client, "\(url)/measures", measure).status == .forbidden)
            }
        }
    }

    @Test func thePrintedNoticeCarriesNoPersonalNumbers() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            let today = Day.today(TestClock.start)
            let (id, household) = try await Self.caseIn(fixture.county.villages[0].code, store: fixture.store, on: today)
            let cun = ChangeContext(actorAccountID: nil, actor: "cun01", now: TestClock.start)
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                // before the notice period is recorded there is nothing to print
                #expect(try await cun01.get(client, "/monitoring/notices/\(id)").bodyText.contains("尚未登记公示起止日期"))
                try await repo.apply(.verify(on: today, consent: Consent(signer: household.household.headName, signedOn: today)), to: id, context: cun)
                try await repo.apply(.appraise(on: today), to: id, context: cun)
                try await repo.apply(.startNotice(on: today, endsOn: today.adding(days: 4)), to: id, context: cun)
                let notice = try await cun01.get(client, "/monitoring/notices/\(id)")
                #expect(notice.status == .ok)
                let text = Self.text(notice.bodyText)
                #expect(text.contains("防止返贫监测对象识别公示"))
                #expect(text.contains(household.household.headName))
                #expect(text.contains("突发严重困难户"))
                #expect(text.contains("共 5 天"))
                #expect(NoticePrivacyScan.findings(in: text).isEmpty, "\(NoticePrivacyScan.findings(in: text))")
                #expect(!text.contains(household.household.number))
                #expect(!text.contains("住院"))  // the clue's health detail stays off the notice
            }
        }
    }

    @Test func aCaseFifteenDaysOldIsShownOverdueAndMayBeDismissedWithAReason() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            let today = Day.today(TestClock.start)
            let (id, household) = try await Self.caseIn(fixture.county.villages[0].code, store: fixture.store, on: today.adding(days: -20))
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                // the dashboard lists it in red, with its head's name, and the list marks its clock
                let dashboard = try await cun01.get(client, "/monitoring").bodyText
                #expect(dashboard.contains(#"<span class="overdue">已用 20 天，超期 5 天</span>"#))
                #expect(dashboard.contains(household.household.headName))
                let list = try await cun01.get(client, "/monitoring/cases").bodyText
                #expect(list.contains(#"<span class="overdue">已用 20 天，超期 5 天</span>"#))
                // 不纳入 without a reason is refused; with one, the clock stops
                let bare = try await cun01.post(client, "/monitoring/cases/\(id)/step", "do=dismiss&on=\(today)")
                #expect(bare.status == .conflict)
                #expect(bare.bodyText.contains("不纳入须写明原因"))
                let reason = "核实收入已达监测范围以上".formEncoded
                #expect(try await cun01.post(client, "/monitoring/cases/\(id)/step", "do=dismiss&on=\(today)&reason=\(reason)").status == .seeOther)
                #expect(try await repo.find(id)?.record.stage == .dismissed)
                let page = try await cun01.get(client, "/monitoring/cases/\(id)").bodyText
                #expect(page.contains("核实收入已达监测范围以上"))
                #expect(!page.contains("办理："))  // no further step
                #expect(!(try await cun01.get(client, "/monitoring").bodyText.contains("超期 5 天")))
            }
        }
    }
}

extension MonitoringPagesTests {
    @Test func aDepartmentSeesWhichRuleFiredButNotTheHealthBehindIt() async throws {
        try await WebFixture.with { fixture, router, _ in
            let (id, _) = try await Self.caseIn(fixture.county.villages[0].code, store: fixture.store, on: Day.today(TestClock.start))
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                #expect(try await xian.get(client, "/monitoring/cases/\(id)").bodyText.contains("农户申报：家人住院"))
                let bumen = try await Browser.login(client, "bumen01")
                let page = try await bumen.get(client, "/monitoring/cases/\(id)")
                #expect(page.status == .ok)
                #expect(!page.bodyText.contains("家人住院"))
            }
        }
    }
}
