extension PovertyLineTable {
    /// The rows of ../shared/DOMAIN.md §3 with their sources and marks. Rows without a year (the Shaanxi "577"
    /// figure of 3,070; "3,000 / 3,747"; the 3,346 / 3,500 / 4,160 lines of unnamed provinces) are left out:
    /// a line the engine cannot date cannot be chosen for a year. A county adds or corrects rows as data.
    public static let builtIn = PovertyLineTable(entries: [
        PovertyLine(
            year: 2010, scope: .nation, purpose: .nbs, yuan: 2_300, priceBase: 2010,
            document: "国家扶贫标准（2010年不变价，农民人均纯收入2300元）",
            url: "http://english.scio.gov.cn/whitepapers/2021-04/06/content_77380652_9.htm", confidence: .confirmed),
        nbs(2011, 2_536), nbs(2012, 2_625), nbs(2013, 2_736), nbs(2014, 2_800), nbs(2015, 2_855), nbs(2016, 2_952),
        PovertyLine(
            year: 2017, scope: .nation, purpose: .nbs, yuan: 2_952, document: "2017年现价标准（广泛引用，未找到出处）",
            confidence: .unconfirmed),
        PovertyLine(
            year: 2018, scope: .nation, purpose: .nbs, yuan: 2_995, document: "2018年现价标准（广泛引用，未找到出处）",
            confidence: .unconfirmed),
        PovertyLine(
            year: 2019, scope: .nation, purpose: .nbs, yuan: 3_218, document: "国家统计局2019年现价标准（视频转述）",
            confidence: .secondary),
        PovertyLine(
            year: 2020, scope: .nation, purpose: .nbs, yuan: 4_000, document: "国务院新闻办公室《人类减贫的中国实践》白皮书（2021-04-06），约4000元",
            url: "http://13.214.202.85/?p=29526", confidence: .confirmed),
        PovertyLine(
            year: 2017, scope: .county, regionCode: "610927", regionName: "镇坪县", purpose: .exit, yuan: 3_075,
            document: "镇坪县2017年补短板冬季行动方案：当年计划产业脱贫户人均收入达到3075元以上（种子文件000）",
            confidence: .seed),
        PovertyLine(
            year: 2017, scope: .province, regionCode: "61", regionName: "陕西", purpose: .exit, yuan: 2_500, priceBase: 2010,
            document: "陕西省贫困退出实施细则（2010年不变价2500元，二手转述）", confidence: .unconfirmed),
        PovertyLine(
            year: 2019, scope: .province, regionCode: "43", regionName: "湖南", purpose: .monitoring, yuan: 5_000,
            document: "湖南省边缘户摸底调查标准", url: "http://www.nanxian.gov.cn/15591/content_585091.html",
            confidence: .confirmed),
        PovertyLine(
            year: 2021, scope: .province, regionCode: "61", regionName: "陕西", purpose: .monitoring, yuan: 6_000,
            document: "防止返贫监测范围 = 1.5 × 4000元（镇安县政府网）",
            url: "https://zazf.gov.cn/info/content.jsp?info_id=91617&tm_id=84", confidence: .confirmed),
        shaanxiMonitoring(2022, 6_300), shaanxiMonitoring(2023, 6_600), shaanxiMonitoring(2024, 7_100),
        PovertyLine(
            year: 2025, scope: .province, regionCode: "53", regionName: "云南", purpose: .monitoring, yuan: 8_700,
            document: "云南省2025年防止返贫监测范围",
            url: "https://www.qrrfcrh.cn/zfxxgk_zkx_fwz/artview/1185/326180.html", confidence: .confirmed),
    ])

    private static func nbs(_ year: Int, _ yuan: Int64) -> PovertyLine {
        PovertyLine(
            year: year, scope: .nation, purpose: .nbs, yuan: yuan, document: "国家扶贫标准\(year)年现价",
            url: "http://202.106.125.35/csydkns/navi/navihtml.aspx?filename=N2017110011000082&page=1",
            confidence: .confirmed)
    }

    private static func shaanxiMonitoring(_ year: Int, _ yuan: Int64) -> PovertyLine {
        PovertyLine(
            year: year, scope: .province, regionCode: "61", regionName: "陕西", purpose: .monitoring, yuan: yuan,
            document: "引述为陕西\(year)年监测范围，未找到出处", confidence: .unconfirmed)
    }
}
