/// 省 → 市 → 县 → 镇(乡/街道) → 村(社区) → 组 (../shared/DOMAIN.md §1). Labels live here and nowhere else.
public enum RegionLevel: String, CaseIterable, Sendable, Codable, Comparable {
    case province, city, county, town, village, group

    public var label: String {
        switch self {
        case .province: "省"
        case .city: "市"
        case .county: "县"
        case .town: "镇"
        case .village: "村"
        case .group: "组"
        }
    }

    /// Depth in the tree, province = 0.
    public var depth: Int { Self.allCases.firstIndex(of: self)! }

    public var child: RegionLevel? {
        let all = Self.allCases
        return depth + 1 < all.count ? all[depth + 1] : nil
    }

    /// Reads the 级别 column of a 区划代码 csv: 省/市/县/区/镇/乡/街道/村/社区/组.
    public init?(label: String) {
        switch label.trimmingWhitespace() {
        case "省", "自治区", "直辖市": self = .province
        case "市", "地区", "州", "盟": self = .city
        case "县", "区", "县级市", "旗": self = .county
        case "镇", "乡", "街道", "街道办": self = .town
        case "村", "社区", "村委会", "居委会": self = .village
        case "组", "村民小组": self = .group
        default: return nil
        }
    }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.depth < rhs.depth }
}
