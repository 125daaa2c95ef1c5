extension BuiltInStandards {
    static let nationalSource = "中办国办《关于建立贫困退出机制的意见》（2016）：http://big5.china.com.cn/gate/big5/f.china.com.cn/2016-10/10/content_39456006.htm；DOMAIN.md §4"
    static let evaluationSource = "2017年贫困县退出专项评估检查（三率一度）：http://m.dddjmc.com/news/txnews/cnnews/sh/2017-11-06/2070843_3.html；DOMAIN.md §4"

    /// The national rule, western variant (key "national-2016").
    public static let national2016 = national2016(west: true)

    /// The 2016 national rule (../shared/DOMAIN.md §4): household income above the line and 两不愁三保障;
    /// village incidence below 2 % (3 % in the west); county 三率一度. 不愁吃穿 is left out because the register
    /// has no data for it. Household weights: income 1/3, the three guarantees 2/9 each.
    /// The western variant is "national-2016"; elsewhere "national-2016-east".
    public static func national2016(west: Bool) -> ExitStandard {
        let incidence = west ? 0.03 : 0.02
        let percent = west ? "3%" : "2%"
        return ExitStandard(
            key: west ? "national-2016" : "national-2016-east",
            name: west ? "国家贫困退出标准（2016，西部地区）" : "国家贫困退出标准（2016，中东部地区）",
            firstYear: 2016, lastYear: 2020, west: west,
            household: [
                ExitIndicator(
                    key: "income", label: "收入", level: .household, measure: .perCapitaIncome, comparison: .greaterThan,
                    threshold: .povertyLine(factor: 1), weight: 1.0 / 3, source: nationalSource + "（收入稳定超过国家扶贫标准）"),
                ExitIndicator(
                    key: "education", label: "义务教育", level: .household, measure: .dropouts, comparison: .atMost,
                    threshold: .number(0), weight: 2.0 / 9, source: nationalSource + "（义务教育有保障）"),
                ExitIndicator(
                    key: "medical", label: "基本医疗", level: .household, measure: .uninsuredMembers, comparison: .atMost,
                    threshold: .number(0), weight: 2.0 / 9, source: nationalSource + "（基本医疗有保障）"),
                ExitIndicator(
                    key: "housing", label: "住房", level: .household, measure: .housingSafe, comparison: .isTrue,
                    weight: 2.0 / 9, source: nationalSource + "（住房安全有保障）"),
            ],
            village: [
                ExitIndicator(
                    key: "incidence", label: "贫困发生率", level: .village, measure: .villageIncidence,
                    comparison: .lessThan, threshold: .number(incidence),
                    source: nationalSource + "（贫困村贫困发生率降至2%以下，西部地区降至3%以下）")
            ],
            county: [
                ExitIndicator(
                    key: "comprehensive_incidence", label: "综合贫困发生率", level: .county,
                    measure: .comprehensiveIncidence, comparison: .lessThan, threshold: .number(incidence),
                    source: evaluationSource + "（综合贫困发生率低于\(percent)）"),
                ExitIndicator(
                    key: "wrong_exit_rate", label: "错退率", level: .county, measure: .wrongExitRate,
                    comparison: .lessThan, threshold: .number(0.02), source: evaluationSource + "（错退率低于2%）"),
                ExitIndicator(
                    key: "omission_rate", label: "漏评率", level: .county, measure: .omissionRate,
                    comparison: .lessThan, threshold: .number(0.02), source: evaluationSource + "（漏评率低于2%）"),
                ExitIndicator(
                    key: "approval", label: "群众认可度", level: .county, measure: .approval, comparison: .atLeast,
                    threshold: .number(0.90), source: evaluationSource + "（群众认可度90%以上）"),
            ],
            source: nationalSource)
    }
}
