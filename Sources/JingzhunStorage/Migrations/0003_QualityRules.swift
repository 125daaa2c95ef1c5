import SQLKit

/// Which data-quality rules the county has switched off (absent = on).
struct M0003QualityRules: SchemaMigration {
    let id = "0003_quality_rules"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "quality_rules")
            .column("key", type: .text, .primaryKey(autoIncrement: false))
            .column("enabled", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .run()
    }
}
