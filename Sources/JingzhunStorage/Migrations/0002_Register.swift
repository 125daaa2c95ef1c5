import SQLKit

/// The national household record: the household's own fields, its year-versioned figures
/// (status, size, five income parts, housing, water), its members, and village facts by year.
struct M0002Register: SchemaMigration {
    let id = "0002_register"

    func prepare(on db: any SQLDatabase) async throws {
        let bool = SQLDataType.custom(SQLRaw("BOOLEAN"))
        let added: [(String, SQLDataType)] = [
            ("head_id_number", .text), ("phone", .text), ("bank_name", .text), ("bank_account", .text), ("standard", .text),
            ("attribute", .text), ("main_cause", .text), ("other_causes", .text), ("housing_security", .text),
            ("water_quantity_ok", bool), ("water_quality_ok", bool), ("water_convenient", bool), ("water_guarantee_ok", bool),
            ("electricity", bool), ("data_year", .int),
        ]
        for (name, type) in added {
            try await db.alter(table: "households").column(name, type: type).run()
        }
        try await db.create(index: "households_head_id").on("households").column("head_id_number").run()

        try await db.create(table: "household_years")
            .column("household_id", type: .bigint, .notNull, .references("households", "id"))
            .column("year", type: .int, .notNull)
            .column("status", type: .text, .notNull)
            .column("exit_year", type: .int)
            .column("size", type: .int, .notNull)
            .column("wage_fen", type: .bigint, .notNull)
            .column("production_fen", type: .bigint, .notNull)
            .column("property_fen", type: .bigint, .notNull)
            .column("transfer_fen", type: .bigint, .notNull)
            .column("production_cost_fen", type: .bigint, .notNull)
            .column("housing_grade", type: .text, .notNull)
            .column("water_safe", type: bool, .notNull)
            .primaryKey("household_id", "year")
            .run()

        try await db.create(table: "members")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("household_id", type: .bigint, .notNull, .references("households", "id"))
            .column("region_code", type: .text, .notNull, .references("regions", "code"))
            .column("name", type: .text, .notNull)
            .column("id_number", type: .text, .notNull, .unique)
            .column("sex", type: .text, .notNull)
            .column("birth_date", type: .text, .notNull)
            .column("relation", type: .text, .notNull)
            .column("school_status", type: .text, .notNull)
            .column("health", type: .text, .notNull)
            .column("labour_skill", type: .text, .notNull)
            .column("medical_insurance", type: bool, .notNull)
            .column("serious_illness_insurance", type: bool, .notNull)
            .column("ethnicity", type: .text)
            .column("education", type: .text)
            .column("work_status", type: .text)
            .column("work_months", type: .int)
            .column("dibao", type: bool)
            .column("tekun", type: bool)
            .column("disability_certificate", type: .text)
            .run()
        try await db.create(index: "members_household").on("members").column("household_id").run()
        try await db.create(index: "members_region").on("members").column("region_code").run()

        try await db.create(table: "village_years")
            .column("code", type: .text, .notNull, .references("regions", "code"))
            .column("year", type: .int, .notNull)
            .column("total_households", type: .int, .notNull)
            .column("total_population", type: .int, .notNull)
            .column("hardened_road", type: bool, .notNull)
            .column("safe_water", type: bool, .notNull)
            .column("electricity_rate_bp", type: .int, .notNull)
            .column("standard_clinic", type: bool, .notNull)
            .column("collective_economy", type: bool, .notNull)
            .primaryKey("code", "year")
            .run()
    }
}
