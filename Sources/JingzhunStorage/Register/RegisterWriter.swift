import Foundation
import JingzhunDomain
import SQLKit

/// The write half of an import, inside one transaction: resolves place names to region codes (creating
/// missing 组), upserts villages, households (by 户编号) and members (by 身份证号), and queues one audit
/// entry per created or changed record, with personal identifiers masked. In a first load (`firstLoad` set) the
/// existence probes are skipped, rows go through `BulkTable`s and creations are logged per batch and village.
struct RegisterWriter {
    let db: any SQLDatabase
    let year: Int
    let context: ChangeContext
    /// Set when the register tables held no rows when the import began (`RegisterImporter` decides).
    var firstLoad: FirstLoad?
    var report = RegisterImportReport()
    /// (file name, problem)
    var problems: [(String, ImportProblem)] = []
    var rejected: [RegisterImportReport.RejectedRow] = []
    private var audits: [PendingAudit] = []
    /// 户编号 → row of household rows already refused while reading the file.
    var rejectedHouseholds: [String: Int] = [:]
    /// Whether members of those households are listed as rejected too (they are, when the valid rows go in).
    var reportMembersOfRejected = false

    /// town name → village name or alias → code
    private var villageLookup: [String: [String: RegionCode]] = [:]
    /// village code → (town name, short village name) as the register writes them
    private var villageNames: [RegionCode: (String, String)] = [:]
    private var groupLookup: [RegionCode: [String: RegionCode]] = [:]
    private var groupCount: [RegionCode: Int] = [:]

    /// Added to "no such place" messages when the import is limited to part of the county.
    private let scopeNote: String

    init(db: any SQLDatabase, year: Int, county: RegionCode?, context: ChangeContext) async throws {
        self.db = db
        self.scopeNote = county == nil ? "" : "（或不在本账号范围 \(county!.rawValue) 内）"
        self.year = year
        self.context = context
        let scope: SQLQueryString = county.map { " AND \(RegisterSQL.within("v.code", $0))" } ?? ""
        let rows = try await db.raw("""
            SELECT v.code, v.name, v.level, v.parent_code, t.name AS parent_name FROM regions v JOIN regions t ON t.code = v.parent_code
            WHERE v.level IN ('village', 'group') AND v.valid_to IS NULL
            """ + scope).all()
        var aliases: [String: [String]] = [:]
        for row in try await db.select().column("code").column("alias").from("region_aliases").all() {
            aliases[try row.decode(column: "code", as: String.self), default: []].append(try row.decode(column: "alias", as: String.self))
        }
        for row in rows {
            let code = RegionCode(rawValue: try row.decode(column: "code", as: String.self))!
            let name = try row.decode(column: "name", as: String.self)
            let parent = RegionCode(rawValue: try row.decode(column: "parent_code", as: String.self))!
            if try row.decode(column: "level", as: String.self) == RegionLevel.village.rawValue {
                let town = try row.decode(column: "parent_name", as: String.self)
                let region = Region(code: code, name: name, level: .village, parentCode: parent)
                for n in [name, region.shortName] + (aliases[code.rawValue] ?? []) { villageLookup[town, default: [:]][n] = code }
                villageNames[code] = (town, region.shortName)
            } else {
                groupLookup[parent, default: [:]][name] = code
                groupCount[parent] = max(groupCount[parent] ?? 0, Int(code.rawValue.suffix(3)) ?? 0)
            }
        }
    }

    private mutating func problem(_ file: String, _ sheet: RegisterSheet, _ label: String?, _ row: Int, _ column: String, _ message: String, cells: [String]) {
        problems.append((file, ImportProblem(sheet: label, row: row, column: column, message: message)))
        rejected.append(.init(fileName: file, sheet: sheet, row: row, cells: cells, reasons: ["“\(column)”列：\(message)"]))
    }

    // MARK: villages

    mutating func villages(_ records: [(VillageRecord, Int, String, String?)]) async throws {
        for (v, row, file, label) in records {
            // `villageNames` holds exactly the current villages in this import's scope (read once in `init`).
            guard villageNames[v.code] != nil else {
                problem(file, .villages, label, row, "村代码", "区划中没有村代码 \(v.code)\(scopeNote)", cells: RegisterRowFormatter.village(v))
                continue
            }
            let old = try await RegisterReader(db: db).villages(within: v.code, year: year).first
            try await db.insert(into: "village_profiles").columns("code", "is_poor_village", "exit_year")
                .values(SQLBind(v.code.rawValue), SQLBind(v.isPoorVillage), SQLBind(Int?.none))
                .onConflict(with: ["code"]) { $0.set(excludedValueOf: "is_poor_village") }.run()
            try await db.insert(into: "village_years")
                .columns("code", "year", "total_households", "total_population", "hardened_road", "safe_water", "electricity_rate_bp", "standard_clinic", "collective_economy")
                .values(SQLBind(v.code.rawValue), SQLBind(year), SQLBind(v.totalHouseholds), SQLBind(v.totalPopulation), SQLBind(v.hardenedRoad),
                        SQLBind(v.safeWater), SQLBind(v.electricityRateBasisPoints), SQLBind(v.standardClinic), SQLBind(v.collectiveEconomy))
                .onConflict(with: ["code", "year"]) {
                    $0.set(excludedValueOf: "total_households").set(excludedValueOf: "total_population").set(excludedValueOf: "hardened_road")
                        .set(excludedValueOf: "safe_water").set(excludedValueOf: "electricity_rate_bp").set(excludedValueOf: "standard_clinic")
                        .set(excludedValueOf: "collective_economy")
                }.run()
            queue(.villages, id: v.code.rawValue, region: v.code, old: old.map(RegisterRowFormatter.village), new: RegisterRowFormatter.village(v))
            report.villagesUpdated += 1
        }
    }

    // MARK: households

    /// The household as the register will hold it, with its village and 组 (created if new); nil after reporting
    /// an unknown place.
    private mutating func place(_ given: HouseholdRecord, row: Int, file: String, label: String?) async throws -> (HouseholdRecord, village: RegionCode, region: RegionCode)? {
        var h = given
        guard let village = villageLookup[h.townName]?[h.villageName] else {
            let column = villageLookup[h.townName] == nil ? "乡镇" : "村"
            let message = (column == "乡镇" ? "没有名为“\(h.townName)”的乡镇" : "“\(h.townName)”下没有村“\(h.villageName)”") + scopeNote
            problem(file, .households, label, row, column, message, cells: RegisterRowFormatter.household(h, masked: false))
            return nil
        }
        // Names as the register writes them, so that "新华村委会" and "新华村" are not a change.
        h.villageName = villageNames[village]?.1 ?? h.villageName
        let region = h.groupName.isEmpty ? village : try await group(h.groupName, in: village)
        return (h, village, region)
    }

    mutating func households(_ records: [(HouseholdRecord, Int, String, String?)]) async throws {
        guard !records.isEmpty else { return }
        if let bulk = firstLoad {
            // Nothing exists yet and the file's own duplicates were refused while reading: every row is new.
            for (given, row, file, label) in records {
                guard let (h, village, region) = try await place(given, row: row, file: file, label: label) else { continue }
                let id = bulk.nextHouseholdID
                bulk.nextHouseholdID += 1
                try await bulk.households.append([.int(id)] + Self.values(h, region: region, village: village, year: year))
                try await bulk.years.append(Self.yearValues(h, id: id, year: year))
                bulk.created(.households, village: village, number: h.number)
                report.householdsCreated += 1
            }
            try await bulk.households.flush()
            try await bulk.years.flush()
            return
        }
        // Existing households by number; their figures for this year, or (for a year not yet held) their latest.
        // A cheap key query first: on a first import nothing exists and the full read is skipped.
        var found: [String: (id: Int64, year: Int, village: RegionCode?, merged: Bool)] = [:]
        for row in try await db.select().column("id").column("number").column("data_year").column("village_code").column("merged_into_id")
            .from("households").where("number", .in, records.map(\.0.number)).all() {
            found[try row.decode(column: "number", as: String.self)] = (
                try row.decode(column: "id", as: Int64.self), try row.decode(column: "data_year", as: Int?.self) ?? 0,
                RegionCode(rawValue: try row.decode(column: "village_code", as: String.self)),
                try row.decode(column: "merged_into_id", as: Int64?.self) != nil
            )
        }
        var existing: [String: (Int64, HouseholdRecord)] = [:]
        if !found.isEmpty {
            let numbers = Array(found.keys)
            existing = try await RegisterReader(db: db).households(numbers: numbers, year: year)
            let notThisYear = numbers.filter { existing[$0] == nil }
            if !notThisYear.isEmpty {
                for (number, value) in try await RegisterReader(db: db).households(numbers: notThisYear, year: 9999) { existing[number] = value }
            }
        }
        var householdIDs: [String: Int64] = [:]
        var inserts: [(HouseholdRecord, RegionCode, RegionCode)] = []
        var yearRows: [(String, HouseholdRecord)] = []
        for (given, row, file, label) in records {
            guard let (h, village, region) = try await place(given, row: row, file: file, label: label) else { continue }
            if let (id, old) = existing[h.number] {
                // A household of a village outside this import's area is not this user's to change.
                if let current = found[h.number]?.village, villageNames[current] == nil {
                    problem(file, .households, label, row, "户编号", "户编号 \(h.number) 属于本账号范围以外的村，不能修改",
                            cells: RegisterRowFormatter.household(h, masked: false))
                    continue
                }
                // A household merged away (合户) is history: an old ledger must not bring it back.
                if found[h.number]?.merged == true {
                    problem(file, .households, label, row, "户编号", "户编号 \(h.number) 已合户并入其他户，不能再导入修改",
                            cells: RegisterRowFormatter.household(h, masked: false))
                    continue
                }
                let oldRow = RegisterRowFormatter.household(old, masked: true)
                let newRow = RegisterRowFormatter.household(h, masked: true)
                if oldRow == newRow && old == h { report.householdsUnchanged += 1; continue }
                if year >= found[h.number]?.year ?? 0 {
                    try await Self.bind(db.update("households"), h, region: region, village: village, year: year)
                        .where("id", .equal, id).run()
                } else {
                    // An older year: keep the current figures, store this year's beside them.
                    try await db.update("households").set("head_name", to: h.headName).where("id", .equal, id).run()
                }
                householdIDs[h.number] = id
                yearRows.append((h.number, h))
                queue(.households, id: h.number, region: region, old: oldRow, new: newRow)
                report.householdsUpdated += 1
            } else {
                inserts.append((h, region, village))
                report.householdsCreated += 1
            }
        }
        // One statement per batch: 1,000 rows × 23 binds stays under PostgreSQL's 65,535 bind parameters.
        for start in stride(from: 0, to: inserts.count, by: 1_000) {
            let chunk = inserts[start..<min(start + 1_000, inserts.count)]
            let rows = try await db.insert(into: "households").columns(Self.householdColumns)
                .rows(chunk.map { Self.values($0.0, region: $0.1, village: $0.2, year: year).map(\.sql) })
                .returning("id", "number").all()
            let ids = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "number", as: String.self), try $0.decode(column: "id", as: Int64.self)) })
            for (h, region, _) in chunk {
                householdIDs[h.number] = ids[h.number]!
                yearRows.append((h.number, h))
                queue(.households, id: h.number, region: region, old: nil, new: RegisterRowFormatter.household(h, masked: true))
            }
        }
        for start in stride(from: 0, to: yearRows.count, by: 1_000) {
            let chunk = yearRows[start..<min(start + 1_000, yearRows.count)]
            try await db.insert(into: "household_years").columns(Self.yearColumns)
                .rows(chunk.map { number, h in Self.yearValues(h, id: householdIDs[number]!, year: year).map(\.sql) })
                .onConflict(with: ["household_id", "year"]) {
                    $0.set(excludedValueOf: "status").set(excludedValueOf: "exit_year").set(excludedValueOf: "size").set(excludedValueOf: "wage_fen")
                        .set(excludedValueOf: "production_fen").set(excludedValueOf: "property_fen").set(excludedValueOf: "transfer_fen")
                        .set(excludedValueOf: "production_cost_fen").set(excludedValueOf: "housing_grade").set(excludedValueOf: "water_safe")
                }.run()
        }
    }

    static let householdColumns = [
        "number", "region_code", "village_code", "head_name", "size", "status", "first_identified_year", "exit_year", "head_id_number",
        "phone", "bank_name", "bank_account", "standard", "attribute", "main_cause", "other_causes", "housing_security",
        "water_quantity_ok", "water_quality_ok", "water_convenient", "water_guarantee_ok", "electricity", "data_year",
    ]

    /// In `householdColumns` order.
    static func values(_ h: HouseholdRecord, region: RegionCode, village: RegionCode, year: Int) -> [BulkValue] {
        [.text(h.number), .text(region.rawValue), .text(village.rawValue), .text(h.headName), .of(h.size), .text(h.status.rawValue),
         .of(h.firstIdentifiedYear), .of(h.exitYear), .text(h.headIDNumber), .of(h.phone), .of(h.bankName),
         .of(h.bankAccount), .of(h.standard?.rawValue), .text(h.attribute.rawValue), .text(h.mainCause.rawValue),
         .text(h.otherCauses.map(\.rawValue).joined(separator: ",")), .of(h.housingSecurity?.rawValue),
         .of(h.water?.quantityOK), .of(h.water?.qualityOK), .of(h.water?.convenient), .of(h.water?.guaranteeOK),
         .of(h.electricity), .of(year)]
    }

    static let yearColumns = [
        "household_id", "year", "status", "exit_year", "size", "wage_fen", "production_fen", "property_fen", "transfer_fen",
        "production_cost_fen", "housing_grade", "water_safe",
    ]

    static func yearValues(_ h: HouseholdRecord, id: Int64, year: Int) -> [BulkValue] {
        [.int(id), .of(year), .text(h.status.rawValue), .of(h.exitYear), .of(h.size), .int(h.income.wage.rawValue), .int(h.income.production.rawValue),
         .int(h.income.property.rawValue), .int(h.income.transfer.rawValue), .int(h.income.productionCost.rawValue), .text(h.housingGrade.rawValue),
         .bool(h.waterSafe)]
    }

    static func bind(_ update: SQLUpdateBuilder, _ h: HouseholdRecord, region: RegionCode, village: RegionCode, year: Int) -> SQLUpdateBuilder {
        var u = update
        for (column, value) in zip(householdColumns.dropFirst(), values(h, region: region, village: village, year: year).dropFirst()) {
            u = u.set(SQLColumn(column), to: value.sql)
        }
        return u
    }

    /// The 组 called `name` under `village`, created (and audited) when the county has not listed it yet.
    private mutating func group(_ name: String, in village: RegionCode) async throws -> RegionCode {
        if let code = groupLookup[village]?[name] { return code }
        let number = (groupCount[village] ?? 0) + 1
        guard let code = village.groupCode(number: number) else { throw StorageError.invalid("村 \(village) 的组超过 999 个") }
        let region = Region(code: code, name: name, level: .group, parentCode: village, validFrom: ChinaTime.day(context.now))
        try await RegionRepository.insertLeaf(region, on: db)
        audits.append(PendingAudit.of(old: nil, new: region)!)
        groupLookup[village, default: [:]][name] = code
        groupCount[village] = number
        report.groupsCreated += 1
        return code
    }

    // MARK: members

    mutating func members(_ records: [(MemberRecord, Int, String, String?)]) async throws {
        guard !records.isEmpty else { return }
        // Their households, looked up per batch (an index probe each) rather than remembered from the 户信息
        // sheet, so memory does not grow with the file.
        var householdRegion: [String: (Int64, RegionCode)] = [:]
        var villageOf: [Int64: RegionCode] = [:]
        var mergedAway: Set<String> = []
        for row in try await db.select().column("id").column("number").column("region_code").column("village_code").column("merged_into_id")
            .from("households").where("number", .in, Array(Set(records.map(\.0.householdNumber)))).all() {
            guard let village = RegionCode(rawValue: try row.decode(column: "village_code", as: String.self)), villageNames[village] != nil else { continue }
            if try row.decode(column: "merged_into_id", as: Int64?.self) != nil {
                mergedAway.insert(try row.decode(column: "number", as: String.self))
                continue
            }
            let id = try row.decode(column: "id", as: Int64.self)
            householdRegion[try row.decode(column: "number", as: String.self)] = (id, RegionCode(rawValue: try row.decode(column: "region_code", as: String.self))!)
            villageOf[id] = village
        }
        // Existing members: a key query first, the full read only for those found (none in a first load).
        let known = firstLoad != nil ? [] : try await db.select().column("id_number").from("members").where("id_number", .in, records.map(\.0.idNumber)).all()
            .map { try $0.decode(column: "id_number", as: String.self) }
        let existing = known.isEmpty ? [:] : try await RegisterReader(db: db).members(idNumbers: known)
        var inserts: [(MemberRecord, Int64, RegionCode)] = []
        for (m, row, file, label) in records {
            guard let (householdID, region) = householdRegion[m.householdNumber] else {
                if let householdRow = rejectedHouseholds[m.householdNumber] {
                    if reportMembersOfRejected {
                        rejected.append(.init(fileName: file, sheet: .members, row: row, cells: RegisterRowFormatter.member(m, masked: false),
                                              reasons: ["所属户（户信息第\(householdRow)行）有误，未导入"]))
                    }
                    continue
                }
                if mergedAway.contains(m.householdNumber) {
                    problem(file, .members, label, row, "户编号", "户编号 \(m.householdNumber) 已合户并入其他户，成员请登记在合并后的户",
                            cells: RegisterRowFormatter.member(m, masked: false))
                    continue
                }
                problem(file, .members, label, row, "户编号", "户编号 \(m.householdNumber) 不在户信息中（或不在本账号范围内）",
                        cells: RegisterRowFormatter.member(m, masked: false))
                continue
            }
            if let bulk = firstLoad {
                try await bulk.members.append(Self.values(m, household: householdID, region: region))
                bulk.created(.members, village: villageOf[householdID] ?? region, number: m.householdNumber)
                report.membersCreated += 1
            } else if let (id, old) = existing[m.idNumber] {
                if old == m { report.membersUnchanged += 1; continue }
                if old.householdNumber != m.householdNumber, householdRegion[old.householdNumber] == nil,
                    try await !Self.householdWithin(old.householdNumber, villages: villageNames, on: db) {
                    problem(file, .members, label, row, "身份证号", "此人已登记在本账号范围以外的户中，不能迁入",
                            cells: RegisterRowFormatter.member(m, masked: false))
                    continue
                }
                var update = db.update("members").set("household_id", to: householdID).set("region_code", to: region.rawValue)
                for (column, value) in zip(Self.memberColumns.dropFirst(3), Self.values(m, household: householdID, region: region).dropFirst(3)) {
                    update = update.set(SQLColumn(column), to: value.sql)
                }
                try await update.where("id", .equal, id).run()
                queue(.members, id: "\(m.householdNumber)/\(m.name)", region: region,
                      old: RegisterRowFormatter.member(old, masked: true), new: RegisterRowFormatter.member(m, masked: true))
                report.membersUpdated += 1
            } else {
                inserts.append((m, householdID, region))
                report.membersCreated += 1
            }
        }
        for start in stride(from: 0, to: inserts.count, by: 1_000) {
            let chunk = inserts[start..<min(start + 1_000, inserts.count)]
            try await db.insert(into: "members").columns(Self.memberColumns)
                .rows(chunk.map { Self.values($0.0, household: $0.1, region: $0.2).map(\.sql) }).run()
            for (m, _, region) in chunk {
                queue(.members, id: "\(m.householdNumber)/\(m.name)", region: region, old: nil, new: RegisterRowFormatter.member(m, masked: true))
            }
        }
    }

    static func householdWithin(_ number: String, villages: [RegionCode: (String, String)], on db: any SQLDatabase) async throws -> Bool {
        guard let row = try await db.select().column("village_code").from("households").where("number", .equal, number).first(),
            let code = RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))
        else { return false }
        return villages[code] != nil
    }

    static let memberColumns = [
        "household_id", "region_code", "id_number", "name", "sex", "birth_date", "relation", "school_status", "health", "labour_skill",
        "medical_insurance", "serious_illness_insurance", "ethnicity", "education", "work_status", "work_months", "dibao", "tekun",
        "disability_certificate",
    ]

    /// In `memberColumns` order.
    static func values(_ m: MemberRecord, household: Int64, region: RegionCode) -> [BulkValue] {
        [.int(household), .text(region.rawValue), .text(m.idNumber), .text(m.name), .text(m.sex.rawValue), .text(m.birthDate),
         .text(m.relation.rawValue), .text(m.schoolStatus.rawValue), .text(m.health.rawValue), .text(m.labourSkill.rawValue),
         .bool(m.medicalInsurance), .bool(m.seriousIllnessInsurance), .of(m.ethnicity), .of(m.education), .of(m.workStatus),
         .of(m.workMonths), .of(m.dibao), .of(m.tekun), .of(m.disabilityCertificate)]
    }

    // MARK: audit

    /// Old → new by column name, masked rows only (the log never holds a full 身份证号, phone or health).
    private mutating func queue(_ sheet: RegisterSheet, id: String, region: RegionCode, old: [String]?, new: [String]) {
        let headers = sheet.headers
        var changes: [FieldChange] = []
        for (i, header) in headers.enumerated() {
            let o = old.flatMap { i < $0.count ? $0[i] : nil }
            let n = i < new.count ? new[i] : nil
            if old == nil { if let n, !n.isEmpty { changes.append(FieldChange(field: header, old: nil, new: n)) } } else if o != n {
                changes.append(FieldChange(field: header, old: o, new: n))
            }
        }
        let type = switch sheet { case .households: "household"; case .members: "member"; case .villages: "village" }
        audits.append(PendingAudit(action: old == nil ? .create : .update, objectType: type, objectID: id, regionCode: region, changes: changes))
    }

    mutating func flushAudit() async throws {
        if let bulk = firstLoad {
            try await bulk.members.flush()
            audits += bulk.takeAudits()
        }
        try await AuditLog.record(audits, context: context, on: db)
        audits = []
    }
}
