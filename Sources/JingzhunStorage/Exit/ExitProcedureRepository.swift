import Foundation
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
            SELECT * FROM exit_procedures WHERE \(RegisterSQL.within("village_code", code))
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

    /// The household a procedure belongs to; refused when it was absorbed by a 合户.
    private func household(_ number: String) async throws -> (id: Int64, village: RegionCode, firstYear: Int) {
        guard let row = try await store.db.select().column("id").column("village_code").column("first_identified_year").column("merged_into_id")
            .from("households").where("number", .equal, number).first()
        else { throw StorageError.notFound("户编号 \(number)") }
        if try row.decode(column: "merged_into_id", as: Int64?.self) != nil {
            throw StorageError.conflict("户 \(number) 已合户并入其他户，退出程序请在合并后的户办理")
        }
        return (try row.decode(column: "id", as: Int64.self), RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!,
                try row.decode(column: "first_identified_year", as: Int.self))
    }

    /// Writes the whole record (insert or update), with the audit entry, in one transaction.
    private func save(_ r: ExitProcedureRecord, householdID: Int64, village: RegionCode, isNew: Bool, changes: [FieldChange],
                      context: ChangeContext) async throws {
        let values: [(String, String?)] = [
            ("applied", r.applied), ("appraised", r.appraised), ("verified", r.verified), ("signed", r.signed), ("signer_name", r.signerName),
            ("notice_started", r.noticeStarted), ("notice_ends", r.noticeEnds), ("announced", r.announced), ("struck_off", r.struckOff),
            ("updated_at", ChinaTimeStamp.iso(context.now)),
        ]
        try await store.write { db in
            if isNew {
                try await db.insert(into: "exit_procedures")
                    .columns(["household_id", "exit_year", "household_number", "village_code", "first_identified_year"] + values.map(\.0))
                    .values([SQLBind(householdID), SQLBind(r.exitYear), SQLBind(r.householdNumber), SQLBind(village.rawValue),
                             SQLBind(r.firstIdentifiedYear)] + values.map { SQLBind($0.1) })
                    .run()
            } else {
                var u = db.update("exit_procedures")
                for (column, value) in values { u = u.set(column, to: value) }
                try await u.where("household_id", .equal, householdID).where("exit_year", .equal, r.exitYear).run()
            }
            try await AuditLog.record([PendingAudit(action: isNew ? .create : .update, objectType: "exit_procedure",
                                                    objectID: "\(r.householdNumber)/\(r.exitYear)", regionCode: village, changes: changes)],
                                      context: context, on: db)
        }
    }

    /// Records the next step for a household's exit in `exitYear`, judged against `standardKey` on the
    /// register's figures for that year.
    @discardableResult
    public func apply(_ event: ExitEvent, household number: String, exitYear: Int, standardKey: String,
                      context: ChangeContext) async throws -> ExitProcedureRecord {
        let (householdID, village, firstYear) = try await household(number)
        let standards = ExitStandardRepository(store: store)
        guard let standard = try await standards.standard(standardKey)?.standard else { throw StorageError.notFound("退出标准“\(standardKey)”") }
        let line = try await standards.exitLine(year: exitYear, region: village)
        guard let assessment = try await ExitAssessor(store: store).assessHousehold(number, village: village, standard: standard, line: line.amount,
                                                                                     year: exitYear)
        else { throw StorageError.notFound("户 \(number) 在 \(exitYear) 年没有收入等数据，无法评估") }
        let old = try await record(household: number, exitYear: exitYear)
        let config = try await standards.procedureConfig(year: exitYear)
        let current = old ?? ExitProcedureRecord(householdNumber: number, firstIdentifiedYear: firstYear, exitYear: exitYear)
        let updated: ExitProcedureRecord
        do { updated = try ExitProcedure.apply(event, to: current, assessment: assessment, config: config) } catch {
            throw StorageError.invalid(error.message)
        }
        var changes = [FieldChange(field: event.step.label, old: nil, new: event.date)]
        if case .sign(_, let signer) = event { changes.append(FieldChange(field: "签字人", old: nil, new: signer)) }
        if case .startNotice(_, let ends) = event { changes.append(FieldChange(field: "公示截止", old: nil, new: ends)) }
        try await save(updated, householdID: householdID, village: village, isNew: old == nil, changes: changes, context: context)
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
        let (householdID, village, _) = try await household(r.householdNumber)
        try await save(r, householdID: householdID, village: village, isNew: true,
                       changes: [FieldChange(field: "导入台账", old: nil, new: "退出程序记录")], context: context)
    }
}
