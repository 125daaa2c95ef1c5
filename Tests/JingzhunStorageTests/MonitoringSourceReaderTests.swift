import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

/// The four input-fed alert rules fire from what was stored — 风险信息登记 and an imported department list — through
/// `MonitoringScanner`, and lapse once the data is more than 12 months older than the scan.
@Suite struct MonitoringSourceReaderTests {
    let county = code("610927000000")
    let wang = "6109271002010001"

    /// 王明华's household, exited, 24,400.75 元 for three people in 2020: above the range, so no register rule fires.
    func seeded(_ store: Store) async throws {
        _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
        var households = LedgerFixture.households
        households[0][14] = "20000"
        _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households), year: 2020, context: cli)
    }

    func at(_ day: String) -> ChangeContext {
        ChangeContext(actorAccountID: nil, actor: "cun01", now: ChinaTime.date(Day(day)!, hour: 10, minute: 0))
    }

    func clues(_ store: Store, on day: String) async throws -> [AlertRuleKey: RiskClue] {
        let result = try await MonitoringScanner(store: store).scan(year: 2020, region: county, today: Day(day)!)
        #expect(result.clues.allSatisfy { $0.householdNumber == wang })
        return Dictionary(result.clues.map { ($0.ruleKey!, $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test(arguments: engines)
    func eachRuleFiresFromStoredDataAndLapsesAfterTwelveMonths(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            // given nothing reported: nothing fires
            #expect(try await clues(store, on: "2021-06-30").isEmpty)
            // when: a flood, two medical bills the household declared, a lost labour capacity, and 张兰 on the 低保 list
            let reports = RiskReportRepository(store: store)
            try await reports.record(RiskReport(householdNumber: wang, kind: .naturalDisaster, occurredOn: Day("2021-03-01")!,
                                                description: "暴雨冲毁厢房", amount: Fen(yuan: "30000")), context: at("2021-03-02"))
            for (day, yuan) in [("2020-09-01", "15000"), ("2021-05-01", "10000")] {
                try await reports.record(RiskReport(householdNumber: wang, kind: .medical, memberName: "王明华", occurredOn: Day(day)!,
                                                    description: "住院自付", amount: Fen(yuan: yuan), channel: .selfReport), context: at(day))
            }
            try await reports.record(RiskReport(householdNumber: wang, kind: .labourLoss, memberName: "王明华", occurredOn: Day("2021-04-01")!,
                                                description: "脑梗偏瘫"), context: at("2021-04-02"))
            let list = [DepartmentListRow(list: .dibao, idNumber: "610927198203032222", name: "张兰", unit: "县民政局", since: Day("2021-02-01"))]
            _ = try await DepartmentListImporter(store: store).run(list, list: .dibao, unit: "县民政局", fileName: "低保.xlsx", region: county,
                                                                   context: at("2021-06-01"))

            // then: the four rules, each with its numbers and channel
            let found = try await clues(store, on: "2021-06-30")
            #expect(Set(found.keys) == [.disasterOrAccident, .medicalSpending, .labourLoss, .departmentList])
            #expect(found[.disasterOrAccident]?.reason == "2021-03-01 自然灾害：暴雨冲毁厢房，损失约 30,000.00 元（cun01录入）")
            #expect(found[.disasterOrAccident]?.channel == .cadreScreening)
            #expect(found[.disasterOrAccident]?.suggestedObjectType == .suddenHardship)
            #expect(found[.medicalSpending]?.reason == "自付医疗费用 25,000.00 元，超过当年家庭纯收入 24,400.75 元")
            #expect(found[.medicalSpending]?.channel == .selfReport)  // both bills declared by the household
            #expect(found[.labourLoss]?.reason == "1 名家庭成员丧失劳动能力")  // 张兰 still works
            #expect(found[.departmentList]?.reason == "张兰 列入县民政局低保名单（2021-02-01 起）")
            #expect(found[.departmentList]?.channel == .departmentAlert)

            // 张兰 too can no longer work: the household has no labour left, whatever the register says
            try await reports.record(RiskReport(householdNumber: wang, kind: .labourLoss, memberName: "张兰", occurredOn: Day("2021-06-10")!,
                                                description: "车祸致残"), context: at("2021-06-11"))
            #expect(try await clues(store, on: "2021-06-30")[.labourLoss]?.reason == "2 名家庭成员丧失劳动能力，家中已无劳动力")
            let facts = try await MonitoringScanner(store: store).facts(year: 2020, region: county, number: wang, today: Day("2021-06-30")!)
            #expect(facts.first?.hasLabourCapacity == false)

            // three months on, the September bill is more than 12 months old: 10,000 元 is left, below the income
            let later = try await clues(store, on: "2021-09-15")
            #expect(Set(later.keys) == [.disasterOrAccident, .labourLoss, .departmentList])
            // and a year after the last of them, nothing fires
            #expect(try await clues(store, on: "2022-06-12").isEmpty)
            // nor does anything dated after the scan
            #expect(try await clues(store, on: "2020-08-31").isEmpty)
        }
    }

    @Test(arguments: engines)
    func theWindowIsTwelveMonthsAndAScanSeesOnlyWhatWasEnteredByItsDay(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            let reports = RiskReportRepository(store: store)
            // given a flood on 2020-06-30, entered the next day
            try await reports.record(RiskReport(householdNumber: wang, kind: .naturalDisaster, occurredOn: Day("2020-06-30")!,
                                                description: "暴雨冲毁厢房", amount: Fen(yuan: "30000")), context: at("2020-07-01"))
            // then it counts up to the day before its anniversary, not on it
            #expect(try await clues(store, on: "2021-06-29").keys.contains(.disasterOrAccident))
            #expect(try await clues(store, on: "2021-06-30").isEmpty)
            // given an accident on 2021-03-01 entered only on 2021-03-20
            try await reports.record(RiskReport(householdNumber: wang, kind: .accident, occurredOn: Day("2021-03-01")!,
                                                description: "车祸", amount: Fen(yuan: "8000")), context: at("2021-03-20"))
            // then a scan of an earlier day does not see it; a scan of the day it was entered does
            #expect(try await clues(store, on: "2021-03-19")[.disasterOrAccident]?.reason.contains("车祸") == false)
            #expect(try await clues(store, on: "2021-03-20")[.disasterOrAccident]?.reason.contains("车祸") == true)
        }
    }

    @Test(arguments: engines)
    func aClosedCaseIsNotReopenedByWhatWasKnownWhenItClosed(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            let reports = RiskReportRepository(store: store)
            let cases = MonitoringRepository(store: store)
            func scanAndFile(_ day: String) async throws -> Set<AlertRuleKey> {
                let found = try await clues(store, on: day)
                _ = try await cases.take(Array(found.values), context: at(day))
                return Set(found.keys)
            }
            // given a flood and 张兰 on the 低保 list, scanned into a case
            try await reports.record(RiskReport(householdNumber: wang, kind: .naturalDisaster, occurredOn: Day("2021-03-01")!,
                                                description: "暴雨冲毁厢房", amount: Fen(yuan: "30000")), context: at("2021-03-02"))
            let list = [DepartmentListRow(list: .dibao, idNumber: "610927198203032222", name: "张兰", unit: "县民政局")]
            _ = try await DepartmentListImporter(store: store).run(list, list: .dibao, unit: "县民政局", fileName: "低保.xlsx", region: county,
                                                                   context: at("2021-03-05"))
            #expect(try await scanAndFile("2021-03-10") == [.disasterOrAccident, .departmentList])
            let first = try #require(try await cases.cases(within: county).first)
            // when the village finds the household is not at risk and the case is dismissed
            try await cases.apply(.dismiss(on: Day("2021-03-15")!, reason: "核实后不纳入"), to: first.id, context: at("2021-03-15"))
            // then the next scans open nothing from the same flood and list
            #expect(try await scanAndFile("2021-04-01").isEmpty)
            #expect(try await scanAndFile("2021-04-02").isEmpty)
            #expect(try await cases.cases(within: county).count == 1)
            // but an accident reported after the closure opens a new case, with that accident only
            try await reports.record(RiskReport(householdNumber: wang, kind: .accident, occurredOn: Day("2021-04-05")!,
                                                description: "车祸", amount: Fen(yuan: "8000")), context: at("2021-04-05"))
            let again = try await clues(store, on: "2021-04-10")
            #expect(Set(again.keys) == [.disasterOrAccident])
            #expect(again[.disasterOrAccident]?.reason.contains("暴雨") == false)
            _ = try await cases.take(Array(again.values), context: at("2021-04-10"))
            let all = try await cases.cases(within: county)
            #expect(all.count == 2 && all.filter { $0.record.stage != .dismissed }.count == 1)
        }
    }

    @Test(arguments: engines)
    func aListSentAgainCountsItsPeopleOnceAndAPoorHouseholdIsNotScanned(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            let importer = DepartmentListImporter(store: store)
            // the same list sent twice, the unit written differently the second time
            for (day, unit) in [("2021-05-01", "县民政局"), ("2021-06-01", "镇坪县民政局")] {
                let rows = [
                    DepartmentListRow(list: .dibao, idNumber: "610927198203032222", name: "张兰", unit: unit),
                    // 李秀英's household is still 未脱贫: helped as a poor household, not a monitoring object
                    DepartmentListRow(list: .dibao, idNumber: "610927196505052345", name: "李秀英", unit: unit),
                ]
                _ = try await importer.run(rows, list: .dibao, unit: unit, fileName: "低保.xlsx", region: county, context: at(day))
            }
            let found = try await clues(store, on: "2021-06-30")
            #expect(found[.departmentList]?.reason == "张兰 列入镇坪县民政局低保名单")
            #expect(try await importer.entries(within: county).count == 4)
        }
    }
}
