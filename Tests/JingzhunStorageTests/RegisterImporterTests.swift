import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import SQLKit
import Testing

/// A clerk's small 台账: two households of 新华村 and their members, plus the village facts.
enum LedgerFixture {
    static let householdHeader = RegisterSheet.households.contractHeaders
    static let memberHeader = RegisterSheet.members.contractHeaders
    static let villageHeader = RegisterSheet.villages.contractHeaders

    static let households: [[String]] = [
        ["6109271002010001", "城关镇", "新华村", "一组", "王明华", "610927198001011234", "13812345678", "低保贫困户", "因病", "缺技术",
         "2014", "已脱贫享受政策", "2017", "3", "8000", "3200.5", "0", "2400.25", "1200", "B", "是"],
        ["6109271002010002", "城关镇", "新华村委会", "二组", "李秀英", "610927196505052345", "", "一般贫困户", "因残", "",
         "2016", "未脱贫", "", "2", "1500", "900", "0", "2100", "300", "C", "否"],
    ]
    static let members: [[String]] = [
        ["6109271002010001", "王明华", "610927198001011234", "男", "1980-01-01", "户主", "非在校生", "长期慢性病", "普通劳动力", "是", "是"],
        ["6109271002010001", "张兰", "610927198203032222", "女", "1982-03-03", "配偶", "非在校生", "健康", "普通劳动力", "是", "是"],
        ["6109271002010001", "王小明", "610927201003051234", "男", "2010-03-05", "之子", "小学", "健康", "无劳动力", "是", "否"],
        ["6109271002010002", "李秀英", "610927196505052345", "女", "1965-05-05", "户主", "非在校生", "残疾", "弱劳动力或半劳动力", "是", "是"],
        ["6109271002010002", "赵德", "610927196001011111", "男", "1960-01-01", "配偶", "非在校生", "患大病", "丧失劳动力", "是", "是"],
    ]
    /// The same ledger with 李秀英's household exited in 2019 (已脱贫享受政策): a 防返贫 monitoring object.
    static var householdsWithLiExited: [[String]] {
        var rows = households
        rows[1][11] = "已脱贫享受政策"
        rows[1][12] = "2019"
        return rows
    }
    static let villages: [[String]] = [
        ["610927100201", "城关镇", "新华村", "是", "120", "430", "是", "是", "100%", "是", "是"],
    ]

    static func sheets(households: [[String]] = households, members: [[String]] = members, villages: [[String]] = villages) -> [SheetRows] {
        [
            SheetRows(fileName: "台账.xlsx", sheetLabel: "村信息", sheet: .villages, header: villageHeader, rows: number(villages)),
            SheetRows(fileName: "台账.xlsx", sheetLabel: "户信息", sheet: .households, header: householdHeader, rows: number(households)),
            SheetRows(fileName: "台账.xlsx", sheetLabel: "家庭成员", sheet: .members, header: memberHeader, rows: number(members)),
        ]
    }

    static func number(_ rows: [[String]]) -> [(Int, [String])] { rows.enumerated().map { ($0 + 2, $1) } }
}

@Suite struct RegisterImporterTests {
    func seeded(_ store: Store) async throws {
        _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
    }

    @Test(arguments: engines)
    func aLedgerImportsAndReadsBackInTheTemplateLayout(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            let report = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2019, context: cli)
            #expect(report.householdsCreated == 2)
            #expect(report.membersCreated == 5)
            #expect(report.villagesUpdated == 1)
            #expect(report.groupsCreated == 2)  // 一组, 二组 were not listed yet
            let reader = RegisterReader(store: store)
            let back = try await reader.households(within: code("610927100201"), year: 2019, after: "", limit: 10)
            // the village name comes back in its short form, everything else as written
            var expected = LedgerFixture.households
            expected[1][2] = "新华村"
            #expect(back.map { Array(RegisterRowFormatter.household($0, masked: false).prefix(21)) } == expected)
            let members = try await reader.members(within: code("610927100201"), afterID: 0, limit: 10)
            #expect(members.map { Array(RegisterRowFormatter.member($0.1, masked: false).prefix(11)) } == LedgerFixture.members)
            #expect(try await reader.villages(within: code("610927100201"), year: 2019).map(RegisterRowFormatter.village) == LedgerFixture.villages)
        }
    }

    @Test(arguments: engines)
    func reImportingUpdatesByNumberAndIDAndAuditsOldToNew(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2019, context: cli)
            var households = LedgerFixture.households
            households[1][19] = "A"  // house rebuilt
            var members = LedgerFixture.members
            members[2][6] = "初中"
            let clerk = ChangeContext(actorAccountID: nil, actor: "clerk", now: t0)
            let report = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households, members: members), year: 2019, context: clerk)
            #expect(report.householdsUpdated == 1)
            #expect(report.householdsUnchanged == 1)
            #expect(report.membersUpdated == 1)
            #expect(report.membersCreated == 0)
            let log = try await AuditRepository(store: store).list(.init(actor: "clerk"))
            let house = try #require(log.first { $0.objectID == "6109271002010002" })
            #expect(house.changes == [FieldChange(field: "住房安全等级", old: "C", new: "A")])
            // no full ID number anywhere in the log
            let all = try await AuditRepository(store: store).list(.init(limit: 1000))
            #expect(!all.flatMap(\.changes).contains { ($0.new ?? "").contains("610927198001011234") })
        }
    }

    @Test(arguments: engines)
    func aLedgerWithBadRowsChangesNothingAndNamesEveryRow(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            var households = LedgerFixture.households
            households[0][19] = "E"
            var members = LedgerFixture.members
            members[4][2] = members[3][2]  // same ID twice
            do {
                _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households, members: members), year: 2019, context: cli)
                Issue.record("accepted a bad ledger")
            } catch let failure as ImportFailure {
                #expect(failure.problems.map { "\($0.sheet ?? "")/\($0.row)/\($0.column ?? "")" } == ["户信息/2/住房安全等级", "家庭成员/6/身份证号"])
            }
            #expect(try await RegisterRepository(store: store).households(within: code("610927000000")).isEmpty)
            #expect(try await store.db.raw("SELECT COUNT(*) AS n FROM members").first()?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test(arguments: engines)
    func unknownPlacesAndHouseholdsAreRefusedAgainstTheDatabase(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            var households = LedgerFixture.households
            households[1][2] = "不存在村"
            do {
                _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households), year: 2019, context: cli)
                Issue.record("accepted an unknown village")
            } catch let failure as ImportFailure {
                #expect(failure.problems.contains { $0.row == 3 && $0.column == "村" && $0.message.contains("城关镇") })
                #expect(failure.problems.contains { $0.sheet == "家庭成员" && $0.column == "户编号" })
            }
            #expect(try await AuditRepository(store: store).verify() == .intact(entries: 72))
        }
    }

    @Test(arguments: engines)
    func validRowsOnlyImportsTheRestAndHandsBackTheRejected(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            var households = LedgerFixture.households
            households[1][13] = "零"
            let report = try await RegisterImporter(store: store).run(
                LedgerFixture.sheets(households: households), year: 2019, mode: .validRowsOnly, context: cli)
            #expect(report.householdsCreated == 1)
            #expect(report.membersCreated == 3)
            // the bad household row, and its two members whose household did not go in
            #expect(report.rejected.map(\.row) == [3, 5, 6])
            #expect(report.rejected[0].reasons == ["“家庭人口数”列：“零”应为 1–30 之间的整数"])
        }
    }

    @Test(arguments: engines)
    func anOlderYearIsStoredBesideTheCurrentFigures(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2019, context: cli)
            var older = LedgerFixture.households
            older[0][14] = "5000"
            older[0][11] = "未脱贫"
            older[0][12] = ""
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: older, members: []), year: 2016, context: cli)
            let reader = RegisterReader(store: store)
            let now = try await reader.households(numbers: ["6109271002010001"], year: 2019)["6109271002010001"]!.1
            let then = try await reader.households(numbers: ["6109271002010001"], year: 2016)["6109271002010001"]!.1
            #expect(now.income.wage == Fen(yuan: "8000"))
            #expect(now.status == .exitedWithPolicy)
            #expect(then.income.wage == Fen(yuan: "5000"))
            #expect(then.status == .poor)
        }
    }
}
