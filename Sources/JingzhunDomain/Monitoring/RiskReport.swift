/// 风险信息登记 (issue 7 §2): a natural disaster, an accident, out-of-pocket medical costs or a member's loss of labour
/// capacity, as the household declared it (农户自主申报) or a cadre found it on a visit (基层干部排查)
/// (../shared/DOMAIN.md §8 "Channels"). Reports of the last 12 months feed the `disaster_or_accident`,
/// `medical_spending` and `labour_loss` rules.
public struct RiskReport: Sendable, Equatable, Codable {
    /// What happened. The Chinese labels live here only.
    public enum Kind: String, LabelledCode {
        case naturalDisaster, accident, medical, labourLoss

        public var label: String {
            switch self {
            case .naturalDisaster: "自然灾害"
            case .accident: "意外事故"
            case .medical: "医疗自付费用"
            case .labourLoss: "丧失劳动能力"
            }
        }

        /// The command line's spelling: `--kind disaster|accident|medical|labour-loss`.
        public var argument: String {
            switch self {
            case .naturalDisaster: "disaster"
            case .accident: "accident"
            case .medical: "medical"
            case .labourLoss: "labour-loss"
            }
        }

        public init?(argument: String) {
            guard let kind = Self.allCases.first(where: { $0.argument == argument || $0.rawValue == argument }) else { return nil }
            self = kind
        }

        /// Medical costs and a loss of labour capacity are about one member of the household.
        public var needsMember: Bool { self == .medical || self == .labourLoss }

        /// Whether the cadre's description may tell of someone's health (an illness, a disability, an accident's
        /// injuries). Such descriptions never enter logs, notices or URLs, and pages show them only to roles that may
        /// see personal data (`Role.seesPersonalData`).
        public var mayConcernHealth: Bool { self != .naturalDisaster }

        /// Why the command line refuses this kind's description typed as an argument: words that may concern
        /// someone's health would stay in the shell's history and show in the process list. They come from a file or
        /// standard input instead (`--description-file`). nil for a disaster.
        public var inlineDescriptionRefusal: String? {
            mayConcernHealth ? "“\(label)”的情况说明可能涉及病情，不要写在命令行上：请用 --description-file 文件名，或 --description-file -（从标准输入读）" : nil
        }

        /// What the amount means for this kind, for forms and lists.
        public var amountLabel: String {
            switch self {
            case .naturalDisaster, .accident: "损失金额"
            case .medical: "自付费用"
            case .labourLoss: "金额"
            }
        }

        /// The disaster-or-accident rule's kind of incident, for the two kinds it reads.
        public var incidentKind: Incident.Kind? {
            switch self {
            case .naturalDisaster: .naturalDisaster
            case .accident: .accident
            case .medical, .labourLoss: nil
            }
        }
    }

    /// 户编号 of a household in the register.
    public var householdNumber: String
    public var kind: Kind
    /// The member concerned (required for medical costs and labour loss), as the register names them.
    public var memberName: String?
    public var occurredOn: Day
    /// What happened, in the reporter's words ("6月暴雨冲毁厢房").
    public var description: String
    /// The loss or the out-of-pocket cost, when known (required for medical costs).
    public var amount: Fen?
    /// 农户自主申报 or 基层干部排查; department alerts come from the departmental lists.
    public var channel: ClueChannel

    public init(
        householdNumber: String, kind: Kind, memberName: String? = nil, occurredOn: Day, description: String, amount: Fen? = nil,
        channel: ClueChannel = .cadreScreening
    ) {
        self.householdNumber = householdNumber
        self.kind = kind
        self.memberName = memberName
        self.occurredOn = occurredOn
        self.description = description
        self.amount = amount
        self.channel = channel
    }

    /// The channels a report can come in by (`--channel self|cadre`).
    public static let channels: [(argument: String, channel: ClueChannel)] = [("self", .selfReport), ("cadre", .cadreScreening)]

    public static func channel(argument: String) -> ClueChannel? {
        channels.first { $0.argument == argument || $0.channel.rawValue == argument }?.channel
    }

    /// The earliest day whose reports a scan on `today` counts: the 12 months before it are the days after the same
    /// day a year earlier, up to `today` (2021-06-30 counts from 2020-07-01).
    public static func earliestCounted(today: Day) -> Day { today.adding(months: -12).adding(days: 1) }

    /// What is wrong with the report on its face, in Chinese; empty when nothing is. Whether the household and the
    /// member are in the register, and in the reporter's region, is checked where the register is.
    public func problems(today: Day) -> [String] {
        var out: [String] = []
        if householdNumber.trimmingWhitespace().isEmpty { out.append("请填写户编号") }
        if occurredOn > today { out.append("发生日期 \(occurredOn) 晚于今天（\(today)），只能登记已经发生的情况") }
        // Older than the window it would never count; a loss of labour capacity lasts, so it counts whenever it began.
        if kind != .labourLoss, case let earliest = Self.earliestCounted(today: today), occurredOn < earliest {
            out.append("发生日期 \(occurredOn) 已超过 12 个月（早于 \(earliest)），预警扫描不再计入，无需登记")
        }
        if description.trimmingWhitespace().isEmpty { out.append("请填写情况说明") }
        if let amount, amount.rawValue < 0 { out.append("金额不能为负数") }
        if kind.needsMember, (memberName ?? "").trimmingWhitespace().isEmpty {
            out.append("\(kind.label)须写明是哪位家庭成员")
        }
        if kind == .medical, amount == nil { out.append("请填写自付医疗费用（元）") }
        if channel == .departmentAlert { out.append("部门筛查预警来自部门名单导入，风险信息登记只能是农户自主申报或基层干部排查") }
        return out
    }
}
