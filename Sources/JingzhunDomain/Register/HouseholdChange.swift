/// Household changes (增员/减员/户主变更/迁移/分户/合户) as requests: proposed by the village, approved by the town
/// (or the county office) — never by the proposer — and applied with an audit entry. Not tied to the
/// yearly national window (DOMAIN.md §2 "动态调整": record changes continuously as typed events).
public enum HouseholdChangeKind: String, LabelledCode {
    case addMember, removeMember, headChange, move, split, merge

    public var label: String {
        switch self {
        case .addMember: "增员"
        case .removeMember: "减员"
        case .headChange: "户主变更"
        case .move: "迁移"
        case .split: "分户"
        case .merge: "合户"
        }
    }
}

public enum HouseholdChangeState: String, LabelledCode {
    case proposed, approved, rejected

    public var label: String {
        switch self {
        case .proposed: "待审核"
        case .approved: "已批准并生效"
        case .rejected: "已退回"
        }
    }
}

/// What a change does, by kind. Members are named by 身份证号, which stays inside the database.
public enum HouseholdChangeDetail: Sendable, Equatable, Codable {
    case addMember(MemberRecord)
    case removeMember(idNumber: String)
    case headChange(newHeadIDNumber: String)
    case move(toRegion: RegionCode)
    case split(idNumbers: [String], newNumber: String)
    /// 合户: another household of the same village joins this one. Its members move here; it is kept,
    /// marked as merged, for history.
    case merge(absorbedNumber: String)

    public var kind: HouseholdChangeKind {
        switch self {
        case .addMember: .addMember
        case .removeMember: .removeMember
        case .headChange: .headChange
        case .move: .move
        case .split: .split
        case .merge: .merge
        }
    }

    /// One line for lists and the audit log, without identifiers.
    public var summary: String {
        switch self {
        case .addMember(let m): "增员：\(m.name)（\(m.relation.label)，\(m.birthDate.prefix(4))年生）"
        case .removeMember(let id): "减员：身份证号 \(PersonalDataMask.idNumber(id))"
        case .headChange(let id): "户主变更为 \(PersonalDataMask.idNumber(id))"
        case .move(let code): "迁移至 \(code.rawValue)"
        case .split(let ids, let number): "分户：\(ids.count) 人分出为新户 \(number)"
        case .merge(let number): "合户：户 \(number) 全部成员并入本户"
        }
    }
}

public struct HouseholdChangeRequest: Sendable, Equatable {
    public struct ID: TypedID {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
    }

    public var id: ID
    public var householdNumber: String
    public var villageCode: RegionCode
    public var detail: HouseholdChangeDetail
    public var reason: String
    public var state: HouseholdChangeState
    public var proposedBy: String
    public var proposedByAccount: Int64?
    public var proposedAt: String
    public var decidedBy: String?
    public var decidedAt: String?
    public var note: String?

    public init(id: ID, householdNumber: String, villageCode: RegionCode, detail: HouseholdChangeDetail, reason: String,
                state: HouseholdChangeState, proposedBy: String, proposedByAccount: Int64?, proposedAt: String,
                decidedBy: String? = nil, decidedAt: String? = nil, note: String? = nil) {
        self.id = id
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.detail = detail
        self.reason = reason
        self.state = state
        self.proposedBy = proposedBy
        self.proposedByAccount = proposedByAccount
        self.proposedAt = proposedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
    }
}
