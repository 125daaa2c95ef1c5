public import JingzhunDomain
import SQLKit

/// Reads register records back in the template's shape, for export, diffs and pages. A year picks each
/// household's figures for that year, or its latest figures before it.
public struct RegisterReader: Sendable {
    let db: any SQLDatabase
    init(db: any SQLDatabase) { self.db = db }
    public init(store: Store) { self.db = store.db }

    static let householdSelect = """
        SELECT h.id, h.number, h.region_code, h.village_code, h.head_name, h.head_id_number, h.phone, h.bank_name, h.bank_account,
               h.standard, h.attribute, h.main_cause, h.other_causes, h.first_identified_year, h.housing_security,
               h.water_quantity_ok, h.water_quality_ok, h.water_convenient, h.water_guarantee_ok, h.electricity,
               y.status, y.exit_year, y.size, y.wage_fen, y.production_fen, y.property_fen, y.transfer_fen, y.production_cost_fen,
               y.housing_grade, y.water_safe, g.name AS group_name, v.name AS village_name, t.name AS town_name
        FROM households h
        JOIN household_years y ON y.household_id = h.id
          AND y.year = (SELECT MAX(y2.year) FROM household_years y2 WHERE y2.household_id = h.id AND y2.year <= 
        """

    /// Households with their figures for `year`, by 户编号.
    public func households(numbers: [String], year: Int) async throws -> [String: (Int64, HouseholdRecord)] {
        var result: [String: (Int64, HouseholdRecord)] = [:]
        for start in stride(from: 0, to: numbers.count, by: 500) {
            let chunk = Array(numbers[start..<min(start + 500, numbers.count)])
            let rows = try await db.raw(SQLQueryString(Self.householdSelect) + "\(bind: year))" + Self.householdJoins + " WHERE h.number IN \(SQLBind.group(chunk))").all()
            for row in rows {
                let (id, record) = try Self.decodeHousehold(row)
                result[record.number] = (id, record)
            }
        }
        return result
    }

    static let householdJoins: SQLQueryString = """

        JOIN regions g ON g.code = h.region_code
        JOIN regions v ON v.code = h.village_code
        JOIN regions t ON t.code = v.parent_code
        """

    /// A page of current households inside a region subtree, ordered by 户编号 (for streaming exports and the
    /// data-quality run); households merged away (合户) are history, not listed.
    public func households(within code: RegionCode, year: Int, after number: String, limit: Int) async throws -> [HouseholdRecord] {
        try await db.raw(SQLQueryString(Self.householdSelect) + "\(bind: year))" + Self.householdJoins + """

             WHERE \(RegisterSQL.within("h.village_code", code))
               AND h.merged_into_id IS NULL AND h.number > \(bind: number)
             ORDER BY h.number LIMIT \(bind: limit)
            """).all().map { try Self.decodeHousehold($0).1 }
    }

    static func decodeHousehold(_ row: any SQLRow) throws -> (Int64, HouseholdRecord) {
        func text(_ c: String) throws -> String { try row.decode(column: c, as: String.self) }
        func opt(_ c: String) throws -> String? { try row.decode(column: c, as: String?.self) }
        func bool(_ c: String) throws -> Bool? { try row.decode(column: c, as: Bool?.self) }
        func fen(_ c: String) throws -> Fen { Fen(rawValue: try row.decode(column: c, as: Int64.self)) }
        let villageCode = try text("village_code")
        let regionCode = try text("region_code")
        let villageName = try text("village_name")
        var water: WaterDetail?
        if let q = try bool("water_quantity_ok"), let l = try bool("water_quality_ok"), let c = try bool("water_convenient"), let g = try bool("water_guarantee_ok") {
            water = WaterDetail(quantityOK: q, qualityOK: l, convenient: c, guaranteeOK: g)
        }
        let others = (try opt("other_causes") ?? "").split(separator: ",").compactMap { PovertyCause(rawValue: String($0)) }
        let record = HouseholdRecord(
            number: try text("number"), townName: try text("town_name"),
            villageName: Region(code: RegionCode(rawValue: villageCode)!, name: villageName, level: .village, parentCode: nil).shortName,
            groupName: regionCode == villageCode ? "" : try text("group_name"), headName: try text("head_name"),
            headIDNumber: try opt("head_id_number") ?? "", phone: try opt("phone"), bankName: try opt("bank_name"),
            bankAccount: try opt("bank_account"), standard: try opt("standard").flatMap(IdentificationStandard.init(rawValue:)),
            attribute: HouseholdAttribute(rawValue: try opt("attribute") ?? "") ?? .ordinary,
            mainCause: PovertyCause(rawValue: try opt("main_cause") ?? "") ?? .other, otherCauses: others,
            firstIdentifiedYear: try row.decode(column: "first_identified_year", as: Int.self),
            status: PovertyStatus(rawValue: try text("status")) ?? .poor, exitYear: try row.decode(column: "exit_year", as: Int?.self),
            size: try row.decode(column: "size", as: Int.self),
            income: HouseholdIncome(wage: try fen("wage_fen"), production: try fen("production_fen"), property: try fen("property_fen"),
                                    transfer: try fen("transfer_fen"), productionCost: try fen("production_cost_fen")),
            housingGrade: HousingGrade(rawValue: try text("housing_grade")) ?? .a,
            housingSecurity: try opt("housing_security").flatMap(HousingSecurityMode.init(rawValue:)),
            waterSafe: try bool("water_safe") ?? false, water: water, electricity: try bool("electricity"))
        return (try row.decode(column: "id", as: Int64.self), record)
    }

    static let memberSelect: SQLQueryString = """
        SELECT m.*, h.number AS household_number FROM members m JOIN households h ON h.id = m.household_id
        """

    public func members(idNumbers: [String]) async throws -> [String: (Int64, MemberRecord)] {
        var result: [String: (Int64, MemberRecord)] = [:]
        for start in stride(from: 0, to: idNumbers.count, by: 500) {
            let chunk = Array(idNumbers[start..<min(start + 500, idNumbers.count)])
            for row in try await db.raw(Self.memberSelect + " WHERE m.id_number IN \(SQLBind.group(chunk))").all() {
                let m = try Self.decodeMember(row)
                result[m.idNumber] = (try row.decode(column: "id", as: Int64.self), m)
            }
        }
        return result
    }

    public func members(within code: RegionCode, afterID: Int64, limit: Int) async throws -> [(Int64, MemberRecord)] {
        try await db.raw(Self.memberSelect + """
             WHERE \(RegisterSQL.within("m.region_code", code))
               AND m.id > \(bind: afterID) ORDER BY m.id LIMIT \(bind: limit)
            """).all().map { (try $0.decode(column: "id", as: Int64.self), try Self.decodeMember($0)) }
    }

    public func members(ofHousehold id: Int64) async throws -> [MemberRecord] {
        try await db.raw(Self.memberSelect + " WHERE m.household_id = \(bind: id) ORDER BY m.id").all().map(Self.decodeMember)
    }

    static func decodeMember(_ row: any SQLRow) throws -> MemberRecord {
        func text(_ c: String) throws -> String { try row.decode(column: c, as: String.self) }
        func opt(_ c: String) throws -> String? { try row.decode(column: c, as: String?.self) }
        return MemberRecord(
            householdNumber: try text("household_number"), name: try text("name"), idNumber: try text("id_number"),
            sex: Sex(rawValue: try text("sex")) ?? .male, birthDate: try text("birth_date"),
            relation: Relation(rawValue: try text("relation")) ?? .other,
            schoolStatus: SchoolStatus(rawValue: try text("school_status")) ?? .notInSchool,
            health: HealthStatus(rawValue: try text("health")) ?? .healthy,
            labourSkill: LabourSkill(rawValue: try text("labour_skill")) ?? .ordinary,
            medicalInsurance: try row.decode(column: "medical_insurance", as: Bool.self),
            seriousIllnessInsurance: try row.decode(column: "serious_illness_insurance", as: Bool.self),
            ethnicity: try opt("ethnicity"), education: try opt("education"), workStatus: try opt("work_status"),
            workMonths: try row.decode(column: "work_months", as: Int?.self), dibao: try row.decode(column: "dibao", as: Bool?.self),
            tekun: try row.decode(column: "tekun", as: Bool?.self), disabilityCertificate: try opt("disability_certificate"))
    }

    /// Village facts for `year` (or the latest before it) inside a subtree.
    public func villages(within code: RegionCode, year: Int) async throws -> [VillageRecord] {
        try await db.raw("""
            SELECT v.code, v.name AS village_name, t.name AS town_name, COALESCE(p.is_poor_village, \(bind: false)) AS is_poor_village,
                   y.total_households, y.total_population, y.hardened_road, y.safe_water, y.electricity_rate_bp, y.standard_clinic,
                   y.collective_economy
            FROM regions v
            JOIN region_closure c ON c.descendant_code = v.code AND c.ancestor_code = \(bind: code.rawValue)
            JOIN regions t ON t.code = v.parent_code
            JOIN village_years y ON y.code = v.code
              AND y.year = (SELECT MAX(y2.year) FROM village_years y2 WHERE y2.code = v.code AND y2.year <= \(bind: year))
            LEFT JOIN village_profiles p ON p.code = v.code
            WHERE v.level = 'village' AND v.valid_to IS NULL
            ORDER BY v.code
            """).all().map(Self.decodeVillage)
    }

    static func decodeVillage(_ row: any SQLRow) throws -> VillageRecord {
        let code = RegionCode(rawValue: try row.decode(column: "code", as: String.self))!
        return VillageRecord(
            code: code, townName: try row.decode(column: "town_name", as: String.self),
            villageName: Region(code: code, name: try row.decode(column: "village_name", as: String.self), level: .village, parentCode: nil).shortName,
            isPoorVillage: try row.decode(column: "is_poor_village", as: Bool.self),
            totalHouseholds: try row.decode(column: "total_households", as: Int.self),
            totalPopulation: try row.decode(column: "total_population", as: Int.self),
            hardenedRoad: try row.decode(column: "hardened_road", as: Bool.self), safeWater: try row.decode(column: "safe_water", as: Bool.self),
            electricityRateBasisPoints: try row.decode(column: "electricity_rate_bp", as: Int.self),
            standardClinic: try row.decode(column: "standard_clinic", as: Bool.self),
            collectiveEconomy: try row.decode(column: "collective_economy", as: Bool.self))
    }
}

extension RegisterReader {
    /// One year of a household's figures.
    public struct YearFigures: Sendable, Equatable {
        public var year: Int
        public var status: PovertyStatus
        public var size: Int
        public var income: HouseholdIncome
        public var housingGrade: HousingGrade
        public var waterSafe: Bool
    }

    /// Every year held for a household, oldest first.
    public func years(ofHousehold id: Int64) async throws -> [YearFigures] {
        try await db.select().column("*").from("household_years").where("household_id", .equal, id).orderBy("year").all().map { row in
            func fen(_ c: String) throws -> Fen { Fen(rawValue: try row.decode(column: c, as: Int64.self)) }
            return YearFigures(
                year: try row.decode(column: "year", as: Int.self),
                status: PovertyStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .poor,
                size: try row.decode(column: "size", as: Int.self),
                income: HouseholdIncome(wage: try fen("wage_fen"), production: try fen("production_fen"), property: try fen("property_fen"),
                                        transfer: try fen("transfer_fen"), productionCost: try fen("production_cost_fen")),
                housingGrade: HousingGrade(rawValue: try row.decode(column: "housing_grade", as: String.self)) ?? .a,
                waterSafe: try row.decode(column: "water_safe", as: Bool.self))
        }
    }
}

/// Streams a sheet of the register in the template layout, page by page, for `jingzhun export` and the
/// UI's download buttons. `masked` hides identifiers for roles that may not see them.
public struct RegisterExporter: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public func export(_ sheet: RegisterSheet, within code: RegionCode, year: Int, masked: Bool, _ emit: ([String]) throws -> Void) async throws {
        let reader = RegisterReader(store: store)
        switch sheet {
        case .households:
            var after = ""
            while true {
                let page = try await reader.households(within: code, year: year, after: after, limit: 2000)
                for h in page { try emit(RegisterRowFormatter.household(h, masked: masked)) }
                guard let last = page.last, page.count == 2000 else { break }
                after = last.number
            }
        case .members:
            var after: Int64 = 0
            while true {
                let page = try await reader.members(within: code, afterID: after, limit: 5000)
                for (_, m) in page { try emit(RegisterRowFormatter.member(m, masked: masked)) }
                guard let last = page.last, page.count == 5000 else { break }
                after = last.0
            }
        case .villages:
            for v in try await reader.villages(within: code, year: year) { try emit(RegisterRowFormatter.village(v)) }
        }
    }
}
