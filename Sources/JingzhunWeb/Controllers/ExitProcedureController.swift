import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 退出程序 (issue 5 §7): the procedure records in the viewer's region with the date-logic check, and the next
/// step recorded from the household page. Refusals of the state machine come back on the household page.
struct ExitProcedureController {
    let services: Services

    struct StepCell: Sendable {
        var date: String
    }

    struct RecordLine: Sendable {
        var url: String
        var number: String
        var village: String
        var exitYear: Int
        var current: String
        var cells: [StepCell]
        var noticeEnds: String
    }

    struct ProblemLine: Sendable {
        var url: String
        var number: String
        var village: String
        var exitYear: Int
        var problems: [String]
    }

    struct ProceduresPage: Sendable {
        var chrome: Chrome
        var tabs: [ExitTabs.Tab]
        var regionName: String
        var stepLabels: [String]
        var lines: [RecordLine]
        var hasLines: Bool
        var problems: [ProblemLine]
        var hasProblems: Bool
        var pairedOnly: Bool
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/exit/procedures", .read, .queryRegion(name: "region")) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            let repo = ExitProcedureRepository(store: services.store)
            let paired = try await ExitController(services: services).pairedNumbers(granted, within: path.region.code)
            let names = try await ExitController(services: services).names(within: path)
            let lines = try await repo.records(within: path.region.code).filter { paired?.contains($0.record.householdNumber) ?? true }.map { s in
                let r = s.record
                return RecordLine(
                    url: SiteURL.household(r.householdNumber).path, number: r.householdNumber, village: names[s.villageCode] ?? "",
                    exitYear: r.exitYear, current: r.currentStep?.label ?? "未开始",
                    cells: ExitStep.allCases.map { StepCell(date: r.date(of: $0) ?? "") }, noticeEnds: r.noticeEnds ?? "")
            }
            let problems = try await repo.problems(within: path.region.code).filter { paired?.contains($0.record.householdNumber) ?? true }.map { p in
                ProblemLine(url: SiteURL.household(p.record.householdNumber).path, number: p.record.householdNumber,
                            village: names[p.village] ?? "", exitYear: p.record.exitYear, problems: p.problems)
            }
            return services.renderer.html("exit_procedures", ProceduresPage(
                chrome: Chrome(title: "退出程序", granted: granted, section: .assess), tabs: ExitTabs.make(.procedures, granted),
                regionName: path.region.name, stepLabels: ExitStep.allCases.map(\.label), lines: lines, hasLines: !lines.isEmpty,
                problems: problems, hasProblems: !problems.isEmpty, pairedOnly: paired != nil))
        }
        routes.post("/households/:number/exit", .write, .household(param: "number")) { _, _, granted in
            guard case .household(let row, let path) = granted.target else { throw HTTPError(.notFound) }
            let f = granted.form
            let standard = f["standard"] ?? ExitController.defaultStandard
            let households = HouseholdController(services: services)
            func refuse(_ message: String) async throws -> Response {
                services.renderer.html(
                    "household", try await households.page(row, path, granted, standard: standard, exitError: message), status: .badRequest)
            }
            guard let year = f["year"].flatMap(Int.init) else { return try await refuse("缺少退出年度") }
            guard let step = f["step"].flatMap(ExitStep.init(rawValue:)) else { return try await refuse("请选择要办理的步骤") }
            guard let date = f["date"] else { return try await refuse("请填写“\(step.label)”的日期") }
            let event: ExitEvent
            switch step {
            case .applied: event = .apply(on: date)
            case .appraised: event = .appraise(on: date)
            case .verified: event = .verify(on: date)
            case .signed:
                guard let signer = f["signer"] else { return try await refuse("户认可须填写签字人姓名") }
                event = .sign(on: date, signer: signer)
            case .noticeStarted:
                guard let ends = f["noticeEnds"] else { return try await refuse("村内公示须填写公示截止日期") }
                event = .startNotice(on: date, endsOn: ends)
            case .announced: event = .announce(on: date)
            case .struckOff: event = .strikeOff(on: date)
            }
            do {
                try await ExitProcedureRepository(store: services.store).apply(
                    event, household: row.household.number, exitYear: year, standardKey: standard,
                    context: services.changeContext(granted))
            } catch let error as StorageError {
                return try await refuse(error.chinese)
            }
            return .redirect(to: SiteURL.household(row.household.number).path + "?standard=\(standard.formEncoded)#exit")
        }
    }
}

/// The 退出评估 section of the household page: the household against a standard for its latest year, with the
/// reasons, and its exit procedure as a timeline with the form for the next step.
struct ExitHouseholdSection: Sendable {
    struct Step: Sendable {
        var label: String
        var date: String
        var done: Bool
        var note: String?
    }

    struct Procedure: Sendable {
        var exitYear: Int
        var steps: [Step]
        var complete: Bool
        var problems: [String]
        var hasProblems: Bool
    }

    struct NextStep: Sendable {
        var actionURL: String
        var step: String
        var label: String
        var year: Int
        var standard: String
        var needsSigner: Bool
        var needsNoticeEnd: Bool
        var noticeDays: Int
        var today: String
    }

    var formURL: String
    var standards: [Choice]
    var year: Int?
    var standardName: String
    var assessed: Bool
    var passes: Bool
    var perCapita: String
    var reasons: [String]
    var hasReasons: Bool
    var unavailable: String?
    var procedures: [Procedure]
    var hasProcedures: Bool
    var next: NextStep?
    var complete: Bool
    /// Why no step can be recorded now (the household fails the standard).
    var blocked: String?
    var error: String?

    static func build(
        services: Services, row: RegisterRepository.HouseholdRow, path: RegionPath, granted: Granted, latestYear: Int?, standard key: String,
        error: String?
    ) async throws -> ExitHouseholdSection {
        let number = row.household.number
        let standards = ExitStandardRepository(store: services.store)
        let all = try await standards.all()
        let standard = all.first { $0.standard.key == key }?.standard
        var section = ExitHouseholdSection(
            formURL: SiteURL.household(number).path, standards: ExitController.options(all, selected: key),
            year: latestYear, standardName: standard?.name ?? key, assessed: false, passes: false, perCapita: "",
            reasons: [], hasReasons: false, procedures: [], hasProcedures: false, complete: false, error: error)
        if let year = latestYear {
            do {
                guard let standard else { throw StorageError.notFound("退出标准“\(key)”") }
                let line = try await standards.exitLine(year: year, region: row.household.villageCode)
                if let a = try await ExitAssessor(store: services.store).assessHousehold(
                    number, village: row.household.villageCode, standard: standard, line: line.amount, year: year) {
                    section.assessed = true
                    section.passes = a.passes
                    section.perCapita = a.perCapitaIncome.map { $0.display + " 元" } ?? "—"
                    section.reasons = a.reasons
                    section.hasReasons = !a.reasons.isEmpty
                } else {
                    section.unavailable = "\(year) 年没有该户的收入等数据，无法评估"
                }
            } catch let e as StorageError {
                section.unavailable = e.chinese
            }
        } else {
            section.unavailable = "尚无年度数据，无法评估"
        }
        let records = try await ExitProcedureRepository(store: services.store).records(household: number)
        var configs: [Int: ExitProcedureConfig] = [:]
        for year in Set(records.map(\.exitYear) + (latestYear.map { [$0] } ?? [])) { configs[year] = try await standards.procedureConfig(year: year) }
        for r in records {
            let config = configs[r.exitYear] ?? .standard
            let steps = ExitStep.allCases.map { step in
                var note: String?
                if step == .signed, let signer = r.signerName { note = "签字：\(signer)" }
                if step == .noticeStarted, let ends = r.noticeEnds { note = "至 \(ends)" }
                return Step(label: step.label, date: r.date(of: step) ?? "", done: r.date(of: step) != nil, note: note)
            }
            let problems = ExitProcedureCheck.problems(r, config: config)
            section.procedures.append(Procedure(
                exitYear: r.exitYear, steps: steps, complete: r.currentStep == .struckOff, problems: problems, hasProblems: !problems.isEmpty))
        }
        section.hasProcedures = !section.procedures.isEmpty
        // The next step of this year's procedure, for those who may write to the household.
        let mayWrite = AccessPolicy.decide(granted.principal, .write, .household(path, pairedPersons: row.pairedPersons)).isAllowed
        if mayWrite, let year = latestYear {
            let current = records.first { $0.exitYear == year }
            if section.assessed && !section.passes && current?.currentStep != .struckOff {
                section.blocked = "未达到退出标准，暂不能办理退出程序（见上方原因）"
            } else if current?.currentStep == .struckOff {
                section.complete = true
            } else {
                let step = current?.currentStep?.next ?? .applied
                let config = configs[year] ?? .standard
                section.next = NextStep(
                    actionURL: SiteURL.householdExit(number).path, step: step.rawValue, label: step.label, year: year, standard: key,
                    needsSigner: step == .signed, needsNoticeEnd: step == .noticeStarted, noticeDays: config.noticeDays,
                    today: ChinaTime.day(services.clock()))
            }
        }
        return section
    }
}
