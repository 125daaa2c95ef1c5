import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// Units (with their groups) and people (with their posts), limited to the viewer's region subtree.
struct OrganisationController {
    let services: Services

    struct UnitLine: Sendable {
        var url: String
        var name: String
        var aliases: String
        var kindLabel: String
    }

    struct GroupLine: Sendable {
        var name: String
        var note: String
        var members: [UnitLine]
        var lead: String
    }

    struct UnitsPage: Sendable {
        var chrome: Chrome
        var units: [UnitLine]
        var hasUnits: Bool
        var groups: [GroupLine]
        var hasGroups: Bool
        var canConfigure: Bool
        var groupURL = "/units/groups"
        var message: String?
        var error: String?
    }

    struct PersonLine: Sendable {
        var url: String
        var name: String
        var phone: String
        var posts: String
        var regionName: String
    }

    struct UnitPage: Sendable {
        var chrome: Chrome
        var name: String
        var aliases: String
        var kindLabel: String
        var regionName: String
        var regionURL: String
        var people: [PersonLine]
        var hasPeople: Bool
        var groups: String
        var auditURL: String
    }

    struct PeoplePage: Sendable {
        var chrome: Chrome
        var people: [PersonLine]
        var hasPeople: Bool
        var truncated: Bool
    }

    struct PostLine: Sendable {
        var label: String
        var title: String
        var from: String
        var to: String
        var regionURL: String
        var regionName: String
    }

    struct PersonPage: Sendable {
        var chrome: Chrome
        var crumbs: [Presentation.Crumb]
        var name: String
        var phone: String
        var unitName: String
        var unitURL: String?
        var posts: [PostLine]
        var auditURL: String
    }

    struct UnitDTO: Encodable, Sendable {
        var id: Int64
        var name: String
        var aliases: [String]
        var kind: String
        var region: String
    }

    struct PersonDTO: Encodable, Sendable {
        struct PostDTO: Encodable, Sendable {
            var kind: String
            var title: String
            var region: String
            var validFrom: String
            var validTo: String?
        }
        var id: Int64
        var name: String
        var phone: String
        var unitID: Int64?
        var region: String
        var posts: [PostDTO]
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/units", .read, .scopedList) { _, _, granted in
            try await unitsPage(granted, message: nil, error: nil)
        }
        // 八办两组 / 十办五保障: the office names its own groups (DOMAIN.md §1: "Make the bodies a configurable list").
        routes.post("/units/groups", .write, .configuration) { _, _, granted in
            let f = granted.form
            guard let name = f["name"], let memberText = f["members"] else {
                return try await unitsPage(granted, message: nil, error: "请填写分组名称和成员单位", status: .badRequest)
            }
            var members: [UnitGroup.Member] = []
            var unknown: [String] = []
            let lead = f["lead"]
            for raw in memberText.split(whereSeparator: { "、，,\n ".contains($0) }).map(String.init) {
                guard let unit = try await services.organisation.unit(named: raw) else { unknown.append(raw); continue }
                if !members.contains(where: { $0.unitID == unit.id }) { members.append(.init(unitID: unit.id, isLead: raw == lead || unit.name == lead)) }
            }
            guard unknown.isEmpty, !members.isEmpty else {
                return try await unitsPage(granted, message: nil, error: "找不到单位：\(unknown.joined(separator: "、"))", status: .badRequest)
            }
            do {
                _ = try await services.organisation.createGroup(
                    name: name, note: f["note"] ?? "", members: members,
                    context: services.changeContext(granted))
            } catch let error as StorageError {
                return try await unitsPage(granted, message: nil, error: error.description, status: .badRequest)
            }
            return try await unitsPage(granted, message: "已建立分组“\(name)”（\(members.count) 个成员单位）", error: nil)
        }
        addObjectRoutes(to: routes)
    }

    private func unitsPage(_ granted: Granted, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
            let units = try await services.organisation.units(within: granted.principal.scope)
            let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })
            let groups = try await services.organisation.groups().compactMap { g -> GroupLine? in
                let members = g.members.compactMap { byID[$0.unitID] }
                guard !members.isEmpty else { return nil }
                let lead = g.members.filter(\.isLead).compactMap { byID[$0.unitID]?.name }.joined(separator: "、")
                return GroupLine(name: g.name, note: g.note, members: members.map(line), lead: lead)
            }
            return services.renderer.html("units", UnitsPage(
                chrome: Chrome(title: "单位与议事机构", granted: granted, section: .admin), units: units.map(line),
                hasUnits: !units.isEmpty, groups: groups, hasGroups: !groups.isEmpty,
                canConfigure: AccessPolicy.decide(granted.principal, .write, .configuration).isAllowed,
                message: message, error: error), status: status)
    }

    private func addObjectRoutes(to routes: GuardedRouter) {
        routes.get("/units/:unitID", .read, .unit(param: "unitID")) { _, _, granted in
            guard case .unit(let unit, let path) = granted.target else { throw HTTPError(.notFound) }
            let people = try await services.organisation.persons(within: granted.principal.scope, unit: unit.id)
            let groups = try await services.organisation.groups().filter { $0.members.contains { $0.unitID == unit.id } }
            return services.renderer.html("unit", UnitPage(
                chrome: Chrome(title: unit.name, granted: granted, section: .admin), name: unit.name,
                aliases: unit.aliases.joined(separator: "、"), kindLabel: unit.kind.label, regionName: path.region.name,
                regionURL: SiteURL.region(path.region.code).path, people: try await lines(people, granted), hasPeople: !people.isEmpty,
                groups: groups.map(\.name).joined(separator: "、"), auditURL: SiteURL.auditObject(type: "unit", id: unit.id.description).path))
        }
        routes.get("/api/units/:unitID", .read, .unit(param: "unitID")) { _, _, granted in
            guard case .unit(let u, _) = granted.target else { throw HTTPError(.notFound) }
            return JSONBody.response(UnitDTO(id: u.id.rawValue, name: u.name, aliases: u.aliases, kind: u.kind.rawValue, region: u.regionCode.rawValue))
        }
        routes.get("/people", .read, .scopedList) { _, _, granted in
            let people = try await services.organisation.persons(within: granted.principal.scope, limit: 1001)
            return services.renderer.html("people", PeoplePage(
                chrome: Chrome(title: "干部与帮扶人员", granted: granted, section: .help),
                people: try await lines(Array(people.prefix(1000)), granted), hasPeople: !people.isEmpty, truncated: people.count > 1000))
        }
        routes.get("/people/:personID", .read, .person(param: "personID")) { _, _, granted in
            guard case .person(let person, let path) = granted.target else { throw HTTPError(.notFound) }
            let present = Presentation(principal: granted.principal)
            var posts: [PostLine] = []
            for post in try await services.organisation.posts(of: person.id) {
                let region = try await services.regions.find(post.regionCode)
                posts.append(PostLine(label: post.kind.label, title: post.title, from: post.validFrom, to: post.validTo ?? "至今",
                                      regionURL: SiteURL.region(post.regionCode).path, regionName: region?.shortName ?? post.regionCode.rawValue))
            }
            let unit = try await person.unitID.asyncFlatMap { try await services.organisation.unit($0) }
            return services.renderer.html("person", PersonPage(
                chrome: Chrome(title: person.name, granted: granted, section: .help), crumbs: present.breadcrumbs(path, includingSelf: true),
                name: person.name, phone: present.phone(person.phone), unitName: unit?.name ?? "",
                unitURL: unit.map { SiteURL.unit($0.id).path }, posts: posts,
                auditURL: SiteURL.auditObject(type: "person", id: person.id.description).path))
        }
        routes.get("/api/people/:personID", .read, .person(param: "personID")) { _, _, granted in
            guard case .person(let p, _) = granted.target else { throw HTTPError(.notFound) }
            let posts = try await services.organisation.posts(of: p.id).map {
                PersonDTO.PostDTO(kind: $0.kind.label, title: $0.title, region: $0.regionCode.rawValue, validFrom: $0.validFrom, validTo: $0.validTo)
            }
            return JSONBody.response(PersonDTO(
                id: p.id.rawValue, name: p.name, phone: Presentation(principal: granted.principal).phone(p.phone),
                unitID: p.unitID?.rawValue, region: p.regionCode.rawValue, posts: posts))
        }
    }

    private func line(_ u: OrgUnit) -> UnitLine {
        UnitLine(url: SiteURL.unit(u.id).path, name: u.name, aliases: u.aliases.joined(separator: "、"), kindLabel: u.kind.label)
    }

    private func lines(_ people: [Person], _ granted: Granted) async throws -> [PersonLine] {
        let present = Presentation(principal: granted.principal)
        let posts = try await services.organisation.posts(within: granted.principal.scope, on: ChinaTime.day(services.clock()))
        let byPerson = Dictionary(grouping: posts, by: \.personID)
        var names: [RegionCode: String] = [:]
        var result: [PersonLine] = []
        for p in people {
            if names[p.regionCode] == nil { names[p.regionCode] = try await services.regions.find(p.regionCode)?.shortName ?? "" }
            result.append(PersonLine(url: SiteURL.person(p.id).path, name: p.name, phone: present.phone(p.phone),
                                     posts: (byPerson[p.id] ?? []).map(\.title).joined(separator: "、"), regionName: names[p.regionCode] ?? ""))
        }
        return result
    }
}
