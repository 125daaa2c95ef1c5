import Foundation
public import JingzhunDomain
import SQLKit

/// Runs the 防返贫 alert rules over the register (issue 7 §2): each current household's facts for the year (the exit
/// standard's own reading, so per-capita income is computed the same way), last year's income and size, and whether
/// any member can still work. The threshold comes from the county's dated table (setting `monitor.thresholds`,
/// shipped with the national values and their sources) and the rule settings from `monitor.settings`.
public struct MonitoringScanner: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Result: Sendable, Equatable {
        public var year: Int
        public var threshold: ResolvedMonitoringThreshold
        /// Exited households scanned.
        public var households: Int
        public var clues: [RiskClue]
    }

    public func scan(year: Int, region: RegionCode, today: Day) async throws -> Result {
        let settingsStore = SettingsRepository(store: store)
        let threshold = try await self.threshold(year: year, region: region)
        let settings = try await settingsStore.decoded(.monitorSettings, year: year, as: MonitoringSettings.self) ?? .national
        // Households still poor (未脱贫, 返贫) are helped as poor households; monitoring covers those who have exited
        // (脱贫不稳定户, DOMAIN.md §8 "Objects").
        let facts = try await self.facts(year: year, region: region, today: today).filter { !$0.household.status.countsAsPoor }
        let context = AlertContext(year: year, threshold: threshold, settings: settings, today: today)
        return Result(year: year, threshold: threshold, households: facts.count, clues: MonitoringScan.clues(for: facts, context: context))
    }

    /// The county's 监测范围 for the year, resolved from its dated table.
    public func threshold(year: Int, region: RegionCode) async throws -> ResolvedMonitoringThreshold {
        let table = try await SettingsRepository(store: store).decoded(.monitorThresholds, year: year, as: MonitoringThresholdTable.self) ?? .builtIn
        let lines = try await ExitStandardRepository(store: store).povertyLines()
        guard let threshold = table.resolve(year: year, province: region.rawValue, county: region.rawValue, lines: lines) else {
            throw StorageError.invalid("没有 \(year) 年适用于 \(region) 的监测范围，请用 jingzhun config set monitor.thresholds 配置（注明文件出处）")
        }
        return threshold
    }

    /// Every current household's facts under `region` (or the one numbered `number`) for `year`; with `today`, also
    /// what 风险信息登记 and the departmental lists of the 12 months before it say (MonitoringSourceReader).
    public func facts(year: Int, region: RegionCode, number: String? = nil, today: Day? = nil) async throws -> [MonitoringFacts] {
        let collected = Locked<[HouseholdFacts]>([])
        try await ExitFactsReader(db: store.db).households(within: region, year: year, number: number, into: collected) { list, facts, _ in list.append(facts) }
        let only: SQLQueryString = number.map { " AND h.number = \(bind: $0)" } ?? ""
        var previous: [String: (Fen, Int)] = [:]
        for row in try await store.db.raw("""
            SELECT h.number, \(RegisterSQL.netIncome) AS net, y.size FROM households h
            JOIN household_years y ON y.household_id = h.id AND y.year = \(bind: year - 1)
            WHERE \(RegisterSQL.within("h.village_code", region)) AND \(RegisterSQL.current)
            """ + only).all() {
            previous[try row.decode(column: "number", as: String.self)] =
                (Fen(rawValue: try row.decode(column: "net", as: Int64.self)), try row.decode(column: "size", as: Int.self))
        }
        let able = LabourSkill.allCases.filter(\.canWork).map(\.rawValue)
        var canWork: [String: Bool] = [:]
        for row in try await store.db.raw("""
            SELECT h.number, SUM(CASE WHEN m.labour_skill IN (\(binds: able)) THEN 1 ELSE 0 END) AS able
            FROM households h JOIN members m ON m.household_id = h.id
            WHERE \(RegisterSQL.within("h.village_code", region)) AND \(RegisterSQL.current)
            """ + only + " GROUP BY h.number").all() {
            canWork[try row.decode(column: "number", as: String.self)] = try row.decode(column: "able", as: Int.self) > 0
        }
        let sources = try await today.asyncMap { try await MonitoringSourceReader(store: store).read(within: region, number: number, today: $0) } ?? [:]
        return collected.value.map { h in
            var facts = MonitoringFacts(household: h, previousNetIncome: previous[h.number]?.0, previousSize: previous[h.number]?.1,
                                        hasLabourCapacity: canWork[h.number] ?? false)
            sources[h.number]?.apply(to: &facts)
            return facts
        }
    }

    /// Shipped defaults: the national thresholds with their sources and the national rule settings.
    static func installDefaults(on db: any SQLDatabase) async throws {
        let table = MonitoringThresholdTable.builtIn
        try await SettingsRepository.installDefault(.monitorThresholds, year: 2019, value: try TaskRepository.json(table),
                                                    source: "Jingzhun 内置：国家和各省公布的防返贫监测范围（每项附文件出处）", on: db)
        try await SettingsRepository.installDefault(.monitorSettings, year: 2019, value: try TaskRepository.json(MonitoringSettings.national),
                                                    source: "Jingzhun 内置：全国防返贫监测规则默认值（每项附出处）", on: db)
        try await SettingsRepository.installDefault(.monitorListSenders, year: 2019, value: try TaskRepository.json(DepartmentListSenders.national),
                                                    source: "Jingzhun 内置：按部门职责分工（民政：低保、特困、临时救助；残联：残疾人；医保：医疗救助）", on: db)
    }
}
