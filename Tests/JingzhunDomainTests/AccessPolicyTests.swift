import JingzhunDomain
import Testing

@Suite struct AccessPolicyTests {
    static let province = Region(code: RegionCode(rawValue: "610000000000")!, name: "陕西省", level: .province, parentCode: nil)
    static let county = Region(code: RegionCode(rawValue: "610927000000")!, name: "镇坪县", level: .county, parentCode: province.code)
    static let town = Region(code: RegionCode(rawValue: "610927100000")!, name: "城关镇", level: .town, parentCode: county.code)
    static let village = Region(code: RegionCode(rawValue: "610927100201")!, name: "新华村委会", level: .village, parentCode: town.code)
    static let neighbour = Region(code: RegionCode(rawValue: "610927100202")!, name: "文彩村委会", level: .village, parentCode: town.code)

    static let villagePath = RegionPath(region: village, ancestors: [province, county, town])
    static let neighbourPath = RegionPath(region: neighbour, ancestors: [province, county, town])
    static let townPath = RegionPath(region: town, ancestors: [province, county])

    func principal(_ role: Role, _ scope: Region, unit: Int64? = nil, person: Int64? = nil) -> Principal {
        Principal(accountID: 1, username: "u", displayName: "u", role: role, scope: scope.code,
                  unitID: unit.map(OrgUnit.ID.init(rawValue:)), personID: person.map(Person.ID.init(rawValue:)))
    }

    @Test func aVillageCadreWorksInTheirVillageOnly() {
        let cun = principal(.villageCadre, Self.village)
        #expect(AccessPolicy.decide(cun, .write, .region(Self.villagePath)) == .allow)
        #expect(!AccessPolicy.decide(cun, .read, .region(Self.neighbourPath)).isAllowed)
        #expect(!AccessPolicy.decide(cun, .read, .region(Self.townPath)).isAllowed)
        #expect(!AccessPolicy.decide(cun, .read, .auditLog).isAllowed)
        #expect(!AccessPolicy.decide(cun, .read, .administration).isAllowed)
    }

    @Test func aTownCadreWorksInEveryVillageOfTheTown() {
        let zhen = principal(.townCadre, Self.town)
        #expect(AccessPolicy.decide(zhen, .write, .region(Self.villagePath)) == .allow)
        #expect(AccessPolicy.decide(zhen, .write, .region(Self.neighbourPath)) == .allow)
    }

    @Test func departmentsReadTheCountyAndWriteOnlyTheirUnit() {
        let dept = principal(.sectorDepartment, Self.county, unit: 7)
        let countyPath = RegionPath(region: Self.county, ancestors: [Self.province])
        #expect(AccessPolicy.decide(dept, .read, .region(Self.villagePath)) == .allow)
        #expect(!AccessPolicy.decide(dept, .write, .region(Self.villagePath)).isAllowed)
        #expect(AccessPolicy.decide(dept, .write, .unit(OrgUnit.ID(rawValue: 7), countyPath)) == .allow)
        #expect(!AccessPolicy.decide(dept, .write, .unit(OrgUnit.ID(rawValue: 8), countyPath)).isAllowed)
    }

    @Test func inspectorsReadEverythingAndWriteOnlyInspections() {
        let ducha = principal(.inspector, Self.county)
        #expect(AccessPolicy.decide(ducha, .read, .region(Self.villagePath)) == .allow)
        #expect(AccessPolicy.decide(ducha, .read, .auditLog) == .allow)
        #expect(!AccessPolicy.decide(ducha, .write, .region(Self.villagePath)).isAllowed)
        #expect(AccessPolicy.decide(ducha, .write, .inspection(Self.villagePath)) == .allow)
    }

    @Test func helpCadresSeeOnlyTheirPairedHouseholds() {
        let bangfu = principal(.helpCadre, Self.village, person: 42)
        let mine = AccessTarget.household(Self.villagePath, pairedPersons: [Person.ID(rawValue: 42)])
        let notMine = AccessTarget.household(Self.villagePath, pairedPersons: [Person.ID(rawValue: 43)])
        #expect(AccessPolicy.decide(bangfu, .read, mine) == .allow)
        #expect(!AccessPolicy.decide(bangfu, .read, notMine).isAllowed)
    }

    /// 防返贫监测: everyone reads inside their subtree; the village checks, appraises and posts the notice, the town
    /// reviews, the county decides; a 帮扶干部 opens only paired households' cases and never the village lists.
    @Test func monitoringStepsBelongToTheLevelThatDoesThem() {
        let countyPath = RegionPath(region: Self.county, ancestors: [Self.province])
        let cun = principal(.villageCadre, Self.village)
        let zhen = principal(.townCadre, Self.town)
        let xian = principal(.countyOffice, Self.county)
        let dept = principal(.sectorDepartment, Self.county, unit: 7)
        func decide(_ p: Principal, _ a: AccessAction, _ path: RegionPath, _ duty: MonitoringDuty, paired: Set<Person.ID>? = []) -> Bool {
            AccessPolicy.decide(p, a, .monitoring(path, pairedPersons: paired, duty)).isAllowed
        }
        for p in [cun, zhen, xian, dept, principal(.inspector, Self.county)] {
            #expect(decide(p, .read, Self.villagePath, .village))
        }
        #expect(!decide(cun, .read, Self.neighbourPath, .village))
        #expect(!decide(cun, .read, countyPath, .village, paired: nil))  // the county dashboard
        #expect(decide(cun, .write, Self.villagePath, .village))
        #expect(!decide(cun, .write, Self.villagePath, .town))
        #expect(!decide(cun, .write, Self.villagePath, .county))
        #expect(decide(cun, .write, Self.villagePath, .measure))
        #expect(decide(zhen, .write, Self.villagePath, .town))
        #expect(!decide(zhen, .write, Self.villagePath, .village))
        #expect(!decide(zhen, .write, Self.villagePath, .county))
        #expect(decide(xian, .write, Self.villagePath, .county))
        #expect(decide(xian, .write, countyPath, .county, paired: nil))  // scanning the county
        #expect(!decide(xian, .write, Self.villagePath, .town))
        #expect(!decide(dept, .write, Self.villagePath, .measure))
        let bangfu = principal(.helpCadre, Self.village, person: 5)
        #expect(decide(bangfu, .read, Self.villagePath, .village, paired: [Person.ID(rawValue: 5)]))
        #expect(!decide(bangfu, .read, Self.villagePath, .village, paired: [Person.ID(rawValue: 6)]))
        #expect(!decide(bangfu, .read, Self.villagePath, .village, paired: nil))
        #expect(!decide(bangfu, .write, Self.villagePath, .measure, paired: [Person.ID(rawValue: 5)]))
    }

    @Test func onlyTheSystemAdministratorManagesAccounts() {
        #expect(AccessPolicy.decide(principal(.systemAdmin, Self.county), .write, .administration) == .allow)
        for role in Role.allCases where role != .systemAdmin {
            #expect(!AccessPolicy.decide(principal(role, Self.county), .write, .administration).isAllowed)
        }
    }
}

@Suite struct PersonalDataMaskTests {
    @Test func identifiersKeepOnlyTheirEnds() {
        #expect(PersonalDataMask.idNumber("610927198001011234") == "6109**********1234")
        // Shown beside a masked number, a full birth date would give the middle digits back.
        #expect(PersonalDataMask.birthDate("1980-01-01") == "1980-**-**")
        #expect(PersonalDataMask.phone("13812345678") == "138****5678")
        #expect(PersonalDataMask.bankAccount("6217 0000 1111 2222 333") == "**** **** 2333")
    }

    @Test func onlyRolesThatWorkWithNamesSeeThemUnmasked() {
        #expect(Role.villageCadre.seesPersonalData)
        #expect(!Role.inspector.seesPersonalData)
        #expect(!Role.sectorDepartment.seesPersonalData)
    }
}

@Suite struct ResponsibilityPhraseTests {
    @Test(arguments: ["各镇", "各镇（办、中心）", "每个镇"])
    func everyTownPhrases(_ text: String) {
        #expect(ResponsibilityPhrase.unitSelector(text) == .everyTown)
    }

    @Test func thePartySecretaryOfEachTown() {
        #expect(ResponsibilityPhrase.personSelector("各镇党委书记") == .holder(.townPartySecretary, of: .everyTown))
        #expect(ResponsibilityPhrase.personSelector("各镇镇长") == .holder(.townHead, of: .everyTown))
        #expect(ResponsibilityPhrase.personSelector("吕仁宝") == nil)
        #expect(ResponsibilityPhrase.unitSelector("发改局") == nil)
    }
}

/// Issue 6: plans are the county's; a task is read in its region's subtree or by those it names, written by its
/// owners, and checked (销号) and escalated (督办) by the county office or the inspectors.
@Suite struct TaskAccessPolicyTests {
    typealias T = AccessPolicyTests
    static let countyPath = RegionPath(region: T.county, ancestors: [T.province])
    static let water = OrgUnit.ID(rawValue: 7)
    static let health = OrgUnit.ID(rawValue: 8)
    static let finance = OrgUnit.ID(rawValue: 9)
    /// A county-wide task: 水利局 leads, 卫健局 cooperates, person 42 is 责任人, person 50 the leader.
    static let countyTask = TaskAccess(path: countyPath, units: [water, health], persons: [Person.ID(rawValue: 42), Person.ID(rawValue: 50)],
                                       responsible: [Person.ID(rawValue: 42)])
    /// The town's sub-task of a per-town action.
    static let townTask = TaskAccess(path: T.townPath, units: [OrgUnit.ID(rawValue: 30)])

    func principal(_ role: Role, _ scope: Region, unit: Int64? = nil, person: Int64? = nil) -> Principal {
        AccessPolicyTests().principal(role, scope, unit: unit, person: person)
    }

    func decide(_ p: Principal, _ a: AccessAction, _ t: TaskAccess, _ d: TaskDuty = .progress) -> Bool {
        AccessPolicy.decide(p, a, .task(t, d)).isAllowed
    }

    @Test func plansAreReadByCountyAccountsAndWrittenByTheOfficeOnly() {
        let plan = AccessTarget.plan(Self.countyPath)
        #expect(AccessPolicy.decide(principal(.countyOffice, T.county), .write, plan) == .allow)
        #expect(AccessPolicy.decide(principal(.systemAdmin, T.county), .write, plan) == .allow)
        for role in [Role.sectorDepartment, .inspector] {
            #expect(AccessPolicy.decide(principal(role, T.county, unit: 7), .read, plan) == .allow)
            #expect(!AccessPolicy.decide(principal(role, T.county, unit: 7), .write, plan).isAllowed)
        }
        #expect(!AccessPolicy.decide(principal(.townCadre, T.town), .read, plan).isAllowed)
        #expect(!AccessPolicy.decide(principal(.villageCadre, T.village), .read, plan).isAllowed)
    }

    @Test func aTaskIsReadInItsRegionOrByThoseItNames() {
        #expect(decide(principal(.inspector, T.county), .read, Self.countyTask))
        #expect(decide(principal(.sectorDepartment, T.county, unit: 9), .read, Self.countyTask))  // county-scoped anyway
        #expect(decide(principal(.townCadre, T.town), .read, Self.townTask))
        #expect(!decide(principal(.townCadre, T.town), .read, Self.countyTask))
        #expect(!decide(principal(.villageCadre, T.village), .read, Self.countyTask))
        // named as 责任人 or leader: readable from any scope
        #expect(decide(principal(.villageCadre, T.village, person: 42), .read, Self.countyTask))
        #expect(decide(principal(.townCadre, T.town, person: 50), .read, Self.countyTask))
        // a county task naming the town's government
        var naming = Self.countyTask
        naming.townGovernments = [T.town.code]
        #expect(decide(principal(.townCadre, T.town), .read, naming))
    }

    @Test func progressIsWrittenByTheOwners() {
        #expect(decide(principal(.countyOffice, T.county), .write, Self.countyTask))
        #expect(decide(principal(.sectorDepartment, T.county, unit: 7), .write, Self.countyTask))  // lead
        #expect(decide(principal(.sectorDepartment, T.county, unit: 8), .write, Self.countyTask))  // cooperating
        #expect(!decide(principal(.sectorDepartment, T.county, unit: 9), .write, Self.countyTask))
        #expect(decide(principal(.townCadre, T.town), .write, Self.townTask))
        #expect(!decide(principal(.townCadre, T.town), .write, Self.countyTask))
        var naming = Self.countyTask
        naming.townGovernments = [T.town.code]
        #expect(decide(principal(.townCadre, T.town), .write, naming))
        #expect(decide(principal(.villageCadre, T.village, person: 42), .write, Self.countyTask))  // 责任人
        #expect(!decide(principal(.townCadre, T.town, person: 50), .write, Self.countyTask))  // a leader reads, does not report
        #expect(!decide(principal(.inspector, T.county), .write, Self.countyTask))
        #expect(!decide(principal(.villageCadre, T.village), .write, Self.townTask))
    }

    @Test func closureAndEscalationAreForTheOfficeAndInspectorsOnly() {
        for duty in [TaskDuty.closureCheck, .escalation] {
            #expect(decide(principal(.countyOffice, T.county), .write, Self.countyTask, duty))
            #expect(decide(principal(.inspector, T.county), .write, Self.countyTask, duty))
            #expect(decide(principal(.systemAdmin, T.county), .write, Self.countyTask, duty))
            #expect(!decide(principal(.sectorDepartment, T.county, unit: 7), .write, Self.countyTask, duty))
            #expect(!decide(principal(.townCadre, T.town), .write, Self.townTask, duty))
            #expect(!decide(principal(.villageCadre, T.village, person: 42), .write, Self.countyTask, duty))
        }
        guard case .deny(let reason) = AccessPolicy.decide(principal(.sectorDepartment, T.county, unit: 7), .write, .task(Self.countyTask, .closureCheck))
        else { Issue.record("a department checked its own 销号"); return }
        #expect(reason.contains("销号"))
    }
}
