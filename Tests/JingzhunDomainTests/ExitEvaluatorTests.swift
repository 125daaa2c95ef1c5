import JingzhunDomain
import Testing

@Suite struct HouseholdExitTests {
    let standard = BuiltInStandards.shaanxi2017
    let line = ExitFixtures.line2017

    func assess(_ h: HouseholdFacts) -> HouseholdAssessment {
        ExitEvaluator.evaluate(h, standard: standard, line: line)
    }

    @Test func aHouseholdMeetingEveryIndicatorPasses() {
        let a = assess(ExitFixtures.household())
        #expect(a.passes)
        #expect(a.failed.isEmpty && a.reasons.isEmpty)
        #expect(a.perCapitaIncome == Fen(yuan: "4000"))
    }

    @Test func incomeExactlyAtTheLineFails() {
        // 3 people × 3,075 = 9,225: not above the line
        let a = assess(ExitFixtures.household(netIncomeYuan: "9225"))
        #expect(!a.passes)
        #expect(a.failed == ["income"])
        #expect(a.reasons == ["收入：人均纯收入 3,075.00 元，未超过 3,075.00 元"])
    }

    @Test func oneFenAboveTheLinePasses() {
        let a = assess(ExitFixtures.household(netIncomeYuan: "9225.01"))
        #expect(a.passes)
        #expect(a.perCapitaIncome == Fen(yuan: "3075"))  // 3,075.0033… rounds to the line yet passes
    }

    @Test func aPerCapitaIncomeThatRoundsUpToTheLineStillFails() {
        // 9,224.99 ÷ 3 = 3,074.9966… shown as 3,075.00, but the household is below the line
        let a = assess(ExitFixtures.household(netIncomeYuan: "9224.99"))
        #expect(a.failed == ["income"])
    }

    @Test func theIssueExampleReadsWithItsNumbers() {
        let a = assess(ExitFixtures.household(size: 1, netIncomeYuan: "2950.4"))
        #expect(a.reasons == ["收入：人均纯收入 2,950.40 元，未超过 3,075.00 元"])
        #expect(a.perCapitaIncome == Fen(yuan: "2950.40"))
    }

    @Test func anEmptyHouseholdFailsIncomeWithAReason() {
        let a = assess(ExitFixtures.household(size: 0))
        #expect(!a.passes)
        #expect(a.failed == ["income"])
        #expect(a.reasons == ["收入：家庭人口数为 0，无法计算人均纯收入"])
        #expect(a.perCapitaIncome == nil)
    }

    @Test func aLineFactorIsAppliedInFen() throws {
        let strict = try standard.withThreshold(.povertyLine(factor: 1.5), for: "income", level: .household)
        // 1.5 × 3,075 = 4,612.50 per person
        #expect(ExitEvaluator.evaluate(ExitFixtures.household(size: 2, netIncomeYuan: "9225"), standard: strict, line: line).failed == ["income"])
        #expect(ExitEvaluator.evaluate(ExitFixtures.household(size: 2, netIncomeYuan: "9225.01"), standard: strict, line: line).passes)
    }

    @Test(arguments: [(HousingGrade.a, true), (.b, true), (.c, false), (.d, false)])
    func housingAAndBAreSafeCAndDVeto(_ grade: HousingGrade, _ passes: Bool) {
        let a = assess(ExitFixtures.household(grade: grade))
        #expect(a.passes == passes)
        #expect(a.failed == (passes ? [] : ["housing"]))
        if !passes { #expect(a.reasons == ["住房：\(grade.label)级危房，一票否决"]) }
    }

    @Test func oneDropoutFailsEducation() {
        #expect(assess(ExitFixtures.household(dropouts: 0)).passes)
        let a = assess(ExitFixtures.household(dropouts: 1))
        #expect(a.failed == ["education"])
        #expect(a.reasons == ["义务教育：1 名适龄儿童辍学"])
    }

    @Test func anUninsuredMemberFailsMedical() {
        let medical = assess(ExitFixtures.household(uninsuredMedical: 2))
        #expect(medical.failed == ["medical"])
        #expect(medical.reasons == ["基本医疗：2 人未参加基本医疗保险"])
        let serious = assess(ExitFixtures.household(uninsuredSeriousIllness: 1))
        #expect(serious.reasons == ["基本医疗：1 人未参加大病保险"])
        let both = assess(ExitFixtures.household(uninsuredMedical: 1, uninsuredSeriousIllness: 1))
        #expect(both.reasons == ["基本医疗：1 人未参加基本医疗保险，1 人未参加大病保险"])
    }

    @Test func unsafeWaterFails() {
        let a = assess(ExitFixtures.household(waterSafe: false))
        #expect(a.failed == ["water"])
        #expect(a.reasons == ["饮水安全：饮水不安全"])
    }

    @Test func everyFailureIsListedInTheStandardsOrder() {
        let a = assess(ExitFixtures.household(netIncomeYuan: "100", grade: .d, waterSafe: false, dropouts: 1, uninsuredMedical: 1))
        #expect(a.failed == ["income", "housing", "education", "medical", "water"])
        #expect(a.reasons.count == 5)
    }

    @Test func theNationalStandardDoesNotReadWater() {
        let a = ExitEvaluator.evaluate(ExitFixtures.household(waterSafe: false), standard: BuiltInStandards.national2016, line: line)
        #expect(a.passes)
    }

    @Test func aScoredIndicatorIsListedButDoesNotBlockExit() {
        var s = standard
        s.household[4].veto = false
        let a = ExitEvaluator.evaluate(ExitFixtures.household(waterSafe: false), standard: s, line: line)
        #expect(a.passes)
        #expect(a.failed == ["water"])
    }
}

@Suite struct VillageExitTests {
    let standard = BuiltInStandards.shaanxi2017

    func assess(_ v: VillageFacts) -> VillageAssessment { ExitEvaluator.evaluate(v, standard: standard) }

    @Test func aVillageMeetingEveryIndicatorPasses() {
        let a = assess(ExitFixtures.villageFacts())
        #expect(a.passes && a.failed.isEmpty)
        #expect(a.incidence == 0.02)
    }

    @Test func incidenceExactlyThreePercentFails() {
        let a = assess(ExitFixtures.villageFacts(total: 300, poor: 9))
        #expect(a.incidence == 0.03)
        #expect(a.failed == ["incidence"])
        #expect(a.reasons == ["贫困发生率：3.00%（9/300），未低于 3.00%"])
        #expect(assess(ExitFixtures.villageFacts(total: 301, poor: 9)).passes)
    }

    @Test func noPopulationMeansNoIncidence() {
        let a = assess(ExitFixtures.villageFacts(total: 0, poor: 0))
        #expect(a.incidence == nil)
        #expect(a.reasons == ["贫困发生率：无总人口数据"])
    }

    @Test func theIncomeShareMustRiseAboveLastYear() {
        let same = assess(ExitFixtures.villageFacts(share: 0.58, lastYear: 0.58))
        #expect(same.failed == ["income_share"])
        #expect(same.reasons == ["脱贫户收入占比：脱贫户人均纯收入占全县平均 58.00%，未高于上年 58.00%"])
        #expect(assess(ExitFixtures.villageFacts(share: 0.5801, lastYear: 0.58)).passes)
        #expect(assess(ExitFixtures.villageFacts(share: nil)).reasons == ["脱贫户收入占比：无数据"])
    }

    @Test func electricityMustReachEveryHousehold() {
        let a = assess(ExitFixtures.villageFacts(electricity: 9_999))
        #expect(a.failed == ["electricity"])
        #expect(a.reasons == ["通电：99.99%，低于 100.00%"])
    }

    @Test(arguments: [
        (ExitFixtures.villageFacts(road: false), "road", "通村道路：未通沥青（水泥）路"),
        (ExitFixtures.villageFacts(water: false), "water", "安全饮水：未实现安全饮水"),
        (ExitFixtures.villageFacts(clinic: false), "clinic", "标准化卫生室：无标准化村卫生室"),
        (ExitFixtures.villageFacts(collective: false), "collective_economy", "村集体经济：无集体经济、合作社或互助资金"),
    ])
    func eachFacilityIsAVeto(_ facts: VillageFacts, _ key: String, _ reason: String) {
        let a = assess(facts)
        #expect(!a.passes)
        #expect(a.failed == [key])
        #expect(a.reasons == [reason])
    }

    @Test func theEasternNationalRuleWantsBelowTwoPercent() {
        let v = ExitFixtures.villageFacts(total: 1_000, poor: 20)
        #expect(ExitEvaluator.evaluate(v, standard: BuiltInStandards.national2016(west: false)).failed == ["incidence"])
        #expect(ExitEvaluator.evaluate(v, standard: BuiltInStandards.national2016).passes)
    }
}

@Suite struct CountyExitTests {
    @Test func aCountyMeetingEveryIndicatorPasses() {
        let a = ExitEvaluator.evaluate(ExitFixtures.passingCounty, standard: BuiltInStandards.shaanxi2017)
        #expect(a.passes)
        #expect(a.values["rural_income_ratio"] == 0.75)
        #expect(a.values.count == 7)
    }

    @Test(arguments: [
        ("incidence", 0.03, 0.0299, "贫困发生率：3.00%，未低于 3.00%"),
        ("rural_income_ratio", 0.6999, 0.70, "农民收入比：69.99%，低于 70.00%"),
        ("road_ratio", 0.9699, 0.97, "通硬化路比例：96.99%，低于 97.00%"),
        ("tap_water_ratio", 0.8999, 0.90, "自来水普及率：89.99%，低于 90.00%"),
        ("electricity", 0.9999, 1, "通电率：99.99%，低于 100.00%"),
        ("safe_housing_ratio", 0.9699, 0.97, "住房安全比例：96.99%，低于 97.00%"),
        ("insurance", 0.9999, 1, "参保率：99.99%，低于 100.00%"),
    ])
    func eachShaanxiCountyIndicatorHasItsEdge(_ key: String, _ failing: Double, _ passing: Double, _ reason: String) {
        let fail = ExitEvaluator.evaluate(Self.county(key, failing), standard: BuiltInStandards.shaanxi2017)
        #expect(fail.failed == [key])
        #expect(fail.reasons == [reason])
        #expect(ExitEvaluator.evaluate(Self.county(key, passing), standard: BuiltInStandards.shaanxi2017).passes)
    }

    @Test(arguments: [
        ("comprehensive_incidence", 0.03, 0.0299), ("wrong_exit_rate", 0.02, 0.0199), ("omission_rate", 0.02, 0.0199),
        ("approval", 0.8999, 0.90),
    ])
    func eachOfTheThreeRatesAndOneDegreeHasItsEdge(_ key: String, _ failing: Double, _ passing: Double) {
        #expect(ExitEvaluator.evaluate(Self.county(key, failing), standard: BuiltInStandards.national2016).failed == [key])
        #expect(ExitEvaluator.evaluate(Self.county(key, passing), standard: BuiltInStandards.national2016).passes)
    }

    @Test func missingDataFailsWithNoData() {
        var facts = ExitFixtures.passingCounty
        facts.approval = nil
        let a = ExitEvaluator.evaluate(facts, standard: BuiltInStandards.national2016)
        #expect(a.failed == ["approval"])
        #expect(a.reasons == ["群众认可度：无数据"])
        #expect(a.values["approval"] == nil)
    }

    static func county(_ key: String, _ value: Double) -> CountyFacts {
        var f = ExitFixtures.passingCounty
        switch key {
        case "incidence": f.incidence = value
        case "rural_income_ratio": f.ruralIncomeRatio = value
        case "road_ratio": f.roadRatio = value
        case "tap_water_ratio": f.tapWaterRatio = value
        case "electricity": f.electricityRate = value
        case "safe_housing_ratio": f.safeHousingRatio = value
        case "insurance": f.insuranceRatio = value
        case "comprehensive_incidence": f.comprehensiveIncidence = value
        case "wrong_exit_rate": f.wrongExitRate = value
        case "omission_rate": f.omissionRate = value
        default: f.approval = value
        }
        return f
    }
}
