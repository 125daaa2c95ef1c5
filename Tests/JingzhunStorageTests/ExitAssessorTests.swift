import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

/// 新华村's ledger (LedgerFixture) plus two one-person households exactly at and one fen above 2020's line
/// (4,000 元). Hand-computed expectations against shaanxi-2017:
/// - 0001: net 8,000 + 3,200.50 + 2,400.25 − 1,200 = 12,400.75 for 3 → 4,133.58 > 4,000; B house; 王小明 has
///   no 大病保险 → fails only `medical`.
/// - 0002: net 1,500 + 900 + 2,100 − 300 = 4,200 for 2 → 2,100 ≤ 4,000; C house; unsafe water → fails
///   `income`, `housing`, `water`.
/// - 0003: 4,000.00 for 1 → not above the line → fails `income` ("超过" is strict).
/// - 0004: 4,000.01 for 1 → passes.
/// Village: 2 poor people (0002 is 未脱贫) of 430 → 0.465 %; no county income figure → `income_share` 无数据.
enum ExitFixture {
    static func oneMember(_ number: String, name: String, birth: String, sequence: Int) -> [String] {
        [number, name, IDNumberChecksum.make(area: "610927", birth: birth, sequence: sequence, male: true), "男", birth, "户主", "非在校生", "健康",
         "普通劳动力", "是", "是"]
    }

    static let households = LedgerFixture.households + [
        ["6109271002010003", "城关镇", "新华村", "一组", "陈一", IDNumberChecksum.make(area: "610927", birth: "1970-01-01", sequence: 11, male: true), "",
         "一般贫困户", "缺技术", "", "2014", "已脱贫享受政策", "2019", "1", "4000", "0", "0", "0", "0", "A", "是"],
        ["6109271002010004", "城关镇", "新华村", "一组", "陈二", IDNumberChecksum.make(area: "610927", birth: "1971-01-01", sequence: 13, male: true), "",
         "一般贫困户", "缺技术", "", "2014", "已脱贫享受政策", "2019", "1", "4000.01", "0", "0", "0", "0", "A", "是"],
    ]
    static let members = LedgerFixture.members + [
        oneMember("6109271002010003", name: "陈一", birth: "1970-01-01", sequence: 11),
        oneMember("6109271002010004", name: "陈二", birth: "1971-01-01", sequence: 13),
    ]

    static func load(_ store: Store) async throws {
        _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
        _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households, members: members), year: 2020, context: cli)
    }

    static let county = code("610927000000")
    static let village = code("610927100201")
}

@Suite struct ExitAssessorTests {
    @Test(arguments: engines)
    func eachHouseholdFailsExactlyTheIndicatorsWorkedOutByHand(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ExitFixture.load(store)
            let report = try await ExitAssessor(store: store).assess(standardKey: "shaanxi-2017", year: 2020, region: ExitFixture.county)
            #expect(report.lineAmount == Fen(yuan: "4000"))
            let byNumber = Dictionary(uniqueKeysWithValues: report.households.map { ($0.number, $0) })
            #expect(byNumber["6109271002010001"]?.failed == ["medical"])
            #expect(byNumber["6109271002010001"]?.perCapitaIncome == Fen(yuan: "4133.58"))
            #expect(byNumber["6109271002010001"]?.reasons.first?.contains("1 人未参加大病保险") == true)
            #expect(byNumber["6109271002010002"]?.failed == ["income", "housing", "water"])
            #expect(byNumber["6109271002010002"]?.reasons.first?.contains("2,100.00") == true)
            #expect(byNumber["6109271002010002"]?.reasons.contains { $0.contains("C级") } == true)
            #expect(byNumber["6109271002010003"]?.failed == ["income"], "exactly at the line is not above it")
            #expect(byNumber["6109271002010004"]?.passes == true)
            #expect(report.passingHouseholds == 1)

            let village = try #require(report.villages.first { $0.code == ExitFixture.village })
            #expect(abs((village.incidence ?? 0) - 2.0 / 430.0) < 1e-12)
            #expect(!village.failed.contains("incidence"))
            #expect(village.failed.contains("income_share"))

            // The shortfall list counts failing households per indicator, biggest blocker first.
            let shortfall = try #require(report.villageShortfalls.first { $0.regionCode == ExitFixture.village })
            #expect(shortfall.households == 4)
            #expect(shortfall.failingHouseholds == 3)
            #expect(shortfall.rows.first?.indicatorKey == "income")
            #expect(shortfall.rows.first?.households == 2)

            // County: 6 of 7 people fully insured, 3 of 4 houses safe.
            let county = try #require(report.county)
            #expect(abs((county.values["insurance"] ?? 0) - 6.0 / 7.0) < 1e-9)
            #expect(abs((county.values["safe_housing_ratio"] ?? 0) - 0.75) < 1e-9)
            #expect(county.failed.contains("insurance"))
            #expect(county.failed.contains("rural_income_ratio"), "no county income figure entered → 无数据")
        }
    }

    @Test(arguments: engines)
    func enteredCountyFiguresFillWhatTheRegisterCannotGive(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ExitFixture.load(store)
            let repo = ExitStandardRepository(store: store)
            try await repo.setCountyFigure(ExitFixture.county, year: 2020, key: "rural_income_per_capita", value: 10_000, source: "县统计局", context: cli)
            try await repo.setCountyFigure(ExitFixture.county, year: 2020, key: "province_rural_income_per_capita", value: 13_000, source: "省统计局",
                                           context: cli)
            let report = try await ExitAssessor(store: store).assess(standardKey: "shaanxi-2017", year: 2020, region: ExitFixture.county)
            let county = try #require(report.county)
            #expect(abs((county.values["rural_income_ratio"] ?? 0) - 10.0 / 13.0) < 1e-9)
            #expect(!county.failed.contains("rural_income_ratio"), "76.9 % ≥ 70 %")
            #expect(report.countySources["rural_income_ratio"]?.contains("县统计局") == true)
        }
    }

    @Test(arguments: engines)
    func theJSONFollowsTheContract(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ExitFixture.load(store)
            let report = try await ExitAssessor(store: store).assess(standardKey: "shaanxi-2017", year: 2020, region: ExitFixture.village)
            let object = try #require(try JSONSerialization.jsonObject(with: try ExitAssessmentDocument(report).json()) as? [String: Any])
            #expect(object["standard"] as? String == "shaanxi-2017")
            #expect(object["year"] as? Int == 2020)
            #expect((object["line"] as? NSNumber)?.doubleValue == 4000)
            #expect(object["county"] is NSNull, "a village region has no county block")
            let households = try #require(object["households"] as? [[String: Any]])
            let first = try #require(households.first { $0["id"] as? String == "6109271002010001" })
            #expect((first["perCapitaIncome"] as? NSNumber)?.doubleValue == 4133.58)
            #expect(first["failed"] as? [String] == ["medical"])
            #expect(first["passes"] as? Bool == false)
            let villages = try #require(object["villages"] as? [[String: Any]])
            #expect(villages.first?["code"] as? String == "610927100201")
        }
    }

    @Test(arguments: engines)
    func aCountyCopiesAStandardAndEditsAThresholdWithAnAuditEntry(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ExitFixture.load(store)
            let repo = ExitStandardRepository(store: store)
            await #expect(throws: StorageError.self) {
                _ = try await repo.setThreshold(.povertyLine(factor: 1.1), indicator: "income", level: .household, of: "shaanxi-2017", context: cli)
            }
            let shaanxi = try #require(try await repo.standard("shaanxi-2017")?.standard)
            try await repo.add(shaanxi.copy(key: "zhenping", name: "镇坪县标准"), context: cli)
            _ = try await repo.setThreshold(.povertyLine(factor: 1.1), indicator: "income", level: .household, of: "zhenping", context: cli)
            // 0004 (4,000.01) now falls short of 4,400.
            let report = try await ExitAssessor(store: store).assess(standardKey: "zhenping", year: 2020, region: ExitFixture.village)
            #expect(report.households.first { $0.number == "6109271002010004" }?.failed == ["income"])
            let log = try await AuditRepository(store: store).list(.init(objectType: "exit_standard", objectID: "zhenping"))
            #expect(log.contains { $0.changes.contains { $0.old == "当年贫困线" && $0.new == "当年贫困线 × 1.1" } })
        }
    }

    @Test(arguments: engines)
    func theExitProcedureRefusesWhatTheRulesForbid(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ExitFixture.load(store)
            let repo = ExitProcedureRepository(store: store)
            func refusal(_ event: ExitEvent, _ number: String) async -> String? {
                do {
                    try await repo.apply(event, household: number, exitYear: 2020, standardKey: "shaanxi-2017", context: cli)
                    return nil
                } catch { return "\(error)" }
            }
            // A household that fails the standard cannot start.
            #expect(await refusal(.apply(on: "2020-09-01"), "6109271002010002")?.contains("未达到退出标准") == true)
            // Out of order: appraisal before application.
            #expect(await refusal(.appraise(on: "2020-09-05"), "6109271002010004")?.contains("当前应办理") == true)
            #expect(await refusal(.apply(on: "2020-09-01"), "6109271002010004") == nil)
            // A date before the previous step's.
            #expect(await refusal(.appraise(on: "2020-08-30"), "6109271002010004")?.contains("早于") == true)
            #expect(await refusal(.appraise(on: "2020-09-05"), "6109271002010004") == nil)
            #expect(await refusal(.verify(on: "2020-09-08"), "6109271002010004") == nil)
            #expect(await refusal(.sign(on: "2020-09-09", signer: "陈二"), "6109271002010004") == nil)
            // A notice shorter than the configured 7 days.
            #expect(await refusal(.startNotice(on: "2020-09-10", endsOn: "2020-09-12"), "6109271002010004")?.contains("7") == true)
            #expect(await refusal(.startNotice(on: "2020-09-10", endsOn: "2020-09-16"), "6109271002010004") == nil)
            let record = try await repo.record(household: "6109271002010004", exitYear: 2020)
            #expect(record?.noticeEnds == "2020-09-16")
            #expect(record?.signerName == "陈二")
            let log = try await AuditRepository(store: store).list(.init(objectType: "exit_procedure", objectID: "6109271002010004/2020"))
            #expect(log.count == 5)
        }
    }

    @Test(arguments: engines)
    func aHouseholdIdentifiedThisYearCannotExitThisYear(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            var rows = ExitFixture.households
            rows[3][10] = "2020"  // 0004 first identified in 2020
            rows[3][11] = "未脱贫"
            rows[3][12] = ""
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: rows, members: ExitFixture.members), year: 2020, context: cli)
            do {
                try await ExitProcedureRepository(store: store).apply(.apply(on: "2020-09-01"), household: "6109271002010004", exitYear: 2020,
                                                                      standardKey: "shaanxi-2017", context: cli)
                Issue.record("accepted")
            } catch {
                #expect("\(error)".contains("当年新识别贫困户当年不能退出"))
            }
        }
    }

    @Test(arguments: engines)
    func theCheckFindsDateErrorsInAnOldLedger(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ExitFixture.load(store)
            let repo = ExitProcedureRepository(store: store)
            try await repo.importRecord(ExitProcedureRecord(
                householdNumber: "6109271002010001", firstIdentifiedYear: 2014, exitYear: 2017, applied: "2017-10-08", appraised: "2017-10-20",
                verified: "2017-10-22", signed: "2017-10-15", signerName: "王明华", noticeStarted: "2017-10-25", noticeEnds: "2017-10-27"),
                context: cli)
            let found = try await repo.problems(within: ExitFixture.county)
            #expect(found.count == 1)
            #expect(found.first?.problems.contains { $0.contains("公示期") } == true)
            #expect(found.first?.problems.contains { $0.contains("户认可") } == true)
        }
    }

    @Test(arguments: engines)
    func theSampleIsReproducibleAndItsFindingsFeedTheCountyRates(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ExitFixture.load(store)
            let samples = EvaluationSampleRepository(store: store)
            let first = try await samples.draw(county: ExitFixture.county, year: 2020, perVillage: 2, seed: 7, context: cli)
            let again = try await samples.draw(county: ExitFixture.county, year: 2020, perVillage: 2, seed: 7, context: cli)
            #expect(first == again)
            #expect(first.count == 2)
            let stored = try await samples.stored(county: ExitFixture.county, year: 2020)
            for s in stored { try await samples.recordFinding(id: s.id, wrongExit: s.sample.kind == .exited ? false : nil, omission: nil, approves: true, context: cli) }
            let report = try await ExitAssessor(store: store).assess(standardKey: "national-2016", year: 2020, region: ExitFixture.county)
            #expect(report.county?.values["approval"] == 1.0)
            #expect(report.countySources["approval"]?.contains("评估抽样") == true)
        }
    }
}

@Suite struct ExitStandardYearTests {
    @Test(arguments: engines)
    func aStandardIsRefusedForAYearItDoesNotCover(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await ExitFixture.load(store)
            do {
                _ = try await ExitAssessor(store: store).assess(standardKey: "shaanxi-2017", year: 2021, region: ExitFixture.county)
                Issue.record("a 2017–2020 standard judged 2021")
            } catch {
                #expect("\(error)".contains("不适用于 2021 年"))
            }
        }
    }
}
