public import Foundation
public import JingzhunDomain

/// Reads a clerk's register file — an xlsx with sheets 户信息/家庭成员/村信息, or one csv per sheet — into
/// rows the importer takes, and writes the same layout back out (template, export, rejected rows).
public enum RegisterFiles {
    /// Every register sheet in the file, each to be read row by row (memory stays flat however long the
    /// file). An xlsx sheet is recognised by its name or, failing that, by its header row; a csv by its header
    /// row (or its file name, e.g. 家庭成员.csv).
    public static func open(_ url: URL) throws -> [any RegisterRowSource] {
        let fileName = url.lastPathComponent
        if url.pathExtension.lowercased() == "xlsx" {
            let reader = try XLSXReader(url: url)
            var result: [any RegisterRowSource] = []
            for name in reader.sheetNames {
                let rows = try reader.rows(sheet: name)
                guard let header = try rows.nextRow(), let sheet = RegisterSheet.recognise(name: name, header: header.cells) else { continue }
                result.append(FileRows(fileName: fileName, sheetLabel: name, sheet: sheet, header: header.cells) { try rows.nextRow() })
            }
            if result.isEmpty {
                throw ImportFailure(fileName: fileName, problems: [.init(row: 1, column: nil, message: "没有找到“户信息”“家庭成员”或“村信息”工作表")])
            }
            return result
        }
        let reader = try CSVFileReader(url: url)
        guard let header = try reader.nextRow() else {
            throw ImportFailure(fileName: fileName, problems: [.init(row: 1, column: nil, message: "文件为空")])
        }
        let stem = url.deletingPathExtension().lastPathComponent
        guard let sheet = RegisterSheet.recognise(name: stem, header: header.cells) ?? RegisterSheet.recognise(name: nil, header: header.cells) else {
            throw ImportFailure(fileName: fileName, problems: [.init(
                row: 1, column: nil, message: "无法识别表格：表头应包含“户信息”“家庭成员”或“村信息”模板的全部列")])
        }
        return [FileRows(fileName: fileName, sheetLabel: nil, sheet: sheet, header: header.cells) { try reader.nextRow() }]
    }

    /// The same, read into memory (small files and tests).
    public static func load(_ url: URL) throws -> [SheetRows] {
        try open(url).map { source in
            var source = source
            var rows: [(Int, [String])] = []
            while let row = try source.next() { rows.append(row) }
            return SheetRows(fileName: source.fileName, sheetLabel: source.sheetLabel, sheet: source.sheet, header: source.header, rows: rows)
        }
    }

    /// A sheet streamed from a file.
    final class FileRows: RegisterRowSource {
        let fileName: String
        let sheetLabel: String?
        let sheet: RegisterSheet
        let header: [String]
        private let read: () throws -> TableRow?

        init(fileName: String, sheetLabel: String?, sheet: RegisterSheet, header: [String], read: @escaping () throws -> TableRow?) {
            self.fileName = fileName
            self.sheetLabel = sheetLabel
            self.sheet = sheet
            self.header = header
            self.read = read
        }

        func next() throws -> (Int, [String])? { try read().map { ($0.number, $0.cells) } }
    }

    public enum Format: String, Sendable, CaseIterable {
        case xlsx, csv
    }

    /// Writes several sheets into one xlsx (header row bold), with an optional 说明 sheet.
    public static func writeXLSX(_ url: URL, sheets: [(String, [String], [[String]])], notes: [(String, String)] = []) throws {
        let writer = try XLSXWriter(url: url)
        for (name, header, rows) in sheets {
            try writer.beginSheet(name, columnWidths: header.map { max(10, Double($0.count) * 2.2 + 2) })
            try writer.appendRow(header.map { .text($0) }, header: true)
            for row in rows { try writer.appendRow(row.map { $0.isEmpty ? .empty : .text($0) }) }
        }
        if !notes.isEmpty {
            try writer.beginSheet("说明", columnWidths: [16, 80])
            try writer.appendRow([.text("项目"), .text("填写要求")], header: true)
            for (k, v) in notes { try writer.appendRow([.text(k), .text(v)]) }
        }
        try writer.finish()
    }

    /// The empty template: the three sheets with their headers, and a 说明 sheet of the allowed values.
    public static func writeTemplate(_ url: URL) throws {
        try writeXLSX(url, sheets: RegisterSheet.allCases.map { ($0.name, $0.headers, []) }, notes: RegisterSheet.notes)
    }

    /// Rejected rows with a reason column, for the clerk to fix and import again.
    public static func writeRejected(_ url: URL, rejected: [(RegisterSheet, Int, [String], [String])]) throws {
        let sheets = RegisterSheet.allCases.compactMap { sheet -> (String, [String], [[String]])? in
            let rows = rejected.filter { $0.0 == sheet }
            guard !rows.isEmpty else { return nil }
            return (sheet.name, ["原行号", "未导入原因"] + sheet.headers, rows.map { [String($0.1), $0.3.joined(separator: "；")] + $0.2 })
        }
        try writeXLSX(url, sheets: sheets)
    }
}
