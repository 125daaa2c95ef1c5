/// A person who carries responsibility: a county leader, a department head, a town secretary, a first
/// secretary, a work-team member or a 帮扶干部 (../shared/DOMAIN.md §1 "Leaders and persons").
public struct Person: Sendable, Equatable, Codable, Identifiable {
    public struct ID: TypedID {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
    }

    public var id: ID
    public var name: String
    /// Personal data: shown masked unless the viewer's role may see it.
    public var phone: String?
    public var unitID: OrgUnit.ID?
    public var regionCode: RegionCode

    public init(id: ID, name: String, phone: String? = nil, unitID: OrgUnit.ID?, regionCode: RegionCode) {
        self.id = id
        self.name = name
        self.phone = phone
        self.unitID = unitID
        self.regionCode = regionCode
    }
}

/// A post held by a person, dated so that "the secretary of 曾家镇 on 2017-11-30" can be resolved.
public struct Post: Sendable, Equatable, Codable, Identifiable {
    public struct ID: TypedID {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
    }

    public var id: ID
    public var personID: Person.ID
    public var kind: PostKind
    /// Free title as printed: "副县长", "县扶贫局局长".
    public var title: String
    public var unitID: OrgUnit.ID?
    /// The region the post answers for: the town of a 镇党委书记, the village of a 第一书记.
    public var regionCode: RegionCode
    public var validFrom: String
    public var validTo: String?

    public init(
        id: ID, personID: Person.ID, kind: PostKind, title: String, unitID: OrgUnit.ID?, regionCode: RegionCode,
        validFrom: String, validTo: String? = nil
    ) {
        self.id = id
        self.personID = personID
        self.kind = kind
        self.title = title
        self.unitID = unitID
        self.regionCode = regionCode
        self.validFrom = validFrom
        self.validTo = validTo
    }
}

public enum PostKind: String, CaseIterable, Sendable, Codable {
    case countyLeader, unitHead, townPartySecretary, townHead, firstSecretary, workTeamLeader, workTeamMember
    case villageSecretary, villageDirector, helpCadre

    public var label: String {
        switch self {
        case .countyLeader: "县级领导"
        case .unitHead: "局长"
        case .townPartySecretary: "镇党委书记"
        case .townHead: "镇长"
        case .firstSecretary: "第一书记"
        case .workTeamLeader: "驻村工作队长"
        case .workTeamMember: "驻村工作队员"
        case .villageSecretary: "村支书"
        case .villageDirector: "村主任"
        case .helpCadre: "帮扶干部"
        }
    }

    /// Labels seen in plans for the same post ("各镇党委书记", "各镇镇长", "单位主要负责人").
    public init?(label: String) {
        switch label {
        case "县级领导", "县级包抓领导", "包抓领导": self = .countyLeader
        case "局长", "单位主要负责人", "部门主要负责人", "主要负责人": self = .unitHead
        case "镇党委书记", "党委书记", "书记": self = .townPartySecretary
        case "镇长", "乡长": self = .townHead
        case "第一书记": self = .firstSecretary
        case "驻村工作队长", "工作队长", "队长": self = .workTeamLeader
        case "驻村工作队员", "工作队员": self = .workTeamMember
        case "村支书", "村党支部书记": self = .villageSecretary
        case "村主任", "村委会主任": self = .villageDirector
        case "帮扶干部", "帮扶责任人", "包户干部", "联户干部": self = .helpCadre
        default: return nil
        }
    }
}
