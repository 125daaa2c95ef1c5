import JingzhunStorage
import JingzhunTestSupport
import Testing

@Suite struct MigratorTests {
    @Test(arguments: engines)
    func migratingTwiceAppliesNothingTheSecondTime(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            // given a store migrated by the test helper
            // when
            let again = try await Migrator(store: store).migrate()
            // then
            #expect(again.isEmpty)
            #expect(try await Migrator(store: store).pending().isEmpty)
            #expect(try await Migrator(store: store).applied() == Set(Migrator.all.map(\.id)))
        }
    }
}
