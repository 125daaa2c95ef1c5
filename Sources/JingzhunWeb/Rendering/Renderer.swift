import Foundation
import Hummingbird
import JingzhunDomain
import Mustache

/// Mustache templates from `Resources/Templates`, loaded once at start-up; a missing template fails fast.
struct Renderer: Sendable {
    let library: MustacheLibrary
    let stylesheet: String

    static let required = ["layout", "login", "home", "region", "units", "unit", "people", "person", "household", "audit", "admin", "accounts", "account", "error", "import", "quality", "households", "changes", "exit", "exit_near", "exit_tabs", "exit_standards", "exit_samples", "exit_procedures", "plans", "plan_review", "plan", "bulletin", "tasks", "task", "inbox", "monitoring", "monitoring_cases", "monitoring_case", "monitoring_notice", "monitoring_sources", "monitoring_report", "monitoring_area", "monitoring_village_notice"]

    static func load() async throws -> Renderer {
        // Linux and macOS disagree on whether resourceURL already ends in the copied folder.
        let candidates = [Bundle.module.bundleURL.appendingPathComponent("Resources"), Bundle.module.resourceURL?.appendingPathComponent("Resources"), Bundle.module.resourceURL]
        guard let base = candidates.compactMap({ $0 }).first(where: {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("Templates/layout.mustache").path)
        }) else {
            throw RendererError.missingResources
        }
        let library = try await MustacheLibrary(directory: base.appendingPathComponent("Templates").path)
        for name in required where library.getTemplate(named: name) == nil { throw RendererError.missingTemplate(base.path + "/Templates/" + name) }
        let css = try String(contentsOf: base.appendingPathComponent("Static/app.css"), encoding: .utf8)
        return Renderer(library: library, stylesheet: css)
    }

    func html(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        let body = library.render(model, withTemplate: template) ?? "模板缺失：\(template)"
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

enum RendererError: Error, CustomStringConvertible {
    case missingResources
    case missingTemplate(String)
    var description: String {
        switch self {
        case .missingResources: "找不到页面模板目录 / templates not bundled"
        case .missingTemplate(let name): "缺少页面模板 \(name).mustache / template missing"
        }
    }
}

/// The frame around every page: title, the signed-in user, the navigation every module uses.
struct Chrome: Sendable {
    struct NavItem: Sendable {
        var label: String
        var url: String?
        var active: Bool
    }

    var title: String
    var signedIn: Bool
    var userName: String
    var roleLabel: String
    var scopeName: String
    var csrf: String
    var nav: [NavItem]
    var stylesheet = SiteURL.stylesheet.path
    var logoutURL = SiteURL.logout.path
    var accountURL = SiteURL.myAccount.path
    var inboxURL = SiteURL.inbox.path
    /// Unread inbox messages; shown beside the inbox link when there are any.
    var unread: Int?

    enum Section: String, Sendable { case home, register, assess, tasks, monitor, help, projects, problems, reports, admin }

    /// 首页 … 系统管理 (issue 3 §9). Modules that have not shipped are listed without a link.
    static let sections: [(Section, String, String?)] = [
        (.home, "首页", SiteURL.home.path),
        (.register, "户籍档案", "/households"),
        (.assess, "退出评估", SiteURL.exit(ExitQuery()).path),
        (.tasks, "任务清单", SiteURL.plans.path),
        (.monitor, "防返贫监测", SiteURL.monitoring(nil).path),
        (.help, "帮扶与走访", SiteURL.people.path),
        (.projects, "项目资金", nil),
        (.problems, "问题整改", nil),
        (.reports, "统计报表", nil),
        (.admin, "系统管理", SiteURL.admin.path),
    ]

    init(title: String, granted: Granted, section: Section, scopeName: String = "") {
        self.init(title: title, principal: granted.principal, csrf: granted.csrfToken, section: section, scopeName: scopeName,
                  unread: granted.unread)
    }

    init(title: String, principal: Principal?, csrf: String?, section: Section?, scopeName: String = "", unread: Int = 0) {
        self.title = title
        self.signedIn = principal != nil
        self.userName = principal?.displayName ?? ""
        self.roleLabel = principal?.role.label ?? ""
        self.scopeName = scopeName
        self.csrf = csrf ?? ""
        self.unread = unread > 0 ? unread : nil
        // Town and village accounts work from their own tasks; the county's lists are for county accounts.
        let countyWide = principal.map { $0.role.scopeLevel == .county } ?? false
        self.nav = principal == nil ? [] : Self.sections.map { item in
            let url = item.0 == .tasks && !countyWide ? SiteURL.myTasks.path : item.2
            return NavItem(label: item.1, url: url, active: item.0 == section)
        }
    }
}

/// 401/403/404 as a page or as JSON, depending on where the request went.
struct ErrorResponder: Sendable {
    let services: Services
    let isAPI: Bool
    let principal: Principal?
    let csrf: String?

    struct ErrorPage: Sendable {
        var chrome: Chrome
        var status: Int
        var heading: String
        var message: String
        var homeURL = SiteURL.home.path
        var loginURL = SiteURL.login.path
    }

    func respond(_ status: HTTPResponse.Status, _ message: String) -> Response {
        if isAPI { return JSONBody.response(["error": message, "status": String(status.code)], status: status) }
        let heading: String =
            switch status {
            case .forbidden: "无权访问（403）"
            case .notFound: "页面不存在（404）"
            case .unauthorized: "需要登录（401）"
            case .tooManyRequests: "请稍后再试（429）"
            default: "出错了（\(status.code)）"
            }
        let page = ErrorPage(
            chrome: Chrome(title: heading, principal: principal, csrf: csrf, section: nil), status: status.code,
            heading: heading, message: message)
        return services.renderer.html("error", page, status: status)
    }
}

enum JSONBody {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Response {
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
