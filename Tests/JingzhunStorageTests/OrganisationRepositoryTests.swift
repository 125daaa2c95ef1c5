import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

@Suite struct OrganisationRepositoryTests {
    @Test(arguments: engines)
    func eachTownsPartySecretaryExpandsToRealPeople(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let org = OrganisationRepository(store: store)
            let county = code("610927000000")
            let towns = try await RegionRepository(store: store).descendants(of: county, level: .town)
            for town in towns {
                let unit = try await org.createUnit(name: "\(town.name)党委政府", aliases: [town.name], kind: .townGovernment, regionCode: town.code, context: cli)
                let p = try await org.createPerson(name: "书记\(town.name)", phone: nil, unitID: unit.id, regionCode: town.code, context: cli)
                _ = try await org.addPost(.townPartySecretary, title: "\(town.name)党委书记", person: p.id, unitID: unit.id, regionCode: town.code, validFrom: "2017-01-01", context: cli)
            }
            _ = try await org.createUnit(name: "扶贫局", aliases: ["县脱贫办", "扶贫办"], kind: .governmentDepartment, regionCode: county, context: cli)
            // "各镇" is every town, not a unit called 各镇
            let selector = try #require(ResponsibilityPhrase.personSelector("各镇党委书记"))
            #expect(try await org.expand(.everyTown, county: county).count == 7)
            let secretaries = try await org.expand(selector, county: county, on: "2017-11-30")
            #expect(secretaries.count == 7)
            #expect(Set(secretaries.map(\.1.regionCode)) == Set(towns.map(\.code)))
            // aliases resolve
            #expect(try await org.unit(named: "县脱贫办")?.name == "扶贫局")
        }
    }

    @Test(arguments: engines)
    func aTransferredSecretaryNoLongerAnswersForTheTown(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let org = OrganisationRepository(store: store)
            let town = code("610927101000")
            let unit = try await org.createUnit(name: "曾家镇党委政府", aliases: [], kind: .townGovernment, regionCode: town, context: cli)
            let a = try await org.createPerson(name: "甲", phone: nil, unitID: unit.id, regionCode: town, context: cli)
            let b = try await org.createPerson(name: "乙", phone: nil, unitID: unit.id, regionCode: town, context: cli)
            let postA = try await org.addPost(.townPartySecretary, title: "党委书记", person: a.id, unitID: unit.id, regionCode: town, validFrom: "2016-01-01", context: cli)
            try await org.endPost(postA.id, on: "2018-03-01", context: cli)
            _ = try await org.addPost(.townPartySecretary, title: "党委书记", person: b.id, unitID: unit.id, regionCode: town, validFrom: "2018-03-01", context: cli)
            let selector = PersonSelector.holder(.townPartySecretary, of: .everyTown)
            #expect(try await org.expand(selector, county: code("610927000000"), on: "2017-11-30").map(\.0.name) == ["甲"])
            #expect(try await org.expand(selector, county: code("610927000000"), on: "2018-06-30").map(\.0.name) == ["乙"])
        }
    }

    @Test(arguments: engines)
    func groupsListTheirMembersAndLead(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let org = OrganisationRepository(store: store)
            let county = code("610927000000")
            let a = try await org.createUnit(name: "产业脱贫办", aliases: [], kind: .campaignOffice, regionCode: county, context: cli)
            let b = try await org.createUnit(name: "水利保障组", aliases: [], kind: .campaignOffice, regionCode: county, context: cli)
            let gid = try await org.createGroup(name: "八办两组", note: "", members: [.init(unitID: a.id, isLead: true), .init(unitID: b.id, isLead: false)], context: cli)
            let group = try #require(try await org.groups().first)
            #expect(group.name == "八办两组")
            #expect(group.members.filter(\.isLead).map(\.unitID) == [a.id])
            #expect(try await org.expand(.group(gid), county: county).map(\.name) == ["产业脱贫办", "水利保障组"])
        }
    }
}
