import Foundation
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage
import JingzhunTestSupport
import SQLKit
import Testing

/// 部门筛查: a department's list is matched by 身份证号 and applied whole or not at all; people outside the register
/// come back masked as 未匹配; no 身份证号 is stored, in the entries or the audit log.
@Suite struct DepartmentListImporterTests {
    let county = code("610927000000")
    let today = Day.today(t0)

    func seeded(_ store: Store) async throws {
        _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
        _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2020, context: cli)
    }

    func csv(_ text: String, name: String = "县民政局低保名单.csv") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jingzhun-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test(arguments: engines)
    func aListWithABadCellImportsNothingAndNamesTheRowAndColumn(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            // given a list whose third row has a number Excel turned into a float, and whose fourth a date that is not one
            let url = try csv("""
                姓名,身份证号,纳入时间
                王明华,610927198001011234,2020-06-01
                张兰,6.10927E+17,2020-06-01
                赵六,610927200001015678,六月
                """)
            // when
            var failure: ImportFailure?
            do {
                let rows = try DepartmentListFile.read(url, list: .dibao, unit: "县民政局", today: today)
                _ = try await DepartmentListImporter(store: store).run(rows, list: .dibao, unit: "县民政局", fileName: url.lastPathComponent,
                                                                       region: county, context: cli)
            } catch let error as ImportFailure {
                failure = error
            }
            // then
            let problems = try #require(failure).problems
            #expect(problems.map { "\($0.fileName ?? "") 第\($0.row)行 \($0.column ?? "")" } == [
                "县民政局低保名单.csv 第3行 身份证号", "县民政局低保名单.csv 第4行 纳入时间",
            ])
            #expect(try #require(failure).description.contains("导入失败（未写入任何数据）：县民政局低保名单.csv"))
            #expect(try await DepartmentListImporter(store: store).batches(within: county).isEmpty)
            #expect(try await DepartmentListImporter(store: store).entries(within: county).isEmpty)
        }
    }

    @Test(arguments: engines)
    func matchedPeopleAreStoredByHouseholdTheOthersReportedMaskedAndNoNumberIsKept(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await seeded(store)
            let url = try csv("""
                镇坪县城乡低保名单
                序号,姓名,身份证号码,纳入时间
                1,王明华,610927198001011234,2020-06-01
                2,张 兰,610927198203032222,
                3,赵六,610927200001015678,2021-01-01
                """)
            let rows = try DepartmentListFile.read(url, list: .dibao, unit: "县民政局", today: today)
            let batch = try await DepartmentListImporter(store: store).run(
                rows, list: .dibao, unit: "县民政局", fileName: url.lastPathComponent, region: county, context: cli)
            #expect(batch.rows == 3 && batch.matchedMembers == 2 && batch.matchedHouseholds == 1 && batch.unmatchedCount == 1)
            #expect(batch.unmatched == [.init(name: "赵六", maskedIDNumber: "6109**********5678")])
            let entries = try await DepartmentListImporter(store: store).entries(within: county)
            // the register's names, not the list's spelling
            #expect(entries.map(\.entry.memberName) == ["王明华", "张兰"])
            #expect(entries.allSatisfy { $0.householdNumber == "6109271002010001" && $0.villageCode == code("610927100201") })
            #expect(entries.first?.entry.since == Day("2020-06-01"))

            // no 身份证号 in the new tables or the audit log, whole or masked
            let numbers = ["610927198001011234", "610927198203032222", "610927200001015678", "6109**********5678"]
            var stored: [String] = []
            for table in ["department_list_imports", "department_list_entries"] {
                for row in try await store.db.raw("SELECT * FROM \(ident: table)").all() {
                    for column in row.allColumns { stored.append((try? row.decode(column: column, as: String.self)) ?? "") }
                }
            }
            let audit = try await AuditRepository(store: store).list(.init(objectType: "department_list_import"))
            #expect(audit.count == 1)
            stored += audit.flatMap(\.changes).compactMap(\.new)
            #expect(!stored.isEmpty)
            for n in numbers { #expect(!stored.contains { $0.contains(n) }, "\(n) stored") }
            #expect(audit.first?.changes.contains { $0.field == "匹配" && $0.new == "2 人（1 户）" } == true)

            // the batch is listed for the county and, below it, where its people live
            #expect(try await DepartmentListImporter(store: store).batches(within: county).map(\.matchedInRegion) == [2])
            #expect(try await DepartmentListImporter(store: store).batches(within: code("610927100201")).map(\.matchedInRegion) == [2])
            #expect(try await DepartmentListImporter(store: store).batches(within: code("610927100202")).map(\.matchedInRegion) == [0])
        }
    }
}
