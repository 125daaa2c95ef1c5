/// The three kinds of monitored household, by family (../shared/DOMAIN.md §8 "Objects", after the 2021 rules).
public enum MonitoringObjectType: String, LabelledCode {
    /// Exited, but below the range or unstable.
    case unstableExited
    /// Never registered, below the range or unstable.
    case edgeProne
    /// A surge in rigid expenditure or a collapse in income from illness, disaster or accident, whatever the income.
    case suddenHardship

    public var label: String {
        switch self {
        case .unstableExited: "脱贫不稳定户"
        case .edgeProne: "边缘易致贫户"
        case .suddenHardship: "突发严重困难户"
        }
    }
}

/// 风险类型 (DOMAIN.md §8: up to five per household).
public enum MonitoringRiskType: String, LabelledCode {
    case illness, schooling, disability, naturalDisaster, accident, industryFailure, unstableEmployment, labourShortage, other

    public var label: String {
        switch self {
        case .illness: "因病"
        case .schooling: "因学"
        case .disability: "因残"
        case .naturalDisaster: "因自然灾害"
        case .accident: "因意外事故"
        case .industryFailure: "因产业项目失败"
        case .unstableEmployment: "因务工就业不稳"
        case .labourShortage: "缺劳动力"
        case .other: "其他"
        }
    }

    /// At most this many risk types are recorded for one household (DOMAIN.md §8).
    public static let maximumPerHousehold = 5
}

/// How a clue came in (DOMAIN.md §8 "Channels").
public enum ClueChannel: String, LabelledCode {
    case selfReport, cadreScreening, departmentAlert

    public var label: String {
        switch self {
        case .selfReport: "农户自主申报"
        case .cadreScreening: "基层干部排查"
        case .departmentAlert: "部门筛查预警"
        }
    }
}
