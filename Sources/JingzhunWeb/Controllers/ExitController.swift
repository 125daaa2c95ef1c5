import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunFiles
import JingzhunStorage

/// 退出评估 (issue 5): a region's households, villages and county against a standard for a year — the line
/// used, 短板清单 by town and village, AF scores, near misses and failing households with their reasons — and
/// the same report as xlsx, as the JSON contract (download) and at `/api/exit/assess`.
struct ExitController {
    let services: Services

    static let defaultStandard = "shaanxi-2017"
    /// Failing households listed on the page (the downloads carry all of them).
    static let failingLimit = 200


    struct ShortfallLine: Sendable {
        var url: String
        var name: String
        var isTown: Bool
        var households: Int
        var failing: Int
        var cells: [Int]
        /// The failing indicators, the one that blocks most exits first.
        var blocking: String
    }

    struct VillageLine: Sendable {
        var url: String
        var name: String
        var incidence: String
        var passes: Bool
        var reasons: String
    }

    struct CountyLine: Sendable {
        var label: String
        var rule: String
        var value: String
        var source: String
        var passes: Bool
    }

    struct CountyBlock: Sendable {
        var passes: Bool
        var lines: [CountyLine]
        var reasons: [String]
    }

    struct AFLine: Sendable {
        var name: String
        var households: Int
        var poor: Int
        var headcount: String
        var intensity: String
        var m0: String
    }

    struct HouseholdLine: Sendable {
        var url: String
        var number: String
        var village: String
        var perCapita: String
        var reasons: String
    }

    struct Result: Sendable {
        var standardName: String
        var standardSource: String
        var lineText: String
        var lineSource: String
        var assessed: Int
        var passing: Int
        var failing: Int
        var indicatorLabels: [String]
        var shortfalls: [ShortfallLine]
        var hasShortfalls: Bool
        var villages: [VillageLine]
        var hasVillages: Bool
        var villagesPassing: Int
        var county: CountyBlock?
        var af: [AFLine]
        var hasAF: Bool
        var afCutoff: String
        var nearMisses: Int
        var nearMissURL: String
        var failingHouseholds: [HouseholdLine]
        var hasFailingHouseholds: Bool
        var moreFailing: Int
        /// Server-made SVG (labels escaped): failing households per indicator.
        var chartHTML: String
        var xlsxURL: String?
        var jsonURL: String?
        var apiURL: String?
        var pairedOnly: Bool
    }

    struct ExitPage: Sendable {
        var chrome: Chrome
        var tabs: [ExitTabs.Tab]
        var crumbs: [Presentation.Crumb]
        var regionName: String
        var regionCode: String
        var year: Int
        var standards: [Choice]
        var formURL = "/exit"
        var error: String?
        var result: Result?
    }

    struct NearMissLine: Sendable {
        var url: String
        var number: String
        var village: String
        var reasons: String
    }

    struct NearMissPage: Sendable {
        var chrome: Chrome
        var tabs: [ExitTabs.Tab]
        var regionName: String
        var year: Int
        var standardName: String
        var backURL: String
        var lines: [NearMissLine]
        var hasLines: Bool
        var error: String?
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/exit", .read, .queryRegion(name: "region")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            return services.renderer.html("exit", try await page(path, granted))
        }
        routes.get("/exit/near-misses", .read, .queryRegion(name: "region")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            return services.renderer.html("exit_near", try await nearMisses(path, granted))
        }
        routes.get("/exit/export", .read, .queryRegionExport(name: "region")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            let query = try await self.query(path, granted)
            let report: ExitAssessmentReport
            do { report = try await assess(query) } catch let error as StorageError {
                return ErrorResponder(services: services, isAPI: false, principal: granted.principal, csrf: granted.csrfToken)
                    .respond(.badRequest, error.chinese)
            }
            let base = "退出评估-\(path.region.shortName)-\(report.year)-\(report.standard.key)"
            if granted.query["format"] == "json" {
                return Download.response(try ExitAssessmentDocument(report).json(), name: base + ".json", type: "application/json; charset=utf-8")
            }
            return try Download.file(name: base + ".xlsx") { try RegisterFiles.writeXLSX($0, sheets: report.tables.map { ($0.name, $0.header, $0.rows) }) }
        }
        routes.get("/api/exit/assess", .read, .queryRegionExport(name: "region")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            do {
                return JSONBody.response(ExitAssessmentDocument(try await assess(try await query(path, granted))))
            } catch let error as StorageError {
                return JSONBody.response(["error": error.chinese, "status": "400"], status: .badRequest)
            }
        }
    }

    // MARK: the assessment

    /// The region from the route's target, the year (default: the register's latest) and the standard.
    func query(_ path: RegionPath, _ granted: Granted) async throws -> ExitQuery {
        let year: Int
        if let y = granted.query["year"].flatMap(Int.init) { year = y } else {
            year = try await services.register.latestYear() ?? ChinaTime.year(services.clock())
        }
        return ExitQuery(region: path.region.code, year: year, standard: granted.query["standard"] ?? Self.defaultStandard)
    }

    func assess(_ q: ExitQuery, keepHouseholds: ExitAssessor.Options.Keep = .all) async throws -> ExitAssessmentReport {
        try await ExitAssessor(store: services.store).assess(
            standardKey: q.standard ?? Self.defaultStandard, year: q.year ?? 0, region: q.region!,
            options: .init(keepHouseholds: keepHouseholds))
    }

    /// Household numbers a help cadre is paired with; nil for every other role (they see the whole region).
    func pairedNumbers(_ granted: Granted, within code: RegionCode) async throws -> Set<String>? {
        guard let person = granted.principal.pairingFilter else { return nil }
        return try await services.register.pairedNumbers(within: code, person: person)
    }

    func standardOptions(selected: String) async throws -> [Choice] {
        Self.options(try await ExitStandardRepository(store: services.store).all(), selected: selected)
    }

    static func options(_ all: [ExitStandardRepository.StoredStandard], selected: String) -> [Choice] {
        all.map { s in Choice(value: s.standard.key, label: s.standard.name + (s.builtIn ? "" : "（本县）"), selected: s.standard.key == selected) }
    }

    /// Names of the towns and villages inside a region, for rows the report keys by code.
    func names(within path: RegionPath) async throws -> [RegionCode: String] {
        var names: [RegionCode: String] = [path.region.code: path.region.shortName]
        if path.region.level < .town {
            for r in try await services.regions.descendants(of: path.region.code, level: .town) { names[r.code] = r.shortName }
        }
        if path.region.level < .village {
            for r in try await services.regions.descendants(of: path.region.code, level: .village) { names[r.code] = r.shortName }
        }
        return names
    }

    private func page(_ path: RegionPath, _ granted: Granted) async throws -> ExitPage {
        let q = try await query(path, granted)
        let standardKey = q.standard ?? Self.defaultStandard
        var page = ExitPage(
            chrome: Chrome(title: "退出评估 · \(path.region.name)", granted: granted, section: .assess), tabs: ExitTabs.make(.assess, granted),
            crumbs: Presentation(principal: granted.principal).breadcrumbs(path), regionName: path.region.name,
            regionCode: path.region.code.rawValue, year: q.year ?? 0, standards: try await standardOptions(selected: standardKey))
        let report: ExitAssessmentReport
        do { report = try await assess(q, keepHouseholds: .failing) } catch let error as StorageError {
            page.error = error.chinese
            return page
        }
        let names = try await names(within: path)
        let paired = try await pairedNumbers(granted, within: path.region.code)
        let standard = report.standard
        let region = { (code: RegionCode) in ExitQuery(region: code, year: q.year, standard: q.standard) }

        // 短板清单: each town (in the report's order) followed by its villages; a town or village alone when the
        // region is one.
        var ordered: [(ShortfallSummary, Bool)] = []
        if path.region.level < .town {
            let byTown = Dictionary(grouping: report.villageShortfalls) { ShortfallSummary.townCode(of: $0.regionCode) }
            for town in report.townShortfalls {
                ordered.append((town, true))
                ordered += (byTown[town.regionCode] ?? []).map { ($0, false) }
            }
        } else {
            // A town's own total first; a village alone.
            ordered = report.townShortfalls.filter { $0.regionCode == path.region.code }.map { ($0, true) }
                + report.villageShortfalls.map { ($0, false) }
        }
        let shortfalls = ordered.map { s, isTown in
            let counts = Dictionary(s.rows.map { ($0.indicatorKey, $0.households) }, uniquingKeysWith: +)
            return ShortfallLine(
                url: SiteURL.exit(region(s.regionCode)).path, name: names[s.regionCode] ?? s.regionCode.rawValue, isTown: isTown,
                households: s.households, failing: s.failingHouseholds, cells: standard.household.map { counts[$0.key] ?? 0 },
                blocking: s.rows.map { "\($0.label) \($0.households)" }.joined(separator: "、"))
        }
        var perIndicator = Dictionary(standard.household.map { ($0.key, 0) }, uniquingKeysWith: { a, _ in a })
        for s in report.villageShortfalls { for row in s.rows { perIndicator[row.indicatorKey, default: 0] += row.households } }

        let villages = report.villages.map { v in
            VillageLine(url: SiteURL.exit(region(v.code)).path, name: v.name, incidence: v.incidence.map(Self.percent) ?? "无数据",
                        passes: v.passes, reasons: v.reasons.joined(separator: "；"))
        }
        let county = report.county.map { c in
            CountyBlock(
                passes: c.passes,
                lines: standard.county.map { i in
                    CountyLine(label: i.label, rule: Self.rule(i), value: c.values[i.key].map { Self.value($0, i) } ?? "无数据",
                               source: report.countySources[i.key] ?? "", passes: !c.failed.contains(i.key))
                },
                reasons: c.reasons)
        }
        let af = report.multidimensional.sorted { $0.key < $1.key }.map { code, r in
            AFLine(name: names[code] ?? code.rawValue, households: r.population, poor: r.poorCount, headcount: Self.percent(r.headcount),
                   intensity: Self.decimal(r.intensity), m0: Self.decimal(r.adjustedHeadcount))
        }
        let visible = report.households.filter { !$0.passes && (paired?.contains($0.number) ?? true) }
        let failing = visible.prefix(Self.failingLimit).map { h in
            HouseholdLine(url: SiteURL.household(h.number).path, number: h.number, village: names[h.villageCode] ?? "",
                          perCapita: h.perCapitaIncome?.display ?? "—", reasons: h.reasons.joined(separator: "；"))
        }
        let mayExport = AccessPolicy.decide(granted.principal, .read, .registerExport(path)).isAllowed
        let nearMisses = report.nearMisses.filter { paired?.contains($0.number) ?? true }.count
        page.result = Result(
            standardName: standard.name, standardSource: standard.source, lineText: report.lineAmount.display + " 元",
            lineSource: report.line.map { "\($0.year)年\($0.purpose.label)（\(Self.scopeLabel($0))）：\($0.document)" } ?? "",
            assessed: report.householdCount, passing: report.passingHouseholds, failing: report.householdCount - report.passingHouseholds,
            indicatorLabels: standard.household.map(\.label), shortfalls: shortfalls, hasShortfalls: !shortfalls.isEmpty,
            villages: villages, hasVillages: !villages.isEmpty, villagesPassing: villages.filter(\.passes).count, county: county,
            af: af, hasAF: !af.isEmpty, afCutoff: Self.decimal(report.multidimensional.values.first?.cutoff ?? 0),
            nearMisses: nearMisses, nearMissURL: SiteURL.exitNearMisses(q).path,
            failingHouseholds: Array(failing), hasFailingHouseholds: !failing.isEmpty, moreFailing: max(0, visible.count - failing.count),
            chartHTML: ExitChart.bars(standard.household.map { ($0.label, perIndicator[$0.key] ?? 0) }, caption: "各指标未达标户数"),
            xlsxURL: mayExport ? SiteURL.exitExport(q, format: "xlsx").path : nil,
            jsonURL: mayExport ? SiteURL.exitExport(q, format: "json").path : nil,
            apiURL: mayExport ? SiteURL.exitAPI(q).path : nil, pairedOnly: paired != nil)
        return page
    }

    private func nearMisses(_ path: RegionPath, _ granted: Granted) async throws -> NearMissPage {
        let q = try await query(path, granted)
        var page = NearMissPage(
            chrome: Chrome(title: "临界户 · \(path.region.name)", granted: granted, section: .assess), tabs: ExitTabs.make(.assess, granted),
            regionName: path.region.name, year: q.year ?? 0, standardName: q.standard ?? "", backURL: SiteURL.exit(q).path, lines: [], hasLines: false)
        do {
            let report = try await assess(q, keepHouseholds: .none)
            let names = try await names(within: path)
            let paired = try await pairedNumbers(granted, within: path.region.code)
            page.standardName = report.standard.name
            page.lines = report.nearMisses.filter { paired?.contains($0.number) ?? true }.map {
                NearMissLine(url: SiteURL.household($0.number).path, number: $0.number, village: names[$0.villageCode] ?? "",
                             reasons: $0.reasons.joined(separator: "；"))
            }
            page.hasLines = !page.lines.isEmpty
        } catch let error as StorageError {
            page.error = error.chinese
        }
        return page
    }

    // MARK: formatting

    static func percent(_ ratio: Double) -> String { Percent.text(ratio: ratio) }
    static func decimal(_ x: Double) -> String { String(format: "%.3f", x) }

    static func value(_ x: Double, _ indicator: ExitIndicator) -> String {
        indicator.measure.kind == .ratio ? percent(x) : String(format: "%.2f", x)
    }

    static func comparison(_ c: ExitComparison) -> String {
        switch c {
        case .greaterThan: "＞"
        case .atLeast: "≥"
        case .lessThan: "＜"
        case .atMost: "≤"
        case .isTrue: "须为“是”"
        }
    }

    static func threshold(_ indicator: ExitIndicator) -> String {
        switch indicator.threshold {
        case nil: ""
        case .number(let n) where indicator.measure.kind == .ratio: percent(n)
        case .number(let n) where n == n.rounded() && abs(n) < 1e15: String(Int64(n))
        case let t?: t.description
        }
    }

    /// "＜ 3.00%", "＞ 当年贫困线", "须为“是”".
    static func rule(_ indicator: ExitIndicator) -> String {
        let t = threshold(indicator)
        return t.isEmpty ? comparison(indicator.comparison) : "\(comparison(indicator.comparison)) \(t)"
    }

    static func scopeLabel(_ line: PovertyLine) -> String {
        switch line.scope {
        case .nation: "全国"
        case .province, .city, .county: line.regionName ?? line.regionCode ?? ""
        }
    }
}

extension StorageError {
    /// The message alone, in Chinese, for a page or a JSON error.
    var chinese: String {
        switch self {
        case .invalid(let what): what
        case .conflict(let what): what
        case .notFound(let what): "未找到：\(what)"
        default: description
        }
    }
}

/// The sub-navigation of the 退出评估 module.
enum ExitTabs {
    struct Tab: Sendable {
        var label: String
        var url: String
        var active: Bool
    }

    enum Page { case assess, standards, samples, procedures }

    static func make(_ active: Page, _ granted: Granted) -> [Tab] {
        var tabs = [(Page.assess, "评估与短板", SiteURL.exit(ExitQuery()).path), (.standards, "退出标准", SiteURL.exitStandards.path)]
        if granted.principal.scope.impliedLevel <= .county { tabs.append((.samples, "三率一度", SiteURL.exitSamples(year: nil).path)) }
        tabs.append((.procedures, "退出程序", SiteURL.exitProcedures(nil).path))
        return tabs.map { Tab(label: $0.1, url: $0.2, active: $0.0 == active) }
    }
}

/// A horizontal bar chart as inline SVG, drawn on the server (no JavaScript). Labels are escaped: a county
/// may load a standard whose labels it wrote itself.
enum ExitChart {
    static func bars(_ data: [(label: String, value: Int)], caption: String) -> String {
        guard !data.isEmpty else { return "" }
        let rowHeight = 30, labelWidth = 130, barWidth = 420, top = 8
        let height = top * 2 + rowHeight * data.count
        let largest = max(1, data.map(\.value).max() ?? 1)
        var svg = """
            <svg class="chart" role="img" aria-label="\(escape(caption))" viewBox="0 0 \(labelWidth + barWidth + 70) \(height)" \
            width="100%" style="max-width:\(labelWidth + barWidth + 70)px" xmlns="http://www.w3.org/2000/svg"><title>\(escape(caption))</title>
            """
        for (i, d) in data.enumerated() {
            let y = top + i * rowHeight
            let w = d.value == 0 ? 0 : max(2, d.value * barWidth / largest)
            svg += """
                <text x="\(labelWidth - 8)" y="\(y + 19)" text-anchor="end" font-size="14">\(escape(d.label))</text>\
                <rect x="\(labelWidth)" y="\(y + 5)" width="\(w)" height="\(rowHeight - 10)" fill="#a8141a"></rect>\
                <text x="\(labelWidth + w + 6)" y="\(y + 19)" font-size="14">\(d.value)</text>
                """
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
