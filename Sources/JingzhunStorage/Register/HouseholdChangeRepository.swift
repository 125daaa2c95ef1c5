import Foundation
public import JingzhunDomain
import SQLKit

/// Proposing, listing and deciding household change requests. Approval applies the change to the
/// register in the same transaction, with an audit entry for the request and for every record it touches.
/// A household absorbed by a 合户 takes no further requests.
public struct HouseholdChangeRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public func propose(household number: String, detail: HouseholdChangeDetail, reason: String, context: ChangeContext) async throws -> HouseholdChangeRequest {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StorageError.invalid("请填写变更原因") }
        let json = String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
        return try await store.write { db in
            guard let row = try await db.select().column("village_code").from("households").where("number", .equal, number).first() else {
                throw StorageError.notFound("户 \(number)")
            }
            let village = RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!
            try await Self.validate(detail, household: number, on: db)
            let at = ChinaTime.isoUTC(context.now)
            let id = try await db.insert(into: "household_changes")
                .columns("kind", "household_number", "village_code", "detail", "reason", "state", "proposed_by", "proposed_by_account", "proposed_at")
                .values(SQLBind(detail.kind.rawValue), SQLBind(number), SQLBind(village.rawValue), SQLBind(json), SQLBind(reason),
                        SQLBind(HouseholdChangeState.proposed.rawValue), SQLBind(context.actor), SQLBind(context.actorAccountID), SQLBind(at))
                .returning("id").first()!.decode(column: "id", as: Int64.self)
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "household_change", objectID: String(id), regionCode: village,
                changes: [FieldChange(field: "户", old: nil, new: number), FieldChange(field: "变更", old: nil, new: detail.summary),
                          FieldChange(field: "原因", old: nil, new: reason)])], context: context, on: db)
            return HouseholdChangeRequest(
                id: .init(rawValue: id), householdNumber: number, villageCode: village, detail: detail, reason: reason, state: .proposed,
                proposedBy: context.actor, proposedByAccount: context.actorAccountID, proposedAt: at)
        }
    }

    /// Checks a request against the register as it stands, so a bad request is refused when proposed (and
    /// again when approved: `request` is the one being decided, not counted as a rival).
    static func validate(_ detail: HouseholdChangeDetail, household: String, request: HouseholdChangeRequest.ID? = nil,
                         on db: any SQLDatabase) async throws {
        guard let target = try await db.select().column("village_code").column("merged_into_id").from("households")
            .where("number", .equal, household).first() else { throw StorageError.notFound("户 \(household)") }
        let village = try target.decode(column: "village_code", as: String.self)
        if try target.decode(column: "merged_into_id", as: Int64?.self) != nil {
            throw StorageError.conflict("户 \(household) 已合户并入其他户，不能再提出变更")
        }
        if let into = try await pendingMerge(absorbing: household, village: village, except: request, on: db) {
            throw StorageError.conflict("户 \(household) 正等待合户并入户 \(into)，请先审核该申请")
        }
        let members = try await db.raw("""
            SELECT m.id_number FROM members m JOIN households h ON h.id = m.household_id WHERE h.number = \(bind: household)
            """).all().map { try $0.decode(column: "id_number", as: String.self) }
        switch detail {
        case .addMember(let m):
            guard IDNumberFormat.looksValid(m.idNumber), DateText.normalise(m.birthDate) != nil, !m.name.isEmpty else {
                throw StorageError.invalid("新成员的姓名、身份证号或出生日期不正确")
            }
            if try await db.select().column("id").from("members").where("id_number", .equal, m.idNumber.uppercased()).first() != nil {
                throw StorageError.conflict("此身份证号已登记在册")
            }
        case .removeMember(let id), .headChange(let id):
            guard members.contains(id.uppercased()) else { throw StorageError.invalid("该户没有这个身份证号的成员") }
        case .move(let code):
            guard let region = try await RegionRepository.find(code, on: db), region.level >= .village, region.isCurrent else {
                throw StorageError.invalid("迁入地应为现有的村或组")
            }
        case .split(let ids, let newNumber):
            guard !ids.isEmpty, ids.allSatisfy({ members.contains($0.uppercased()) }), ids.count < members.count else {
                throw StorageError.invalid("分出的成员须是本户成员，且不能是全部成员")
            }
            if try await db.select().column("id").from("households").where("number", .equal, newNumber).first() != nil {
                throw StorageError.conflict("户编号 \(newNumber) 已存在")
            }
        case .merge(let absorbed):
            guard absorbed != household else { throw StorageError.invalid("不能与本户合户，请填写另一户的户编号") }
            guard let other = try await db.select().column("village_code").column("merged_into_id").from("households")
                .where("number", .equal, absorbed).first() else { throw StorageError.notFound("户编号 \(absorbed) 不存在") }
            guard try other.decode(column: "village_code", as: String.self) == village else {
                throw StorageError.invalid("户 \(absorbed) 不在本村，只能合并同村的户")
            }
            if try other.decode(column: "merged_into_id", as: Int64?.self) != nil {
                throw StorageError.conflict("户 \(absorbed) 已合户并入其他户，不能再次合并")
            }
            if try await db.select().column("id").from("household_changes").where("household_number", .equal, absorbed)
                .where("state", .equal, HouseholdChangeState.proposed.rawValue).first() != nil {
                throw StorageError.conflict("户 \(absorbed) 有待审核的变更申请，请先处理后再合户")
            }
            if let into = try await pendingMerge(absorbing: absorbed, village: village, except: request, on: db) {
                throw StorageError.conflict("户 \(absorbed) 已在并入户 \(into) 的合户申请中")
            }
        }
    }

    /// The household a pending 合户 request would merge `number` into, if any. Merges stay inside one
    /// village, so only that village's pending merges are read.
    static func pendingMerge(absorbing number: String, village: String, except request: HouseholdChangeRequest.ID?,
                             on db: any SQLDatabase) async throws -> String? {
        let rows = try await db.select().column("*").from("household_changes").where("village_code", .equal, village)
            .where("kind", .equal, HouseholdChangeKind.merge.rawValue).where("state", .equal, HouseholdChangeState.proposed.rawValue)
            .orderBy("id").all()
        for pending in try rows.map(Self.decode) where pending.id != request {
            if case .merge(let absorbed) = pending.detail, absorbed == number { return pending.householdNumber }
        }
        return nil
    }

    /// Requests inside a region subtree, pending first, newest first; with `pairedTo`, only those about
    /// households paired with that person (a 帮扶干部's view).
    public func list(within code: RegionCode, pairedTo person: Person.ID? = nil, limit: Int = 200) async throws -> [HouseholdChangeRequest] {
        let pairing: SQLQueryString = person.map {
            " AND household_number IN (SELECT h.number FROM households h JOIN household_pairings p ON p.household_id = h.id WHERE p.person_id = \(bind: $0.rawValue) AND p.valid_to IS NULL)"
        } ?? ""
        return try await store.db.raw("""
            SELECT * FROM household_changes WHERE \(RegisterSQL.within("village_code", code))
            """ + pairing + " ORDER BY CASE WHEN state = 'proposed' THEN 0 ELSE 1 END, id DESC LIMIT \(bind: limit)").all().map(Self.decode)
    }

    public func find(_ id: HouseholdChangeRequest.ID) async throws -> HouseholdChangeRequest? {
        try await store.db.select().column("*").from("household_changes").where("id", .equal, id.rawValue).first().map(Self.decode)
    }

    /// Approves (and applies) or rejects a pending request.
    public func decide(_ id: HouseholdChangeRequest.ID, approve: Bool, note: String?, context: ChangeContext) async throws {
        try await store.write { db in
            guard let row = try await db.select().column("*").from("household_changes").where("id", .equal, id.rawValue).first() else {
                throw StorageError.notFound("变更申请 \(id)")
            }
            let request = try Self.decode(row)
            guard request.state == .proposed else { throw StorageError.conflict("该申请已处理") }
            if request.proposedByAccount != nil, request.proposedByAccount == context.actorAccountID {
                throw StorageError.invalid("不能审核自己提出的变更")
            }
            if approve {
                try await Self.validate(request.detail, household: request.householdNumber, request: request.id, on: db)
                try await Self.apply(request, context: context, on: db)
            }
            let state: HouseholdChangeState = approve ? .approved : .rejected
            try await db.update("household_changes").set("state", to: state.rawValue).set("decided_by", to: context.actor)
                .set("decided_at", to: ChinaTime.isoUTC(context.now)).set("note", to: note).where("id", .equal, id.rawValue).run()
            try await AuditLog.record([PendingAudit(
                action: .update, objectType: "household_change", objectID: id.description, regionCode: request.villageCode,
                changes: [FieldChange(field: "状态", old: HouseholdChangeState.proposed.label, new: state.label)]
                    + (note.map { [FieldChange(field: "审核意见", old: nil, new: $0)] } ?? []))], context: context, on: db)
        }
    }

    static func apply(_ r: HouseholdChangeRequest, context: ChangeContext, on db: any SQLDatabase) async throws {
        guard let h = try await db.select().column("id").column("region_code").column("size").from("households")
            .where("number", .equal, r.householdNumber).first() else { throw StorageError.notFound("户 \(r.householdNumber)") }
        let householdID = try h.decode(column: "id", as: Int64.self)
        let region = RegionCode(rawValue: try h.decode(column: "region_code", as: String.self))!
        var audits: [PendingAudit] = []
        func resize(_ id: Int64, by delta: Int) async throws {
            try await db.raw("UPDATE households SET size = size + \(bind: delta) WHERE id = \(bind: id)").run()
            try await db.raw("""
                UPDATE household_years SET size = size + \(bind: delta)
                WHERE household_id = \(bind: id) AND year = (SELECT MAX(year) FROM household_years WHERE household_id = \(bind: id))
                """).run()
        }
        switch r.detail {
        case .addMember(let m):
            var record = m
            record.householdNumber = r.householdNumber
            try await db.insert(into: "members").columns(RegisterWriter.memberColumns)
                .values(RegisterWriter.values(record, household: householdID, region: region).map(\.sql)).run()
            try await resize(householdID, by: 1)
            audits.append(PendingAudit(action: .create, objectType: "member", objectID: "\(r.householdNumber)/\(m.name)", regionCode: region,
                                       changes: [FieldChange(field: "增员", old: nil, new: r.detail.summary)]))
        case .removeMember(let id):
            try await remove([id.uppercased()], from: r, on: db, at: context.now)
            try await resize(householdID, by: -1)
            audits.append(PendingAudit(action: .delete, objectType: "member", objectID: r.householdNumber, regionCode: region,
                                       changes: [FieldChange(field: "减员", old: PersonalDataMask.idNumber(id), new: nil)]))
        case .headChange(let id):
            let newHead = try await db.select().column("name").from("members").where("id_number", .equal, id.uppercased()).first()!
                .decode(column: "name", as: String.self)
            let old = try await db.select().column("head_name").from("households").where("id", .equal, householdID).first()!
                .decode(column: "head_name", as: String.self)
            try await db.update("members").set("relation", to: Relation.other.rawValue)
                .where("household_id", .equal, householdID).where("relation", .equal, Relation.head.rawValue).run()
            try await db.update("members").set("relation", to: Relation.head.rawValue).where("id_number", .equal, id.uppercased()).run()
            try await db.update("households").set("head_name", to: newHead).set("head_id_number", to: id.uppercased())
                .where("id", .equal, householdID).run()
            audits.append(PendingAudit(action: .update, objectType: "household", objectID: r.householdNumber, regionCode: region,
                                       changes: [FieldChange(field: "户主姓名", old: old, new: newHead)]))
        case .move(let to):
            let target = try await RegionRepository.find(to, on: db)!
            let village = target.level == .village ? to : target.parentCode!
            try await db.update("households").set("region_code", to: to.rawValue).set("village_code", to: village.rawValue)
                .where("id", .equal, householdID).run()
            try await db.update("members").set("region_code", to: to.rawValue).where("household_id", .equal, householdID).run()
            audits.append(PendingAudit(action: .update, objectType: "household", objectID: r.householdNumber, regionCode: to,
                                       changes: [FieldChange(field: "区划", old: region.rawValue, new: to.rawValue)]))
        case .split(let ids, let newNumber):
            // The new household copies the old one's fields and latest figures; the named members move to it.
            let upper = ids.map { $0.uppercased() }
            try await db.raw("""
                INSERT INTO households (number, region_code, village_code, head_name, size, status, first_identified_year, exit_year,
                    head_id_number, phone, bank_name, bank_account, standard, attribute, main_cause, other_causes, housing_security,
                    water_quantity_ok, water_quality_ok, water_convenient, water_guarantee_ok, electricity, data_year)
                SELECT \(bind: newNumber), region_code, village_code, head_name, \(bind: upper.count), status, first_identified_year, exit_year,
                    NULL, NULL, NULL, NULL, standard, attribute, main_cause, other_causes, housing_security,
                    water_quantity_ok, water_quality_ok, water_convenient, water_guarantee_ok, electricity, data_year
                FROM households WHERE id = \(bind: householdID)
                """).run()
            let newID = try await db.select().column("id").from("households").where("number", .equal, newNumber).first()!
                .decode(column: "id", as: Int64.self)
            try await db.raw("""
                INSERT INTO household_years (household_id, year, status, exit_year, size, wage_fen, production_fen, property_fen,
                    transfer_fen, production_cost_fen, housing_grade, water_safe)
                SELECT \(bind: newID), year, status, exit_year, \(bind: upper.count), 0, 0, 0, 0, 0, housing_grade, water_safe
                FROM household_years WHERE household_id = \(bind: householdID)
                  AND year = (SELECT MAX(year) FROM household_years WHERE household_id = \(bind: householdID))
                """).run()
            try await db.update("members").set("household_id", to: newID).where("id_number", .in, upper).run()
            let head = try await db.select().column("name").column("id_number").from("members").where("id_number", .equal, upper[0]).first()!
            try await db.update("members").set("relation", to: Relation.head.rawValue).where("id_number", .equal, upper[0]).run()
            try await db.update("households").set("head_name", to: try head.decode(column: "name", as: String.self))
                .set("head_id_number", to: upper[0]).where("id", .equal, newID).run()
            try await resize(householdID, by: -upper.count)
            audits.append(PendingAudit(action: .create, objectType: "household", objectID: newNumber, regionCode: region,
                                       changes: [FieldChange(field: "分户自", old: nil, new: r.householdNumber),
                                                 FieldChange(field: "人口", old: nil, new: String(upper.count))]))
        case .merge(let absorbedNumber):
            audits += try await merge(absorbedNumber, into: r.householdNumber, id: householdID, region: region, context: context, on: db)
        }
        try await AuditLog.record(audits, context: context, on: db)
    }

    /// 合户: every member of the absorbed household moves here (with this household's 组), the 家庭人口数
    /// of this household's current year becomes its member count, the absorbed household is marked as
    /// merged (kept, with its years, for history) and its open 帮扶 pairings end. The absorbed head is
    /// no longer a 户主 here and becomes 其他; the other members keep their recorded relation.
    static func merge(_ absorbedNumber: String, into number: String, id householdID: Int64, region: RegionCode,
                      context: ChangeContext, on db: any SQLDatabase) async throws -> [PendingAudit] {
        guard let other = try await db.select().column("id").column("region_code").from("households")
            .where("number", .equal, absorbedNumber).first() else { throw StorageError.notFound("户 \(absorbedNumber)") }
        let otherID = try other.decode(column: "id", as: Int64.self)
        let otherRegion = RegionCode(rawValue: try other.decode(column: "region_code", as: String.self))!
        let moving = try await db.select().column("name").column("relation").from("members").where("household_id", .equal, otherID)
            .orderBy("id").all().map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "relation", as: String.self)) }
        let oldSize = try await db.raw("""
            SELECT size FROM household_years WHERE household_id = \(bind: householdID) ORDER BY year DESC LIMIT 1
            """).first()?.decode(column: "size", as: Int.self)
        try await db.update("members").set("relation", to: Relation.other.rawValue)
            .where("household_id", .equal, otherID).where("relation", .equal, Relation.head.rawValue).run()
        try await db.update("members").set("household_id", to: householdID).set("region_code", to: region.rawValue)
            .where("household_id", .equal, otherID).run()
        let newSize = try await db.raw("SELECT COUNT(*) AS n FROM members WHERE household_id = \(bind: householdID)").first()!
            .decode(column: "n", as: Int.self)
        try await db.update("households").set("size", to: newSize).where("id", .equal, householdID).run()
        try await db.raw("""
            UPDATE household_years SET size = \(bind: newSize)
            WHERE household_id = \(bind: householdID) AND year = (SELECT MAX(year) FROM household_years WHERE household_id = \(bind: householdID))
            """).run()
        try await db.update("households").set("merged_into_id", to: householdID).where("id", .equal, otherID).run()
        let today = ChinaTime.day(context.now)
        let pairings = try await db.select().column("person_id").from("household_pairings").where("household_id", .equal, otherID)
            .where("valid_to", .is, SQLLiteral.null).orderBy("person_id").all().map { try $0.decode(column: "person_id", as: Int64.self) }
        try await db.update("household_pairings").set("valid_to", to: today).where("household_id", .equal, otherID)
            .where("valid_to", .is, SQLLiteral.null).run()

        var audits = [
            PendingAudit(action: .update, objectType: "household", objectID: number, regionCode: region, changes: [
                FieldChange(field: "家庭人口数", old: oldSize.map(String.init), new: String(newSize)),
                FieldChange(field: "合户并入", old: nil, new: "户 \(absorbedNumber)（\(moving.count) 人）"),
            ]),
            PendingAudit(action: .update, objectType: "household", objectID: absorbedNumber, regionCode: otherRegion, changes: [
                FieldChange(field: "合户", old: nil, new: "并入户 \(number)"),
                FieldChange(field: "家庭成员", old: "\(moving.count) 人", new: "0 人（已并入户 \(number)）"),
            ]),
        ]
        for (name, relation) in moving {
            var changes = [FieldChange(field: "户编号", old: absorbedNumber, new: number)]
            if otherRegion != region { changes.append(FieldChange(field: "区划", old: otherRegion.rawValue, new: region.rawValue)) }
            if relation == Relation.head.rawValue { changes.append(FieldChange(field: "与户主关系", old: Relation.head.label, new: Relation.other.label)) }
            audits.append(PendingAudit(action: .update, objectType: "member", objectID: "\(number)/\(name)", regionCode: region, changes: changes))
        }
        for person in pairings {
            audits.append(PendingAudit(action: .update, objectType: "pairing", objectID: absorbedNumber, regionCode: otherRegion, changes: [
                FieldChange(field: "帮扶干部", old: String(person), new: nil), FieldChange(field: "结束日期", old: nil, new: today),
            ]))
        }
        return audits
    }

    /// Members leaving the register are kept in `removed_members` (masked audit aside), never just deleted.
    static func remove(_ ids: [String], from r: HouseholdChangeRequest, on db: any SQLDatabase, at now: Date) async throws {
        for row in try await db.raw(RegisterReader.memberSelect + " WHERE m.id_number IN \(SQLBind.group(ids))").all() {
            let m = try RegisterReader.decodeMember(row)
            let json = String(decoding: try JSONEncoder().encode(RegisterRowFormatter.member(m, masked: false)), as: UTF8.self)
            try await db.insert(into: "removed_members")
                .columns("member_id", "household_number", "region_code", "name", "id_number", "record", "removed_at", "change_id")
                .values(SQLBind(try row.decode(column: "id", as: Int64.self)), SQLBind(m.householdNumber),
                        SQLBind(try row.decode(column: "region_code", as: String.self)), SQLBind(m.name), SQLBind(m.idNumber), SQLBind(json),
                        SQLBind(ChinaTime.isoUTC(now)), SQLBind(r.id.rawValue)).run()
        }
        try await db.delete(from: "members").where("id_number", .in, ids).run()
    }

    static func decode(_ row: any SQLRow) throws -> HouseholdChangeRequest {
        let detail = try JSONDecoder().decode(HouseholdChangeDetail.self, from: Data(try row.decode(column: "detail", as: String.self).utf8))
        return HouseholdChangeRequest(
            id: .init(rawValue: try row.decode(column: "id", as: Int64.self)), householdNumber: try row.decode(column: "household_number", as: String.self),
            villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!, detail: detail,
            reason: try row.decode(column: "reason", as: String.self),
            state: HouseholdChangeState(rawValue: try row.decode(column: "state", as: String.self)) ?? .proposed,
            proposedBy: try row.decode(column: "proposed_by", as: String.self),
            proposedByAccount: try row.decode(column: "proposed_by_account", as: Int64?.self),
            proposedAt: try row.decode(column: "proposed_at", as: String.self), decidedBy: try row.decode(column: "decided_by", as: String?.self),
            decidedAt: try row.decode(column: "decided_at", as: String?.self), note: try row.decode(column: "note", as: String?.self))
    }
}
