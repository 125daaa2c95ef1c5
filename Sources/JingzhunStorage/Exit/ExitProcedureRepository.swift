public import Foundation
public import JingzhunDomain
import SQLKit

/// Household exit procedures (issue 5 §7), one per household and exit year. Each step goes through
/// `ExitProcedure.apply`, which refuses out-of-order dates, a household that fails the standard now, and one
/// identified in its exit year; each recorded step is audit-logged.
public struct ExitProcedureRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Stored: Sendable, Equatable {
        public var record: ExitProcedureRecord
        public var villageCode: RegionCode
    }

    public func record(household number: String, exitYear: Int) async throws -> ExitProcedureRecord? {
        try await store.db.select().column("*").from("exit_procedures").where("household_number", .equal, number)
            .where("exit_year", .equal, exitYear).first().map { try Self.decode($0).record }
    }

    public func records(household number: String) async throws -> [ExitProcedureRecord] {
        try await store.db.select().column("*").from("exit_procedures").where("household_number", .equal, number)
            .orderBy("exit_year").all().map { try Self.decode($0).record }
    }

    public func records(within code: RegionCode, exitYear: Int? = nil) async throws -> [Stored] {
        let year: SQLQueryString = exitYear.map { " AND exit_year = \(bind: $0)" } ?? ""
        return try await store.db.raw("""
            SELECT * FROM exit_procedures
            WHERE village_code IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = \(bind: code.rawValue))
            """ + year + " ORDER BY village_code, household_number").all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> Stored {
        func d(_ c: String) throws -> String? { try row.decode(column: c, as: String?.self) }
        return Stored(record: ExitProcedureRecord(
            householdNumber: try row.decode(column: "household_number", as: String.self),
            firstIdentifiedYear: try row.decode(column: "first_identified_year", as: Int.self),
            exitYear: try row.decode(column: "exit_year", as: Int.self), applied: try d("applied"), appraised: try d("appraised"),
            verified: try d("verified"), signed: try d("signed"), signerName: try d("signer_name"), noticeStarted: try d("notice_started"),
            noticeEnds: try d("notice_ends"), announced: try d("announced"), struckOff: try d("struck_off")),
            villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!)
    }

    /// Records the next step for a household's exit in `exitYear`, judged against `standardKey` on the
    /// register's figures for that year.
    @discardableResult
    public func apply(_ event: ExitEvent, household number: String, exitYear: Int, standardKey: String,
                      context: ChangeContext) async throws -> ExitProcedureRecord {
        guard let row = try await store.db.select().column("id").column("village_code").column("first_identified_year").column("merged_into_id")
            .from("households").where("number", .equal, number).first()
        else { throw StorageError.notFound("户编号 \(number)") }
        if try row.decode(column: "merged_into_id", as: Int64?.self) != nil {
            throw StorageError.conflict("户 \(number) 已合户并入其他户，退出程序请在合并后的户办理")
        }
        let householdID = try row.decode(column: "id", as: Int64.self)
        let village = RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!
        let firstYear = try row.decode(column: "first_identified_year", as: Int.self)
        guard let assessment = try await ExitAssessor(store: store).assessHousehold(number, village: village, standardKey: standardKey, year: exitYear) else {
            throw StorageError.notFound("户 \(number) 在 \(exitYear) 年没有收入等数据，无法评估")
        }
        let old = try await record(household: number, exitYear: exitYear)
        let config = try await ExitStandardRepository(store: store).procedureConfig(year: exitYear)
        let current = old ?? ExitProcedureRecord(householdNumber: number, firstIdentifiedYear: firstYear, exitYear: exitYear)
        let updated: ExitProcedureRecord
        do { updated = try ExitProcedure.apply(event, to: current, assessment: assessment, config: config) } catch {
            throw StorageError.invalid(error.message)
        }
        let r = updated
        try await store.write { db in
            let values: [(String, String?)] = [
                ("applied", r.applied), ("appraised", r.appraised), ("verified", r.verified), ("signed", r.signed), ("signer_name", r.signerName),
                ("notice_started", r.noticeStarted), ("notice_ends", r.noticeEnds), ("announced", r.announced), ("struck_off", r.struckOff),
            ]
            if old == nil {
                try await db.insert(into: "exit_procedures")
                    .columns(["household_id", "exit_year", "household_number", "village_code", "first_identified_year", "updated_at"] + values.map(\.0))
                    .values([SQLBind(householdID), SQLBind(exitYear), SQLBind(number), SQLBind(village.rawValue), SQLBind(firstYear),
                             SQLBind(ChinaTimeStamp.iso(context.now))] + values.map { SQLBind($0.1) })
                    .run()
            } else {
                var u = db.update("exit_procedures").set("updated_at", to: ChinaTimeStamp.iso(context.now))
                for (column, value) in values { u = u.set(column, to: value) }
                try await u.where("household_id", .equal, householdID).where("exit_year", .equal, exitYear).run()
            }
            var changes = [FieldChange(field: event.step.label, old: nil, new: event.date)]
            if case .sign(_, let signer) = event { changes.append(FieldChange(field: "签字人", old: nil, new: signer)) }
            if case .startNotice(_, let ends) = event { changes.append(FieldChange(field: "公示截止", old: nil, new: ends)) }
            try await AuditLog.record([PendingAudit(action: old == nil ? .create : .update, objectType: "exit_procedure",
                                                    objectID: "\(number)/\(exitYear)", regionCode: village, changes: changes)],
                                      context: context, on: db)
        }
        return updated
    }

    /// Existing records with date-logic errors (inspectors' defects, DOMAIN.md §4), for a check report.
    public func problems(within code: RegionCode) async throws -> [(record: ExitProcedureRecord, village: RegionCode, problems: [String])] {
        var out: [(ExitProcedureRecord, RegionCode, [String])] = []
        let standards = ExitStandardRepository(store: store)
        var configs: [Int: ExitProcedureConfig] = [:]
        for stored in try await records(within: code) {
            let year = stored.record.exitYear
            if configs[year] == nil { configs[year] = try await standards.procedureConfig(year: year) }
            let found = ExitProcedureCheck.problems(stored.record, config: configs[year]!)
            if !found.isEmpty { out.append((stored.record, stored.villageCode, found)) }
        }
        return out
    }

    /// For demo data and migrations of old ledgers: stores a record as it stands, without step checks, so the
    /// check can find what is wrong in it.
    public func importRecord(_ r: ExitProcedureRecord, context: ChangeContext) async throws {
        guard let row = try await store.db.select().column("id").column("village_code").from("households")
            .where("number", .equal, r.householdNumber).first()
        else { throw StorageError.notFound("户编号 \(r.householdNumber)") }
        let village = try row.decode(column: "village_code", as: String.self)
        try await store.write { db in
            try await db.insert(into: "exit_procedures")
                .columns("household_id", "exit_year", "household_number", "village_code", "first_identified_year", "applied", "appraised", "verified",
                         "signed", "signer_name", "notice_started", "notice_ends", "announced", "struck_off", "updated_at")
                .values(SQLBind(try row.decode(column: "id", as: Int64.self)), SQLBind(r.exitYear), SQLBind(r.householdNumber), SQLBind(village),
                        SQLBind(r.firstIdentifiedYear), SQLBind(r.applied), SQLBind(r.appraised), SQLBind(r.verified), SQLBind(r.signed),
                        SQLBind(r.signerName), SQLBind(r.noticeStarted), SQLBind(r.noticeEnds), SQLBind(r.announced), SQLBind(r.struckOff),
                        SQLBind(ChinaTimeStamp.iso(context.now)))
                .run()
            try await AuditLog.record([PendingAudit(action: .create, objectType: "exit_procedure", objectID: "\(r.householdNumber)/\(r.exitYear)",
                                                    regionCode: RegionCode(rawValue: village), changes: [FieldChange(field: "导入台账", old: nil, new: "退出程序记录")])],
                                      context: context, on: db)
        }
    }
}
