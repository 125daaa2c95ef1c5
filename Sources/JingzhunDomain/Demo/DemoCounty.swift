import Foundation

/// A deterministic synthetic county on the real 镇坪县 region codes: 7 towns, 62 villages and
/// communities (2020 edition), 43 poor villages and about 6,000 registered households, as in
/// 000_5297ffbd7620d7e2.txt (镇坪县 2017: 7 镇, 58 村, 43 贫困村). The unit list follows that plan's
/// 责任单位 column; every person and household is invented from a seeded generator.
public struct DemoCounty: Sendable {
    public struct UnitSpec: Sendable, Equatable {
        public var name: String
        public var aliases: [String]
        public var kind: UnitKind
        public var regionCode: RegionCode
    }

    public struct GroupSpec: Sendable, Equatable {
        public var name: String
        public var note: String
        /// (unit name, is lead)
        public var members: [(String, Bool)]
        public static func == (a: GroupSpec, b: GroupSpec) -> Bool {
            a.name == b.name && a.members.map(\.0) == b.members.map(\.0)
        }
    }

    public struct PersonSpec: Sendable, Equatable {
        public var name: String
        public var phone: String
        public var unitName: String?
        public var regionCode: RegionCode
        public var post: PostKind
        public var title: String
    }

    public struct AccountSpec: Sendable, Equatable {
        public var username: String
        public var displayName: String
        public var role: Role
        public var scope: RegionCode
        public var unitName: String?
        /// Index into `persons`.
        public var personIndex: Int?
    }

    public var countyCode: RegionCode
    public var regions: [Region]
    public var villageProfiles: [VillageProfile]
    public var units: [UnitSpec]
    public var groups: [GroupSpec]
    public var persons: [PersonSpec]
    /// The register in the template's layout (户信息, 家庭成员, 村信息 rows), imported like a clerk's file.
    public var register: DemoRegister
    public var accounts: [AccountSpec]
    /// Whether the demo hands out the seed plan 001 with its reports and 督办 (tests of the task core start without it).
    public var includesTaskPlan = true

    public struct DemoRegister: Sendable, Equatable {
        public var year: Int
        /// 户信息 of the year before: lower incomes, this year's exits still poor — so pages show a history
        /// and the 50 % jump rule has something to find.
        public var previousYear: [[String]] = []
        public var households: [[String]] = []
        public var members: [[String]] = []
        public var villages: [[String]] = []
    }

    public static let demoPassword = "demo"

    public var towns: [Region] { regions.filter { $0.level == .town } }
    public var villages: [Region] { regions.filter { $0.level == .village } }

    public static let registerYear = 2020

    public static func generate(seed: UInt64 = 20171115, households target: Int = 6_000) -> DemoCounty {
        var rng = SeededRandom(seed: seed)
        // The embedded csv is known-good; a failure here is a programming error caught by the tests.
        let base = (try? RegionCSV.parse(ZhenpingRegions.csv, fileName: "zhenping-regions.csv")) ?? []
        let county = base.first { $0.level == .county }!.code
        let towns = base.filter { $0.level == .town }
        let villages = base.filter { $0.level == .village }

        // 组: 3–8 per village, numbered in the county's own 15-digit codes.
        var regions = base
        var groupsByVillage: [RegionCode: [RegionCode]] = [:]
        for village in villages {
            let count = Int.random(in: 3...8, using: &rng)
            for n in 1...count {
                let code = village.code.groupCode(number: n)!
                regions.append(Region(code: code, name: "\(Names.groupNumeral(n))组", level: .group, parentCode: village.code))
                groupsByVillage[village.code, default: []].append(code)
            }
        }

        // 43 poor villages: communities (社区) are never poor villages, the rest chosen by the generator.
        var candidates = villages.filter { !$0.name.hasSuffix("社区居委会") }.map(\.code)
        candidates.shuffle(using: &rng)
        let poor = Set(candidates.prefix(43))
        let profiles = villages.map { v in
            VillageProfile(
                code: v.code, isPoorVillage: poor.contains(v.code),
                exitYear: poor.contains(v.code) ? [2016, 2017, 2018, 2019].randomElement(using: &rng) : nil)
        }

        let units = Self.units(county: county, towns: towns)
        let groups = Self.unitGroups()

        // People: county leaders, department heads, town secretaries and heads, village front line.
        var persons: [PersonSpec] = []
        func person(_ unit: String?, _ region: RegionCode, _ post: PostKind, _ title: String) {
            persons.append(PersonSpec(
                name: Names.person(using: &rng), phone: Names.phone(using: &rng), unitName: unit,
                regionCode: region, post: post, title: title))
        }
        for title in ["县委书记", "县长", "县委副书记", "常务副县长", "副县长", "副县长", "副县长", "副县长", "县委常委、组织部长", "县人大常委会副主任", "县政协副主席"] {
            person("县委办", county, .countyLeader, title)
        }
        for unit in units where unit.kind != .townGovernment && unit.kind != .leadership {
            person(unit.name, county, .unitHead, "\(unit.name)局长".replacingOccurrences(of: "局局长", with: "局局长"))
        }
        for town in towns {
            let unit = Names.townGovernment(town)
            person(unit, town.code, .townPartySecretary, "\(town.name)党委书记")
            person(unit, town.code, .townHead, "\(town.name)镇长")
        }
        let sendingUnits = units.filter { $0.kind == .governmentDepartment || $0.kind == .partyDepartment }.map(\.name)
        var firstVillageHelpCadre: Int?
        for (i, village) in villages.enumerated() {
            let sender = sendingUnits[i % sendingUnits.count]
            person(sender, village.code, .firstSecretary, "\(village.shortName)第一书记")
            person(sender, village.code, .workTeamLeader, "\(village.shortName)驻村工作队长")
            person(sender, village.code, .workTeamMember, "\(village.shortName)驻村工作队员")
            person(nil, village.code, .villageSecretary, "\(village.shortName)党支部书记")
            person(nil, village.code, .villageDirector, "\(village.shortName)村委会主任")
            for _ in 0..<(poor.contains(village.code) ? 3 : 1) {
                person(sendingUnits.randomElement(using: &rng), village.code, .helpCadre, "\(village.shortName)帮扶干部")
                if i == 0, firstVillageHelpCadre == nil { firstVillageHelpCadre = persons.count - 1 }
            }
        }

        // The register: the generator's rows, as a county clerk would hand them in.
        var register = DemoRegister(year: registerYear)
        let generator = RegisterGenerator(
            villages: villages.map { v in
                RegisterGenerator.Village(
                    region: v, townName: towns.first { $0.code == v.parentCode }?.name ?? "",
                    groupNames: (groupsByVillage[v.code] ?? []).compactMap { code in regions.first { $0.code == code }?.name },
                    isPoor: poor.contains(v.code))
            },
            households: target, seed: seed &+ 1, year: registerYear)
        generator.generate { sheet, row in
            switch sheet {
            case .households: register.households.append(row)
            case .members: register.members.append(row)
            case .villages: register.villages.append(row)
            }
        }
        register.previousYear = register.households.map { row in
            var r = row
            // Income columns 14…18: the year before was leaner; one household in forty had a very different year.
            let factor = Int.random(in: 0..<40, using: &rng) == 0 ? Double.random(in: 2.2...3.0, using: &rng) : Double.random(in: 0.8...0.95, using: &rng)
            for c in 14...18 { r[c] = Fen(yuan: r[c]).map { Fen(rawValue: Int64((Double($0.rawValue) * factor / 100).rounded()) * 100).yuanText } ?? r[c] }
            if r[12] == String(registerYear) { r[11] = PovertyStatus.poor.label; r[12] = "" }
            if let first = Int(r[10]), first == registerYear { r[10] = String(registerYear - 1) }
            return r
        }

        let first = villages[0]
        let second = villages[1]
        let town = towns[0]
        let firstSecretaryOfFirst = persons.firstIndex { $0.regionCode == first.code && $0.post == .firstSecretary }
        let secretaryOfFirstTown = persons.firstIndex { $0.regionCode == town.code && $0.post == .townPartySecretary }
        let accounts = [
            AccountSpec(username: "admin", displayName: "系统管理员", role: .systemAdmin, scope: county),
            AccountSpec(username: "xian", displayName: "县脱贫办", role: .countyOffice, scope: county, unitName: "扶贫局"),
            AccountSpec(username: "bumen01", displayName: "水利局", role: .sectorDepartment, scope: county, unitName: "水利局"),
            AccountSpec(username: "zhen01", displayName: "\(town.name)干部", role: .townCadre, scope: town.code,
                        personIndex: secretaryOfFirstTown),
            AccountSpec(username: "cun01", displayName: "\(first.shortName)干部", role: .villageCadre, scope: first.code,
                        personIndex: firstSecretaryOfFirst),
            AccountSpec(username: "cun02", displayName: "\(second.shortName)干部", role: .villageCadre, scope: second.code),
            AccountSpec(username: "bangfu01", displayName: "\(first.shortName)帮扶干部", role: .helpCadre, scope: first.code,
                        personIndex: firstVillageHelpCadre),
            AccountSpec(username: "ducha", displayName: "县督查室", role: .inspector, scope: county, unitName: "督查室"),
        ]

        return DemoCounty(
            countyCode: county, regions: regions, villageProfiles: profiles, units: units, groups: groups,
            persons: persons, register: register, accounts: accounts)
    }

    /// The units named in 000's 责任单位 column and the offices DOMAIN.md §1 lists.
    static func units(county: RegionCode, towns: [Region]) -> [UnitSpec] {
        func u(_ name: String, _ kind: UnitKind, _ aliases: [String] = []) -> UnitSpec {
            UnitSpec(name: name, aliases: aliases, kind: kind, regionCode: county)
        }
        var list = [
            u("县委办", .leadership, ["县委办公室"]),
            u("政府办", .leadership, ["县政府办", "县政府办公室"]),
            u("扶贫局", .governmentDepartment, ["县扶贫局", "扶贫办", "县扶贫办", "县脱贫办", "县脱指办", "指挥部办公室", "领导小组办公室", "县扶贫开发局"]),
            u("组织部", .partyDepartment, ["县委组织部"]),
            u("宣传部", .partyDepartment, ["县委宣传部"]),
            u("县委农工部", .partyDepartment, ["农工部"]),
            u("发改局", .governmentDepartment, ["县发改局"]),
            u("财政局", .governmentDepartment, ["县财政局"]),
            u("交通局", .governmentDepartment, ["县交通运输局", "交通运输局"]),
            u("水利局", .governmentDepartment, ["县水利局"]),
            u("卫生局", .governmentDepartment, ["卫计局", "县卫计局", "卫健局"]),
            u("住建局", .governmentDepartment, ["县住建局"]),
            u("农林科技局", .governmentDepartment, ["农业局", "林业局"]),
            u("人社局", .governmentDepartment, ["县人社局"]),
            u("教体局", .governmentDepartment, ["教育局", "县教体局"]),
            u("民政局", .governmentDepartment, ["县民政局"]),
            u("国土局", .governmentDepartment, ["国土资源局"]),
            u("统计局", .governmentDepartment),
            u("残联", .institution, ["县残联"]),
            u("电力局", .institution, ["供电分公司"]),
            u("疾控中心", .institution, ["县疾控中心"]),
            u("搬迁办", .campaignOffice, ["移民搬迁办"]),
            u("产业脱贫办", .campaignOffice),
            u("生态脱贫办", .campaignOffice),
            u("扶志办", .campaignOffice),
            u("水利保障组", .campaignOffice),
            u("督查室", .oversight, ["督办室", "县委督查室"]),
            u("考核办", .oversight),
            u("纪委监委", .oversight, ["县纪委", "县纪委监委"]),
        ]
        for town in towns {
            list.append(UnitSpec(name: Names.townGovernment(town), aliases: [town.name, String(town.name.dropLast())],
                                 kind: .townGovernment, regionCode: town.code))
        }
        return list
    }

    /// 十办五保障 as 000 names it; members are the demo county's choice (no seed lists them).
    static func unitGroups() -> [GroupSpec] {
        [
            GroupSpec(name: "十办五保障", note: "县脱贫攻坚指挥部专项办与保障组（000 附件）", members: [
                ("产业脱贫办", true), ("生态脱贫办", false), ("扶志办", false), ("搬迁办", false), ("水利保障组", false),
                ("教体局", false), ("卫生局", false), ("住建局", false), ("民政局", false), ("人社局", false),
            ]),
            GroupSpec(name: "基础设施组", note: "水电路讯达标（000 任务1）", members: [
                ("发改局", true), ("交通局", false), ("水利局", false), ("电力局", false), ("卫生局", false),
            ]),
        ]
    }
}

/// Invented names for invented people.
enum Names {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
    static let given = Array("明华建国军平志强文春海红英兰芳德永玉成云秀林金祥福荣清安宝山兴怀忠贵生德俊丽涛超勇义")

    static func person(using rng: inout SeededRandom) -> String {
        var name = String(surnames.randomElement(using: &rng)!)
        name.append(given.randomElement(using: &rng)!)
        if Int.random(in: 0..<10, using: &rng) < 7 { name.append(given.randomElement(using: &rng)!) }
        return name
    }

    static func phone(using rng: inout SeededRandom) -> String {
        let prefix = ["138", "139", "150", "151", "158", "182", "187", "189"].randomElement(using: &rng)!
        return prefix + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &rng))
    }

    static func givenName(using rng: inout SeededRandom) -> String {
        var name = String(given.randomElement(using: &rng)!)
        if Int.random(in: 0..<10, using: &rng) < 7 { name.append(given.randomElement(using: &rng)!) }
        return name
    }

    static func groupNumeral(_ n: Int) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n < 10 { return digits[n] }
        if n == 10 { return "十" }
        if n < 20 { return "十" + digits[n - 10] }
        return digits[n / 10] + "十" + digits[n % 10]
    }

    static func townGovernment(_ town: Region) -> String { "\(town.name)党委政府" }
}
