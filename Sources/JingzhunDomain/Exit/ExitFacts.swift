/// What the storage layer computes, set-based, for one household and hands to the evaluator (issue 5 §8).
/// Plain values so a million of them are cheap to build.
public struct HouseholdFacts: Sendable, Equatable {
    /// 户编号
    public var number: String
    public var villageCode: RegionCode
    public var status: PovertyStatus
    /// 家庭人口数
    public var size: Int
    /// 家庭纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性 − 生产经营性支出 (HouseholdIncome.net).
    public var netIncome: Fen
    public var housingGrade: HousingGrade
    public var waterSafe: Bool
    /// Members aged 6–15 whose 在校生状况 is 辍学.
    public var dropouts: Int
    /// Members without 基本医疗保险 (新农合 / 城乡居民医保).
    public var uninsuredMedical: Int
    /// Members without 大病保险.
    public var uninsuredSeriousIllness: Int

    public init(
        number: String, villageCode: RegionCode, status: PovertyStatus, size: Int, netIncome: Fen,
        housingGrade: HousingGrade, waterSafe: Bool, dropouts: Int = 0,
        uninsuredMedical: Int = 0, uninsuredSeriousIllness: Int = 0
    ) {
        self.number = number
        self.villageCode = villageCode
        self.status = status
        self.size = size
        self.netIncome = netIncome
        self.housingGrade = housingGrade
        self.waterSafe = waterSafe
        self.dropouts = dropouts
        self.uninsuredMedical = uninsuredMedical
        self.uninsuredSeriousIllness = uninsuredSeriousIllness
    }
}

/// One village's facts: the 村信息 row plus the counts the storage layer sums over its households.
public struct VillageFacts: Sendable, Equatable {
    public var code: RegionCode
    public var name: String
    /// 总人口, from 村信息 (not the register: the register holds only registered households).
    public var totalPopulation: Int
    /// People in households whose 脱贫状态 is 未脱贫 or 返贫.
    public var poorPopulation: Int
    /// Exited households' per-capita income as a share of the county rural average, this year and last year.
    public var exitedIncomeShare: Double?
    public var lastYearShare: Double?
    public var hardenedRoad: Bool
    public var safeWater: Bool
    /// 电力入户率, basis points (100 % = 10000).
    public var electricityRateBasisPoints: Int
    public var standardClinic: Bool
    public var collectiveEconomy: Bool
    public var isPoorVillage: Bool

    public init(
        code: RegionCode, name: String, totalPopulation: Int, poorPopulation: Int, exitedIncomeShare: Double? = nil,
        lastYearShare: Double? = nil, hardenedRoad: Bool, safeWater: Bool, electricityRateBasisPoints: Int,
        standardClinic: Bool, collectiveEconomy: Bool, isPoorVillage: Bool
    ) {
        self.code = code
        self.name = name
        self.totalPopulation = totalPopulation
        self.poorPopulation = poorPopulation
        self.exitedIncomeShare = exitedIncomeShare
        self.lastYearShare = lastYearShare
        self.hardenedRoad = hardenedRoad
        self.safeWater = safeWater
        self.electricityRateBasisPoints = electricityRateBasisPoints
        self.standardClinic = standardClinic
        self.collectiveEconomy = collectiveEconomy
        self.isPoorVillage = isPoorVillage
    }

    /// 贫困发生率; nil without a population.
    public var incidence: Double? {
        totalPopulation > 0 ? Double(poorPopulation) / Double(totalPopulation) : nil
    }
}

/// A county's figures, each a ratio 0…1 and each optional: a missing figure fails its indicator as "无数据".
public struct CountyFacts: Sendable, Equatable, Codable {
    public var incidence: Double?
    /// Rural per-capita income ÷ the provincial rural average.
    public var ruralIncomeRatio: Double?
    public var roadRatio: Double?
    public var tapWaterRatio: Double?
    public var electricityRate: Double?
    public var safeHousingRatio: Double?
    public var insuranceRatio: Double?
    public var comprehensiveIncidence: Double?
    public var wrongExitRate: Double?
    public var omissionRate: Double?
    public var approval: Double?

    public init(
        incidence: Double? = nil, ruralIncomeRatio: Double? = nil, roadRatio: Double? = nil, tapWaterRatio: Double? = nil,
        electricityRate: Double? = nil, safeHousingRatio: Double? = nil, insuranceRatio: Double? = nil,
        comprehensiveIncidence: Double? = nil, wrongExitRate: Double? = nil, omissionRate: Double? = nil,
        approval: Double? = nil
    ) {
        self.incidence = incidence
        self.ruralIncomeRatio = ruralIncomeRatio
        self.roadRatio = roadRatio
        self.tapWaterRatio = tapWaterRatio
        self.electricityRate = electricityRate
        self.safeHousingRatio = safeHousingRatio
        self.insuranceRatio = insuranceRatio
        self.comprehensiveIncidence = comprehensiveIncidence
        self.wrongExitRate = wrongExitRate
        self.omissionRate = omissionRate
        self.approval = approval
    }

    /// The figure a county measure reads; nil for other levels' measures.
    public func value(for measure: ExitMeasure) -> Double? {
        switch measure {
        case .countyIncidence: incidence
        case .ruralIncomeRatio: ruralIncomeRatio
        case .roadRatio: roadRatio
        case .tapWaterRatio: tapWaterRatio
        case .countyElectricityRate: electricityRate
        case .safeHousingRatio: safeHousingRatio
        case .insuranceRatio: insuranceRatio
        case .comprehensiveIncidence: comprehensiveIncidence
        case .wrongExitRate: wrongExitRate
        case .omissionRate: omissionRate
        case .approval: approval
        default: nil
        }
    }
}
