import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 系统管理: the landing page, accounts (system admin only) and one's own password and API tokens.
struct AdminController {
    let services: Services

    struct Link: Sendable {
        var label: String
        var url: String
        var note: String
    }

    struct AdminPage: Sendable {
        var chrome: Chrome
        var links: [Link]
    }

    struct AccountLine: Sendable {
        var username: String
        var displayName: String
        var roleLabel: String
        var scope: String
        var scopeURL: String
        var active: Bool
        var passwordURL: String
    }

    struct RoleOption: Sendable {
        var value: String
        var label: String
    }

    struct AccountsPage: Sendable {
        var chrome: Chrome
        var accounts: [AccountLine]
        var roles: [RoleOption]
        var message: String?
        var error: String?
        var createURL = SiteURL.accounts.path
    }

    struct MyAccountPage: Sendable {
        var chrome: Chrome
        var username: String
        var displayName: String
        var roleLabel: String
        var scope: String
        var message: String?
        var error: String?
        var newToken: String?
        var passwordURL = SiteURL.myPassword.path
        var tokensURL = SiteURL.myTokens.path
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/admin", .read, .scopedList) { _, _, granted in
            let p = granted.principal
            var links = [
                Link(label: "区划与户数", url: SiteURL.regions.path, note: "按市→县→镇→村→组浏览"),
                Link(label: "单位与议事机构", url: SiteURL.units.path, note: "县直部门、各镇、专项办及其分组"),
                Link(label: "干部与帮扶人员", url: SiteURL.people.path, note: "县级领导、第一书记、工作队、帮扶干部"),
            ]
            if AccessPolicy.decide(p, .read, .auditLog).isAllowed {
                links.append(Link(label: "审计日志", url: SiteURL.audit.path, note: "谁在何时改了什么（哈希链防篡改）"))
            }
            if AccessPolicy.decide(p, .read, .administration).isAllowed {
                links.append(Link(label: "账号与角色", url: SiteURL.accounts.path, note: "新建账号、重设密码"))
            }
            links.append(Link(label: "我的账号", url: SiteURL.myAccount.path, note: "修改密码、API 令牌"))
            return services.renderer.html("admin", AdminPage(chrome: Chrome(title: "系统管理", granted: granted, section: .admin), links: links))
        }
        routes.get("/admin/accounts", .read, .administration) { _, _, granted in
            try await accountsPage(granted, message: nil, error: nil)
        }
        routes.post("/admin/accounts", .write, .administration) { _, _, granted in
            let f = granted.form
            guard let username = f["username"], let password = f.fields["password"], let role = f["role"].flatMap(Role.init(rawValue:)),
                let scope = f["scope"].flatMap(RegionCode.init(rawValue:))
            else { return try await accountsPage(granted, message: nil, error: "请填写用户名、密码、角色和12位区划代码", status: .badRequest) }
            do {
                let unit = try await f["unit"].asyncFlatMap { try await services.organisation.unit(named: $0)?.id }
                _ = try await services.accounts.create(
                    username: username, displayName: f["displayName"] ?? username, password: password, role: role, scope: scope,
                    unitID: unit, context: services.changeContext(granted))
                return try await accountsPage(granted, message: "已创建账号 \(username)", error: nil)
            } catch let error as StorageError {
                return try await accountsPage(granted, message: nil, error: error.description, status: .badRequest)
            }
        }
        routes.post("/admin/accounts/:username/password", .write, .administration) { _, context, granted in
            let username = context.parameters.get("username") ?? ""
            do {
                try await services.accounts.setPassword(username: username, password: granted.form.fields["password"] ?? "", context: services.changeContext(granted))
                return try await accountsPage(granted, message: "已重设 \(username) 的密码", error: nil)
            } catch let error as StorageError {
                return try await accountsPage(granted, message: nil, error: error.description, status: .badRequest)
            }
        }
        routes.get("/account", .read, .ownAccount) { _, _, granted in
            myAccount(granted, message: nil, error: nil, token: nil)
        }
        routes.post("/account/password", .write, .ownAccount) { _, _, granted in
            let p = granted.principal
            guard try await services.accounts.authenticate(username: p.username, password: granted.form.fields["current"] ?? "") != nil else {
                return myAccount(granted, message: nil, error: "当前密码不正确", token: nil, status: .badRequest)
            }
            guard let new = granted.form.fields["new"], new == granted.form.fields["confirm"] else {
                return myAccount(granted, message: nil, error: "两次输入的新密码不一致", token: nil, status: .badRequest)
            }
            do {
                try await services.accounts.setPassword(username: p.username, password: new, context: services.changeContext(granted))
            } catch let error as StorageError {
                return myAccount(granted, message: nil, error: error.description, token: nil, status: .badRequest)
            }
            return .redirect(to: SiteURL.login.path)
        }
        routes.post("/account/tokens", .write, .ownAccount) { _, _, granted in
            guard let account = try await services.accounts.find(id: granted.principal.accountID) else { throw HTTPError(.notFound) }
            let token = try await services.accounts.issueToken(for: account, name: granted.form["name"] ?? "API", context: services.changeContext(granted))
            return myAccount(granted, message: "新令牌只显示这一次，请立即保存", error: nil, token: token)
        }
    }


    private func accountsPage(_ granted: Granted, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let accounts = try await services.accounts.all()
        var lines: [AccountLine] = []
        for a in accounts {
            lines.append(AccountLine(
                username: a.username, displayName: a.displayName, roleLabel: a.role.label,
                scope: try await services.regions.find(a.scope)?.shortName ?? a.scope.rawValue, scopeURL: SiteURL.region(a.scope).path,
                active: a.active, passwordURL: SiteURL.accountPassword(a.username).path))
        }
        return services.renderer.html("accounts", AccountsPage(
            chrome: Chrome(title: "账号与角色", granted: granted, section: .admin), accounts: lines,
            roles: Role.allCases.map { RoleOption(value: $0.rawValue, label: $0.label) }, message: message, error: error), status: status)
    }

    private func myAccount(_ granted: Granted, message: String?, error: String?, token: String?, status: HTTPResponse.Status = .ok) -> Response {
        let p = granted.principal
        return services.renderer.html("account", MyAccountPage(
            chrome: Chrome(title: "我的账号", granted: granted, section: .admin), username: p.username, displayName: p.displayName,
            roleLabel: p.role.label, scope: p.scope.rawValue, message: message, error: error, newToken: token), status: status)
    }
}
