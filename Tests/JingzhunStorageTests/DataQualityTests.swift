import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

@Suite struct DataQualityTests {
    func importGenerated(_ store: Store, year: Int = 2020, edit: (inout [RegisterSheet: [[String]]]) -> Void = { _ in }) async throws -> [RegisterSheet: [[String]]] {
        var rows = RegisterRoundTripTests.generated(households: 200, seed: 21)
        edit(&rows)
        let sheets = RegisterSheet.allCases.map { sheet in
            SheetRows(fileName: "q.csv", sheetLabel: nil, sheet: sheet, header: sheet.headers,
                      rows: (rows[sheet] ?? []).enumerated().map { ($0 + 2, $1) })
        }
        _ = try await RegisterImporter(store: store).run(sheets, year: year, context: cli)
        return rows
    }

    @Test(arguments: engines)
    func generatedDataHasValidIDsAndConsistentSizes(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            _ = try await importGenerated(store)
            let findings = try await DataQualityRepository(store: store).check(within: code("610927000000"), year: 2020)
            let rules = Set(findings.map(\.rule))
            for clean in [DataQualityRule.idChecksum, .idBirthSex, .sizeMatchesMembers, .dibaoAttribute, .exitBeforeIdentification, .duplicateID] {
                #expect(!rules.contains(clean), "\(clean.title)")
            }
        }
    }

    @Test(arguments: engines)
    func eachSpoiledFieldIsFoundAndNamed(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            var target = ""
            _ = try await importGenerated(store) { rows in
                var h = rows[.households]![0]
                target = h[0]
                h[13] = String(Int(h[13])! + 1)  // 家庭人口数 one too many
                h[12] = "2013"; h[11] = "已脱贫享受政策"; h[10] = "2014"  // exit before identification
                rows[.households]![0] = h
                let i = rows[.members]!.firstIndex { $0[0] == target }!
                rows[.members]![i][4] = "1901-01-01"  // birth date disagrees with the ID
            }
            let findings = try await DataQualityRepository(store: store).check(within: code("610927000000"), year: 2020).filter { $0.householdNumber == target }
            #expect(Set(findings.map(\.rule)).isSuperset(of: [.sizeMatchesMembers, .exitBeforeIdentification, .idBirthSex]))
            #expect(findings.first { $0.rule == .exitBeforeIdentification }?.message == "脱贫年度 2013 早于首次识别年度 2014")
        }
    }

    @Test(arguments: engines)
    func anIncomeThatHalvesIsFlaggedAndRulesCanBeSwitchedOff(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            var target = ""
            // 2019: incomes ten times higher than 2020 for the first household (the 40,600 → 1,986 case)
            _ = try await importGenerated(store, year: 2019) { rows in
                target = rows[.households]![0][0]
                for c in 14...17 { rows[.households]![0][c] = String((Int(rows[.households]![0][c]) ?? 0) * 10) }
            }
            _ = try await importGenerated(store, year: 2020)
            let repo = DataQualityRepository(store: store)
            let jump = try await repo.check(within: code("610927000000"), year: 2020).first { $0.rule == .incomeJump && $0.householdNumber == target }
            #expect(jump?.message.contains("2019 年") == true)
            try await repo.setRule(.incomeJump, enabled: false, context: cli)
            #expect(try await !repo.check(within: code("610927000000"), year: 2020).contains { $0.rule == .incomeJump })
            #expect(try await !repo.enabledRules().contains(.incomeJump))
        }
    }
}
