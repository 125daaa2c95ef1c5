/// 短板清单 (issue 5 §4; seed [000] task 1 "严格对照退出标准，逐项查找薄弱环节"): per village or town, how many
/// households fail each indicator, the indicator that blocks most exits first.
public struct ShortfallSummary: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        public var indicatorKey: String
        public var label: String
        public var measure: ExitMeasure
        public var households: Int
    }

    public var regionCode: RegionCode
    /// Households assessed in the region.
    public var households: Int
    /// Households that fail at least one veto indicator.
    public var failingHouseholds: Int
    /// Sorted by households desc, then by the indicator's order in the standard.
    public var rows: [Row]

    /// One summary per village, in code order. Assessments of several villages may come in any order.
    /// `totals` (households assessed per village), when given, adds the villages without a failing household and
    /// lets the caller pass only the failing assessments of a large county.
    public static func byVillage(
        _ assessments: some Sequence<HouseholdAssessment>, standard: ExitStandard, totals: [RegionCode: Int]? = nil
    ) -> [ShortfallSummary] {
        let order = Dictionary(standard.household.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        var counts: [RegionCode: Tally] = [:]
        for code in (totals ?? [:]).keys { counts[code] = Tally(width: standard.household.count) }
        for a in assessments {
            var entry = counts[a.villageCode] ?? Tally(width: standard.household.count)
            entry.households += 1
            if !a.passes { entry.failing += 1 }
            for key in a.failed { if let i = order[key] { entry.perIndicator[i] += 1 } }
            counts[a.villageCode] = entry
        }
        if let totals { for (code, n) in totals { counts[code]?.households = n } }
        return summaries(counts, standard: standard)
    }

    /// Rolls village summaries up to their towns (the town code is the village code's first 9 digits + "000",
    /// the 统计用区划代码 layout).
    public static func byTown(_ villages: [ShortfallSummary], standard: ExitStandard) -> [ShortfallSummary] {
        let order = Dictionary(standard.household.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        var counts: [RegionCode: Tally] = [:]
        for v in villages {
            guard let town = townCode(of: v.regionCode) else { continue }
            var entry = counts[town] ?? Tally(width: standard.household.count)
            entry.households += v.households
            entry.failing += v.failingHouseholds
            for row in v.rows { if let i = order[row.indicatorKey] { entry.perIndicator[i] += row.households } }
            counts[town] = entry
        }
        return summaries(counts, standard: standard)
    }

    private struct Tally {
        var households = 0
        var failing = 0
        var perIndicator: [Int]
        init(width: Int) { perIndicator = Array(repeating: 0, count: width) }
    }

    private static func summaries(_ counts: [RegionCode: Tally], standard: ExitStandard) -> [ShortfallSummary] {
        counts.keys.sorted().map { code in
            let entry = counts[code]!
            return ShortfallSummary(
                regionCode: code, households: entry.households, failingHouseholds: entry.failing,
                rows: rows(entry.perIndicator, standard: standard))
        }
    }

    public static func townCode(of village: RegionCode) -> RegionCode? {
        RegionCode(rawValue: String(village.rawValue.prefix(9)) + "000")
    }

    private static func rows(_ perIndicator: [Int], standard: ExitStandard) -> [Row] {
        perIndicator.enumerated()
            .filter { $0.element > 0 }
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .map { i, n in
                let indicator = standard.household[i]
                return Row(indicatorKey: indicator.key, label: indicator.label, measure: indicator.measure, households: n)
            }
    }

    /// One task draft per shortfall row, for the task-list module to turn into tasks (not stored here).
    public func taskDrafts(regionName: String) -> [ShortfallTaskDraft] {
        rows.map { row in
            ShortfallTaskDraft(
                title: "\(regionName)\(row.label)短板：\(row.households) 户未达标", indicatorKey: row.indicatorKey,
                regionCode: regionCode, householdCount: row.households, suggestedSectors: ShortfallSector.responsible(for: row.measure))
        }
    }
}

/// The designed link to the task list (issue 5 §4): what a shortfall becomes once 任务清单 exists.
public struct ShortfallTaskDraft: Sendable, Equatable, Codable {
    public var title: String
    public var indicatorKey: String
    public var regionCode: RegionCode
    public var householdCount: Int
    /// Lead first.
    public var suggestedSectors: [ShortfallSector]

    public init(title: String, indicatorKey: String, regionCode: RegionCode, householdCount: Int, suggestedSectors: [ShortfallSector]) {
        self.title = title
        self.indicatorKey = indicatorKey
        self.regionCode = regionCode
        self.householdCount = householdCount
        self.suggestedSectors = suggestedSectors
    }
}

/// The kind of unit that usually answers for an indicator, as the seeds' 责任落实表 assign them ([000] 2-1…2-17).
/// A suggestion: the county maps each kind to its own unit when it creates the task.
public enum ShortfallSector: String, Sendable, Codable, CaseIterable {
    case industry, humanResources, housing, education, medicalInsurance, health, waterResources, transport, power,
        agriculture, povertyOffice

    public var label: String {
        switch self {
        case .industry: "产业"
        case .humanResources: "人社"
        case .housing: "住建"
        case .education: "教育"
        case .medicalInsurance: "医保"
        case .health: "卫健"
        case .waterResources: "水利"
        case .transport: "交通"
        case .power: "供电"
        case .agriculture: "农业农村"
        case .povertyOffice: "扶贫"
        }
    }

    public static func responsible(for measure: ExitMeasure) -> [ShortfallSector] {
        switch measure {
        case .perCapitaIncome, .incomeShareVsLastYear, .ruralIncomeRatio: [.industry, .humanResources]
        case .housingSafe, .safeHousingRatio: [.housing]
        case .dropouts: [.education]
        case .uninsuredMembers, .insuranceRatio: [.medicalInsurance, .health]
        case .householdSafeWater, .villageSafeWater, .tapWaterRatio: [.waterResources]
        case .hardenedRoad, .roadRatio: [.transport]
        case .villageElectricityRate, .countyElectricityRate: [.power]
        case .standardClinic: [.health]
        case .collectiveEconomy: [.agriculture]
        case .villageIncidence, .countyIncidence, .comprehensiveIncidence, .wrongExitRate, .omissionRate, .approval:
            [.povertyOffice]
        }
    }
}
