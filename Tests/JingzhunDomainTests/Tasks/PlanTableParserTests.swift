import Foundation
import JingzhunDomain
import Testing

/// [000] 镇坪县 2017 冬季行动: 附件1's task list and the sector plans' 责任落实表, one cell per line.
@Suite struct ZhenpingTableTests {
    static let tables = PlanTableParser.parse(
        text: SeedPlans.text(SeedPlans.zhenping2017), planDate: Day("2017-01-01")!)

    @Test func annex1HasTenTasks() throws {
        let annex1 = try #require(Self.tables.first)
        #expect(annex1.title == "镇坪县2017年脱贫攻坚补短板冬季行动工作推进任务清单")
        #expect(annex1.actions.count == 10)
        #expect(annex1.problems.isEmpty)
        #expect(annex1.actions.map(\.number) == (1...10).map(String.init))
        #expect(annex1.actions.map(\.title) == [
            "加快基础设施建设进度", "保障贫困户安全住房", "抓好产业就业扶贫", "培育贫困村集体经济", "兑现精准扶贫政策",
            "搞好苏陕扶贫协作", "提升“三大体系”帮扶成效", "提升干部帮扶满意度", "扎实推进新民风建设", "抓好问题整改工作",
        ])
        #expect(annex1.actions.map { $0.deadline?.due } == [
            "2017-11-30", "2017-11-20", "2017-11-20", "2017-11-30", "2017-11-20", "2017-11-20", "2017-12-31",
            "2017-11-20", "2017-11-20", "2017-11-20",
        ].map(Day.init))
    }

    @Test func annex1UnitsLeadersAndPersons() throws {
        let tasks = try #require(Self.tables.first).actions
        let infrastructure = tasks[0]
        #expect(infrastructure.responsibleUnits == ["发改局", "财政局", "交通局", "水利局", "卫生局", "电力局", "疾控中心", "各镇"])
        #expect(infrastructure.leaders == ["吕仁宝", "丁涛", "李宗健", "杨立刚", "陈俊才", "邓军", "周勇", "各镇党委书记"])
        #expect(infrastructure.persons == ["杨云", "李劲松", "邹卫春", "胡红艳", "蒋宁", "周勇"])
        #expect(infrastructure.deadline?.text == "11月底前")
        #expect(infrastructure.perTown)
        #expect(infrastructure.content.hasPrefix("聚焦年度计划退出村和贫困户"))
        let housing = tasks[1]
        #expect(housing.responsibleUnits == ["搬迁办", "住建局", "各镇"])
        #expect(housing.leaders == ["刘义", "罗品俊", "各镇党委书记"])
        #expect(housing.persons == ["陈良海", "袁志斌"])
        #expect(tasks[4].responsibleUnits == ["发改局"] && tasks[4].leaders == ["吕仁宝"] && tasks[4].persons == ["杨云"])
        #expect(!tasks[2].perTown)
    }

    @Test func parallelListsOfDifferentLengthAreWarnedAbout() throws {
        // DOMAIN.md §11.6: task 1 has 8 units, 8 leaders, 6 persons.
        let annex1 = try #require(Self.tables.first)
        #expect(annex1.warnings.contains(PlanRowProblem(row: 15, column: nil, reason: "责任单位8个、责任领导8个、责任人6个，数量不一致，请核对对应关系")))
    }

    @Test func industryResponsibilityTable() throws {
        let table = try #require(Self.tables.first { $0.actions.first?.title == "产业扶贫资金比例" })
        #expect(table.actions.count == 5)
        let share = table.actions[0]
        #expect(share.deadline?.text == "2017年11月15日前")
        #expect(share.deadline?.due == Day("2017-11-15"))
        #expect(share.responsibleUnits == ["扶贫局", "财政局"])
        #expect(share.persons == ["田辉", "丁涛"])
        #expect(share.content == "涉农整合资金用于产业扶贫的资金比例不得低于50%。")
        #expect(table.actions[3].perTown && table.actions[3].persons == ["各镇镇长"])
    }

    @Test func aDateInTheNextYearIsFlagged() throws {
        // DOMAIN.md §11.7: "2018年11月底" in a 2017 plan (兜底保障 责任落实表).
        let table = try #require(Self.tables.first { $0.actions.first?.title == "“拆户保”问题" })
        let late = try #require(table.actions.first { $0.deadline?.text == "2018年11月底" })
        #expect(late.deadline?.outsidePlanWindow == true)
        #expect(table.warnings.contains { $0.reason.contains("不在方案年度内") })
    }
}

/// Rows as read from an xlsx or csv sheet.
@Suite struct PlanRowsTests {
    static let rows: [[String]] = [
        ["序号", "主要任务", "落实措施", "完成\n时限", "责任单位", "配合单位", "责任领导", "责任人"],
        ["1", "危房改造", "11月20日前全部入住。", "11月底前", "住建局", "各镇", "张 三", "李四、王五"],
        ["2", "", "", "12月底", "水利局", "", "赵六", "孙七"],
        ["3", "技能培训", "", "秋季", "人社局", "", "", ""],
        ["4", "产业奖补", "", "11月中旬", "", "", "", ""],
    ]

    @Test func readsRowsWithLooseHeaders() {
        let table = PlanTableParser.parse(rows: Self.rows, planDate: Day("2017-11-01")!)
        #expect(table.actions.count == 3)
        let first = table.actions[0]
        #expect(first.title == "危房改造" && first.line == 2)
        #expect(first.responsibleUnits == ["住建局"] && first.cooperatingUnits == ["各镇"])
        #expect(first.leaders == ["张三"] && first.persons == ["李四", "王五"])
        #expect(first.deadline?.due == Day("2017-11-30"))
        #expect(first.milestones.map(\.due) == [Day("2017-11-20")!])
        #expect(!first.perTown)  // 各镇 only cooperates
    }

    @Test func rowProblemsNameRowAndColumnInChinese() {
        let table = PlanTableParser.parse(rows: Self.rows, planDate: Day("2017-11-01")!)
        #expect(table.problems == [
            PlanRowProblem(row: 3, column: "主要任务", reason: "缺少任务名称"),
            PlanRowProblem(row: 5, column: "责任单位", reason: "没有责任单位，也没有责任领导或责任人"),
        ])
        #expect(table.warnings.contains(PlanRowProblem(row: 4, column: "完成时限", reason: "完成时限“秋季”无法识别，请向县里确认")))
        #expect(table.problems[0].description == "第3行 主要任务：缺少任务名称")
    }

    @Test func headersAreMatchedLoosely() {
        // [000]'s header is garbled: "主要" then "主要任务" stand for 任务 and 目标.
        let rows = [
            ["序号", "主要", "主要任务", "落实措施", "完成\n时限", "责任单位", "责任领导", "责任人", "户数"],
            ["1", "加快进度", "全面达标", "一是…", "11月\n底前", "发改局", "吕仁宝", "杨  云", "12"],
        ]
        let table = PlanTableParser.parse(rows: rows, planDate: Day("2017-01-01")!)
        #expect(table.actions.first?.title == "加快进度")
        #expect(table.actions.first?.content == "全面达标\n一是…")
        #expect(table.actions.first?.persons == ["杨云"])
        #expect(table.actions.first?.deadline?.due == Day("2017-11-30"))
        #expect(table.ignoredColumns == ["户数"])
    }
}
