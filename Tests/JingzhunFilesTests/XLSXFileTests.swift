import Foundation
import JingzhunFiles
import Testing

@Suite struct XLSXFileTests {
    func readAll(_ rows: XLSXSheetRows) throws -> [TableRow] {
        var result: [TableRow] = []
        while let row = try rows.nextRow() { result.append(row) }
        return result
    }

    @Test func aWorkbookWithThreeChineseSheetsRoundTrips() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("扶贫对象.xlsx")
        let writer = try XLSXWriter(url: url)

        try writer.beginSheet("户信息", columnWidths: [20, 10, 22, 10, 12])
        try writer.appendRow(["户编号", "户主姓名", "户主身份证号", "家庭人口数", "工资性收入"].map(XLSXCell.text), header: true)
        try writer.appendRow([.text("6109271002010001"), .text("张三"), .text("61092719800101123X"), .number(4), .number(2950.4)])
        try writer.appendRow([.text("6109271002010002"), .empty, .text("610927198001011234"), .number(3075), .number(0.0213)])

        try writer.beginSheet("家庭成员")
        try writer.appendRow(["户编号", "姓名", "备注"].map(XLSXCell.text), header: true)
        try writer.appendRow([.text("007"), .text("A&B <c> \"d\""), .text("第一行\n第二行")])
        try writer.appendRow([])
        try writer.appendRow([.empty, .text(" 前后空格 "), .text("_x0041_ 原样")])

        try writer.beginSheet("村信息")
        try writer.appendRow(["村代码", "村", "电力入户率"].map(XLSXCell.text), header: true)
        try writer.appendRow([.text("610927100201"), .text("新华村委会"), .number(-12.75)])

        #expect(!FileManager.default.fileExists(atPath: url.path), "nothing appears before finish()")
        try writer.finish()

        let reader = try XLSXReader(url: url)
        #expect(reader.sheetNames == ["户信息", "家庭成员", "村信息"])
        #expect(try readAll(reader.rows(sheet: "户信息")) == [
            TableRow(number: 1, cells: ["户编号", "户主姓名", "户主身份证号", "家庭人口数", "工资性收入"]),
            TableRow(number: 2, cells: ["6109271002010001", "张三", "61092719800101123X", "4", "2950.4"]),
            TableRow(number: 3, cells: ["6109271002010002", "", "610927198001011234", "3075", "0.0213"]),
        ])
        #expect(try readAll(reader.rows(sheet: "家庭成员")) == [
            TableRow(number: 1, cells: ["户编号", "姓名", "备注"]),
            TableRow(number: 2, cells: ["007", "A&B <c> \"d\"", "第一行\n第二行"]),
            TableRow(number: 4, cells: ["", " 前后空格 ", "_x0041_ 原样"]),
        ])
        #expect(try readAll(reader.rows(sheet: "村信息")) == [
            TableRow(number: 1, cells: ["村代码", "村", "电力入户率"]),
            TableRow(number: 2, cells: ["610927100201", "新华村委会", "-12.75"]),
        ])
    }

    @Test func theWrittenSheetKeepsIDsAsTextUnderABoldFrozenHeader() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("成员.xlsx")
        let writer = try XLSXWriter(url: url)
        try writer.beginSheet("家庭成员", columnWidths: [22, 12])
        try writer.appendRow([.text("身份证号"), .text("务工月数")], header: true)
        try writer.appendRow([.text("610927198001011234"), .number(6)])
        try writer.finish()

        // Look inside the package as Excel would: the ID is an inline string, not a <v> number.
        let xml = try packagePart(of: url, part: "xl/worksheets/sheet1.xml")
        #expect(xml.contains(#"<c r="A2" t="inlineStr"><is><t>610927198001011234</t></is></c>"#))
        #expect(xml.contains(#"<c r="B2"><v>6</v></c>"#))
        #expect(xml.contains(#"<c r="A1" s="1" t="inlineStr">"#))
        #expect(xml.contains(#"state="frozen""#))
        #expect(xml.contains(#"<col min="1" max="1" width="22" customWidth="1"/>"#))
    }

    static let sheetXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
          <dimension ref="A1:F7"/>
          <sheetViews><sheetView workbookViewId="0"/></sheetViews>
          <sheetData>
            <row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
            <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>45000</v></c><c r="C2" s="2"><v>32874</v></c>\
        <c r="D2" t="s"><v>4</v></c><c r="E2" s="3"><v>0.985</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>李四</t></is></c><c r="B3" s="1"><v>61</v></c>\
        <c r="C3" s="1"><v>60</v></c><c r="D3" s="4"><v>2.1299999999999999E-2</v></c><c r="F3" t="b"><v>1</v></c></row>
            <row r="5"><c r="A5" t="str"><f>A3&amp;"户"</f><v>李四户</v></c><c r="C5" s="1"/>\
        <c r="D5" s="5"><v>1.2345E+3</v></c></row>
            <row r="6"><c r="A6" s="1"/></row>
            <row r="7"><c t="inlineStr"><is><r><t>无</t></r><r><t>引用</t></r></is></c><c><v>3075</v></c></row>
          </sheetData>
          <mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>
        </worksheet>
        """

    static let sharedStrings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">
        <si><t>户编号</t></si>
        <si><r><rPr><b/><sz val="11"/></rPr><t>户主</t></r><r><t>姓</t></r><r><rPr><i/></rPr><t>名</t></r></si>
        <si><t>出生日期</t><rPh sb="0" eb="2"><t>chusheng</t></rPh><phoneticPr fontId="1"/></si>
        <si><t>张三</t></si>
        <si><t>A_x0009_B</t></si>
        </sst>
        """

    /// Style 1: built-in date 14; 2: custom 年月日; 3: percent; 4: "0.00_ "; 5: text "@".
    /// The cellStyleXfs before cellXfs must not shift the indexes.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/>\
        <numFmt numFmtId="177" formatCode="0.00_ "/></numFmts>
        <cellStyleXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0"/></cellStyleXfs>
        <cellXfs count="6"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="176" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" xfId="0"/><xf numFmtId="177" xfId="0"/>\
        <xf numFmtId="49" xfId="0"/></cellXfs>
        </styleSheet>
        """

    @Test func aWorkbookSavedByExcelReadsDatesSharedStringsAndSparseCells() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("成员.xlsx")
        try writePackage(handMadeWorkbook(sheetName: "家庭成员", sheetPath: "worksheets/data.xml", sheetXML: Self.sheetXML,
                                          sharedStrings: Self.sharedStrings, styles: Self.styles), to: url)

        let reader = try XLSXReader(url: url)
        #expect(reader.sheetNames == ["说明", "家庭成员"])
        #expect(try readAll(reader.rows(sheet: "家庭成员")) == [
            // Shared strings: plain, rich-text runs joined, phonetic guide left out.
            TableRow(number: 1, cells: ["户编号", "户主姓名", "出生日期"]),
            // 45000 with format 14 and 32874 with a custom 年月日 format are dates; 0.985 at 0.00% is "98.5%".
            TableRow(number: 2, cells: ["张三", "2023-03-15", "1990-01-01", "A\tB", "98.5%"]),
            // Excel's 1900 leap-year bug: serial 60 is 1900-02-29, 61 is 1900-03-01. Booleans read TRUE/FALSE.
            TableRow(number: 3, cells: ["李四", "1900-03-01", "1900-02-29", "0.0213", "", "TRUE"]),
            // A formula's cached text; a number under the text format; row 4 is absent, row 6 has only a styled blank.
            TableRow(number: 5, cells: ["李四户", "", "", "1234.5"]),
            // Cells without a reference follow one another.
            TableRow(number: 7, cells: ["无引用", "3075"]),
        ])

        // The 说明 sheet is named in the workbook but its part is missing.
        let broken = #expect(throws: TableFileError.self) { try reader.rows(sheet: "说明") }
        #expect(broken?.kind == .malformed)
    }

    @Test func aMissingSheetIsReportedInChinese() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("模板.xlsx")
        let writer = try XLSXWriter(url: url)
        try writer.beginSheet("村信息")
        try writer.finish()

        let reader = try XLSXReader(url: url)
        let error = #expect(throws: TableFileError.self) { try reader.rows(sheet: "户信息") }
        #expect(error?.kind == .missingSheet("户信息"))
        #expect(error?.message == "无法读取 xlsx 文件 模板.xlsx：缺少工作表“户信息” / sheet not found")
        #expect(error?.localizedDescription == error?.message)
    }

    @Test func aFileThatIsNotAnXlsxIsReportedInChinese() throws {
        let folder = try TemporaryFolder()
        let csv = folder.file("户信息.xlsx")
        try Data("户编号,姓名\n".utf8).write(to: csv)
        let notZip = #expect(throws: TableFileError.self) { try XLSXReader(url: csv) }
        #expect(notZip?.message.hasPrefix("无法读取 xlsx 文件 户信息.xlsx：不是有效的 xlsx 文件") == true)

        let xls = folder.file("旧表.xlsx")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: xls)
        let old = #expect(throws: TableFileError.self) { try XLSXReader(url: xls) }
        #expect(old?.message.contains("旧版 .xls") == true)
    }

    @Test func theWriterRefusesWhatExcelWouldRefuse() throws {
        let folder = try TemporaryFolder()
        let writer = try XLSXWriter(url: folder.file("x.xlsx"))
        let noSheet = #expect(throws: TableFileError.self) { try writer.appendRow([.text("a")]) }
        #expect(noSheet?.kind == .misuse)
        try writer.beginSheet("户信息")
        for bad in ["户/信息", "", "户信息", String(repeating: "村", count: 32), "'村'"] {
            let error = #expect(throws: TableFileError.self) { try writer.beginSheet(bad) }
            #expect(error?.kind == .invalidSheetName(bad))
        }
        try writer.finish()
        #expect(throws: TableFileError.self) { try writer.finish() }
    }

    @Test func aHundredThousandRowXlsxStreamsThroughTheReader() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("大表.xlsx")
        let writer = try XLSXWriter(url: url)
        try writer.beginSheet("家庭成员")
        try writer.appendRow(["户编号", "姓名", "身份证号", "务工月数", "收入"].map(XLSXCell.text), header: true)
        for i in 1...100_000 {
            try writer.appendRow([.text("610927100201\(i)"), .text("成员\(i)"), .text("610927198001\(String(format: "%06d", i))"),
                                  .number(Double(i % 12)), .number(Double(i) + 0.5)])
        }
        try writer.finish()

        let rows = try XLSXReader(url: url).rows(sheet: "家庭成员")
        var count = 0
        var last: TableRow?
        for row in rows {
            count += 1
            last = row
        }
        #expect(rows.error == nil)
        #expect(count == 100_001)
        #expect(last == TableRow(number: 100_001, cells: ["610927100201100000", "成员100000", "610927198001100000", "4", "100000.5"]))
    }
}
