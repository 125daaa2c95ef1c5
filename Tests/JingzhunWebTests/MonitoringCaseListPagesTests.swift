import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage
import JingzhunTestSupport
import NIOCore
import Testing

@testable import JingzhunWeb

/// 监测案件名单 (issue 7 §7): a hundred cases a page with links that work without JavaScript, the county's filters
/// (town, village, stage, object type, clock) kept across pages and in the xlsx, and each account held to its region.
@Suite struct MonitoringCaseListPagesTests {
    /// Case ids of a list page's rows, in order.
    static func ids(_ html: String) -> [Int64] {
        html.matches(of: /<td data-label="户编号"><a href="\/monitoring\/cases\/(\d+)">/).map { Int64($0.1)! }
    }

    static func options(_ html: String, select name: String) -> [String] {
        guard let select = html.firstMatch(of: try! Regex(#"<select name="\#(name)">(.*?)</select>"#).dotMatchesNewlines()) else { return [] }
        return String(select.0).matches(of: /<option value="([^"]*)"/).map { String($0.1) }
    }

    @Test func theCountyPagesThroughEveryCaseAHundredAtATime() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            let all = try await repo.cases(within: fixture.county.countyCode).map(\.id)  // newest first, as the list
            #expect(all.count > 100, "the fixture must hold more than one page")
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                // the first page: a hundred rows, the count of all, a link to the next page
                let first = try await xian.get(client, "/monitoring/cases").bodyText
                #expect(first.contains("共 \(all.count) 户"))
                let pages = (all.count + 99) / 100
                #expect(first.contains("第 1/\(pages) 页"))
                #expect(Self.ids(first) == Array(all.prefix(100)))
                #expect(first.contains(#"<a href="/monitoring/cases?page=2">下一页 »</a>"#))
                #expect(!first.contains("« 上一页"))
                // following the links covers every case once
                var seen = Self.ids(first)
                for page in 2...pages {
                    let html = try await xian.get(client, "/monitoring/cases?page=\(page)").bodyText
                    #expect(html.contains(#"<a href="/monitoring/cases?page=\#(page - 1)">« 上一页</a>"#))
                    seen += Self.ids(html)
                }
                #expect(seen == all)
                // a page past the end shows the last one
                #expect(Self.ids(try await xian.get(client, "/monitoring/cases?page=999").bodyText) == Array(all.dropFirst((pages - 1) * 100)))
                // and so does a page number that would overflow the offset (the server stays up)
                let huge = try await xian.get(client, "/monitoring/cases?page=9223372036854775807")
                #expect(huge.status == .ok)
                #expect(Self.ids(huge.bodyText) == Array(all.dropFirst((pages - 1) * 100)))
            }
        }
    }

    @Test func filtersNarrowTheListKeepAcrossPagesAndGoIntoTheXLSX() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            let today = Day.today(TestClock.start)
            let towns = fixture.county.regions.filter { $0.level == .town }
            let (firstTown, secondTown) = (towns[0], towns[1])
            let all = try await repo.cases(within: fixture.county.countyCode)
            @Sendable func inTown(_ c: MonitoringRepository.StoredCase, _ town: Region) -> Bool { c.villageCode.rawValue.hasPrefix(String(town.code.rawValue.prefix(9))) }
            let overrun = all.filter { inTown($0, firstTown) && IdentificationClock(for: $0.record, today: today).isOverrun && $0.record.identifiedOn == nil
                && $0.record.dismissedOn == nil }
            #expect(!overrun.isEmpty)
            let identified = all.filter { $0.record.objectType == .unstableExited }
            #expect(!identified.isEmpty)
            try await Application(router: router).test(.router) { client in
                let xian = try await Browser.login(client, "xian")
                // town and clock: the first town's overrun cases, every row marked
                let url = "/monitoring/cases?town=\(firstTown.code.rawValue)&village=&stage=&type=&clock=overrun"
                let html = try await xian.get(client, url).bodyText
                #expect(html.contains("共 \(overrun.count) 户"))
                #expect(Set(Self.ids(html)) == Set(overrun.prefix(100).map(\.id)))
                #expect(html.components(separatedBy: #"<span class="overdue">"#).count - 1 == min(100, overrun.count))
                #expect(html.contains(#"<option value="\#(firstTown.code.rawValue)" selected>"#))
                #expect(html.contains(#"<option value="overrun" selected>超期未认定</option>"#))
                // the village choices are the chosen town's
                let villages = Self.options(html, select: "village").filter { !$0.isEmpty }
                #expect(!villages.isEmpty && villages.allSatisfy { $0.hasPrefix(String(firstTown.code.rawValue.prefix(9))) })
                // the filters stay on the page links
                let clues = all.filter { $0.record.stage == .clue }
                #expect(clues.count > 100)
                let firstClues = try await xian.get(client, "/monitoring/cases?stage=clue&clock=running").bodyText
                #expect(firstClues.contains(#"<a href="/monitoring/cases?stage=clue&amp;clock=running&amp;page=2">下一页 »</a>"#))
                let secondClues = try await xian.get(client, "/monitoring/cases?stage=clue&clock=running&page=2").bodyText
                #expect(Set(Self.ids(firstClues) + Self.ids(secondClues)) == Set(clues.prefix(200).map(\.id)))
                // a village chosen before switching towns (no JavaScript to clear it) gives way to the new town
                let otherVillage = try #require(fixture.county.villages.first { $0.parentCode == secondTown.code })
                let switched = try await xian.get(client, "/monitoring/cases?town=\(firstTown.code.rawValue)&village=\(otherVillage.code.rawValue)").bodyText
                #expect(switched.contains("共 \(all.filter { inTown($0, firstTown) }.count) 户"))
                // one village, one stage
                let own = fixture.county.villages[0].code
                let clueOnly = try await xian.get(client, "/monitoring/cases?village=\(own.rawValue)&stage=clue").bodyText
                #expect(Set(Self.ids(clueOnly)) == Set(all.filter { $0.villageCode == own && $0.record.stage == .clue }.map(\.id)))
                // object type (the county's decision)
                let typed = try await xian.get(client, "/monitoring/cases?type=unstableExited").bodyText
                #expect(Set(Self.ids(typed)) == Set(identified.map(\.id)))
                // the xlsx: the same filter, every matching case, not just one page
                let xlsx = try await xian.get(client, "/monitoring/cases.xlsx?town=\(firstTown.code.rawValue)")
                #expect(xlsx.status == .ok)
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString).xlsx")
                try Data(xlsx.body.readableBytesView).write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                let rows = Array(try XLSXReader(url: file).rows(sheet: "监测案件"))
                let numbers = rows.dropFirst().map { $0.cells[0] }
                #expect(numbers.count == all.filter { inTown($0, firstTown) }.count)
                #expect(Set(numbers) == Set(all.filter { inTown($0, firstTown) }.map(\.record.householdNumber)))
                let unfiltered = try await xian.get(client, "/monitoring/cases.xlsx")
                try Data(unfiltered.body.readableBytesView).write(to: file)
                #expect(Array(try XLSXReader(url: file).rows(sheet: "监测案件")).count - 1 == all.count)  // more than a page
            }
        }
    }

    @Test func eachAccountSeesOnlyItsRegion() async throws {
        try await WebFixture.with { fixture, router, _ in
            let repo = MonitoringRepository(store: fixture.store)
            let towns = fixture.county.regions.filter { $0.level == .town }
            let ownVillage = fixture.county.villages[0]
            let otherTownVillage = try #require(fixture.county.villages.first { $0.parentCode == towns[1].code })
            let townCases = try await repo.cases(within: towns[0].code)
            try await Application(router: router).test(.router) { client in
                let zhen01 = try await Browser.login(client, "zhen01")
                let list = try await zhen01.get(client, "/monitoring/cases").bodyText
                #expect(list.contains("共 \(townCases.count) 户"))
                #expect(Self.options(list, select: "town").isEmpty)  // no towns to choose from
                #expect(Self.options(list, select: "village").filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix(String(towns[0].code.rawValue.prefix(9))) })
                #expect(try await zhen01.get(client, "/monitoring/cases?town=\(towns[1].code.rawValue)").status == .forbidden)
                #expect(try await zhen01.get(client, "/monitoring/cases?village=\(otherTownVillage.code.rawValue)").status == .forbidden)
                #expect(try await zhen01.get(client, "/monitoring/cases.xlsx?town=\(towns[1].code.rawValue)").status == .forbidden)
                let cun01 = try await Browser.login(client, "cun01")
                let own = try await cun01.get(client, "/monitoring/cases").bodyText
                #expect(own.contains("共 \(try await repo.cases(within: ownVillage.code).count) 户"))
                #expect(Self.options(own, select: "village").isEmpty)
                #expect(try await cun01.get(client, "/monitoring/cases?town=\(towns[0].code.rawValue)").status == .forbidden)
                #expect(try await cun01.get(client, "/monitoring/cases?village=\(fixture.county.villages[1].code.rawValue)").status == .forbidden)
                // a help cadre works from paired households' pages, not from lists
                let bangfu = try await Browser.login(client, "bangfu01")
                #expect(try await bangfu.get(client, "/monitoring/cases").status == .forbidden)
                #expect(try await bangfu.get(client, "/monitoring/cases.xlsx").status == .forbidden)
                #expect(try await zhen01.get(client, "/monitoring/cases?village=notacode").status == .notFound)
            }
        }
    }
}
