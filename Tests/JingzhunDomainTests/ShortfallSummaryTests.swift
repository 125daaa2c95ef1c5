import JingzhunDomain
import Testing

@Suite struct ShortfallSummaryTests {
    let standard = BuiltInStandards.shaanxi2017

    func assessments() -> [HouseholdAssessment] {
        let v1 = ExitFixtures.village
        let v2 = ExitFixtures.otherVillage
        let v3 = ExitFixtures.villageInAnotherTown
        let facts = [
            ExitFixtures.household("A1", village: v1, netIncomeYuan: "5000"),  // income
            ExitFixtures.household("A2", village: v1, grade: .c, waterSafe: false),  // housing, water
            ExitFixtures.household("A3", village: v1, waterSafe: false),  // water
            ExitFixtures.household("A4", village: v1),  // passes
            ExitFixtures.household("B1", village: v2, dropouts: 1),  // education
            ExitFixtures.household("C1", village: v3, netIncomeYuan: "100"),  // income
        ]
        // villages arrive out of order
        return facts.reversed().map { ExitEvaluator.evaluate($0, standard: standard, line: ExitFixtures.line2017) }
    }

    @Test func aVillagesShortfallsAreSortedByHowManyHouseholdsTheyBlock() {
        let villages = ShortfallSummary.byVillage(assessments(), standard: standard)
        #expect(villages.map(\.regionCode) == [ExitFixtures.village, ExitFixtures.otherVillage, ExitFixtures.villageInAnotherTown])
        let first = villages[0]
        #expect(first.households == 4)
        #expect(first.failingHouseholds == 3)
        // water blocks two; income and housing one each, in the standard's order
        #expect(first.rows.map(\.indicatorKey) == ["water", "income", "housing"])
        #expect(first.rows.map(\.households) == [2, 1, 1])
    }

    @Test func villagesRollUpToTheirTowns() {
        let towns = ShortfallSummary.byTown(ShortfallSummary.byVillage(assessments(), standard: standard), standard: standard)
        #expect(towns.map(\.regionCode.rawValue) == ["610927100000", "610927101000"])
        #expect(towns[0].households == 5)
        #expect(towns[0].failingHouseholds == 4)
        #expect(towns[0].rows.map(\.indicatorKey) == ["water", "income", "housing", "education"])
        #expect(towns[1].rows.map(\.households) == [1])
    }

    @Test func givenOnlyTheFailingHouseholdsAndEachVillagesTotalTownTotalsStillAddUp() {
        // A county report keeps only failing assessments; a village where everyone passes must still count.
        let failing = assessments().filter { !$0.failed.isEmpty }
        let allPass = RegionCode(rawValue: "610927100203")!
        let totals = [ExitFixtures.village: 4, ExitFixtures.otherVillage: 1, ExitFixtures.villageInAnotherTown: 1, allPass: 7]
        let villages = ShortfallSummary.byVillage(failing, standard: standard, totals: totals)
        #expect(villages.map(\.households) == [4, 1, 7, 1])
        #expect(villages[2].rows.isEmpty)
        let towns = ShortfallSummary.byTown(villages, standard: standard)
        #expect(towns[0].households == 12)
        #expect(towns[0].failingHouseholds == 4)
    }

    @Test func aShortfallBecomesATaskDraftForTheResponsibleSector() {
        let village = ShortfallSummary.byVillage(assessments(), standard: standard)[0]
        let drafts = village.taskDrafts(regionName: "华坪村")
        #expect(drafts.map(\.title) == ["华坪村饮水安全短板：2 户未达标", "华坪村收入短板：1 户未达标", "华坪村住房短板：1 户未达标"])
        #expect(drafts.map(\.suggestedSectors) == [[.waterResources], [.industry, .humanResources], [.housing]])
        #expect(drafts[0].regionCode == ExitFixtures.village)
        #expect(drafts[0].householdCount == 2)
    }

    @Test(arguments: [
        (ExitMeasure.dropouts, "教育"), (.uninsuredMembers, "医保"), (.hardenedRoad, "交通"), (.villageElectricityRate, "供电"),
        (.standardClinic, "卫健"), (.collectiveEconomy, "农业农村"),
    ])
    func eachIndicatorHasAResponsibleSector(_ measure: ExitMeasure, _ lead: String) {
        #expect(ShortfallSector.responsible(for: measure).first?.label == lead)
    }
}
