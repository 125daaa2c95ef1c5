public import Foundation
public import JingzhunDomain

/// Reads a plan document for import (issue 6 §3): plain text (UTF-8 with or without BOM, or GB18030 as Chinese
/// Windows saves it) through `PlanTextParser`, or a table (xlsx / csv in the 000 附件 layout) through
/// `PlanTableParser`. What cannot be read is an error naming the file.
public enum PlanFiles {
    public enum Kind: Sendable { case text, table }

    public static func kind(of fileName: String) -> Kind {
        let ext = (fileName as NSString).pathExtension.lowercased()
        return ext == "xlsx" || ext == "csv" ? .table : .text
    }

    /// Decodes a text file's bytes: UTF-8 (BOM dropped) when valid, else GB18030.
    public static func decodeText(_ data: Data, fileName: String) throws -> String {
        var bytes = ArraySlice(data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if TextDecoding.checkUTF8(bytes) == .valid, let s = TextDecoding.utf8String(bytes) { return s }
        if let s = TextDecoding.gb18030String(bytes) { return s }
        throw TableFileError(kind: .malformed, fileName: fileName, message: "文件“\(fileName)”既不是 UTF-8 也不是 GB18030 编码的文本")
    }

    /// Parses the file at `url`; `calendar` holds the county's holidays and make-up workdays for "月最后一个工作日".
    public static func parse(_ url: URL, year: Int? = nil, calendar: WorkCalendar = .weekendsOnly) throws -> ParsedPlan {
        switch kind(of: url.lastPathComponent) {
        case .text:
            let data = try Data(contentsOf: url)
            return PlanTextParser.parse(try decodeText(data, fileName: url.lastPathComponent), year: year, calendar: calendar)
        case .table:
            return try parseTable(url, year: year, calendar: calendar)
        }
    }

    /// A task-list table ([000] 附件1 layout: 序号, 主要任务, 落实措施, 完成时限, 责任单位, 责任领导, 责任人 …) in an xlsx
    /// (every sheet that has such a header) or a csv. Title lines above the header name the plan. Any row the parser
    /// cannot take fails the whole import with its sheet, row and column.
    static func parseTable(_ url: URL, year given: Int?, calendar: WorkCalendar) throws -> ParsedPlan {
        let fileName = url.lastPathComponent
        var sheets: [(name: String?, rows: [TableRow])] = []
        if url.pathExtension.lowercased() == "xlsx" {
            let reader = try XLSXReader(url: url)
            for name in reader.sheetNames {
                let rows = try reader.rows(sheet: name)
                var all: [TableRow] = []
                while let row = try rows.nextRow() { all.append(row) }
                sheets.append((name, all))
            }
        } else {
            let reader = try CSVFileReader(url: url)
            var all: [TableRow] = []
            while let row = try reader.nextRow() { all.append(row) }
            sheets.append((nil, all))
        }
        var title: String?
        var actions: [ParsedAction] = []
        var warnings: [String] = []
        var problems: [ImportProblem] = []
        for sheet in sheets {
            guard let h = sheet.rows.firstIndex(where: isHeader) else { continue }
            let above = sheet.rows[..<h].flatMap(\.cells).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            title = title ?? above.last
            let year = given ?? yearIn(above.joined()) ?? Day.today().year
            // A sheet keeps every cell in its column: pad short rows (trailing empty cells are not stored in xlsx).
            let width = sheet.rows[h].cells.count
            let cells = sheet.rows[h...].map { $0.cells.count < width ? $0.cells + Array(repeating: "", count: width - $0.cells.count) : $0.cells }
            let table = PlanTableParser.parse(
                rows: cells, title: above.last, planDate: Day(year: year, month: 1, day: 1)!, calendar: calendar,
                firstRowNumber: sheet.rows[h].number)
            actions += table.actions
            warnings += table.warnings.map { (sheet.name.map { "工作表“\($0)” " } ?? "") + $0.description }
            problems += table.problems.map { ImportProblem(fileName: fileName, sheet: sheet.name, row: $0.row, column: $0.column, message: $0.reason) }
        }
        if !problems.isEmpty { throw ImportFailure(fileName: fileName, problems: problems) }
        guard !actions.isEmpty else {
            throw ImportFailure(fileName: fileName, problems: [ImportProblem(
                fileName: fileName, row: 1, column: nil, message: "没有找到任务清单表头（应有 主要任务、完成时限、责任单位 等列）")])
        }
        let year = given ?? yearIn(title ?? "") ?? Day.today().year
        return ParsedPlan(title: title ?? url.deletingPathExtension().lastPathComponent, year: year, actions: actions, warnings: warnings)
    }

    /// A header row names at least two of the columns a task list has.
    static func isHeader(_ row: TableRow) -> Bool {
        let words = ["序号", "任务", "措施", "时限", "单位", "领导", "责任人", "事项"]
        return row.cells.filter { cell in words.contains { cell.contains($0) } }.count >= 3
    }

    static func yearIn(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        for i in scalars.indices where i + 4 < scalars.count && scalars[i] == "2" && scalars[i + 1] == "0" {
            if let y = Int(String(String.UnicodeScalarView(scalars[i..<i + 4]))), scalars[i + 4] == "年" { return y }
        }
        return nil
    }

    /// Parses uploaded bytes (the web form), written to a temporary file for the table readers.
    public static func parse(_ data: Data, fileName: String, year: Int? = nil, calendar: WorkCalendar = .weekendsOnly) throws -> ParsedPlan {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jingzhun-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = (fileName as NSString).lastPathComponent
        let url = dir.appendingPathComponent(name.isEmpty ? "plan.txt" : name)
        try data.write(to: url)
        return try parse(url, year: year, calendar: calendar)
    }
}
