public import JingzhunDomain
import SQLKit

/// The region tree. Subtree questions go through `region_closure`, an indexed table of every
/// (ancestor, descendant) pair, so they are single joins on both engines.
public struct RegionRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct ImportSummary: Sendable, Equatable {
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0) {
            self.created = created
            self.updated = updated
            self.unchanged = unchanged
        }
    }

    /// Creates or updates regions (parents before children), audit-logs each change and rebuilds the
    /// closure, all in one transaction. A child whose parent is neither given nor stored is refused.
    public func upsert(_ regions: [Region], context: ChangeContext) async throws -> ImportSummary {
        try await store.write { db in try await Self.upsert(regions, context: context, on: db) }
    }

    /// Adds one region below an existing parent (a 组 an import names for the first time), with its closure
    /// rows, without rebuilding the whole closure as `upsert` does. The caller audits it.
    static func insertLeaf(_ region: Region, on db: any SQLDatabase) async throws {
        guard let parent = region.parentCode else { throw StorageError.invalid("区划 \(region.code) 缺少上级") }
        try await db.insert(into: "regions").columns("code", "name", "level", "depth", "parent_code", "valid_from", "valid_to")
            .values(SQLBind(region.code.rawValue), SQLBind(region.name), SQLBind(region.level.rawValue), SQLBind(region.level.depth),
                    SQLBind(parent.rawValue), SQLBind(region.validFrom), SQLBind(region.validTo))
            .run()
        try await db.raw("""
            INSERT INTO region_closure (ancestor_code, descendant_code, distance)
            SELECT ancestor_code, \(bind: region.code.rawValue), distance + 1 FROM region_closure WHERE descendant_code = \(bind: parent.rawValue)
            """).run()
        try await db.insert(into: "region_closure").columns("ancestor_code", "descendant_code", "distance")
            .values(SQLBind(region.code.rawValue), SQLBind(region.code.rawValue), SQLBind(0)).run()
    }

    static func upsert(_ regions: [Region], context: ChangeContext, on db: any SQLDatabase) async throws -> ImportSummary {
        var existing: [RegionCode: (Region, Int)] = [:]
        for row in try await db.select().column("*").from("regions").all() {
            let r = try decode(row)
            existing[r.code] = (r, try row.decode(column: "depth", as: Int.self))
        }
        let incoming = Dictionary(regions.map { ($0.code, $0) }, uniquingKeysWith: { _, b in b })
        var depth: [RegionCode: Int] = [:]
        func depthOf(_ code: RegionCode, _ seen: Set<RegionCode> = []) throws -> Int {
            if let d = depth[code] { return d }
            guard let r = incoming[code] ?? existing[code]?.0 else { throw StorageError.invalid("上级区划 \(code) 不存在") }
            guard !seen.contains(code) else { throw StorageError.invalid("区划 \(code) 的上级关系成环") }
            let d = try r.parentCode.map { try depthOf($0, seen.union([code])) + 1 } ?? 0
            depth[code] = d
            return d
        }
        var summary = ImportSummary()
        var audits: [PendingAudit] = []
        let ordered = try regions.map { ($0, try depthOf($0.code)) }.sorted { $0.1 < $1.1 }
        for (region, d) in ordered {
            if let parent = region.parentCode, let parentLevel = (incoming[parent] ?? existing[parent]?.0)?.level,
                parentLevel >= region.level {
                throw StorageError.invalid("\(region.code) \(region.name)：\(region.level.label)级不能挂在\(parentLevel.label)级下")
            }
            if let (old, _) = existing[region.code] {
                guard let audit = PendingAudit.of(old: old, new: region) else { summary.unchanged += 1; continue }
                try await db.update("regions")
                    .set("name", to: region.name).set("level", to: region.level.rawValue).set("depth", to: d)
                    .set("parent_code", to: region.parentCode?.rawValue).set("valid_from", to: region.validFrom)
                    .set("valid_to", to: region.validTo)
                    .where("code", .equal, region.code.rawValue).run()
                audits.append(audit)
                summary.updated += 1
            } else {
                try await db.insert(into: "regions")
                    .columns("code", "name", "level", "depth", "parent_code", "valid_from", "valid_to")
                    .values(SQLBind(region.code.rawValue), SQLBind(region.name), SQLBind(region.level.rawValue), SQLBind(d),
                            SQLBind(region.parentCode?.rawValue), SQLBind(region.validFrom), SQLBind(region.validTo))
                    .run()
                audits.append(PendingAudit.of(old: nil, new: region)!)
                summary.created += 1
            }
        }
        try await AuditLog.record(audits, context: context, on: db)
        if summary.created + summary.updated > 0 { try await rebuildClosure(on: db) }
        return summary
    }

    /// Set-based, one statement per depth: no per-row walking.
    static func rebuildClosure(on db: any SQLDatabase) async throws {
        try await db.delete(from: "region_closure").run()
        try await db.raw("INSERT INTO region_closure (ancestor_code, descendant_code, distance) SELECT code, code, 0 FROM regions").run()
        let maxDepth = try await db.raw("SELECT COALESCE(MAX(depth), 0) AS d FROM regions").first()?.decode(column: "d", as: Int.self) ?? 0
        if maxDepth == 0 { return }
        for d in 1...maxDepth {
            try await db.raw("""
                INSERT INTO region_closure (ancestor_code, descendant_code, distance)
                SELECT c.ancestor_code, r.code, c.distance + 1
                FROM regions r JOIN region_closure c ON c.descendant_code = r.parent_code
                WHERE r.depth = \(bind: d)
                """).run()
        }
    }

    /// A merger (村改合并): the old villages close on `date` and the new one opens under `parent`;
    /// the old names are kept as aliases of the new village so old documents still resolve.
    public func merge(_ oldCodes: [RegionCode], into new: Region, on date: String, context: ChangeContext) async throws {
        try await store.write { db in
            var updated: [Region] = []
            for code in oldCodes {
                guard var old = try await Self.find(code, on: db) else { throw StorageError.notFound("区划 \(code)") }
                old.validTo = date
                updated.append(old)
            }
            var created = new
            created.validFrom = date
            _ = try await Self.upsert(updated + [created], context: context, on: db)
            for old in updated where old.shortName != created.shortName {
                try await db.insert(into: "region_aliases").columns("code", "alias")
                    .values(SQLBind(created.code.rawValue), SQLBind(old.shortName))
                    .ignoringConflicts(with: ["code", "alias"]).run()
            }
        }
    }

    public func find(_ code: RegionCode) async throws -> Region? { try await Self.find(code, on: store.db) }

    static func find(_ code: RegionCode, on db: any SQLDatabase) async throws -> Region? {
        try await db.select().column("*").from("regions").where("code", .equal, code.rawValue).first().map(decode)
    }

    /// The region with its ancestors, root first.
    public func path(_ code: RegionCode) async throws -> RegionPath? {
        let rows = try await store.db.raw("""
            SELECT r.* FROM region_closure c JOIN regions r ON r.code = c.ancestor_code
            WHERE c.descendant_code = \(bind: code.rawValue) ORDER BY c.distance DESC
            """).all()
        let chain = try rows.map(Self.decode)
        guard let last = chain.last, last.code == code else { return nil }
        return RegionPath(region: last, ancestors: Array(chain.dropLast()))
    }

    /// The paths of many regions in one query over the closure table (a chunk per thousand codes): each region with its
    /// ancestors, root first; codes the register lacks are left out.
    public func paths(_ codes: [RegionCode]) async throws -> [RegionCode: RegionPath] {
        var chains: [RegionCode: [Region]] = [:]
        for chunk in Array(Set(codes.map(\.rawValue))).sorted().chunked() {
            let rows = try await store.db.raw("""
                SELECT c.descendant_code AS of_code, r.* FROM region_closure c JOIN regions r ON r.code = c.ancestor_code
                WHERE c.descendant_code IN (\(binds: Array(chunk))) ORDER BY c.descendant_code, c.distance DESC
                """).all()
            for row in rows {
                guard let of = RegionCode(rawValue: try row.decode(column: "of_code", as: String.self)) else { continue }
                chains[of, default: []].append(try Self.decode(row))
            }
        }
        var out: [RegionCode: RegionPath] = [:]
        for (code, chain) in chains {
            guard let last = chain.last, last.code == code else { continue }
            out[code] = RegionPath(region: last, ancestors: Array(chain.dropLast()))
        }
        return out
    }

    public func children(of code: RegionCode, includeHistoric: Bool = false) async throws -> [Region] {
        var q = store.db.select().column("*").from("regions").where("parent_code", .equal, code.rawValue)
        if !includeHistoric { q = q.where("valid_to", .is, SQLLiteral.null) }
        return try await q.orderBy("code").all().map(Self.decode)
    }

    /// Every current region of `level` inside the subtree of `code` (e.g. all villages under a town).
    public func descendants(of code: RegionCode, level: RegionLevel, includeHistoric: Bool = false) async throws -> [Region] {
        let historic: SQLQueryString = includeHistoric ? "" : " AND r.valid_to IS NULL"
        return try await store.db.raw("""
            SELECT r.* FROM region_closure c JOIN regions r ON r.code = c.descendant_code
            WHERE c.ancestor_code = \(bind: code.rawValue) AND r.level = \(bind: level.rawValue)\(historic) ORDER BY r.code
            """).all().map(Self.decode)
    }

    public func isWithin(_ code: RegionCode, ancestor: RegionCode) async throws -> Bool {
        try await store.db.select().column("distance").from("region_closure")
            .where("ancestor_code", .equal, ancestor.rawValue).where("descendant_code", .equal, code.rawValue)
            .first() != nil
    }

    public func aliases(of code: RegionCode) async throws -> [String] {
        try await store.db.select().column("alias").from("region_aliases").where("code", .equal, code.rawValue)
            .orderBy("alias").all().map { try $0.decode(column: "alias", as: String.self) }
    }

    /// Counts under each child of `code`, for the tree browser.
    public struct ChildSummary: Sendable, Equatable {
        public var region: Region
        public var villages: Int
        public var poorVillages: Int
        public var households: Int
        public var people: Int
        public var poorHouseholds: Int
    }

    public func childSummaries(of code: RegionCode) async throws -> [ChildSummary] {
        let kids = try await children(of: code)
        var register: [String: (Int, Int, Int)] = [:]
        for row in try await store.db.raw("""
            SELECT c.ancestor_code AS code, COUNT(*) AS households, COALESCE(SUM(h.size), 0) AS people,
                   SUM(CASE WHEN h.status IN ('poor', 'returned') THEN 1 ELSE 0 END) AS poor
            FROM households h
            JOIN region_closure c ON c.descendant_code = h.region_code
            JOIN regions r ON r.code = c.ancestor_code
            WHERE r.parent_code = \(bind: code.rawValue) AND h.merged_into_id IS NULL
            GROUP BY c.ancestor_code
            """).all() {
            register[try row.decode(column: "code", as: String.self)] = (
                try row.decode(column: "households", as: Int.self), try row.decode(column: "people", as: Int.self),
                try row.decode(column: "poor", as: Int.self)
            )
        }
        var villages: [String: (Int, Int)] = [:]
        for row in try await store.db.raw("""
            SELECT c.ancestor_code AS code, COUNT(*) AS villages,
                   SUM(CASE WHEN p.is_poor_village = \(bind: true) THEN 1 ELSE 0 END) AS poor
            FROM regions v
            JOIN region_closure c ON c.descendant_code = v.code
            JOIN regions r ON r.code = c.ancestor_code
            LEFT JOIN village_profiles p ON p.code = v.code
            WHERE r.parent_code = \(bind: code.rawValue) AND v.level = 'village' AND v.valid_to IS NULL
            GROUP BY c.ancestor_code
            """).all() {
            villages[try row.decode(column: "code", as: String.self)] = (
                try row.decode(column: "villages", as: Int.self), try row.decode(column: "poor", as: Int?.self) ?? 0
            )
        }
        return kids.map { r in
            let reg = register[r.code.rawValue] ?? (0, 0, 0)
            let vil = villages[r.code.rawValue] ?? (0, 0)
            return ChildSummary(region: r, villages: vil.0, poorVillages: vil.1, households: reg.0, people: reg.1, poorHouseholds: reg.2)
        }
    }

    /// The topmost current county, for the default home of county-scoped users.
    public func counties() async throws -> [Region] {
        try await store.db.select().column("*").from("regions").where("level", .equal, RegionLevel.county.rawValue)
            .where("valid_to", .is, SQLLiteral.null).orderBy("code").all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> Region {
        let code = try row.decode(column: "code", as: String.self)
        let level = try row.decode(column: "level", as: String.self)
        return Region(
            code: RegionCode(rawValue: code)!, name: try row.decode(column: "name", as: String.self),
            level: RegionLevel(rawValue: level) ?? .village,
            parentCode: try row.decode(column: "parent_code", as: String?.self).flatMap(RegionCode.init(rawValue:)),
            validFrom: try row.decode(column: "valid_from", as: String.self),
            validTo: try row.decode(column: "valid_to", as: String?.self))
    }
}
