import Foundation
public import JingzhunDomain
import SQLKit

/// 三率一度 evaluation samples (issue 5 §5): a sampled household and what the evaluators found. Drawing uses
/// `EvaluationSampler` (reproducible by seed); recording a finding is audit-logged.
public struct EvaluationSampleRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Stored: Sendable, Equatable {
        public var id: Int64
        public var sample: EvaluationSample
    }

    public func samples(county: RegionCode, year: Int) async throws -> [EvaluationSample] {
        try await stored(county: county, year: year).map(\.sample)
    }

    public func stored(county: RegionCode, year: Int) async throws -> [Stored] {
        try await store.db.select().column("*").from("evaluation_samples").where("county_code", .equal, county.rawValue)
            .where("year", .equal, year).orderBy("village_code").orderBy("household_number").all().map { row in
                Stored(id: try row.decode(column: "id", as: Int64.self), sample: EvaluationSample(
                    householdNumber: try row.decode(column: "household_number", as: String.self),
                    villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!,
                    kind: EvaluationSample.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .exited,
                    size: try row.decode(column: "size", as: Int?.self), wrongExit: try row.decode(column: "wrong_exit", as: Bool?.self),
                    omission: try row.decode(column: "omission", as: Bool?.self), approves: try row.decode(column: "approves", as: Bool?.self)))
            }
    }

    /// Draws a reproducible sample of registered households of the county (exited and still poor), `perVillage`
    /// from each village, and stores them without findings. Drawing again with the same seed gives the same list.
    public func draw(county: RegionCode, year: Int, perVillage: Int, seed: UInt64, context: ChangeContext) async throws -> [EvaluationSample] {
        let rows = try await store.db.raw("""
            SELECT h.number, h.village_code, y.status, y.size FROM households h
            JOIN household_years y ON \(RegisterSQL.figures(atMost: year))
            WHERE \(RegisterSQL.within("h.village_code", county)) AND \(RegisterSQL.current)
            """).all()
        var info: [String: (PovertyStatus, Int)] = [:]
        var candidates: [SampledHousehold] = []
        for row in rows {
            let number = try row.decode(column: "number", as: String.self)
            info[number] = (PovertyStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .poor, try row.decode(column: "size", as: Int.self))
            candidates.append(SampledHousehold(number: number, villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!))
        }
        let drawn = EvaluationSampler.draw(households: candidates, allocation: .perVillage(perVillage), seed: seed).map { s in
            let (status, size) = info[s.number]!
            return EvaluationSample(householdNumber: s.number, villageCode: s.villageCode, kind: status.countsAsPoor ? .registeredPoor : .exited, size: size)
        }
        try await store.write { db in
            try await db.delete(from: "evaluation_samples").where("county_code", .equal, county.rawValue).where("year", .equal, year).run()
            for chunk in stride(from: 0, to: drawn.count, by: 500) {
                try await db.insert(into: "evaluation_samples")
                    .columns("county_code", "year", "household_number", "village_code", "kind", "size", "recorded_by", "recorded_at")
                    .rows(drawn[chunk..<min(chunk + 500, drawn.count)].map { s in
                        [SQLBind(county.rawValue), SQLBind(year), SQLBind(s.householdNumber), SQLBind(s.villageCode.rawValue), SQLBind(s.kind.rawValue),
                         SQLBind(s.size), SQLBind(context.actor), SQLBind(ChinaTimeStamp.iso(context.now))] as [any SQLExpression]
                    }).run()
            }
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "evaluation_sample", objectID: "\(year)", regionCode: county,
                changes: [FieldChange(field: "抽样", old: nil, new: "每村 \(perVillage) 户，种子 \(seed)，共 \(drawn.count) 户")])],
                context: context, on: db)
        }
        return drawn
    }

    /// Adds one sampled household by hand (e.g. a non-registered household the evaluators visited).
    public func add(_ sample: EvaluationSample, county: RegionCode, year: Int, context: ChangeContext) async throws {
        try await store.write { db in
            try await db.insert(into: "evaluation_samples")
                .columns("county_code", "year", "household_number", "village_code", "kind", "size", "wrong_exit", "omission", "approves",
                         "recorded_by", "recorded_at")
                .values(SQLBind(county.rawValue), SQLBind(year), SQLBind(sample.householdNumber), SQLBind(sample.villageCode.rawValue),
                        SQLBind(sample.kind.rawValue), SQLBind(sample.size), SQLBind(sample.wrongExit), SQLBind(sample.omission),
                        SQLBind(sample.approves), SQLBind(context.actor), SQLBind(ChinaTimeStamp.iso(context.now)))
                .run()
            try await AuditLog.record([PendingAudit(
                action: .create, objectType: "evaluation_sample", objectID: sample.householdNumber, regionCode: sample.villageCode,
                changes: Self.findingChanges(old: nil, new: sample))], context: context, on: db)
        }
    }

    /// Records the evaluators' findings for a sampled household.
    public func recordFinding(id: Int64, wrongExit: Bool?, omission: Bool?, approves: Bool?, context: ChangeContext) async throws {
        guard let row = try await store.db.select().column("*").from("evaluation_samples").where("id", .equal, id).first() else {
            throw StorageError.notFound("抽样记录 \(id)")
        }
        let number = try row.decode(column: "household_number", as: String.self)
        let village = RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!
        let old = EvaluationSample(householdNumber: number, villageCode: village, kind: .exited,
                                   wrongExit: try row.decode(column: "wrong_exit", as: Bool?.self),
                                   omission: try row.decode(column: "omission", as: Bool?.self), approves: try row.decode(column: "approves", as: Bool?.self))
        var new = old
        new.wrongExit = wrongExit
        new.omission = omission
        new.approves = approves
        let changes = Self.findingChanges(old: old, new: new)
        try await store.write { db in
            try await db.update("evaluation_samples").set("wrong_exit", to: wrongExit).set("omission", to: omission).set("approves", to: approves)
                .set("recorded_by", to: context.actor).set("recorded_at", to: ChinaTimeStamp.iso(context.now)).where("id", .equal, id).run()
            try await AuditLog.record([PendingAudit(
                action: .update, objectType: "evaluation_sample", objectID: number, regionCode: village,
                changes: changes)], context: context, on: db)
        }
    }

    static func findingChanges(old: EvaluationSample?, new: EvaluationSample) -> [FieldChange] {
        func text(_ b: Bool?) -> String? { b.map { $0 ? "是" : "否" } }
        return [("错退", \EvaluationSample.wrongExit), ("漏评", \.omission), ("认可", \.approves)].compactMap { label, path in
            let o = old.flatMap { text($0[keyPath: path]) }, n = text(new[keyPath: path])
            return o == n ? nil : FieldChange(field: label, old: o, new: n)
        }
    }
}
