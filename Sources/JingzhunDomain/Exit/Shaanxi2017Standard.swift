extension BuiltInStandards {
    static let shaanxiHouseholdSource = "陕西省贫困退出“577”标准（2017），户5项一票否决：https://m.yybnet.net/shanxi/news/201711/6738223.html；DOMAIN.md §4"
    static let shaanxiVillageSource = "陕西省贫困村退出7项指标（市级审批）；DOMAIN.md §4"
    static let shaanxiCountySource = "陕西省贫困县退出7项指标（省级审批）；DOMAIN.md §4"

    /// Shaanxi's "577" (../shared/DOMAIN.md §4): 5 household, 7 village and 7 county vetoes. Household weights
    /// follow the AF example of DOMAIN.md §5 (income 1/3; housing, education, medical, water 1/6 each); the
    /// income line is the year's exit line (PovertyLineTable, purpose exit), passed only when exceeded.
    public static let shaanxi2017 = ExitStandard(
        key: "shaanxi-2017", name: "陕西省贫困退出标准（“577”，2017）", province: "61", firstYear: 2017, lastYear: 2020,
        west: true,
        household: [
            ExitIndicator(
                key: "income", label: "收入", level: .household, measure: .perCapitaIncome, comparison: .greaterThan,
                threshold: .povertyLine(factor: 1), weight: 1.0 / 3, source: shaanxiHouseholdSource + "（收入稳定超过当年贫困线）"),
            ExitIndicator(
                key: "housing", label: "住房", level: .household, measure: .housingSafe, comparison: .isTrue,
                weight: 1.0 / 6, source: shaanxiHouseholdSource + "（住房安全：A/B级）"),
            ExitIndicator(
                key: "education", label: "义务教育", level: .household, measure: .dropouts, comparison: .atMost,
                threshold: .number(0), weight: 1.0 / 6, source: shaanxiHouseholdSource + "（无义务教育阶段辍学）"),
            ExitIndicator(
                key: "medical", label: "基本医疗", level: .household, measure: .uninsuredMembers, comparison: .atMost,
                threshold: .number(0), weight: 1.0 / 6, source: shaanxiHouseholdSource + "（全员参加新农合和大病保险）"),
            ExitIndicator(
                key: "water", label: "饮水安全", level: .household, measure: .householdSafeWater, comparison: .isTrue,
                weight: 1.0 / 6, source: shaanxiHouseholdSource + "（饮水安全）"),
        ],
        village: [
            ExitIndicator(
                key: "incidence", label: "贫困发生率", level: .village, measure: .villageIncidence, comparison: .lessThan,
                threshold: .number(0.03), source: shaanxiVillageSource + "（1）贫困发生率低于3%"),
            ExitIndicator(
                key: "income_share", label: "脱贫户收入占比", level: .village, measure: .incomeShareVsLastYear,
                comparison: .isTrue, source: shaanxiVillageSource + "（2）脱贫户人均纯收入占全县平均比重高于上年"),
            ExitIndicator(
                key: "collective_economy", label: "村集体经济", level: .village, measure: .collectiveEconomy,
                comparison: .isTrue, source: shaanxiVillageSource + "（3）有集体经济、合作社或互助资金"),
            ExitIndicator(
                key: "road", label: "通村道路", level: .village, measure: .hardenedRoad, comparison: .isTrue,
                source: shaanxiVillageSource + "（4）通沥青（水泥）路"),
            ExitIndicator(
                key: "water", label: "安全饮水", level: .village, measure: .villageSafeWater, comparison: .isTrue,
                source: shaanxiVillageSource + "（5）安全饮水"),
            ExitIndicator(
                key: "electricity", label: "通电", level: .village, measure: .villageElectricityRate, comparison: .atLeast,
                threshold: .number(1), source: shaanxiVillageSource + "（6）户户通电100%"),
            ExitIndicator(
                key: "clinic", label: "标准化卫生室", level: .village, measure: .standardClinic, comparison: .isTrue,
                source: shaanxiVillageSource + "（7）有标准化村卫生室"),
        ],
        county: [
            ExitIndicator(
                key: "incidence", label: "贫困发生率", level: .county, measure: .countyIncidence, comparison: .lessThan,
                threshold: .number(0.03), source: shaanxiCountySource + "（1）贫困发生率低于3%"),
            ExitIndicator(
                key: "rural_income_ratio", label: "农民收入比", level: .county, measure: .ruralIncomeRatio,
                comparison: .atLeast, threshold: .number(0.70),
                source: shaanxiCountySource + "（2）农民人均可支配收入达到全省平均水平的70%以上"),
            ExitIndicator(
                key: "road_ratio", label: "通硬化路比例", level: .county, measure: .roadRatio, comparison: .atLeast,
                threshold: .number(0.97), source: shaanxiCountySource + "（3）97%以上的村通沥青（水泥）路"),
            ExitIndicator(
                key: "tap_water_ratio", label: "自来水普及率", level: .county, measure: .tapWaterRatio,
                comparison: .atLeast, threshold: .number(0.90), source: shaanxiCountySource + "（4）自来水普及率90%以上"),
            ExitIndicator(
                key: "electricity", label: "通电率", level: .county, measure: .countyElectricityRate, comparison: .atLeast,
                threshold: .number(1), source: shaanxiCountySource + "（5）通电率100%"),
            ExitIndicator(
                key: "safe_housing_ratio", label: "住房安全比例", level: .county, measure: .safeHousingRatio,
                comparison: .atLeast, threshold: .number(0.97), source: shaanxiCountySource + "（6）住房安全97%以上"),
            ExitIndicator(
                key: "insurance", label: "参保率", level: .county, measure: .insuranceRatio, comparison: .atLeast,
                threshold: .number(1),
                source: shaanxiCountySource + "（7）贫困人口100%参加新农合和大病保险（另有一份摘要写97%）"),
        ],
        source: shaanxiHouseholdSource)
}
