/// The thin household record the foundation needs for counts and access checks; the register issue adds
/// the national fields (members, incomes, housing …) beside it.
public struct RegisteredHousehold: Sendable, Equatable, Codable {
    public struct ID: TypedID {
        public let rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
    }

    /// 户编号
    public var number: String
    /// The 组 (or the village where no 组 is known).
    public var regionCode: RegionCode
    public var villageCode: RegionCode
    public var headName: String
    /// 家庭人口数
    public var size: Int
    public var status: PovertyStatus
    public var firstIdentifiedYear: Int
    public var exitYear: Int?

    public init(
        number: String, regionCode: RegionCode, villageCode: RegionCode, headName: String, size: Int,
        status: PovertyStatus, firstIdentifiedYear: Int, exitYear: Int?
    ) {
        self.number = number
        self.regionCode = regionCode
        self.villageCode = villageCode
        self.headName = headName
        self.size = size
        self.status = status
        self.firstIdentifiedYear = firstIdentifiedYear
        self.exitYear = exitYear
    }
}

/// Village-level facts. The foundation keeps whether the village is a 贫困村 and its exit year; the
/// register issue adds 总户数, roads, water and the rest.
public struct VillageProfile: Sendable, Equatable, Codable {
    public var code: RegionCode
    public var isPoorVillage: Bool
    public var exitYear: Int?

    public init(code: RegionCode, isPoorVillage: Bool, exitYear: Int?) {
        self.code = code
        self.isPoorVillage = isPoorVillage
        self.exitYear = exitYear
    }
}
