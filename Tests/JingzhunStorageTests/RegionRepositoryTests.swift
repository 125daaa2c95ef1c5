import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

@Suite struct RegionRepositoryTests {
    @Test(arguments: engines)
    func importingZhenpingGivesSevenTownsAndSixtyTwoVillages(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let repo = RegionRepository(store: store)
            let summary = try await repo.upsert(try zhenping(), context: cli)
            #expect(summary.created == 72)
            let county = code("610927000000")
            #expect(try await repo.descendants(of: county, level: .town).count == 7)
            #expect(try await repo.descendants(of: county, level: .village).count == 62)
            // all villages under 城关镇 (13 in the 2020 edition), and none from another town
            let chengguan = try await repo.descendants(of: code("610927100000"), level: .village)
            #expect(chengguan.count == 13)
            #expect(chengguan.allSatisfy { $0.code.rawValue.hasPrefix("610927100") })
            // re-import changes nothing
            let again = try await repo.upsert(try zhenping(), context: cli)
            #expect(again == .init(created: 0, updated: 0, unchanged: 72))
        }
    }

    @Test(arguments: engines)
    func pathListsAncestorsRootFirst(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let repo = RegionRepository(store: store)
            _ = try await repo.upsert(try zhenping(), context: cli)
            let path = try #require(try await repo.path(code("610927100201")))
            #expect(path.region.shortName == "新华村")
            #expect(path.ancestors.map(\.name) == ["陕西省", "安康市", "镇坪县", "城关镇"])
            #expect(try await repo.isWithin(code("610927100201"), ancestor: code("610927100000")))
            #expect(try await !repo.isWithin(code("610927100201"), ancestor: code("610927101000")))
        }
    }

    @Test(arguments: engines)
    func aGroupGetsAFifteenDigitCodeUnderItsVillage(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let repo = RegionRepository(store: store)
            _ = try await repo.upsert(try zhenping(), context: cli)
            let village = code("610927100201")
            let group = Region(code: village.groupCode(number: 3)!, name: "三组", level: .group, parentCode: village)
            _ = try await repo.upsert([group], context: cli)
            #expect(group.code.rawValue == "610927100201003")
            #expect(try await repo.descendants(of: code("610927000000"), level: .group).map(\.code) == [group.code])
        }
    }

    @Test(arguments: engines)
    func aChildCannotSitAboveItsParentsLevel(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let repo = RegionRepository(store: store)
            _ = try await repo.upsert(try zhenping(), context: cli)
            let bad = Region(code: code("610927100299"), name: "错误镇", level: .town, parentCode: code("610927100201"))
            await #expect(throws: StorageError.self) { try await repo.upsert([bad], context: cli) }
            #expect(try await repo.find(bad.code) == nil)
        }
    }

    @Test(arguments: engines)
    func aMergerKeepsTheOldVillagesAsHistory(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let repo = RegionRepository(store: store)
            _ = try await repo.upsert(try zhenping(), context: cli)
            let town = code("610927100000")
            let merged = Region(code: code("610927100299"), name: "新文村委会", level: .village, parentCode: town)
            // when 新华村 and 文彩村 merge on 2021-03-01
            try await repo.merge([code("610927100201"), code("610927100202")], into: merged, on: "2021-03-01", context: cli)
            // then the current tree has one village instead of two
            let current = try await repo.descendants(of: town, level: .village)
            #expect(current.count == 12)
            #expect(current.contains { $0.code == merged.code })
            // and history still answers for the old codes
            let old = try #require(try await repo.find(code("610927100201")))
            #expect(old.validTo == "2021-03-01")
            #expect(try await repo.descendants(of: town, level: .village, includeHistoric: true).count == 14)
            #expect(try await repo.aliases(of: merged.code) == ["文彩村", "新华村"])
        }
    }

    @Test(arguments: engines)
    func everyRegionChangeIsAudited(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let repo = RegionRepository(store: store)
            _ = try await repo.upsert(try zhenping(), context: cli)
            var renamed = try #require(try await repo.find(code("610927100201")))
            renamed.name = "新华社区居委会"
            _ = try await repo.upsert([renamed], context: cli)
            let log = try await AuditRepository(store: store).list(.init(objectType: "region", objectID: "610927100201"))
            #expect(log.count == 2)
            #expect(log[0].action == .update)
            #expect(log[0].changes == [FieldChange(field: "名称", old: "新华村委会", new: "新华社区居委会")])
            #expect(log[0].actor == "tester")
        }
    }
}
