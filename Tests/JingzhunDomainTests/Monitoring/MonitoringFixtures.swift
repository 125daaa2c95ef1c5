import JingzhunDomain

/// A household exited in 2019, three people, safe house and water, with labour: it trips nothing unless a test
/// changes one thing.
enum MonitoringFixtures {
    static let village = RegionCode(rawValue: "610927100201")!

    static func day(_ text: String) -> Day { Day(text)! }

    static func facts(
        number: String = "6109271002010001", size: Int = 3, netIncomeYuan: String = "30000", grade: HousingGrade = .a,
        waterSafe: Bool = true, dropouts: Int = 0, status: PovertyStatus = .exitedWithPolicy, registered: Bool = true,
        previousNetIncomeYuan: String? = nil, previousSize: Int? = nil, medicalYuan: String = "0",
        lostLabour: Int = 0, hasLabour: Bool = true, incidents: [Incident] = [], entries: [DepartmentListEntry] = []
    ) -> MonitoringFacts {
        MonitoringFacts(
            household: HouseholdFacts(
                number: number, villageCode: village, status: status, size: size, netIncome: Fen(yuan: netIncomeYuan)!,
                housingGrade: grade, waterSafe: waterSafe, dropouts: dropouts),
            registered: registered, previousNetIncome: previousNetIncomeYuan.map { Fen(yuan: $0)! },
            previousSize: previousSize, medicalOutOfPocket: Fen(yuan: medicalYuan)!, membersWhoLostLabour: lostLabour,
            hasLabourCapacity: hasLabour, incidents: incidents, departmentEntries: entries)
    }

    /// 2021 in 陕西镇坪: the national 6,000 元.
    static let threshold2021 = MonitoringThresholdTable.builtIn.resolve(year: 2021, province: "61", county: "610927")!

    static func context(settings: MonitoringSettings = .national, today: String = "2021-06-01") -> AlertContext {
        AlertContext(year: 2021, threshold: threshold2021, settings: settings, today: day(today))
    }

    static func clue(_ on: String = "2021-06-01", number: String = "6109271002010001") -> RiskClue {
        RiskClue(
            householdNumber: number, ruleKey: .incomeBelowThreshold, reason: "人均纯收入 5,000.00 元，低于2021年全国监测范围 6,000.00 元",
            channel: .departmentAlert, foundOn: day(on), riskTypes: [], suggestedObjectType: .unstableExited)
    }

    static let measure = HelpMeasure(
        kind: .employment, content: "推荐到县城社区工厂务工，月工资2500元", responsiblePerson: "李建国", responsibleUnit: "县人社局",
        startedOn: Day("2021-06-20")!)
}
