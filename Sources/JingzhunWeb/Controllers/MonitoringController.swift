import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// 防返贫监测 in the browser (issue 7 §7): the dashboard of a region (threshold, clues by rule and village, open
/// cases by stage and age, clock overruns, the county's scan), one case's page with the next step of the procedure as a form, and the printable 公示. Steps go through `MonitoringRepository.apply`,
/// so the state machine's refusals come back on the case page in Chinese and nothing changes. The case list is
/// `MonitoringCaseListController`; the town and village lists and the village-wide 公示 are `MonitoringAreaController`.
struct MonitoringController {
    let services: Services

    // MARK: routes

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/monitoring", .read, .monitoringRegion(name: "region", .county)) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            return services.renderer.html("monitoring", try await dashboard(path, granted))
        }
        routes.post("/monitoring/scan", .write, .monitoringRegion(name: "region", .county)) { _, _, granted in
            guard case .region(let path) = granted.target else { throw HTTPError(.notFound) }
            let year = try await self.year(granted)
            do {
                let result = try await services.scanner.scan(year: year, region: path.region.code, today: Day.today(services.clock()))
                let intake = try await services.monitoring.take(result.clues, context: services.changeContext(granted))
                let message = "已扫描 \(result.households) 户，发现风险线索 \(result.clues.count) 条：新建档 \(intake.opened) 户，"
                    + "并入已有案件 \(intake.joined) 户，已在监测中无新线索 \(intake.alreadyKnown) 户。"
                return services.renderer.html("monitoring", try await dashboard(path, granted, message: message))
            } catch let error as StorageError {
                return services.renderer.html("monitoring", try await dashboard(path, granted, error: error.chinese), status: .unprocessableContent)
            }
        }
        routes.get("/monitoring/cases/:caseID", .read, .monitoringCase(param: "caseID", .read)) { _, _, granted in
            guard case .monitoringCase(let stored, let row, let path) = granted.target else { throw HTTPError(.notFound) }
            let message: String? =
                switch granted.query["done"] {
                case "step": "已记录。"
                case "measure": "帮扶措施已登记。"
                default: nil
                }
            return services.renderer.html("monitoring_case", try await casePage(stored, row, path, granted, error: nil, message: message))
        }
        routes.post("/monitoring/cases/:caseID/step", .write, .monitoringCase(param: "caseID", .nextStep)) { _, _, granted in
            try await act(granted, done: "step") { stored in try await step(stored, granted) }
        }
        routes.post("/monitoring/cases/:caseID/measures", .write, .monitoringCase(param: "caseID", .measure)) { _, _, granted in
            try await act(granted, done: "measure") { stored in
                let form = granted.form
                guard let kind = form["kind"].flatMap(HelpMeasure.Kind.init(rawValue:)) else { throw StorageError.invalid("请选择帮扶措施类别") }
                let measure = HelpMeasure(
                    kind: kind, content: form["content"] ?? "", responsiblePerson: form["responsible"] ?? "", responsibleUnit: form["unit"],
                    startedOn: try Self.day(form, "startedOn", "开始日期"))
                return (.addMeasure(measure), "")
            }
        }
        routes.get("/monitoring/notices/:caseID", .read, .monitoringCase(param: "caseID", .read)) { _, _, granted in
            guard case .monitoringCase(let stored, let row, let path) = granted.target else { throw HTTPError(.notFound) }
            return services.renderer.html("monitoring_notice", notice(stored, row, path, granted))
        }
    }


    /// The register year a page is about: `?year=`, else the register's latest.
    private func year(_ granted: Granted) async throws -> Int {
        if let y = granted.query["year"].flatMap(Int.init) { return y }
        return try await services.register.latestYear() ?? Day.today(services.clock()).year
    }

    /// Runs one step, then back to the case page; a refusal is shown on the page (409 from the procedure, 422 for a
    /// form that cannot be read) and nothing changes.
    private func act(_ granted: Granted, done: String, _ event: (MonitoringRepository.StoredCase) async throws -> (MonitoringEvent, String))
        async throws -> Response
    {
        guard case .monitoringCase(let stored, let row, let path) = granted.target else { throw HTTPError(.notFound) }
        do {
            let (e, note) = try await event(stored)
            try await services.monitoring.apply(e, to: stored.id, note: note, context: services.changeContext(granted))
        } catch let error as StorageError {
            let current = try await services.monitoring.find(stored.id) ?? stored
            let status: HTTPResponse.Status = if case .conflict = error { .conflict } else { .unprocessableContent }
            return services.renderer.html(
                "monitoring_case", try await casePage(current, row, path, granted, error: error.chinese, message: nil), status: status)
        }
        return .redirect(to: SiteURL.monitoringCase(stored.id).path + "?done=\(done)")
    }

    static func day(_ form: FormData, _ name: String, _ label: String) throws -> Day {
        guard let text = form[name] else { throw StorageError.invalid("请填写\(label)") }
        guard let day = Day(text) else { throw StorageError.invalid("\(label)“\(text)”应写作 2025-11-24") }
        return day
    }

    /// The event the posted form asks for: the stage's next step, or 不纳入 (`do=dismiss`).
    private func step(_ stored: MonitoringRepository.StoredCase, _ granted: Granted) async throws -> (MonitoringEvent, String) {
        let form = granted.form
        let note = form["note"] ?? ""
        if form["do"] == "dismiss" {
            return (.dismiss(on: try Self.day(form, "on", "日期"), reason: form["reason"] ?? ""), form["reason"] ?? "")
        }
        let c = stored.record
        switch c.stage {
        case .clue:
            let on = try Self.day(form, "on", "核实日期")
            let consent = form["signer"].map { Consent(signer: $0, signedOn: on) }
            let signed = consent.map { "授权承诺书签字人：\($0.signer)" }
            return (.verify(on: on, consent: consent), [signed, note.isEmpty ? nil : note].compactMap { $0 }.joined(separator: "；"))
        case .verified: return (.appraise(on: try Self.day(form, "on", "评议日期")), note)
        case .appraised:
            return (.startNotice(on: try Self.day(form, "start", "公示开始日期"), endsOn: try Self.day(form, "end", "公示结束日期")), note)
        case .noticed: return (.townReview(on: try Self.day(form, "on", "审核日期")), note)
        case .townReviewed:
            guard let type = form["objectType"].flatMap(MonitoringObjectType.init(rawValue:)) else {
                throw StorageError.invalid("请选择监测对象类别")
            }
            let risks = MonitoringRiskType.allCases.filter { form["risk.\($0.rawValue)"] != nil }
            return (.confirm(on: try Self.day(form, "on", "确认日期"), objectType: type, riskTypes: risks), note)
        case .identified:
            let since = try form["incomeSince"].map { text in
                guard let d = Day(text) else { throw StorageError.invalid("收入稳定超过监测范围的起始日期“\(text)”应写作 2025-05-01") }
                return d
            }
            let latest = try await services.register.latestYear() ?? Day.today(services.clock()).year
            let on = try Self.day(form, "on", "评议日期")
            let evidence = try await services.monitoring.evidence(
                for: stored.id, year: latest, on: on, incomeAboveRangeSince: since, rigidExpensesResolved: form["rigidResolved"] != nil)
            return (.appraiseElimination(on: on, evidence: evidence), note)
        case .eliminationAppraised:
            return (.startEliminationNotice(on: try Self.day(form, "start", "公示开始日期"), endsOn: try Self.day(form, "end", "公示结束日期")), note)
        case .eliminationNoticed: return (.townReviewElimination(on: try Self.day(form, "on", "审核日期")), note)
        case .eliminationTownReviewed: return (.eliminate(on: try Self.day(form, "on", "确认日期")), note)
        case .eliminated:
            let reason = form["reason"] ?? ""
            return (.reopen(on: try Self.day(form, "on", "回退日期"), reason: reason), reason)
        case .dismissed: throw StorageError.conflict("本案已\(c.stage.label)，没有可办理的步骤")
        }
    }

    // MARK: dashboard

    struct Count: Sendable {
        var label: String
        var count: Int
        var url: String?
        /// Bar width in the chart, percent of the largest.
        var percent: Int
    }

    struct Overrun: Sendable {
        var url: String
        var number: String
        var headName: String
        var village: String
        var stage: String
        var clock: String
    }

    struct DashboardPage: Sendable {
        var chrome: Chrome
        var regionName: String
        var year: Int
        /// The identification limit in force (`monitor.settings`).
        var limitDays: Int
        var yearChoices: [Choice]
        var thresholdText: String?
        var thresholdSource: String?
        var thresholdError: String?
        var byRule: [Count]
        var hasClues: Bool
        var clueCount: Int
        var byVillage: [Count]
        var byStage: [Count]
        var byAge: [Count]
        var openCount: Int
        var overruns: [Overrun]
        var hasOverruns: Bool
        var casesURL: String
        /// The region's towns or villages with their cases counted; the case list of overrun cases.
        var areaURL: String
        var overrunsURL: String
        var scanURL: String?
        var error: String?
        var message: String?
        var chartSVG: String
        var sourcesURL: String
    }


    static let closed: Set<MonitoringStage> = [.eliminated, .dismissed]

    private func dashboard(_ path: RegionPath, _ granted: Granted, error: String? = nil, message: String? = nil) async throws -> DashboardPage {
        let principal = granted.principal
        let today = Day.today(services.clock())
        let year = try await self.year(granted)
        let code = path.region.code
        var thresholdText: String?
        var thresholdSource: String?
        var thresholdError: String?
        do {
            let t = try await services.scanner.threshold(year: year, region: code)
            thresholdText = "\(t.amount.display) 元/人·年"
            thresholdSource = t.sourceText
        } catch let e as StorageError {
            thresholdError = e.chinese
        }
        let cases = try await services.monitoring.cases(within: code)
        let villages = try await villageNames(path)
        // Clues by rule: a self-report or a cadre's own finding counts under its channel.
        var ruleCounts: [String: Int] = [:]
        var ruleOrder: [String] = AlertRuleKey.allCases.map(\.rule.label)
        for clue in cases.flatMap(\.record.clues) {
            let label = clue.ruleKey?.rule.label ?? clue.channel.label
            if !ruleOrder.contains(label) { ruleOrder.append(label) }
            ruleCounts[label, default: 0] += 1
        }
        let byRule = Self.counts(ruleOrder.compactMap { l in ruleCounts[l].map { (l, $0, nil) } })
        var villageCounts: [RegionCode: Int] = [:]
        for c in cases { villageCounts[c.villageCode, default: 0] += c.record.clues.count }
        let byVillage = Self.counts(villageCounts.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.map { code, n in
            (villages[code] ?? code.rawValue, n, SiteURL.monitoringCases(MonitoringQuery(village: code)).path)
        })
        let open = cases.filter { !Self.closed.contains($0.record.stage) }
        let byStage = Self.counts(MonitoringStage.allCases.compactMap { s in
            let n = cases.filter { $0.record.stage == s }.count
            return n == 0 ? nil : (s.label, n, SiteURL.monitoringCases(MonitoringQuery(village: code, stage: s.rawValue)).path)
        })
        // Age of an open case: days since its first clue.
        let buckets: [(String, ClosedRange<Int>)] = [("7 天以内", 0...7), ("8–15 天", 8...15), ("16–30 天", 16...30), ("31–90 天", 31...90),
                                                     ("90 天以上", 91...Int.max)]
        let byAge = Self.counts(buckets.map { label, range in
            (label, open.filter { range.contains($0.record.firstClueOn.days(to: today)) }.count, nil)
        })
        var overruns: [Overrun] = []
        let settings = try await services.monitoring.settings(on: today)
        let late = open.filter { $0.record.identifiedOn == nil && IdentificationClock(for: $0.record, today: today, settings: settings).isOverrun }
        let heads = try await services.monitoring.headNames(late.map(\.record.householdNumber))
        for c in late {
            let clock = IdentificationClock(for: c.record, today: today, settings: settings)
            let head = heads[c.record.householdNumber] ?? ""
            overruns.append(Overrun(url: SiteURL.monitoringCase(c.id).path, number: c.record.householdNumber, headName: head,
                                    village: villages[c.villageCode] ?? "", stage: c.record.stage.label, clock: clock.text))
        }
        let scanAllowed = AccessPolicy.decide(principal, .write, .monitoring(path, pairedPersons: nil, .county)).isAllowed
        let latest = try await services.register.latestYear() ?? today.year
        let years = Array(Set([latest, latest - 1, latest - 2, year])).sorted(by: >)
        return DashboardPage(
            chrome: Chrome(title: "防返贫监测", granted: granted, section: .monitor), regionName: path.region.name, year: year,
            limitDays: settings.identificationDays.value,
            yearChoices: years.map { Choice(value: String($0), label: "\($0) 年", selected: $0 == year) },
            thresholdText: thresholdText, thresholdSource: thresholdSource, thresholdError: thresholdError,
            byRule: byRule, hasClues: !byRule.isEmpty, clueCount: byRule.reduce(0) { $0 + $1.count }, byVillage: byVillage, byStage: byStage,
            byAge: byAge, openCount: open.count, overruns: overruns, hasOverruns: !overruns.isEmpty,
            casesURL: SiteURL.monitoringCases(MonitoringQuery(village: code)).path, areaURL: SiteURL.monitoringArea(code).path,
            overrunsURL: SiteURL.monitoringCases(MonitoringQuery(village: code, clock: MonitoringRepository.CaseFilter.Clock.overrun.rawValue)).path,
            scanURL: scanAllowed ? SiteURL.monitoringScan(MonitoringQuery(region: code, year: year)).path : nil,
            error: error, message: message, chartSVG: Self.barChart(byRule),
            sourcesURL: SiteURL.monitoringSources(MonitoringQuery(region: code)).path)
    }

    static func counts(_ items: [(String, Int, String?)]) -> [Count] {
        let top = max(1, items.map(\.1).max() ?? 1)
        return items.map { Count(label: $0.0, count: $0.1, url: $0.2, percent: $0.1 * 100 / top) }
    }

    /// A horizontal bar chart of clue counts, drawn on the server (works without JavaScript and prints).
    static func barChart(_ counts: [Count]) -> String {
        guard !counts.isEmpty else { return "" }
        let rowHeight = 26, labelWidth = 190, barWidth = 360
        let height = counts.count * rowHeight + 8
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(labelWidth + barWidth + 60)" height="\#(height)" role="img" aria-label="各规则风险线索数">"#
        for (i, c) in counts.enumerated() {
            let y = i * rowHeight + 4
            let w = max(2, c.percent * barWidth / 100)
            svg += #"<text x="\#(labelWidth - 8)" y="\#(y + 17)" text-anchor="end" font-size="13">\#(escape(c.label))</text>"#
            svg += #"<rect x="\#(labelWidth)" y="\#(y + 3)" width="\#(w)" height="18" fill="steelblue"></rect>"#
            svg += #"<text x="\#(labelWidth + w + 6)" y="\#(y + 17)" font-size="13">\#(c.count)</text>"#
        }
        return svg + "</svg>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Names of the villages under a region (the region itself when it is one).
    private func villageNames(_ path: RegionPath) async throws -> [RegionCode: String] {
        if path.region.level == .village { return [path.region.code: path.region.name] }
        var out: [RegionCode: String] = [:]
        for v in try await services.regions.descendants(of: path.region.code, level: .village, includeHistoric: true) { out[v.code] = v.name }
        return out
    }

    // MARK: one case

    struct ClueLine: Sendable {
        var rule: String
        var reason: String
        var channel: String
        var date: String
    }

    struct EventLine: Sendable {
        var at: String
        var actor: String
        var stage: String
        var note: String
    }

    struct Fact: Sendable {
        var label: String
        var value: String
    }

    struct MeasureLine: Sendable {
        var kind: String
        var content: String
        var responsible: String
        var started: String
        var completed: String
    }

    /// The form for the step the stage waits for. Which fields show follows from the stage.
    struct StepForm: Sendable {
        var url: String
        var title: String
        var today: String
        var needsDate: Bool
        var needsSigner: Bool
        var needsPeriod: Bool
        var periodEnd: String
        var needsDecision: Bool
        var objectTypes: [Choice]
        var riskTypes: [Choice]
        var needsElimination: Bool
        var needsReason: Bool
        var button: String
    }

    struct CasePage: Sendable {
        var chrome: Chrome
        var id: Int64
        var number: String
        var headName: String
        var size: String
        var crumbs: [Presentation.Crumb]
        var village: String
        var stage: String
        var clock: String
        var limitDays: Int
        var overrun: Bool
        var facts: [Fact]
        var clues: [ClueLine]
        var events: [EventLine]
        var measures: [MeasureLine]
        var hasMeasures: Bool
        var step: StepForm?
        var waitingFor: String?
        var dismissURL: String?
        var measureURL: String?
        var measureKinds: [Choice]
        var noticeURL: String
        var listURL: String
        var householdURL: String?
        var today: String
        var error: String?
        var message: String?
    }

    private func casePage(
        _ stored: MonitoringRepository.StoredCase, _ row: RegisterRepository.HouseholdRow?, _ path: RegionPath, _ granted: Granted,
        error: String?, message: String?
    ) async throws -> CasePage {
        let principal = granted.principal
        let today = Day.today(services.clock())
        let c = stored.record
        let clock = IdentificationClock(for: c, today: today, settings: try await services.monitoring.settings(on: today))
        let paired = row?.pairedPersons ?? []
        func may(_ duty: MonitoringDuty) -> Bool {
            AccessPolicy.decide(principal, .write, .monitoring(path, pairedPersons: paired, duty)).isAllowed
        }
        let nextDuty = MonitoringDuty.next(after: c.stage)
        let mayStep = may(nextDuty) && c.stage != .dismissed
        var facts: [Fact] = []
        if let v = c.verifiedOn { facts.append(Fact(label: "入户核实", value: v.description + (c.consent.map { "（授权承诺书：\($0.signer) \($0.signedOn) 签字）" } ?? ""))) }
        if let d = c.appraisedOn { facts.append(Fact(label: "民主评议", value: d.description)) }
        if let n = c.notice { facts.append(Fact(label: "村内公示", value: "\(n.start) 至 \(n.end)（\(n.days) 天）")) }
        if let d = c.townReviewedOn { facts.append(Fact(label: "乡镇审核", value: d.description)) }
        if let d = c.identifiedOn { facts.append(Fact(label: "县级确认", value: d.description)) }
        if let t = c.objectType { facts.append(Fact(label: "监测对象类别", value: t.label)) }
        if !c.riskTypes.isEmpty { facts.append(Fact(label: "风险类型", value: c.riskTypes.map(\.label).joined(separator: "、"))) }
        for (i, round) in (c.pastEliminations + (c.elimination.map { [$0] } ?? [])).enumerated() {
            var text = "民主评议 \(round.appraisedOn)"
            if let n = round.notice { text += "；公示 \(n.start) 至 \(n.end)" }
            if let d = round.townReviewedOn { text += "；乡镇审核 \(d)" }
            if let d = round.eliminatedOn { text += "；县级确认 \(d)" }
            if let d = round.reopenedOn { text += "；\(d) 回退（\(round.reopenReason ?? "")）" }
            facts.append(Fact(label: "风险消除（第 \(i + 1) 轮）", value: text))
        }
        if let d = c.dismissedOn { facts.append(Fact(label: "核实后不纳入", value: "\(d)：\(c.dismissalReason ?? "")")) }
        if stored.escalation > 0 { facts.append(Fact(label: "督办", value: "超过认定时限，已自动督办 \(stored.escalation) 级（见办理过程）")) }
        let suggestedType = c.objectType ?? c.clues.compactMap(\.suggestedObjectType).first
        let suggestedRisks = Set(c.riskTypes.isEmpty ? c.clues.flatMap(\.riskTypes) : c.riskTypes)
        let step: StepForm? = mayStep ? Self.stepForm(c, id: stored.id, today: today, suggestedType: suggestedType, suggestedRisks: suggestedRisks) : nil
        let dismissable: Set<MonitoringStage> = [.clue, .verified, .appraised, .noticed, .townReviewed]
        let events = try await services.monitoring.events(stored.id).map {
            // Notes repeat clue reasons and cadres' words (illness, disability): hidden like the reasons below.
            EventLine(at: ChinaTime.display($0.at), actor: $0.actor, stage: $0.stage.label,
                      note: principal.role.seesPersonalData || $0.note.isEmpty ? $0.note : "（说明仅对县、镇、村经办人员显示）")
        }
        let householdURL: String? =
            AccessPolicy.decide(principal, .read, .household(path, pairedPersons: paired)).isAllowed && row != nil
            ? SiteURL.household(c.householdNumber).path : nil
        return CasePage(
            chrome: Chrome(title: "监测案件 \(c.householdNumber)", granted: granted, section: .monitor), id: stored.id, number: c.householdNumber,
            headName: row?.household.headName ?? "（户籍档案中未找到）", size: row.map { "\($0.household.size) 人" } ?? "",
            crumbs: Presentation(principal: principal).breadcrumbs(path, includingSelf: true), village: path.region.name,
            stage: c.stage.label, clock: clock.text, limitDays: clock.limitDays, overrun: clock.isOverrun, facts: facts,
            clues: c.clues.map {
                // Reasons can name illness, disability or medical costs: like the household page, only roles that
                // may see personal data read them; the others see which rule fired.
                ClueLine(rule: $0.ruleKey?.rule.label ?? "—",
                         reason: principal.role.seesPersonalData ? $0.reason : "（详情仅对县、镇、村经办人员显示）",
                         channel: $0.channel.label, date: $0.foundOn.description)
            },
            events: events,
            measures: c.measures.map {
                MeasureLine(kind: $0.kind.label, content: $0.content, responsible: $0.responsiblePerson + ($0.responsibleUnit.map { "（\($0)）" } ?? ""),
                            started: $0.startedOn.description, completed: $0.completedOn?.description ?? "")
            },
            hasMeasures: !c.measures.isEmpty, step: step,
            waitingFor: step == nil && c.stage != .dismissed ? Self.waiting(nextDuty, c.stage) : nil,
            dismissURL: mayStep && dismissable.contains(c.stage) ? SiteURL.monitoringStep(stored.id).path : nil,
            measureURL: may(.measure) && !Self.closed.contains(c.stage) ? SiteURL.monitoringMeasures(stored.id).path : nil,
            measureKinds: HelpMeasure.Kind.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: false) },
            noticeURL: SiteURL.monitoringNotice(stored.id).path, listURL: SiteURL.monitoringCases(MonitoringQuery(village: path.region.code)).path,
            householdURL: householdURL, today: today.description, error: error, message: message)
    }

    static func waiting(_ duty: MonitoringDuty, _ stage: MonitoringStage) -> String {
        let who =
            switch duty {
            case .village: "村干部/驻村工作队"
            case .town: "镇干部"
            case .county, .measure, .report, .departmentList: "县脱贫办"
            }
        return stage == .eliminated ? "已风险消除；如需回退，由县脱贫办办理。" : "下一步由\(who)办理。"
    }

    static func stepForm(_ c: MonitoringCase, id: Int64, today: Day, suggestedType: MonitoringObjectType?, suggestedRisks: Set<MonitoringRiskType>)
        -> StepForm?
    {
        // Steps are recorded when done, so the form offers today (a review before its notice has ended is refused).
        let suggested = today
        var f = StepForm(
            url: SiteURL.monitoringStep(id).path, title: "", today: suggested.description, needsDate: true, needsSigner: false, needsPeriod: false,
            periodEnd: today.adding(days: 4).description, needsDecision: false, objectTypes: [], riskTypes: [], needsElimination: false,
            needsReason: false, button: "")
        switch c.stage {
        case .clue: (f.title, f.button, f.needsSigner) = ("入户核实", "记录入户核实", true)
        case .verified: (f.title, f.button) = ("民主评议", "记录民主评议")
        case .appraised: (f.title, f.button, f.needsDate, f.needsPeriod) = ("村内公示（不少于 5 天）", "开始公示", false, true)
        case .noticed: (f.title, f.button) = ("乡镇审核", "乡镇审核通过")
        case .townReviewed:
            (f.title, f.button, f.needsDecision) = ("县级确认", "确认纳入监测", true)
            f.objectTypes = MonitoringObjectType.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: $0 == suggestedType) }
            f.riskTypes = MonitoringRiskType.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: suggestedRisks.contains($0)) }
        case .identified: (f.title, f.button, f.needsElimination) = ("风险消除：民主评议", "提交风险消除评议", true)
        case .eliminationAppraised: (f.title, f.button, f.needsDate, f.needsPeriod) = ("风险消除：村内公示", "开始公示", false, true)
        case .eliminationNoticed: (f.title, f.button) = ("风险消除：乡镇审核", "乡镇审核通过")
        case .eliminationTownReviewed: (f.title, f.button) = ("风险消除：县级确认", "确认风险消除")
        case .eliminated: (f.title, f.button, f.needsReason) = ("回退（重新纳入监测）", "回退", true)
        case .dismissed: return nil
        }
        return f
    }

    // MARK: notice

    struct NoticePage: Sendable {
        var chrome: Chrome
        var caseURL: String
        var title: String?
        var lead: String?
        var rows: [NoticeRow]
        var period: String?
        var objection: String?
        var signature: String?
        var date: String?
        var problem: String?
    }

    struct NoticeRow: Sendable {
        var index: Int
        var headName: String
        var size: String
        var objectType: String
        var riskTypes: String
    }

    /// The village 公示 of the case's current round, built only from `PublicNotice`'s whitelisted fields.
    private func notice(_ stored: MonitoringRepository.StoredCase, _ row: RegisterRepository.HouseholdRow?, _ path: RegionPath, _ granted: Granted)
        -> NoticePage
    {
        let c = stored.record
        var page = NoticePage(
            chrome: Chrome(title: "公示", granted: granted, section: .monitor), caseURL: SiteURL.monitoringCase(stored.id).path, rows: [])
        let kind: PublicNotice.Kind
        let period: NoticePeriod?
        if let round = c.elimination {
            (kind, period) = (.eliminationNotice, round.notice)
        } else {
            (kind, period) = (.identificationNotice, c.notice)
        }
        guard let period else {
            page.problem = "尚未登记公示起止日期：请在案件页面办理“村内公示”后再打印。"
            return page
        }
        guard let row, let line = PublicNotice.row(for: c, headName: row.household.headName, householdSize: row.household.size) else {
            page.problem = "户籍档案中没有该户，或尚无监测对象类别，无法生成公示。"
            return page
        }
        let town = path.ancestors.last { $0.level == .town }
        do {
            // Objections go to the town government, named from the region register (not a person's phone).
            let notice = try PublicNotice(
                kind: kind, townName: town?.name ?? "", villageName: path.region.name, rows: [line], period: period,
                objectionOffice: (town?.name ?? path.region.name) + "人民政府")
            page.title = notice.kind.title
            let text = notice.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            page.lead = text.count > 2 ? text[2] : nil
            page.rows = notice.rows.enumerated().map { i, r in
                NoticeRow(index: i + 1, headName: r.headName, size: "\(r.householdSize) 人", objectType: r.objectType.label,
                          riskTypes: r.riskTypes.map(\.label).joined(separator: "、"))
            }
            page.period = "公示期：\(period.start) 至 \(period.end)（共 \(period.days) 天）。"
            page.objection = text.first { $0.hasPrefix("如有异议") }
            page.signature = notice.townName + notice.villageName
            page.date = period.start.description
        } catch {
            page.problem = error.message
        }
        return page
    }
}
