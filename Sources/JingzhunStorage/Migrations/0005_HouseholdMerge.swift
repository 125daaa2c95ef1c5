import SQLKit

/// 合户: the absorbed household is kept for history and points at the household it joined. A household
/// is current while `merged_into_id` is NULL; lists, search, exports and data-quality counts read only those.
struct M0005HouseholdMerge: SchemaMigration {
    let id = "0005_household_merge"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.alter(table: "households").column("merged_into_id", type: .bigint, .references("households", "id")).run()
    }
}
