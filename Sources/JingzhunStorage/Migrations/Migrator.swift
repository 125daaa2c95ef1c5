public import Foundation
public import SQLKit

/// A numbered schema change. Append-only: a shipped migration is never edited; add the next number.
public protocol SchemaMigration: Sendable {
    /// `0001_foundation`
    var id: String { get }
    func prepare(on db: any SQLDatabase) async throws
}

/// Runs the migrations not yet applied, each in its own transaction, recording them in `schema_migrations`.
public struct Migrator: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    public static let all: [any SchemaMigration] = [
        M0001Foundation(),
        M0002Register(),
        M0003QualityRules(),
        M0004HouseholdChanges(),
        M0005HouseholdMerge(),
        M0006ExitStandards(),
        M0007TaskLists(),
        M0008Monitoring(),
        M0009NotificationReads(),
        M0010MonitoringSources(),
        M0011CaseNotifications(),
    ]

    /// Applies what is missing; returns the ids it applied.
    @discardableResult
    public func migrate(now: Date = Date()) async throws -> [String] {
        try await store.db.create(table: "schema_migrations").ifNotExists()
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("applied_at", type: .text, .notNull)
            .run()
        let applied = try await self.applied()
        var ran: [String] = []
        for migration in Self.all where !applied.contains(migration.id) {
            try await store.write { db in
                try await migration.prepare(on: db)
                try await db.insert(into: "schema_migrations")
                    .columns("id", "applied_at").values(SQLBind(migration.id), SQLBind(ChinaTimeStamp.iso(now)))
                    .run()
            }
            ran.append(migration.id)
        }
        // Shipped configuration (exit standards, poverty lines with their sources) is added when missing.
        try await ExitStandardRepository(store: store).installBuiltIns(now: now)
        try await store.write { db in
            try await TaskSweeper.installDefaults(on: db)
            try await MonitoringScanner.installDefaults(on: db)
            try await CaseSweeper.installDefaults(on: db)
        }
        return ran
    }

    public func applied() async throws -> Set<String> {
        let rows = try await store.db.select().column("id").from("schema_migrations").all()
        return Set(try rows.map { try $0.decode(column: "id", as: String.self) })
    }

    /// Migrations the code knows that the database has not applied.
    public func pending() async throws -> [String] {
        let hasTable = try await tableExists("schema_migrations")
        let applied = hasTable ? try await self.applied() : []
        return Self.all.map(\.id).filter { !applied.contains($0) }
    }

    func tableExists(_ name: String) async throws -> Bool {
        let sql: SQLQueryString =
            switch store.dialect {
            case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)"
            case .postgres: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(bind: name)"
            }
        return try await store.db.raw(sql).first() != nil
    }
}
