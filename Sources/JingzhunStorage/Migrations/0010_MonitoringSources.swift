import SQLKit

/// The data the four input-fed alert rules read (issue 7 §2): 风险信息登记 — disasters, accidents, out-of-pocket
/// medical costs and losses of labour capacity reported by households or cadres — and departmental lists (部门筛查)
/// matched to the register. Keyed by village code like the rest. The 身份证号 of a list row is used to match and is
/// never stored: an entry keeps the household, village and the member's name as the register has them.
struct M0010MonitoringSources: SchemaMigration {
    let id = "0010_monitoring_sources"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "monitoring_reports")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("household_number", type: .text, .notNull)
            .column("village_code", type: .text, .notNull, .references("regions", "code"))
            .column("kind", type: .text, .notNull)
            .column("member_name", type: .text)
            .column("occurred_on", type: .text, .notNull)
            .column("description", type: .text, .notNull)
            .column("amount_fen", type: .bigint)
            .column("channel", type: .text, .notNull)
            .column("entered_by_account_id", type: .bigint, .references("accounts", "id"))
            .column("entered_by", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .run()
        try await db.create(index: "monitoring_reports_village").on("monitoring_reports").column("village_code").column("occurred_on").run()
        try await db.create(index: "monitoring_reports_household").on("monitoring_reports").column("household_number").run()

        try await db.create(table: "department_list_imports")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("list", type: .text, .notNull)
            .column("unit", type: .text, .notNull)
            .column("file_name", type: .text, .notNull)
            .column("region_code", type: .text, .notNull, .references("regions", "code"))
            .column("row_count", type: .int, .notNull)
            .column("matched_members", type: .int, .notNull)
            .column("matched_households", type: .int, .notNull)
            .column("unmatched", type: .int, .notNull)
            .column("imported_at", type: .text, .notNull)
            .column("imported_on", type: .text, .notNull)
            .column("account_id", type: .bigint, .references("accounts", "id"))
            .column("actor", type: .text, .notNull)
            .run()

        try await db.create(table: "department_list_entries")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("import_id", type: .bigint, .notNull, .references("department_list_imports", "id"))
            .column("list", type: .text, .notNull)
            .column("unit", type: .text, .notNull)
            .column("household_number", type: .text, .notNull)
            .column("village_code", type: .text, .notNull, .references("regions", "code"))
            .column("member_name", type: .text, .notNull)
            .column("since", type: .text)
            .column("imported_at", type: .text, .notNull)
            .column("imported_on", type: .text, .notNull)
            .run()
        try await db.create(index: "department_list_entries_village").on("department_list_entries").column("village_code").column("imported_on").run()
        try await db.create(index: "department_list_entries_import").on("department_list_entries").column("import_id").run()
    }
}
