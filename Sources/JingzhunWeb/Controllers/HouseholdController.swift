import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// The household page: the 户信息 record, its figures year by year, its members and its 帮扶干部.
/// 身份证号, phone, bank account and health are shown only to roles that may see them.
struct HouseholdController {
    let services: Services

    struct Fact: Sendable {
        var label: String
        var value: String
    }

    struct YearLine: Sendable {
        var year: Int
        var status: String
        var size: Int
        var wage: String
        var production: String
        var property: String
        var transfer: String
        var cost: String
        var net: String
        var perCapita: String
        var housing: String
        var water: String
    }

    struct MemberLine: Sendable {
        var name: String
        var idNumber: String
        var sex: String
        var birthDate: String
        var relation: String
        var school: String
        var health: String
        var labour: String
        var insurance: String
    }

    struct HouseholdPage: Sendable {
        var chrome: Chrome
        var crumbs: [Presentation.Crumb]
        var number: String
        var headName: String
        var facts: [Fact]
        var years: [YearLine]
        var members: [MemberLine]
        var hasMembers: Bool
        var cadres: [Cadre]
        var hasCadres: Bool
        var auditURL: String
        /// Set when this household was merged into another (合户): it is history, and takes no changes.
        var mergedInto: MergedInto?
        var changeURL: String?
        var memberOptions: [Option]
        var relations: [Option]
        var schools: [Option]
        var healths: [Option]
        var labours: [Option]
        var kinds: [Option]
        /// 退出评估 and the exit procedure (issue 5).
        var exit: ExitHouseholdSection
        struct Option: Sendable {
            var value: String
            var label: String
        }
        struct MergedInto: Sendable {
            var number: String
            var url: String
        }
        struct Cadre: Sendable {
            var name: String
            var url: String
            var phone: String
        }
    }

    struct HouseholdDTO: Encodable, Sendable {
        var number: String
        var region: String
        var village: String
        var headName: String
        var size: Int
        var status: String
        var firstIdentifiedYear: Int
        var exitYear: Int?
        /// 户编号 of the household this one was merged into (合户); absent while it is current.
        var mergedInto: String?
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/households/:number", .read, .household(param: "number")) { _, _, granted in
            guard case .household(let row, let path) = granted.target else { throw HTTPError(.notFound) }
            return services.renderer.html("household", try await page(row, path, granted, standard: granted.query["standard"]))
        }
        routes.get("/api/households/:number", .read, .household(param: "number")) { _, _, granted in
            guard case .household(let row, _) = granted.target else { throw HTTPError(.notFound) }
            let h = row.household
            return JSONBody.response(HouseholdDTO(
                number: h.number, region: h.regionCode.rawValue, village: h.villageCode.rawValue, headName: h.headName, size: h.size,
                status: h.status.label, firstIdentifiedYear: h.firstIdentifiedYear, exitYear: h.exitYear, mergedInto: row.mergedInto))
        }
    }

    static func options<T: LabelledCode>(_ type: T.Type) -> [HouseholdPage.Option] {
        T.allCases.map { .init(value: $0.rawValue, label: $0.label) }
    }

    /// `exitError`: a refused exit-procedure step, shown in the 退出评估 section.
    func page(
        _ row: RegisterRepository.HouseholdRow, _ path: RegionPath, _ granted: Granted, standard: String? = nil, exitError: String? = nil
    ) async throws -> HouseholdPage {
        let present = Presentation(principal: granted.principal)
        let sees = granted.principal.role.seesPersonalData
        let reader = RegisterReader(store: services.store)
        let h = row.household
        var facts: [Fact] = []
        if let (_, r) = try await reader.households(numbers: [h.number], year: 9999)[h.number] {
            facts = [
                Fact(label: "户主身份证号", value: sees ? r.headIDNumber : PersonalDataMask.idNumber(r.headIDNumber)),
                Fact(label: "联系电话", value: present.phone(r.phone)),
                Fact(label: "贫困户属性", value: r.attribute.label),
                Fact(label: "致贫原因", value: ([r.mainCause.label] + r.otherCauses.map { "\($0.label)（其他）" }).joined(separator: "、")),
                Fact(label: "首次识别年度", value: "\(r.firstIdentifiedYear) 年"),
                Fact(label: "脱贫状态", value: r.status.label + (r.exitYear.map { "（\($0) 年脱贫）" } ?? "")),
                Fact(label: "家庭人口", value: "\(r.size) 人"),
                Fact(label: "住房安全等级", value: r.housingGrade.label + (r.housingGrade.isSafe ? "" : "（危房）")),
                Fact(label: "饮水安全", value: r.waterSafe ? "是" : "否"),
            ]
            if let bank = r.bankAccount { facts.append(Fact(label: "银行账号", value: sees ? bank : PersonalDataMask.bankAccount(bank))) }
        } else {
            facts = [Fact(label: "家庭人口", value: "\(h.size) 人"), Fact(label: "脱贫状态", value: h.status.label)]
        }
        let figures = try await reader.years(ofHousehold: row.id.rawValue)
        let years = figures.map { y in
            YearLine(
                year: y.year, status: y.status.label, size: y.size, wage: y.income.wage.display, production: y.income.production.display,
                property: y.income.property.display, transfer: y.income.transfer.display, cost: y.income.productionCost.display,
                net: y.income.net.display, perCapita: y.income.perCapita(size: y.size)?.display ?? "—", housing: y.housingGrade.label,
                water: y.waterSafe ? "是" : "否")
        }
        let members = try await reader.members(ofHousehold: row.id.rawValue).map { m in
            MemberLine(
                name: m.name, idNumber: sees ? m.idNumber : PersonalDataMask.idNumber(m.idNumber), sex: m.sex.label,
                birthDate: sees ? m.birthDate : PersonalDataMask.birthDate(m.birthDate),
                relation: m.relation.label, school: m.schoolStatus.label, health: sees ? m.health.label : "—", labour: m.labourSkill.label,
                insurance: [m.medicalInsurance ? "基本医保" : nil, m.seriousIllnessInsurance ? "大病保险" : nil].compactMap { $0 }.joined(separator: "、"))
        }
        var cadres: [HouseholdPage.Cadre] = []
        let paired = try await services.organisation.persons(Array(row.pairedPersons))
        for id in row.pairedPersons.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let p = paired[id] else { continue }
            cadres.append(.init(name: p.name, url: SiteURL.person(p.id).path, phone: present.phone(p.phone)))
        }
        return HouseholdPage(
            chrome: Chrome(title: "户 \(h.number)", granted: granted, section: .register), crumbs: present.breadcrumbs(path, includingSelf: true),
            number: h.number, headName: h.headName, facts: facts, years: years, members: members, hasMembers: !members.isEmpty,
            cadres: cadres, hasCadres: !cadres.isEmpty, auditURL: SiteURL.auditObject(type: "household", id: h.number).path,
            mergedInto: row.mergedInto.map { .init(number: $0, url: SiteURL.household($0).path) },
            changeURL: row.mergedInto == nil
                && AccessPolicy.decide(granted.principal, .write, .household(path, pairedPersons: row.pairedPersons)).isAllowed
                ? "/households/\(h.number)/changes" : nil,
            memberOptions: members.enumerated().map { .init(value: String($0.offset), label: "\($0.element.name)（\($0.element.relation)）") },
            relations: Self.options(Relation.self), schools: Self.options(SchoolStatus.self), healths: Self.options(HealthStatus.self),
            labours: Self.options(LabourSkill.self), kinds: Self.options(HouseholdChangeKind.self),
            exit: try await ExitHouseholdSection.build(
                services: services, row: row, path: path, granted: granted, latestYear: figures.map(\.year).max(),
                standard: standard ?? ExitController.defaultStandard, error: exitError))
    }
}
