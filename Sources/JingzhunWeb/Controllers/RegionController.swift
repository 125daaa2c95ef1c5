import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// The region tree browser (户籍档案 entry point): one page per region, addressed by its code, with
/// counts for each child; a village page lists its 组, households and front-line people.
struct RegionController {
    let services: Services

    struct Row: Sendable {
        var url: String
        var code: String
        var name: String
        var levelLabel: String
        var villages: Int
        var poorVillages: Int
        var households: Int
        var people: Int
        var poorHouseholds: Int
    }

    struct HouseholdLine: Sendable {
        var url: String
        var number: String
        var headName: String
        var size: Int
        var statusLabel: String
        var groupName: String
    }

    struct PersonLine: Sendable {
        var url: String
        var name: String
        var postLabel: String
        var title: String
        var phone: String
    }

    struct RegionPage: Sendable {
        var chrome: Chrome
        var crumbs: [Presentation.Crumb]
        var name: String
        var code: String
        var levelLabel: String
        var validFrom: String
        var validTo: String?
        var aliases: String?
        var poorVillage: String?
        /// 村信息 of the latest year, for a village page.
        var villageFacts: [HouseholdController.Fact]
        var hasVillageFacts: Bool
        var childLevelLabel: String
        var showVillageColumns: Bool
        var rows: [Row]
        var hasRows: Bool
        var totals: Row?
        var households: [HouseholdLine]
        var hasHouseholds: Bool
        var moreHouseholds: Bool
        var people: [PersonLine]
        var hasPeople: Bool
        var auditURL: String
        var apiURL: String
        var importURL: String?
        var qualityURL: String
        var exports: [ExportLink]
        var hasExports: Bool
    }

    struct ExportLink: Sendable {
        var label: String
        var xlsxURL: String
        var csvURL: String
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/regions", .read, .ownAccount) { _, _, granted in
            .redirect(to: SiteURL.region(granted.principal.scope).path)
        }
        routes.get("/regions/:code", .read, .region(param: "code")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            return services.renderer.html("region", try await page(path, granted))
        }
        routes.get("/api/regions/:code", .read, .region(param: "code")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            return JSONBody.response(try await RegionDTO(path, services: services))
        }
    }

    /// One row per child region and the total line, shared by the home page and region pages.
    static func rows(_ summaries: [RegionRepository.ChildSummary]) -> ([Row], Row?) {
        let rows = summaries.map { s in
            Row(url: SiteURL.region(s.region.code).path, code: s.region.code.rawValue, name: s.region.shortName,
                levelLabel: s.region.level.label, villages: s.villages, poorVillages: s.poorVillages,
                households: s.households, people: s.people, poorHouseholds: s.poorHouseholds)
        }
        guard !rows.isEmpty else { return (rows, nil) }
        let total = Row(
            url: "", code: "", name: "合计", levelLabel: "", villages: rows.map(\.villages).reduce(0, +),
            poorVillages: rows.map(\.poorVillages).reduce(0, +), households: rows.map(\.households).reduce(0, +),
            people: rows.map(\.people).reduce(0, +), poorHouseholds: rows.map(\.poorHouseholds).reduce(0, +))
        return (rows, total)
    }

    func page(_ path: RegionPath, _ granted: Granted) async throws -> RegionPage {
        let region = path.region
        let present = Presentation(principal: granted.principal)
        let (rows, totals) = Self.rows(try await services.regions.childSummaries(of: region.code))
        var households: [HouseholdLine] = []
        var people: [PersonLine] = []
        var more = false
        if region.level >= .village {
            let names = Dictionary(uniqueKeysWithValues: (try await services.regions.descendants(of: region.code, level: .group)).map { ($0.code, $0.name) })
            let pairedTo = granted.principal.pairingFilter
            let list = try await services.register.households(within: region.code, pairedTo: pairedTo, limit: 301)
            more = list.count > 300
            households = list.prefix(300).map { h in
                HouseholdLine(url: SiteURL.household(h.household.number).path, number: h.household.number, headName: h.household.headName,
                              size: h.household.size, statusLabel: h.household.status.label, groupName: names[h.household.regionCode] ?? "")
            }
        }
        if region.level >= .town {
            let posts = try await services.organisation.posts(within: region.code, on: ChinaTime.day(services.clock()))
                .filter { $0.regionCode == region.code && $0.kind != .helpCadre }
            let persons = try await services.organisation.persons(posts.map(\.personID))
            for post in posts {
                guard let person = persons[post.personID] else { continue }
                people.append(PersonLine(url: SiteURL.person(person.id).path, name: person.name, postLabel: post.kind.label,
                                         title: post.title, phone: present.phone(person.phone)))
            }
        }
        let mayExport = AccessPolicy.decide(granted.principal, .read, .registerExport(path)).isAllowed
        let exports: [ExportLink] = !mayExport ? [] : RegisterSheet.allCases.map { sheet in
            let base = "/regions/\(region.code.rawValue)/export?sheet=\(sheet.name.formEncoded)&format="
            return ExportLink(label: sheet.name, xlsxURL: base + "xlsx", csvURL: base + "csv")
        }
        var facts: [HouseholdController.Fact] = []
        if region.level == .village, let v = try await RegisterReader(store: services.store).villages(within: region.code, year: 9999).first {
            let yes = { (b: Bool) in b ? "是" : "否" }
            facts = [
                .init(label: "总户数", value: "\(v.totalHouseholds) 户"), .init(label: "总人口", value: "\(v.totalPopulation) 人"),
                .init(label: "通硬化路", value: yes(v.hardenedRoad)), .init(label: "安全饮水", value: yes(v.safeWater)),
                .init(label: "电力入户率", value: Percent.text(v.electricityRateBasisPoints)),
                .init(label: "标准化卫生室", value: yes(v.standardClinic)), .init(label: "集体经济组织", value: yes(v.collectiveEconomy)),
            ]
        }
        var poor: String?
        if region.level == .village {
            poor = try await services.register.villageProfile(region.code).map { p in
                p.isPoorVillage ? "贫困村" + (p.exitYear.map { "（\($0)年退出）" } ?? "") : "非贫困村"
            }
        }
        return RegionPage(
            chrome: Chrome(title: region.name, granted: granted, section: .register), crumbs: present.breadcrumbs(path),
            name: region.name, code: region.code.rawValue, levelLabel: region.level.label, validFrom: region.validFrom,
            validTo: region.validTo, aliases: try await services.regions.aliases(of: region.code).joined(separator: "、").nilIfEmpty,
            poorVillage: poor, villageFacts: facts, hasVillageFacts: !facts.isEmpty, childLevelLabel: region.level.child?.label ?? "",
            showVillageColumns: (region.level.child ?? .group) < .village, rows: rows, hasRows: !rows.isEmpty,
            totals: totals, households: households, hasHouseholds: !households.isEmpty, moreHouseholds: more,
            people: people, hasPeople: !people.isEmpty,
            auditURL: SiteURL.auditObject(type: "region", id: region.code.rawValue).path,
            apiURL: "/api/regions/\(region.code.rawValue)",
            importURL: AccessPolicy.decide(granted.principal, .write, .region(path)).isAllowed && region.level <= .village
                ? "/regions/\(region.code.rawValue)/import" : nil,
            qualityURL: "/regions/\(region.code.rawValue)/quality", exports: exports, hasExports: !exports.isEmpty)
    }
}

/// `GET /api/regions/:code`
struct RegionDTO: Encodable, Sendable {
    struct Child: Encodable, Sendable {
        var code: String
        var name: String
        var level: String
        var villages: Int
        var poorVillages: Int
        var households: Int
        var people: Int
    }

    var code: String
    var name: String
    var level: String
    var parent: String?
    var validFrom: String
    var validTo: String?
    var children: [Child]

    init(_ path: RegionPath, services: Services) async throws {
        let r = path.region
        code = r.code.rawValue
        name = r.name
        level = r.level.rawValue
        parent = r.parentCode?.rawValue
        validFrom = r.validFrom
        validTo = r.validTo
        children = try await services.regions.childSummaries(of: r.code).map {
            Child(code: $0.region.code.rawValue, name: $0.region.name, level: $0.region.level.rawValue, villages: $0.villages,
                  poorVillages: $0.poorVillages, households: $0.households, people: $0.people)
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
