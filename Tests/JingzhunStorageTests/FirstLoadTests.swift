import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import SQLKit
import Testing

/// The first-load path (an import into empty register tables: direct SQLite statements or PostgreSQL COPY,
/// indexes built after the load, one audit entry per batch and village) must leave exactly what the ordinary
/// path leaves, and keep the ordinary path's all-or-nothing guarantee.
@Suite struct FirstLoadTests {
    static let rows = RegisterRoundTripTests.generated(households: 250, seed: 7)

    static func sheets(_ rows: [RegisterSheet: [[String]]]) -> [SheetRows] {
        RegisterSheet.allCases.map { sheet in
            SheetRows(fileName: "\(sheet.name).csv", sheetLabel: nil, sheet: sheet, header: sheet.headers,
                      rows: (rows[sheet] ?? []).enumerated().map { ($0 + 2, $1) })
        }
    }

    /// Everything a user can see of the register: the three sheets exported unmasked, the rows' keys and places,
    /// and the data-quality findings.
    static func snapshot(_ store: Store) async throws -> [String] {
        var out: [String] = []
        for sheet in RegisterSheet.allCases {
            try await RegisterExporter(store: store).export(sheet, within: code("610927000000"), year: 2020, masked: false) {
                out.append("\(sheet.name)|" + $0.joined(separator: "|"))
            }
        }
        for row in try await store.db.raw("""
            SELECT h.id, h.number, h.region_code, h.village_code, h.data_year, h.merged_into_id, y.year, y.size
            FROM households h JOIN household_years y ON y.household_id = h.id ORDER BY h.id
            """).all() {
            out.append("h|\(try row.decode(column: "id", as: Int64.self))|\(try row.decode(column: "number", as: String.self))|"
                + "\(try row.decode(column: "region_code", as: String.self))|\(try row.decode(column: "village_code", as: String.self))|"
                + "\(try row.decode(column: "data_year", as: Int?.self) ?? 0)|\(try row.decode(column: "merged_into_id", as: Int64?.self) ?? 0)|"
                + "\(try row.decode(column: "year", as: Int.self))|\(try row.decode(column: "size", as: Int.self))")
        }
        for row in try await store.db.raw("SELECT household_id, region_code, id_number FROM members ORDER BY id_number").all() {
            out.append("m|\(try row.decode(column: "household_id", as: Int64.self))|\(try row.decode(column: "region_code", as: String.self))|"
                + (try row.decode(column: "id_number", as: String.self)))
        }
        for f in try await DataQualityRepository(store: store).check(within: code("610927000000"), year: 2020) {
            out.append("q|\(f.rule.rawValue)|\(f.householdNumber)|\(f.message)")
        }
        return out
    }

    static func indexes(_ store: Store) async throws -> [String] {
        let sql: SQLQueryString = store.dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('households', 'household_years', 'members') ORDER BY name"
            : "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('households', 'household_years', 'members') ORDER BY indexname"
        return try await store.db.raw(sql).all().map { try $0.decode(column: "name", as: String.self) }
    }

    @Test(arguments: engines)
    func aFirstLoadLeavesExactlyWhatTheOrdinaryPathLeaves(_ database: TestDatabase) async throws {
        let dirty = RegisterRoundTripTests.generated(households: 250, seed: 7, dirty: true)
        for (rows, mode) in [(Self.rows, ImportMode.allOrNothing), (dirty, .validRowsOnly)] {
            let (ordinary, ordinaryReport, ordinaryIndexes) = try await database.withFreshStore { store in
                _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
                let report = try await RegisterImporter(store: store, firstLoadPath: false).run(Self.sheets(rows), year: 2020, mode: mode, context: cli)
                return (try await Self.snapshot(store), report, try await Self.indexes(store))
            }
            try await database.withFreshStore { store in
                _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
                var report = try await RegisterImporter(store: store).run(Self.sheets(rows), year: 2020, mode: mode, context: cli)
                // then: the fast path was really taken (SQLite's raw handle found, or COPY), and nothing differs
                #expect(report.firstLoad == (database == .sqlite ? .sqliteStatements : .postgresCopy))
                #expect(ordinaryReport.firstLoad == nil)
                report.firstLoad = nil
                #expect(report == ordinaryReport)
                #expect(report.householdsCreated > 200)
                let snapshot = try await Self.snapshot(store)
                #expect(snapshot.count == ordinary.count)
                #expect(snapshot == ordinary)
                #expect(try await Self.indexes(store) == ordinaryIndexes)
                #expect(ordinaryIndexes.contains("members_household"))
                // one audit entry per batch and village names every household created, and the chain verifies
                let entries = try await AuditRepository(store: store).list(.init(objectType: "household_batch", limit: 10_000))
                let named = entries.flatMap { $0.changes.filter { $0.field == "户编号" }.flatMap { ($0.new ?? "").split(separator: "、").map(String.init) } }
                #expect(named.count == report.householdsCreated)
                #expect(Set(named).count == report.householdsCreated)
                let memberEntries = try await AuditRepository(store: store).list(.init(objectType: "member_batch", limit: 10_000))
                let memberCount = memberEntries.compactMap { $0.changes.first { $0.field == "首次导入新增成员数" }?.new.flatMap { Int($0) } }.reduce(0, +)
                #expect(memberCount == report.membersCreated)
                guard case .intact = try await AuditRepository(store: store).verify() else {
                    Issue.record("audit chain broken")
                    return
                }
                // and a second import of the same file is an ordinary re-import: nothing changes
                let again = try await RegisterImporter(store: store).run(Self.sheets(rows), year: 2020, mode: mode, context: cli)
                #expect(again.firstLoad == nil)
                #expect(again.householdsUnchanged == report.householdsCreated)
                #expect(again.membersUnchanged == report.membersCreated)
            }
        }
    }

    @Test(arguments: engines)
    func aBadRowInAFirstLoadChangesNothing(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let indexes = try await Self.indexes(store)
            let before = try await AuditRepository(store: store).verify()
            var rows = Self.rows
            rows[.members]![200][3] = "男女"  // one bad cell far into the file
            do {
                _ = try await RegisterImporter(store: store).run(Self.sheets(rows), year: 2020, context: cli)
                Issue.record("accepted a bad first load")
            } catch let failure as ImportFailure {
                #expect(failure.problems.map { "\($0.row)/\($0.column ?? "")" } == ["202/性别"])
            }
            for table in ["households", "household_years", "members"] {
                #expect(try await store.db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) == 0)
            }
            #expect(try await Self.indexes(store) == indexes)
            #expect(try await AuditRepository(store: store).verify() == before)
            // the same file, fixed, then loads
            let report = try await RegisterImporter(store: store).run(Self.sheets(Self.rows), year: 2020, context: cli)
            #expect(report.householdsCreated == 250)
        }
    }

    /// A first load on SQLite skips the checkpoint inside its COMMIT and copies its pages into the database file in
    /// the background; afterwards the writer must checkpoint and sort as before, and closing the store waits for
    /// the copy, so the file alone holds every row.
    @Test func afterAFirstLoadTheDatabaseFileHoldsEveryRowAndTheWriterIsAsBefore() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jingzhun-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("load.sqlite").path
        let store = try await Store.open(.sqlite(path: path))
        try await Migrator(store: store).migrate()
        _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
        let report = try await RegisterImporter(store: store).run(Self.sheets(Self.rows), year: 2020, context: cli)
        #expect(report.firstLoad == .sqliteStatements)
        let writer = try await store.write { db in
            (try await db.raw("PRAGMA wal_autocheckpoint").first()?.decode(column: "wal_autocheckpoint", as: Int.self),
             try await db.raw("PRAGMA temp_store").first()?.decode(column: "temp_store", as: Int.self))
        }
        #expect(writer.0 == 1000)
        #expect(writer.1 == 2)  // MEMORY
        await store.close()
        // then: the WAL has been emptied into the file
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0)
        let reopened = try await Store.open(.sqlite(path: path))
        #expect(try await reopened.db.raw("SELECT COUNT(*) AS n FROM households").first()?.decode(column: "n", as: Int.self) == 250)
        await reopened.close()
    }
}
