import Foundation
import HTTPTypes
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// How a route finds the object it touches, from its path parameters.
enum TargetSource: Sendable, Equatable {
    case ownAccount, scopedList, auditLog, administration, configuration
    case region(param: String)
    /// Downloading a region's register (paired cadres may not take a whole village's list).
    case regionExport(param: String)
    case unit(param: String)
    case person(param: String)
    case household(param: String)
    /// A household change request, decided by the town of its household.
    case changeRequest(param: String)
    /// A region named in the query string (`?region=`), the principal's own scope when absent: pages whose
    /// GET form picks the region (退出评估) keep one bookmarkable URL.
    case queryRegion(name: String)
    /// The same, judged as taking a region's list away (downloads, the JSON API): paired cadres may not.
    case queryRegionExport(name: String)
    /// The county of the principal's scope, for 三率一度 evaluation work: inspectors and the county office.
    case countyEvaluation
    /// The plans of the principal's county (the list and the import form).
    case countyPlans
    /// One plan, judged by its county.
    case plan(param: String)
    /// One task, judged by its region and parties for the given kind of work.
    case task(param: String, TaskDuty)
    /// 防返贫监测 of a region named in the query string (the principal's scope when absent): dashboard, lists, scan.
    case monitoringRegion(name: String, MonitoringDuty)
    /// One monitoring case, judged by its household's village and pairings.
    case monitoringCase(param: String, MonitoringCaseWork)
    /// 防返贫监测 work on one register household (风险信息登记), judged by its village and pairings.
    case monitoringHousehold(param: String, MonitoringDuty)
    /// The case list's region from its filter form: `?village=` (ignored when it lies outside a `?town=` also given, as
    /// after switching towns without JavaScript), else `?town=`, else the principal's scope.
    case monitoringList(MonitoringDuty)
    /// 防返贫监测 of the region in a path parameter: a town's list of villages, a village's cases and its 公示.
    case monitoringArea(param: String, MonitoringDuty)
}

/// What is done to a monitoring case: read it, take the step its stage calls for (whose duty follows from the
/// stage, `MonitoringDuty.next(after:)`), or add a help measure.
enum MonitoringCaseWork: Sendable, Equatable {
    case read, nextStep, measure
}

/// What a route requires. There is no third option: a route is public (sign-in page, stylesheet) or guarded.
enum RouteAccess: Sendable, Equatable {
    case publicRoute
    case guarded(AccessAction, TargetSource)
}

struct RouteRule: Sendable, Equatable {
    var method: HTTPRequest.Method
    var path: String
    var access: RouteAccess
}

/// What a guarded handler receives once `AccessPolicy` has allowed the request.
struct Granted: Sendable {
    var principal: Principal
    var csrfToken: String
    var target: ResolvedTarget
    var form: FormData
    var query: FormData
    /// Files of a multipart form: (field name, file name, bytes).
    var files: [UploadedFile] = []
    /// Unread inbox messages, for the layout's inbox link (pages only).
    var unread = 0
}

struct UploadedFile: Sendable {
    var field: String
    var fileName: String
    var data: ByteBuffer
}

enum ResolvedTarget: Sendable {
    case none
    case region(RegionPath)
    case unit(OrgUnit, RegionPath)
    case person(Person, RegionPath)
    case household(RegisterRepository.HouseholdRow, RegionPath)
    case plan(Plan, RegionPath)
    case task(TaskItem, TaskAccess)
    case monitoringCase(MonitoringRepository.StoredCase, RegisterRepository.HouseholdRow?, RegionPath)
}

/// The only way routes are added. Each guarded route authenticates, checks CSRF on unsafe methods,
/// resolves its target, and asks `AccessPolicy.decide` before its handler runs. The table of rules is
/// kept so tests can compare it with the router's own list of routes.
final class GuardedRouter {
    let router: Router<JingzhunRequestContext>
    let services: Services
    private(set) var rules: [RouteRule] = []

    init(router: Router<JingzhunRequestContext>, services: Services) {
        self.router = router
        self.services = services
    }

    typealias Handler = @Sendable (Request, JingzhunRequestContext, Granted) async throws -> Response
    typealias PublicHandler = @Sendable (Request, JingzhunRequestContext) async throws -> Response

    func publicRoute(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping PublicHandler) {
        rules.append(RouteRule(method: method, path: path, access: .publicRoute))
        router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
    }

    func get(_ path: String, _ action: AccessAction, _ target: TargetSource, _ handler: @escaping Handler) {
        add(.get, path, action, target, handler)
    }

    func post(_ path: String, _ action: AccessAction, _ target: TargetSource, _ handler: @escaping Handler) {
        add(.post, path, action, target, handler)
    }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ action: AccessAction, _ target: TargetSource, _ handler: @escaping Handler) {
        rules.append(RouteRule(method: method, path: path, access: .guarded(action, target)))
        let services = self.services
        let isAPI = path.hasPrefix("/api/")
        router.on(RouterPath(path), method: method) { request, context in
            let errors = ErrorResponder(services: services, isAPI: isAPI, principal: context.principal, csrf: context.csrfToken)
            guard let principal = context.principal else {
                if isAPI { return errors.respond(.unauthorized, "请先登录或提供有效的 API 令牌") }
                if method == .get {
                    return Response.redirect(to: SiteURL.login.path + "?next=" + (request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")).formEncoded)
                }
                return errors.respond(.unauthorized, "登录已过期，请重新登录")
            }
            var form = FormData("")
            var files: [UploadedFile] = []
            if method != .get && method != .head {
                if let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data") {
                    let body = try await request.body.collect(upTo: 200 << 20)
                    guard let parsed = try? MultipartForm.parse(body, contentType: type) else {
                        return errors.respond(.badRequest, "上传内容无法解析，请重新选择文件")
                    }
                    form = parsed.fields
                    files = parsed.files
                } else {
                    let body = try await request.body.collect(upTo: 4 << 20)
                    form = FormData(String(buffer: body))
                }
                if !context.viaBearerToken {
                    let sent = form["_csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!]
                    guard let expected = context.csrfToken, let sent, constantTimeEqual(sent, expected) else {
                        return errors.respond(.forbidden, "表单已失效（CSRF 校验失败），请刷新页面后重试")
                    }
                }
            }
            let resolved: ResolvedTarget
            let accessTarget: AccessTarget
            let query = FormData(request.uri.query ?? "")
            switch try await Self.resolve(target, context: context, query: query, principal: principal, services: services) {
            case .notFound(let what): return errors.respond(.notFound, what)
            case .found(let r, let t):
                resolved = r
                accessTarget = t
            }
            switch AccessPolicy.decide(principal, action, accessTarget) {
            case .deny(let reason):
                return errors.respond(.forbidden, reason)
            case .allow:
                var granted = Granted(
                    principal: principal, csrfToken: context.csrfToken ?? "", target: resolved, form: form,
                    query: query, files: files)
                // Only pages show the inbox link; API calls and form posts skip the count.
                if method == .get, !isAPI { granted.unread = try await services.inbox.unreadCount(for: principal) }
                return try await handler(request, context, granted)
            }
        }
    }

    private enum Resolution {
        case found(ResolvedTarget, AccessTarget)
        case notFound(String)
    }

    private static func resolve(
        _ source: TargetSource, context: JingzhunRequestContext, query: FormData, principal: Principal, services: Services
    ) async throws -> Resolution {
        switch source {
        case .ownAccount: return .found(.none, .ownAccount)
        case .scopedList: return .found(.none, .scopedList)
        case .auditLog: return .found(.none, .auditLog)
        case .administration: return .found(.none, .administration)
        case .configuration: return .found(.none, .configuration)
        case .region(let param), .regionExport(let param):
            guard let code = context.parameters.get(param).flatMap(RegionCode.init(rawValue:)),
                let path = try await services.regions.path(code)
            else { return .notFound("没有这个区划") }
            // The same region; exporting it is judged as its own action (paired cadres may not take a list).
            if case .regionExport = source { return .found(.region(path), .registerExport(path)) }
            return .found(.region(path), .region(path))
        case .unit(let param):
            guard let id = context.parameters.get(param).flatMap(OrgUnit.ID.init), let unit = try await services.organisation.unit(id),
                let path = try await services.regions.path(unit.regionCode)
            else { return .notFound("没有这个单位") }
            return .found(.unit(unit, path), .unit(unit.id, path))
        case .person(let param):
            guard let id = context.parameters.get(param).flatMap(Person.ID.init), let person = try await services.organisation.person(id),
                let path = try await services.regions.path(person.regionCode)
            else { return .notFound("没有这个人员") }
            return .found(.person(person, path), .person(person.id, path))
        case .changeRequest(let param):
            guard let id = context.parameters.get(param).flatMap(HouseholdChangeRequest.ID.init),
                let request = try await HouseholdChangeRepository(store: services.store).find(id),
                let path = try await services.regions.path(request.villageCode)
            else { return .notFound("没有这个变更申请") }
            return .found(.region(path), .changeDecision(path, proposer: request.proposedByAccount))
        case .queryRegion(let name), .queryRegionExport(let name):
            let code: RegionCode? = if let raw = query[name] { RegionCode(rawValue: raw) } else { principal.scope }
            guard let code, let path = try await services.regions.path(code) else { return .notFound("没有这个区划") }
            if case .queryRegionExport = source { return .found(.region(path), .registerExport(path)) }
            return .found(.region(path), .region(path))
        case .countyEvaluation:
            guard let path = try await services.regions.path(principal.scope.county)
            else { return .notFound("没有这个县") }
            return .found(.region(path), .inspection(path))
        case .countyPlans:
            guard let path = try await services.regions.path(principal.scope.county) else { return .notFound("没有这个县") }
            return .found(.region(path), .plan(path))
        case .plan(let param):
            guard let id = context.parameters.get(param).flatMap(Int64.init).map(Plan.ID.init(rawValue:)),
                let plan = try await services.tasks.plan(id), let path = try await services.regions.path(plan.regionCode)
            else { return .notFound("没有这个任务清单") }
            return .found(.plan(plan, path), .plan(path))
        case .task(let param, let duty):
            guard let id = context.parameters.get(param).flatMap(Int64.init).map(TaskItem.ID.init(rawValue:)),
                let task = try await services.tasks.task(id), let access = try await TaskAccessCache(services: services).accesses([task])[task.id]
            else { return .notFound("没有这个任务") }
            return .found(.task(task, access), .task(access, duty))
        case .monitoringRegion(let name, let duty):
            let code: RegionCode? = if let raw = query[name] { RegionCode(rawValue: raw) } else { principal.scope }
            guard let code, let path = try await services.regions.path(code) else { return .notFound("没有这个区划") }
            return .found(.region(path), .monitoring(path, pairedPersons: nil, duty))
        case .monitoringList(let duty):
            var chosen: RegionPath?
            if let raw = query["town"] {
                guard let code = RegionCode(rawValue: raw), let path = try await services.regions.path(code) else { return .notFound("没有这个区划") }
                chosen = path
            }
            if let raw = query["village"] {
                guard let code = RegionCode(rawValue: raw), let path = try await services.regions.path(code) else { return .notFound("没有这个区划") }
                if chosen == nil || path.contains(chosen!.region.code) { chosen = path }
            }
            if chosen == nil { chosen = try await services.regions.path(principal.scope) }
            guard let path = chosen else { return .notFound("没有这个区划") }
            return .found(.region(path), .monitoring(path, pairedPersons: nil, duty))
        case .monitoringArea(let param, let duty):
            guard let code = context.parameters.get(param).flatMap(RegionCode.init(rawValue:)), let path = try await services.regions.path(code)
            else { return .notFound("没有这个区划") }
            return .found(.region(path), .monitoring(path, pairedPersons: nil, duty))
        case .monitoringCase(let param, let work):
            guard let id = context.parameters.get(param).flatMap(Int64.init), let stored = try await services.monitoring.find(id),
                let path = try await services.regions.path(stored.villageCode)
            else { return .notFound("没有这个监测案件") }
            let row = try await services.register.household(number: stored.record.householdNumber)
            let duty: MonitoringDuty =
                switch work {
                case .read, .nextStep: .next(after: stored.record.stage)
                case .measure: .measure
                }
            return .found(.monitoringCase(stored, row, path), .monitoring(path, pairedPersons: row?.pairedPersons ?? [], duty))
        case .monitoringHousehold(let param, let duty):
            guard let number = context.parameters.get(param), let row = try await services.register.household(number: number),
                row.mergedInto == nil, let path = try await services.regions.path(row.household.villageCode)
            else { return .notFound("户籍档案中没有这个户") }
            return .found(.household(row, path), .monitoring(path, pairedPersons: row.pairedPersons, duty))
        case .household(let param):
            guard let number = context.parameters.get(param), let row = try await services.register.household(number: number),
                let path = try await services.regions.path(row.household.regionCode)
            else { return .notFound("没有这个户") }
            return .found(.household(row, path), .household(path, pairedPersons: row.pairedPersons))
        }
    }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in 0..<x.count { diff |= x[i] ^ y[i] }
    return diff == 0
}
