import Foundation
public import JingzhunDomain
import SQLKit

/// The county's case list (issue 7 §7): filtered in SQL by region, stage, confirmed object type and the state of the
/// identification clock, a page at a time (or every match, for the xlsx); and counts per village for the town and
/// village lists.
extension MonitoringRepository {
    public struct CaseFilter: Sendable, Equatable {
        /// Where the identification clock stands.
        public enum Clock: String, Sendable, CaseIterable {
            /// Not identified or dismissed yet.
            case running
            /// Running and inside the reminder window (`CaseEscalationPolicy.reminderDays`), not over the limit.
            case dueSoon
            /// Running and over the limit.
            case overrun

            public var label: String {
                switch self {
                case .running: "计时中（未认定）"
                case .dueSoon: "临近时限"
                case .overrun: "超期未认定"
                }
            }
        }

        public var within: RegionCode
        public var stage: MonitoringStage?
        /// The county's decision (县级确认); cases not yet confirmed have none.
        public var objectType: MonitoringObjectType?
        public var clock: Clock?

        public init(within: RegionCode, stage: MonitoringStage? = nil, objectType: MonitoringObjectType? = nil, clock: Clock? = nil) {
            self.within = within
            self.stage = stage
            self.objectType = objectType
            self.clock = clock
        }
    }

    public struct CaseListPage: Sendable, Equatable {
        /// Every case matching the filter.
        public var total: Int
        /// Those of this page, newest first.
        public var cases: [StoredCase]
    }

    /// Cases matching `filter`, newest first: `limit` of them from `offset`, or all when `limit` is nil.
    public func cases(_ filter: CaseFilter, today: Day, limit: Int?, offset: Int = 0) async throws -> CaseListPage {
        let condition = try await condition(filter, today: today)
        let total = try await store.db.raw("SELECT COUNT(*) AS n FROM monitoring_cases WHERE " + condition).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let page: SQLQueryString = limit.map { " LIMIT \(bind: $0) OFFSET \(bind: max(0, offset))" } ?? ""
        let rows = try await store.db.raw("SELECT * FROM monitoring_cases WHERE " + condition + " ORDER BY id DESC" + page).all()
        return CaseListPage(total: total, cases: try rows.map(Self.decode))
    }

    /// Cases under `region` per village: how many at each stage, how many have overrun the identification limit and
    /// how many are being noticed today (a notice stage and inside its period; `MonitoringCase.isOnNotice`).
    public struct VillageCounts: Sendable, Equatable {
        public var byStage: [MonitoringStage: Int] = [:]
        public var overrun = 0
        public var onNotice = 0
        public var total: Int { byStage.values.reduce(0, +) }
        public init() {}

        public mutating func add(_ other: VillageCounts) {
            for (stage, n) in other.byStage { byStage[stage, default: 0] += n }
            overrun += other.overrun
            onNotice += other.onNotice
        }
    }

    public func villageCounts(within region: RegionCode, today: Day) async throws -> [RegionCode: VillageCounts] {
        let limit = try await identificationDays(today)
        let running = CaseSweeper.running.map(\.rawValue)
        let rows = try await store.db.raw("""
            SELECT village_code, stage, COUNT(*) AS n,
              SUM(CASE WHEN stage IN (\(binds: running)) AND first_clue_on < \(bind: today.adding(days: -limit).description) THEN 1 ELSE 0 END) AS late
            FROM monitoring_cases WHERE \(RegisterSQL.within("village_code", region)) GROUP BY village_code, stage
            """).all()
        var out: [RegionCode: VillageCounts] = [:]
        for row in rows {
            guard let code = RegionCode(rawValue: try row.decode(column: "village_code", as: String.self)),
                let stage = MonitoringStage(rawValue: try row.decode(column: "stage", as: String.self))
            else { continue }
            out[code, default: VillageCounts()].byStage[stage, default: 0] += try row.decode(column: "n", as: Int.self)
            out[code, default: VillageCounts()].overrun += try row.decode(column: "late", as: Int?.self) ?? 0
        }
        // The notice period lives in the case's state: only the (few) cases at a notice stage are read to weigh it.
        for c in try await cases(within: region, stages: [.noticed, .eliminationNoticed]) where c.record.isOnNotice(today) {
            out[c.villageCode, default: VillageCounts()].onNotice += 1
        }
        return out
    }

    /// The SQL condition of a filter. The clock's states compare the first clue's day with today minus the limit
    /// (ISO dates compare as text on both engines): over the limit means started before `today − limit`.
    private func condition(_ filter: CaseFilter, today: Day) async throws -> SQLQueryString {
        var sql: SQLQueryString = RegisterSQL.within("village_code", filter.within)
        if let stage = filter.stage { sql = sql + " AND stage = \(bind: stage.rawValue)" }
        if let type = filter.objectType { sql = sql + " AND object_type = \(bind: type.rawValue)" }
        if let clock = filter.clock {
            let limit = try await identificationDays(today)
            let lateBefore = today.adding(days: -limit).description
            sql = sql + " AND stage IN (\(binds: CaseSweeper.running.map(\.rawValue)))"
            switch clock {
            case .running: break
            case .overrun: sql = sql + " AND first_clue_on < \(bind: lateBefore)"
            case .dueSoon:
                let window = max(0, try await CaseSweeper.policy(store: store, year: today.year).reminderDays.max() ?? 0)
                sql = sql + " AND first_clue_on >= \(bind: lateBefore) AND first_clue_on <= \(bind: today.adding(days: window - limit).description)"
            }
        }
        return sql
    }

    /// The identification limit in force today (`monitor.settings`).
    func identificationDays(_ today: Day) async throws -> Int {
        try await settings(on: today).identificationDays.value
    }
}
