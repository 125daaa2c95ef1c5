/// The clocks and shares the monitoring rules read, each with the year it was set and its source (Rule 0 of
/// ../shared/DOMAIN.md; STYLE: dated configuration the storage layer keeps in `settings`, key `monitoring`).
public struct MonitoringSettings: Sendable, Equatable, Codable {
    /// One configured number with where it comes from.
    public struct Value: Sendable, Equatable, Codable {
        public var value: Int
        public var year: Int
        public var source: String
        public init(_ value: Int, year: Int, source: String) {
            self.value = value
            self.year = year
            self.source = source
        }
    }

    /// Days from the first clue to the county's identification (DOMAIN.md §8: ≤ 15 days).
    public var identificationDays: Value
    /// 村内公示 lasts at least this many calendar days, first and last day counted (DOMAIN.md §8: ≥ 5 days).
    public var noticeDays: Value
    /// Months income must have stayed above the range, and months monitored, before 风险消除 (DOMAIN.md §8: ≥ 6).
    public var eliminationMonths: Value
    /// A year-on-year fall of per-capita net income by at least this share, in basis points (5000 = 50 %), opens
    /// an `income_drop` clue.
    public var incomeDropBasisPoints: Value
    /// Out-of-pocket medical spending at least this share of the household's net income, in basis points
    /// (10000 = 100 %: "刚性支出明显超过上年度收入").
    public var medicalShareBasisPoints: Value
    /// Or at least this amount in fen, whatever the income; 0 = not used.
    public var medicalAmountFen: Value
    /// Rule keys switched off by the county office.
    public var disabledRules: Set<String>

    public init(
        identificationDays: Value, noticeDays: Value, eliminationMonths: Value, incomeDropBasisPoints: Value,
        medicalShareBasisPoints: Value, medicalAmountFen: Value, disabledRules: Set<String> = []
    ) {
        self.identificationDays = identificationDays
        self.noticeDays = noticeDays
        self.eliminationMonths = eliminationMonths
        self.incomeDropBasisPoints = incomeDropBasisPoints
        self.medicalShareBasisPoints = medicalShareBasisPoints
        self.medicalAmountFen = medicalAmountFen
        self.disabledRules = disabledRules
    }

    public func isEnabled(_ key: AlertRuleKey) -> Bool { !disabledRules.contains(key.rawValue) }

    /// The national defaults (2020–2021 rules) with their sources.
    public static let national = MonitoringSettings(
        identificationDays: Value(
            15, year: 2021,
            source: "防止返贫动态监测和帮扶工作：从发现线索到识别认定原则上不超过15天（秦安县政府网 http://www.qinan.gov.cn/info/11792/1360362.htm；DOMAIN.md §8）"),
        noticeDays: Value(
            5, year: 2021,
            source: "民主评议后在村内公示不少于5天（秦安县政府网 http://www.qinan.gov.cn/info/11792/1360362.htm；DOMAIN.md §8）"),
        eliminationMonths: Value(
            6, year: 2021,
            source: "风险消除：收入持续稳定超过监测范围原则上半年以上，且监测帮扶半年以上（https://www.yjq.gov.cn/openness/grassroots/6603431/39287644.html；DOMAIN.md §8）"),
        incomeDropBasisPoints: Value(
            5000, year: 2021,
            source: "本县默认值：人均纯收入同比下降50%及以上（与数据质量规则“人均纯收入同比变动超50%”一致；国家文件未规定比例，县脱贫办可改）"),
        medicalShareBasisPoints: Value(
            10000, year: 2020,
            source: "2020年监测对象：因病等刚性支出明显超过上年度收入（http://china-cer.com.cn/zhengcefagui/202006195993.html；DOMAIN.md §8）"),
        medicalAmountFen: Value(0, year: 2020, source: "国家未定金额；县脱贫办可设定自付医疗费用金额线（0 = 不用）"))
}
