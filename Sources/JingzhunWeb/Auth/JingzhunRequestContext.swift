public import Hummingbird
import JingzhunDomain

/// Per-request state: who is signed in (set by `AuthenticationMiddleware`) and how.
public struct JingzhunRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var principal: Principal?
    /// The session's CSRF token (cookie sign-in only).
    var csrfToken: String?
    /// The raw session token, for sign-out.
    var sessionToken: String?
    /// Signed in with `Authorization: Bearer`: no cookies, so no CSRF check.
    var viaBearerToken = false

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
