import Foundation
public import JingzhunDomain
import SQLKit

/// The pass over monitoring cases whose identification clock runs (issue 7 §3: "the clock from first clue to
/// identification is ≤ 15 days … overdue cases escalate like tasks"): reminders before the limit and the automatic
/// 督办 rungs after it (`CaseClock`, the county's `CaseEscalationPolicy` in setting `monitor.escalation`). Notices go to
/// the village's and town's cadres by region and to the county office, each rung also onto the case timeline and into
/// the audit log. The server runs it hourly beside the task sweep, `jingzhun monitor sweep` on demand; running it again
/// sends nothing twice, and a case identified or dismissed is left alone.
public struct CaseSweeper: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Result: Sendable, Equatable {
        /// Running cases inside the reminder window or past the limit.
        public var cases = 0
        /// Cases reminded this time.
        public var reminders = 0
        /// Rungs climbed this time.
        public var escalations = 0

        public init(cases: Int = 0, reminders: Int = 0, escalations: Int = 0) {
            self.cases = cases
            self.reminders = reminders
            self.escalations = escalations
        }

        public var summary: String {
            "检查监测案件 \(cases) 件：认定时限提醒 \(reminders) 件，自动督办 \(escalations) 次"
        }
    }

    /// Stages in which the identification clock runs.
    static let running: [MonitoringStage] = [.clue, .verified, .appraised, .noticed, .townReviewed]

    public func sweep(context: ChangeContext) async throws -> Result {
        let today = Day.today(context.now)
        let settings = try await MonitoringRepository(store: store).settings(on: today)
        let policy = try await Self.policy(store: store, year: today.year)
        // Only clocks already inside the reminder window (or past the limit) can earn a notice.
        let window = max(0, policy.reminderDays.max() ?? 0)
        let cutoff = today.adding(days: window - settings.identificationDays.value)
        let cases = try await store.db.select().column("*").from("monitoring_cases")
            .where("stage", .in, Self.running.map(\.rawValue)).where("first_clue_on", .lessThanOrEqual, cutoff.description)
            .orderBy("id").all().map(MonitoringRepository.decode)
        let heads = try await MonitoringRepository(store: store).headNames(cases.map(\.record.householdNumber))
        // The villages' names and towns, read together.
        var places: [RegionCode: (name: String, town: RegionCode?)] = [:]
        for (code, path) in try await RegionRepository(store: store).paths(cases.map(\.villageCode)) {
            let town = path.ancestors.last { $0.level == .town }
            places[code] = ((town?.shortName ?? "") + path.region.shortName, town?.code)
        }
        let found = cases
        let names = places
        return try await store.write { db in
            var result = Result(cases: found.count)
            var audits: [PendingAudit] = []
            // Read again inside the write, in one query per 500 cases: a case identified or dismissed since the read
            // above gets nothing.
            var stillRunning = Set<Int64>()
            for chunk in found.map(\.id).chunked() {
                for row in try await db.select().column("id").from("monitoring_cases").where("id", .in, Array(chunk))
                    .where("stage", .in, Self.running.map(\.rawValue)).all() {
                    stillRunning.insert(try row.decode(column: "id", as: Int64.self))
                }
            }
            for c in found {
                guard stillRunning.contains(c.id) else { continue }
                let place = names[c.villageCode]
                let subject = CaseSubject(householdNumber: c.record.householdNumber, headName: heads[c.record.householdNumber],
                                          villageName: place?.name ?? c.villageCode.rawValue)
                for notice in CaseClock.notices(for: c.record, subject: subject, today: today, climbed: c.escalation, settings: settings,
                                                policy: policy) {
                    let recipients = Self.recipients(notice.levels, village: c.villageCode, town: place?.town)
                    guard let rung = notice.rung else {
                        if try await Inbox.send(notice, caseID: c.id, to: recipients, context: context, on: db) > 0 { result.reminders += 1 }
                        continue
                    }
                    // Claimed one rung at a time and only while the clock runs: a second sweep, or a step that has just
                    // identified the case, leaves nothing to climb.
                    let claimed = try await db.raw("""
                        UPDATE monitoring_cases SET escalation = \(bind: rung)
                        WHERE id = \(bind: c.id) AND escalation = \(bind: rung - 1) AND stage IN (\(binds: Self.running.map(\.rawValue)))
                        RETURNING id
                        """).first()
                    guard claimed != nil else { break }
                    try await MonitoringRepository.event(c.id, stage: c.record.stage, note: notice.timelineNote, context: context, on: db)
                    audits.append(PendingAudit(
                        action: .update, objectType: "monitoring_case", objectID: String(c.id), regionCode: c.villageCode,
                        changes: [FieldChange(field: "督办", old: rung > 1 ? "第 \(rung - 1) 级" : nil, new: "第 \(rung) 级（至\(notice.top.label)）")]))
                    try await Inbox.send(notice, caseID: c.id, to: recipients, context: context, on: db)
                    result.escalations += 1
                }
            }
            try await AuditLog.record(audits, context: context, on: db)
            return result
        }
    }

    /// Recipient keys of a case notice: the village's and the town's cadres by region (as `Inbox.keys` gives them), the
    /// county office of the case's own county by region too, so another county's office never hears of it.
    static func recipients(_ levels: [CaseLevel], village: RegionCode, town: RegionCode?) -> [String] {
        levels.compactMap { level in
            switch level {
            case .village: "region:\(village.rawValue)"
            case .town: town.map { "region:\($0.rawValue)" }
            case .county: "region:\(village.county.rawValue)"
            }
        }
    }

    /// The county's policy for `year` (installed by the migrator, editable as a dated setting).
    public static func policy(store: Store, year: Int) async throws -> CaseEscalationPolicy {
        try await SettingsRepository(store: store).decoded(.monitorEscalation, year: year, as: CaseEscalationPolicy.self) ?? .standard
    }

    /// Shipped default, installed when the county has none (never overwriting its own).
    static func installDefaults(on db: any SQLDatabase) async throws {
        let policy = CaseEscalationPolicy.standard
        try await SettingsRepository.installDefault(.monitorEscalation, year: 2016, value: try TaskRepository.json(policy), source: policy.source,
                                                    on: db)
    }
}

extension Inbox {
    /// Stores a case notice for each recipient; returns how many were new (the unique index (case, key, recipient)
    /// drops what was sent before).
    @discardableResult
    static func send(_ notice: CaseNotice, caseID: Int64, to recipients: [String], context: ChangeContext, on db: any SQLDatabase) async throws -> Int {
        guard !recipients.isEmpty else { return 0 }
        var insert = db.insert(into: "notifications").columns("case_id", "kind", "dedupe_key", "recipient", "message", "created_at")
        for recipient in recipients {
            insert = insert.values(SQLBind(caseID), SQLBind(notice.kind.rawValue), SQLBind(notice.key), SQLBind(recipient), SQLBind(notice.message),
                                   SQLBind(ChinaTimeStamp.iso(context.now)))
        }
        return try await insert.ignoringConflicts().returning("id").all().count
    }
}
