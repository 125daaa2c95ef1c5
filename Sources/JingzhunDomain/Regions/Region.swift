/// One node of the effective-dated region tree. A merger closes the old node (`validTo`) and opens a new
/// one, so past records keep pointing at the village they were made in (../shared/DOMAIN.md §1).
public struct Region: Sendable, Equatable, Codable, Identifiable {
    public var code: RegionCode
    public var name: String
    public var level: RegionLevel
    public var parentCode: RegionCode?
    /// `YYYY-MM-DD`, inclusive.
    public var validFrom: String
    /// `YYYY-MM-DD`, exclusive; nil while the region exists.
    public var validTo: String?

    public var id: RegionCode { code }

    public init(
        code: RegionCode, name: String, level: RegionLevel, parentCode: RegionCode?,
        validFrom: String = "2020-06-30", validTo: String? = nil
    ) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// The name people say: "新华村" for "新华村委会", "广场社区" for "广场社区居委会".
    public var shortName: String {
        for suffix in ["村民委员会", "居民委员会", "村委会", "居委会"] where name.hasSuffix(suffix) && name.count > suffix.count {
            let stem = String(name.dropLast(suffix.count))
            return suffix.hasPrefix("村") ? stem + "村" : stem
        }
        return name
    }

    public var isCurrent: Bool { validTo == nil }
}

/// A region together with its ancestors (root first): what access checks and breadcrumbs need.
public struct RegionPath: Sendable, Equatable {
    public var region: Region
    public var ancestors: [Region]

    public init(region: Region, ancestors: [Region]) {
        self.region = region
        self.ancestors = ancestors
    }

    /// The codes of the region and every ancestor.
    public var codes: Set<RegionCode> { Set(ancestors.map(\.code) + [region.code]) }

    public func contains(_ code: RegionCode) -> Bool { codes.contains(code) }
}
