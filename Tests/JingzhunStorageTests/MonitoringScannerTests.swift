import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

/// The 防返贫 alert rules run over the register as imported: the threshold with its source, one clue per rule hit.
@Suite struct MonitoringScannerTests {
    @Test(arguments: engines)
    func theRulesOpenCluesFromTheRegisterWithTheThresholdAndItsSource(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            // 王明华's household earns well above the range in 2020; 李秀英's stays at 2,100 元 a head in a C-grade house.
            var households = LedgerFixture.households
            households[0][14] = "20000"
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households), year: 2020, context: cli)
            let result = try await MonitoringScanner(store: store).scan(year: 2020, region: code("610927000000"), today: Day("2020-11-01")!)
            #expect(result.threshold.amount == Fen(rawValue: 6_000_00))  // 1.5 × the 2020 national line
            #expect(result.threshold.sourceText.contains("1.5"))
            #expect(result.households == 2)
            let keys = Set(result.clues.map { "\($0.householdNumber) \($0.ruleKey?.rawValue ?? "")" })
            #expect(keys == ["6109271002010002 income_below_threshold", "6109271002010002 unsafe_housing"])
            let income = try #require(result.clues.first { $0.ruleKey == .incomeBelowThreshold })
            #expect(income.reason.contains("2,100.00"))
            // No range configured for a year before any entry: a Chinese refusal that says what to do.
            await #expect(throws: StorageError.self) {
                try await MonitoringScanner(store: store).scan(year: 2018, region: code("610927000000"), today: Day("2018-11-01")!)
            }
        }
    }
}
