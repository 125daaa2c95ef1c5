import Foundation
import JingzhunFiles
import Testing

@Suite struct CSVFileTests {
    static let header = ["户编号", "户主姓名", "户主身份证号", "家庭人口数", "工资性收入"]
    static let household = ["6109271002010001", "张三", "61092719800101123X", "4", "2950.4"]

    func readAll(_ url: URL) throws -> (TextFileEncoding, [TableRow]) {
        let reader = try CSVFileReader(url: url)
        var rows: [TableRow] = []
        while let row = try reader.nextRow() { rows.append(row) }
        return (reader.encoding, rows)
    }

    @Test func aCsvSavedByChineseExcelIsReadAsGB18030() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("户信息.csv")
        let text = [Self.header, Self.household].map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        try #require(text.data(using: gb18030)).write(to: url)

        let (encoding, rows) = try readAll(url)
        #expect(encoding == .gb18030)
        #expect(rows == [TableRow(number: 1, cells: Self.header), TableRow(number: 2, cells: Self.household)])
    }

    @Test func gb18030IsDetectedEvenWhenChineseTextStartsFarIntoTheFile() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("long.csv")
        var text = "code,name\r\n"
        for i in 0..<5000 { text += "6109271002\(String(format: "%05d", i)),abcdefghij\r\n" }  // ~130 KB of ASCII
        text += "610927100201,新华村委会\r\n"
        try #require(text.data(using: gb18030)).write(to: url)

        let (encoding, rows) = try readAll(url)
        #expect(encoding == .gb18030)
        #expect(rows.count == 5002)
        #expect(rows.last == TableRow(number: 5002, cells: ["610927100201", "新华村委会"]))
    }

    @Test func aUTF8CsvWithBOMHasNoBOMInItsFirstHeader() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("bom.csv")
        try Data([0xEF, 0xBB, 0xBF] + Array("户编号,姓名\n0001,李四\n".utf8)).write(to: url)

        let (encoding, rows) = try readAll(url)
        #expect(encoding == .utf8BOM)
        #expect(rows.first?.cells.first == "户编号")
        #expect(rows == [TableRow(number: 1, cells: ["户编号", "姓名"]), TableRow(number: 2, cells: ["0001", "李四"])])
    }

    @Test func aUTF8CsvWithoutBOMIsReadAsUTF8() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("plain.csv")
        try Data("村代码,村\n610927100201,新华村委会\n".utf8).write(to: url)

        let (encoding, rows) = try readAll(url)
        #expect(encoding == .utf8)
        #expect(rows.map(\.cells) == [["村代码", "村"], ["610927100201", "新华村委会"]])
    }

    @Test func quotedCellsKeepCommasQuotesAndLineBreaks() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("quoted.csv")
        let text = "姓名,住址,备注\r\n"
            + "王五,\"城关镇,新华村\",\"他说\"\"好\"\"\"\r\n"
            + "赵六,\"二组\r\n三号\",\r\n"
            + ",,\r\n"
            + "\r\n"
            + "钱七,,\"\"\r\n"
            + "孙八,\"末行无换行\""
        try Data(text.utf8).write(to: url)

        let (_, rows) = try readAll(url)
        #expect(rows == [
            TableRow(number: 1, cells: ["姓名", "住址", "备注"]),
            TableRow(number: 2, cells: ["王五", "城关镇,新华村", "他说\"好\""]),
            // A line break inside quotes stays in the cell (as "\n") and does not start a new row.
            TableRow(number: 3, cells: ["赵六", "二组\n三号"]),
            // Rows 4 and 5 are empty: skipped, but the numbering stays Excel's.
            TableRow(number: 6, cells: ["钱七"]),
            TableRow(number: 7, cells: ["孙八", "末行无换行"]),
        ])
    }

    @Test func anUnclosedQuoteIsReportedInChineseWithItsRow() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("broken.csv")
        try Data("姓名,住址\n周九,\"城关镇\n吴十,新华村\n".utf8).write(to: url)

        let reader = try CSVFileReader(url: url)
        #expect(try reader.nextRow()?.number == 1)
        let error = #expect(throws: TableFileError.self) { try reader.nextRow() }
        #expect(error?.message == "无法读取 csv 文件 broken.csv：第 2 行的引号没有闭合 / unterminated quote")

        // The same file through for-in: the loop stops and the error is kept.
        let again = try CSVFileReader(url: url)
        var count = 0
        for _ in again { count += 1 }
        #expect(count == 1)
        #expect(again.error?.kind == .malformed)
    }

    @Test func aMissingFileIsReportedByName() {
        let error = #expect(throws: TableFileError.self) {
            try CSVFileReader(url: URL(fileURLWithPath: "/nonexistent/村信息.csv"))
        }
        #expect(error?.kind == .io)
        #expect(error?.message.hasPrefix("无法读取 csv 文件 村信息.csv：") == true)
    }

    @Test(arguments: [TextFileEncoding.utf8, .utf8BOM, .gb18030])
    func writtenCsvReadsBackInEveryEncoding(_ encoding: TextFileEncoding) throws {
        let folder = try TemporaryFolder()
        let url = folder.file("export.csv")
        let rows = [Self.header, Self.household, ["0002", "李\"四\"", "贵州,黔东南", "第一行\n第二行", " 前后空格 "]]
        let writer = try CSVFileWriter(url: url, encoding: encoding)
        for row in rows { try writer.write(row) }
        try writer.close()

        let bytes = try [UInt8](Data(contentsOf: url))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]) == (encoding == .utf8BOM))
        let (detected, read) = try readAll(url)
        #expect(detected == encoding)
        #expect(read.map(\.cells) == rows)
        if encoding == .gb18030 {
            let text = try #require(String(data: Data(bytes), encoding: gb18030))
            #expect(text.hasPrefix("户编号,户主姓名,"))
            #expect(text.contains("0002,\"李\"\"四\"\"\",\"贵州,黔东南\",\"第一行\n第二行\", 前后空格 \r\n"))
        }
    }

    @Test func writingAfterCloseIsRefused() throws {
        let folder = try TemporaryFolder()
        let writer = try CSVFileWriter(url: folder.file("a.csv"), encoding: .utf8)
        try writer.close()
        try writer.close()
        #expect(throws: TableFileError.self) { try writer.write(["x"]) }
    }

    @Test func aHundredThousandRowCsvStreamsThroughTheReader() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("big.csv")
        let writer = try CSVFileWriter(url: url, encoding: .gb18030)
        try writer.write(Self.header)
        for i in 1...100_000 {
            try writer.write(["61092710020\(i)", "户主\(i)", "610927198001\(String(format: "%06d", i))", "3", "1200.5"])
        }
        try writer.close()

        let reader = try CSVFileReader(url: url)
        var count = 0
        var last: TableRow?
        for row in reader {
            count += 1
            last = row
        }
        #expect(reader.error == nil)
        #expect(reader.encoding == .gb18030)
        #expect(count == 100_001)
        #expect(last == TableRow(number: 100_001, cells: ["61092710020100000", "户主100000", "610927198001100000", "3", "1200.5"]))
    }

    /// Cells are copied a run at a time: quotes, line breaks and commas must still be seen wherever the reader's
    /// 64 KiB chunks happen to split them.
    @Test func quotedCellsSplitAcrossReadChunksReadTheSame() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("long.csv")
        var text = "户编号,备注,金额\r\n"
        var expected: [TableRow] = [TableRow(number: 1, cells: ["户编号", "备注", "金额"])]
        for i in 1...3_000 {
            let note = String(repeating: "说明,", count: i % 37) + "他说\"\"好\"\"\r\n第\(i)行"
            text += "H\(i),\"\(note)\",\(i).5\r\n"
            expected.append(TableRow(number: i + 1, cells: ["H\(i)", note.replacingOccurrences(of: "\"\"", with: "\"")
                .replacingOccurrences(of: "\r\n", with: "\n"), "\(i).5"]))
        }
        try Data(text.utf8).write(to: url)
        #expect(text.utf8.count > 4 << 16)

        let (_, rows) = try readAll(url)
        #expect(rows.count == expected.count)
        #expect(rows == expected)
    }
}
