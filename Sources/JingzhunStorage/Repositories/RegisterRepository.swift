public import JingzhunDomain
import SQLKit

/// The foundation's thin register: households with their 组, size and status, village profiles and
/// 帮扶 pairings. The register issue extends the tables; these queries keep working.
public struct RegisterRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct HouseholdRow: Sendable, Equatable {
        public var id: RegisteredHousehold.ID
        public var household: RegisteredHousehold
        public var pairedPersons: Set<Person.ID>
        /// 户编号 of the household this one was merged into (合户); nil while it is current.
        public var mergedInto: String?
    }

    public func villageProfile(_ code: RegionCode) async throws -> VillageProfile? {
        guard let row = try await store.db.select().column("*").from("village_profiles").where("code", .equal, code.rawValue).first() else { return nil }
        return VillageProfile(code: code, isPoorVillage: try row.decode(column: "is_poor_village", as: Bool.self),
                              exitYear: try row.decode(column: "exit_year", as: Int?.self))
    }

    public func pair(household number: String, with person: Person.ID, from date: String, context: ChangeContext) async throws {
        try await store.write { db in
            guard let row = try await db.select().column("id").column("region_code").column("merged_into_id").from("households")
                .where("number", .equal, number).first() else {
                throw StorageError.notFound("户 \(number)")
            }
            if try row.decode(column: "merged_into_id", as: Int64?.self) != nil {
                throw StorageError.conflict("户 \(number) 已合户并入其他户，请与合并后的户结对")
            }
            let id = try row.decode(column: "id", as: Int64.self)
            try await db.insert(into: "household_pairings").columns("household_id", "person_id", "valid_from", "valid_to")
                .values(SQLBind(id), SQLBind(person.rawValue), SQLBind(date), SQLBind(String?.none)).run()
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "pairing", objectID: number,
                regionCode: RegionCode(rawValue: try row.decode(column: "region_code", as: String.self)),
                changes: [FieldChange(field: "帮扶干部", old: nil, new: person.description), FieldChange(field: "起始日期", old: nil, new: date)])],
                context: context, on: db)
        }
    }

    /// Current households in the subtree of `code` (not those merged away); optionally only those paired to `person`.
    public func households(within code: RegionCode, pairedTo person: Person.ID? = nil, limit: Int = 200, offset: Int = 0) async throws -> [HouseholdRow] {
        let pairing: SQLQueryString = person.map {
            " AND h.id IN (SELECT household_id FROM household_pairings WHERE person_id = \(bind: $0.rawValue) AND valid_to IS NULL)"
        } ?? ""
        let rows = try await store.db.raw("""
            SELECT h.* FROM households h JOIN region_closure c ON c.descendant_code = h.region_code
            WHERE c.ancestor_code = \(bind: code.rawValue) AND h.merged_into_id IS NULL\(pairing) ORDER BY h.number LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all()
        return try await withPairings(rows.map(Self.decode))
    }

    /// Every current household number paired with `person` inside a subtree (no page limit: lists filter by it).
    public func pairedNumbers(within code: RegionCode, person: Person.ID) async throws -> Set<String> {
        Set(try await store.db.raw("""
            SELECT h.number FROM households h
            WHERE \(RegisterSQL.within("h.region_code", code)) AND \(RegisterSQL.current)
              AND h.id IN (SELECT household_id FROM household_pairings WHERE person_id = \(bind: person.rawValue) AND valid_to IS NULL)
            """).all().map { try $0.decode(column: "number", as: String.self) })
    }

    /// A household by 户编号, current or merged away (its page and history stay readable).
    public func household(number: String) async throws -> HouseholdRow? {
        guard let row = try await store.db.raw("""
            SELECT h.*, o.number AS merged_into FROM households h LEFT JOIN households o ON o.id = h.merged_into_id
            WHERE h.number = \(bind: number)
            """).first() else { return nil }
        var found = try await withPairings([try Self.decode(row)]).first
        found?.mergedInto = try row.decode(column: "merged_into", as: String?.self)
        return found
    }

    private func withPairings(_ list: [(RegisteredHousehold.ID, RegisteredHousehold)]) async throws -> [HouseholdRow] {
        guard !list.isEmpty else { return [] }
        var paired: [Int64: Set<Person.ID>] = [:]
        let rows = try await store.db.select().column("household_id").column("person_id").from("household_pairings")
            .where("household_id", .in, list.map(\.0.rawValue)).where("valid_to", .is, SQLLiteral.null).all()
        for r in rows {
            paired[try r.decode(column: "household_id", as: Int64.self), default: []]
                .insert(Person.ID(rawValue: try r.decode(column: "person_id", as: Int64.self)))
        }
        return list.map { HouseholdRow(id: $0.0, household: $0.1, pairedPersons: paired[$0.0.rawValue] ?? []) }
    }

    static func decode(_ row: any SQLRow) throws -> (RegisteredHousehold.ID, RegisteredHousehold) {
        (
            RegisteredHousehold.ID(rawValue: try row.decode(column: "id", as: Int64.self)),
            RegisteredHousehold(
                number: try row.decode(column: "number", as: String.self),
                regionCode: RegionCode(rawValue: try row.decode(column: "region_code", as: String.self))!,
                villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!,
                headName: try row.decode(column: "head_name", as: String.self), size: try row.decode(column: "size", as: Int.self),
                status: PovertyStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .poor,
                firstIdentifiedYear: try row.decode(column: "first_identified_year", as: Int.self),
                exitYear: try row.decode(column: "exit_year", as: Int?.self))
        )
    }
}

extension RegisterRepository {
    /// The newest data year the register holds, if any — the sensible default for the next import.
    public func latestYear() async throws -> Int? {
        try await store.db.raw("SELECT MAX(year) AS y FROM household_years").first()?.decode(column: "y", as: Int?.self)
    }
}
