public import Foundation
public import JingzhunDomain
import SQLKit

/// One evaluation run (issue 5 §2): the standard, the line used, every village, the county when the region is a
/// county, shortfall lists, AF scores by village and the near-miss list. Households are streamed to a callback
/// so a million of them need not be held; `households` keeps them only when asked.
public struct ExitAssessmentReport: Sendable {
    public var standard: ExitStandard
    public var year: Int
    public var region: Region
    /// The line the income indicator used, and where it comes from.
    public var line: PovertyLine?
    public var lineAmount: Fen
    public var households: [HouseholdAssessment] = []
    public var householdCount = 0
    public var passingHouseholds = 0
    public var villages: [VillageAssessment] = []
    public var county: CountyAssessment?
    /// Where each county figure came from ("登记数据计算" or the entered source).
    public var countySources: [String: String] = [:]
    public var villageShortfalls: [ShortfallSummary] = []
    public var townShortfalls: [ShortfallSummary] = []
    public var multidimensional: [RegionCode: AlkireFosterResult] = [:]
    public var nearMisses: [NearMiss] = []
}

/// Runs a standard over the register: facts come from set-based SQL (one streamed query for households, one
/// grouped query for villages), the rules from `ExitEvaluator`.
public struct ExitAssessor: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Options: Sendable {
        public var keepHouseholds = true
        public var nearMiss = NearMissRule()
        /// AF deprivation cutoff k; nil = the smallest household weight (the Chinese union rule, DOMAIN.md §5).
        public var afCutoff: Double?
        public init(keepHouseholds: Bool = true, nearMiss: NearMissRule = NearMissRule(), afCutoff: Double? = nil) {
            self.keepHouseholds = keepHouseholds
            self.nearMiss = nearMiss
            self.afCutoff = afCutoff
        }
    }

    public func assess(standardKey: String, year: Int, region code: RegionCode, options: Options = Options(),
                       onHousehold: (@Sendable (HouseholdFacts, HouseholdAssessment) -> Void)? = nil) async throws -> ExitAssessmentReport {
        let standards = ExitStandardRepository(store: store)
        guard let standard = try await standards.standard(standardKey)?.standard else {
            let keys = try await standards.all().map(\.standard.key).joined(separator: "、")
            throw StorageError.notFound("退出标准“\(standardKey)”（可用：\(keys)）")
        }
        guard let region = try await RegionRepository(store: store).find(code) else { throw StorageError.notFound("区划 \(code.rawValue)") }
        let countyCode = RegionCode(rawValue: String(code.rawValue.prefix(6)) + "000000")!
        let countyRegion = try await RegionRepository(store: store).find(countyCode)
        let province = String(code.rawValue.prefix(2))
        let line = try await standards.povertyLines().line(year: year, purpose: .exit, province: province, county: String(code.rawValue.prefix(6)))
        guard let line else { throw StorageError.invalid("没有适用于 \(year) 年的贫困线，请先在“退出标准”中录入") }
        var report = ExitAssessmentReport(standard: standard, year: year, region: region, line: line, lineAmount: line.amount)

        // Households: one streamed pass, per-village tallies kept as we go.
        let reader = ExitFactsReader(db: store.db)
        let keys = standard.household.map(\.key)
        let weights = standard.household.map { $0.weight ?? 0 }
        let cutoff = options.afCutoff ?? weights.filter { $0 > 0 }.min() ?? 1
        let state = AssessState(keys: keys)
        try await reader.households(within: code, year: year) { facts, members in
            let a = ExitEvaluator.evaluate(facts, standard: standard, line: line.amount)
            let near = NearMiss.find(facts, assessment: a, standard: standard, line: line.amount, rule: options.nearMiss)
            state.add(a, near: near, keep: options.keepHouseholds)
            state.tally(facts, members)
            onHousehold?(facts, a)
        }
        report.households = state.kept
        report.householdCount = state.count
        report.passingHouseholds = state.passing
        report.nearMisses = state.nearMisses
        // Only failing households were kept; the village's household total goes back in afterwards.
        report.villageShortfalls = ShortfallSummary.byVillage(state.failing, standard: standard)
        for i in report.villageShortfalls.indices { report.villageShortfalls[i].households = state.perVillage[report.villageShortfalls[i].regionCode] ?? 0 }
        report.townShortfalls = ShortfallSummary.byTown(report.villageShortfalls, standard: standard)
        if weights.contains(where: { $0 > 0 }) {
            let af = AlkireFoster(weights: weights, cutoff: cutoff)
            for (village, total) in state.perVillage {
                let failing = state.failingByVillage[village] ?? []
                var rows = failing.map { DeprivationMatrix.Row(unit: $0.number, deprived: keys.map($0.failed.contains)) }
                let clean = DeprivationMatrix.Row(unit: "", deprived: Array(repeating: false, count: keys.count))
                rows.append(contentsOf: repeatElement(clean, count: max(0, total - failing.count)))
                report.multidimensional[village] = af.evaluate(DeprivationMatrix(indicators: keys, rows: rows))
            }
        }

        // Villages.
        let countyFigures = countyRegion == nil ? [:] : try await standards.countyFigures(countyCode, year: year)
        let lastYearFigures = countyRegion == nil ? [:] : try await standards.countyFigures(countyCode, year: year - 1)
        let villageFacts = try await reader.villages(
            within: code, year: year, tallies: state.villages, countyIncome: countyFigures["rural_income_per_capita"]?.value,
            lastYearCountyIncome: lastYearFigures["rural_income_per_capita"]?.value)
        report.villages = villageFacts.map { ExitEvaluator.evaluate($0, standard: standard) }

        // The county, when the region is one.
        if region.level == .county {
            var (facts, sources) = reader.county(villages: villageFacts, tally: state.county)
            let samples = try await EvaluationSampleRepository(store: store).samples(county: countyCode, year: year)
            if !samples.isEmpty {
                let population = reader.evaluationPopulation(villages: villageFacts, tallies: state.villages)
                facts = ThreeRatesOneDegree(samples: samples, population: population).applied(to: facts)
                for key in ["comprehensive_incidence", "wrong_exit_rate", "omission_rate", "approval"] { sources[key] = "评估抽样 \(samples.count) 户" }
            }
            // Figures a county enters (e.g. 农村居民人均可支配收入之比) override what the register can compute.
            for (key, figure) in countyFigures {
                if let measure = standard.county.first(where: { $0.key == key })?.measure {
                    facts.set(measure, figure.value)
                    sources[key] = figure.source
                }
            }
            if let ratio = Self.ruralIncomeRatio(countyFigures), facts.ruralIncomeRatio == nil {
                facts.ruralIncomeRatio = ratio.value
                sources["rural_income_ratio"] = ratio.source
            }
            report.county = ExitEvaluator.evaluate(facts, standard: standard)
            report.countySources = sources
        }
        return report
    }

    /// One household's assessment for a year (the exit procedure checks it at every step).
    public func assessHousehold(_ number: String, village: RegionCode, standardKey: String, year: Int) async throws -> HouseholdAssessment? {
        let standards = ExitStandardRepository(store: store)
        guard let standard = try await standards.standard(standardKey)?.standard else { throw StorageError.notFound("退出标准“\(standardKey)”") }
        guard let line = try await standards.povertyLines().line(
            year: year, purpose: .exit, province: String(village.rawValue.prefix(2)), county: String(village.rawValue.prefix(6)))
        else { throw StorageError.invalid("没有适用于 \(year) 年的贫困线") }
        let found = Found()
        try await ExitFactsReader(db: store.db).households(within: village, year: year, number: number) { facts, _ in
            found.value = ExitEvaluator.evaluate(facts, standard: standard, line: line.amount)
        }
        return found.value
    }

    static func ruralIncomeRatio(_ figures: [String: ExitStandardRepository.CountyFigure]) -> (value: Double, source: String)? {
        guard let county = figures["rural_income_per_capita"], let province = figures["province_rural_income_per_capita"], province.value > 0 else { return nil }
        return (county.value / province.value, "\(county.source)；\(province.source)")
    }
}

extension CountyFacts {
    mutating func set(_ measure: ExitMeasure, _ value: Double) {
        switch measure {
        case .countyIncidence: incidence = value
        case .ruralIncomeRatio: ruralIncomeRatio = value
        case .roadRatio: roadRatio = value
        case .tapWaterRatio: tapWaterRatio = value
        case .countyElectricityRate: electricityRate = value
        case .safeHousingRatio: safeHousingRatio = value
        case .insuranceRatio: insuranceRatio = value
        case .comprehensiveIncidence: comprehensiveIncidence = value
        case .wrongExitRate: wrongExitRate = value
        case .omissionRate: omissionRate = value
        case .approval: approval = value
        default: break
        }
    }
}

private final class Found: @unchecked Sendable { var value: HouseholdAssessment? }

/// Tallies kept while households stream in (the row callback runs serially, one row after another).
private final class AssessState: @unchecked Sendable {
    let keys: [String]
    var count = 0
    var passing = 0
    var kept: [HouseholdAssessment] = []
    var failing: [HouseholdAssessment] = []
    var failingByVillage: [RegionCode: [HouseholdAssessment]] = [:]
    var perVillage: [RegionCode: Int] = [:]
    var nearMisses: [NearMiss] = []

    var villages: [RegionCode: ExitFactsReader.VillageTally] = [:]
    var county = ExitFactsReader.CountyTally()

    init(keys: [String]) { self.keys = keys }

    func tally(_ h: HouseholdFacts, _ m: ExitFactsReader.MemberTally) {
        var v = villages[h.villageCode] ?? .init()
        if h.status.countsAsPoor { v.poorPeople += h.size }
        if h.status == .exitedWithPolicy || h.status == .exitedWithoutPolicy {
            v.exitedNetFen += h.netIncome.rawValue
            v.exitedPeople += h.size
        }
        villages[h.villageCode] = v
        county.households += 1
        if h.housingGrade == .a || h.housingGrade == .b { county.safeHousing += 1 }
        if h.waterSafe { county.safeWater += 1 }
        county.members.members += m.members
        county.members.insured += m.insured
    }

    func add(_ a: HouseholdAssessment, near: NearMiss?, keep: Bool) {
        count += 1
        perVillage[a.villageCode, default: 0] += 1
        if a.passes && a.failed.isEmpty { passing += 1 } else {
            if a.passes { passing += 1 }
            failing.append(a)
            failingByVillage[a.villageCode, default: []].append(a)
        }
        if let near { nearMisses.append(near) }
        if keep { kept.append(a) }
    }
}
