import Foundation
import JingzhunDomain
import Testing

/// [001] 清涧县 "七化"工程: 7 projects, 38 actions (the "1." 专项行动), 50 responsibility blocks (DOMAIN.md §6.2).
@Suite struct QingjianPlanTests {
    static let plan = PlanTextParser.parse(SeedPlans.text(SeedPlans.qingjian2019))

    func action(_ number: String) throws -> ParsedAction {
        try #require(Self.plan.actions.first { $0.number == number })
    }

    @Test func readsTheDocumentHeader() {
        #expect(Self.plan.title == "清涧县脱贫摘帽“七化”工程实施方案")
        #expect(Self.plan.documentNumber == "清脱贫发〔2019〕17号")
        #expect(Self.plan.issuer == "清涧县脱贫攻坚领导小组")
        #expect(Self.plan.date == Day("2019-05-24"))
        #expect(Self.plan.year == 2019)
    }

    @Test func all38ActionsWithLeadersLeadUnitsAndDeadlines() {
        let actions = Self.plan.actions
        #expect(actions.count == 38)
        #expect(actions.filter { $0.number.hasPrefix("三、(一)") }.count == 6)
        #expect(actions.filter { $0.number.hasPrefix("三、(二)") }.count == 9)
        #expect(actions.filter { $0.number.hasPrefix("三、(七)") }.count == 4)
        for a in actions {
            #expect(!a.leaders.isEmpty, "\(a.number) \(a.title)")
            #expect(!a.leadUnits.isEmpty, "\(a.number) \(a.title)")
            #expect(a.deadline != nil, "\(a.number) \(a.title)")
        }
    }

    @Test func fiftyBlocksWithTheDeadlinesDomainCounts() {
        let blocks = Self.plan.actions.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }
        #expect(blocks.count == 50)
        var tally: [String: Int] = [:]
        for b in blocks { tally[b.deadline?.text ?? "—", default: 0] += 1 }
        #expect(tally == ["按阶段进度要求": 21, "9月底": 11, "6月底": 6, "12月底": 6, "8月底": 4, "7月底": 1, "5月底": 1])
    }

    @Test func aSingleBlockAction() throws {
        let a = try action("三、(一) 1.")
        #expect(a.title == "产业扶贫对象清底行动")
        #expect(a.leaders == ["惠生卫"])
        #expect(a.leadUnits == ["农业农村局"])
        #expect(a.cooperatingUnits == ["各镇（中心）", "林业局", "畜牧局", "扶贫办", "果业公司"])
        #expect(a.deadline?.due == Day("2019-05-31"))
        #expect(a.deadline?.text == "5月底")
        #expect(a.parts.isEmpty && !a.perTown)
    }

    @Test func twoLeadersSeparatedBySpacesAndUnitsWithStrayPunctuation() throws {
        let health = try action("三、(二) 3.")
        #expect(health.title == "健康扶贫补短板行动")
        #expect(health.leaders == ["柳清海", "刘世政"])
        #expect(health.leadUnits == ["卫健局", "医疗保障局"])
        #expect(health.cooperatingUnits == ["各镇（中心）", "财政局", "县级医院", "乡镇卫生院"])
        let visits = try action("三、(三) 4.")
        #expect(visits.leaders == ["白春田", "白晓强"])
        #expect(visits.leadUnits == ["人大办", "政协办"])
        #expect(visits.deadline?.due == Day("2019-06-30"))  // "完成时限： 6月底"
        let social = try action("三、(二) 6.")
        #expect(social.leaders == ["韩秀晋"])
        #expect(social.leadUnits == ["民政局"])
        #expect(social.cooperatingUnits == ["各镇（中心）", "县残联", "财政局"])
        let capacity = try action("三、(五) 6、")
        #expect(capacity.title == "干部能力提升行动" && capacity.deadline?.due == Day("2019-12-31"))
    }

    @Test func aStagedActionTakesItsMilestonesFromTheText() throws {
        let housing = try action("三、(二) 1.")
        #expect(housing.title == "危房改造入住行动")
        #expect(housing.deadline?.kind == .staged)
        #expect(housing.deadline?.due == nil)
        #expect(housing.milestones.contains(ParsedMilestone(due: Day("2019-06-30")!, dueText: "6月底前", text: "全峻工")))
        #expect(housing.milestones.contains(ParsedMilestone(due: Day("2019-09-30")!, dueText: "9月底前", text: "全入住")))
        #expect(housing.effectiveDue == Day("2019-09-30"))
    }

    @Test func anActionWithSeveralBlocksKeepsThemAsParts() throws {
        let industry = try action("三、(一) 2.")
        #expect(industry.title == "长效产业提质增效行动")
        #expect(industry.parts.count == 4)
        #expect(industry.parts.map(\.leadUnits) == [["农业农村局"], ["畜牧局"], ["农业农村局"], ["农业综合开发公司"]])
        #expect(industry.leaders == ["惠生卫", "韩秀晋"])
        #expect(industry.leadUnits == ["农业农村局", "畜牧局", "农业综合开发公司"])
        #expect(industry.deadline?.kind == .staged)
        #expect(industry.parts[3].number == "三、(一) 2.(2)")
        #expect(industry.parts[3].milestones.first == ParsedMilestone(
            due: Day("2019-07-31")!, dueText: "7月底前", text: "完成光伏扶贫电站建设任务并接入电网"))

        // Parts with different deadlines: the action is due with the last of them.
        let income = try action("三、(一) 4.")
        #expect(income.parts.map { $0.deadline?.due } == [Day("2019-06-30"), Day("2019-09-30")])
        #expect(income.deadline?.due == Day("2019-09-30"))
        #expect(income.deadline?.text == "6月底；9月底")

        let data = try action("三、(四) 1.")
        #expect(data.parts.count == 4)
        #expect(data.deadline?.text == "8月底" && data.deadline?.due == Day("2019-08-31"))
    }

    @Test func milestonesKeepTheirNumericTarget() throws {
        let infrastructure = try action("三、(二) 7.")
        let water = try #require(infrastructure.milestones.first { $0.text.hasPrefix("安全饮水项目") })
        #expect(water.due == Day("2019-06-30"))
        #expect(water.text == "安全饮水项目完成50%以上建设任务")
        #expect(water.target == 50 && water.unit == "%")
    }

    @Test func aUnitBothLeadAndCooperatingIsWarnedAbout() {
        // (二)7.(3): 牵头单位 工贸局, and 工贸局 again among the 配合单位 (DOMAIN.md §11.20).
        #expect(Self.plan.warnings.contains { $0.contains("“工贸局”同时列为牵头单位和配合单位") })
    }
}

/// [003] 安康市: twelve areas written "由…牵头，…配合", some without a cooperating unit.
@Suite struct AnkangPlanTests {
    static let plan = PlanTextParser.parse(SeedPlans.text(SeedPlans.ankang2020))

    @Test func readsTheDocumentHeader() {
        #expect(Self.plan.title == "安康市巩固提升脱贫攻坚成果实施方案")
        #expect(Self.plan.documentNumber == "安脱贫发〔2020〕2号")
        #expect(Self.plan.issuer == "安康市脱贫攻坚领导小组")
        #expect(Self.plan.date == Day("2020-02-14"))
    }

    @Test func twelveAreasWithInlineLeadAndCooperatingUnits() throws {
        let areas = Self.plan.actions.filter { $0.number.hasPrefix("二、(") }
        #expect(areas.count == 12)
        #expect(areas.map(\.title).first == "巩固提升产业扶贫成果")
        #expect(areas[0].leadUnits == ["市农业农村局"])
        #expect(areas[0].cooperatingUnits == ["市林业局", "市水利局", "市商务局"])
        #expect(areas[1].leadUnits == ["市人社局"] && areas[1].cooperatingUnits.isEmpty)
        #expect(areas[3].leadUnits == ["市卫健委"] && areas[3].cooperatingUnits == ["市医保局", "市税务局"])
        #expect(areas[4].leadUnits == ["市民政局"] && areas[4].cooperatingUnits == ["市残联"])
        #expect(areas[10].leadUnits == ["市财政局", "市扶贫开发局"])
        #expect(areas[10].cooperatingUnits == ["市审计局", "相关部门"])
        #expect(areas[11].leadUnits == ["市脱贫办"] && areas[11].cooperatingUnits == ["市财政局", "有关部门"])
        #expect(areas.allSatisfy { $0.responsibleUnits.isEmpty && $0.parts.isEmpty })
    }

    @Test func unnumberedParagraphsWithTheirOwnLeadAreActionsOfTheirOwn() throws {
        let relocation = try #require(Self.plan.actions.first { $0.title.hasPrefix("易地搬迁后续扶持工作") })
        #expect(relocation.leadUnits == ["市发改委"] && relocation.cooperatingUnits == ["相关部门"])
        let environment = try #require(Self.plan.actions.first { $0.title.hasPrefix("贫困村人居环境") })
        #expect(environment.leadUnits == ["市农业农村局"])
        let audit = try #require(Self.plan.actions.first { $0.title == "开展审计自检" })
        #expect(audit.leadUnits == ["市审计局"] && audit.cooperatingUnits == ["市扶贫开发局", "市财政局"])
    }

    @Test func datedStepsWithoutAnOwnerAreReported() {
        #expect(Self.plan.warnings.contains { $0.hasPrefix("第69行“（一）全面查漏补缺") && $0.contains("3月底前") })
    }
}

/// Layouts described in DOMAIN.md §6.2 but not in the seed folder, as small invented fixtures.
@Suite struct OtherLayoutTests {
    /// [002]: ASCII colons, "(三)", deadlines inline, names padded with spaces, posts instead of names.
    static let sprint = """
        陇县脱贫“摘帽”百日冲刺行动方案
        陇县脱贫攻坚指挥部
        2018年6月11日
        一、时间安排
        第一阶段（5月—8月）：集中攻坚。
        二、专项行动
        (三)安全饮水提升专项行动。对全县饮水工程逐一排查，8月底前，完成全部水质检测；10月底前，所有行政村集中供水点消毒设施配齐。
        责任领导:王 某
        责任单位:县水利局、县卫健局、各镇
        (四)产业示范专项行动。确保7月底前，每镇至少建立1个产业扶贫示范点。
        责任领导:分管农业副县长
        责任单位:县农业局
        """

    @Test func labelledLinesWithASCIIColons() throws {
        let plan = PlanTextParser.parse(Self.sprint)
        #expect(plan.date == Day("2018-06-11") && plan.issuer == "陇县脱贫攻坚指挥部")
        #expect(plan.actions.count == 2)
        let water = plan.actions[0]
        #expect(water.number == "二、(三)" && water.title == "安全饮水提升专项行动")
        #expect(water.leaders == ["王某"])
        #expect(water.leadUnits.isEmpty)
        #expect(water.responsibleUnits == ["县水利局", "县卫健局", "各镇"])
        #expect(water.perTown)
        #expect(water.milestones.map(\.due) == [Day("2018-08-31")!, Day("2018-10-31")!])
        #expect(water.milestones.map(\.text) == ["完成全部水质检测", "所有行政村集中供水点消毒设施配齐"])
        #expect(water.deadline?.due == Day("2018-10-31") && water.deadlineInferred)
        let demo = plan.actions[1]
        #expect(demo.leaders == ["分管农业副县长"] && !demo.perTown)
        #expect(demo.milestones == [
            ParsedMilestone(due: Day("2018-07-31")!, dueText: "7月底前", text: "每镇至少建立1个产业扶贫示范点", target: 1, unit: "个")
        ])
    }

    @Test func aPhaseBeforeThePrintingDateIsFlagged() {
        let plan = PlanTextParser.parse(Self.sprint)
        #expect(plan.phases == [ParsedPhase(name: "第一阶段", start: Day("2018-05-01"), end: Day("2018-08-31"), text: "第一阶段（5月—8月）：集中攻坚。")])
        #expect(plan.warnings.contains("第5行：阶段“第一阶段”开始于2018-05-01，早于印发日期2018-06-11"))
    }

    /// [004]: a parenthesis closes each paragraph; no lead unless "牵头"; no document number, no date.
    static let threeYear = """
        渑池县脱贫攻坚三年行动计划（2018—2020年）
        一、主要任务
        （一）健康扶贫
        1.加强村卫生室建设。到2019年底，所有贫困村卫生室达标。（县卫健委、各乡（镇）负责）
        2.完善农村电网。（县供电公司负责）
        3.发展特色产业。（县农牧局牵头，县林业局和各乡（镇）配合）
        4.开展技能培训，每村培训不少于30人。（县人社局负责，秋季）
        """

    @Test func aClosingParenthesisNamesTheResponsibleUnits() throws {
        let plan = PlanTextParser.parse(Self.threeYear)
        #expect(plan.year == 2018 && plan.date == nil && plan.documentNumber == nil)
        #expect(plan.actions.map(\.number) == ["一、(一) 1.", "一、(一) 2.", "一、(一) 3.", "一、(一) 4."])
        let clinics = plan.actions[0]
        #expect(clinics.title == "加强村卫生室建设")
        #expect(clinics.leadUnits.isEmpty)
        #expect(clinics.responsibleUnits == ["县卫健委", "各乡（镇）"])
        #expect(clinics.perTown)
        #expect(clinics.milestones.map(\.due) == [Day("2019-12-31")!])
        #expect(clinics.deadline?.due == Day("2019-12-31"))
        #expect(clinics.deadline?.outsidePlanWindow == false)  // 2019 is inside a 2018—2020 plan
        #expect(plan.actions[1].responsibleUnits == ["县供电公司"])
        #expect(plan.actions[2].leadUnits == ["县农牧局"])
        #expect(plan.actions[2].cooperatingUnits == ["县林业局", "各乡（镇）"])
        #expect(plan.actions[3].deadline?.kind == .unknown)
        #expect(plan.warnings.contains { $0.contains("完成时限“秋季”无法识别，请向县里确认") })
    }

    @Test func aParagraphNumberIsNotPartOfTheUnit() {
        // [000] 附件2-1/2-12 write the unit right after the number: "2.县脱贫办要牵头…", "县财政局牵头，会同相关部门负责…".
        let plan = PlanTextParser.parse(
            "一、职责\n2.县脱贫办要牵头组织各镇抓好问题整改，11月底前全部清零。\n3.县财政局牵头，会同相关部门负责资金保障。", year: 2017)
        #expect(plan.actions.map(\.leadUnits) == [["县脱贫办"], ["县财政局"]])
        #expect(plan.actions[1].responsibleUnits == ["相关部门"])
        #expect(plan.actions[0].deadline?.due == Day("2017-11-30") && plan.actions[0].deadlineInferred)
    }

    @Test func aYearGivenByTheCallerWins() {
        let plan = PlanTextParser.parse(Self.threeYear, year: 2019)
        #expect(plan.year == 2019)
        #expect(plan.actions[0].deadline?.due == Day("2019-12-31"))
    }
}
