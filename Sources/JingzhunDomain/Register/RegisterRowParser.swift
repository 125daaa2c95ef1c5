import Foundation

/// Turns one sheet row into a record, or says — per cell, in Chinese — why it cannot. Value checks
/// only; cross-row and cross-sheet rules (duplicate IDs, 家庭人口数 = members …) run after.
public struct RegisterRowParser: Sendable {
    public let map: HeaderMap
    public let sheetLabel: String?

    public init(map: HeaderMap, sheetLabel: String?) {
        self.map = map
        self.sheetLabel = sheetLabel
    }

    /// Collects problems for one row while reading cells.
    struct Row {
        let cells: [String]
        let number: Int
        let parser: RegisterRowParser
        var problems: [ImportProblem] = []

        mutating func fail(_ column: String, _ message: String) {
            problems.append(.init(sheet: parser.sheetLabel, row: number, column: column, message: message))
        }

        func raw(_ column: String) -> String { parser.map.value(column, in: cells) }

        mutating func text(_ column: String) -> String {
            let v = raw(column)
            if v.isEmpty { fail(column, "不能为空") }
            return v
        }

        func optional(_ column: String) -> String? {
            let v = raw(column)
            return v.isEmpty ? nil : v
        }

        mutating func code<T: LabelledCode>(_ column: String, _ type: T.Type) -> T? {
            let v = raw(column)
            if v.isEmpty { fail(column, "不能为空"); return nil }
            guard let value = T(label: v) else { fail(column, "“\(v)”不是有效值，应为：\(T.labels)"); return nil }
            return value
        }

        mutating func optionalCode<T: LabelledCode>(_ column: String, _ type: T.Type) -> T? {
            guard parser.map.has(column), !raw(column).isEmpty else { return nil }
            return code(column, type)
        }

        mutating func int(_ column: String, range: ClosedRange<Int>, required: Bool = true) -> Int? {
            let v = raw(column)
            if v.isEmpty {
                if required { fail(column, "不能为空") }
                return nil
            }
            let cleaned = v.hasSuffix(".0") ? String(v.dropLast(2)) : v
            guard let n = Int(cleaned), range.contains(n) else {
                fail(column, "“\(v)”应为 \(range.lowerBound)–\(range.upperBound) 之间的整数")
                return nil
            }
            return n
        }

        mutating func money(_ column: String) -> Fen {
            let v = raw(column)
            if v.isEmpty { return .zero }
            guard let fen = Fen(yuan: v) else {
                fail(column, "“\(v)”不是金额（以元为单位，最多两位小数）")
                return .zero
            }
            return fen
        }

        mutating func bool(_ column: String, required: Bool = true) -> Bool? {
            let v = raw(column)
            if v.isEmpty {
                if required { fail(column, "不能为空，应填“是”或“否”") }
                return nil
            }
            // The usual answers by bytes first (`switch` compares Chinese text with normalisation).
            if v.sameBytes("是") { return true }
            if v.sameBytes("否") { return false }
            switch v {
            case "是", "有", "Y", "y", "√", "1": return true
            case "否", "无", "N", "n", "×", "0": return false
            default:
                fail(column, "“\(v)”应填“是”或“否”")
                return nil
            }
        }

        mutating func optionalBool(_ column: String) -> Bool? {
            parser.map.has(column) ? bool(column, required: false) : nil
        }
    }

    public func household(_ cells: [String], row number: Int) -> (HouseholdRecord?, [ImportProblem]) {
        var r = Row(cells: cells, number: number, parser: self)
        let numberText = r.text("户编号")
        let town = r.text("乡镇")
        let village = r.text("村")
        let group = r.raw("组")
        let head = r.text("户主姓名")
        let id = r.text("户主身份证号")
        if !id.isEmpty, !IDNumberFormat.looksValid(id) { r.fail("户主身份证号", "应为18位（末位可为X）或15位数字") }
        let attribute = r.code("贫困户属性", HouseholdAttribute.self)
        let main = r.code("主要致贫原因", PovertyCause.self)
        var others: [PovertyCause] = []
        let otherText = r.raw("其他致贫原因")
        for part in otherText.split(whereSeparator: { "、，,;；/ ".contains($0) }).map(String.init) {
            if let cause = PovertyCause(label: part) { others.append(cause) } else {
                r.fail("其他致贫原因", "“\(part)”不是标准致贫原因，应为：\(PovertyCause.labels)")
            }
        }
        let firstYear = r.int("首次识别年度", range: 2013...2100)
        let status = r.code("脱贫状态", PovertyStatus.self)
        let exitYear = r.int("脱贫年度", range: 2013...2100, required: false)
        if let status, !status.countsAsPoor, exitYear == nil { r.fail("脱贫年度", "已脱贫户须填写脱贫年度") }
        let size = r.int("家庭人口数", range: 1...30)
        let income = HouseholdIncome(
            wage: r.money("工资性收入"), production: r.money("生产经营性收入"), property: r.money("财产性收入"),
            transfer: r.money("转移性收入"), productionCost: r.money("生产经营性支出"))
        let grade = r.code("住房安全等级", HousingGrade.self)
        let water = r.bool("饮水安全")
        var detail: WaterDetail?
        if map.has("饮水水量达标") || map.has("饮水水质达标") || map.has("用水方便") || map.has("供水保证率达标") {
            let q = r.optionalBool("饮水水量达标"), l = r.optionalBool("饮水水质达标"), c = r.optionalBool("用水方便"), g = r.optionalBool("供水保证率达标")
            if let q, let l, let c, let g { detail = WaterDetail(quantityOK: q, qualityOK: l, convenient: c, guaranteeOK: g) }
        }
        let standard = r.optionalCode("识别标准", IdentificationStandard.self)
        let security = r.optionalCode("住房保障方式", HousingSecurityMode.self)
        let electricity = r.optionalBool("生活用电")
        guard r.problems.isEmpty, let attribute, let main, let firstYear, let status, let size, let grade, let water else {
            return (nil, r.problems)
        }
        return (HouseholdRecord(
            number: numberText, townName: town, villageName: village, groupName: group, headName: head, headIDNumber: id.uppercased(),
            phone: r.optional("联系电话"), bankName: r.optional("开户银行"), bankAccount: r.optional("银行账号"), standard: standard,
            attribute: attribute, mainCause: main, otherCauses: others, firstIdentifiedYear: firstYear, status: status,
            exitYear: exitYear, size: size, income: income, housingGrade: grade, housingSecurity: security, waterSafe: water,
            water: detail, electricity: electricity), [])
    }

    public func member(_ cells: [String], row number: Int) -> (MemberRecord?, [ImportProblem]) {
        var r = Row(cells: cells, number: number, parser: self)
        let household = r.text("户编号")
        let name = r.text("姓名")
        let id = r.text("身份证号")
        if !id.isEmpty, !IDNumberFormat.looksValid(id) { r.fail("身份证号", "应为18位（末位可为X）或15位数字") }
        let sex = r.code("性别", Sex.self)
        let birthText = r.text("出生日期")
        let birth = birthText.isEmpty ? nil : DateText.normalise(birthText)
        if !birthText.isEmpty, birth == nil { r.fail("出生日期", "“\(birthText)”不是日期，应为 YYYY-MM-DD") }
        let relation = r.code("与户主关系", Relation.self)
        let school = r.code("在校生状况", SchoolStatus.self)
        let health = r.code("健康状况", HealthStatus.self)
        let labour = r.code("劳动技能", LabourSkill.self)
        let medical = r.bool("参加基本医疗保险")
        let serious = r.bool("参加大病保险")
        let months = r.int("务工月数", range: 0...12, required: false)
        let dibao = r.optionalBool("享受低保")
        let tekun = r.optionalBool("特困供养")
        guard r.problems.isEmpty, let sex, let birth, let relation, let school, let health, let labour, let medical, let serious else {
            return (nil, r.problems)
        }
        return (MemberRecord(
            householdNumber: household, name: name, idNumber: id.uppercased(), sex: sex, birthDate: birth, relation: relation,
            schoolStatus: school, health: health, labourSkill: labour, medicalInsurance: medical, seriousIllnessInsurance: serious,
            ethnicity: r.optional("民族"), education: r.optional("文化程度"), workStatus: r.optional("务工状况"), workMonths: months,
            dibao: dibao, tekun: tekun, disabilityCertificate: r.optional("残疾证号")), [])
    }

    public func village(_ cells: [String], row number: Int) -> (VillageRecord?, [ImportProblem]) {
        var r = Row(cells: cells, number: number, parser: self)
        let codeText = r.text("村代码")
        let code = RegionCode(rawValue: codeText)
        if !codeText.isEmpty, code == nil || code?.impliedLevel != .village { r.fail("村代码", "“\(codeText)”不是12位村级区划代码") }
        let town = r.text("乡镇")
        let village = r.text("村")
        let poor = r.bool("是否贫困村")
        let households = r.int("总户数", range: 0...100_000)
        let population = r.int("总人口", range: 0...500_000)
        let road = r.bool("通硬化路")
        let water = r.bool("安全饮水")
        let rateText = r.text("电力入户率")
        let rate = rateText.isEmpty ? nil : Percent.basisPoints(rateText)
        if !rateText.isEmpty, rate == nil { r.fail("电力入户率", "“\(rateText)”应为 0–100 之间的百分比，如 98.5%") }
        let clinic = r.bool("标准化卫生室")
        let collective = r.bool("集体经济组织")
        guard r.problems.isEmpty, let code, let poor, let households, let population, let road, let water, let rate, let clinic, let collective else {
            return (nil, r.problems)
        }
        return (VillageRecord(
            code: code, townName: town, villageName: village, isPoorVillage: poor, totalHouseholds: households,
            totalPopulation: population, hardenedRoad: road, safeWater: water, electricityRateBasisPoints: rate,
            standardClinic: clinic, collectiveEconomy: collective), [])
    }
}

/// Format only (18 digits with an optional final X, or the old 15 digits). The GB 11643 checksum is a
/// data-quality rule, run separately so that a county can see and fix old records without losing them.
public enum IDNumberFormat {
    public static func looksValid(_ id: String) -> Bool {
        // ASCII by bytes (every real number; it was a few percent of a bulk import); anything else the careful way.
        let u = id.utf8
        if u.allSatisfy({ $0 < 0x80 }) {
            func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
            if u.count == 15 { return u.allSatisfy(digit) }
            guard u.count == 18, let last = u.last else { return false }
            return u.prefix(17).allSatisfy(digit) && (digit(last) || last == 0x58 || last == 0x78)
        }
        let chars = Array(id.uppercased())
        if chars.count == 15 { return chars.allSatisfy { $0.isASCII && $0.isNumber } }
        guard chars.count == 18 else { return false }
        return chars.dropLast().allSatisfy { $0.isASCII && $0.isNumber } && (chars[17].isNumber || chars[17] == "X")
    }
}

/// Dates as clerks type them: 2010-03-05, 2010/3/5, 2010.3.5, 20100305 → "2010-03-05".
public enum DateText {
    public static func normalise(_ text: String) -> String? {
        // One pass over the UTF-8 bytes: digit runs are the parts, anything else (- / . 年 月 日) separates them.
        // (Foundation's replacingOccurrences here was 5 % of a bulk import.)
        var parts: [Int] = []
        parts.reserveCapacity(3)
        var current = 0, digits = 0, separatorsOK = true
        for b in text.utf8 {
            if b >= 0x30 && b <= 0x39 {
                current = current * 10 + Int(b - 0x30)
                digits += 1
                if digits > 8 { return nil }
            } else {
                if digits > 0 { parts.append(current); current = 0; digits = 0 }
                // ASCII separators other than - / . and spaces mean this is not a date.
                if b < 0x80, b != 0x2D, b != 0x2F, b != 0x2E, b != 0x20, b != 0x09 { separatorsOK = false }
            }
        }
        if digits > 0 { parts.append(current) }
        guard separatorsOK else { return nil }
        if parts.count == 1, digits == 8 {
            let v = parts[0]
            parts = [v / 10_000, v / 100 % 100, v % 100]
        } else if parts.count != 3 || digits == 8 {
            return nil
        }
        guard (1900...2100).contains(parts[0]) else { return nil }
        return Day(year: parts[0], month: parts[1], day: parts[2])?.description
    }
}

