import Foundation
import JingzhunDomain
import SQLKit

/// Matches the names a plan prints (扶贫局 / 县扶贫局 / 县脱贫办, 惠生卫) to the county's units and persons, so
/// reports and notices reach real accounts. A name that matches nothing stays as printed (a post such as
/// "分管农业副县长" is a legitimate leader).
struct PartyDirectory: Sendable {
    var unitsByName: [String: OrgUnit.ID] = [:]
    var personsByName: [String: Person.ID] = [:]
    /// The county's towns: name, government unit, party secretary.
    var towns: [(code: RegionCode, name: String, unit: OrgUnit?, leader: (Person.ID, String)?)] = []

    static func load(county: RegionCode, on day: String, db: any SQLDatabase) async throws -> PartyDirectory {
        var d = PartyDirectory()
        let units = try await db.raw("""
            SELECT u.* FROM units u WHERE \(RegisterSQL.within("u.region_code", county)) ORDER BY u.id
            """).all().map(OrganisationRepository.decodeUnit)
        for unit in units {
            for name in [unit.name] + unit.aliases where !name.isEmpty {
                d.unitsByName[name] = d.unitsByName[name] ?? unit.id
                // Plans write both 县水利局 and 水利局.
                if name.hasPrefix("县") { d.unitsByName[String(name.dropFirst())] = d.unitsByName[String(name.dropFirst())] ?? unit.id }
                else { d.unitsByName["县" + name] = d.unitsByName["县" + name] ?? unit.id }
            }
        }
        var seen: [String: Int] = [:]
        var people: [String: Person.ID] = [:]
        for row in try await db.raw("""
            SELECT p.id, p.name FROM persons p WHERE \(RegisterSQL.within("p.region_code", county))
            """).all() {
            let name = try row.decode(column: "name", as: String.self)
            seen[name, default: 0] += 1
            people[name] = Person.ID(rawValue: try row.decode(column: "id", as: Int64.self))
        }
        // Two people of one name cannot be told apart from a plan's text: leave them unmatched.
        d.personsByName = people.filter { seen[$0.key] == 1 }
        // Current towns only (a merged town gets no sub-task), and each one's party secretary on `day`, read once for
        // the county — the same "in office" test as OrganisationRepository.posts(within:on:).
        var secretaries: [RegionCode: (Person.ID, String)] = [:]
        for row in try await db.raw("""
            SELECT s.region_code, p.id, p.name FROM posts s JOIN persons p ON p.id = s.person_id
            WHERE s.kind = \(bind: PostKind.townPartySecretary.rawValue) AND \(RegisterSQL.within("s.region_code", county))
              AND s.valid_from <= \(bind: day) AND (s.valid_to IS NULL OR s.valid_to > \(bind: day))
            ORDER BY s.valid_from
            """).all() {
            secretaries[RegionCode(rawValue: try row.decode(column: "region_code", as: String.self))!] =
                (Person.ID(rawValue: try row.decode(column: "id", as: Int64.self)), try row.decode(column: "name", as: String.self))
        }
        for row in try await db.select().columns("code", "name").from("regions").where("parent_code", .equal, county.rawValue)
            .where("valid_to", .is, SQLLiteral.null).orderBy("code").all() {
            let code = RegionCode(rawValue: try row.decode(column: "code", as: String.self))!
            d.towns.append((code, try row.decode(column: "name", as: String.self),
                            units.first { $0.kind == .townGovernment && $0.regionCode == code }, secretaries[code]))
        }
        return d
    }

    func party(_ role: TaskParty.Role, _ name: String) -> TaskParty {
        switch role {
        case .leadUnit, .responsibleUnit, .cooperatingUnit: TaskParty(role: role, name: name, unitID: unitsByName[name])
        case .leader, .responsible: TaskParty(role: role, name: name, personID: personsByName[name])
        }
    }

    /// The town government as a party of a task (its unit's own name when the county lists it).
    func townUnit(_ code: RegionCode, role: TaskParty.Role) -> TaskParty? {
        guard let town = towns.first(where: { $0.code == code }) else { return nil }
        return TaskParty(role: role, name: town.unit?.name ?? "\(town.name)人民政府", unitID: town.unit?.id)
    }

    func parties(_ action: ParsedAction) -> [TaskParty] {
        action.leaders.map { party(.leader, $0) } + action.leadUnits.map { party(.leadUnit, $0) }
            + action.responsibleUnits.map { party(.responsibleUnit, $0) } + action.cooperatingUnits.map { party(.cooperatingUnit, $0) }
            + action.persons.map { party(.responsible, $0) }
    }
}
