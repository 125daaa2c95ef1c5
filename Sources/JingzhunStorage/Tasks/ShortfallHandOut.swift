import Foundation
public import JingzhunDomain
import SQLKit

/// Turns exit-standard shortfalls (短板, issue 5 §4) into tasks of the shared core: one per village and failing
/// indicator, led by the unit the county assigns to the indicator's sector (setting `task.sector_units`, e.g.
/// 住建 → 住建局, as the seeds' 责任落实表 [000 2-1…2-17] assign them) with the village's town government
/// cooperating. A shortfall that already has an open task is not handed out twice.
public struct ShortfallHandOut: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Result: Sendable, Equatable {
        public var created = 0
        public var alreadyOpen = 0
        public init(created: Int = 0, alreadyOpen: Int = 0) {
            self.created = created
            self.alreadyOpen = alreadyOpen
        }
    }

    public static func number(_ draft: ShortfallTaskDraft) -> String { "短板-\(draft.indicatorKey)" }

    public func handOut(_ drafts: [ShortfallTaskDraft], deadline: FuzzyDeadline?, county: RegionCode, year: Int,
                        context: ChangeContext) async throws -> Result {
        let sectors = try await SettingsRepository(store: store).decoded(.sectorUnits, year: year, as: [String: String].self) ?? [:]
        return try await store.write { db in
            let directory = try await PartyDirectory.load(county: county, on: ChinaTime.day(context.now), db: db)
            var result = Result()
            // Open shortfall tasks, read once: village and indicator are their key.
            var open = Set<String>()
            for row in try await db.select().columns("region_code", "number").from("tasks").where("kind", .equal, TaskKind.shortfall.rawValue)
                .where("status", .notEqual, TaskStatus.closed.rawValue).all() {
                open.insert(try row.decode(column: "region_code", as: String.self) + "|" + row.decode(column: "number", as: String.self))
            }
            for draft in drafts {
                guard open.insert(draft.regionCode.rawValue + "|" + Self.number(draft)).inserted else { result.alreadyOpen += 1; continue }
                var parties = draft.suggestedSectors.enumerated().map { i, sector in
                    directory.party(i == 0 ? .leadUnit : .cooperatingUnit, sectors[sector.rawValue] ?? "\(sector.label)主管部门")
                }
                if let town = ShortfallSummary.townCode(of: draft.regionCode), let t = directory.towns.first(where: { $0.code == town }) {
                    parties.append(directory.townUnit(town, role: .cooperatingUnit)!)
                    if let leader = t.leader { parties.insert(TaskParty(role: .leader, name: leader.1, personID: leader.0), at: 0) }
                }
                _ = try await TaskRepository.insertTask(
                    kind: .shortfall, plan: nil, parent: nil, position: 0, number: Self.number(draft), title: draft.title,
                    content: "\(year) 年退出标准评估：\(draft.householdCount) 户未达标，逐户整改到位后销号。", deadline: deadline, milestones: [],
                    region: draft.regionCode, parties: parties, context: context, on: db)
                result.created += 1
            }
            return result
        }
    }
}
