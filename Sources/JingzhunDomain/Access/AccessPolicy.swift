/// What a request wants to do.
public enum AccessAction: String, Sendable, Equatable {
    case read, write
}

/// What a request touches, resolved from its URL before the handler runs. Every object that belongs
/// somewhere carries its region's path (the region and its ancestors), so the subtree test is a set lookup.
public enum AccessTarget: Sendable, Equatable {
    /// Pages of one's own: home, inbox, own password.
    case ownAccount
    /// The county-wide lists (units, people, the region tree root): visible to county-scoped roles; for
    /// narrower roles the handler filters by scope.
    case scopedList
    case region(RegionPath)
    /// Downloading a region's register in the template layout.
    case registerExport(RegionPath)
    case unit(OrgUnit.ID, RegionPath)
    case person(Person.ID, RegionPath)
    /// A register household, with the people paired to it (帮扶干部 see only their own pairings).
    case household(RegionPath, pairedPersons: Set<Person.ID>)
    /// The audit log (filtered by scope in the handler).
    case auditLog
    /// Inspections and their findings.
    case inspection(RegionPath)
    /// Deciding a household change request: the town (or county office) of the household, never the proposer.
    case changeDecision(RegionPath, proposer: Int64?)
    /// Accounts.
    case administration
    /// County configuration kept by the office: unit groups, and later thresholds and standards.
    case configuration
    /// A plan (任务清单) of a county: its ledger and bulletin are read by county-scoped accounts; it is imported,
    /// reviewed and handed out by the county office.
    case plan(RegionPath)
    /// One task, for one kind of work on it.
    case task(TaskAccess, TaskDuty)
    /// 防返贫监测 (issue 7 §7): a region's dashboard and case list (`pairedPersons` nil), or one case of a household
    /// (with the people paired to it), for one kind of work.
    case monitoring(RegionPath, pairedPersons: Set<Person.ID>?, MonitoringDuty)
}

/// Who records what on a monitoring case (../shared/DOMAIN.md §8 "Procedure"): the village does the home check,
/// appraisal and notice, the town reviews, the county decides. Reading is the same for every duty.
public enum MonitoringDuty: Sendable, Equatable {
    /// 入户核实, 民主评议, 村内公示 (also of 风险消除): village cadres of the household's village.
    case village
    /// 乡镇审核 (also of 风险消除): town cadres of its town.
    case town
    /// 县级确认, 风险消除确认, 回退 and scanning the register: the county office.
    case county
    /// Help measures: the village, the town or the county office.
    case measure
    /// 风险信息登记 (a disaster, an accident, medical costs, a loss of labour) for a household: the village, the town or
    /// the county office, each inside its own region.
    case report
    /// Importing a department's list (部门筛查): the county office and the departments, for their county.
    case departmentList

    /// Who takes the step a case at `stage` waits for (and may dismiss it there). A closed case's only step is the
    /// county's 回退.
    public static func next(after stage: MonitoringStage) -> MonitoringDuty {
        switch stage {
        case .clue, .verified, .appraised, .identified, .eliminationAppraised: .village
        case .noticed, .eliminationNoticed: .town
        case .townReviewed, .eliminationTownReviewed, .eliminated, .dismissed: .county
        }
    }
}

/// What the policy needs to know about a task: where it belongs and whom it names (matched units and persons).
public struct TaskAccess: Sendable, Equatable {
    public var path: RegionPath
    /// Lead and cooperating units.
    public var units: Set<OrgUnit.ID>
    /// Towns whose government unit the task names as lead or cooperating unit.
    public var townGovernments: Set<RegionCode>
    /// Every named person: leaders and 责任人.
    public var persons: Set<Person.ID>
    /// The 责任人 alone.
    public var responsible: Set<Person.ID>

    public init(path: RegionPath, units: Set<OrgUnit.ID> = [], townGovernments: Set<RegionCode> = [], persons: Set<Person.ID> = [],
                responsible: Set<Person.ID> = []) {
        self.path = path
        self.units = units
        self.townGovernments = townGovernments
        self.persons = persons
        self.responsible = responsible
    }
}

/// The kinds of work on a task, each with its own writers (issue 6 §4–§6).
public enum TaskDuty: Sendable, Equatable {
    /// Progress reports and the 销号 request: the task's owners.
    case progress
    /// Approving or sending back a 销号 request, reopening: an independent checker.
    case closureCheck
    /// Taking a 督办 step.
    case escalation
}

public enum AccessDecision: Sendable, Equatable {
    case allow
    case deny(reason: String)

    public var isAllowed: Bool { self == .allow }
}

/// The one function that decides every route (issue 3 §5: "One authorization function decides every
/// route"). Web routes declare an action and how to resolve their target; the router calls this before
/// the handler, and a route that declares nothing cannot be registered.
public enum AccessPolicy {
    public static func decide(_ principal: Principal, _ action: AccessAction, _ target: AccessTarget) -> AccessDecision {
        let role = principal.role
        // Four eyes, for every role: whoever proposed a change does not approve it.
        if case .changeDecision(_, let proposer) = target, action == .write, proposer == principal.accountID {
            return deny("不能审核自己提出的变更")
        }
        if role == .systemAdmin { return .allow }
        switch target {
        case .ownAccount:
            return .allow
        case .scopedList:
            return action == .read ? .allow : deny("列表为只读")
        case .administration:
            return deny("仅系统管理员可管理账号")
        case .configuration:
            if action == .read { return .allow }
            return role == .countyOffice ? .allow : deny("仅县脱贫办可修改县级配置")
        case .auditLog:
            return (role == .countyOffice || role == .inspector) && action == .read
                ? .allow : deny("仅县脱贫办和督查可查看审计日志")
        case .region(let path):
            return regional(principal, action, path, writers: [.countyOffice, .townCadre, .villageCadre])
        case .changeDecision(let path, let proposer):
            _ = proposer
            if action == .read { return regional(principal, .read, path, writers: []) }
            return regional(principal, .write, path, writers: [.countyOffice, .townCadre])
        case .registerExport(let path):
            if role == .helpCadre { return deny("帮扶干部只能查看结对帮扶户，不能导出全村名单") }
            return regional(principal, .read, path, writers: [])
        case .person(_, let path):
            return regional(principal, action, path, writers: [.countyOffice, .townCadre, .villageCadre])
        case .unit(let unitID, let path):
            if role == .sectorDepartment, action == .write {
                return principal.unitID == unitID ? .allow : deny("行业部门只能修改本单位")
            }
            return regional(principal, action, path, writers: [.countyOffice])
        case .household(let path, let paired):
            if role == .helpCadre {
                guard let me = principal.personID, paired.contains(me) else { return deny("帮扶干部只能查看结对帮扶户") }
                return regional(principal, action, path, writers: [.helpCadre])
            }
            return regional(principal, action, path, writers: [.countyOffice, .townCadre, .villageCadre])
        case .inspection(let path):
            if role == .inspector { return path.contains(principal.scope) ? .allow : deny("超出督查范围") }
            return regional(principal, action, path, writers: [.countyOffice])
        case .plan(let path):
            // Town and village cadres work from their own tasks (我的任务), not the county's whole list.
            guard path.contains(principal.scope) else { return deny("任务清单由县级账号查看；镇村干部请在“我的任务”中查看本级任务") }
            if action == .write, role != .countyOffice { return deny("仅县脱贫办可以导入、审核和下发任务清单") }
            return .allow
        case .task(let task, let duty):
            return decideTask(principal, action, task, duty)
        case .monitoring(let path, let paired, let duty):
            return decideMonitoring(principal, action, path, paired, duty)
        }
    }

    /// Reads: every role inside its subtree; a 帮扶干部 only the cases of households paired with them (not the
    /// dashboard or the lists, which cover a whole village). Writes: each step by the level that does it.
    private static func decideMonitoring(
        _ principal: Principal, _ action: AccessAction, _ path: RegionPath, _ paired: Set<Person.ID>?, _ duty: MonitoringDuty
    ) -> AccessDecision {
        guard path.contains(principal.scope) else { return deny("超出本账号的区域范围（\(principal.scope)）") }
        let role = principal.role
        if role == .helpCadre {
            guard let paired else { return deny("帮扶干部只能在结对帮扶户的页面查看其监测情况，不能查看全村监测名单") }
            guard let me = principal.personID, paired.contains(me) else { return deny("帮扶干部只能查看结对帮扶户") }
        }
        if action == .read { return .allow }
        switch duty {
        case .village:
            return role == .villageCadre ? .allow : deny("入户核实、民主评议和村内公示由村干部/驻村工作队办理")
        case .town:
            return role == .townCadre ? .allow : deny("乡镇审核由镇干部办理")
        case .county:
            return role == .countyOffice ? .allow : deny("县级确认、风险消除确认、回退和扫描建档由县脱贫办办理")
        case .measure:
            return [.villageCadre, .townCadre, .countyOffice].contains(role) ? .allow : deny("帮扶措施由村、镇干部或县脱贫办登记")
        case .report:
            return [.villageCadre, .townCadre, .countyOffice].contains(role) ? .allow : deny("风险信息由村、镇干部或县脱贫办登记")
        case .departmentList:
            return [.countyOffice, .sectorDepartment].contains(role) && path.region.level == .county
                ? .allow : deny("部门名单由县脱贫办或行业部门按县导入")
        }
    }

    private static func decideTask(_ principal: Principal, _ action: AccessAction, _ task: TaskAccess, _ duty: TaskDuty) -> AccessDecision {
        let inScope = task.path.contains(principal.scope)
        let namedUnit = principal.unitID.map(task.units.contains) ?? false
        let namedPerson = principal.personID.map(task.persons.contains) ?? false
        let responsible = principal.personID.map(task.responsible.contains) ?? false
        let role = principal.role
        if action == .read {
            let namedTown = task.townGovernments.contains(principal.scope)
            return inScope || namedUnit || namedPerson || namedTown ? .allow : deny("该任务不在本账号的范围内，也没有指定本单位或本人")
        }
        switch duty {
        case .progress:
            if role == .countyOffice && inScope { return .allow }
            if role == .sectorDepartment && namedUnit { return .allow }
            if role == .townCadre && (inScope || task.townGovernments.contains(principal.scope)) { return .allow }
            if responsible { return .allow }
            return deny("只有牵头或配合单位、任务所在镇、责任人和县脱贫办可以报送进展和申请销号")
        case .closureCheck:
            return (role == .countyOffice || role == .inspector) && inScope ? .allow : deny("仅县脱贫办和督查可以审核销号")
        case .escalation:
            return (role == .countyOffice || role == .inspector) && inScope ? .allow : deny("仅县脱贫办和督查可以督办")
        }
    }

    /// Inside the principal's subtree: read for every role (departments and inspectors are county-scoped),
    /// write for the listed roles.
    private static func regional(
        _ principal: Principal, _ action: AccessAction, _ path: RegionPath, writers: Set<Role>
    ) -> AccessDecision {
        guard path.contains(principal.scope) else { return deny("超出本账号的区域范围（\(principal.scope)）") }
        if principal.role == .helpCadre, action == .read, path.region.level < .village {
            return deny("帮扶干部只能查看结对帮扶户")
        }
        if action == .write, !writers.contains(principal.role) { return deny("\(principal.role.label)无修改权限") }
        return .allow
    }

    private static func deny(_ reason: String) -> AccessDecision { .deny(reason: reason) }
}
