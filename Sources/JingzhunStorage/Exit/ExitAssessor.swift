import Foundation
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
        /// Which household assessments the report lists: every one (exports, JSON), the failing ones (pages), or none.
        public enum Keep: Sendable { case all, failing, none }
        public var keepHouseholds: Keep = .all
        public var nearMiss = NearMissRule()
        /// AF deprivation cutoff k; nil = the smallest household weight (the Chinese union rule, DOMAIN.md §5).
        public var afCutoff: Double?
        public init(keepHouseholds: Keep = .all, nearMiss: NearMissRule = NearMissRule(), afCutoff: Double? = nil) {
            self.keepHouseholds = keepHouseholds
            self.nearMiss = nearMiss
            self.afCutoff = afCutoff
        }
    }

    public func assess(standardKey: String, year: Int, region code: RegionCode, options: Options = Options()) async throws -> ExitAssessmentReport {
        let standards = ExitStandardRepository(store: store)
        guard let standard = try await standards.standard(standardKey)?.standard else {
            let keys = try await standards.all().map(\.standard.key).joined(separator: "、")
            throw StorageError.notFound("退出标准“\(standardKey)”（可用：\(keys)）")
        }
        // A standard is versioned by year: shaanxi-2017 judges 2017–2020, not the monitoring years after.
        guard standard.applies(toYear: year) else {
            throw StorageError.invalid(
                "退出标准“\(standard.name)”适用于 \(standard.firstYear)–\(standard.lastYear.map(String.init) ?? "") 年，不适用于 \(year) 年")
        }
        guard let region = try await RegionRepository(store: store).find(code) else { throw StorageError.notFound("区划 \(code.rawValue)") }
        let countyCode = code.county
        let countyRegion = try await RegionRepository(store: store).find(countyCode)
        let line = try await standards.exitLine(year: year, region: code)
        var report = ExitAssessmentReport(standard: standard, year: year, region: region, line: line, lineAmount: line.amount)

        // Households: one streamed pass, per-village tallies kept as we go.
        let reader = ExitFactsReader(db: store.db)
        let keys = standard.household.map(\.key)
        let weights = standard.household.map { $0.weight ?? 0 }
        let nearMiss = NearMissFinder(standard: standard, line: line.amount, rule: options.nearMiss)
        let keep = options.keepHouseholds
        let locked = Locked(AssessState())
        try await reader.households(within: code, year: year, into: locked) { state, facts, members in
            let a = ExitEvaluator.evaluate(facts, standard: standard, line: line.amount)
            state.add(a, near: nearMiss.find(facts, a), keep: keep)
            state.tally(facts, members)
        }
        let state = locked.value
        report.households = state.kept
        report.householdCount = state.count
        report.passingHouseholds = state.passing
        report.nearMisses = state.nearMisses
        // Every village with households gets a line, those without failures too, so town totals add up.
        report.villageShortfalls = ShortfallSummary.byVillage(state.failingByVillage.values.joined(), standard: standard, totals: state.perVillage)
        report.townShortfalls = ShortfallSummary.byTown(report.villageShortfalls, standard: standard)
        if weights.contains(where: { $0 > 0 }) {
            let af = AlkireFoster(weights: weights, cutoff: options.afCutoff ?? weights.filter { $0 > 0 }.min() ?? 1)
            for (village, total) in state.perVillage {
                let failing = state.failingByVillage[village] ?? []
                let rows = failing.map { DeprivationMatrix.Row(unit: $0.number, deprived: keys.map($0.failed.contains)) }
                report.multidimensional[village] = af.evaluate(DeprivationMatrix(indicators: keys, rows: rows), undeprived: total - failing.count)
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

    /// One household's assessment for a year (the household page and every exit-procedure step check it).
    public func assessHousehold(_ number: String, village: RegionCode, standard: ExitStandard, line: Fen, year: Int) async throws -> HouseholdAssessment? {
        let found = Locked<HouseholdAssessment?>(nil)
        try await ExitFactsReader(db: store.db).households(within: village, year: year, number: number, into: found) { found, facts, _ in
            found = ExitEvaluator.evaluate(facts, standard: standard, line: line)
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

/// Tallies kept while households stream in.
private struct AssessState: Sendable {
    var count = 0
    var passing = 0
    var kept: [HouseholdAssessment] = []
    var failingByVillage: [RegionCode: [HouseholdAssessment]] = [:]
    var perVillage: [RegionCode: Int] = [:]
    var nearMisses: [NearMiss] = []
    var villages: [RegionCode: ExitFactsReader.VillageTally] = [:]
    var county = ExitFactsReader.CountyTally()

    mutating func add(_ a: HouseholdAssessment, near: NearMiss?, keep: ExitAssessor.Options.Keep) {
        count += 1
        perVillage[a.villageCode, default: 0] += 1
        if a.passes { passing += 1 }
        // Scored (non-veto) failures count as shortfalls too.
        if !a.failed.isEmpty { failingByVillage[a.villageCode, default: []].append(a) }
        if let near { nearMisses.append(near) }
        switch keep {
        case .all: kept.append(a)
        case .failing: if !a.passes { kept.append(a) }
        case .none: break
        }
    }

    mutating func tally(_ h: HouseholdFacts, _ m: ExitFactsReader.MemberTally) {
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
}
