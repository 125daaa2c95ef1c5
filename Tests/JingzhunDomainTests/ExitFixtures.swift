import JingzhunDomain

/// Small readable facts for the exit tests: a household that passes everything unless a test changes one thing.
enum ExitFixtures {
    static let village = RegionCode(rawValue: "610927100201")!
    static let otherVillage = RegionCode(rawValue: "610927100202")!
    static let villageInAnotherTown = RegionCode(rawValue: "610927101201")!
    static let line2017 = Fen(yuan: "3075")!

    static func household(
        _ number: String = "6109271002010001", village: RegionCode = village, size: Int = 3, netIncomeYuan: String = "12000",
        grade: HousingGrade = .a, waterSafe: Bool = true, dropouts: Int = 0, uninsuredMedical: Int = 0,
        uninsuredSeriousIllness: Int = 0
    ) -> HouseholdFacts {
        HouseholdFacts(
            number: number, villageCode: village, status: .poor, size: size,
            netIncome: Fen(yuan: netIncomeYuan)!, housingGrade: grade, waterSafe: waterSafe, dropouts: dropouts,
            uninsuredMedical: uninsuredMedical, uninsuredSeriousIllness: uninsuredSeriousIllness)
    }

    static func villageFacts(
        total: Int = 1_000, poor: Int = 20, share: Double? = 0.62, lastYear: Double? = 0.58, road: Bool = true,
        water: Bool = true, electricity: Int = 10_000, clinic: Bool = true, collective: Bool = true
    ) -> VillageFacts {
        VillageFacts(
            code: village, name: "华坪村", totalPopulation: total, poorPopulation: poor, exitedIncomeShare: share,
            lastYearShare: lastYear, hardenedRoad: road, safeWater: water, electricityRateBasisPoints: electricity,
            standardClinic: clinic, collectiveEconomy: collective, isPoorVillage: true)
    }

    static let passingCounty = CountyFacts(
        incidence: 0.02, ruralIncomeRatio: 0.75, roadRatio: 0.98, tapWaterRatio: 0.92, electricityRate: 1,
        safeHousingRatio: 0.99, insuranceRatio: 1, comprehensiveIncidence: 0.01, wrongExitRate: 0.01, omissionRate: 0.01,
        approval: 0.95)
}
