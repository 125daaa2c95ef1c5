/// Departmental lists a county matches against its households (issue 7 §2; ../shared/DOMAIN.md §8 "Channels":
/// 部门筛查预警 — civil affairs' 低保 and 特困, the disabled persons' federation, 医保's 医疗救助, 临时救助).
public enum DepartmentList: String, LabelledCode {
    case dibao, tekun, disability, medicalAid, temporaryAid

    public var label: String {
        switch self {
        case .dibao: "低保"
        case .tekun: "特困供养"
        case .disability: "残疾人"
        case .medicalAid: "医疗救助"
        case .temporaryAid: "临时救助"
        }
    }

    /// The risk type an entry on this list suggests.
    public var riskType: MonitoringRiskType {
        switch self {
        case .dibao, .tekun, .temporaryAid: .other
        case .disability: .disability
        case .medicalAid: .illness
        }
    }
}

/// One row of a department's list as delivered (the 身份证号 is only for matching and is never copied into clues).
public struct DepartmentListRow: Sendable, Equatable, Codable {
    public var list: DepartmentList
    public var idNumber: String
    public var name: String
    /// The unit that sent the list ("县民政局").
    public var unit: String
    /// When the person entered the list, if given.
    public var since: Day?

    public init(list: DepartmentList, idNumber: String, name: String, unit: String, since: Day? = nil) {
        self.list = list
        self.idNumber = idNumber
        self.name = name
        self.unit = unit
        self.since = since
    }
}

/// A row matched to a household member: what the `department_list` rule reads. No 身份证号 is kept.
public struct DepartmentListEntry: Sendable, Equatable, Codable {
    public var list: DepartmentList
    public var memberName: String
    public var unit: String
    public var since: Day?

    public init(list: DepartmentList, memberName: String, unit: String, since: Day? = nil) {
        self.list = list
        self.memberName = memberName
        self.unit = unit
        self.since = since
    }
}

/// Matches list rows to households by 身份证号 (pure; the storage layer supplies the members' numbers).
public enum DepartmentListMatcher {
    /// A member as the register knows them.
    public struct Member: Sendable, Equatable {
        public var householdNumber: String
        public var name: String
        public var idNumber: String
        public init(householdNumber: String, name: String, idNumber: String) {
            self.householdNumber = householdNumber
            self.name = name
            self.idNumber = idNumber
        }
    }

    public struct Result: Sendable, Equatable {
        /// 户编号 → entries, in the rows' order.
        public var matched: [String: [DepartmentListEntry]]
        /// Rows whose number is not in the register (or is not an ID number at all).
        public var unmatched: [DepartmentListRow]
    }

    /// Numbers are compared after trimming spaces and upper-casing the check character (x → X); the name on the
    /// list is not used to match, only the number. The register's name is kept in the entry.
    public static func match(_ rows: [DepartmentListRow], members: [Member]) -> Result {
        var byID: [String: Member] = [:]
        for m in members { byID[normalise(m.idNumber)] = m }
        var matched: [String: [DepartmentListEntry]] = [:]
        var unmatched: [DepartmentListRow] = []
        for row in rows {
            let key = normalise(row.idNumber)
            guard !key.isEmpty, let member = byID[key] else {
                unmatched.append(row)
                continue
            }
            matched[member.householdNumber, default: []].append(
                DepartmentListEntry(list: row.list, memberName: member.name, unit: row.unit, since: row.since))
        }
        return Result(matched: matched, unmatched: unmatched)
    }

    static func normalise(_ id: String) -> String {
        String(id.filter { !$0.isWhitespace }).uppercased()
    }
}
