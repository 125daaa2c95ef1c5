/// A help measure on a monitoring case (../shared/DOMAIN.md §8 "Help": labour-capable households get 开发式
/// help — industry, jobs, 公益岗位, 小额信贷; households without labour get 兜底 — 低保, 特困, 临时救助).
public struct HelpMeasure: Sendable, Equatable, Codable {
    public enum Kind: String, LabelledCode {
        case industry, employment, publicWelfareJob, microcredit, health, education, housing, water, socialAssistance, other

        public var label: String {
            switch self {
            case .industry: "产业帮扶"
            case .employment: "就业帮扶"
            case .publicWelfareJob: "公益岗位"
            case .microcredit: "小额信贷"
            case .health: "健康帮扶"
            case .education: "教育帮扶"
            case .housing: "住房安全保障"
            case .water: "饮水安全保障"
            case .socialAssistance: "综合保障（低保、特困、临时救助）"
            case .other: "其他"
            }
        }
    }

    public var kind: Kind
    /// What is done ("发放产业奖补2000元，扩大养殖规模").
    public var content: String
    public var responsiblePerson: String
    public var responsibleUnit: String?
    public var startedOn: Day
    public var completedOn: Day?

    public init(
        kind: Kind, content: String, responsiblePerson: String, responsibleUnit: String? = nil, startedOn: Day,
        completedOn: Day? = nil
    ) {
        self.kind = kind
        self.content = content
        self.responsiblePerson = responsiblePerson
        self.responsibleUnit = responsibleUnit
        self.startedOn = startedOn
        self.completedOn = completedOn
    }
}
