/// 脱贫状态 (national field aar010; ../shared/DOMAIN.md §2 "Attribute and status"). Store the label's key,
/// never the national number, because systems number them differently.
public enum PovertyStatus: String, LabelledCode {
    case poor, exitedWithPolicy, returned, exitedWithoutPolicy

    public var label: String {
        switch self {
        case .poor: "未脱贫"
        case .exitedWithPolicy: "已脱贫享受政策"
        case .returned: "返贫"
        case .exitedWithoutPolicy: "已脱贫不再享受政策"
        }
    }

    public static var aliases: [String: PovertyStatus] {
        ["已脱贫（享受政策）": .exitedWithPolicy, "已脱贫（不再享受政策）": .exitedWithoutPolicy, "贫困户": .poor]
    }

    /// Counted as poor for incidence (未脱贫 or 返贫).
    public var countsAsPoor: Bool { self == .poor || self == .returned }
}
