import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import SQLKit
import Testing

/// 风险信息登记 is checked against the register before it is stored, and audit-logged without health details.
@Suite struct RiskReportRepositoryTests {
    let wang = "6109271002010001"
    let village = code("610927100201")

    func seeded(_ store: Store) async throws {
        _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
        _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2020, context: cli)
    }

    @Test(arguments: engines)
    func aReportTheRegisterCannotBackIsRefusedAndNothingIsStored(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            let repo = RiskReportRepository(store: store)
            func refused(_ report: RiskReport, _ words: String) async {
                await #expect { try await repo.record(report, context: cli) } throws: { error in
                    "\(error)".contains(words)
                }
            }
            let day = Day.today(t0)
            // no such household
            await refused(RiskReport(householdNumber: "6109271002019999", kind: .naturalDisaster, occurredOn: day, description: "暴雨"),
                          "没有户编号为 6109271002019999")
            // 李秀英 belongs to the other household
            await refused(RiskReport(householdNumber: wang, kind: .medical, memberName: "李秀英", occurredOn: day, description: "住院",
                                     amount: Fen(yuan: "5000")), "“李秀英”不是户 \(wang) 的家庭成员")
            // tomorrow, a negative loss
            await refused(RiskReport(householdNumber: wang, kind: .accident, occurredOn: day.adding(days: 1), description: "车祸"), "晚于今天")
            await refused(RiskReport(householdNumber: wang, kind: .accident, occurredOn: day, description: "车祸", amount: Fen(rawValue: -100)), "负数")
            #expect(try await repo.recent(within: village).isEmpty)
        }
    }

    @Test(arguments: engines)
    func theSameReportEnteredTwiceIsRefused(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            let repo = RiskReportRepository(store: store)
            let day = Day.today(t0).adding(days: -3)
            func bill(_ yuan: String, member: String = "张兰") -> RiskReport {
                RiskReport(householdNumber: wang, kind: .medical, memberName: member, occurredOn: day, description: "住院", amount: Fen(yuan: yuan))
            }
            let flood = RiskReport(householdNumber: wang, kind: .naturalDisaster, occurredOn: day, description: "暴雨")
            // given a bill and a flood
            try await repo.record(bill("5000"), context: cli)
            try await repo.record(flood, context: cli)
            // when the same bill and the same flood are entered again, in other words: refused
            var again = bill("5000")
            again.description = "住院治疗"
            await #expect { try await repo.record(again, context: cli) } throws: { "\($0)".contains("该情况已登记") }
            await #expect { try await repo.record(flood, context: cli) } throws: { "\($0)".contains("该情况已登记") }
            // then another amount, another member, another kind are other reports
            try await repo.record(bill("800"), context: cli)
            try await repo.record(bill("5000", member: "王明华"), context: cli)
            var accident = flood
            accident.kind = .accident
            try await repo.record(accident, context: cli)
            #expect(try await repo.recent(within: village).count == 5)
            #expect(try await AuditRepository(store: store).list(.init(objectType: "monitoring_report")).count == 5)
        }
    }

    @Test(arguments: engines)
    func aReportIsStoredByVillageAndAuditedWithoutHealthDetails(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            let repo = RiskReportRepository(store: store)
            let day = Day.today(t0).adding(days: -3)
            let medical = try await repo.record(RiskReport(
                householdNumber: " \(wang) ", kind: .medical, memberName: "张兰", occurredOn: day, description: "乳腺癌手术后化疗",
                amount: Fen(yuan: "42000.50"), channel: .selfReport), context: cli)
            let flood = try await repo.record(RiskReport(
                householdNumber: wang, kind: .naturalDisaster, occurredOn: day, description: "暴雨冲毁厢房", amount: Fen(yuan: "30000")), context: cli)
            #expect(medical.villageCode == village && medical.report.householdNumber == wang)
            #expect(try await repo.recent(within: village).map(\.id) == [flood.id, medical.id])
            #expect(try await repo.recent(within: code("610927100202")).isEmpty)

            let audit = AuditRepository(store: store)
            let medicalEntry = try #require(try await audit.list(.init(objectType: "monitoring_report", objectID: String(medical.id))).first)
            // a health matter: only that a report was made, for which household, when and how
            #expect(medicalEntry.changes.map { "\($0.field)=\($0.new ?? "")" } == [
                "户编号=\(wang)", "登记=风险信息登记", "发生日期=\(day)", "渠道=农户自主申报",
            ])
            #expect(medicalEntry.regionCode == village)
            // a flood: its kind and loss, and the length of its words, not the words
            let floodEntry = try #require(try await audit.list(.init(objectType: "monitoring_report", objectID: String(flood.id))).first)
            let flooded = floodEntry.changes.map { "\($0.field)=\($0.new ?? "")" }
            #expect(flooded.contains("类别=自然灾害") && flooded.contains("损失金额=30,000.00 元") && flooded.contains("情况说明=6 字，见登记"))
            #expect(!flooded.joined().contains("暴雨冲毁厢房"))
        }
    }
}
