import Foundation
import JingzhunDomain
import JingzhunFiles
import Testing

/// A task list kept in Excel, in the layout of 000's 附件1, goes in as a plan; a bad row stops the import with its place.
@Suite struct PlanFilesTests {
    static let header = ["序号", "主要任务", "落实措施", "完成时限", "责任单位", "责任领导", "责任人"]
    static let rows = [
        ["1", "产业扶贫资金比例", "涉农整合资金用于产业扶贫的资金比例不得低于50%。", "2017年11月15日前", "扶贫局、财政局", "张县长", "田辉、丁涛"],
        ["2", "危房改造", "C、D级危房全部改造入住。", "12月底前", "住建局", "李副县长", "王强"],
    ]

    @Test func anXlsxTaskListBecomesAPlanWithItsUnitsPeopleAndDates() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("清单.xlsx")
        // a title line above the header, as offices print them
        try RegisterFiles.writeXLSX(url, sheets: [("附件1", ["2017年脱贫攻坚冬季攻势任务清单"], [Self.header] + Self.rows)])
        let plan = try PlanFiles.parse(url)
        #expect(plan.title == "2017年脱贫攻坚冬季攻势任务清单")
        #expect(plan.year == 2017)
        #expect(plan.actions.map(\.title) == ["产业扶贫资金比例", "危房改造"])
        let fund = plan.actions[0]
        #expect(fund.owningUnits == ["扶贫局", "财政局"])
        #expect(fund.persons == ["田辉", "丁涛"])
        #expect(fund.leaders == ["张县长"])
        #expect(fund.deadline?.due == Day("2017-11-15"))
        #expect(plan.actions[1].deadline?.due == Day("2017-12-31"))
    }

    @Test func aGB18030CsvReadsTheSame() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("清单.csv")
        let text = ([Self.header] + Self.rows).map { $0.map { "\"\($0)\"" }.joined(separator: ",") }.joined(separator: "\r\n")
        try text.data(using: gb18030)!.write(to: url)
        let plan = try PlanFiles.parse(url, year: 2017)
        #expect(plan.actions.count == 2)
        #expect(plan.actions[1].owningUnits == ["住建局"])
    }

    /// (A row with measures but no name takes its measures as the name; one with neither is refused.)
    @Test func aRowWithoutATaskNameStopsTheImportNamingSheetRowAndColumn() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("坏清单.xlsx")
        try RegisterFiles.writeXLSX(url, sheets: [("附件1", Self.header, Self.rows + [["3", "", "", "11月底前", "水利局", "", ""]])])
        #expect {
            try PlanFiles.parse(url, year: 2017)
        } throws: { error in
            guard let failure = error as? ImportFailure else { return false }
            let p = failure.problems.first
            return failure.fileName == "坏清单.xlsx" && p?.sheet == "附件1" && p?.row == 4 && p?.column == "主要任务"
                && failure.description.contains("缺少任务名称")
        }
    }
}

@Suite struct PlanFilesCalendarTests {
    /// "月最后一个工作日" is read with the county's holiday calendar: September 2018 ended on a make-up Sunday.
    @Test func theLastWorkdayOfAMonthFollowsTheHolidayCalendar() throws {
        let text = """
            2018年资金拨付工作方案
            一、资金拨付。各项资金按进度拨付到位。
            责任单位:县财政局
            完成时限:2018年9月最后一个工作日
            """
        let data = Data(text.utf8)
        let plain = try PlanFiles.parse(data, fileName: "方案.txt", year: 2018)
        let withHolidays = try PlanFiles.parse(data, fileName: "方案.txt", year: 2018, calendar: WorkCalendar.builtIn(year: 2018)!)
        #expect(plain.actions.first?.deadline?.due == Day("2018-09-28"))
        #expect(withHolidays.actions.first?.deadline?.due == Day("2018-09-30"))
    }
}
