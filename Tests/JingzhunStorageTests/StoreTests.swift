import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import SQLKit
import Testing

@Suite struct StoreTests {
    func count(_ store: Store) async throws -> Int {
        try await store.db.raw("SELECT COUNT(*) AS n FROM regions").first()!.decode(column: "n", as: Int.self)
    }

    @Test(arguments: engines)
    func aRolledBackTransactionLeavesNothingAndACommittedOneStays(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let province = Region(code: code("610000000000"), name: "陕西省", level: .province, parentCode: nil)
            let t1 = try await store.begin()
            try await t1.db.insert(into: "regions").columns("code", "name", "level", "depth", "parent_code", "valid_from", "valid_to")
                .values(SQLBind(province.code.rawValue), SQLBind(province.name), SQLBind("province"), SQLBind(0), SQLBind(String?.none),
                        SQLBind("2020-06-30"), SQLBind(String?.none)).run()
            await t1.rollback()
            #expect(try await count(store) == 0)
            // a write queued behind an open transaction runs once it ends
            let t2 = try await store.begin()
            async let queued: RegionRepository.ImportSummary = RegionRepository(store: store).upsert([province], context: cli)
            try await t2.commit()
            #expect(try await queued.created == 1)
            #expect(try await count(store) == 1)
        }
    }
}
