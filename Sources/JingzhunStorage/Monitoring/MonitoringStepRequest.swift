import Foundation
public import JingzhunDomain

/// One step of a case as the command line names it (`jingzhun monitor step 案件 ACTION …`), turned into the domain's
/// event: identification (verify … confirm, dismiss), help measures, the four steps of 风险消除 — whose appraisal
/// weighs the household's register facts and the range of the register's latest year, as the web form does — and
/// 回退. What a step lacks is refused in Chinese before anything is written.
public struct MonitoringStepRequest: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case verify, appraise, notice
        case townReview = "town-review"
        case confirm, dismiss, measure
        case eliminationAppraise = "elimination-appraise"
        case eliminationNotice = "elimination-notice"
        case eliminationTownReview = "elimination-town-review"
        case eliminate, reopen

        public static var names: String { allCases.map(\.rawValue).joined(separator: "、") }
    }

    public var action: Action
    /// The day the step was taken (a measure's start).
    public var on: Day
    /// A notice period's last day (notice, elimination-notice).
    public var ends: Day?
    /// Who signed the 授权承诺书 (verify).
    public var signer: String?
    /// `MonitoringObjectType` raw value (confirm).
    public var objectType: String?
    /// `MonitoringRiskType` raw values (confirm).
    public var risks: [String]
    /// `HelpMeasure.Kind` raw value, what is done, who answers for it and their unit (measure).
    public var kind: String?
    public var content: String?
    public var person: String?
    public var unit: String?
    /// Why (dismiss, reopen).
    public var reason: String?
    /// Since when per-capita income has stayed above the range (elimination-appraise).
    public var incomeSince: Day?
    /// Large rigid costs resolved (elimination-appraise).
    public var rigidResolved: Bool
    /// The register year the elimination appraisal reads; the latest when nil.
    public var year: Int?

    public init(
        action: Action, on: Day, ends: Day? = nil, signer: String? = nil, objectType: String? = nil, risks: [String] = [],
        kind: String? = nil, content: String? = nil, person: String? = nil, unit: String? = nil, reason: String? = nil,
        incomeSince: Day? = nil, rigidResolved: Bool = false, year: Int? = nil
    ) {
        self.action = action
        self.on = on
        self.ends = ends
        self.signer = signer
        self.objectType = objectType
        self.risks = risks
        self.kind = kind
        self.content = content
        self.person = person
        self.unit = unit
        self.reason = reason
        self.incomeSince = incomeSince
        self.rigidResolved = rigidResolved
        self.year = year
    }
}

extension MonitoringRepository {
    /// The event a named step asks for on case `id`.
    public func event(for request: MonitoringStepRequest, case id: Int64) async throws -> MonitoringEvent {
        let day = request.on
        func ends() throws -> Day {
            guard let ends = request.ends else { throw StorageError.invalid("公示须给出截止日期（--ends YYYY-MM-DD）") }
            return ends
        }
        switch request.action {
        case .verify: return .verify(on: day, consent: request.signer.map { Consent(signer: $0, signedOn: day) })
        case .appraise: return .appraise(on: day)
        case .notice: return .startNotice(on: day, endsOn: try ends())
        case .townReview: return .townReview(on: day)
        case .confirm:
            guard let raw = request.objectType, let type = MonitoringObjectType(rawValue: raw) else {
                throw StorageError.invalid("请给出对象类型（--type）：\(MonitoringObjectType.allCases.map(\.rawValue).joined(separator: "、"))")
            }
            let risks = try request.risks.map { raw in
                guard let risk = MonitoringRiskType(rawValue: raw) else { throw StorageError.invalid("未知风险类型：\(raw)") }
                return risk
            }
            return .confirm(on: day, objectType: type, riskTypes: risks)
        case .dismiss: return .dismiss(on: day, reason: request.reason ?? "")
        case .measure:
            guard let raw = request.kind, let kind = HelpMeasure.Kind(rawValue: raw), let content = request.content, let person = request.person else {
                throw StorageError.invalid("帮扶措施须给出类别、内容和责任人（--kind、--content、--person）")
            }
            return .addMeasure(HelpMeasure(kind: kind, content: content, responsiblePerson: person, responsibleUnit: request.unit, startedOn: day))
        case .eliminationAppraise:
            var year = request.year
            if year == nil { year = try await RegisterRepository(store: store).latestYear() }
            guard let year else { throw StorageError.notFound("户籍登记数据（风险消除评议须按户籍数据核对条件）") }
            let evidence = try await evidence(for: id, year: year, on: day, incomeAboveRangeSince: request.incomeSince,
                                              rigidExpensesResolved: request.rigidResolved)
            return .appraiseElimination(on: day, evidence: evidence)
        case .eliminationNotice: return .startEliminationNotice(on: day, endsOn: try ends())
        case .eliminationTownReview: return .townReviewElimination(on: day)
        case .eliminate: return .eliminate(on: day)
        case .reopen: return .reopen(on: day, reason: request.reason ?? "")
        }
    }
}
