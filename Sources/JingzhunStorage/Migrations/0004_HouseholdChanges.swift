import SQLKit

/// Household change requests, and the members a 减员 or 分户 took off a household (kept, not lost).
struct M0004HouseholdChanges: SchemaMigration {
    let id = "0004_household_changes"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "household_changes")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("kind", type: .text, .notNull)
            .column("household_number", type: .text, .notNull)
            .column("village_code", type: .text, .notNull, .references("regions", "code"))
            .column("detail", type: .text, .notNull)
            .column("reason", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("proposed_by", type: .text, .notNull)
            .column("proposed_by_account", type: .bigint)
            .column("proposed_at", type: .text, .notNull)
            .column("decided_by", type: .text)
            .column("decided_at", type: .text)
            .column("note", type: .text)
            .run()
        try await db.create(index: "household_changes_village").on("household_changes").column("village_code").column("state").run()
        try await db.create(table: "removed_members")
            .column("member_id", type: .bigint, .notNull)
            .column("household_number", type: .text, .notNull)
            .column("region_code", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("id_number", type: .text, .notNull)
            .column("record", type: .text, .notNull)
            .column("removed_at", type: .text, .notNull)
            .column("change_id", type: .bigint, .notNull, .references("household_changes", "id"))
            .run()
    }
}
