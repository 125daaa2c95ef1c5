import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 退出标准 (issue 5 §1): the stored standards (built-in and the county's own), one standard's indicators by
/// level, and the dated poverty lines with their sources. The county office copies a standard, edits the
/// thresholds of its own copies and loads a standard from a JSON file; every change is audit-logged by the
/// repository.
struct ExitStandardController {
    let services: Services

    struct StandardLine: Sendable {
        var url: String
        var key: String
        var name: String
        var years: String
        var kind: String
        var updated: String
        var selected: Bool
    }

    struct IndicatorLine: Sendable {
        var key: String
        var label: String
        var comparison: String
        var threshold: String
        var veto: String
        var weight: String
        var source: String
        /// Set when the viewer may edit this threshold (county-made standard, a numeric indicator).
        var editable: Bool
        var level: String
    }

    struct LevelBlock: Sendable {
        var label: String
        var indicators: [IndicatorLine]
        var hasIndicators: Bool
    }

    struct LineRow: Sendable {
        var year: Int
        var scope: String
        var purpose: String
        var amount: String
        var concept: String
        var document: String
        var url: String?
        var confidence: String
    }

    struct StandardsPage: Sendable {
        var chrome: Chrome
        var tabs: [ExitTabs.Tab]
        var standards: [StandardLine]
        var selectedKey: String
        var selectedName: String
        var selectedSource: String
        var selectedBuiltIn: Bool
        var levels: [LevelBlock]
        var lines: [LineRow]
        var canConfigure: Bool
        var canEdit: Bool
        var copyURL = SiteURL.exitStandardCopy.path
        var thresholdURL = SiteURL.exitStandardThreshold.path
        var loadURL = SiteURL.exitStandardLoad.path
        var assessURL: String
        var suggestedKey: String
        var suggestedName: String
        var error: String?
        var message: String?
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/exit/standards", .read, .configuration) { _, _, granted in
            let message = granted.query["saved"] != nil ? "已保存。" : nil
            return try await render(granted, key: granted.query["key"], error: nil, message: message)
        }
        routes.post("/exit/standards/copy", .write, .configuration) { _, _, granted in
            let f = granted.form
            guard let from = f["from"], let key = f["key"], let name = f["name"] else {
                return try await render(granted, key: f["from"], error: "请填写新标准的代码和名称", status: .badRequest)
            }
            guard Self.isValidKey(key) else {
                return try await render(granted, key: from, error: "标准代码只能用英文字母、数字、连字符和下划线，最长 40 个字符", status: .badRequest)
            }
            let repo = ExitStandardRepository(store: services.store)
            do {
                guard let source = try await repo.standard(from) else { throw StorageError.notFound("退出标准“\(from)”") }
                try await repo.add(source.standard.copy(key: key, name: name), context: services.changeContext(granted))
            } catch let error as StorageError {
                return try await render(granted, key: from, error: error.chinese, status: .badRequest)
            }
            return .redirect(to: SiteURL.exitStandard(key).path + "&saved=1")
        }
        routes.post("/exit/standards/threshold", .write, .configuration) { _, _, granted in
            let f = granted.form
            guard let key = f["key"], let level = f["level"].flatMap(ExitLevel.init(rawValue:)), let indicator = f["indicator"] else {
                return try await render(granted, key: f["key"], error: "缺少标准或指标", status: .badRequest)
            }
            guard let text = f["threshold"], let threshold = ExitThreshold(text: text) else {
                return try await render(
                    granted, key: key, error: "阈值“\(f["threshold"] ?? "")”无法识别，可写如：贫困线、贫困线×1.1、4000元、3%、0.03、0",
                    status: .badRequest)
            }
            do {
                _ = try await ExitStandardRepository(store: services.store).setThreshold(
                    threshold, indicator: indicator, level: level, of: key, context: services.changeContext(granted))
            } catch let error as StorageError {
                return try await render(granted, key: key, error: error.chinese, status: .badRequest)
            } catch let error as ExitStandardError {
                return try await render(granted, key: key, error: error.description, status: .badRequest)
            }
            return .redirect(to: SiteURL.exitStandard(key).path + "&saved=1")
        }
        routes.post("/exit/standards/load", .write, .configuration) { _, _, granted in
            guard let file = granted.files.first(where: { $0.field == "file" }) else {
                return try await render(granted, key: nil, error: "请选择 JSON 格式的标准文件", status: .badRequest)
            }
            let standard: ExitStandard
            do {
                standard = try ExitStandard.decode(json: Data(file.data.readableBytesView))
            } catch {
                return try await render(granted, key: nil, error: "\(file.fileName)：\(String(describing: error))", status: .badRequest)
            }
            guard Self.isValidKey(standard.key) else {
                return try await render(granted, key: nil, error: "标准代码“\(standard.key)”只能用英文字母、数字、连字符和下划线", status: .badRequest)
            }
            do {
                try await ExitStandardRepository(store: services.store).add(standard, context: services.changeContext(granted))
            } catch let error as StorageError {
                return try await render(granted, key: nil, error: error.chinese, status: .badRequest)
            }
            return .redirect(to: SiteURL.exitStandard(standard.key).path + "&saved=1")
        }
    }

    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 40 && key.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 }
    }


    private func render(
        _ granted: Granted, key: String?, error: String?, message: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let repo = ExitStandardRepository(store: services.store)
        let all = try await repo.all()
        let selected = all.first { $0.standard.key == key } ?? all.first { $0.standard.key == ExitController.defaultStandard } ?? all.first
        let canConfigure = AccessPolicy.decide(granted.principal, .write, .configuration).isAllowed
        let canEdit = canConfigure && selected?.builtIn == false
        let levels: [LevelBlock] = ExitLevel.allCases.map { level in
            let indicators = (selected?.standard.indicators(level) ?? []).map { i in
                IndicatorLine(
                    key: i.key, label: i.label, comparison: ExitController.comparison(i.comparison), threshold: ExitController.threshold(i),
                    veto: i.veto ? "一票否决" : "计分", weight: i.weight.map { String(format: "%.3f", $0) } ?? "—", source: i.source,
                    editable: canEdit && i.measure.kind != .flag, level: level.rawValue)
            }
            return LevelBlock(label: "\(level.label)级指标", indicators: indicators, hasIndicators: !indicators.isEmpty)
        }
        let lines = try await repo.povertyLines().entries.sorted { ($0.year, $0.scope.rank) > ($1.year, $1.scope.rank) }.map { l in
            LineRow(
                year: l.year, scope: ExitController.scopeLabel(l), purpose: l.purpose.label, amount: l.amount.display + " 元",
                concept: (l.concept == .net ? "纯收入" : "可支配收入") + (l.priceBase.map { "（\($0)年不变价）" } ?? ""),
                document: l.document, url: l.url.flatMap { $0.hasPrefix("http://") || $0.hasPrefix("https://") ? $0 : nil },
                confidence: l.confidence.label)
        }
        let year = try await services.register.latestYear() ?? ChinaTime.year(services.clock())
        let suggested = (selected?.standard.key ?? "standard") + "-county"
        let page = StandardsPage(
            chrome: Chrome(title: "退出标准", granted: granted, section: .assess), tabs: ExitTabs.make(.standards, granted),
            standards: all.map { s in
                StandardLine(
                    url: SiteURL.exitStandard(s.standard.key).path, key: s.standard.key, name: s.standard.name,
                    years: "\(s.standard.firstYear)–\(s.standard.lastYear.map(String.init) ?? "")", kind: s.builtIn ? "内置" : "本县",
                    updated: s.builtIn ? "" : "\(ChinaTime.display(s.updatedAt)) \(s.updatedBy)", selected: s.standard.key == selected?.standard.key)
            },
            selectedKey: selected?.standard.key ?? "", selectedName: selected?.standard.name ?? "", selectedSource: selected?.standard.source ?? "",
            selectedBuiltIn: selected?.builtIn ?? true, levels: levels, lines: lines, canConfigure: canConfigure, canEdit: canEdit,
            assessURL: SiteURL.exit(ExitQuery(year: year, standard: selected?.standard.key)).path,
            suggestedKey: suggested, suggestedName: (selected?.standard.name ?? "") + "（本县）", error: error, message: message)
        return services.renderer.html("exit_standards", page, status: status)
    }
}

extension PovertyLine.Scope {
    var rank: Int {
        switch self {
        case .nation: 0
        case .province: 1
        case .city: 2
        case .county: 3
        }
    }
}

extension PovertyLine.Confidence {
    var label: String {
        switch self {
        case .confirmed: "已核实"
        case .seed: "种子材料"
        case .secondary: "二手资料"
        case .unconfirmed: "未证实"
        }
    }
}
