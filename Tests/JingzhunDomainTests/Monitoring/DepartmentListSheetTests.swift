import JingzhunDomain
import Testing

/// A department's list as it arrives: title lines, spellings of the columns, dates as clerks write them; every bad
/// cell named by row and column, and nothing taken from a list with any.
@Suite struct DepartmentListSheetTests {
    let today = Day("2021-06-01")!

    func rows(_ cells: [[String]], sheet: String? = nil) throws -> [DepartmentListRow] {
        let numbered = cells.enumerated().map { ($0 + 1, $1) }
        return try DepartmentListSheet.rows(in: [.init(name: sheet, rows: numbered)], fileName: "低保.csv", list: .dibao, unit: "县民政局",
                                            today: today)
    }

    func problems(_ cells: [[String]]) -> [ImportProblem] {
        do {
            _ = try rows(cells)
            return []
        } catch let failure as ImportFailure {
            return failure.problems
        } catch {
            return [ImportProblem(row: 0, column: nil, message: "\(error)")]
        }
    }

    @Test func aListWithATitleAndOtherSpellingsReads() throws {
        let read = try rows([
            ["镇坪县2021年5月城乡低保名单"],
            ["序号", "姓 名", "公民身份号码", "纳入年月", "保障人数", "出生日期"],
            ["1", "王明华", "61092719800101123x", "2020年6月", "3", "1980-01-01"],
            ["2", "张兰", " 610927198203032222 ", "2021/3/5", "2", ""],
            ["3", "李四", "610927199001011234", "", "1", ""],
            ["", "", "", "", "", ""],
        ])
        #expect(read == [
            DepartmentListRow(list: .dibao, idNumber: "61092719800101123X", name: "王明华", unit: "县民政局", since: Day("2020-06-01")),
            DepartmentListRow(list: .dibao, idNumber: "610927198203032222", name: "张兰", unit: "县民政局", since: Day("2021-03-05")),
            DepartmentListRow(list: .dibao, idNumber: "610927199001011234", name: "李四", unit: "县民政局", since: nil),
        ])
    }

    @Test(arguments: [
        (["姓名", "身份证号", "停保时间"], nil), (["姓名", "身份证号", "退出时间"], nil), (["姓名", "身份证号", "死亡日期"], nil),
        (["姓名", "身份证号", "日期"], nil), (["姓名", "身份证号", "停保时间", "享受时间"], "2020-06-01"),
        (["姓名", "身份证号", "救助年月"], "2020-06-01"), (["姓名", "身份证号", "认定日期"], "2020-06-01"),
        (["姓名", "身份证号", "发证时间"], "2020-06-01"), (["姓名", "身份证号", "退出时间", "纳入日期"], "2020-06-01"),
    ] as [([String], String?)])
    func onlyADateOfComingOntoTheListIsTaken(_ header: [String], _ since: String?) throws {
        // given a row whose every date column holds a date
        let row = ["李四", "610927199001011234"] + Array(repeating: "2020-06-01", count: header.count - 2)
        // when / then: a 停保, 退出 or 死亡 date is not when the person came onto the list
        #expect(try rows([header, row]).first?.since == since.flatMap(Day.init))
    }

    @Test func everyBadCellIsNamedByRowAndColumn() {
        let found = problems([
            ["姓名", "身份证号", "纳入时间"],
            ["王明华", "6109271980", "2020-06-01"],
            ["", "610927198203032222", "去年"],
            ["李四", "610927198203032222", "2021-07-01"],
            ["赵六", "", ""],
        ])
        #expect(found.map { "\($0.row) \($0.column ?? "")" } == ["2 身份证号", "3 姓名", "3 纳入时间", "4 身份证号", "4 纳入时间", "5 身份证号"])
        #expect(found.allSatisfy { $0.fileName == "低保.csv" })
        #expect(found[0].message.contains("18位"))
        #expect(found[3].message.contains("与第3行的身份证号重复"))
        #expect(found[4].message.contains("晚于今天"))
        // a bad number is never echoed whole
        #expect(!found.contains { $0.message.contains("6109271980") })
    }

    @Test func aMissingRequiredColumnIsNamed() {
        #expect(problems([["姓名", "纳入时间"], ["王明华", "2020-01-01"]]).map { "\($0.row) \($0.column ?? "") \($0.message)" }
                == ["1 身份证号 缺少必填列“身份证号”"])
        #expect(problems([["序号", "户主"], ["1", "王明华"]]).first?.message.contains("没有找到表头") == true)
        #expect(problems([["姓名", "身份证号"]]).first?.message == "名单中没有数据行")
    }
}
