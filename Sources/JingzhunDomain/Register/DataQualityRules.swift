/// The register's data-quality rules (issue 4 §5; the defects of ../shared/DOMAIN.md §11). Each rule has
/// a stable key, a Chinese title and a Chinese message per finding; a county switches rules on and off.
public enum DataQualityRule: String, CaseIterable, Sendable, Codable {
    case idChecksum = "id_checksum"
    case idBirthSex = "id_birth_sex"
    case duplicateID = "duplicate_id"
    case sizeMatchesMembers = "size_matches_members"
    case dibaoAttribute = "dibao_attribute"
    case incomeParts = "income_parts"
    case incomeJump = "income_jump"
    case schoolAge = "school_age_without_school"
    case exitBeforeIdentification = "exit_before_identification"
    case tooManyOtherCauses = "too_many_other_causes"

    public var title: String {
        switch self {
        case .idChecksum: "身份证号校验位错误（GB 11643）"
        case .idBirthSex: "身份证号与出生日期、性别不符"
        case .duplicateID: "身份证号在多户重复"
        case .sizeMatchesMembers: "家庭人口数与成员行数不符"
        case .dibaoAttribute: "有低保成员但属性为一般贫困户"
        case .incomeParts: "收入构成异常（纯收入不为正或某项为负）"
        case .incomeJump: "人均纯收入较上年变动超过50%"
        case .schoolAge: "义务教育阶段（6–15岁）无在校状况"
        case .exitBeforeIdentification: "脱贫年度早于首次识别年度"
        case .tooManyOtherCauses: "其他致贫原因超过两项"
        }
    }
}

public struct QualityFinding: Sendable, Equatable {
    public var rule: DataQualityRule
    public var householdNumber: String
    public var villageCode: RegionCode
    public var message: String

    public init(rule: DataQualityRule, householdNumber: String, villageCode: RegionCode, message: String) {
        self.rule = rule
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.message = message
    }
}

/// The per-household rules, pure: the storage layer feeds each household with its members and its
/// previous year's figures, and adds the cross-household duplicate check.
public enum DataQualityCheck {
    public static func household(
        _ h: HouseholdRecord, village: RegionCode, members: [MemberRecord], previous: (year: Int, income: HouseholdIncome, size: Int)?,
        year: Int, enabled: Set<DataQualityRule>
    ) -> [QualityFinding] {
        var out: [QualityFinding] = []
        func add(_ rule: DataQualityRule, _ message: String) {
            if enabled.contains(rule) { out.append(QualityFinding(rule: rule, householdNumber: h.number, villageCode: village, message: message)) }
        }
        for m in members where m.idNumber.count == 18 {
            if !IDNumberChecksum.isValid(m.idNumber) { add(.idChecksum, "\(m.name)的身份证号校验位不正确") }
            let birth: String
            let male: Bool
            if m.idNumber.utf8.count == 18 {
                // ASCII (every real number) by bytes: a Character array per member was a tenth of the check.
                let bytes = Array(m.idNumber.utf8)
                birth = String(decoding: bytes[6..<10] + [0x2D] + bytes[10..<12] + [0x2D] + bytes[12..<14], as: UTF8.self)
                male = bytes[16] >= 0x30 && bytes[16] <= 0x39 && (bytes[16] - 0x30) % 2 == 1
            } else {
                let digits = Array(m.idNumber)
                birth = "\(String(digits[6..<10]))-\(String(digits[10..<12]))-\(String(digits[12..<14]))"
                male = (digits[16].wholeNumberValue ?? 0) % 2 == 1
            }
            if birth != m.birthDate { add(.idBirthSex, "\(m.name)：身份证号中的出生日期 \(birth) 与登记的 \(m.birthDate) 不符") }
            if male != (m.sex == .male) { add(.idBirthSex, "\(m.name)：身份证号显示为\(male ? "男" : "女")，登记为\(m.sex.label)") }
        }
        if members.count != h.size { add(.sizeMatchesMembers, "家庭人口数为 \(h.size)，登记成员 \(members.count) 人") }
        if h.attribute == .ordinary, members.contains(where: { $0.dibao == true }) { add(.dibaoAttribute, "有成员享受低保，属性却为一般贫困户") }
        let parts = [h.income.wage, h.income.production, h.income.property, h.income.transfer, h.income.productionCost]
        if parts.contains(where: { $0.rawValue < 0 }) || h.income.net.rawValue <= 0 {
            add(.incomeParts, "纯收入 \(h.income.net.display) 元，收入各项应为非负且纯收入为正")
        }
        if let previous, let now = h.income.perCapita(size: h.size), let before = previous.income.perCapita(size: previous.size),
            before.rawValue > 0 {
            let change = Double(now.rawValue - before.rawValue) / Double(before.rawValue)
            if abs(change) > 0.5 {
                add(.incomeJump, "人均纯收入 \(previous.year) 年 \(before.display) 元 → \(year) 年 \(now.display) 元（\(change > 0 ? "+" : "")\(Int((change * 100).rounded()))%）")
            }
        }
        let yearStart = year
        for m in members {
            guard let birthYear = Int(m.birthDate.prefix(4)) else { continue }
            let age = yearStart - birthYear
            if SchoolStatus.compulsoryAges.contains(age), m.schoolStatus == .notInSchool || m.schoolStatus == .preschool {
                add(.schoolAge, "\(m.name)（\(age)岁）在校生状况为“\(m.schoolStatus.label)”")
            }
        }
        if let exit = h.exitYear, exit < h.firstIdentifiedYear { add(.exitBeforeIdentification, "脱贫年度 \(exit) 早于首次识别年度 \(h.firstIdentifiedYear)") }
        if h.otherCauses.count > 2 { add(.tooManyOtherCauses, "其他致贫原因有 \(h.otherCauses.count) 项：\(h.otherCauses.map(\.label).joined(separator: "、"))") }
        return out
    }
}
