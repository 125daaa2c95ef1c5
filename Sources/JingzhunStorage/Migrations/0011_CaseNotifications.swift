import SQLKit

/// Notices about monitoring cases (issue 7 §3: overdue cases escalate like tasks): a notification may point at a case
/// instead of a task, stored once per (case, key, recipient) — NULLs are distinct in unique indexes on both engines,
/// so the task index never dedupes a case notice nor this one a task's — and a case remembers the 督办 rungs it has
/// climbed, as a task does.
struct M0011CaseNotifications: SchemaMigration {
    let id = "0011_case_notifications"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.alter(table: "notifications").column("case_id", type: .bigint, .references("monitoring_cases", "id")).run()
        try await db.create(index: "notifications_case_once").on("notifications").column("case_id").column("dedupe_key").column("recipient")
            .unique().run()
        try await db.alter(table: "monitoring_cases").column("escalation", type: .int, .notNull, .default(0)).run()
    }
}
