/// The code lists of the national 建档立卡 record (2015 form and later exports; ../shared/DOMAIN.md §2).
/// Stored by key, shown by label: systems number them differently, so numbers are never stored.
public protocol LabelledCode: RawRepresentable, CaseIterable, Sendable, Codable, Hashable where RawValue == String {
    var label: String { get }
    /// Other spellings accepted on import.
    static var aliases: [String: Self] { get }
}

extension LabelledCode {
    public static var aliases: [String: Self] { [:] }

    /// Reads a label as written in a sheet ("因病", "A级", "是").
    public init?(label: String) {
        let t = label.trimmingWhitespace()
        // Bytes first: labels are compared for every coded cell of a bulk import.
        if let match = Self.allCases.first(where: { $0.label.sameBytes(t) }) ?? Self.allCases.first(where: { $0.label == t }) {
            self = match
        } else if let alias = Self.aliases[t] {
            self = alias
        } else {
            return nil
        }
    }

    public static var labels: String { allCases.map(\.label).joined(separator: "、") }
}

/// 致贫原因: the 12 standard causes; exactly one main cause and at most two others.
public enum PovertyCause: String, LabelledCode {
    case illness, disability, schooling, disaster, land, water, skills, labour, capital, transport, motivation, other
    public var label: String {
        switch self {
        case .illness: "因病"
        case .disability: "因残"
        case .schooling: "因学"
        case .disaster: "因灾"
        case .land: "缺土地"
        case .water: "缺水"
        case .skills: "缺技术"
        case .labour: "缺劳力"
        case .capital: "缺资金"
        case .transport: "交通条件落后"
        case .motivation: "自身发展动力不足"
        case .other: "其他"
        }
    }
    public static var aliases: [String: PovertyCause] { ["交通落后": .transport, "缺乏劳动力": .labour, "因病致贫": .illness, "因残致贫": .disability] }
}

/// 贫困户属性 (from about 2016).
public enum HouseholdAttribute: String, LabelledCode {
    case ordinary, dibao, tekun
    public var label: String {
        switch self {
        case .ordinary: "一般贫困户"
        case .dibao: "低保贫困户"
        case .tekun: "特困供养贫困户"
        }
    }
    public static var aliases: [String: HouseholdAttribute] {
        ["一般户": .ordinary, "一般脱贫户": .ordinary, "低保户": .dibao, "低保脱贫户": .dibao, "五保户": .tekun, "特困供养户": .tekun, "特困供养脱贫户": .tekun]
    }
}

/// 识别标准 (A1): national, provincial or city line.
public enum IdentificationStandard: String, LabelledCode {
    case national, provincial, city
    public var label: String {
        switch self {
        case .national: "国家标准"
        case .provincial: "省定标准"
        case .city: "市定标准"
        }
    }
    public static var aliases: [String: IdentificationStandard] { ["国家": .national, "省定": .provincial, "市定": .city] }
}

/// 住房安全等级: A/B safe, C/D 危房.
public enum HousingGrade: String, LabelledCode {
    case a, b, c, d
    public var label: String { rawValue.uppercased() }
    public static var aliases: [String: HousingGrade] { ["A级": .a, "B级": .b, "C级": .c, "D级": .d, "a": .a, "b": .b, "c": .c, "d": .d] }
    public var isSafe: Bool { self == .a || self == .b }
}

/// 住房保障方式.
public enum HousingSecurityMode: String, LabelledCode {
    case appraisedSafe, renovated, guaranteed
    public var label: String {
        switch self {
        case .appraisedSafe: "鉴定安全"
        case .renovated: "改造安全"
        case .guaranteed: "保障安全"
        }
    }
}

public enum Sex: String, LabelledCode {
    case male, female
    public var label: String { self == .male ? "男" : "女" }
}

/// 在校生状况, including 辍学 (dropout).
public enum SchoolStatus: String, LabelledCode {
    case preschool, primary, juniorHigh, seniorHigh, vocational, college, notInSchool, dropout

    /// Compulsory-education ages, as the age a child reaches in the data year (《义务教育法》第十一条：
    /// 满六周岁入学，九年义务教育; DOMAIN.md §4 "no dropout aged 6 (7)–15"). Read by the data-quality
    /// rule and by the exit standards' education indicator.
    public static let compulsoryAges = 6...15
    public var label: String {
        switch self {
        case .preschool: "学龄前"
        case .primary: "小学"
        case .juniorHigh: "初中"
        case .seniorHigh: "高中"
        case .vocational: "中职"
        case .college: "大专及以上"
        case .notInSchool: "非在校生"
        case .dropout: "辍学"
        }
    }
    public static var aliases: [String: SchoolStatus] { ["学前教育": .preschool, "普通高中": .seniorHigh, "中专": .vocational, "高职": .college, "本科及以上": .college] }
}

/// 健康状况. Health is personal data: masked like an ID number where the role may not see it.
public enum HealthStatus: String, LabelledCode {
    case healthy, chronic, serious, disabled
    public var label: String {
        switch self {
        case .healthy: "健康"
        case .chronic: "长期慢性病"
        case .serious: "患大病"
        case .disabled: "残疾"
        }
    }
}

/// 劳动技能.
public enum LabourSkill: String, LabelledCode {
    case skilled, ordinary, weak, lost, none
    public var label: String {
        switch self {
        case .skilled: "技能劳动力"
        case .ordinary: "普通劳动力"
        case .weak: "弱劳动力或半劳动力"
        case .lost: "丧失劳动力"
        case .none: "无劳动力"
        }
    }
    public static var aliases: [String: LabourSkill] { ["技能": .skilled, "普通": .ordinary, "弱或半劳动力": .weak, "半劳动力": .weak, "丧失": .lost, "无": .none] }
    /// Households whose members all lack labour capacity are never taken off monitoring (DOMAIN.md §8).
    public var canWork: Bool { self == .skilled || self == .ordinary || self == .weak }
}

/// 与户主关系.
public enum Relation: String, LabelledCode {
    case head, spouse, son, daughter, daughterInLaw, sonInLaw, grandson, granddaughter, father, mother, sibling, other
    public var label: String {
        switch self {
        case .head: "户主"
        case .spouse: "配偶"
        case .son: "之子"
        case .daughter: "之女"
        case .daughterInLaw: "之儿媳"
        case .sonInLaw: "之女婿"
        case .grandson: "之孙子"
        case .granddaughter: "之孙女"
        case .father: "之父"
        case .mother: "之母"
        case .sibling: "兄弟姐妹"
        case .other: "其他"
        }
    }
    public static var aliases: [String: Relation] { ["本人": .head, "妻": .spouse, "夫": .spouse, "子": .son, "女": .daughter, "儿媳": .daughterInLaw, "女婿": .sonInLaw, "孙子": .grandson, "孙女": .granddaughter, "父亲": .father, "母亲": .mother] }
}
