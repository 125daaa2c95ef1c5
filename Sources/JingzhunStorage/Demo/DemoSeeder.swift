public import Foundation
public import JingzhunDomain
import SQLKit

/// Writes `DemoCounty` into an empty database, in one transaction, audit-logged as "demo".
/// Re-running on a seeded database changes nothing.
public struct DemoSeeder: Sendable {
    public let store: Store
    public let bcryptCost: UInt8

    public init(store: Store, bcryptCost: UInt8 = 10) {
        self.store = store
        self.bcryptCost = bcryptCost
    }

    public enum Outcome: Sendable, Equatable {
        case seeded(households: Int)
        case alreadySeeded
    }

    public func seed(_ county: DemoCounty = .generate(), now: Date = Date()) async throws -> Outcome {
        if try await store.db.select().column("id").from("accounts").where("username", .equal, "admin").first() != nil {
            return .alreadySeeded
        }
        let context = ChangeContext(actorAccountID: nil, actor: "demo", now: now)
        try await store.write { db in
            _ = try await RegionRepository.upsert(county.regions, context: context, on: db)
            var unitIDs: [String: OrgUnit.ID] = [:]
            for spec in county.units {
                let unit = try await OrganisationRepository.createUnit(
                    name: spec.name, aliases: spec.aliases, kind: spec.kind, regionCode: spec.regionCode, context: context, on: db)
                unitIDs[spec.name] = unit.id
            }
            for group in county.groups {
                let gid = try await db.insert(into: "unit_groups").columns("name", "note").values(SQLBind(group.name), SQLBind(group.note))
                    .returning("id").first()!.decode(column: "id", as: Int64.self)
                for (name, lead) in group.members {
                    guard let uid = unitIDs[name] else { continue }
                    try await db.insert(into: "unit_group_members").columns("group_id", "unit_id", "is_lead")
                        .values(SQLBind(gid), SQLBind(uid.rawValue), SQLBind(lead)).run()
                }
            }

            for spec in county.persons {
                let unitID = spec.unitName.flatMap { unitIDs[$0] }
                let person = try await OrganisationRepository.createPerson(
                    name: spec.name, phone: spec.phone, unitID: unitID, regionCode: spec.regionCode, context: context, on: db)
                _ = try await OrganisationRepository.addPost(
                    spec.post, title: spec.title, person: person.id, unitID: unitID, regionCode: spec.regionCode,
                    validFrom: "2017-01-01", context: context, on: db)

            }
        }
        // The register goes in the way a clerk's ledger does: through the importer, last year first.
        let register = county.register
        _ = try await RegisterImporter(store: store).run([
            SheetRows(fileName: "演示台账（上年）", sheetLabel: RegisterSheet.households.name, sheet: .households,
                      header: RegisterSheet.households.headers, rows: Self.numbered(register.previousYear)),
        ], year: register.year - 1, context: context)
        _ = try await RegisterImporter(store: store).run([
            SheetRows(fileName: "演示台账", sheetLabel: RegisterSheet.villages.name, sheet: .villages,
                      header: RegisterSheet.villages.headers, rows: Self.numbered(register.villages)),
            SheetRows(fileName: "演示台账", sheetLabel: RegisterSheet.households.name, sheet: .households,
                      header: RegisterSheet.households.headers, rows: Self.numbered(register.households)),
            SheetRows(fileName: "演示台账", sheetLabel: RegisterSheet.members.name, sheet: .members,
                      header: RegisterSheet.members.headers, rows: Self.numbered(register.members)),
        ], year: register.year, context: context)
        try await store.write { db in
            // Each 帮扶干部 is paired with up to five households of their village (half, in a small one).
            var byVillage: [String: [String]] = [:]
            for row in register.households { byVillage[String(row[0].prefix(12)), default: []].append(row[0]) }
            let personIDs = try await db.select().column("id").from("persons").orderBy("id").all()
                .map { Person.ID(rawValue: try $0.decode(column: "id", as: Int64.self)) }
            var cursor: [String: Int] = [:]
            for (index, spec) in county.persons.enumerated() where spec.post == .helpCadre {
                let list = byVillage[spec.regionCode.rawValue] ?? []
                let start = cursor[spec.regionCode.rawValue, default: 0]
                for number in list.dropFirst(start).prefix(min(5, max(1, list.count / 2))) {
                    try await db.raw("""
                        INSERT INTO household_pairings (household_id, person_id, valid_from, valid_to)
                        SELECT id, \(bind: personIDs[index].rawValue), \(bind: "2017-01-01"), NULL FROM households WHERE number = \(bind: number)
                        """).run()
                }
                cursor[spec.regionCode.rawValue] = start + 5
            }
        }
        let accounts = AccountRepository(store: store, bcryptCost: bcryptCost)
        let units = OrganisationRepository(store: store)
        let persons = try await store.db.select().column("id").from("persons").orderBy("id").all()
            .map { Person.ID(rawValue: try $0.decode(column: "id", as: Int64.self)) }
        for spec in county.accounts {
            let unitID = try await spec.unitName.asyncMap { try await units.unit(named: $0)?.id } ?? nil
            _ = try await accounts.create(
                username: spec.username, displayName: spec.displayName, password: DemoCounty.demoPassword, role: spec.role,
                scope: spec.scope, unitID: unitID, personID: spec.personIndex.map { persons[$0] }, context: context)
        }
        try await seedChanges(county, accounts: accounts, now: now)
        try await seedExit(county, accounts: accounts, now: now)
        if county.includesTaskPlan { try await seedTasks(county, accounts: accounts, now: now) }
        try await seedMonitoring(county, accounts: accounts, now: now)
        return .seeded(households: county.register.households.count)
    }

    static func numbered(_ rows: [[String]]) -> [(Int, [String])] { rows.enumerated().map { ($0 + 2, $1) } }

    /// A few household changes in the first village: two waiting for the town (增员, 合户), one approved, one returned.
    func seedChanges(_ county: DemoCounty, accounts: AccountRepository, now: Date) async throws {
        guard let cun = try await accounts.find(username: "cun01"), let zhen = try await accounts.find(username: "zhen01") else { return }
        let village = cun.scope.rawValue
        let numbers = county.register.households.filter { $0[0].hasPrefix(village) }.map { $0[0] }
        guard numbers.count >= 3 else { return }
        let repo = HouseholdChangeRepository(store: store)
        let byVillage = ChangeContext(actorAccountID: cun.id, actor: cun.username, now: now.addingTimeInterval(-3 * 86400))
        let byTown = ChangeContext(actorAccountID: zhen.id, actor: zhen.username, now: now.addingTimeInterval(-86400))
        let baby = MemberRecord(
            householdNumber: "",             name: "新生儿", idNumber: IDNumberChecksum.make(area: "610927", birth: "\(DemoCounty.registerYear)-09-12", sequence: 998, male: false),
            sex: .female, birthDate: "\(DemoCounty.registerYear)-09-12", relation: .granddaughter, schoolStatus: .preschool, health: .healthy,
            labourSkill: .none, medicalInsurance: true, seriousIllnessInsurance: true)
        _ = try await repo.propose(household: numbers[0], detail: .addMember(baby), reason: "新生儿落户", context: byVillage)
        let moved = try await repo.propose(household: numbers[1], detail: .move(toRegion: cun.scope), reason: "易地搬迁安置到村集中点", context: byVillage)
        try await repo.decide(moved.id, approve: true, note: "已核实，同意", context: byTown)
        let members = county.register.members.filter { $0[0] == numbers[2] }
        if let someone = members.last, members.count > 1 {
            let removed = try await repo.propose(household: numbers[2], detail: .removeMember(idNumber: someone[2]), reason: "婚迁外县", context: byVillage)
            try await repo.decide(removed.id, approve: false, note: "请补充迁出证明后再报", context: byTown)
        }
        if numbers.count >= 5 {
            _ = try await repo.propose(household: numbers[3], detail: .merge(absorbedNumber: numbers[4]), reason: "老人随子女生活，两户合为一户",
                                       context: byVillage)
        }
    }
}
