import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// Sign-in and sign-out. The sign-in form is protected by a double-submit token (a cookie and a hidden
/// field that must match), because there is no session yet to hold a CSRF token.
struct AuthController {
    let services: Services
    static let loginCookie = "jz_login"

    struct LoginPage: Sendable {
        var chrome: Chrome
        var loginToken: String
        var next: String
        var username: String
        var error: String?
        var actionURL = SiteURL.login.path
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.publicRoute(.get, "/login") { request, context in
            if context.principal != nil { return .redirect(to: SiteURL.home.path) }
            return showForm(next: FormData(request.uri.query ?? "")["next"] ?? "/", username: "", error: nil, status: .ok)
        }
        routes.publicRoute(.post, "/login") { request, context in
            let form = FormData(String(buffer: try await request.body.collect(upTo: 64 << 10)))
            let next = safeNext(form["next"])
            guard let sent = form["_login"], let cookie = request.cookies[Self.loginCookie]?.value, constantTimeEqual(sent, cookie) else {
                return showForm(next: next, username: form["username"] ?? "", error: "登录表单已失效，请重新输入", status: .forbidden)
            }
            let username = form["username"] ?? ""
            let now = services.clock()
            if let wait = await services.throttle.lockedFor(username, now: now) {
                let minutes = max(1, Int((wait / 60).rounded(.up)))
                return showForm(next: next, username: username, error: "登录失败次数过多，请 \(minutes) 分钟后再试", status: .tooManyRequests)
            }
            guard let account = try await services.accounts.authenticate(username: username, password: form.fields["password"] ?? "") else {
                await services.throttle.recordFailure(username, now: now)
                return showForm(next: next, username: username, error: "用户名或密码错误", status: .unauthorized)
            }
            await services.throttle.recordSuccess(username)
            let session = try await services.accounts.startSession(for: account, now: now)
            var response = Response.redirect(to: next)
            response.setCookie(Cookie(
                name: AuthenticationMiddleware.sessionCookie, value: session.token, maxAge: 12 * 3600, path: "/",
                secure: services.config.secureCookies, httpOnly: true, sameSite: .lax))
            response.setCookie(Cookie(name: Self.loginCookie, value: "", maxAge: 0, path: "/login", httpOnly: true, sameSite: .strict))
            return response
        }
        routes.post("/logout", .read, .ownAccount) { _, context, _ in
            if let token = context.sessionToken { try await services.accounts.endSession(token: token) }
            var response = Response.redirect(to: SiteURL.login.path)
            response.setCookie(Cookie(name: AuthenticationMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
            return response
        }
    }

    private func showForm(next: String, username: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = AccountRepository.randomToken()
        let page = LoginPage(
            chrome: Chrome(title: "登录", principal: nil, csrf: nil, section: nil), loginToken: token, next: safeNext(next),
            username: username, error: error)
        var response = services.renderer.html("login", page, status: status)
        response.setCookie(Cookie(name: Self.loginCookie, value: token, maxAge: 3600, path: "/login", secure: services.config.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    /// Only same-site paths: "/x" yes, "//evil.example" or "https://…" no.
    private func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}
