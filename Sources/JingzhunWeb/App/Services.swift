import JingzhunDomain
import Foundation
import JingzhunStorage

/// Everything a controller may call, built once in `buildApplication` (the composition root).
struct Services: Sendable {
    let store: Store
    let regions: RegionRepository
    let organisation: OrganisationRepository
    let accounts: AccountRepository
    let register: RegisterRepository
    let audit: AuditRepository
    let tasks: TaskRepository
    let workflow: TaskWorkflow
    let inbox: Inbox
    let monitoring: MonitoringRepository
    let scanner: MonitoringScanner
    let renderer: Renderer
    let throttle: LoginThrottle
    let config: JingzhunConfig
    /// Injected so tests can move time.
    let clock: @Sendable () -> Date

    init(store: Store, renderer: Renderer, config: JingzhunConfig, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.regions = RegionRepository(store: store)
        self.organisation = OrganisationRepository(store: store)
        self.accounts = AccountRepository(store: store, bcryptCost: config.bcryptCost)
        self.register = RegisterRepository(store: store)
        self.audit = AuditRepository(store: store)
        self.tasks = TaskRepository(store: store)
        self.workflow = TaskWorkflow(store: store)
        self.inbox = Inbox(store: store)
        self.monitoring = MonitoringRepository(store: store)
        self.scanner = MonitoringScanner(store: store)
        self.renderer = renderer
        self.throttle = LoginThrottle(maxFailures: config.maxLoginFailures, window: config.throttleWindow)
        self.config = config
        self.clock = clock
    }
}

extension Services {
    /// Who changes what, and when, for the audit log: the signed-in account at the server's clock.
    func changeContext(_ granted: Granted) -> ChangeContext {
        ChangeContext(actorAccountID: granted.principal.accountID, actor: granted.principal.username, now: clock())
    }
}
