/// One household as the 户信息 sheet carries it, for one data year.
public struct HouseholdRecord: Sendable, Equatable {
    /// 户编号
    public var number: String
    public var townName: String
    public var villageName: String
    public var groupName: String
    public var headName: String
    public var headIDNumber: String
    public var phone: String?
    public var bankName: String?
    public var bankAccount: String?
    public var standard: IdentificationStandard?
    public var attribute: HouseholdAttribute
    public var mainCause: PovertyCause
    public var otherCauses: [PovertyCause]
    public var firstIdentifiedYear: Int
    public var status: PovertyStatus
    public var exitYear: Int?
    public var size: Int
    public var income: HouseholdIncome
    public var housingGrade: HousingGrade
    public var housingSecurity: HousingSecurityMode?
    public var waterSafe: Bool
    /// 饮水安全 in detail (水量/水质/用水方便/供水保证率), when the sheet has the columns.
    public var water: WaterDetail?
    public var electricity: Bool?

    public init(
        number: String, townName: String, villageName: String, groupName: String, headName: String, headIDNumber: String,
        phone: String? = nil, bankName: String? = nil, bankAccount: String? = nil, standard: IdentificationStandard? = nil,
        attribute: HouseholdAttribute, mainCause: PovertyCause, otherCauses: [PovertyCause] = [], firstIdentifiedYear: Int,
        status: PovertyStatus, exitYear: Int? = nil, size: Int, income: HouseholdIncome, housingGrade: HousingGrade,
        housingSecurity: HousingSecurityMode? = nil, waterSafe: Bool, water: WaterDetail? = nil, electricity: Bool? = nil
    ) {
        self.number = number
        self.townName = townName
        self.villageName = villageName
        self.groupName = groupName
        self.headName = headName
        self.headIDNumber = headIDNumber
        self.phone = phone
        self.bankName = bankName
        self.bankAccount = bankAccount
        self.standard = standard
        self.attribute = attribute
        self.mainCause = mainCause
        self.otherCauses = otherCauses
        self.firstIdentifiedYear = firstIdentifiedYear
        self.status = status
        self.exitYear = exitYear
        self.size = size
        self.income = income
        self.housingGrade = housingGrade
        self.housingSecurity = housingSecurity
        self.waterSafe = waterSafe
        self.water = water
        self.electricity = electricity
    }
}

public struct WaterDetail: Sendable, Equatable, Codable {
    public var quantityOK: Bool
    public var qualityOK: Bool
    public var convenient: Bool
    public var guaranteeOK: Bool
    public init(quantityOK: Bool, qualityOK: Bool, convenient: Bool, guaranteeOK: Bool) {
        self.quantityOK = quantityOK
        self.qualityOK = qualityOK
        self.convenient = convenient
        self.guaranteeOK = guaranteeOK
    }
}

/// One member row of the 家庭成员 sheet.
public struct MemberRecord: Sendable, Equatable, Codable {
    public var householdNumber: String
    public var name: String
    public var idNumber: String
    public var sex: Sex
    /// YYYY-MM-DD
    public var birthDate: String
    public var relation: Relation
    public var schoolStatus: SchoolStatus
    public var health: HealthStatus
    public var labourSkill: LabourSkill
    public var medicalInsurance: Bool
    public var seriousIllnessInsurance: Bool
    public var ethnicity: String?
    public var education: String?
    public var workStatus: String?
    public var workMonths: Int?
    public var dibao: Bool?
    public var tekun: Bool?
    public var disabilityCertificate: String?

    public init(
        householdNumber: String, name: String, idNumber: String, sex: Sex, birthDate: String, relation: Relation,
        schoolStatus: SchoolStatus, health: HealthStatus, labourSkill: LabourSkill, medicalInsurance: Bool,
        seriousIllnessInsurance: Bool, ethnicity: String? = nil, education: String? = nil, workStatus: String? = nil,
        workMonths: Int? = nil, dibao: Bool? = nil, tekun: Bool? = nil, disabilityCertificate: String? = nil
    ) {
        self.householdNumber = householdNumber
        self.name = name
        self.idNumber = idNumber
        self.sex = sex
        self.birthDate = birthDate
        self.relation = relation
        self.schoolStatus = schoolStatus
        self.health = health
        self.labourSkill = labourSkill
        self.medicalInsurance = medicalInsurance
        self.seriousIllnessInsurance = seriousIllnessInsurance
        self.ethnicity = ethnicity
        self.education = education
        self.workStatus = workStatus
        self.workMonths = workMonths
        self.dibao = dibao
        self.tekun = tekun
        self.disabilityCertificate = disabilityCertificate
    }
}

/// One row of the 村信息 sheet: the village facts exit standards read.
public struct VillageRecord: Sendable, Equatable {
    public var code: RegionCode
    public var townName: String
    public var villageName: String
    public var isPoorVillage: Bool
    public var totalHouseholds: Int
    public var totalPopulation: Int
    public var hardenedRoad: Bool
    public var safeWater: Bool
    /// 电力入户率 in basis points (98.5 % = 9850), exact in both engines.
    public var electricityRateBasisPoints: Int
    public var standardClinic: Bool
    public var collectiveEconomy: Bool

    public init(
        code: RegionCode, townName: String, villageName: String, isPoorVillage: Bool, totalHouseholds: Int, totalPopulation: Int,
        hardenedRoad: Bool, safeWater: Bool, electricityRateBasisPoints: Int, standardClinic: Bool, collectiveEconomy: Bool
    ) {
        self.code = code
        self.townName = townName
        self.villageName = villageName
        self.isPoorVillage = isPoorVillage
        self.totalHouseholds = totalHouseholds
        self.totalPopulation = totalPopulation
        self.hardenedRoad = hardenedRoad
        self.safeWater = safeWater
        self.electricityRateBasisPoints = electricityRateBasisPoints
        self.standardClinic = standardClinic
        self.collectiveEconomy = collectiveEconomy
    }
}
