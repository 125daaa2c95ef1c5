import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 户籍档案: the household list with filters (GET, bookmarkable) and a search by name, 户编号 or the
/// last digits of an ID (POST, so that no part of an ID number ever sits in a URL or a server log).
struct HouseholdListController {
    let services: Services


    struct Line: Sendable {
        var url: String
        var number: String
        var headName: String
        var village: String
        var size: Int
        var status: String
        var attribute: String
        var cause: String
        var perCapita: String
        var year: Int
    }

    struct ListPage: Sendable {
        var chrome: Chrome
        var regions: [Choice]
        var attributes: [Choice]
        var statuses: [Choice]
        var causes: [Choice]
        var bands: [Choice]
        var query: String
        var lines: [Line]
        var hasLines: Bool
        var prevURL: String?
        var nextURL: String?
        var searched: Bool
        var exportURL: String?
        var treeURL = SiteURL.regions.path
        var listURL = "/households"
    }

    /// Display bands only (not a standard): per-capita income in 元.
    static let bands: [(String, String, Fen?, Fen?)] = [
        ("lt3000", "3,000 元以下", nil, Fen(rawValue: 300_000)),
        ("3000-4000", "3,000–4,000 元", Fen(rawValue: 300_000), Fen(rawValue: 400_000)),
        ("4000-6000", "4,000–6,000 元", Fen(rawValue: 400_000), Fen(rawValue: 600_000)),
        ("6000-10000", "6,000–10,000 元", Fen(rawValue: 600_000), Fen(rawValue: 1_000_000)),
        ("ge10000", "10,000 元及以上", Fen(rawValue: 1_000_000), nil),
    ]

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/households", .read, .scopedList) { _, _, granted in
            try await list(granted, filters: granted.query, query: nil)
        }
        routes.post("/households", .read, .scopedList) { _, _, granted in
            try await list(granted, filters: granted.form, query: granted.form["q"])
        }
    }

    private func list(_ granted: Granted, filters f: FormData, query: String?) async throws -> Response {
        let p = granted.principal
        var within = p.scope
        if let code = f["region"].flatMap(RegionCode.init(rawValue:)), try await services.regions.isWithin(code, ancestor: p.scope) { within = code }
        let band = Self.bands.first { $0.0 == f["income"] }
        let filter = HouseholdFilter(
            within: within, attribute: f["attribute"].flatMap(HouseholdAttribute.init(rawValue:)), status: f["status"].flatMap(PovertyStatus.init(rawValue:)),
            cause: f["cause"].flatMap(PovertyCause.init(rawValue:)), incomeFrom: band?.2, incomeTo: band?.3, query: query,
            pairedTo: p.pairingFilter)
        let page = max(0, f["page"].flatMap(Int.init) ?? 0)
        let size = query == nil ? 100 : 200
        let items = try await services.register.search(filter, limit: size + 1, offset: query == nil ? page * size : 0)
        var villageNames: [RegionCode: String] = [:]
        let villages = try await services.regions.descendants(of: p.scope, level: .village)
        for v in villages { villageNames[v.code] = v.shortName }
        let lines = items.prefix(size).map { h in
            Line(url: SiteURL.household(h.number).path, number: h.number, headName: h.headName, village: villageNames[h.villageCode] ?? "",
                 size: h.size, status: h.status.label, attribute: h.attribute?.label ?? "", cause: h.mainCause?.label ?? "",
                 perCapita: h.perCapita?.display ?? "—", year: h.year)
        }
        func url(page: Int) -> String {
            var q = ["region", "attribute", "status", "cause", "income"].compactMap { key in f[key].map { "\(key)=\($0.formEncoded)" } }
            q.append("page=\(page)")
            return "/households?" + q.joined(separator: "&")
        }
        func options<T: LabelledCode>(_ type: T.Type, _ key: String) -> [Choice] {
            [Choice(value: "", label: "全部", selected: f[key] == nil)] + T.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: f[key] == $0.rawValue) }
        }
        let scopeRegion = try await services.regions.find(p.scope)
        let regionOptions = [Choice(value: "", label: scopeRegion?.shortName ?? "全部", selected: within == p.scope)]
            + (p.scope.impliedLevel < .village ? villages.map { Choice(value: $0.code.rawValue, label: $0.shortName, selected: $0.code == within) } : [])
        let mayExport = AccessPolicy.decide(p, .read, .registerExport(try await services.regions.path(within)!)).isAllowed
        return services.renderer.html("households", ListPage(
            chrome: Chrome(title: "户籍档案", granted: granted, section: .register), regions: regionOptions,
            attributes: options(HouseholdAttribute.self, "attribute"), statuses: options(PovertyStatus.self, "status"),
            causes: options(PovertyCause.self, "cause"),
            bands: [Choice(value: "", label: "全部", selected: band == nil)] + Self.bands.map { Choice(value: $0.0, label: $0.1, selected: $0.0 == band?.0) },
            query: query ?? "", lines: Array(lines), hasLines: !lines.isEmpty,
            prevURL: query == nil && page > 0 ? url(page: page - 1) : nil,
            nextURL: query == nil && items.count > size ? url(page: page + 1) : nil, searched: query != nil,
            exportURL: mayExport ? "/regions/\(within.rawValue)/export?sheet=%E6%88%B7%E4%BF%A1%E6%81%AF&format=xlsx" : nil))
    }
}
