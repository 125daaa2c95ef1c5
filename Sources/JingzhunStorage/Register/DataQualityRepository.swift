public import JingzhunDomain
import SQLKit

/// Runs the data-quality rules over a region's register, village by village (a handful of queries per
/// village, never one per household), and keeps the county's on/off switches.
public struct DataQualityRepository: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public func enabledRules() async throws -> Set<DataQualityRule> {
        var enabled = Set(DataQualityRule.allCases)
        for row in try await store.db.select().column("key").column("enabled").from("quality_rules").all() {
            if let rule = DataQualityRule(rawValue: try row.decode(column: "key", as: String.self)),
                try !row.decode(column: "enabled", as: Bool.self) { enabled.remove(rule) }
        }
        return enabled
    }

    public func setRule(_ rule: DataQualityRule, enabled: Bool, context: ChangeContext) async throws {
        let before = try await enabledRules().contains(rule)
        guard before != enabled else { return }
        try await store.write { db in
            try await db.insert(into: "quality_rules").columns("key", "enabled").values(SQLBind(rule.rawValue), SQLBind(enabled))
                .onConflict(with: ["key"]) { $0.set(excludedValueOf: "enabled") }.run()
            try await AuditLog.record([PendingAudit(
                action: .update, objectType: "quality_rule", objectID: rule.rawValue, regionCode: nil,
                changes: [FieldChange(field: rule.title, old: before ? "启用" : "停用", new: enabled ? "启用" : "停用")])],
                context: context, on: db)
        }
    }

    /// Findings for every household under `code`, for `year` (9999 = each household's latest figures).
    public func check(within code: RegionCode, year: Int) async throws -> [QualityFinding] {
        let enabled = try await enabledRules()
        let villages = try await RegionRepository(store: store).descendants(of: code, level: .village)
        // Ages are taken in the data year, not today: "latest" means the newest year the register holds.
        let dataYear = year != 9999 ? year
            : try await store.db.raw("SELECT MAX(year) AS y FROM household_years").first()?.decode(column: "y", as: Int?.self) ?? year
        // Three readers: the duplicate-head query, the village being read and the village being checked all run
        // at once (two cores; the check was one core's work after every import — BENCHMARKS.md).
        async let duplicates = enabled.contains(.duplicateID) ? duplicateHeads(within: code) : []
        var findings: [QualityFinding] = []
        // Reading and decoding a village costs about three times checking it: two villages are read ahead.
        var pending: [Task<([HouseholdRecord], [String: [MemberRecord]], Previous), any Error>] = []
        defer { pending.forEach { $0.cancel() } }
        var ahead = 0
        func readAhead() {
            while ahead < villages.count, pending.count < 2 {
                let code = villages[ahead].code
                pending.append(Task { try await villageFacts(code, year: year) })
                ahead += 1
            }
        }
        readAhead()
        for village in villages {
            let (households, members, previous) = try await pending.removeFirst().value
            readAhead()
            for h in households {
                findings += DataQualityCheck.household(
                    h, village: village.code, members: members[h.number] ?? [], previous: previous[h.number], year: dataYear,
                    enabled: enabled)
            }
        }
        findings += try await duplicates
        return findings
    }

    private typealias Previous = [String: (year: Int, income: HouseholdIncome, size: Int)]

    /// A village's rows for the check, read on whichever threads are free.
    private func villageFacts(_ village: RegionCode, year: Int) async throws -> ([HouseholdRecord], [String: [MemberRecord]], Previous) {
        let (households, members) = try await facts(village: village, year: year)
        guard !households.isEmpty else { return ([], [:], [:]) }
        return (households, members, try await previousYears(village: village, year: year))
    }

    /// A village's current households (by 户编号) and their members (by household, in register order), holding
    /// only what `DataQualityCheck` reads — number, size, attribute, causes, years and income; each member's name,
    /// 身份证号, sex, birth date, school status and 低保 — the rest left empty. The full `RegisterReader` rows cost
    /// three region joins and three times the columns, and decoding columns was most of the check's time (at a
    /// million households the check was half of `jingzhun import`; BENCHMARKS.md). One query each per village:
    /// every row of a village is held for its checks anyway, and paging re-sorted the village for every page.
    private func facts(village: RegionCode, year: Int) async throws -> ([HouseholdRecord], [String: [MemberRecord]]) {
        // The members are read on another connection while the households are decoded. A household's members
        // share its region code (moves update them together), so (region, id) is register order within each
        // household, and it is the index's own order: no sort of the village's members.
        async let memberRows = store.db.raw("""
            SELECT m.household_id, m.name, m.id_number, m.sex, m.birth_date, m.school_status, m.dibao FROM members m
            WHERE \(RegisterSQL.within("m.region_code", village)) ORDER BY m.region_code, m.id
            """).all()
        var numbers: [Int64: String] = [:]
        let households = try await store.db.raw("""
            SELECT h.id, h.number, h.attribute, h.other_causes, h.first_identified_year, y.status, y.exit_year, y.size,
                   y.wage_fen, y.production_fen, y.property_fen, y.transfer_fen, y.production_cost_fen
            FROM households h JOIN household_years y ON \(RegisterSQL.figures(atMost: year))
            WHERE \(RegisterSQL.within("h.village_code", village)) AND \(RegisterSQL.current)
            ORDER BY h.number
            """).all().map { row in
            func fen(_ c: String) throws -> Fen { Fen(rawValue: try row.decode(column: c, as: Int64.self)) }
            let number = try row.decode(column: "number", as: String.self)
            numbers[try row.decode(column: "id", as: Int64.self)] = number
            return HouseholdRecord(
                number: number, townName: "", villageName: "", groupName: "", headName: "", headIDNumber: "",
                attribute: HouseholdAttribute(rawValue: try row.decode(column: "attribute", as: String?.self) ?? "") ?? .ordinary,
                mainCause: .other,
                otherCauses: (try row.decode(column: "other_causes", as: String?.self) ?? "").split(separator: ",").compactMap { PovertyCause(rawValue: String($0)) },
                firstIdentifiedYear: try row.decode(column: "first_identified_year", as: Int.self),
                status: PovertyStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .poor,
                exitYear: try row.decode(column: "exit_year", as: Int?.self), size: try row.decode(column: "size", as: Int.self),
                income: HouseholdIncome(wage: try fen("wage_fen"), production: try fen("production_fen"), property: try fen("property_fen"),
                                        transfer: try fen("transfer_fen"), productionCost: try fen("production_cost_fen")),
                housingGrade: .a, waterSafe: false)
        }
        guard !households.isEmpty else { return ([], [:]) }
        var members: [String: [MemberRecord]] = [:]
        for row in try await memberRows {
            guard let number = numbers[try row.decode(column: "household_id", as: Int64.self)] else { continue }
            members[number, default: []].append(MemberRecord(
                householdNumber: number, name: try row.decode(column: "name", as: String.self),
                idNumber: try row.decode(column: "id_number", as: String.self),
                sex: Sex(rawValue: try row.decode(column: "sex", as: String.self)) ?? .male,
                birthDate: try row.decode(column: "birth_date", as: String.self), relation: .other,
                schoolStatus: SchoolStatus(rawValue: try row.decode(column: "school_status", as: String.self)) ?? .notInSchool,
                health: .healthy, labourSkill: .ordinary, medicalInsurance: false, seriousIllnessInsurance: false,
                dibao: try row.decode(column: "dibao", as: Bool?.self)))
        }
        return (households, members)
    }

    /// Each household's figures in the year before the one being checked.
    private func previousYears(village: RegionCode, year: Int) async throws -> Previous {
        let rows = try await store.db.raw("""
            SELECT h.number, y.year, y.size, y.wage_fen, y.production_fen, y.property_fen, y.transfer_fen, y.production_cost_fen
            FROM households h JOIN household_years y ON y.household_id = h.id
            WHERE h.village_code = \(bind: village.rawValue)
              AND y.year = (SELECT MAX(y2.year) FROM household_years y2 WHERE y2.household_id = h.id
                            AND y2.year < (SELECT MAX(y3.year) FROM household_years y3 WHERE y3.household_id = h.id AND y3.year <= \(bind: year)))
            """).all()
        var result: Previous = [:]
        for row in rows {
            func fen(_ c: String) throws -> Fen { Fen(rawValue: try row.decode(column: c, as: Int64.self)) }
            result[try row.decode(column: "number", as: String.self)] = (
                try row.decode(column: "year", as: Int.self),
                HouseholdIncome(wage: try fen("wage_fen"), production: try fen("production_fen"), property: try fen("property_fen"),
                                transfer: try fen("transfer_fen"), productionCost: try fen("production_cost_fen")),
                try row.decode(column: "size", as: Int.self)
            )
        }
        return result
    }

    /// A head's 身份证号 on two current households, or on a member of another household. A household merged
    /// away keeps its old head's number, whose holder now lives in the surviving household: not a duplicate.
    private func duplicateHeads(within code: RegionCode) async throws -> [QualityFinding] {
        let rows = try await store.db.raw("""
            SELECT h.number, h.village_code, o.number AS other FROM households h
            JOIN households o ON o.head_id_number = h.head_id_number AND o.id <> h.id AND o.merged_into_id IS NULL
            WHERE \(RegisterSQL.within("h.village_code", code))
              AND h.head_id_number IS NOT NULL AND h.head_id_number <> '' AND h.merged_into_id IS NULL
            UNION
            SELECT h.number, h.village_code, o.number AS other FROM households h
            JOIN members m ON m.id_number = h.head_id_number AND m.household_id <> h.id
            JOIN households o ON o.id = m.household_id
            WHERE \(RegisterSQL.within("h.village_code", code))
              AND h.merged_into_id IS NULL
            ORDER BY 1
            """).all()
        return try rows.map { row in
            QualityFinding(
                rule: .duplicateID, householdNumber: try row.decode(column: "number", as: String.self),
                villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!,
                message: "户主身份证号同时登记在户 \(try row.decode(column: "other", as: String.self))")
        }
    }
}
