/// A unit (单位) that can lead or cooperate on a task: a county department (扶贫局), a town government,
/// a thematic office of the HQ (产业脱贫办) … (../shared/DOMAIN.md §1 "Units on a task").
public struct OrgUnit: Sendable, Equatable, Codable, Identifiable {
    public struct ID: TypedID {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
    }

    public var id: ID
    public var name: String
    /// Other spellings met in plans (县脱贫办 / 县脱指办 / 指挥部办公室), matched when importing.
    public var aliases: [String]
    public var kind: UnitKind
    /// Where the unit sits: the county for 县直部门, the town for a 镇政府.
    public var regionCode: RegionCode

    public init(id: ID, name: String, aliases: [String] = [], kind: UnitKind, regionCode: RegionCode) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.regionCode = regionCode
    }
}

public enum UnitKind: String, CaseIterable, Sendable, Codable {
    /// 县委、县政府及其办公室
    case leadership
    /// 党委部门 (组织部, 宣传部 …)
    case partyDepartment
    /// 政府工作部门 (扶贫局, 财政局 …)
    case governmentDepartment
    /// 指挥部办公室及专项办、保障组 (产业脱贫办, 水利保障组)
    case campaignOffice
    /// 镇（乡、街道）党委政府
    case townGovernment
    /// 企事业单位 (电力局, 疾控中心)
    case institution
    /// 督查室、考核办、纪委监委
    case oversight

    public var label: String {
        switch self {
        case .leadership: "县委县政府"
        case .partyDepartment: "党委部门"
        case .governmentDepartment: "政府部门"
        case .campaignOffice: "指挥部专项办"
        case .townGovernment: "镇党委政府"
        case .institution: "企事业单位"
        case .oversight: "督查考核"
        }
    }
}

/// A configurable group of units: 八办两组, 十办五保障 … — names and members differ by county
/// (../shared/DOMAIN.md §1 "Headquarters and offices").
public struct UnitGroup: Sendable, Equatable, Codable, Identifiable {
    public struct ID: TypedID {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
    }

    public var id: ID
    public var name: String
    public var note: String
    public var members: [Member]

    public struct Member: Sendable, Equatable, Codable {
        public var unitID: OrgUnit.ID
        public var isLead: Bool
        public init(unitID: OrgUnit.ID, isLead: Bool) {
            self.unitID = unitID
            self.isLead = isLead
        }
    }

    public init(id: ID, name: String, note: String = "", members: [Member] = []) {
        self.id = id
        self.name = name
        self.note = note
        self.members = members
    }
}
