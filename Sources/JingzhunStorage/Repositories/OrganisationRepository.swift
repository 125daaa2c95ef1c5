public import JingzhunDomain
import SQLKit

/// Units, unit groups, people and posts, and the expansion of generic phrases ("各镇党委书记").
public struct OrganisationRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    // MARK: units

    public func createUnit(name: String, aliases: [String], kind: UnitKind, regionCode: RegionCode, context: ChangeContext) async throws -> OrgUnit {
        try await store.write { db in try await Self.createUnit(name: name, aliases: aliases, kind: kind, regionCode: regionCode, context: context, on: db) }
    }

    static func createUnit(name: String, aliases: [String], kind: UnitKind, regionCode: RegionCode, context: ChangeContext, on db: any SQLDatabase) async throws -> OrgUnit {
        let row = try await db.insert(into: "units").columns("name", "aliases", "kind", "region_code")
            .values(SQLBind(name), SQLBind(aliases.joined(separator: "、")), SQLBind(kind.rawValue), SQLBind(regionCode.rawValue))
            .returning("id").first()
        let unit = OrgUnit(id: .init(rawValue: try row!.decode(column: "id", as: Int64.self)), name: name, aliases: aliases, kind: kind, regionCode: regionCode)
        try await AuditLog.record(old: nil, new: unit, context: context, on: db)
        return unit
    }

    public func updateUnit(_ unit: OrgUnit, context: ChangeContext) async throws {
        try await store.write { db in
            guard let old = try await Self.unit(unit.id, on: db) else { throw StorageError.notFound("单位 \(unit.id)") }
            try await db.update("units").set("name", to: unit.name).set("aliases", to: unit.aliases.joined(separator: "、"))
                .set("kind", to: unit.kind.rawValue).set("region_code", to: unit.regionCode.rawValue)
                .where("id", .equal, unit.id.rawValue).run()
            try await AuditLog.record(old: old, new: unit, context: context, on: db)
        }
    }

    public func unit(_ id: OrgUnit.ID) async throws -> OrgUnit? { try await Self.unit(id, on: store.db) }

    static func unit(_ id: OrgUnit.ID, on db: any SQLDatabase) async throws -> OrgUnit? {
        try await db.select().column("*").from("units").where("id", .equal, id.rawValue).first().map(decodeUnit)
    }

    /// Units located inside the subtree of `code` (the county's departments and its towns).
    public func units(within code: RegionCode) async throws -> [OrgUnit] {
        try await store.db.raw("""
            SELECT u.* FROM units u JOIN region_closure c ON c.descendant_code = u.region_code
            WHERE c.ancestor_code = \(bind: code.rawValue) ORDER BY u.kind, u.id
            """).all().map(Self.decodeUnit)
    }

    /// Finds a unit by its name or one of its aliases ("县脱贫办" → 扶贫局).
    public func unit(named name: String) async throws -> OrgUnit? {
        let all = try await store.db.select().column("*").from("units").orderBy("id").all().map(Self.decodeUnit)
        return all.first { $0.name == name } ?? all.first { $0.aliases.contains(name) }
    }

    // MARK: groups

    public func createGroup(name: String, note: String, members: [UnitGroup.Member], context: ChangeContext) async throws -> UnitGroup.ID {
        try await store.write { db in
            if try await db.select().column("id").from("unit_groups").where("name", .equal, name).first() != nil {
                throw StorageError.conflict("分组“\(name)”已存在")
            }
            let id = try await db.insert(into: "unit_groups").columns("name", "note").values(SQLBind(name), SQLBind(note))
                .returning("id").first()!.decode(column: "id", as: Int64.self)
            for m in members {
                try await db.insert(into: "unit_group_members").columns("group_id", "unit_id", "is_lead")
                    .values(SQLBind(id), SQLBind(m.unitID.rawValue), SQLBind(m.isLead)).run()
            }
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "unit_group", objectID: String(id), regionCode: nil,
                changes: [FieldChange(field: "名称", old: nil, new: name),
                          FieldChange(field: "成员单位", old: nil, new: members.map(\.unitID.description).joined(separator: ","))])],
                context: context, on: db)
            return UnitGroup.ID(rawValue: id)
        }
    }

    public func groups() async throws -> [UnitGroup] {
        let rows = try await store.db.select().column("*").from("unit_groups").orderBy("id").all()
        let members = try await store.db.select().column("*").from("unit_group_members").orderBy("group_id").orderBy("unit_id").all()
        var byGroup: [Int64: [UnitGroup.Member]] = [:]
        for m in members {
            byGroup[try m.decode(column: "group_id", as: Int64.self), default: []].append(.init(
                unitID: .init(rawValue: try m.decode(column: "unit_id", as: Int64.self)), isLead: try m.decode(column: "is_lead", as: Bool.self)))
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int64.self)
            return UnitGroup(id: .init(rawValue: id), name: try row.decode(column: "name", as: String.self),
                             note: try row.decode(column: "note", as: String.self), members: byGroup[id] ?? [])
        }
    }

    // MARK: people and posts

    public func createPerson(name: String, phone: String?, unitID: OrgUnit.ID?, regionCode: RegionCode, context: ChangeContext) async throws -> Person {
        try await store.write { db in try await Self.createPerson(name: name, phone: phone, unitID: unitID, regionCode: regionCode, context: context, on: db) }
    }

    static func createPerson(name: String, phone: String?, unitID: OrgUnit.ID?, regionCode: RegionCode, context: ChangeContext, on db: any SQLDatabase) async throws -> Person {
        let id = try await db.insert(into: "persons").columns("name", "phone", "unit_id", "region_code")
            .values(SQLBind(name), SQLBind(phone), SQLBind(unitID?.rawValue), SQLBind(regionCode.rawValue))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let person = Person(id: .init(rawValue: id), name: name, phone: phone, unitID: unitID, regionCode: regionCode)
        try await AuditLog.record(old: nil, new: person, context: context, on: db)
        return person
    }

    public func addPost(_ kind: PostKind, title: String, person: Person.ID, unitID: OrgUnit.ID?, regionCode: RegionCode, validFrom: String, context: ChangeContext) async throws -> Post {
        try await store.write { db in try await Self.addPost(kind, title: title, person: person, unitID: unitID, regionCode: regionCode, validFrom: validFrom, context: context, on: db) }
    }

    static func addPost(_ kind: PostKind, title: String, person: Person.ID, unitID: OrgUnit.ID?, regionCode: RegionCode, validFrom: String, context: ChangeContext, on db: any SQLDatabase) async throws -> Post {
        let id = try await db.insert(into: "posts").columns("person_id", "kind", "title", "unit_id", "region_code", "valid_from", "valid_to")
            .values(SQLBind(person.rawValue), SQLBind(kind.rawValue), SQLBind(title), SQLBind(unitID?.rawValue),
                    SQLBind(regionCode.rawValue), SQLBind(validFrom), SQLBind(String?.none))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        let post = Post(id: .init(rawValue: id), personID: person, kind: kind, title: title, unitID: unitID, regionCode: regionCode, validFrom: validFrom)
        try await AuditLog.record(old: nil, new: post, context: context, on: db)
        return post
    }

    /// Ends a post (a transfer): the holder no longer answers for it after `date`.
    public func endPost(_ id: Post.ID, on date: String, context: ChangeContext) async throws {
        try await store.write { db in
            guard let row = try await db.select().column("*").from("posts").where("id", .equal, id.rawValue).first() else {
                throw StorageError.notFound("职务 \(id)")
            }
            let old = try Self.decodePost(row)
            var new = old
            new.validTo = date
            try await db.update("posts").set("valid_to", to: date).where("id", .equal, id.rawValue).run()
            try await AuditLog.record(old: old, new: new, context: context, on: db)
        }
    }

    public func person(_ id: Person.ID) async throws -> Person? {
        try await store.db.select().column("*").from("persons").where("id", .equal, id.rawValue).first().map(Self.decodePerson)
    }

    /// Several people in one query (pages list a village's cadres; no round trip per person).
    public func persons(_ ids: [Person.ID]) async throws -> [Person.ID: Person] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await store.db.select().column("*").from("persons").where("id", .in, ids.map(\.rawValue)).all()
        return Dictionary(uniqueKeysWithValues: try rows.map(Self.decodePerson).map { ($0.id, $0) })
    }

    public func persons(within code: RegionCode, unit: OrgUnit.ID? = nil, limit: Int = 500) async throws -> [Person] {
        let unitFilter: SQLQueryString = unit.map { " AND p.unit_id = \(bind: $0.rawValue)" } ?? ""
        return try await store.db.raw("""
            SELECT p.* FROM persons p JOIN region_closure c ON c.descendant_code = p.region_code
            WHERE c.ancestor_code = \(bind: code.rawValue)\(unitFilter) ORDER BY p.region_code, p.id LIMIT \(bind: limit)
            """).all().map(Self.decodePerson)
    }

    public func posts(of person: Person.ID) async throws -> [Post] {
        try await store.db.select().column("*").from("posts").where("person_id", .equal, person.rawValue)
            .orderBy("valid_from").all().map(Self.decodePost)
    }

    /// Posts held on `date` inside the subtree of `code`, for the people pages.
    public func posts(within code: RegionCode, on date: String) async throws -> [Post] {
        try await store.db.raw("""
            SELECT p.* FROM posts p JOIN region_closure c ON c.descendant_code = p.region_code
            WHERE c.ancestor_code = \(bind: code.rawValue) AND p.valid_from <= \(bind: date)
              AND (p.valid_to IS NULL OR p.valid_to > \(bind: date))
            ORDER BY p.region_code, p.kind, p.id
            """).all().map(Self.decodePost)
    }

    // MARK: selectors

    /// The real units a selector names on a date: "各镇" → every current town government of the county.
    public func expand(_ selector: UnitSelector, county: RegionCode) async throws -> [OrgUnit] {
        switch selector {
        case .unit(let id):
            return try await unit(id).map { [$0] } ?? []
        case .everyTown:
            return try await units(within: county).filter { $0.kind == .townGovernment }
        case .group(let id):
            let ids = Set(try await groups().first { $0.id == id }?.members.map(\.unitID) ?? [])
            return try await units(within: county).filter { ids.contains($0.id) }
        }
    }

    /// The people a selector names on a date: "各镇党委书记" → the secretary of each town.
    public func expand(_ selector: PersonSelector, county: RegionCode, on date: String) async throws -> [(Person, Post)] {
        switch selector {
        case .person(let id):
            guard let p = try await person(id) else { return [] }
            let post = try await posts(of: id).first { $0.validFrom <= date && ($0.validTo ?? "9999") > date }
            return post.map { [(p, $0)] } ?? []
        case .holder(let kind, let unitSelector):
            let units = try await expand(unitSelector, county: county)
            let unitIDs = Set(units.map(\.id))
            let held = try await posts(within: county, on: date).filter { $0.kind == kind && $0.unitID.map(unitIDs.contains) == true }
            let people = try await persons(held.map(\.personID))
            return held.compactMap { post in people[post.personID].map { ($0, post) } }
        }
    }

    static func decodeUnit(_ row: any SQLRow) throws -> OrgUnit {
        let aliases = try row.decode(column: "aliases", as: String.self)
        return OrgUnit(
            id: .init(rawValue: try row.decode(column: "id", as: Int64.self)), name: try row.decode(column: "name", as: String.self),
            aliases: aliases.isEmpty ? [] : aliases.split(separator: "、").map(String.init),
            kind: UnitKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .governmentDepartment,
            regionCode: RegionCode(rawValue: try row.decode(column: "region_code", as: String.self))!)
    }

    static func decodePerson(_ row: any SQLRow) throws -> Person {
        Person(
            id: .init(rawValue: try row.decode(column: "id", as: Int64.self)), name: try row.decode(column: "name", as: String.self),
            phone: try row.decode(column: "phone", as: String?.self),
            unitID: try row.decode(column: "unit_id", as: Int64?.self).map(OrgUnit.ID.init(rawValue:)),
            regionCode: RegionCode(rawValue: try row.decode(column: "region_code", as: String.self))!)
    }

    static func decodePost(_ row: any SQLRow) throws -> Post {
        Post(
            id: .init(rawValue: try row.decode(column: "id", as: Int64.self)),
            personID: .init(rawValue: try row.decode(column: "person_id", as: Int64.self)),
            kind: PostKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .helpCadre,
            title: try row.decode(column: "title", as: String.self),
            unitID: try row.decode(column: "unit_id", as: Int64?.self).map(OrgUnit.ID.init(rawValue:)),
            regionCode: RegionCode(rawValue: try row.decode(column: "region_code", as: String.self))!,
            validFrom: try row.decode(column: "valid_from", as: String.self),
            validTo: try row.decode(column: "valid_to", as: String?.self))
    }
}
