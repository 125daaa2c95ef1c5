extension MonitoringThresholdTable {
    /// The national rules of ../shared/DOMAIN.md §8 and the dated provincial ranges of §3, with their sources and
    /// marks. A county adds its province's figure for each year as data (settings), as it does poverty lines.
    public static let builtIn = MonitoringThresholdTable(entries: [
        MonitoringThreshold(
            year: 2020, scope: .nation, rule: .multipleOfLine(permille: 1500),
            document: "国务院扶贫开发领导小组《关于建立防止返贫监测和帮扶机制的指导意见》（2020年3月）：监测范围约为国家扶贫标准的1.5倍",
            url: "http://china-cer.com.cn/zhengcefagui/202006195993.html", confidence: .confirmed),
        MonitoringThreshold(
            year: 2021, scope: .nation, rule: .amount(Fen(rawValue: 6_000_00)),
            document: "2021年防止返贫监测范围6000元（1.5 × 4000元，镇安县政府网转述；DOMAIN.md §8）",
            url: "https://zazf.gov.cn/info/content.jsp?info_id=91617&tm_id=84", confidence: .confirmed),
        MonitoringThreshold(
            year: 2019, scope: .province, regionCode: "43", regionName: "湖南", rule: .amount(Fen(rawValue: 5_000_00)),
            document: "湖南省边缘户摸底调查标准", url: "http://www.nanxian.gov.cn/15591/content_585091.html",
            confidence: .confirmed),
        shaanxi(2022, 6_300), shaanxi(2023, 6_600), shaanxi(2024, 7_100),
        MonitoringThreshold(
            year: 2025, scope: .province, regionCode: "53", regionName: "云南", rule: .amount(Fen(rawValue: 8_700_00)),
            document: "云南省2025年防止返贫监测范围",
            url: "https://www.qrrfcrh.cn/zfxxgk_zkx_fwz/artview/1185/326180.html", confidence: .confirmed),
    ])

    private static func shaanxi(_ year: Int, _ yuan: Int64) -> MonitoringThreshold {
        MonitoringThreshold(
            year: year, scope: .province, regionCode: "61", regionName: "陕西", rule: .amount(Fen(rawValue: yuan * 100)),
            document: "引述为陕西\(year)年监测范围，未找到出处（DOMAIN.md §3）", confidence: .unconfirmed)
    }
}
