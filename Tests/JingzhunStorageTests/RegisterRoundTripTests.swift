import Foundation
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage
import JingzhunTestSupport
import Testing

/// Issue 4 "Done when": generate → import → export round-trips byte-for-byte on the contract columns;
/// a dirty file is refused with row-level reasons and leaves the database unchanged; GB18030 and BOM csv import.
@Suite struct RegisterRoundTripTests {
    static func generated(households: Int, seed: UInt64, dirty: Bool = false) -> [RegisterSheet: [[String]]] {
        let county = DemoCounty.generate(households: 0)
        let towns = Dictionary(uniqueKeysWithValues: county.towns.map { ($0.code, $0.name) })
        let villages = county.villages.map { v in
            RegisterGenerator.Village(region: v, townName: towns[v.parentCode!]!, groupNames: ["一组", "二组", "三组"], isPoor: true)
        }
        var rows: [RegisterSheet: [[String]]] = [:]
        RegisterGenerator(villages: villages, households: households, seed: seed, year: 2020, dirty: dirty).generate { rows[$0, default: []].append($1) }
        return rows
    }

    static func writeCSV(_ rows: [RegisterSheet: [[String]]], to dir: URL, encoding: TextFileEncoding) throws -> [URL] {
        try RegisterSheet.allCases.map { sheet in
            let url = dir.appendingPathComponent("\(sheet.name).csv")
            let w = try CSVFileWriter(url: url, encoding: encoding)
            try w.write(sheet.headers)
            for r in rows[sheet] ?? [] { try w.write(r) }
            try w.close()
            return url
        }
    }

    func withTempDir<T>(_ body: (URL) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jz-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try await body(dir)
    }

    @Test(arguments: engines, [TextFileEncoding.utf8BOM, .gb18030])
    func generatedCsvImportsAndExportsUnchanged(_ database: TestDatabase, _ encoding: TextFileEncoding) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            try await withTempDir { dir in
                let rows = Self.generated(households: 300, seed: 11)
                let files = try Self.writeCSV(rows, to: dir, encoding: encoding)
                let sheets = try files.flatMap { try RegisterFiles.load($0) }
                let report = try await RegisterImporter(store: store).run(sheets, year: 2020, context: cli)
                #expect(report.householdsCreated == 300)
                for sheet in RegisterSheet.allCases {
                    var exported: [[String]] = []
                    try await RegisterExporter(store: store).export(sheet, within: code("610927000000"), year: 2020, masked: false) { exported.append($0) }
                    let n = sheet.contractHeaders.count
                    #expect(exported.map { Array($0.prefix(n)) } == (rows[sheet] ?? []).map { Array($0.prefix(n)) }, "\(sheet.name) differs")
                }
            }
        }
    }

    @Test(arguments: engines)
    func aDirtyFileIsRefusedWithRowsAndChangesNothing(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            try await withTempDir { dir in
                let files = try Self.writeCSV(Self.generated(households: 2_000, seed: 3, dirty: true), to: dir, encoding: .utf8)
                let sheets = try files.flatMap { try RegisterFiles.load($0) }
                do {
                    _ = try await RegisterImporter(store: store).run(sheets, year: 2020, context: cli)
                    Issue.record("a dirty file was accepted")
                } catch let failure as ImportFailure {
                    #expect(failure.problems.count >= 3)
                    #expect(failure.problems.allSatisfy { $0.fileName != nil && $0.row > 1 && $0.column != nil })
                }
                #expect(try await RegisterRepository(store: store).households(within: code("610927000000"), limit: 1).isEmpty)
                #expect(try await AuditRepository(store: store).verify() == .intact(entries: 72))
            }
        }
    }

    @Test func theTemplateHasTheThreeSheetsWithTheContractHeaders() async throws {
        try await withTempDir { dir in
            let url = dir.appendingPathComponent("模板.xlsx")
            try RegisterFiles.writeTemplate(url)
            let reader = try XLSXReader(url: url)
            #expect(Array(reader.sheetNames.prefix(3)) == ["户信息", "家庭成员", "村信息"])
            for sheet in RegisterSheet.allCases {
                let header = try #require(try reader.rows(sheet: sheet.name).nextRow())
                #expect(Array(header.cells.prefix(sheet.contractHeaders.count)) == sheet.contractHeaders)
            }
        }
    }

    @Test func anXlsxLedgerLoadsEverySheet() async throws {
        try await withTempDir { dir in
            let rows = Self.generated(households: 50, seed: 5)
            let url = dir.appendingPathComponent("台账.xlsx")
            try RegisterFiles.writeXLSX(url, sheets: RegisterSheet.allCases.map { ($0.name, $0.headers, rows[$0] ?? []) })
            let sheets = try RegisterFiles.load(url)
            #expect(sheets.map(\.sheet) == [.households, .members, .villages])
            // xlsx drops trailing empty cells; pad them back for the comparison
            let width = RegisterSheet.households.headers.count
            let padded = sheets[0].rows.map { $0.1 + Array(repeating: "", count: max(0, width - $0.1.count)) }
            #expect(padded == rows[.households])
            #expect(sheets[0].rows.first?.0 == 2)
        }
    }
}
