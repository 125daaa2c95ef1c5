import SQLKit

/// Read marks per account: a notice addressed to a role, unit or town reaches several accounts, and one of them
/// reading it must not clear it for the others (notifications.read_at was shared, so it goes).
struct M0009NotificationReads: SchemaMigration {
    let id = "0009_notification_reads"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "notification_reads")
            .column("account_id", type: .bigint, .notNull, .references("accounts", "id"))
            .column("notification_id", type: .bigint, .notNull, .references("notifications", "id"))
            .column("read_at", type: .text, .notNull)
            .primaryKey("account_id", "notification_id")
            .run()
        try await db.raw("ALTER TABLE notifications DROP COLUMN read_at").run()
    }
}
