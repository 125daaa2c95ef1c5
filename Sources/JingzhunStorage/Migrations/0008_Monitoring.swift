import SQLKit

/// 防返贫 monitoring cases (issue 7): one row per case with its procedure state as JSON (the domain's
/// `MonitoringCase`: clues, steps, measures, elimination rounds), the columns lists filter on, and a timeline.
struct M0008Monitoring: SchemaMigration {
    let id = "0008_monitoring"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "monitoring_cases")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("household_number", type: .text, .notNull)
            .column("village_code", type: .text, .notNull, .references("regions", "code"))
            .column("stage", type: .text, .notNull)
            .column("first_clue_on", type: .text, .notNull)
            .column("identified_on", type: .text)
            .column("object_type", type: .text)
            .column("state", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .run()
        try await db.create(index: "monitoring_cases_village").on("monitoring_cases").column("village_code").column("stage").run()
        try await db.create(index: "monitoring_cases_household").on("monitoring_cases").column("household_number").run()

        try await db.create(table: "monitoring_case_events")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("case_id", type: .bigint, .notNull, .references("monitoring_cases", "id"))
            .column("at", type: .text, .notNull)
            .column("account_id", type: .bigint, .references("accounts", "id"))
            .column("actor", type: .text, .notNull)
            .column("stage", type: .text, .notNull)
            .column("note", type: .text, .notNull)
            .run()
        try await db.create(index: "monitoring_case_events_case").on("monitoring_case_events").column("case_id").run()
    }
}
