/// The steps of a household's exit (../shared/DOMAIN.md §4 "Exit procedure", after the 2016 意见
/// http://big5.china.com.cn/gate/big5/f.china.com.cn/2016-10/10/content_39456006.htm).
public enum ExitStep: String, Sendable, Codable, CaseIterable, Comparable {
    case applied, appraised, verified, signed, noticeStarted, announced, struckOff

    public var label: String {
        switch self {
        case .applied: "申请"
        case .appraised: "民主评议"
        case .verified: "村两委和工作队核实"
        case .signed: "户认可"
        case .noticeStarted: "村内公示"
        case .announced: "公告退出"
        case .struckOff: "销号"
        }
    }

    var index: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: ExitStep, b: ExitStep) -> Bool { a.index < b.index }
    public var next: ExitStep? { index + 1 < Self.allCases.count ? Self.allCases[index + 1] : nil }
}

/// Procedure settings, passed in with their source (Rule 0: notice periods are dated configuration).
public struct ExitProcedureConfig: Sendable, Equatable, Codable {
    /// 村内公示 lasts at least this many calendar days, counting the first and last day.
    public var noticeDays: Int
    public var noticeDaysSource: String

    public init(noticeDays: Int, noticeDaysSource: String) {
        self.noticeDays = noticeDays
        self.noticeDaysSource = noticeDaysSource
    }

    /// The default, as Yan'an village notices run (DOMAIN.md §4).
    public static let standard = ExitProcedureConfig(
        noticeDays: 7, noticeDaysSource: "延安市贫困村退出公示7天：http://cd-ht.com/html/info3414775933.html；issue 5 §7 默认值")
}

/// One household's exit record: the date of each step done so far (`YYYY-MM-DD`, Beijing calendar days).
public struct ExitProcedureRecord: Sendable, Equatable, Codable {
    public var householdNumber: String
    public var firstIdentifiedYear: Int
    /// The year the household is to exit (脱贫年度).
    public var exitYear: Int
    public var applied: String?
    public var appraised: String?
    public var verified: String?
    public var signed: String?
    public var signerName: String?
    public var noticeStarted: String?
    public var noticeEnds: String?
    public var announced: String?
    public var struckOff: String?

    public init(
        householdNumber: String, firstIdentifiedYear: Int, exitYear: Int, applied: String? = nil, appraised: String? = nil,
        verified: String? = nil, signed: String? = nil, signerName: String? = nil, noticeStarted: String? = nil,
        noticeEnds: String? = nil, announced: String? = nil, struckOff: String? = nil
    ) {
        self.householdNumber = householdNumber
        self.firstIdentifiedYear = firstIdentifiedYear
        self.exitYear = exitYear
        self.applied = applied
        self.appraised = appraised
        self.verified = verified
        self.signed = signed
        self.signerName = signerName
        self.noticeStarted = noticeStarted
        self.noticeEnds = noticeEnds
        self.announced = announced
        self.struckOff = struckOff
    }

    public func date(of step: ExitStep) -> String? {
        switch step {
        case .applied: applied
        case .appraised: appraised
        case .verified: verified
        case .signed: signed
        case .noticeStarted: noticeStarted
        case .announced: announced
        case .struckOff: struckOff
        }
    }

    mutating func setDate(_ date: String, of step: ExitStep) {
        switch step {
        case .applied: applied = date
        case .appraised: appraised = date
        case .verified: verified = date
        case .signed: signed = date
        case .noticeStarted: noticeStarted = date
        case .announced: announced = date
        case .struckOff: struckOff = date
        }
    }

    /// The last step done; nil before the application.
    public var currentStep: ExitStep? { ExitStep.allCases.last { date(of: $0) != nil } }
}

/// What a county clerk records, one step at a time.
public enum ExitEvent: Sendable, Equatable {
    case apply(on: String)
    case appraise(on: String)
    case verify(on: String)
    case sign(on: String, signer: String)
    case startNotice(on: String, endsOn: String)
    case announce(on: String)
    case strikeOff(on: String)

    public var step: ExitStep {
        switch self {
        case .apply: .applied
        case .appraise: .appraised
        case .verify: .verified
        case .sign: .signed
        case .startNotice: .noticeStarted
        case .announce: .announced
        case .strikeOff: .struckOff
        }
    }

    public var date: String {
        switch self {
        case .apply(let d), .appraise(let d), .verify(let d), .sign(let d, _), .startNotice(let d, _), .announce(let d),
            .strikeOff(let d):
            d
        }
    }
}

public struct ExitProcedureError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The state machine (issue 5 §7): each step only after the previous one, never dated before it, and only for a
/// household that passes the standard now and was not first identified in its exit year.
public enum ExitProcedure {
    public static func apply(
        _ event: ExitEvent, to record: ExitProcedureRecord, assessment: HouseholdAssessment,
        config: ExitProcedureConfig = .standard
    ) throws(ExitProcedureError) -> ExitProcedureRecord {
        let step = event.step
        if record.firstIdentifiedYear >= record.exitYear {
            throw ExitProcedureError(
                record.firstIdentifiedYear == record.exitYear
                    ? "当年新识别贫困户当年不能退出（\(record.exitYear)年识别）"
                    : "首次识别年度 \(record.firstIdentifiedYear) 晚于退出年度 \(record.exitYear)")
        }
        guard assessment.number == record.householdNumber else {
            throw ExitProcedureError("评估结果属于户 \(assessment.number)，不是户 \(record.householdNumber)")
        }
        if !assessment.passes {
            throw ExitProcedureError("未达到退出标准，不能办理“\(step.label)”：" + assessment.reasons.joined(separator: "；"))
        }
        let expected = record.currentStep?.next ?? .applied
        guard step == expected else {
            if record.currentStep == .struckOff { throw ExitProcedureError("已销号，退出程序已完成") }
            throw ExitProcedureError("当前应办理“\(expected.label)”，不能办理“\(step.label)”")
        }
        guard let day = Day(event.date) else {
            throw ExitProcedureError("“\(step.label)”日期“\(event.date)”不是有效的年-月-日（YYYY-MM-DD）")
        }
        if let previous = record.currentStep, let previousDay = record.date(of: previous).flatMap(Day.init),
            day < previousDay
        {
            throw ExitProcedureError(
                "“\(step.label)”日期 \(event.date) 早于上一步“\(previous.label)”的日期 \(record.date(of: previous)!)")
        }
        var updated = record
        switch event {
        case .sign(_, let signer):
            guard !signer.trimmingWhitespace().isEmpty else { throw ExitProcedureError("户认可须有签字人姓名") }
            updated.signerName = signer
        case .startNotice(_, let endsOn):
            guard let end = Day(endsOn) else {
                throw ExitProcedureError("公示截止日期“\(endsOn)”不是有效的年-月-日（YYYY-MM-DD）")
            }
            let days = day.days(to: end) + 1
            guard days >= config.noticeDays else {
                throw ExitProcedureError("公示期 \(days) 天，少于规定的 \(config.noticeDays) 天（\(config.noticeDaysSource)）")
            }
            updated.noticeEnds = endsOn
        case .announce:
            if let endText = record.noticeEnds, let end = Day(endText), day < end {
                throw ExitProcedureError("公示期至 \(endText) 未满，不能在 \(event.date) 公告退出")
            }
        default:
            break
        }
        updated.setDate(event.date, of: step)
        return updated
    }
}
