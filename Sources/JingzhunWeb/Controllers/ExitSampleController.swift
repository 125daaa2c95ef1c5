import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 三率一度 (issue 5 §5) for the county of the viewer: the stored evaluation sample and its findings, the rates
/// the findings give, and the county's figures under `national-2016` (whose county block is 三率一度). Drawing a
/// sample and recording findings is for the 督查 and the county office (`AccessTarget.inspection`).
struct ExitSampleController {
    let services: Services
    static let standardKey = "national-2016"


    struct SampleLine: Sendable {
        var id: Int64
        var anchor: String
        var url: String?
        var number: String
        var village: String
        var kind: String
        var size: String
        var wrongExit: [Choice]
        var omission: [Choice]
        var approves: [Choice]
        var findings: String
    }

    struct RateLine: Sendable {
        var label: String
        var value: String
        var detail: String
        var rule: String
        var source: String
        var result: String
    }

    struct SamplesPage: Sendable {
        var chrome: Chrome
        var tabs: [ExitTabs.Tab]
        var countyName: String
        var year: Int
        var rates: [RateLine]
        var ratesError: String?
        var lines: [SampleLine]
        var hasLines: Bool
        var count: Int
        var canRecord: Bool
        var drawURL = SiteURL.exitSampleDraw.path
        var findingURL = SiteURL.exitSampleFinding.path
        var formURL = SiteURL.exitSamples(year: nil).path
        var error: String?
        var message: String?
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/exit/samples", .read, .countyEvaluation) { _, _, granted in
            guard case .region(let county) = granted.target else { throw HTTPError(.notFound) }
            return try await render(county, granted, year: try await year(granted.query), message: granted.query["saved"] != nil ? "已保存。" : nil)
        }
        routes.post("/exit/samples/draw", .write, .countyEvaluation) { _, _, granted in
            guard case .region(let county) = granted.target else { throw HTTPError(.notFound) }
            let f = granted.form
            let year = try await year(f)
            guard let perVillage = f["perVillage"].flatMap(Int.init), (1...200).contains(perVillage) else {
                return try await render(county, granted, year: year, error: "每村抽样户数应为 1～200 的整数", status: .badRequest)
            }
            guard let seed = f["seed"].flatMap(UInt64.init) else {
                return try await render(county, granted, year: year, error: "随机种子应为非负整数（同一种子抽出同一名单，便于复核）", status: .badRequest)
            }
            let repo = EvaluationSampleRepository(store: services.store)
            if !(try await repo.stored(county: county.region.code, year: year)).isEmpty, f["replace"] == nil {
                return try await render(
                    county, granted, year: year, error: "\(year) 年已有抽样记录。重新抽样会清除已有名单和核查结果，请勾选“替换已有抽样”后再提交",
                    status: .badRequest)
            }
            do {
                _ = try await repo.draw(county: county.region.code, year: year, perVillage: perVillage, seed: seed, context: services.changeContext(granted))
            } catch let error as StorageError {
                return try await render(county, granted, year: year, error: error.chinese, status: .badRequest)
            }
            return .redirect(to: SiteURL.exitSamples(year: year).path + "&saved=1")
        }
        routes.post("/exit/samples/finding", .write, .countyEvaluation) { _, _, granted in
            guard case .region(let county) = granted.target else { throw HTTPError(.notFound) }
            let f = granted.form
            let year = try await year(f)
            let repo = EvaluationSampleRepository(store: services.store)
            // Only a sample of the viewer's own county and year.
            guard let id = f["id"].flatMap(Int64.init), try await repo.stored(county: county.region.code, year: year).contains(where: { $0.id == id })
            else { return try await render(county, granted, year: year, error: "没有这条抽样记录", status: .notFound) }
            do {
                try await repo.recordFinding(
                    id: id, wrongExit: Self.finding(f["wrongExit"]), omission: Self.finding(f["omission"]), approves: Self.finding(f["approves"]),
                    context: services.changeContext(granted))
            } catch let error as StorageError {
                return try await render(county, granted, year: year, error: error.chinese, status: .badRequest)
            }
            return .redirect(to: SiteURL.exitSamples(year: year).path + "&saved=1#s\(id)")
        }
    }

    /// yes / no / anything else = not checked.
    static func finding(_ value: String?) -> Bool? {
        switch value {
        case "yes": true
        case "no": false
        default: nil
        }
    }

    private func year(_ fields: FormData) async throws -> Int {
        if let y = fields["year"].flatMap(Int.init) { return y }
        return try await services.register.latestYear() ?? ChinaTime.year(services.clock())
    }


    static func kindLabel(_ kind: EvaluationSample.Kind) -> String {
        switch kind {
        case .exited: "已脱贫户"
        case .registeredPoor: "未脱贫建档立卡户"
        case .nonRegistered: "非建档立卡户"
        }
    }

    static func choices(_ value: Bool?, yes: String, no: String) -> [Choice] {
        [Choice(value: "", label: "未核查", selected: value == nil), Choice(value: "yes", label: yes, selected: value == true),
         Choice(value: "no", label: no, selected: value == false)]
    }

    private func render(
        _ county: RegionPath, _ granted: Granted, year: Int, error: String? = nil, message: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let stored = try await EvaluationSampleRepository(store: services.store).stored(county: county.region.code, year: year)
        var names: [RegionCode: String] = [:]
        for v in try await services.regions.descendants(of: county.region.code, level: .village) { names[v.code] = v.shortName }
        let lines = stored.map { s in
            let x = s.sample
            let text = { (b: Bool?, yes: String, no: String) in b.map { $0 ? yes : no } }
            return SampleLine(
                id: s.id, anchor: "s\(s.id)", url: x.kind == .nonRegistered ? nil : SiteURL.household(x.householdNumber).path,
                number: x.householdNumber, village: names[x.villageCode] ?? x.villageCode.rawValue, kind: Self.kindLabel(x.kind),
                size: x.size.map { "\($0)" } ?? "", wrongExit: Self.choices(x.wrongExit, yes: "错退", no: "非错退"),
                omission: Self.choices(x.omission, yes: "漏评", no: "非漏评"), approves: Self.choices(x.approves, yes: "认可", no: "不认可"),
                findings: [text(x.wrongExit, "错退", "非错退"), text(x.omission, "漏评", "非漏评"), text(x.approves, "认可", "不认可")]
                    .compactMap { $0 }.joined(separator: "、"))
        }
        // Rates from the sample itself (with their numerator and denominator), the county figures and their pass or
        // fail from the assessor, which scales the rates to the county's population for 综合贫困发生率.
        let rates = ThreeRatesOneDegree(samples: stored.map(\.sample), population: EvaluationPopulation(
            remainingPoor: 0, exitedPeople: 0, nonRegisteredPeople: 0, ruralPopulation: 0))
        var rateLines: [RateLine] = []
        var ratesError: String?
        do {
            let report = try await ExitAssessor(store: services.store).assess(
                standardKey: Self.standardKey, year: year, region: county.region.code, options: .init(keepHouseholds: .none))
            let values = report.county?.values ?? [:]
            let failed = Set(report.county?.failed ?? [])
            func detail(_ r: EvaluationRate) -> String {
                guard r.value != nil else { return r.reason ?? "" }
                let unit = r.unit == .people ? "人" : "户"
                return "\(Self.number(r.numerator)) / \(Self.number(r.denominator)) \(unit)"
            }
            let details: [String: String] = [
                "wrong_exit_rate": detail(rates.wrongExitRate), "omission_rate": detail(rates.omissionRate), "approval": detail(rates.approval),
                "comprehensive_incidence": "（未脱贫人口 + 漏评率 × 非建档立卡人口 + 错退率 × 已脱贫人口）÷ 农村人口",
            ]
            rateLines = report.standard.county.map { i in
                RateLine(
                    label: i.label, value: values[i.key].map { ExitController.value($0, i) } ?? "无数据", detail: details[i.key] ?? "",
                    rule: ExitController.rule(i), source: report.countySources[i.key] ?? "",
                    result: values[i.key] == nil ? "无数据" : failed.contains(i.key) ? "未达标" : "达标")
            }
        } catch let error as StorageError {
            ratesError = error.chinese
        }
        let canRecord = AccessPolicy.decide(granted.principal, .write, .inspection(county)).isAllowed
        let page = SamplesPage(
            chrome: Chrome(title: "三率一度", granted: granted, section: .assess), tabs: ExitTabs.make(.samples, granted),
            countyName: county.region.name, year: year, rates: rateLines, ratesError: ratesError, lines: lines, hasLines: !lines.isEmpty,
            count: lines.count, canRecord: canRecord, error: error, message: message)
        return services.renderer.html("exit_samples", page, status: status)
    }

    static func number(_ x: Double) -> String { x == x.rounded() ? String(Int64(x)) : String(format: "%.1f", x) }
}
