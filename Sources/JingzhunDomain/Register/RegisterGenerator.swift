import Foundation

/// A realistic synthetic register in the template's layout, for the demo county, tests and benchmarks.
/// Shapes follow DOMAIN.md §2: causes dominated by illness and disability (≈ 70 %, as in
/// 004_7bcdcff42619770d.txt's baseline), incomes spread around a given line, a few C/D houses, dropouts
/// and uninsured members. `dirty` spoils about one row in two hundred the way real ledgers are spoiled.
public struct RegisterGenerator: Sendable {
    public struct Village: Sendable {
        public var region: Region
        public var townName: String
        public var groupNames: [String]
        public var isPoor: Bool
        public init(region: Region, townName: String, groupNames: [String], isPoor: Bool) {
            self.region = region
            self.townName = townName
            self.groupNames = groupNames
            self.isPoor = isPoor
        }
    }

    public var villages: [Village]
    public var households: Int
    public var seed: UInt64
    public var year: Int
    /// Incomes are drawn around this per-capita figure (synthetic data only; not a standard).
    public var incomeAround: Fen
    public var dirty: Bool

    public init(villages: [Village], households: Int, seed: UInt64, year: Int, incomeAround: Fen = Fen(rawValue: 400_000), dirty: Bool = false) {
        self.villages = villages
        self.households = households
        self.seed = seed
        self.year = year
        self.incomeAround = incomeAround
        self.dirty = dirty
    }

    /// Emits rows sheet by sheet: 村信息 first, then for each village its 户信息 and 家庭成员 rows.
    /// Memory stays flat however many households are asked for.
    public func generate(_ emit: (RegisterSheet, [String]) throws -> Void) rethrows {
        var rng = SeededRandom(seed: seed)
        let weights = villages.map { $0.isPoor ? Double.random(in: 1.2...2.2, using: &rng) : Double.random(in: 0.3...0.9, using: &rng) }
        let total = weights.reduce(0, +)
        var counts = weights.map { Int((Double(households) * $0 / total).rounded()) }
        // Make the total exact: adjust the largest village.
        if let i = counts.indices.max(by: { counts[$0] < counts[$1] }) { counts[i] = max(0, counts[i] + households - counts.reduce(0, +)) }

        for (v, count) in zip(villages, counts) {
            let people = Int(Double(count) * Double.random(in: 3.2...4.2, using: &rng) / Double.random(in: 0.25...0.55, using: &rng))
            let record = VillageRecord(
                code: v.region.code, townName: v.townName, villageName: v.region.shortName, isPoorVillage: v.isPoor,
                totalHouseholds: Int(Double(people) / 3.4), totalPopulation: people,
                hardenedRoad: Double.random(in: 0..<1, using: &rng) < 0.93, safeWater: Double.random(in: 0..<1, using: &rng) < 0.9,
                electricityRateBasisPoints: Double.random(in: 0..<1, using: &rng) < 0.85 ? 10_000 : Int.random(in: 9500...9990, using: &rng),
                standardClinic: Double.random(in: 0..<1, using: &rng) < 0.9, collectiveEconomy: Double.random(in: 0..<1, using: &rng) < 0.8)
            try emit(.villages, RegisterRowFormatter.village(record))
        }
        // Sequence numbers per (birth date, sex) keep every generated 身份证号 unique.
        var sequences: [String: Int] = [:]
        for (vi, (v, count)) in zip(villages, counts).enumerated() {
            for n in stride(from: 1, through: count, by: 1) {
                let number = v.region.code.rawValue + String(format: "%04d", n)
                let (h, members) = household(number: number, village: v, sequences: &sequences, rng: &rng)
                var row = RegisterRowFormatter.household(h, masked: false)
                var memberRows = members.map { RegisterRowFormatter.member($0, masked: false) }
                if dirty, Int.random(in: 0..<200, using: &rng) == 0 { spoil(&row, &memberRows, villageIndex: vi, rng: &rng) }
                try emit(.households, row)
                for m in memberRows { try emit(.members, m) }
            }
        }
    }

    private func household(number: String, village: Village, sequences: inout [String: Int], rng: inout SeededRandom) -> (HouseholdRecord, [MemberRecord]) {
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        let area = String(village.region.code.rawValue.prefix(6))
        let causeRoll = Double.random(in: 0..<1, using: &rng)
        let cause: PovertyCause = causeRoll < 0.45 ? .illness : causeRoll < 0.70 ? .disability
            : [.schooling, .disaster, .land, .water, .skills, .labour, .capital, .transport, .motivation].randomElement(using: &rng)!
        // Members: head, usually a spouse, children by the head's age, sometimes an elderly parent.
        let headAge = Int.random(in: 32...78, using: &rng)
        let headMale = chance(0.82)
        var specs: [(Relation, Int, Bool)] = [(.head, headAge, headMale)]
        if chance(0.72) { specs.append((.spouse, max(20, headAge + Int.random(in: -5...4, using: &rng)), !headMale)) }
        if headAge < 65 {
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let age = max(0, min(headAge - 20, Int.random(in: 0...(max(1, headAge - 20)), using: &rng)))
                let male = chance(0.5)
                specs.append((male ? .son : .daughter, age, male))
            }
        }
        if headAge < 55, chance(0.25) { specs.append((chance(0.5) ? .father : .mother, headAge + Int.random(in: 22...30, using: &rng), chance(0.5))) }

        var members: [MemberRecord] = []
        for (i, (relation, age, male)) in specs.enumerated() {
            let birthYear = year - age
            let birth = String(format: "%04d-%02d-%02d", birthYear, Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng))
            let healthRoll = Double.random(in: 0..<1, using: &rng)
            var health: HealthStatus = healthRoll < 0.70 ? .healthy : healthRoll < 0.85 ? .chronic : healthRoll < 0.93 ? .serious : .disabled
            if i == 0, cause == .illness { health = chance(0.5) ? .serious : .chronic }
            if i == 0, cause == .disability { health = .disabled }
            let school: SchoolStatus
            switch age {
            case ..<6: school = .preschool
            case 6...11: school = chance(0.01) ? .dropout : .primary
            case 12...14: school = chance(0.02) ? .dropout : .juniorHigh
            case 15...17: school = chance(0.5) ? .seniorHigh : chance(0.6) ? .vocational : .notInSchool
            case 18...21: school = chance(0.3) ? .college : .notInSchool
            default: school = .notInSchool
            }
            let labour: LabourSkill
            if age < 16 || school != .notInSchool && school != .dropout { labour = .none } else if age > 70 || health == .serious {
                labour = chance(0.5) ? .lost : .weak
            } else if health == .disabled { labour = chance(0.6) ? .weak : .lost } else { labour = chance(0.2) ? .skilled : .ordinary }
            let key = birth + (male ? "m" : "f")
            let next = sequences[key, default: 0]
            sequences[key] = next + 1
            let id = IDNumberChecksum.make(area: area, birth: birth, sequence: next * 2 + (male ? 1 : 0), male: male)
            let name = i == 0 || relation == .son || relation == .daughter
                ? (i == 0 ? Names.person(using: &rng) : String(members[0].name.prefix(1)) + Names.givenName(using: &rng))
                : Names.person(using: &rng)
            members.append(MemberRecord(
                householdNumber: number, name: name, idNumber: id, sex: male ? .male : .female, birthDate: birth, relation: relation,
                schoolStatus: school, health: health, labourSkill: labour, medicalInsurance: !chance(0.02),
                seriousIllnessInsurance: !chance(0.05)))
        }
        let size = members.count
        let firstYear = [2014, 2014, 2014, 2015, 2016, 2017, 2018, 2019].filter { $0 <= year }.randomElement(using: &rng) ?? year
        let statusRoll = Double.random(in: 0..<1, using: &rng)
        let status: PovertyStatus = statusRoll < 0.07 ? .poor : statusRoll < 0.09 ? .returned : statusRoll < 0.85 ? .exitedWithPolicy : .exitedWithoutPolicy
        let exitYear = status.countsAsPoor ? nil : Int.random(in: min(year, max(firstYear, 2016))...year, using: &rng)
        // Per-capita net income around the given figure: lower for households still poor.
        let factor = status.countsAsPoor ? Double.random(in: 0.55...1.1, using: &rng) : Double.random(in: 0.95...2.8, using: &rng)
        let net = Double(incomeAround.rawValue) * factor * Double(size)
        let workers = members.filter { $0.labourSkill.canWork }.count
        let wageShare = workers == 0 ? 0.0 : Double.random(in: 0.3...0.7, using: &rng)
        let transferShare = Double.random(in: 0.15...0.4, using: &rng) * (workers == 0 ? 2.2 : 1)
        let cost = Double.random(in: 0.05...0.15, using: &rng) * net
        let wage = net * wageShare
        let transfer = min(net - wage, net * transferShare)
        let property = chance(0.3) ? net * 0.03 : 0
        let production = net - wage - transfer - property + cost
        func fen(_ d: Double) -> Fen { Fen(rawValue: Int64((max(0, d) / 100).rounded()) * 100) }  // whole 元
        let income = HouseholdIncome(wage: fen(wage), production: fen(production), property: fen(property), transfer: fen(transfer), productionCost: fen(cost))
        let gradeRoll = Double.random(in: 0..<1, using: &rng)
        let grade: HousingGrade = status.countsAsPoor && gradeRoll < 0.25 ? (gradeRoll < 0.08 ? .d : .c) : gradeRoll < 0.6 ? .a : .b
        let attrRoll = Double.random(in: 0..<1, using: &rng)
        let attribute: HouseholdAttribute = attrRoll < 0.7 ? .ordinary : attrRoll < 0.95 ? .dibao : .tekun
        if attribute == .dibao { members = members.map { var m = $0; m.dibao = true; return m } }
        var others: [PovertyCause] = []
        if chance(0.4) { others.append([.skills, .capital, .labour].randomElement(using: &rng)!) }
        if chance(0.15), let c = [PovertyCause.transport, .land, .water].randomElement(using: &rng), !others.contains(c) { others.append(c) }
        others.removeAll { $0 == cause }
        let head = members[0]
        let record = HouseholdRecord(
            number: number, townName: village.townName, villageName: village.region.shortName,
            groupName: village.groupNames.isEmpty ? "" : village.groupNames.randomElement(using: &rng)!, headName: head.name,
            headIDNumber: head.idNumber, phone: chance(0.8) ? Names.phone(using: &rng) : nil, attribute: attribute, mainCause: cause,
            otherCauses: others, firstIdentifiedYear: firstYear, status: status, exitYear: exitYear, size: size, income: income,
            housingGrade: grade, waterSafe: !chance(0.03))
        return (record, members)
    }

    /// The mistakes real ledgers carry (DOMAIN.md §11): a wrong grade, a broken ID, a missing name,
    /// text in a money cell, an unknown village.
    private func spoil(_ row: inout [String], _ members: inout [[String]], villageIndex: Int, rng: inout SeededRandom) {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: row[19] = "E"
        case 1: if !members.isEmpty { members[0][2] = String(members[0][2].prefix(17)) }
        case 2: row[4] = ""
        case 3: row[14] = "八千"
        default: row[2] = "不存在村"
        }
    }
}
