import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 首页: the viewer's area at a glance, or, for a 帮扶干部, their paired households.
struct HomeController {
    let services: Services

    struct HomePage: Sendable {
        var chrome: Chrome
        var scopeName: String
        var scopeURL: String
        var roleLabel: String
        var totals: RegionController.Row?
        var rows: [RegionController.Row]
        var hasRows: Bool
        var childLevelLabel: String
        var showVillageColumns: Bool
        var paired: [RegionController.HouseholdLine]
        var isHelpCadre: Bool
    }

    struct MeDTO: Encodable, Sendable {
        var username: String
        var displayName: String
        var role: String
        var roleLabel: String
        var scope: String
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/", .read, .ownAccount) { _, _, granted in
            let p = granted.principal
            guard let path = try await services.regions.path(p.scope) else { throw HTTPError(.notFound) }
            let (rows, total) = RegionController.rows(try await services.regions.childSummaries(of: p.scope))
            var paired: [RegionController.HouseholdLine] = []
            if let person = p.pairingFilter {
                paired = try await services.register.households(within: p.scope, pairedTo: person).map {
                    .init(url: SiteURL.household($0.household.number).path, number: $0.household.number, headName: $0.household.headName,
                          size: $0.household.size, statusLabel: $0.household.status.label, groupName: "")
                }
            }
            return services.renderer.html("home", HomePage(
                chrome: Chrome(title: "首页", granted: granted, section: .home), scopeName: path.region.name,
                scopeURL: SiteURL.region(p.scope).path, roleLabel: p.role.label, totals: total,
                rows: p.role == .helpCadre ? [] : rows, hasRows: !rows.isEmpty && p.role != .helpCadre,
                childLevelLabel: path.region.level.child?.label ?? "",
                showVillageColumns: (path.region.level.child ?? .group) < .village, paired: paired, isHelpCadre: p.role == .helpCadre))
        }
        routes.get("/api/me", .read, .ownAccount) { _, _, granted in
            let p = granted.principal
            return JSONBody.response(MeDTO(username: p.username, displayName: p.displayName, role: p.role.rawValue, roleLabel: p.role.label, scope: p.scope.rawValue))
        }
        routes.publicRoute(.get, "/static/app.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(string: services.renderer.stylesheet)))
        }
    }
}
