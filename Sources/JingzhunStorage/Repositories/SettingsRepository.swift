import Foundation
public import JingzhunDomain
import SQLKit

/// Dated county configuration with its source (Standards: "Thresholds, … office names: configuration with a year
/// and a source, never constants in code"). A value holds from its year until a later year's entry replaces it.
public struct SettingsRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public enum Key: String, Sendable, CaseIterable {
        /// 村内公示天数 for household exit.
        case exitNoticeDays = "exit.notice_days"
        /// `EscalationPolicy` as JSON: reminder days and automatic 督办 steps.
        case taskEscalation = "task.escalation"
        /// `BulletinWeights` as JSON.
        case bulletinWeights = "task.bulletin_weights"
        /// Exit-standard sector (`ShortfallSector` raw value) → the county's unit name that leads its shortfall tasks.
        case sectorUnits = "task.sector_units"
        /// `MonitoringThresholdTable` as JSON: 防返贫监测范围 by year and region, each with its document.
        case monitorThresholds = "monitor.thresholds"
        /// `MonitoringSettings` as JSON: clocks, notice days, rule parameters, switched-off rules.
        case monitorSettings = "monitor.settings"
        /// `CaseEscalationPolicy` as JSON: reminders before the identification limit and the automatic 督办 rungs after it.
        case monitorEscalation = "monitor.escalation"
        /// `DepartmentListSenders` as JSON: which units send which departmental list.
        case monitorListSenders = "monitor.list_senders"
        /// `WorkCalendar` of one year as JSON: public holidays and make-up workdays (调休).
        case workCalendar = "calendar.work"
    }

    /// The value in force for `year`: the latest entry not after it.
    public func value(_ key: Key, year: Int) async throws -> (value: String, source: String)? {
        guard let row = try await store.db.select().column("value").column("source").from("settings").where("key", .equal, key.rawValue)
            .where("year", .lessThanOrEqual, year).orderBy("year", .descending).limit(1).first()
        else { return nil }
        return (try row.decode(column: "value", as: String.self), try row.decode(column: "source", as: String.self))
    }

    /// A JSON setting decoded, or `fallback` when none is stored for the year.
    public func decoded<T: Decodable>(_ key: Key, year: Int, as type: T.Type) async throws -> T? {
        guard let (value, _) = try await value(key, year: year) else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(value.utf8))
    }

    /// Sets the value for `year`, audit-logged old → new with the source.
    public func set(_ key: Key, year: Int, value: String, source: String, context: ChangeContext) async throws {
        guard !source.trimmingCharacters(in: .whitespaces).isEmpty else { throw StorageError.invalid("配置须注明来源（文件名称或文号）") }
        try Self.validate(key, value)
        try await store.write { db in try await Self.set(key, year: year, value: value, source: source, context: context, on: db) }
    }

    /// A value the readers of `key` can use; anything else is refused before it can stop the sweep or a page.
    static func validate(_ key: Key, _ value: String) throws {
        let data = Data(value.utf8)
        let decoder = JSONDecoder()
        do {
            switch key {
            case .exitNoticeDays:
                guard let days = Int(value), days > 0 else { throw StorageError.invalid("公示天数应为正整数") }
            case .taskEscalation: _ = try decoder.decode(EscalationPolicy.self, from: data)
            case .bulletinWeights: _ = try decoder.decode(BulletinWeights.self, from: data)
            case .workCalendar: _ = try decoder.decode(WorkCalendar.self, from: data)
            case .sectorUnits: _ = try decoder.decode([String: String].self, from: data)
            case .monitorThresholds: _ = try decoder.decode(MonitoringThresholdTable.self, from: data)
            case .monitorSettings: _ = try decoder.decode(MonitoringSettings.self, from: data)
            case .monitorListSenders: _ = try decoder.decode(DepartmentListSenders.self, from: data)
            case .monitorEscalation:
                let policy = try decoder.decode(CaseEscalationPolicy.self, from: data)
                if !policy.problems.isEmpty { throw StorageError.invalid("配置 \(key.rawValue) 不能使用：" + policy.problems.joined(separator: "；")) }
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.invalid("配置 \(key.rawValue) 的值格式不对（应与 jingzhun config list 显示的 JSON 同一格式）")
        }
    }

    static func set(_ key: Key, year: Int, value: String, source: String, context: ChangeContext, on db: any SQLDatabase) async throws {
        let old = try await db.select().column("value").column("source").from("settings").where("key", .equal, key.rawValue)
            .where("year", .equal, year).first()
            .map { "\(try $0.decode(column: "value", as: String.self))（\(try $0.decode(column: "source", as: String.self))）" }
        try await db.insert(into: "settings").columns("key", "year", "value", "source")
            .values(SQLBind(key.rawValue), SQLBind(year), SQLBind(value), SQLBind(source))
            .onConflict(with: ["key", "year"]) { $0.set(excludedValueOf: "value").set(excludedValueOf: "source") }.run()
        try await AuditLog.record([PendingAudit(
            action: old == nil ? .create : .update, objectType: "setting", objectID: "\(key.rawValue)/\(year)", regionCode: nil,
            changes: [FieldChange(field: key.rawValue, old: old, new: "\(value)（\(source)）")])], context: context, on: db)
    }

    /// Public holidays and make-up workdays (调休) around `day`: the stored calendars of its year and the next (a
    /// notice can move days at the turn of the year), else weekends only. Calendars hold for their own year only.
    public func workCalendar(around day: Day) async throws -> WorkCalendar {
        var calendar = WorkCalendar.weekendsOnly
        for year in [day.year - 1, day.year, day.year + 1] {
            guard let row = try await store.db.select().column("value").from("settings").where("key", .equal, Key.workCalendar.rawValue)
                .where("year", .equal, year).first() else { continue }
            let stored = try JSONDecoder().decode(WorkCalendar.self, from: Data(try row.decode(column: "value", as: String.self).utf8))
            calendar = calendar.merged(with: stored)
        }
        return calendar
    }

    /// Every stored year's calendar in one, for reading plan deadlines before the plan's year is known.
    public func allWorkCalendars() async throws -> WorkCalendar {
        var calendar = WorkCalendar.weekendsOnly
        for row in try await store.db.select().column("value").from("settings").where("key", .equal, Key.workCalendar.rawValue).all() {
            calendar = calendar.merged(with: try JSONDecoder().decode(WorkCalendar.self, from: Data(try row.decode(column: "value", as: String.self).utf8)))
        }
        return calendar
    }

    /// Stores `value` for `year` unless the key already has any entry (shipped defaults never overwrite a county's).
    /// Stores `value` for exactly `year` unless that year has an entry (per-year settings such as calendars).
    static func installDefault(_ key: Key, exactYear year: Int, value: String, source: String, on db: any SQLDatabase) async throws {
        try await db.insert(into: "settings").columns("key", "year", "value", "source")
            .values(SQLBind(key.rawValue), SQLBind(year), SQLBind(value), SQLBind(source)).ignoringConflicts().run()
    }

    static func installDefault(_ key: Key, year: Int, value: String, source: String, on db: any SQLDatabase) async throws {
        let any = try await db.select().column("key").from("settings").where("key", .equal, key.rawValue).limit(1).first()
        guard any == nil else { return }
        try await db.insert(into: "settings").columns("key", "year", "value", "source")
            .values(SQLBind(key.rawValue), SQLBind(year), SQLBind(value), SQLBind(source)).ignoringConflicts().run()
    }
}
