import Foundation
import JingzhunDomain
import SQLKit

/// The facts the exit standards read, computed set-based (issue 5 §8): one grouped query over members, joined
/// to each household's figures for the year (or its latest before), streamed row by row; one query per level
/// for villages and the county. Same SQL on SQLite and PostgreSQL.
struct ExitFactsReader: Sendable {
    let db: any SQLDatabase

    /// Compulsory-education ages (义务教育法 第十一条：六周岁入学，九年义务教育): members aged 6–15 in the year.
    static let compulsoryAges = 6...15

    /// Member counts the county ratios need beside the facts.
    struct MemberTally: Sendable {
        var members = 0
        var insured = 0
    }

    func households(within code: RegionCode, year: Int, number: String? = nil,
                    _ body: @escaping @Sendable (HouseholdFacts, MemberTally) -> Void) async throws {
        // Born from 1 Jan (year − 15) to 31 Dec (year − 6): ages 6–15 at some point of the year.
        let earliest = "\(year - Self.compulsoryAges.upperBound)-01-01"
        let latest = "\(year - Self.compulsoryAges.lowerBound)-12-31"
        let failure = Failure()
        try await db.raw("""
            SELECT h.number, h.village_code, h.first_identified_year, h.housing_security, y.status, y.size,
                   y.wage_fen + y.production_fen + y.property_fen + y.transfer_fen - y.production_cost_fen AS net,
                   y.housing_grade, y.water_safe,
                   COALESCE(m.dropouts, 0) AS dropouts, COALESCE(m.no_medical, 0) AS no_medical,
                   COALESCE(m.no_serious, 0) AS no_serious, COALESCE(m.labour, 0) AS labour,
                   COALESCE(m.members, 0) AS members, COALESCE(m.insured, 0) AS insured
            FROM households h
            JOIN household_years y ON y.household_id = h.id
              AND y.year = (SELECT MAX(y2.year) FROM household_years y2 WHERE y2.household_id = h.id AND y2.year <= \(bind: year))
            LEFT JOIN (
                SELECT household_id,
                       SUM(CASE WHEN school_status = 'dropout' AND birth_date >= \(bind: earliest) AND birth_date <= \(bind: latest) THEN 1 ELSE 0 END) AS dropouts,
                       SUM(CASE WHEN medical_insurance THEN 0 ELSE 1 END) AS no_medical,
                       SUM(CASE WHEN serious_illness_insurance THEN 0 ELSE 1 END) AS no_serious,
                       SUM(CASE WHEN labour_skill IN ('skilled', 'ordinary') THEN 1 ELSE 0 END) AS labour,
                       COUNT(*) AS members,
                       SUM(CASE WHEN medical_insurance AND serious_illness_insurance THEN 1 ELSE 0 END) AS insured
                FROM members GROUP BY household_id
            ) m ON m.household_id = h.id
            WHERE h.village_code IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = \(bind: code.rawValue))
              AND h.merged_into_id IS NULL
            """ + (number.map { n -> SQLQueryString in " AND h.number = \(bind: n)" } ?? "")).run { row in
            do {
                body(try Self.decodeHousehold(row),
                     MemberTally(members: try row.decode(column: "members", as: Int.self), insured: try row.decode(column: "insured", as: Int.self)))
            } catch {
                failure.record(error)
            }
        }
        if let error = failure.error { throw error }
    }

    static func decodeHousehold(_ row: any SQLRow) throws -> HouseholdFacts {
        HouseholdFacts(
            number: try row.decode(column: "number", as: String.self),
            villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!,
            firstIdentifiedYear: try row.decode(column: "first_identified_year", as: Int.self),
            status: PovertyStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .poor,
            size: try row.decode(column: "size", as: Int.self),
            netIncome: Fen(rawValue: try row.decode(column: "net", as: Int64.self)),
            housingGrade: HousingGrade(rawValue: try row.decode(column: "housing_grade", as: String.self)) ?? .a,
            housingSecurity: try row.decode(column: "housing_security", as: String?.self).flatMap(HousingSecurityMode.init(rawValue:)),
            waterSafe: try row.decode(column: "water_safe", as: Bool.self),
            dropouts: try row.decode(column: "dropouts", as: Int.self),
            uninsuredMedical: try row.decode(column: "no_medical", as: Int.self),
            uninsuredSeriousIllness: try row.decode(column: "no_serious", as: Int.self),
            labourCapable: try row.decode(column: "labour", as: Int.self))
    }

    /// Villages under `code` with their 村信息 for the year (or latest before) and their registered poor people.
    /// `countyIncome` (农村居民人均可支配收入) turns exited households' per-capita income into a share.
    /// What the household pass adds up per village, so the village level needs no second scan of the register.
    struct VillageTally: Sendable {
        var poorPeople = 0
        var exitedNetFen: Int64 = 0
        var exitedPeople = 0
    }

    func villages(within code: RegionCode, year: Int, tallies: [RegionCode: VillageTally], countyIncome: Double?,
                  lastYearCountyIncome: Double?) async throws -> [VillageFacts] {
        let rows = try await db.raw("""
            SELECT r.code, r.name, p.is_poor_village, vy.total_population, vy.hardened_road, vy.safe_water, vy.electricity_rate_bp,
                   vy.standard_clinic, vy.collective_economy
            FROM regions r
            JOIN village_years vy ON vy.code = r.code
              AND vy.year = (SELECT MAX(v2.year) FROM village_years v2 WHERE v2.code = r.code AND v2.year <= \(bind: year))
            LEFT JOIN village_profiles p ON p.code = r.code
            WHERE r.level = 'village' AND r.valid_to IS NULL
              AND r.code IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = \(bind: code.rawValue))
            ORDER BY r.code
            """).all()
        let exited = tallies.mapValues { ($0.exitedNetFen, $0.exitedPeople) }
        let exitedBefore = try await exitedIncome(within: code, year: year - 1)
        return try rows.map { row in
            let villageCode = RegionCode(rawValue: try row.decode(column: "code", as: String.self))!
            func share(_ income: [RegionCode: (Int64, Int)], _ county: Double?) -> Double? {
                guard let county, county > 0, let (fen, people) = income[villageCode], people > 0 else { return nil }
                return Double(fen) / 100 / Double(people) / county
            }
            return VillageFacts(
                code: villageCode, name: try row.decode(column: "name", as: String.self),
                totalPopulation: try row.decode(column: "total_population", as: Int.self), poorPopulation: tallies[villageCode]?.poorPeople ?? 0,
                exitedIncomeShare: share(exited, countyIncome), lastYearShare: share(exitedBefore, lastYearCountyIncome),
                hardenedRoad: try row.decode(column: "hardened_road", as: Bool.self), safeWater: try row.decode(column: "safe_water", as: Bool.self),
                electricityRateBasisPoints: try row.decode(column: "electricity_rate_bp", as: Int.self),
                standardClinic: try row.decode(column: "standard_clinic", as: Bool.self),
                collectiveEconomy: try row.decode(column: "collective_economy", as: Bool.self),
                isPoorVillage: try row.decode(column: "is_poor_village", as: Bool?.self) ?? false)
        }
    }

    /// Exited households' net income (fen) and people, by village, from that year's own figures.
    private func exitedIncome(within code: RegionCode, year: Int) async throws -> [RegionCode: (Int64, Int)] {
        var out: [RegionCode: (Int64, Int)] = [:]
        for row in try await db.raw("""
            SELECT h.village_code,
                   -- PostgreSQL sums BIGINT into NUMERIC; the cast keeps one result type on both engines.
                   CAST(SUM(y.wage_fen + y.production_fen + y.property_fen + y.transfer_fen - y.production_cost_fen) AS BIGINT) AS net,
                   SUM(y.size) AS people
            FROM households h JOIN household_years y ON y.household_id = h.id AND y.year = \(bind: year)
            WHERE y.status IN ('exitedWithPolicy', 'exitedWithoutPolicy') AND h.merged_into_id IS NULL
              AND h.village_code IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = \(bind: code.rawValue))
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

/// The first error thrown inside a row callback, which cannot throw itself.
final class Failure: @unchecked Sendable {
    private(set) var error: (any Error)?
    func record(_ e: any Error) { if error == nil { error = e } }
}
