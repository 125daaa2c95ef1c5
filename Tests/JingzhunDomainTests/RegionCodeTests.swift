import JingzhunDomain
import Testing

@Suite struct RegionCodeTests {
    @Test(arguments: [
        ("610000000000", RegionLevel.province), ("610900000000", .city), ("610927000000", .county),
        ("610927100000", .town), ("610927100201", .village), ("610927100201003", .group),
    ])
    func theDigitsTellTheLevel(_ raw: String, _ level: RegionLevel) throws {
        #expect(try #require(RegionCode(rawValue: raw)).impliedLevel == level)
    }

    @Test(arguments: ["", "61092710020", "6109271002011", "61092710020a", "610927 100201x"])
    func malformedCodesAreRejected(_ raw: String) {
        #expect(RegionCode(rawValue: raw) == nil)
    }

    @Test func groupsGetThreeMoreDigits() throws {
        let village = try #require(RegionCode(rawValue: "610927100201"))
        #expect(village.groupCode(number: 7)?.rawValue == "610927100201007")
        #expect(village.groupCode(number: 0) == nil)
        #expect(village.groupCode(number: 7)?.groupCode(number: 1) == nil)
    }

    @Test func shortNamesDropTheCommitteeSuffix() {
        let v = Region(code: RegionCode(rawValue: "610927100201")!, name: "新华村委会", level: .village, parentCode: nil)
        let c = Region(code: RegionCode(rawValue: "610927100002")!, name: "广场社区居委会", level: .village, parentCode: nil)
        #expect(v.shortName == "新华村")
        #expect(c.shortName == "广场社区")
    }
}

@Suite struct RegionCSVTests {
    @Test func theZhenpingFileParses() throws {
        let regions = try RegionCSV.parse(ZhenpingRegions.csv, fileName: "zhenping-regions.csv")
        #expect(regions.count == 72)
        #expect(regions.filter { $0.level == .town }.count == 7)
        #expect(regions.filter { $0.level == .village }.count == 62)
    }

    @Test func everyBadRowIsNamedWithItsColumn() {
        let csv = """
            \u{FEFF}代码,名称,级别,上级代码
            610927000000,镇坪县,县,610900000000
            61092710000,城关镇,镇,610927000000
            610927101000,曾家镇,公社,610927000000
            610927101200,宏伟村委会,村,
            """
        do {
            _ = try RegionCSV.parse(csv, fileName: "区划.csv")
            Issue.record("accepted a bad file")
        } catch {
            #expect(error.problems.map(\.row) == [3, 4, 5])
            #expect(error.problems.map(\.column) == ["代码", "级别", "上级代码"])
            #expect(error.description.contains("区划.csv 第3行 “代码”列"))
            #expect(error.description.contains("未写入任何数据"))
        }
    }

    @Test func aMissingHeaderIsReported() {
        #expect(throws: ImportFailure.self) { try RegionCSV.parse("代码,名称\n1,2", fileName: "x.csv") }
    }

    @Test func quotedFieldsKeepCommasAndQuotes() {
        let rows = CSVText.rows("a,\"b,c\",\"d\"\"e\"\r\n1,2,3\n")
        #expect(rows == [["a", "b,c", "d\"e"], ["1", "2", "3"]])
    }
}
