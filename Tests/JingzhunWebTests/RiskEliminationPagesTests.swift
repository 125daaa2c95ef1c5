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

/// Issue 7 §3–5 end to end through the web forms: a household's case from its clue through 核实, 评议, a five-day
/// 公示, the town's review and the county's confirmation, a help measure, and 风险消除's appraisal, notice, town
/// review and county confirmation — each step by the level whose duty it is, the others refused, and the procedure's
/// refusals (a short notice, no measure) shown in Chinese with nothing changed.
@Suite struct RiskEliminationPagesTests {
    /// A household of `village` with no case yet whose register facts meet every 风险消除 criterion once it has a measure
    /// and has been monitored long enough (labour, income above the range, 三保障 and water).
    static func eligibleHousehold(_ store: Store, village: RegionCode) async throws -> RegisterRepository.HouseholdRow {
        let scanner = MonitoringScanner(store: store)
        let year = try #require(try await RegisterRepository(store: store).latestYear())
        let threshold = try await scanner.threshold(year: year, region: village)
        let taken = Set(try await MonitoringRepository(store: store).cases(within: village).map(\.record.householdNumber))
        let facts = try await scanner.facts(year: year, region: village).sorted { $0.household.number < $1.household.number }.first { f in
            guard !taken.contains(f.household.number) else { return false }
            var c = MonitoringCase(clue: RiskClue(householdNumber: f.household.number, ruleKey: nil, reason: "", channel: .cadreScreening,
                                                  foundOn: Day("2020-01-01")!))
            c.identifiedOn = Day("2020-01-01")
            c.measures = [HelpMeasure(kind: .employment, content: "务工", responsiblePerson: "驻村队", startedOn: Day("2020-01-02")!)]
            let evidence = EliminationEvidence(facts: f, threshold: threshold, incomeAboveRangeSince: Day("2020-01-01"), rigidExpensesResolved: true)
            return RiskElimination.refusals(c, evidence: evidence, on: Day("2021-01-01")!).isEmpty
        }
        let number = try #require(facts?.household.number, "the fixture village needs a household that could be eliminated")
        return try #require(try await RegisterRepository(store: store).household(number: number))
    }

    @Test func aCaseRunsFromClueToRiskEliminationThroughTheFormsAsTheRightRoles() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            let today = Day.today(TestClock.start)
            let village = fixture.county.villages[0]
            let household = try await Self.eligibleHousehold(fixture.store, village: village.code)
            // the clue came in some 230 days ago: long enough for six months of monitoring before 风险消除
            let start = today.adding(days: -230)
            _ = try await repo.take([RiskClue(
                householdNumber: household.household.number, ruleKey: nil, reason: "干部排查：家中主要劳动力务工中断，收入明显减少",
                channel: .cadreScreening, foundOn: start, riskTypes: [.unstableEmployment], suggestedObjectType: .unstableExited)],
                context: .system(TestClock.start))
            let id = try #require(try await repo.cases(within: village.code).first { $0.record.householdNumber == household.household.number }?.id)
            let url = "/monitoring/cases/\(id)"
            @Sendable func stage() async throws -> MonitoringStage? { try await repo.find(id)?.record.stage }
            @Sendable func on(_ days: Int) -> String { "on=\(start.adding(days: days))" }
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                let zhen01 = try await Browser.login(client, "zhen01")
                let xian = try await Browser.login(client, "xian")

                // identification: the village checks (with the signed consent), appraises and posts five days
                #expect(try await cun01.post(client, "\(url)/step", "\(on(2))&signer=\(household.household.headName.formEncoded)").status == .seeOther)
                #expect(try await cun01.post(client, "\(url)/step", on(4)).status == .seeOther)
                let fourDays = try await cun01.post(client, "\(url)/step", "start=\(start.adding(days: 5))&end=\(start.adding(days: 8))")
                #expect(fourDays.status == .conflict && fourDays.bodyText.contains("少于规定的 5 天"))
                #expect(try await stage() == .appraised)
                #expect(try await cun01.post(client, "\(url)/step", "start=\(start.adding(days: 5))&end=\(start.adding(days: 9))").status == .seeOther)
                // the town reviews (not the village), the county confirms (not the town)
                #expect(try await cun01.post(client, "\(url)/step", on(10)).status == .forbidden)
                #expect(try await zhen01.post(client, "\(url)/step", on(10)).status == .seeOther)
                let decision = "\(on(12))&objectType=unstableExited&risk.unstableEmployment=1"
                #expect(try await zhen01.post(client, "\(url)/step", decision).status == .forbidden)
                #expect(try await xian.post(client, "\(url)/step", decision).status == .seeOther)
                #expect(try await stage() == .identified)

                // 风险消除 without any measure: refused in Chinese, nothing changes
                let appraisal = "on=\(today.adding(days: -20))&incomeSince=\(start.adding(days: 20))&rigidResolved=1"
                let noMeasure = try await cun01.post(client, "\(url)/step", appraisal)
                #expect(noMeasure.status == .conflict && noMeasure.bodyText.contains("未落实任何帮扶措施"))
                #expect(try await stage() == .identified)
                // a help measure (the village may record it), then the village's appraisal
                let measure = "kind=employment&content=\("推荐到县城社区工厂务工".formEncoded)&responsible=\("驻村工作队".formEncoded)&startedOn=\(start.adding(days: 13))"
                #expect(try await cun01.post(client, "\(url)/measures", measure).status == .seeOther)
                #expect(try await xian.post(client, "\(url)/step", appraisal).status == .forbidden)  // the village's duty
                #expect(try await cun01.post(client, "\(url)/step", appraisal).status == .seeOther)
                #expect(try await stage() == .eliminationAppraised)
                // its notice: four days refused, five accepted
                let short = try await cun01.post(client, "\(url)/step", "start=\(today.adding(days: -19))&end=\(today.adding(days: -16))")
                #expect(short.status == .conflict && short.bodyText.contains("少于规定的 5 天"))
                #expect(try await cun01.post(client, "\(url)/step", "start=\(today.adding(days: -19))&end=\(today.adding(days: -15))").status == .seeOther)
                #expect(try await stage() == .eliminationNoticed)
                // the town's review, then the county's confirmation
                #expect(try await cun01.post(client, "\(url)/step", "on=\(today.adding(days: -14))").status == .forbidden)
                #expect(try await zhen01.post(client, "\(url)/step", "on=\(today.adding(days: -14))").status == .seeOther)
                #expect(try await zhen01.post(client, "\(url)/step", "on=\(today.adding(days: -12))").status == .forbidden)
                #expect(try await xian.post(client, "\(url)/step", "on=\(today.adding(days: -12))").status == .seeOther)

                // then: eliminated, on the record and on the page
                let record = try #require(try await repo.find(id)?.record)
                #expect(record.stage == .eliminated)
                #expect(record.elimination?.notice?.days == 5 && record.elimination?.eliminatedOn == today.adding(days: -12))
                #expect(record.measures.count == 1)
                let page = try await cun01.get(client, url).bodyText
                #expect(page.contains("风险消除县级确认"))
                #expect(page.contains("用时 12 天，在 15 天时限内"))
                #expect(page.contains("已风险消除；如需回退，由县脱贫办办理。"))
                #expect(try await repo.events(id).count == 11)  // opened, nine steps and the measure
                let list = try await xian.get(client, "/monitoring/cases?stage=eliminated").bodyText
                #expect(MonitoringCaseListPagesTests.ids(list).contains(id))
            }
        }
    }
}
