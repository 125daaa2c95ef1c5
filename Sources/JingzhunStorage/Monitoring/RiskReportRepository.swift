import Foundation
public import JingzhunDomain
import SQLKit

/// 风险信息登记 (issue 7 §2): disasters, accidents, out-of-pocket medical costs and losses of labour capacity that a
/// household declared or a cadre found, entered against a household of the register. What the scanner reads for the
/// `disaster_or_accident`, `medical_spending` and `labour_loss` rules. Each report is a change to a case's inputs and
/// is audit-logged — without the words of a report that may concern someone's health (`RiskReport.Kind.mayConcernHealth`).
public struct RiskReportRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct StoredReport: Sendable, Equatable, Identifiable {
        public var id: Int64
        public var villageCode: RegionCode
        public var report: RiskReport
        /// The account that entered it.
        public var enteredBy: String
        public var createdAt: String
    }

    /// Checks the report against the register (the household exists and has not been merged away; the member, when
    /// named, belongs to it) and against what is stored (the same household, kind, member, date and amount is already
    /// there: 该情况已登记), and stores it. Refusals are `StorageError.invalid`/`.notFound` in Chinese, nothing stored.
    @discardableResult
    public func record(_ report: RiskReport, context: ChangeContext) async throws -> StoredReport {
        var report = report
        report.householdNumber = report.householdNumber.trimmingCharacters(in: .whitespaces)
        report.description = report.description.trimmingCharacters(in: .whitespacesAndNewlines)
        report.memberName = report.memberName?.trimmingCharacters(in: .whitespaces)
        if report.memberName?.isEmpty == true { report.memberName = nil }
        let problems = report.problems(today: Day.today(context.now))
        guard problems.isEmpty else { throw StorageError.invalid(problems.joined(separator: "；")) }
        guard let household = try await store.db.raw("""
            SELECT h.id, h.village_code FROM households h WHERE h.number = \(bind: report.householdNumber) AND \(RegisterSQL.current)
            """).first()
        else { throw StorageError.notFound("户籍档案中没有户编号为 \(report.householdNumber) 的现有农户") }
        let householdID = try household.decode(column: "id", as: Int64.self)
        let village = RegionCode(rawValue: try household.decode(column: "village_code", as: String.self))!
        if let member = report.memberName {
            let names = try await store.db.select().column("name").from("members").where("household_id", .equal, householdID).orderBy("id").all()
                .map { try $0.decode(column: "name", as: String.self) }
            guard names.contains(member) else {
                throw StorageError.invalid("“\(member)”不是户 \(report.householdNumber) 的家庭成员（成员：\(names.joined(separator: "、"))）")
            }
        }
        let stored = report
        let now = ChinaTimeStamp.iso(context.now)
        let id = try await store.write { db in
            // The same thing entered twice (two cadres, a double click) would count twice: a medical bill doubled.
            var same: SQLQueryString = """
                SELECT id FROM monitoring_reports WHERE household_number = \(bind: stored.householdNumber) AND kind = \(bind: stored.kind.rawValue)
                  AND occurred_on = \(bind: stored.occurredOn.description)
                """
            same = same + (stored.memberName.map { " AND member_name = \(bind: $0)" } ?? " AND member_name IS NULL")
            same = same + (stored.amount.map { " AND amount_fen = \(bind: $0.rawValue)" } ?? " AND amount_fen IS NULL")
            if try await db.raw(same).first() != nil {
                throw StorageError.invalid("该情况已登记：户 \(stored.householdNumber) \(stored.occurredOn) 的同一情况已有登记，不必重复登记")
            }
            let id = try await db.insert(into: "monitoring_reports")
                .columns("household_number", "village_code", "kind", "member_name", "occurred_on", "description", "amount_fen", "channel",
                         "entered_by_account_id", "entered_by", "created_at")
                .values(SQLBind(stored.householdNumber), SQLBind(village.rawValue), SQLBind(stored.kind.rawValue), SQLBind(stored.memberName),
                        SQLBind(stored.occurredOn.description), SQLBind(stored.description), SQLBind(stored.amount?.rawValue),
                        SQLBind(stored.channel.rawValue), SQLBind(context.actorAccountID), SQLBind(context.actor), SQLBind(now))
                .returning("id").first()!.decode(column: "id", as: Int64.self)
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "monitoring_report", objectID: String(id), regionCode: village, changes: Self.auditChanges(stored))],
                context: context, on: db)
            return id
        }
        return StoredReport(id: id, villageCode: village, report: stored, enteredBy: context.actor, createdAt: now)
    }

    /// What the audit log keeps of a report. The log is read by inspectors, who may not see health details, so of a
    /// report that may concern someone's health (`mayConcernHealth`) it keeps only that a 风险信息登记 was made — for
    /// which household, dated when, come in how — and not its kind, member, amount or words: even "医疗自付费用 for
    /// 张兰, 42,000 元" tells of an illness. Of a natural disaster it keeps the kind, the loss and the length of the
    /// description (the words stay on the report, as a case's notes do).
    static func auditChanges(_ r: RiskReport) -> [FieldChange] {
        var out = [
            FieldChange(field: "户编号", old: nil, new: r.householdNumber),
            FieldChange(field: "登记", old: nil, new: "风险信息登记"),
            FieldChange(field: "发生日期", old: nil, new: r.occurredOn.description),
            FieldChange(field: "渠道", old: nil, new: r.channel.label),
        ]
        guard !r.kind.mayConcernHealth else { return out }
        out.append(FieldChange(field: "类别", old: nil, new: r.kind.label))
        if let amount = r.amount { out.append(FieldChange(field: r.kind.amountLabel, old: nil, new: "\(amount.display) 元")) }
        out.append(FieldChange(field: "情况说明", old: nil, new: "\(r.description.count) 字，见登记"))
        return out
    }

    // MARK: reading

    /// Reports of households under `region`, latest first.
    public func recent(within region: RegionCode, limit: Int = 100) async throws -> [StoredReport] {
        try await store.db.raw("""
            SELECT * FROM monitoring_reports WHERE \(RegisterSQL.within("village_code", region))
            ORDER BY occurred_on DESC, id DESC LIMIT \(bind: limit)
            """).all().map(Self.decode)
    }

    /// Reports under `region` (or of one household) that occurred in `from...to`, and losses of labour capacity of any
    /// date up to `to` (they last), entered on or before the day `enteredBy` (China time), in date order: what a scan
    /// reads — a scan of a past day sees only what was known that day.
    func occurred(within region: RegionCode, number: String?, from: Day, to: Day, enteredBy: Day) async throws -> [StoredReport] {
        let only: SQLQueryString = number.map { " AND household_number = \(bind: $0)" } ?? ""
        let enteredBefore = ChinaTimeStamp.iso(ChinaTime.date(enteredBy.adding(days: 1), hour: 0, minute: 0))
        return try await store.db.raw("""
            SELECT * FROM monitoring_reports WHERE \(RegisterSQL.within("village_code", region))
              AND (occurred_on >= \(bind: from.description) OR kind = \(bind: RiskReport.Kind.labourLoss.rawValue))
              AND occurred_on <= \(bind: to.description) AND created_at < \(bind: enteredBefore)
            """ + only + " ORDER BY occurred_on, id").all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> StoredReport {
        func text(_ c: String) throws -> String { try row.decode(column: c, as: String.self) }
        let report = RiskReport(
            householdNumber: try text("household_number"), kind: RiskReport.Kind(rawValue: try text("kind")) ?? .naturalDisaster,
            memberName: try row.decode(column: "member_name", as: String?.self), occurredOn: Day(try text("occurred_on")) ?? Day(ordinal: 0),
            description: try text("description"), amount: try row.decode(column: "amount_fen", as: Int64?.self).map(Fen.init(rawValue:)),
            channel: ClueChannel(rawValue: try text("channel")) ?? .cadreScreening)
        return StoredReport(
            id: try row.decode(column: "id", as: Int64.self), villageCode: RegionCode(rawValue: try text("village_code"))!, report: report,
            enteredBy: try text("entered_by"), createdAt: try text("created_at"))
    }
}
