import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 数据质量: the rules' findings for a region, counted by rule, with links to each household; the county
/// office switches rules on and off here.
struct QualityController {
    let services: Services

    struct RuleLine: Sendable {
        var key: String
        var title: String
        var count: Int
        var enabled: Bool
    }

    struct FindingLine: Sendable {
        var url: String
        var number: String
        var title: String
        var message: String
    }

    struct QualityPage: Sendable {
        var chrome: Chrome
        var regionName: String
        var total: Int
        var rules: [RuleLine]
        var findings: [FindingLine]
        var hasFindings: Bool
        var more: Int
        var canConfigure: Bool
        var rulesURL = "/quality/rules"
        var backURL: String
        var selfURL: String
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/regions/:code/quality", .read, .region(param: "code")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            let repo = DataQualityRepository(store: services.store)
            var findings = try await repo.check(within: path.region.code, year: granted.query["year"].flatMap(Int.init) ?? 9999)
            if let person = granted.principal.pairingFilter {
                let mine = try await services.register.pairedNumbers(within: path.region.code, person: person)
                findings = findings.filter { mine.contains($0.householdNumber) }
            }
            let enabled = try await repo.enabledRules()
            let counts = Dictionary(grouping: findings, by: \.rule).mapValues(\.count)
            let lines = findings.prefix(500).map {
                FindingLine(url: SiteURL.household($0.householdNumber).path, number: $0.householdNumber, title: $0.rule.title, message: $0.message)
            }
            return services.renderer.html("quality", QualityPage(
                chrome: Chrome(title: "数据质量", granted: granted, section: .register), regionName: path.region.name, total: findings.count,
                rules: DataQualityRule.allCases.map { RuleLine(key: $0.rawValue, title: $0.title, count: counts[$0] ?? 0, enabled: enabled.contains($0)) },
                findings: lines, hasFindings: !lines.isEmpty, more: max(0, findings.count - 500),
                canConfigure: AccessPolicy.decide(granted.principal, .write, .configuration).isAllowed,
                backURL: SiteURL.region(path.region.code).path, selfURL: "/regions/\(path.region.code.rawValue)/quality"))
        }
        routes.post("/quality/rules", .write, .configuration) { request, _, granted in
            let repo = DataQualityRepository(store: services.store)
            let context = services.changeContext(granted)
            for rule in DataQualityRule.allCases {
                try await repo.setRule(rule, enabled: granted.form[rule.rawValue] != nil, context: context)
            }
            return .redirect(to: granted.form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? SiteURL.home.path)
        }
    }
}
