import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// The foundation's household page: who, where, status and the paired cadres. The register issue
/// adds members, incomes and conditions to this page.
struct HouseholdController {
    let services: Services

    struct HouseholdPage: Sendable {
        var chrome: Chrome
        var crumbs: [Presentation.Crumb]
        var number: String
        var headName: String
        var size: Int
        var statusLabel: String
        var firstIdentifiedYear: Int
        var exitYear: Int?
        var cadres: [Cadre]
        var hasCadres: Bool
        var auditURL: String
        struct Cadre: Sendable {
            var name: String
            var url: String
            var phone: String
        }
    }

    struct HouseholdDTO: Encodable, Sendable {
        var number: String
        var region: String
        var village: String
        var headName: String
        var size: Int
        var status: String
        var firstIdentifiedYear: Int
        var exitYear: Int?
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/households/:number", .read, .household(param: "number")) { _, _, granted in
            guard case .household(let row, let path) = granted.target else { throw HTTPError(.notFound) }
            let present = Presentation(principal: granted.principal)
            var cadres: [HouseholdPage.Cadre] = []
            for id in row.pairedPersons.sorted(by: { $0.rawValue < $1.rawValue }) {
                guard let p = try await services.organisation.person(id) else { continue }
                cadres.append(.init(name: p.name, url: SiteURL.person(p.id).path, phone: present.phone(p.phone)))
            }
            let h = row.household
            return services.renderer.html("household", HouseholdPage(
                chrome: Chrome(title: "户 \(h.number)", granted: granted, section: .register), crumbs: present.breadcrumbs(path, includingSelf: true),
                number: h.number, headName: h.headName, size: h.size, statusLabel: h.status.label,
                firstIdentifiedYear: h.firstIdentifiedYear, exitYear: h.exitYear, cadres: cadres, hasCadres: !cadres.isEmpty,
                auditURL: SiteURL.auditObject(type: "household", id: h.number).path))
        }
        routes.get("/api/households/:number", .read, .household(param: "number")) { _, _, granted in
            guard case .household(let row, _) = granted.target else { throw HTTPError(.notFound) }
            let h = row.household
            return JSONBody.response(HouseholdDTO(
                number: h.number, region: h.regionCode.rawValue, village: h.villageCode.rawValue, headName: h.headName, size: h.size,
                status: h.status.label, firstIdentifiedYear: h.firstIdentifiedYear, exitYear: h.exitYear))
        }
    }
}
