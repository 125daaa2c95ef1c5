/// Where a monitoring case stands (../shared/DOMAIN.md §8 "Procedure" and "风险消除"): identification runs
/// 入户核实 → 民主评议 → 村内公示 → 乡镇审核 → 县级确认; elimination runs 民主评议 → 村内公示 → 乡镇审核 → 县级确认.
public enum MonitoringStage: String, Sendable, Codable, CaseIterable {
    case clue, verified, appraised, noticed, townReviewed, identified
    case eliminationAppraised, eliminationNoticed, eliminationTownReviewed, eliminated
    /// Verified and found not to need monitoring (不纳入).
    case dismissed

    public var label: String {
        switch self {
        case .clue: "风险线索"
        case .verified: "入户核实"
        case .appraised: "民主评议"
        case .noticed: "村内公示"
        case .townReviewed: "乡镇审核"
        case .identified: "县级确认（纳入监测）"
        case .eliminationAppraised: "风险消除民主评议"
        case .eliminationNoticed: "风险消除村内公示"
        case .eliminationTownReviewed: "风险消除乡镇审核"
        case .eliminated: "风险消除县级确认"
        case .dismissed: "核实后不纳入"
        }
    }
}

/// The signed 授权承诺书: the household's consent to checks of its data (DOMAIN.md §8 "入户核实 with a signed 授权承诺书").
public struct Consent: Sendable, Equatable, Codable {
    public var signer: String
    public var signedOn: Day
    public init(signer: String, signedOn: Day) {
        self.signer = signer
        self.signedOn = signedOn
    }
}

public struct NoticePeriod: Sendable, Equatable, Codable {
    public var start: Day
    public var end: Day
    public init(start: Day, end: Day) {
        self.start = start
        self.end = end
    }
    /// Calendar days, first and last counted.
    public var days: Int { start.days(to: end) + 1 }
}

/// One round of 风险消除. A reopened case keeps its past rounds.
public struct EliminationRound: Sendable, Equatable, Codable {
    public var appraisedOn: Day
    public var notice: NoticePeriod?
    public var townReviewedOn: Day?
    public var eliminatedOn: Day?
    /// Set when the mark was rolled back (回退).
    public var reopenedOn: Day?
    public var reopenReason: String?

    public init(
        appraisedOn: Day, notice: NoticePeriod? = nil, townReviewedOn: Day? = nil, eliminatedOn: Day? = nil,
        reopenedOn: Day? = nil, reopenReason: String? = nil
    ) {
        self.appraisedOn = appraisedOn
        self.notice = notice
        self.townReviewedOn = townReviewedOn
        self.eliminatedOn = eliminatedOn
        self.reopenedOn = reopenedOn
        self.reopenReason = reopenReason
    }
}

/// One household's monitoring case, from its first clue.
public struct MonitoringCase: Sendable, Equatable, Codable {
    public var householdNumber: String
    public var clues: [RiskClue]
    public var stage: MonitoringStage
    public var verifiedOn: Day?
    public var consent: Consent?
    public var appraisedOn: Day?
    public var notice: NoticePeriod?
    public var townReviewedOn: Day?
    public var identifiedOn: Day?
    public var objectType: MonitoringObjectType?
    public var riskTypes: [MonitoringRiskType]
    public var measures: [HelpMeasure]
    /// The current elimination round, if one has started.
    public var elimination: EliminationRound?
    /// Earlier rounds whose mark was rolled back.
    public var pastEliminations: [EliminationRound]
    public var dismissedOn: Day?
    public var dismissalReason: String?

    /// A case opens with its first clue.
    public init(clue: RiskClue) {
        householdNumber = clue.householdNumber
        clues = [clue]
        stage = .clue
        riskTypes = []
        measures = []
        pastEliminations = []
    }

    /// The day the 15-day clock starts.
    public var firstClueOn: Day { clues.map(\.foundOn).min()! }

    /// Being monitored: identified and not (currently) eliminated.
    public var isMonitored: Bool {
        switch stage {
        case .identified, .eliminationAppraised, .eliminationNoticed, .eliminationTownReviewed: true
        default: false
        }
    }

    /// The date of the last step done, which the next step may not precede.
    var lastStepDate: Day {
        switch stage {
        case .clue: return clues.map(\.foundOn).max()!
        case .verified: return verifiedOn!
        case .appraised: return appraisedOn!
        case .noticed: return notice!.end
        case .townReviewed: return townReviewedOn!
        case .identified:
            // After a reopening the case is identified again from the reopening day.
            return pastEliminations.last?.reopenedOn ?? identifiedOn!
        case .eliminationAppraised: return elimination!.appraisedOn
        case .eliminationNoticed: return elimination!.notice!.end
        case .eliminationTownReviewed: return elimination!.townReviewedOn!
        case .eliminated: return elimination!.eliminatedOn!
        case .dismissed: return dismissedOn!
        }
    }
}
