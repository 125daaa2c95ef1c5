public import Foundation
public import Hummingbird
import JingzhunDomain
public import JingzhunStorage
import Logging

/// The composition root, used by `serve`, `demo` and the tests alike.
public func buildApplication(
    _ config: JingzhunConfig, store: Store, clock: @escaping @Sendable () -> Date = { Date() }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "jingzhun")
    logger.logLevel = config.logLevel
    let (router, _) = try await buildRouter(config, store: store, clock: clock)
    return Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "jingzhun"),
        logger: logger)
}

/// The router and the table of access rules it was built from (tests compare the two).
func buildRouter(
    _ config: JingzhunConfig, store: Store, clock: @escaping @Sendable () -> Date
) async throws -> (Router<JingzhunRequestContext>, GuardedRouter) {
    let services = Services(store: store, renderer: try await Renderer.load(), config: config, clock: clock)
    let router = Router(context: JingzhunRequestContext.self)
    router.add(middleware: AuthenticationMiddleware(services: services))
    router.add(middleware: NotFoundPageMiddleware(services: services))
    let routes = GuardedRouter(router: router, services: services)
    AuthController(services: services).addRoutes(to: routes)
    HomeController(services: services).addRoutes(to: routes)
    RegionController(services: services).addRoutes(to: routes)
    HouseholdController(services: services).addRoutes(to: routes)
    OrganisationController(services: services).addRoutes(to: routes)
    AuditController(services: services).addRoutes(to: routes)
    AdminController(services: services).addRoutes(to: routes)
    RegisterController(services: services, rejectedFiles: RejectedFiles()).addRoutes(to: routes)
    QualityController(services: services).addRoutes(to: routes)
    HouseholdListController(services: services).addRoutes(to: routes)
    HouseholdChangeController(services: services).addRoutes(to: routes)
    ExitController(services: services).addRoutes(to: routes)
    ExitStandardController(services: services).addRoutes(to: routes)
    ExitSampleController(services: services).addRoutes(to: routes)
    ExitProcedureController(services: services).addRoutes(to: routes)
    PlanController(services: services).addRoutes(to: routes)
    TaskController(services: services).addRoutes(to: routes)
    InboxController(services: services).addRoutes(to: routes)
    MonitoringController(services: services).addRoutes(to: routes)
    MonitoringSourceController(services: services, uploads: HeldForAccount()).addRoutes(to: routes)
    MonitoringCaseListController(services: services).addRoutes(to: routes)
    MonitoringAreaController(services: services).addRoutes(to: routes)
    return (router, routes)
}

/// Unknown paths get the same 404 page as a missing object, in Chinese.
struct NotFoundPageMiddleware: RouterMiddleware {
    typealias Context = JingzhunRequestContext
    let services: Services

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return ErrorResponder(services: services, isAPI: request.uri.path.hasPrefix("/api/"), principal: context.principal, csrf: context.csrfToken)
                .respond(.notFound, "没有这个页面")
        }
    }
}
