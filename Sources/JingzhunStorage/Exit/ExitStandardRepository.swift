public import Foundation
public import JingzhunDomain
import SQLKit

/// Stored exit standards, poverty lines, county figures and dated settings. Built-in standards and lines are
/// installed when missing (never overwritten: a county's edits to a copy, or to the lines, stay theirs);
/// every edit is audit-logged with old → new.
public struct ExitStandardRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    // MARK: built-ins

    /// Adds the shipped standards and poverty lines the database does not hold yet.
    public func installBuiltIns(now: Date = Date()) async throws {
        let have = Set(try await store.db.select().column("key").from("exit_standards").all().map { try $0.decode(column: "key", as: String.self) })
        let lineCount = try await store.db.raw("SELECT COUNT(*) AS n FROM poverty_lines").first()?.decode(column: "n", as: Int.self) ?? 0
        let missing = BuiltInStandards.all.filter { !have.contains($0.key) }
        guard !missing.isEmpty || lineCount == 0 else { return }
        try await store.write { db in
            for standard in missing {
                try await Self.insert(standard, builtIn: true, by: "system", at: now, on: db)
            }
            if lineCount == 0 {
                for line in PovertyLineTable.builtIn.entries { try await Self.insert(line, on: db) }
                let config = ExitProcedureConfig.standard
                try await db.insert(into: "settings").columns("key", "year", "value", "source")
                    .values(SQLBind(SettingsRepository.Key.exitNoticeDays.rawValue), SQLBind(2016), SQLBind(String(config.noticeDays)), SQLBind(config.noticeDaysSource))
                    .ignoringConflicts().run()
            }
        }
    }

    static func insert(_ s: ExitStandard, builtIn: Bool, by actor: String, at now: Date, on db: any SQLDatabase) async throws {
        let json = String(decoding: try s.encodedJSON(), as: UTF8.self)
        try await db.insert(into: "exit_standards")
            .columns("key", "name", "province", "first_year", "last_year", "built_in", "definition", "updated_at", "updated_by")
            .values(SQLBind(s.key), SQLBind(s.name), SQLBind(s.province), SQLBind(s.firstYear), SQLBind(s.lastYear), SQLBind(builtIn),
                    SQLBind(json), SQLBind(ChinaTimeStamp.iso(now)), SQLBind(actor))
            .run()
    }

    static func insert(_ l: PovertyLine, on db: any SQLDatabase) async throws {
        try await db.insert(into: "poverty_lines")
            .columns("year", "scope", "region_code", "region_name", "purpose", "amount_fen", "concept", "price_base", "document", "url", "confidence")
            .values(SQLBind(l.year), SQLBind(l.scope.rawValue), SQLBind(l.regionCode), SQLBind(l.regionName), SQLBind(l.purpose.rawValue),
                    SQLBind(l.amount.rawValue), SQLBind(l.concept.rawValue), SQLBind(l.priceBase), SQLBind(l.document), SQLBind(l.url),
                    SQLBind(l.confidence.rawValue))
            .run()
    }

    // MARK: standards

    public struct StoredStandard: Sendable {
        public var standard: ExitStandard
        public var builtIn: Bool
        public var updatedAt: String
        public var updatedBy: String
    }

    public func all() async throws -> [StoredStandard] {
        try await store.db.select().column("*").from("exit_standards").orderBy("built_in", .descending).orderBy("key").all().map(Self.decode)
    }

    public func standard(_ key: String) async throws -> StoredStandard? {
        try await store.db.select().column("*").from("exit_standards").where("key", .equal, key).first().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> StoredStandard {
        let json = try row.decode(column: "definition", as: String.self)
        return StoredStandard(
            standard: try ExitStandard.decode(json: Data(json.utf8)), builtIn: try row.decode(column: "built_in", as: Bool.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self), updatedBy: try row.decode(column: "updated_by", as: String.self))
    }

    /// A county's own standard, from a copy or a file. Refuses a key that exists or a standard with problems.
    public func add(_ standard: ExitStandard, context: ChangeContext) async throws {
        if let problem = standard.problems().first { throw StorageError.invalid(problem.description) }
        if try await self.standard(standard.key) != nil { throw StorageError.conflict("退出标准“\(standard.key)”已存在") }
        try await store.write { db in
            try await Self.insert(standard, builtIn: false, by: context.actor, at: context.now, on: db)
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "exit_standard", objectID: standard.key, regionCode: nil,
                changes: [FieldChange(field: "名称", old: nil, new: standard.name),
                          FieldChange(field: "适用年度", old: nil, new: "\(standard.firstYear)–\(standard.lastYear.map(String.init) ?? "")")])],
                context: context, on: db)
        }
    }

    /// Changes one indicator's threshold of a county-made standard (built-ins are copied first, so the shipped
    /// standard stays as published).
    public func setThreshold(_ threshold: ExitThreshold?, indicator key: String, level: ExitLevel, of standardKey: String,
                             context: ChangeContext) async throws -> ExitStandard {
        guard let stored = try await standard(standardKey) else { throw StorageError.notFound("退出标准“\(standardKey)”") }
        if stored.builtIn { throw StorageError.invalid("内置标准“\(stored.standard.name)”不能修改，请先复制为本县标准再修改") }
        guard let indicator = stored.standard.indicator(key, level: level) else {
            throw StorageError.notFound("指标“\(key)”（\(level.label)）")
        }
        let updated = try stored.standard.withThreshold(threshold, for: key, level: level)
        if let problem = updated.problems().first { throw StorageError.invalid(problem.description) }
        let json = String(decoding: try updated.encodedJSON(), as: UTF8.self)
        try await store.write { db in
            try await db.update("exit_standards").set("definition", to: json).set("updated_at", to: ChinaTimeStamp.iso(context.now))
                .set("updated_by", to: context.actor).where("key", .equal, standardKey).run()
            try await AuditLog.record([PendingAudit(
                action: .update, objectType: "exit_standard", objectID: standardKey, regionCode: nil,
                changes: [FieldChange(field: "\(level.label)指标“\(indicator.label)”阈值", old: indicator.threshold?.description,
                                      new: threshold?.description)])],
                context: context, on: db)
        }
        return updated
    }

    // MARK: poverty lines

    public func povertyLines() async throws -> PovertyLineTable {
        PovertyLineTable(entries: try await store.db.select().column("*").from("poverty_lines").orderBy("year").orderBy("id").all().map { row in
            var line = PovertyLine(
                year: try row.decode(column: "year", as: Int.self),
                scope: PovertyLine.Scope(rawValue: try row.decode(column: "scope", as: String.self)) ?? .nation,
                regionCode: try row.decode(column: "region_code", as: String?.self),
                regionName: try row.decode(column: "region_name", as: String?.self),
                purpose: PovertyLine.Purpose(rawValue: try row.decode(column: "purpose", as: String.self)) ?? .nbs, yuan: 0,
                concept: PovertyLine.Concept(rawValue: try row.decode(column: "concept", as: String.self)) ?? .net,
                priceBase: try row.decode(column: "price_base", as: Int?.self), document: try row.decode(column: "document", as: String.self),
                url: try row.decode(column: "url", as: String?.self),
                confidence: PovertyLine.Confidence(rawValue: try row.decode(column: "confidence", as: String.self)) ?? .unconfirmed)
            line.amount = Fen(rawValue: try row.decode(column: "amount_fen", as: Int64.self))
            return line
        })
    }

    /// The exit line for a year in the province and county `region` lies in.
    public func exitLine(year: Int, region: RegionCode) async throws -> PovertyLine {
        guard let line = try await povertyLines().line(
            year: year, purpose: .exit, province: String(region.rawValue.prefix(2)), county: String(region.rawValue.prefix(6)))
        else { throw StorageError.invalid("没有适用于 \(year) 年的贫困线，请先在“退出标准”中录入") }
        return line
    }

    /// A county's own line (e.g. the 退出标准 its province published for a year), with its document.
    public func addPovertyLine(_ line: PovertyLine, context: ChangeContext) async throws {
        guard !line.document.isEmpty else { throw StorageError.invalid("贫困线须注明文件出处") }
        try await store.write { db in
            try await Self.insert(line, on: db)
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "poverty_line", objectID: "\(line.year)/\(line.purpose.rawValue)/\(line.regionCode ?? "全国")",
                regionCode: nil, changes: [FieldChange(field: line.purpose.label, old: nil, new: "\(line.amount.display) 元（\(line.document)）")])],
                context: context, on: db)
        }
    }

    // MARK: county figures and settings

    public struct CountyFigure: Sendable, Equatable {
        public var key: String
        public var value: Double
        public var source: String
    }

    public func countyFigures(_ county: RegionCode, year: Int) async throws -> [String: CountyFigure] {
        var out: [String: CountyFigure] = [:]
        for row in try await store.db.select().column("*").from("county_figures").where("county_code", .equal, county.rawValue)
            .where("year", .equal, year).all() {
            let key = try row.decode(column: "key", as: String.self)
            out[key] = CountyFigure(key: key, value: try row.decode(column: "value", as: Double.self), source: try row.decode(column: "source", as: String.self))
        }
        return out
    }

    public func setCountyFigure(_ county: RegionCode, year: Int, key: String, value: Double, source: String, context: ChangeContext) async throws {
        guard !source.trimmingCharacters(in: .whitespaces).isEmpty else { throw StorageError.invalid("县级数据须注明来源") }
        let old = try await countyFigures(county, year: year)[key]
        try await store.write { db in
            try await db.insert(into: "county_figures").columns("county_code", "year", "key", "value", "source", "updated_at", "updated_by")
                .values(SQLBind(county.rawValue), SQLBind(year), SQLBind(key), SQLBind(value), SQLBind(source),
                        SQLBind(ChinaTimeStamp.iso(context.now)), SQLBind(context.actor))
                .onConflict(with: ["county_code", "year", "key"]) {
                    $0.set(excludedValueOf: "value").set(excludedValueOf: "source").set(excludedValueOf: "updated_at").set(excludedValueOf: "updated_by")
                }.run()
            try await AuditLog.record([PendingAudit(
                action: old == nil ? .create : .update, objectType: "county_figure", objectID: "\(year)/\(key)", regionCode: county,
                changes: [FieldChange(field: key, old: old.map { "\($0.value)（\($0.source)）" }, new: "\(value)（\(source)）")])],
                context: context, on: db)
        }
    }

    public func procedureConfig(year: Int) async throws -> ExitProcedureConfig {
        guard let (value, source) = try await SettingsRepository(store: store).value(.exitNoticeDays, year: year), let days = Int(value) else { return .standard }
        return ExitProcedureConfig(noticeDays: days, noticeDaysSource: source)
    }
}
