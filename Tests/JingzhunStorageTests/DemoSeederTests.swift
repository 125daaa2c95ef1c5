import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

@Suite struct DemoSeederTests {
    @Test(arguments: engines)
    func theDemoCountyLooksLikeZhenping(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let county = DemoCounty.generate()
            #expect(try await DemoSeeder(store: store, bcryptCost: 4).seed(county, now: t0) == .seeded(households: county.register.households.count))
            let regions = RegionRepository(store: store)
            let towns = try await regions.childSummaries(of: county.countyCode)
            #expect(towns.count == 7)
            #expect(towns.map(\.villages).reduce(0, +) == 62)
            #expect(towns.map(\.poorVillages).reduce(0, +) == 43)
            let households = towns.map(\.households).reduce(0, +)
            #expect((5_500...6_500).contains(households))
            // accounts for every role, including the village cadre of the first village
            let accounts = try await AccountRepository(store: store).all()
            #expect(Set(accounts.map(\.role)) == Set(Role.allCases))
            #expect(accounts.first { $0.username == "cun01" }?.scope == county.villages[0].code)
            // the paired cadre sees only their households
            let bangfu = try #require(accounts.first { $0.username == "bangfu01" })
            let paired = try await RegisterRepository(store: store).households(within: bangfu.scope, pairedTo: bangfu.personID)
            #expect((1...5).contains(paired.count))
            // change requests in several states, a 合户 among those waiting for the town
            let changes = try await HouseholdChangeRepository(store: store).list(within: county.countyCode)
            #expect(Set(changes.map(\.state)) == [.proposed, .approved, .rejected])
            #expect(changes.contains { $0.detail.kind == .merge && $0.state == .proposed })
            // a second run leaves it alone; the audit chain holds
            #expect(try await DemoSeeder(store: store, bcryptCost: 4).seed(county, now: t0) == .alreadySeeded)
            guard case .intact = try await AuditRepository(store: store).verify() else { Issue.record("chain broken"); return }
        }
    }
}
