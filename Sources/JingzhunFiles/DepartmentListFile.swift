public import Foundation
public import JingzhunDomain

/// Reads a department's list (低保, 特困, 残疾人, 医疗救助, 临时救助) from an xlsx workbook (every sheet with a 姓名 and
/// 身份证号 header) or a csv file (UTF-8 with or without BOM, or GB18030), for `DepartmentListSheet`. A file that cannot
/// be read is a `TableFileError`; bad cells are an `ImportFailure` naming file, sheet, row and column.
public enum DepartmentListFile {
    public static func read(_ url: URL, list: DepartmentList, unit: String, today: Day) throws -> [DepartmentListRow] {
        let fileName = url.lastPathComponent
        var sheets: [DepartmentListSheet.Sheet] = []
        switch url.pathExtension.lowercased() {
        case "xlsx":
            let reader = try XLSXReader(url: url)
            for name in reader.sheetNames {
                let rows = try reader.rows(sheet: name)
                var all: [(Int, [String])] = []
                while let row = try rows.nextRow() { all.append((row.number, row.cells)) }
                sheets.append(.init(name: name, rows: all))
            }
        case "csv", "txt":
            let reader = try CSVFileReader(url: url)
            var all: [(Int, [String])] = []
            while let row = try reader.nextRow() { all.append((row.number, row.cells)) }
            sheets.append(.init(name: nil, rows: all))
        default:
            throw TableFileError(kind: .malformed, fileName: fileName, message: "无法读取名单文件 \(fileName)：请上传 .xlsx 或 .csv 文件")
        }
        return try DepartmentListSheet.rows(in: sheets, fileName: fileName, list: list, unit: unit, today: today)
    }

    /// The same for uploaded bytes (the web form), written to a temporary file for the table readers.
    public static func read(_ data: Data, fileName: String, list: DepartmentList, unit: String, today: Day) throws -> [DepartmentListRow] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jingzhun-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = (fileName as NSString).lastPathComponent
        let url = dir.appendingPathComponent(name.isEmpty ? "名单.csv" : name)
        try data.write(to: url)
        return try read(url, list: list, unit: unit, today: today)
    }
}
