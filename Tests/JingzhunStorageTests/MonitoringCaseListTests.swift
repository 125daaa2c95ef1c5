import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

/// The county's case list filtered in SQL (issue 7 §7): by town or village, stage, object type and clock, a page at a
/// time; every filter must pick exactly the cases the domain's own clock and fields pick, on both engines.
@Suite struct MonitoringCaseListTests {
    /// The edges of the clock's filters with the national 15 days and reminders from 3 days left: 12 days used is due
    /// soon (3 left), 15 days still due soon (0 left, on time), 16 days overrun; 11 days only running. The sweep agrees.
    @Test(arguments: engines)
    func dueSoonAndOverrunMeetExactlyAtTheirEdges(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            // given four households whose first clues came 11, 12, 15 and 16 days before 20 November
            try await ExitFixture.load(store)
            let repo = MonitoringRepository(store: store)
            let today = Day("2025-11-20")!
            let used = ["6109271002010001": 12, "6109271002010002": 15, "6109271002010003": 16, "6109271002010004": 11]
            for (number, days) in used.sorted(by: { $0.key < $1.key }) {
                _ = try await repo.take([RiskClue(householdNumber: number, ruleKey: nil, reason: "农户申报", channel: .selfReport,
                                                  foundOn: today.adding(days: -days))], context: cli)
            }
            let all = try await repo.cases(within: ExitFixture.county)
            func numbers(_ clock: MonitoringRepository.CaseFilter.Clock) async throws -> Set<String> {
                let page = try await repo.cases(.init(within: ExitFixture.county, clock: clock), today: today, limit: nil)
                return Set(page.cases.map(\.record.householdNumber))
            }
            // when / then
            #expect(try await numbers(.dueSoon) == ["6109271002010001", "6109271002010002"])
            #expect(try await numbers(.overrun) == ["6109271002010003"])
            #expect(try await numbers(.running) == Set(used.keys))
            #expect(try await repo.villageCounts(within: ExitFixture.county, today: today)[ExitFixture.village]?.overrun == 1)
            let left = Dictionary(uniqueKeysWithValues: all.map { ($0.record.householdNumber, IdentificationClock(for: $0.record, today: today).daysLeft) })
            #expect(left == ["6109271002010001": 3, "6109271002010002": 0, "6109271002010003": -1, "6109271002010004": 4])
            // the sweep reminds the two due soon and chases the overrun one
            #expect(try await CaseSweeper(store: store).sweep(context: .system(beijing("2025-11-20 09:00")))
                    == .init(cases: 3, reminders: 2, escalations: 1))
        }
    }

    @Test(arguments: engines)
    func filtersAndPagesPickWhatTheDomainPicks(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            // given the demo's cases: the first town's past the 15-day limit, the rest ten days old, a few identified
            var county = DemoCounty.generate(households: 600)
            county.includesTaskPlan = false
            _ = try await DemoSeeder(store: store, bcryptCost: 4).seed(county, now: t0)
            let repo = MonitoringRepository(store: store)
            let today = Day.today(t0)
            let all = try await repo.cases(within: county.countyCode)
            #expect(all.count > 30)
            let firstTown = try #require(county.regions.first { $0.level == .town })
            let firstVillage = county.villages[0]
            func clock(_ c: MonitoringRepository.StoredCase) -> IdentificationClock { IdentificationClock(for: c.record, today: today) }
            typealias Filter = MonitoringRepository.CaseFilter
            let expectations: [(Filter, (MonitoringRepository.StoredCase) -> Bool)] = [
                (Filter(within: county.countyCode), { _ in true }),
                (Filter(within: firstTown.code), { $0.villageCode.rawValue.hasPrefix(String(firstTown.code.rawValue.prefix(9))) }),
                (Filter(within: firstVillage.code), { $0.villageCode == firstVillage.code }),
                (Filter(within: county.countyCode, stage: .identified), { $0.record.stage == .identified }),
                (Filter(within: county.countyCode, objectType: .unstableExited), { $0.record.objectType == .unstableExited }),
                (Filter(within: county.countyCode, clock: .running), { clock($0).stoppedOn == nil }),
                (Filter(within: county.countyCode, clock: .overrun), { clock($0).stoppedOn == nil && clock($0).isOverrun }),
                (Filter(within: county.countyCode, clock: .dueSoon), { clock($0).stoppedOn == nil && !clock($0).isOverrun && clock($0).daysLeft <= 3 }),
                (Filter(within: firstVillage.code, stage: .clue, clock: .overrun), {
                    $0.villageCode == firstVillage.code && $0.record.stage == .clue && clock($0).isOverrun
                }),
            ]
            for (filter, picks) in expectations {
                let expected = all.filter(picks).map(\.id)
                let page = try await repo.cases(filter, today: today, limit: nil)
                #expect(page.total == expected.count, "\(filter)")
                #expect(page.cases.map(\.id) == expected, "\(filter)")
            }
            // the filters are not vacuous: the demo has overrun cases and cases that are not
            let overrun = try await repo.cases(Filter(within: county.countyCode, clock: .overrun), today: today, limit: nil).total
            #expect(overrun > 0 && overrun < all.count)
            // pages of 7 cover every case once, in order
            var seen: [Int64] = []
            var offset = 0
            while true {
                let page = try await repo.cases(Filter(within: county.countyCode), today: today, limit: 7, offset: offset)
                #expect(page.total == all.count)
                if page.cases.isEmpty { break }
                #expect(page.cases.count <= 7)
                seen += page.cases.map(\.id)
                offset += 7
            }
            #expect(seen == all.map(\.id))
            // counts per village agree with the list
            let counts = try await repo.villageCounts(within: county.countyCode, today: today)
            #expect(counts.values.map(\.total).reduce(0, +) == all.count)
            #expect(counts.values.map(\.overrun).reduce(0, +) == overrun)
            #expect(counts[firstVillage.code]?.byStage[.identified] == all.filter { $0.villageCode == firstVillage.code && $0.record.stage == .identified }.count)
        }
    }
}
