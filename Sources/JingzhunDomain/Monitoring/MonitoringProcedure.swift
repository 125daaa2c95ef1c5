/// What a cadre or the county records on a case, one step at a time.
public enum MonitoringEvent: Sendable, Equatable {
    /// A further clue on an open case (it does not restart the clock).
    case addClue(RiskClue)
    /// 入户核实, with the signed 授权承诺书 (required).
    case verify(on: Day, consent: Consent?)
    /// 民主评议
    case appraise(on: Day)
    /// 村内公示 from `on` to `endsOn`, both days counted.
    case startNotice(on: Day, endsOn: Day)
    /// 乡镇审核
    case townReview(on: Day)
    /// 县级确认: the household becomes a 监测对象.
    case confirm(on: Day, objectType: MonitoringObjectType, riskTypes: [MonitoringRiskType])
    /// 核实后不纳入, with the reason, before the county's decision.
    case dismiss(on: Day, reason: String)
    /// A help measure; allowed from the clue on (disaster cases may be helped first, "先行救助" [003]).
    case addMeasure(HelpMeasure)
    /// 风险消除: 民主评议, after the criteria are checked (RiskElimination).
    case appraiseElimination(on: Day, evidence: EliminationEvidence)
    case startEliminationNotice(on: Day, endsOn: Day)
    case townReviewElimination(on: Day)
    /// 风险消除县级确认: the case is closed.
    case eliminate(on: Day)
    /// 回退: the elimination mark is rolled back and the household is monitored again.
    case reopen(on: Day, reason: String)
}

public struct MonitoringCaseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The official procedure as a state machine (issue 7 §3–5; ../shared/DOMAIN.md §8 "Procedure", after 秦安县
/// http://www.qinan.gov.cn/info/11792/1360362.htm, and "风险消除", after
/// https://www.yjq.gov.cn/openness/grassroots/6603431/39287644.html). Each step only after the one before, never
/// dated before it; refusals are Chinese messages and leave the case unchanged.
public enum MonitoringProcedure {
    public static func apply(
        _ event: MonitoringEvent, to record: MonitoringCase, settings: MonitoringSettings = .national
    ) throws(MonitoringCaseError) -> MonitoringCase {
        var c = record
        switch event {
        case .addClue(let clue):
            guard clue.householdNumber == c.householdNumber else {
                throw MonitoringCaseError("线索属于户 \(clue.householdNumber)，不是本案户 \(c.householdNumber)")
            }
            guard c.stage != .dismissed && c.stage != .eliminated else {
                throw MonitoringCaseError("本案已\(c.stage.label)，新线索请另立案件")
            }
            c.clues.append(clue)

        case .verify(let day, let consent):
            try expect(.verified, after: .clue, c)
            try notBefore(day, c.lastStepDate, step: .verified, previous: "发现线索")
            guard let consent, !consent.signer.trimmingWhitespace().isEmpty else {
                throw MonitoringCaseError("入户核实须有农户签字的授权承诺书，未记录授权承诺不能进入下一步")
            }
            c.verifiedOn = day
            c.consent = consent
            c.stage = .verified

        case .appraise(let day):
            try expect(.appraised, after: .verified, c)
            try notBefore(day, c.lastStepDate, step: .appraised, previous: MonitoringStage.verified.label)
            c.appraisedOn = day
            c.stage = .appraised

        case .startNotice(let day, let end):
            try expect(.noticed, after: .appraised, c)
            try notBefore(day, c.lastStepDate, step: .noticed, previous: MonitoringStage.appraised.label)
            c.notice = try period(day, end, settings: settings)
            c.stage = .noticed

        case .townReview(let day):
            try expect(.townReviewed, after: .noticed, c)
            try noticeOver(c.notice!, day, step: .townReviewed)
            c.townReviewedOn = day
            c.stage = .townReviewed

        case .confirm(let day, let objectType, let riskTypes):
            try expect(.identified, after: .townReviewed, c)
            try notBefore(day, c.lastStepDate, step: .identified, previous: MonitoringStage.townReviewed.label)
            guard !riskTypes.isEmpty else { throw MonitoringCaseError("县级确认须至少选择一项风险类型") }
            guard riskTypes.count <= MonitoringRiskType.maximumPerHousehold else {
                throw MonitoringCaseError("风险类型最多 \(MonitoringRiskType.maximumPerHousehold) 项，现选了 \(riskTypes.count) 项")
            }
            c.identifiedOn = day
            c.objectType = objectType
            c.riskTypes = riskTypes
            c.stage = .identified

        case .dismiss(let day, let reason):
            guard [.clue, .verified, .appraised, .noticed, .townReviewed].contains(c.stage) else {
                throw MonitoringCaseError("当前为“\(c.stage.label)”，只有县级确认前的线索可以不纳入")
            }
            guard !reason.trimmingWhitespace().isEmpty else { throw MonitoringCaseError("不纳入须写明原因") }
            try notBefore(day, c.lastStepDate, step: .dismissed, previous: c.stage.label)
            c.dismissedOn = day
            c.dismissalReason = reason
            c.stage = .dismissed

        case .addMeasure(let measure):
            guard c.stage != .dismissed && c.stage != .eliminated else {
                throw MonitoringCaseError("本案已\(c.stage.label)，不能再登记帮扶措施")
            }
            guard !measure.responsiblePerson.trimmingWhitespace().isEmpty else {
                throw MonitoringCaseError("帮扶措施须有责任人")
            }
            guard !measure.content.trimmingWhitespace().isEmpty else { throw MonitoringCaseError("帮扶措施须写明内容") }
            if let done = measure.completedOn, done < measure.startedOn {
                throw MonitoringCaseError("帮扶措施完成日期 \(done) 早于开始日期 \(measure.startedOn)")
            }
            c.measures.append(measure)

        case .appraiseElimination(let day, let evidence):
            try expect(.eliminationAppraised, after: .identified, c)
            try notBefore(day, c.lastStepDate, step: .eliminationAppraised, previous: "纳入监测")
            if let refusal = RiskElimination.refusals(c, evidence: evidence, on: day, settings: settings).first {
                throw MonitoringCaseError(refusal)
            }
            c.elimination = EliminationRound(appraisedOn: day)
            c.stage = .eliminationAppraised

        case .startEliminationNotice(let day, let end):
            try expect(.eliminationNoticed, after: .eliminationAppraised, c)
            try notBefore(day, c.lastStepDate, step: .eliminationNoticed, previous: MonitoringStage.eliminationAppraised.label)
            c.elimination!.notice = try period(day, end, settings: settings)
            c.stage = .eliminationNoticed

        case .townReviewElimination(let day):
            try expect(.eliminationTownReviewed, after: .eliminationNoticed, c)
            try noticeOver(c.elimination!.notice!, day, step: .eliminationTownReviewed)
            c.elimination!.townReviewedOn = day
            c.stage = .eliminationTownReviewed

        case .eliminate(let day):
            try expect(.eliminated, after: .eliminationTownReviewed, c)
            try notBefore(day, c.lastStepDate, step: .eliminated, previous: MonitoringStage.eliminationTownReviewed.label)
            guard !c.measures.isEmpty else { throw MonitoringCaseError(RiskElimination.noMeasure) }
            c.elimination!.eliminatedOn = day
            c.stage = .eliminated

        case .reopen(let day, let reason):
            guard c.stage == .eliminated, var round = c.elimination else {
                throw MonitoringCaseError("当前为“\(c.stage.label)”，只有已风险消除的案件可以回退")
            }
            guard !reason.trimmingWhitespace().isEmpty else { throw MonitoringCaseError("回退须写明原因") }
            try notBefore(day, c.lastStepDate, step: .identified, previous: MonitoringStage.eliminated.label, action: "回退")
            round.reopenedOn = day
            round.reopenReason = reason
            c.pastEliminations.append(round)
            c.elimination = nil
            c.stage = .identified
        }
        return c
    }

    /// "当前应办理“民主评议”，不能办理“乡镇审核”".
    private static func expect(_ step: MonitoringStage, after required: MonitoringStage, _ c: MonitoringCase)
        throws(MonitoringCaseError)
    {
        guard c.stage == required else {
            if c.stage == .dismissed || c.stage == .eliminated {
                throw MonitoringCaseError("本案已\(c.stage.label)，不能办理“\(step.label)”")
            }
            let next = nextStep(after: c.stage)
            throw MonitoringCaseError("当前应办理“\(next.label)”，不能办理“\(step.label)”")
        }
    }

    static func nextStep(after stage: MonitoringStage) -> MonitoringStage {
        switch stage {
        case .clue: .verified
        case .verified: .appraised
        case .appraised: .noticed
        case .noticed: .townReviewed
        case .townReviewed: .identified
        case .identified: .eliminationAppraised
        case .eliminationAppraised: .eliminationNoticed
        case .eliminationNoticed: .eliminationTownReviewed
        case .eliminationTownReviewed: .eliminated
        case .eliminated, .dismissed: stage
        }
    }

    private static func notBefore(
        _ day: Day, _ earlier: Day, step: MonitoringStage, previous: String, action: String? = nil
    ) throws(MonitoringCaseError) {
        guard day >= earlier else {
            throw MonitoringCaseError("“\(action ?? step.label)”日期 \(day) 早于上一步“\(previous)”的日期 \(earlier)")
        }
    }

    private static func period(_ start: Day, _ end: Day, settings: MonitoringSettings) throws(MonitoringCaseError) -> NoticePeriod {
        let p = NoticePeriod(start: start, end: end)
        let required = settings.noticeDays.value
        guard p.days >= required else {
            throw MonitoringCaseError("公示期 \(max(p.days, 0)) 天，少于规定的 \(required) 天（\(settings.noticeDays.source)）")
        }
        return p
    }

    private static func noticeOver(_ notice: NoticePeriod, _ day: Day, step: MonitoringStage) throws(MonitoringCaseError) {
        guard day >= notice.end else {
            throw MonitoringCaseError("公示期至 \(notice.end) 未满，不能在 \(day) 办理“\(step.label)”")
        }
    }
}
