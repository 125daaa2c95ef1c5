/// Who a task cell names. Plans write generic sets — "各镇", "各镇党委书记", "八办两组成员单位" — that
/// must expand to real units and persons at a date, never be stored as a literal unit called "各镇"
/// (../shared/DOMAIN.md §1 "Units on a task": "Generic sets … must expand to real units").
public enum UnitSelector: Sendable, Equatable, Codable, Hashable {
    case unit(OrgUnit.ID)
    /// 各镇 / 各镇（办、中心）: every town-level government of the county.
    case everyTown
    /// A configured group (八办两组 …), optionally only its lead units.
    case group(UnitGroup.ID)
}

public enum PersonSelector: Sendable, Equatable, Codable, Hashable {
    case person(Person.ID)
    /// "各镇党委书记": the holder of `post` in every unit the selector names, e.g. (.townPartySecretary, .everyTown).
    case holder(PostKind, of: UnitSelector)
}

/// Reads the generic phrases of plan cells. Literal unit names are resolved by the storage layer
/// against the unit list and its aliases; this only recognises the set phrases.
public enum ResponsibilityPhrase {
    static let everyTownPrefixes = ["各镇（办、中心）", "各镇(办、中心)", "各镇（中心）", "各镇(中心)", "各乡镇", "各镇办", "各镇", "每个镇", "每镇"]

    /// "各镇" → `.everyTown`; anything else nil.
    public static func unitSelector(_ text: String) -> UnitSelector? {
        let t = text.trimmingWhitespace()
        return everyTownPrefixes.contains(t) ? .everyTown : nil
    }

    /// "各镇党委书记" → `.holder(.townPartySecretary, of: .everyTown)`; "各镇镇长" → town heads.
    public static func personSelector(_ text: String) -> PersonSelector? {
        let t = text.trimmingWhitespace()
        for prefix in everyTownPrefixes where t.hasPrefix(prefix) && t.count > prefix.count {
            let rest = String(t.dropFirst(prefix.count))
            if let post = PostKind(label: rest) { return .holder(post, of: .everyTown) }
        }
        return nil
    }
}
