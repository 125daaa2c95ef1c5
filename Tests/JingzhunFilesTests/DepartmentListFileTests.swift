import Foundation
import JingzhunDomain
import JingzhunFiles
import Testing

/// A department's list as Excel saves it: xlsx with a 说明 sheet beside the list, or a GB18030 csv; anything else is
/// refused naming the file.
@Suite struct DepartmentListFileTests {
    let today = Day("2021-06-01")!

    @Test func aGB18030CsvWithABOMlessTitleIsRead() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("残疾人名单.csv")
        let text = "县残联新办残疾证人员\r\n姓名,身份证号,纳入日期\r\n王明华,61092719800101123x,2021/5/20\r\n"
        try #require(text.data(using: gb18030)).write(to: url)
        let rows = try DepartmentListFile.read(url, list: .disability, unit: "县残联", today: today)
        #expect(rows == [DepartmentListRow(list: .disability, idNumber: "61092719800101123X", name: "王明华", unit: "县残联", since: Day("2021-05-20"))])
    }

    @Test func everySheetWithTheHeaderIsReadAndItsProblemsNameTheSheet() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("低保名单.xlsx")
        try RegisterFiles.writeXLSX(url, sheets: [
            ("城关镇", ["姓名", "身份证号"], [["王明华", "610927198001011234"]]),
            ("曾家镇", ["姓名", "身份证号"], [["张兰", "610927198203032222"], ["李四", "610927198001011234"]]),
        ], notes: [("说明", "按镇分表")])
        do {
            _ = try DepartmentListFile.read(url, list: .dibao, unit: "县民政局", today: today)
            Issue.record("a number listed twice was accepted")
        } catch let failure as ImportFailure {
            #expect(failure.problems.map { "\($0.sheet ?? "") \($0.row) \($0.column ?? "")" } == ["曾家镇 3 身份证号"])
            #expect(failure.problems.first?.message.contains("工作表“城关镇”第2行") == true)
            #expect(failure.description.contains("低保名单.xlsx 工作表“曾家镇” 第3行 “身份证号”列"))
        }
        try RegisterFiles.writeXLSX(url, sheets: [
            ("城关镇", ["姓名", "身份证号"], [["王明华", "610927198001011234"]]),
            ("曾家镇", ["姓名", "身份证号"], [["张兰", "610927198203032222"]]),
        ])
        #expect(try DepartmentListFile.read(url, list: .dibao, unit: "县民政局", today: today).map(\.name) == ["王明华", "张兰"])
    }

    @Test func otherFilesAreRefusedByName() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("名单.doc")
        try Data("x".utf8).write(to: url)
        #expect { try DepartmentListFile.read(url, list: .dibao, unit: "县民政局", today: today) } throws: { error in
            (error as? TableFileError)?.message.contains("名单.doc") == true
        }
    }
}
