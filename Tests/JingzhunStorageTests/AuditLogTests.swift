import Foundation
import JingzhunDomain
import SQLKit
import JingzhunStorage
import JingzhunTestSupport
import SQLiteNIO
import Testing

@Suite struct AuditLogTests {
    @Test(arguments: engines)
    func anUntouchedLogVerifies(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            #expect(try await AuditRepository(store: store).verify() == .intact(entries: 72))
        }
    }

    @Test func editingARowByHandInSQLiteBreaksTheChain() async throws {
        try await TestDatabase.sqlite.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            // when someone opens the file with another SQLite client and edits entry 10
            let path = try #require(TestDatabase.sqlitePath(of: store))
            let other = try await SQLiteConnection.open(storage: .file(path: path))
            _ = try await other.query("UPDATE audit_log SET actor = 'someone-else' WHERE id = 10")
            try await other.close()
            // then
            let result = try await AuditRepository(store: store).verify()
            guard case .broken(let id, _) = result else { Issue.record("edit not detected: \(result)"); return }
            #expect(id == 10)
        }
    }

    @Test(arguments: engines)
    func deletingAnEntryOrTheTailIsDetected(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            try await store.db.raw("DELETE FROM audit_log WHERE id = 72").run()
            #expect(try await AuditRepository(store: store).verify() != .intact(entries: 71))
            try await store.db.raw("DELETE FROM audit_log WHERE id = 5").run()
            let result = try await AuditRepository(store: store).verify()
            #expect(result == .broken(entryID: 5, reason: "第 5 条记录缺失（已被删除）/ entry missing"))
        }
    }

    @Test(arguments: engines)
    func changingTheRecordedValuesIsDetected(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            try await store.db.raw("UPDATE audit_log SET changes = '[]' WHERE id = 3").run()
            guard case .broken(3, _) = try await AuditRepository(store: store).verify() else {
                Issue.record("altered changes not detected"); return
            }
        }
    }

    @Test(arguments: engines)
    func aFailedTransactionLeavesNoAuditEntry(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let repo = RegionRepository(store: store)
            _ = try await repo.upsert(try zhenping(), context: cli)
            let orphan = Region(code: code("610927999201"), name: "孤村", level: .village, parentCode: code("610927999000"))
            await #expect(throws: (any Error).self) { try await repo.upsert([orphan], context: cli) }
            #expect(try await AuditRepository(store: store).verify() == .intact(entries: 72))
        }
    }

    @Test(arguments: engines)
    func theLogFiltersByPersonAndScope(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let other = ChangeContext(actorAccountID: nil, actor: "someone", now: t0)
            let org = OrganisationRepository(store: store)
            _ = try await org.createPerson(name: "甲", phone: "13800001234", unitID: nil, regionCode: code("610927100201"), context: other)
            let audit = AuditRepository(store: store)
            let bySomeone = try await audit.list(.init(actor: "someone"))
            #expect(bySomeone.count == 1)
            // phones are masked in the log itself
            #expect(bySomeone[0].changes.contains(FieldChange(field: "联系电话", old: nil, new: "138****1234")))
            // scope: the village sees its own entries, not its neighbour's
            #expect(try await audit.list(.init(within: code("610927100201"))).count == 2)
            #expect(try await audit.list(.init(within: code("610927100202"))).count == 1)
        }
    }
}

@Suite struct AuditLogValueTests {
    @Test(arguments: engines)
    func awkwardValuesComeBackExactlyAndStillVerify(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let changes = [
                FieldChange(field: "说明", old: "引号\"与\\反斜杠", new: "换行\n制表\t回车\r"),
                FieldChange(field: "控制符", old: "\u{1}\u{1F}", new: nil),
            ]
            try await store.write { db in
                try await AuditLog.record([PendingAudit(action: .update, objectType: "test", objectID: "1", regionCode: nil, changes: changes)],
                                          context: cli, on: db)
            }
            let back = try await AuditRepository(store: store).list(.init(objectType: "test"))
            #expect(back.first?.changes == changes)
            #expect(try await AuditRepository(store: store).verify() == .intact(entries: 1))
        }
    }
}
