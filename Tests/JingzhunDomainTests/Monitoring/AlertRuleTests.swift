import JingzhunDomain
import Testing

/// Each rule's edge, as a county office would check it on the settings page.
@Suite struct AlertRuleTests {
    typealias F = MonitoringFixtures

    func clues(_ facts: MonitoringFacts, settings: MonitoringSettings = .national) -> [RiskClue] {
        MonitoringScan.clues(for: facts, context: F.context(settings: settings))
    }

    @Test func aHouseholdWellAboveTheRangeWithNothingWrongRaisesNoClue() {
        #expect(clues(F.facts()).isEmpty)
    }

    @Test func incomeOneFenPerHouseholdBelowTheRangeAlerts() throws {
        // 3 people × 6,000 元 = 18,000 元; 17,999.99 元 is below even though per capita rounds to 6,000.00.
        let found = clues(F.facts(netIncomeYuan: "17999.99"))
        let clue = try #require(found.first)
        #expect(found.count == 1)
        #expect(clue.ruleKey == .incomeBelowThreshold)
        #expect(clue.reason == "人均纯收入 6,000.00 元，低于2021年全国监测范围 6,000.00 元")
        #expect(clue.channel == .departmentAlert)
        #expect(clue.householdNumber == "6109271002010001")
        #expect(clue.foundOn == Day("2021-06-01")!)
        #expect(clue.suggestedObjectType == .unstableExited)
    }

    @Test func incomeExactlyAtTheRangeDoesNotAlert() {
        // DOMAIN.md §8: "below the range"; 6,000 元 a head is at the range, not below it.
        #expect(clues(F.facts(netIncomeYuan: "18000")).isEmpty)
    }

    @Test func aHouseholdOutsideTheRegisterBelowTheRangeIsAnEdgeHouseholdCandidate() throws {
        let clue = try #require(clues(F.facts(netIncomeYuan: "15000", registered: false)).first)
        #expect(clue.reason == "人均纯收入 5,000.00 元，低于2021年全国监测范围 6,000.00 元")
        #expect(clue.suggestedObjectType == .edgeProne)
    }

    @Test func perCapitaIncomeIsTheExitStandardsFigure() {
        let facts = F.facts(netIncomeYuan: "10000")
        let exit = ExitEvaluator.evaluate(facts.household, standard: BuiltInStandards.shaanxi2017, line: Fen(yuan: "3075")!)
        #expect(facts.perCapitaIncome == exit.perCapitaIncome)
        #expect(facts.perCapitaIncome == Fen(yuan: "3333.33")!)
    }

    @Test func aFallOfMoreThanHalfAlertsAndAFallOfExactlyHalfDoesNot() throws {
        let half = F.facts(netIncomeYuan: "30000", previousNetIncomeYuan: "60000", previousSize: 3)
        #expect(clues(half).isEmpty)
        let justMore = F.facts(netIncomeYuan: "29999.97", previousNetIncomeYuan: "60000", previousSize: 3)
        #expect(clues(justMore).map(\.ruleKey) == [.incomeDrop])
        let more = F.facts(netIncomeYuan: "29400", previousNetIncomeYuan: "60000", previousSize: 3)
        let clue = try #require(clues(more).first)
        #expect(clue.ruleKey == .incomeDrop)
        #expect(clue.reason == "人均纯收入 9,800.00 元，较上年 20,000.00 元下降 51%，超过预警比例 50%")
    }

    @Test func theDropShareIsConfigurable() throws {
        var settings = MonitoringSettings.national
        settings.incomeDropBasisPoints = .init(3000, year: 2022, source: "测试：30%")
        let facts = F.facts(netIncomeYuan: "40000", previousNetIncomeYuan: "60000", previousSize: 3)
        #expect(clues(facts).isEmpty)
        let clue = try #require(clues(facts, settings: settings).first)
        #expect(clue.reason == "人均纯收入 13,333.33 元，较上年 20,000.00 元下降 33.33%，超过预警比例 30%")
    }

    @Test func medicalSpendingAboveLastYearsIncomeIsASuddenHardship() throws {
        #expect(clues(F.facts(previousNetIncomeYuan: "30000", medicalYuan: "30000")).isEmpty)
        let clue = try #require(clues(F.facts(previousNetIncomeYuan: "30000", medicalYuan: "30000.01")).first)
        #expect(clue.ruleKey == .medicalSpending)
        #expect(clue.reason == "自付医疗费用 30,000.01 元，超过上年家庭纯收入 30,000.00 元")
        #expect(clue.riskTypes == [.illness])
        #expect(clue.suggestedObjectType == .suddenHardship)
    }

    @Test func aCountyMayAlsoSetAMedicalAmount() throws {
        var settings = MonitoringSettings.national
        settings.medicalAmountFen = .init(2_000_000, year: 2022, source: "测试：2万元")
        #expect(clues(F.facts(medicalYuan: "19999.99"), settings: settings).isEmpty)
        let clue = try #require(clues(F.facts(medicalYuan: "20000"), settings: settings).first)
        #expect(clue.reason == "自付医疗费用 20,000.00 元，达到设定金额 20,000.00 元")
    }

    @Test func cAndDHousesAlertAndBDoesNot() throws {
        #expect(clues(F.facts(grade: .b)).isEmpty)
        #expect(clues(F.facts(grade: .c)).map(\.reason) == ["住房鉴定为 C 级危房"])
        #expect(clues(F.facts(grade: .d)).map(\.ruleKey) == [.unsafeHousing])
    }

    @Test func aDropoutAlerts() {
        let found = clues(F.facts(dropouts: 1))
        #expect(found.map(\.reason) == ["1 名义务教育阶段适龄儿童少年辍学"])
        #expect(found.first?.riskTypes == [.schooling])
    }

    @Test func aDisasterEnteredByACadreIsACadreClue() throws {
        let flood = Incident(kind: .naturalDisaster, date: F.day("2021-05-28"), description: "暴雨冲毁厢房", loss: Fen(yuan: "30000"), enteredBy: "张村干")
        let clue = try #require(clues(F.facts(incidents: [flood])).first)
        #expect(clue.ruleKey == .disasterOrAccident)
        #expect(clue.reason == "2021-05-28 自然灾害：暴雨冲毁厢房，损失约 30,000.00 元（张村干录入）")
        #expect(clue.channel == .cadreScreening)
        #expect(clue.riskTypes == [.naturalDisaster])
        #expect(clue.suggestedObjectType == .suddenHardship)
    }

    @Test func lossOfLabourAlerts() {
        #expect(clues(F.facts(lostLabour: 1, hasLabour: false)).map(\.reason) == ["1 名家庭成员丧失劳动能力，家中已无劳动力"])
        #expect(clues(F.facts(lostLabour: 1)).map(\.reason) == ["1 名家庭成员丧失劳动能力"])
    }

    @Test func departmentListsAreMatchedByIDNumberAndNeverQuoteIt() throws {
        let members = [
            DepartmentListMatcher.Member(householdNumber: "H1", name: "王大山", idNumber: "61092719800101123x"),
            DepartmentListMatcher.Member(householdNumber: "H2", name: "李小花", idNumber: "610927199002021234"),
        ]
        let rows = [
            DepartmentListRow(list: .medicalAid, idNumber: " 61092719800101123X ", name: "王大三", unit: "县医保局", since: F.day("2021-04-01")),
            DepartmentListRow(list: .dibao, idNumber: "610927200001015678", name: "赵六", unit: "县民政局"),
        ]
        let result = DepartmentListMatcher.match(rows, members: members)
        #expect(result.matched == ["H1": [DepartmentListEntry(list: .medicalAid, memberName: "王大山", unit: "县医保局", since: F.day("2021-04-01"))]])
        #expect(result.unmatched.map(\.name) == ["赵六"])

        let clue = try #require(clues(F.facts(entries: result.matched["H1"]!)).first)
        #expect(clue.ruleKey == .departmentList)
        #expect(clue.reason == "王大山 列入县医保局医疗救助名单（2021-04-01 起）")
        #expect(clue.channel == .departmentAlert)
        #expect(NoticePrivacyScan.findings(in: clue.reason).isEmpty)
    }

    @Test func aRuleSwitchedOffRaisesNothing() {
        var settings = MonitoringSettings.national
        settings.disabledRules = [AlertRuleKey.incomeBelowThreshold.rawValue]
        #expect(clues(F.facts(netIncomeYuan: "15000"), settings: settings).isEmpty)
        #expect(clues(F.facts(netIncomeYuan: "15000", grade: .c), settings: settings).map(\.ruleKey) == [.unsafeHousing])
    }

    @Test func everyRuleHasAStableKeyAChineseNameAndAnExplanation() {
        #expect(AlertRuleKey.allCases.map(\.rawValue) == [
            "income_below_threshold", "income_drop", "medical_spending", "unsafe_housing", "dropout",
            "disaster_or_accident", "labour_loss", "department_list",
        ])
        for key in AlertRuleKey.allCases {
            #expect(key.rule.key == key)
            #expect(!key.rule.label.isEmpty && !key.rule.explanation.isEmpty)
        }
    }
}
