import Foundation
public import JingzhunDomain
import SQLKit

/// 部门筛查 (issue 7 §2): a department's list (低保, 特困, 残疾人, 医疗救助, 临时救助) matched to the register by 身份证号
/// (`DepartmentListMatcher`) and stored as entries of the matched households — household, village and the member's name
/// as the register has them, never the number. Rows whose number is not in the register are not errors: they are
/// reported back (name and masked number) as 未匹配, possible edge households outside the register. One import is one
/// transaction and one audit entry (who, when, which list, how many matched), with no 身份证号 in it.
public struct DepartmentListImporter: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    /// A row whose number is not in the register, as it may be shown: the name and a masked number.
    public struct Unmatched: Sendable, Equatable {
        public var name: String
        /// 6101**********1234
        public var maskedIDNumber: String
        public init(name: String, maskedIDNumber: String) {
            self.name = name
            self.maskedIDNumber = maskedIDNumber
        }
    }

    /// One imported list, as stored (`unmatched` is filled only in the answer to the import itself).
    public struct Batch: Sendable, Equatable, Identifiable {
        public var id: Int64
        public var list: DepartmentList
        public var unit: String
        public var fileName: String
        public var regionCode: RegionCode
        public var rows: Int
        public var matchedMembers: Int
        public var matchedHouseholds: Int
        public var unmatchedCount: Int
        public var importedAt: String
        public var actor: String
        /// Entries under the region a listing was asked for (the whole batch right after an import).
        public var matchedInRegion: Int
        public var unmatched: [Unmatched] = []
    }

    /// A matched entry, for lists on pages.
    public struct StoredEntry: Sendable, Equatable {
        public var householdNumber: String
        public var villageCode: RegionCode
        public var entry: DepartmentListEntry
        public var importedOn: Day
        /// When the list was imported (ISO timestamp), to compare with a case's closure.
        public var importedAt: String
    }

    /// Matches `rows` against the current households under `region` (the county whose list it is) and stores the
    /// matches; `unit` and `list` name the list as a whole.
    public func run(
        _ rows: [DepartmentListRow], list: DepartmentList, unit: String, fileName: String, region: RegionCode, context: ChangeContext
    ) async throws -> Batch {
        let unit = unit.trimmingCharacters(in: .whitespaces)
        guard !unit.isEmpty else { throw StorageError.invalid("请写明报送名单的单位（如 县民政局）") }
        guard !rows.isEmpty else { throw StorageError.invalid("名单“\(fileName)”中没有数据行") }
        let members = try await registerMembers(numbers: rows.map(\.idNumber), within: region)
        let result = DepartmentListMatcher.match(rows, members: members.map(\.member))
        let villages = Dictionary(members.map { ($0.member.householdNumber, $0.village) }, uniquingKeysWith: { a, _ in a })
        let importedAt = ChinaTimeStamp.iso(context.now)
        let importedOn = Day.today(context.now).description
        let matchedMembers = result.matched.values.reduce(0) { $0 + $1.count }
        let unmatched = result.unmatched.map { Unmatched(name: $0.name, maskedIDNumber: PersonalDataMask.idNumber($0.idNumber)) }
        let id = try await store.write { db in
            let id = try await db.insert(into: "department_list_imports")
                .columns("list", "unit", "file_name", "region_code", "row_count", "matched_members", "matched_households", "unmatched",
                         "imported_at", "imported_on", "account_id", "actor")
                .values(SQLBind(list.rawValue), SQLBind(unit), SQLBind(fileName), SQLBind(region.rawValue), SQLBind(rows.count),
                        SQLBind(matchedMembers), SQLBind(result.matched.count), SQLBind(unmatched.count), SQLBind(importedAt),
                        SQLBind(importedOn), SQLBind(context.actorAccountID), SQLBind(context.actor))
                .returning("id").first()!.decode(column: "id", as: Int64.self)
            var values: [[any SQLExpression]] = []
            for (number, entries) in result.matched.sorted(by: { $0.key < $1.key }) {
                guard let village = villages[number] else { continue }
                for e in entries {
                    values.append([
                        SQLBind(id), SQLBind(e.list.rawValue), SQLBind(e.unit), SQLBind(number), SQLBind(village.rawValue), SQLBind(e.memberName),
                        SQLBind(e.since?.description), SQLBind(importedAt), SQLBind(importedOn),
                    ])
                }
            }
            // Nine binds a row: 1,000 rows a statement stays far below PostgreSQL's 65,535 binds.
            for chunk in values.chunked(1_000) {
                try await db.insert(into: "department_list_entries")
                    .columns("import_id", "list", "unit", "household_number", "village_code", "member_name", "since", "imported_at", "imported_on")
                    .rows(Array(chunk)).run()
            }
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "department_list_import", objectID: String(id), regionCode: region,
                changes: [
                    FieldChange(field: "名单", old: nil, new: list.label), FieldChange(field: "报送单位", old: nil, new: unit),
                    FieldChange(field: "文件", old: nil, new: fileName), FieldChange(field: "数据行", old: nil, new: String(rows.count)),
                    FieldChange(field: "匹配", old: nil, new: "\(matchedMembers) 人（\(result.matched.count) 户）"),
                    FieldChange(field: "未匹配", old: nil, new: "\(unmatched.count) 人"),
                ])], context: context, on: db)
            return id
        }
        return Batch(
            id: id, list: list, unit: unit, fileName: fileName, regionCode: region, rows: rows.count, matchedMembers: matchedMembers,
            matchedHouseholds: result.matched.count, unmatchedCount: unmatched.count, importedAt: importedAt, actor: context.actor,
            matchedInRegion: matchedMembers, unmatched: unmatched)
    }

    /// Members of current households under `region` whose 身份证号 is one of `numbers` (either case of the check
    /// character), read 500 numbers a query.
    func registerMembers(numbers: [String], within region: RegionCode) async throws -> [(member: DepartmentListMatcher.Member, village: RegionCode)] {
        var wanted = Set<String>()
        for n in numbers {
            let upper = String(n.filter { !$0.isWhitespace }).uppercased()
            guard !upper.isEmpty else { continue }
            wanted.insert(upper)
            if upper.hasSuffix("X") { wanted.insert(String(upper.dropLast()) + "x") }
        }
        var out: [(member: DepartmentListMatcher.Member, village: RegionCode)] = []
        for chunk in Array(wanted).sorted().chunked() {
            for row in try await store.db.raw("""
                SELECT h.number, h.village_code, m.name, m.id_number FROM members m JOIN households h ON h.id = m.household_id
                WHERE m.id_number IN \(SQLBind.group(Array(chunk))) AND \(RegisterSQL.current) AND \(RegisterSQL.within("h.village_code", region))
                """).all() {
                out.append((
                    DepartmentListMatcher.Member(
                        householdNumber: try row.decode(column: "number", as: String.self), name: try row.decode(column: "name", as: String.self),
                        idNumber: try row.decode(column: "id_number", as: String.self)),
                    RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!
                ))
            }
        }
        return out
    }

    // MARK: reading

    /// Lists imported for `region`'s county (or for counties under it), latest first, each with how many of its
    /// entries fall under `region`. Below the county only the lists with entries there are shown.
    public func batches(within region: RegionCode, limit: Int = 50) async throws -> [Batch] {
        let rows = try await store.db.raw("""
            SELECT i.*, (SELECT COUNT(*) FROM department_list_entries e WHERE e.import_id = i.id
                           AND \(RegisterSQL.within("e.village_code", region))) AS in_region
            FROM department_list_imports i
            WHERE i.region_code IN (SELECT ancestor_code FROM region_closure WHERE descendant_code = \(bind: region.rawValue))
               OR \(RegisterSQL.within("i.region_code", region))
            ORDER BY i.id DESC LIMIT \(bind: limit)
            """).all()
        return try rows.map { row in
            func text(_ c: String) throws -> String { try row.decode(column: c, as: String.self) }
            func int(_ c: String) throws -> Int { try row.decode(column: c, as: Int.self) }
            return Batch(
                id: try row.decode(column: "id", as: Int64.self), list: DepartmentList(rawValue: try text("list")) ?? .dibao, unit: try text("unit"),
                fileName: try text("file_name"), regionCode: RegionCode(rawValue: try text("region_code"))!, rows: try int("row_count"),
                matchedMembers: try int("matched_members"), matchedHouseholds: try int("matched_households"), unmatchedCount: try int("unmatched"),
                importedAt: try text("imported_at"), actor: try text("actor"), matchedInRegion: try int("in_region"))
        }
    }

    /// Matched entries under `region` (or of one household) from lists imported in `from...to`, oldest first.
    public func entries(within region: RegionCode, number: String? = nil, importedFrom from: Day? = nil, to: Day? = nil, limit: Int? = nil)
        async throws -> [StoredEntry]
    {
        var sql: SQLQueryString = "SELECT * FROM department_list_entries WHERE \(RegisterSQL.within("village_code", region))"
        if let number { sql = sql + " AND household_number = \(bind: number)" }
        if let from { sql = sql + " AND imported_on >= \(bind: from.description)" }
        if let to { sql = sql + " AND imported_on <= \(bind: to.description)" }
        sql = sql + (limit == nil ? " ORDER BY id" : " ORDER BY id DESC")
        if let limit { sql = sql + " LIMIT \(bind: limit)" }
        return try await store.db.raw(sql).all().map { row in
            func text(_ c: String) throws -> String { try row.decode(column: c, as: String.self) }
            return StoredEntry(
                householdNumber: try text("household_number"), villageCode: RegionCode(rawValue: try text("village_code"))!,
                entry: DepartmentListEntry(
                    list: DepartmentList(rawValue: try text("list")) ?? .dibao, memberName: try text("member_name"), unit: try text("unit"),
                    since: try row.decode(column: "since", as: String?.self).flatMap(Day.init)),
                importedOn: Day(try text("imported_on")) ?? Day(ordinal: 0), importedAt: try text("imported_at"))
        }
    }
}
