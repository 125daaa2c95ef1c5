import Foundation
import JingzhunDomain
import SQLKit

/// The facts the exit standards read, computed set-based (issue 5 §8): one grouped query over members, joined
/// to each household's figures for the year (or its latest before), streamed row by row; one query per level
/// for villages and the county. Same SQL on SQLite and PostgreSQL.
struct ExitFactsReader: Sendable {
    let db: any SQLDatabase

    /// Member counts the county ratios need beside the facts.
    struct MemberTally: Sendable {
        var members = 0
        var insured = 0
    }

    /// Streams every current household under `code` (or the one numbered `number`) with its facts for `year`,
    /// folding each into `state` as it arrives.
    func households<State: Sendable>(
        within code: RegionCode, year: Int, number: String? = nil, into state: Locked<State>,
        _ fold: @escaping @Sendable (inout State, HouseholdFacts, MemberTally) -> Void
    ) async throws {
        // Ages 6–15 reached during the year: born 1 Jan (year − 15) … 31 Dec (year − 6).
        let earliest = "\(year - SchoolStatus.compulsoryAges.upperBound)-01-01"
        let latest = "\(year - SchoolStatus.compulsoryAges.lowerBound)-12-31"
        // The grouped member subquery is not narrowed by the outer WHERE on either engine: filter it itself.
        let memberScope: SQLQueryString = number.map { "household_id IN (SELECT id FROM households WHERE number = \(bind: $0))" }
            ?? RegisterSQL.within("region_code", code)
        let householdScope: SQLQueryString = number.map { " AND h.number = \(bind: $0)" } ?? ""
        let failure = Locked<(any Error)?>(nil)
        try await db.raw("""
            SELECT h.number, h.village_code, y.status, y.size, \(RegisterSQL.netIncome) AS net, y.housing_grade, y.water_safe,
                   COALESCE(m.dropouts, 0) AS dropouts, COALESCE(m.no_medical, 0) AS no_medical,
                   COALESCE(m.no_serious, 0) AS no_serious, COALESCE(m.members, 0) AS members, COALESCE(m.insured, 0) AS insured
            FROM households h
            JOIN household_years y ON \(RegisterSQL.figures(atMost: year))
            LEFT JOIN (
                SELECT household_id,
                       SUM(CASE WHEN school_status = 'dropout' AND birth_date >= \(bind: earliest) AND birth_date <= \(bind: latest) THEN 1 ELSE 0 END) AS dropouts,
                       SUM(CASE WHEN medical_insurance THEN 0 ELSE 1 END) AS no_medical,
                       SUM(CASE WHEN serious_illness_insurance THEN 0 ELSE 1 END) AS no_serious,
                       COUNT(*) AS members,
                       SUM(CASE WHEN medical_insurance AND serious_illness_insurance THEN 1 ELSE 0 END) AS insured
                FROM members WHERE \(memberScope) GROUP BY household_id
            ) m ON m.household_id = h.id
            WHERE \(RegisterSQL.within("h.village_code", code)) AND \(RegisterSQL.current)
            """ + householdScope).run { row in
            do {
                let facts = try Self.decodeHousehold(row)
                let members = MemberTally(members: try row.decode(column: "members", as: Int.self), insured: try row.decode(column: "insured", as: Int.self))
                state.withLock { fold(&$0, facts, members) }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.value { throw error }
    }

    static func decodeHousehold(_ row: any SQLRow) throws -> HouseholdFacts {
        HouseholdFacts(
            number: try row.decode(column: "number", as: String.self),
            villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!,
            status: PovertyStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .poor,
            size: try row.decode(column: "size", as: Int.self),
            netIncome: Fen(rawValue: try row.decode(column: "net", as: Int64.self)),
            housingGrade: HousingGrade(rawValue: try row.decode(column: "housing_grade", as: String.self)) ?? .a,
            waterSafe: try row.decode(column: "water_safe", as: Bool.self),
            dropouts: try row.decode(column: "dropouts", as: Int.self),
            uninsuredMedical: try row.decode(column: "no_medical", as: Int.self),
            uninsuredSeriousIllness: try row.decode(column: "no_serious", as: Int.self))
    }

    /// What the household pass adds up per village, so the village level needs no second scan of the register.
    struct VillageTally: Sendable {
        var poorPeople = 0
        var exitedNetFen: Int64 = 0
        var exitedPeople = 0
    }

    /// Villages under `code`: their 村信息 for the year (or the latest before) and the household pass's tallies.
    /// `countyIncome` (农村居民人均可支配收入) turns exited households' per-capita income into a share.
    func villages(within code: RegionCode, year: Int, tallies: [RegionCode: VillageTally], countyIncome: Double?,
                  lastYearCountyIncome: Double?) async throws -> [VillageFacts] {
        let exited = tallies.mapValues { ($0.exitedNetFen, $0.exitedPeople) }
        let exitedBefore = try await exitedIncome(within: code, year: year - 1)
        return try await RegisterReader(db: db).villages(within: code, year: year).map { v in
            func share(_ income: [RegionCode: (Int64, Int)], _ county: Double?) -> Double? {
                guard let county, county > 0, let (fen, people) = income[v.code], people > 0 else { return nil }
                return Double(fen) / 100 / Double(people) / county
            }
            return VillageFacts(
                code: v.code, name: v.villageName, totalPopulation: v.totalPopulation, poorPopulation: tallies[v.code]?.poorPeople ?? 0,
                exitedIncomeShare: share(exited, countyIncome), lastYearShare: share(exitedBefore, lastYearCountyIncome),
                hardenedRoad: v.hardenedRoad, safeWater: v.safeWater, electricityRateBasisPoints: v.electricityRateBasisPoints,
                standardClinic: v.standardClinic, collectiveEconomy: v.collectiveEconomy, isPoorVillage: v.isPoorVillage)
        }
    }

    /// Exited households' net income (fen) and people, by village, from that year's own figures.
    private func exitedIncome(within code: RegionCode, year: Int) async throws -> [RegionCode: (Int64, Int)] {
        var out: [RegionCode: (Int64, Int)] = [:]
        for row in try await db.raw("""
            SELECT h.village_code,
                   -- PostgreSQL sums BIGINT into NUMERIC; the cast keeps one result type on both engines.
                   CAST(SUM(\(RegisterSQL.netIncome)) AS BIGINT) AS net, SUM(y.size) AS people
            FROM households h JOIN household_years y ON y.household_id = h.id AND y.year = \(bind: year)
            WHERE y.status IN ('exitedWithPolicy', 'exitedWithoutPolicy') AND \(RegisterSQL.current)
              AND \(RegisterSQL.within("h.village_code", code))
            GROUP BY h.village_code
            """).all() {
            out[RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!] = (
                try row.decode(column: "net", as: Int64.self), try row.decode(column: "people", as: Int.self)
            )
        }
        return out
    }

    /// County figures the register and 村信息 can give; the others stay nil ("无数据") until entered.
    struct CountyTally: Sendable {
        var households = 0
        var safeHousing = 0
        var safeWater = 0
        var members = MemberTally()
    }

    func county(villages: [VillageFacts], tally county: CountyTally) -> (CountyFacts, [String: String]) {
        var facts = CountyFacts()
        var sources: [String: String] = [:]
        let computed = "由登记数据计算"
        let population = villages.map(\.totalPopulation).reduce(0, +)
        if population > 0 {
            facts.incidence = Double(villages.map(\.poorPopulation).reduce(0, +)) / Double(population)
            let weighted = villages.map { Double($0.electricityRateBasisPoints) / 10_000 * Double($0.totalPopulation) }.reduce(0, +)
            facts.electricityRate = weighted / Double(population)
            sources["incidence"] = computed + "（未脱贫、返贫人口 ÷ 各村总人口之和）"
            sources["electricity"] = computed + "（各村电力入户率按人口加权）"
        }
        if !villages.isEmpty {
            facts.roadRatio = Double(villages.filter(\.hardenedRoad).count) / Double(villages.count)
            sources["road_ratio"] = computed + "（通硬化路的村 ÷ 村数）"
        }
        if county.households > 0 {
            facts.safeHousingRatio = Double(county.safeHousing) / Double(county.households)
            facts.tapWaterRatio = Double(county.safeWater) / Double(county.households)
            sources["safe_housing_ratio"] = computed + "（建档立卡户 A/B 级住房占比）"
            sources["tap_water_ratio"] = computed + "（建档立卡户饮水安全占比）"
        }
        if county.members.members > 0 {
            facts.insuranceRatio = Double(county.members.insured) / Double(county.members.members)
            sources["insurance"] = computed + "（建档立卡人口参加基本医保和大病保险占比）"
        }
        return (facts, sources)
    }

    /// What 三率一度 scales its sample rates to.
    func evaluationPopulation(villages: [VillageFacts], tallies: [RegionCode: VillageTally]) -> EvaluationPopulation {
        let poor = tallies.values.map(\.poorPeople).reduce(0, +)
        let exited = tallies.values.map(\.exitedPeople).reduce(0, +)
        let rural = villages.map(\.totalPopulation).reduce(0, +)
        return EvaluationPopulation(remainingPoor: poor, exitedPeople: exited, nonRegisteredPeople: max(0, rural - poor - exited), ruralPopulation: rural)
    }
}
