import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

/// Every storage test runs on SQLite and, when configured, PostgreSQL.
let engines = TestDatabase.available
let t0 = Date(timeIntervalSince1970: 1_763_884_800)  // 2025-11-23T08:00:00Z, fixed
let cli = ChangeContext(actorAccountID: nil, actor: "tester", now: t0)

func zhenping() throws -> [Region] {
    try RegionCSV.parse(ZhenpingRegions.csv, fileName: "zhenping-regions.csv")
}

func code(_ s: String) -> RegionCode { RegionCode(rawValue: s)! }

@Suite struct EngineAvailabilityTests {
    @Test func ciAlwaysTestsPostgres() {
        // CI sets CI=1 and must never fall back to SQLite only.
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(TestDatabase.available.contains(.postgres), "CI run without TEST_POSTGRES_URL: PostgreSQL untested")
        }
    }
}
