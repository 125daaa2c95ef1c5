import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// Resolves the session cookie or bearer token into a principal. It never refuses a request:
/// deciding is `AccessPolicy`'s job, called by every guarded route.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = JingzhunRequestContext
    let services: Services

    static let sessionCookie = "jz_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let now = services.clock()
        if let auth = request.headers[.authorization], auth.hasPrefix("Bearer ") {
            let token = String(auth.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
            if let account = try await services.accounts.account(forToken: token) {
                context.principal = account.principal
                context.viaBearerToken = true
            }
        } else if let token = request.cookies[Self.sessionCookie]?.value,
            let session = try await services.accounts.session(token: token, now: now)
        {
            context.principal = session.account.principal
            context.csrfToken = session.csrfToken
            context.sessionToken = token
        }
        var response = try await next(request, context)
        // Pages carry personal data: never cache them in shared proxies or the back button's disk cache.
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        return response
    }
}
