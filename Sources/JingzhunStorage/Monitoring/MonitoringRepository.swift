import Foundation
public import JingzhunDomain
import SQLKit

/// 防返贫 monitoring cases (issue 7 §3–5): clues from a scan open a case per household (or join its open case), and
/// each step of the official procedure is applied through `MonitoringProcedure`, which refuses steps out of order,
/// short notices, closing without a measure and elimination for households without labour capacity. Every change is
/// a timeline event and an audit entry (old stage → new stage).
public struct MonitoringRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct StoredCase: Sendable, Equatable, Identifiable {
        public var id: Int64
        public var villageCode: RegionCode
        public var record: MonitoringCase
        public var updatedAt: String
        /// 督办 rungs the case sweep has climbed (CaseSweeper), 0 for none.
        public var escalation = 0
    }

    public struct Event: Sendable, Equatable {
        public var at: String
        public var actor: String
        public var stage: MonitoringStage
        public var note: String
    }

    public struct Intake: Sendable, Equatable {
        public var opened = 0
        public var joined = 0
        public var alreadyKnown = 0
        public init(opened: Int = 0, joined: Int = 0, alreadyKnown: Int = 0) {
            self.opened = opened
            self.joined = joined
            self.alreadyKnown = alreadyKnown
        }
    }

    /// Files clues: a household without an open case gets one; an open case gets the clues of rules it has not seen.
    /// Closed cases (eliminated, dismissed) are left alone: a new clue then opens a new case.
    public func take(_ clues: [RiskClue], context: ChangeContext) async throws -> Intake {
        let byHousehold = Dictionary(grouping: clues, by: \.householdNumber)
        let villages = try await households(Array(byHousehold.keys)).mapValues(\.village)
        let settings = try await settings(on: Day.today(context.now))
        return try await store.write { db in
            var intake = Intake()
            // Open cases of these households, read once; new cases' audit entries recorded together at the end.
            var openCases: [String: StoredCase] = [:]
            let numbers = Array(byHousehold.keys)
            for chunk in numbers.chunked() {
                for row in try await db.select().column("*").from("monitoring_cases").where("household_number", .in, Array(chunk))
                    .where("stage", .notIn, [MonitoringStage.eliminated.rawValue, MonitoringStage.dismissed.rawValue]).orderBy("id").all() {
                    let c = try Self.decode(row)
                    openCases[c.record.householdNumber] = c
                }
            }
            var created: [PendingAudit] = []
            for (number, found) in byHousehold.sorted(by: { $0.key < $1.key }) {
                guard let village = villages[number] else { continue }
                if var open = openCases[number] {
                    let seen = Set(open.record.clues.map { $0.ruleKey?.rawValue ?? $0.reason })
                    let fresh = found.filter { !seen.contains($0.ruleKey?.rawValue ?? $0.reason) }
                    guard !fresh.isEmpty else { intake.alreadyKnown += 1; continue }
                    let before = open.record
                    for clue in fresh { open.record = try MonitoringProcedure.apply(.addClue(clue), to: open.record, settings: settings) }
                    try await Self.save(open, before: before, note: "新增线索：" + fresh.map(\.reason).joined(separator: "；"), context: context, on: db)
                    intake.joined += 1
                } else {
                    var record = MonitoringCase(clue: found[0])
                    for clue in found.dropFirst() { record = try MonitoringProcedure.apply(.addClue(clue), to: record, settings: settings) }
                    let id = try await db.insert(into: "monitoring_cases")
                        .columns("household_number", "village_code", "stage", "first_clue_on", "identified_on", "object_type", "state",
                                 "created_at", "updated_at")
                        .values(SQLBind(number), SQLBind(village.rawValue), SQLBind(record.stage.rawValue), SQLBind(record.firstClueOn.description),
                                SQLBind(String?.none), SQLBind(String?.none), SQLBind(try Self.json(record)),
                                SQLBind(ChinaTimeStamp.iso(context.now)), SQLBind(ChinaTimeStamp.iso(context.now)))
                        .returning("id").first()!.decode(column: "id", as: Int64.self)
                    try await Self.event(id, stage: record.stage, note: found.map(\.reason).joined(separator: "；"), context: context, on: db)
                    created.append(PendingAudit(
                        action: .create, objectType: "monitoring_case", objectID: String(id), regionCode: village,
                        changes: [FieldChange(field: "风险线索", old: nil, new: Self.auditText(found))]))
                    intake.opened += 1
                }
            }
            try await AuditLog.record(created, context: context, on: db)
            return intake
        }
    }

    /// Applies one step; a refusal (Chinese) leaves the case unchanged.
    @discardableResult
    public func apply(_ event: MonitoringEvent, to id: Int64, note: String = "", context: ChangeContext) async throws -> StoredCase {
        guard var stored = try await find(id) else { throw StorageError.notFound("监测案件 \(id)") }
        let settings = try await settings(on: Day.today(context.now))
        // What is recorded has happened: no step dated after today (Beijing). A notice may end later; a measure may be planned.
        if let day = Self.day(of: event), day > Day.today(context.now) {
            throw StorageError.conflict("办理日期 \(day) 晚于今天（\(Day.today(context.now))），只能登记已经办理的步骤")
        }
        let before = stored.record
        do {
            stored.record = try MonitoringProcedure.apply(event, to: stored.record, settings: settings)
        } catch {
            throw StorageError.conflict(error.message)
        }
        let saved = stored
        try await store.write { db in try await Self.save(saved, before: before, note: note, context: context, on: db) }
        return stored
    }

    /// Refused when someone else changed the case since it was read (two cadres on one case, a double click): the
    /// stored state must still be the one the step was applied to.
    static func claim(_ id: Int64, unchanged before: MonitoringCase, on db: any SQLDatabase) async throws {
        let previous = try json(before)
        let claimed = try await db.raw("""
            UPDATE monitoring_cases SET state = state WHERE id = \(bind: id) AND state = \(bind: previous) RETURNING id
            """).first()
        if claimed == nil { throw StorageError.conflict("案件刚被其他人修改，请刷新页面后重新办理") }
    }

    /// What the 风险消除 appraisal weighs for a case: the household's register facts of `year` and that year's range.
    /// Labour capacity counts every 丧失劳动能力 report up to `on` (the appraisal's day): the loss lasts.
    public func evidence(for id: Int64, year: Int, on day: Day, incomeAboveRangeSince: Day?, rigidExpensesResolved: Bool) async throws -> EliminationEvidence {
        guard let stored = try await find(id) else { throw StorageError.notFound("监测案件 \(id)") }
        let scanner = MonitoringScanner(store: store)
        guard let facts = try await scanner.facts(year: year, region: stored.villageCode, number: stored.record.householdNumber, today: day).first else {
            throw StorageError.notFound("户 \(stored.record.householdNumber) 没有 \(year) 年的登记数据")
        }
        return EliminationEvidence(facts: facts, threshold: try await scanner.threshold(year: year, region: stored.villageCode),
                                   incomeAboveRangeSince: incomeAboveRangeSince, rigidExpensesResolved: rigidExpensesResolved)
    }

    static func day(of event: MonitoringEvent) -> Day? {
        switch event {
        case .addClue, .addMeasure: nil
        case .verify(let d, _), .appraise(let d), .startNotice(let d, _), .townReview(let d), .confirm(let d, _, _), .dismiss(let d, _),
             .appraiseElimination(let d, _), .startEliminationNotice(let d, _), .townReviewElimination(let d), .eliminate(let d), .reopen(let d, _):
            d
        }
    }

    static func save(_ c: StoredCase, before: MonitoringCase, note: String, context: ChangeContext, on db: any SQLDatabase) async throws {
        try await claim(c.id, unchanged: before, on: db)
        // A joined clue found earlier than the first moves the clock's start; lists and the sweep filter on the column.
        try await db.update("monitoring_cases").set("stage", to: SQLBind(c.record.stage.rawValue))
            .set("first_clue_on", to: SQLBind(c.record.firstClueOn.description))
            .set("identified_on", to: SQLBind(c.record.identifiedOn?.description)).set("object_type", to: SQLBind(c.record.objectType?.rawValue))
            .set("state", to: SQLBind(try json(c.record))).set("updated_at", to: SQLBind(ChinaTimeStamp.iso(context.now)))
            .where("id", .equal, c.id).run()
        try await event(c.id, stage: c.record.stage, note: note, context: context, on: db)
        var changes: [FieldChange] = []
        if before.stage != c.record.stage { changes.append(FieldChange(field: "阶段", old: before.stage.label, new: c.record.stage.label)) }
        if before.measures.count != c.record.measures.count, let m = c.record.measures.last {
            // The measure's words stay on the case: a 健康帮扶 can name a diagnosis.
            changes.append(FieldChange(field: "帮扶措施", old: nil, new: "\(m.kind.label)（责任人 \(m.responsiblePerson)；内容 \(m.content.count) 字，见案件）"))
        }
        if before.clues.count != c.record.clues.count { changes.append(FieldChange(field: "风险线索", old: String(before.clues.count), new: String(c.record.clues.count))) }
        changes += Self.dateAndTypeChanges(before, c.record)
        // The words stay on the case's timeline, shown only to roles that may see personal data: a reason or a cadre's
        // note can name an illness or a disability, and health details never go into a log (README, 个人信息).
        if !note.isEmpty { changes.append(FieldChange(field: "说明", old: nil, new: "已记入办理过程（\(note.count) 字，不入日志）")) }
        try await AuditLog.record([PendingAudit(action: .update, objectType: "monitoring_case", objectID: String(c.id), regionCode: c.villageCode,
                                                changes: changes)], context: context, on: db)
    }

    /// Old → new of what a step can change besides its stage: the first clue's day (the clock's start), the object type,
    /// the risk types (their labels), the notice periods, the dismissal, elimination and reopening days. Never a clue's
    /// reason, a note, a dismissal or reopening reason or a measure's words: they can name an illness (README, 个人信息).
    static func dateAndTypeChanges(_ before: MonitoringCase, _ after: MonitoringCase) -> [FieldChange] {
        func period(_ p: NoticePeriod?) -> String? { p.map { "\($0.start) 至 \($0.end)" } }
        func types(_ t: [MonitoringRiskType]) -> String? { t.isEmpty ? nil : t.map(\.label).joined(separator: "、") }
        let fields: [(String, String?, String?)] = [
            ("首条线索日期", before.firstClueOn.description, after.firstClueOn.description),
            ("监测对象类别", before.objectType?.label, after.objectType?.label),
            ("风险类型", types(before.riskTypes), types(after.riskTypes)),
            ("公示期", period(before.notice), period(after.notice)),
            ("不纳入日期", before.dismissedOn?.description, after.dismissedOn?.description),
            ("风险消除评议日期", before.elimination?.appraisedOn.description, after.elimination?.appraisedOn.description),
            ("风险消除公示期", period(before.elimination?.notice), period(after.elimination?.notice)),
            ("风险消除日期", before.elimination?.eliminatedOn?.description, after.elimination?.eliminatedOn?.description),
            ("风险消除回退日期", before.pastEliminations.last?.reopenedOn?.description, after.pastEliminations.last?.reopenedOn?.description),
        ]
        return fields.compactMap { field, old, new in old == new ? nil : FieldChange(field: field, old: old, new: new) }
    }

    /// What the audit log keeps of clues: each rule's name and channel, never the reason (which may name an illness,
    /// a disability or an accident; it stays on the case).
    static func auditText(_ clues: [RiskClue]) -> String {
        clues.map { clue in (clue.ruleKey?.rule.label ?? "其他线索") + "（\(clue.channel.label)）" }.joined(separator: "；")
    }

    static func event(_ id: Int64, stage: MonitoringStage, note: String, context: ChangeContext, on db: any SQLDatabase) async throws {
        try await db.insert(into: "monitoring_case_events").columns("case_id", "at", "account_id", "actor", "stage", "note")
            .values(SQLBind(id), SQLBind(ChinaTimeStamp.iso(context.now)), SQLBind(context.actorAccountID), SQLBind(context.actor),
                    SQLBind(stage.rawValue), SQLBind(note))
            .run()
    }

    // MARK: reading

    /// The county's `monitor.settings` in force on `day` (dated configuration; the national default when it has none):
    /// the one place the identification limit is read, so the case page, the lists and their counts, the dashboard,
    /// the command line and the sweep show and filter by the same clock.
    public func settings(on day: Day) async throws -> MonitoringSettings {
        try await SettingsRepository(store: store).decoded(.monitorSettings, year: day.year, as: MonitoringSettings.self) ?? .national
    }

    public func find(_ id: Int64) async throws -> StoredCase? {
        try await store.db.select().column("*").from("monitoring_cases").where("id", .equal, id).first().map(Self.decode)
    }

    /// Cases under a region, newest first, optionally only some stages.
    public func cases(within region: RegionCode, stages: Set<MonitoringStage>? = nil) async throws -> [StoredCase] {
        let only: SQLQueryString = stages.map { " AND stage IN (\(binds: $0.map(\.rawValue).sorted()))" } ?? ""
        return try await store.db.raw("""
            SELECT * FROM monitoring_cases WHERE \(RegisterSQL.within("village_code", region))
            """ + only + " ORDER BY id DESC").all().map(Self.decode)
    }

    public func events(_ id: Int64) async throws -> [Event] {
        try await store.db.select().column("*").from("monitoring_case_events").where("case_id", .equal, id).orderBy("id").all().map { row in
            Event(at: try row.decode(column: "at", as: String.self), actor: try row.decode(column: "actor", as: String.self),
                  stage: MonitoringStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .clue,
                  note: try row.decode(column: "note", as: String.self))
        }
    }

    static func decode(_ row: any SQLRow) throws -> StoredCase {
        StoredCase(id: try row.decode(column: "id", as: Int64.self),
                   villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!,
                   record: try JSONDecoder().decode(MonitoringCase.self, from: Data(try row.decode(column: "state", as: String.self).utf8)),
                   updatedAt: try row.decode(column: "updated_at", as: String.self),
                   escalation: try row.decode(column: "escalation", as: Int?.self) ?? 0)
    }

    static func json(_ c: MonitoringCase) throws -> String { try TaskRepository.json(c) }
}
