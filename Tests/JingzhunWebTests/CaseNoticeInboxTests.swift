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

/// Issue 7 §3 in the inbox: an overrun case's 督办 reaches its own village's and town's cadres — not the next
/// village's — and links to the case; a week over, the county office; a case near its limit, a reminder.
@Suite struct CaseNoticeInboxTests {
    /// A self-reported clue `daysAgo` for a household of `village` that has no case yet; the new case's id.
    static func newCase(in village: RegionCode, daysAgo: Int, store: Store, reason: String = "农户申报：务工收入中断") async throws -> (Int64, RegisterRepository.HouseholdRow) {
        let repo = MonitoringRepository(store: store)
        let taken = Set(try await repo.cases(within: village).map(\.record.householdNumber))
        let household = try #require(try await RegisterRepository(store: store).households(within: village, limit: 500)
            .first { !taken.contains($0.household.number) })
        _ = try await repo.take([RiskClue(householdNumber: household.household.number, ruleKey: nil, reason: reason, channel: .selfReport,
                                          foundOn: Day.today(TestClock.start).adding(days: -daysAgo))], context: .system(TestClock.start))
        let id = try #require(try await repo.cases(within: village).first { $0.record.householdNumber == household.household.number }?.id)
        return (id, household)
    }

    static func caseLinks(_ html: String) -> Set<Int64> {
        Set(html.matches(of: /<a href="\/monitoring\/cases\/(\d+)">查看案件<\/a>/).map { Int64($0.1)! })
    }

    @Test func aCaseNoticeReachesItsVillageAndTownOnlyAndLinksToTheCase() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            let today = Day.today(TestClock.start)
            let (first, second) = (fixture.county.villages[0], fixture.county.villages[1])
            // an overrun case in each village besides the demo's, and today's sweep (the seeding ran one too)
            _ = try await Self.newCase(in: first.code, daysAgo: 18, store: fixture.store)
            _ = try await Self.newCase(in: second.code, daysAgo: 18, store: fixture.store)
            _ = try await CaseSweeper(store: fixture.store).sweep(context: .system(TestClock.start))
            func chased(_ village: Region) async throws -> Set<Int64> {
                Set(try await repo.cases(within: village.code).filter {
                    let clock = IdentificationClock(for: $0.record, today: today)
                    return clock.stoppedOn == nil && clock.isOverrun && CaseLevel.holding($0.record.stage) == .village
                }.map(\.id))
            }
            let ownCases = try await chased(first)
            let nextCases = try await chased(second)
            #expect(!ownCases.isEmpty && !nextCases.isEmpty)
            try await Application(router: router).test(.router) { client in
                let cun01 = try await Browser.login(client, "cun01")
                let inbox = try await cun01.get(client, "/inbox").bodyText
                #expect(inbox.contains("【督办·第 1 级（至镇）】监测案件户编号"))
                #expect(Self.caseLinks(inbox) == ownCases)
                let cun02 = try await Browser.login(client, "cun02")
                let other = Self.caseLinks(try await cun02.get(client, "/inbox").bodyText)
                #expect(other == nextCases && other.isDisjoint(with: ownCases))
                let zhen01 = try await Browser.login(client, "zhen01")
                #expect(Self.caseLinks(try await zhen01.get(client, "/inbox").bodyText).isSuperset(of: ownCases.union(nextCases)))
                let xian = try await Browser.login(client, "xian")
                #expect(Self.caseLinks(try await xian.get(client, "/inbox").bodyText).isEmpty)  // not a week over yet
                // the link opens the case, which shows its 督办 on the timeline
                let id = try #require(ownCases.first)
                let page = try await cun01.get(client, "/monitoring/cases/\(id)")
                #expect(page.status == .ok)
                #expect(page.bodyText.contains("已自动督办 1 级") && page.bodyText.contains("自动督办（第 1 级，至镇）"))

                // a week over the limit: the county office is told too
                _ = try await CaseSweeper(store: fixture.store).sweep(context: .system(TestClock.start.addingTimeInterval(6 * 86_400)))
                let county = try await xian.get(client, "/inbox").bodyText
                #expect(Self.caseLinks(county).isSuperset(of: ownCases))
                #expect(county.contains("【督办·第 2 级（至县脱贫办）】"))

                // a new clue twelve days old: three days left, the village is reminded
                let (freshID, household) = try await Self.newCase(in: first.code, daysAgo: 12, store: fixture.store)
                _ = try await CaseSweeper(store: fixture.store).sweep(context: .system(TestClock.start))
                let reminded = try await cun01.get(client, "/inbox").bodyText
                #expect(reminded.contains("【认定时限提醒】监测案件户编号 \(household.household.number)（户主 \(household.household.headName)"))
                #expect(Self.caseLinks(reminded).contains(freshID))
                #expect(!reminded.contains("务工收入中断"))
                #expect(!Self.caseLinks(try await cun02.get(client, "/inbox").bodyText).contains(freshID))
            }
        }
    }
}
