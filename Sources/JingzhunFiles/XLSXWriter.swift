public import Foundation
import ZIPFoundation

/// A cell to write. Text is always written as text, so ID numbers and codes keep every digit.
public enum XLSXCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case empty
}

/// Streaming xlsx writer. Sheets are written one after another: `beginSheet`, its rows, the next `beginSheet`…,
/// then `finish()`. Rows go to a temporary file per sheet, so memory does not grow with the row count; the
/// .xlsx appears at `url` only when `finish()` succeeds. Text cells are inline strings; a header row is bold
/// and frozen.
public final class XLSXWriter {
    /// Excel's limits.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
    public static let maxCellCharacters = 32_767

    public let url: URL
    private let temporary: TemporaryDirectory
    private var sheetNames: [String] = []
    private var sheet: SheetPart?
    private var isFinished = false
    private var columnNames: [String] = []
    private var line = ""

    public init(url: URL) throws(TableFileError) {
        self.url = url
        do {
            temporary = try TemporaryDirectory(prefix: "jingzhun-xlsx-write")
        } catch {
            throw .writing("xlsx", url, .io, TableFileError.reason(error))
        }
    }

    /// Starts a new sheet (ending the previous one). `columnWidths` are in Excel's character units.
    public func beginSheet(_ name: String, columnWidths: [Double]? = nil) throws(TableFileError) {
        try checkOpen()
        if let problem = Self.sheetNameProblem(name, existing: sheetNames) {
            throw .writing("xlsx", url, .invalidSheetName(name), "工作表名“\(name)”无效：\(problem)")
        }
        try endSheet()
        let file = temporary.url.appendingPathComponent("sheet\(sheetNames.count + 1).xml")
        do {
            sheet = SheetPart(output: try BufferedOutput(creating: file), columnWidths: columnWidths ?? [],
                              isFirst: sheetNames.isEmpty)
        } catch {
            throw .writing("xlsx", url, .io, TableFileError.reason(error))
        }
        sheetNames.append(name)
    }

    /// Appends the next row of the current sheet. A `header` row is bold; if it is the first row it is frozen.
    public func appendRow(_ cells: [XLSXCell], header: Bool = false) throws(TableFileError) {
        try checkOpen()
        guard let sheet else {
            throw .writing("xlsx", url, .misuse, "写入行之前必须先开始一个工作表 / beginSheet first")
        }
        guard sheet.rowCount < Self.maxRows else {
            throw .writing("xlsx", url, .tooLarge,
                           "工作表“\(sheetNames.last ?? "")”超过 Excel 的 \(Self.maxRows) 行上限 / too many rows")
        }
        guard cells.count <= Self.maxColumns else {
            throw .writing("xlsx", url, .tooLarge, "一行超过 \(Self.maxColumns) 列 / too many columns")
        }
        let row = sheet.rowCount + 1
        do {
            if !sheet.headWritten { try writeHead(sheet, frozenHeader: header && row == 1) }
            line.removeAll(keepingCapacity: true)
            line.append("<row r=\"\(row)\">")
            let rowStart = line.utf8.count
            let style = header ? " s=\"1\"" : ""
            for (column, cell) in cells.enumerated() {
                switch cell {
                case .empty:
                    continue
                case .number(let value):
                    guard value.isFinite else { continue }
                    line.append("<c r=\"\(columnName(column))\(row)\"\(style)><v>")
                    line.append(Self.numberText(value))
                    line.append("</v></c>")
                case .text(let text):
                    guard !text.isEmpty else { continue }
                    if text.utf8.count > Self.maxCellCharacters, text.utf16.count > Self.maxCellCharacters {
                        throw TableFileError.writing(
                            "xlsx", url, .tooLarge,
                            "第 \(row) 行第 \(column + 1) 列超过 Excel 单元格 \(Self.maxCellCharacters) 个字符的上限 / cell too long")
                    }
                    line.append("<c r=\"\(columnName(column))\(row)\"\(style) t=\"inlineStr\"><is><t")
                    if Self.needsPreserve(text) { line.append(" xml:space=\"preserve\"") }
                    line.append(">")
                    CellFormatting.appendEscaped(text, to: &line)
                    line.append("</t></is></c>")
                }
            }
            // An empty row is just not written; its number is still used up.
            if line.utf8.count > rowStart {
                line.append("</row>")
                try sheet.output.write(line)
            }
            sheet.rowCount = row
        } catch let error as TableFileError {
            throw error
        } catch {
            throw .writing("xlsx", url, .io, TableFileError.reason(error))
        }
    }

    /// Ends the last sheet and writes the .xlsx file (replacing any file at `url`). A workbook with no sheet
    /// gets one empty sheet, since Excel needs at least one.
    public func finish() throws(TableFileError) {
        try checkOpen()
        if sheetNames.isEmpty { try beginSheet("Sheet1") }
        try endSheet()
        isFinished = true
        defer { temporary.remove() }
        do {
            let fileManager = FileManager.default
            if fileManager.fileExists(atPath: url.path) { try fileManager.removeItem(at: url) }
            do {
                let archive = try Archive(url: url, accessMode: .create)
                try Self.add(archive, "[Content_Types].xml", contentTypes())
                try Self.add(archive, "_rels/.rels", Self.packageRelationships)
                try Self.add(archive, "xl/workbook.xml", workbook())
                try Self.add(archive, "xl/_rels/workbook.xml.rels", workbookRelationships())
                try Self.add(archive, "xl/styles.xml", Self.styles)
                for index in sheetNames.indices {
                    let file = temporary.url.appendingPathComponent("sheet\(index + 1).xml")
                    try archive.addEntry(with: "xl/worksheets/sheet\(index + 1).xml", fileURL: file,
                                         compressionMethod: .deflate, bufferSize: 1 << 16)
                }
            } catch {
                try? fileManager.removeItem(at: url)
                throw error
            }
        } catch {
            throw .writing("xlsx", url, .io, TableFileError.reason(error))
        }
    }

    // MARK: - Sheets

    private final class SheetPart {
        let output: BufferedOutput
        let columnWidths: [Double]
        let isFirst: Bool
        var rowCount = 0
        var headWritten = false

        init(output: BufferedOutput, columnWidths: [Double], isFirst: Bool) {
            self.output = output
            self.columnWidths = columnWidths
            self.isFirst = isFirst
        }
    }

    private func checkOpen() throws(TableFileError) {
        if isFinished { throw .writing("xlsx", url, .misuse, "文件已写完 / writer finished") }
    }

    private func endSheet() throws(TableFileError) {
        guard let sheet else { return }
        self.sheet = nil
        do {
            if !sheet.headWritten { try writeHead(sheet, frozenHeader: false) }
            try sheet.output.write("</sheetData></worksheet>")
            try sheet.output.close()
        } catch {
            throw .writing("xlsx", url, .io, TableFileError.reason(error))
        }
    }

    private func writeHead(_ sheet: SheetPart, frozenHeader: Bool) throws {
        sheet.headWritten = true
        var head = Self.xmlDeclaration
        head += "<worksheet xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipNamespace)\">"
        head += "<sheetViews><sheetView workbookViewId=\"0\"\(sheet.isFirst ? " tabSelected=\"1\"" : "")>"
        if frozenHeader {
            head += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            head += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
        }
        head += "</sheetView></sheetViews>"
        let widths = sheet.columnWidths.prefix(Self.maxColumns).enumerated().filter { $0.element.isFinite && $0.element > 0 }
        if !widths.isEmpty {
            head += "<cols>"
            for (i, width) in widths {
                head += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(Self.numberText(min(width, 255)))\" customWidth=\"1\"/>"
            }
            head += "</cols>"
        }
        head += "<sheetData>"
        try sheet.output.write(head)
    }

    private func columnName(_ index: Int) -> String {
        while columnNames.count <= index { columnNames.append(Self.columnLetters(columnNames.count)) }
        return columnNames[index]
    }

    /// 0 → "A", 25 → "Z", 26 → "AA".
    static func columnLetters(_ index: Int) -> String {
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(letters)
    }

    static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description.uppercased()
    }

    private static func needsPreserve(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        return first.properties.isWhitespace || last.properties.isWhitespace
            || text.utf8.contains { $0 == 0x0A || $0 == 0x09 }
    }

    /// Why Excel would refuse this sheet name, or nil.
    static func sheetNameProblem(_ name: String, existing: [String]) -> String? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "不能为空 / empty" }
        if name.utf16.count > 31 { return "不能超过 31 个字符 / longer than 31 characters" }
        if name.contains(where: { ":\\/?*[]".contains($0) }) { return "不能包含 : \\ / ? * [ ] / forbidden character" }
        if name.hasPrefix("'") || name.hasSuffix("'") { return "不能以单引号开头或结尾 / leading or trailing apostrophe" }
        if name.lowercased() == "history" { return "是 Excel 保留的名字 / reserved" }
        if existing.contains(where: { $0.lowercased() == name.lowercased() }) { return "与已有工作表重名 / duplicate" }
        return nil
    }

    // MARK: - Package parts

    private static func add(_ archive: Archive, _ path: String, _ text: String) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                             compressionMethod: .deflate) { position, size in
            let start = Int(position)
            return data.subdata(in: start..<min(start + size, data.count))
        }
    }

    static let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    private func contentTypes() -> String {
        var xml = Self.xmlDeclaration
        xml += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml += "<Override PartName=\"/xl/workbook.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        xml += "<Override PartName=\"/xl/styles.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for index in sheetNames.indices {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml += "</Types>"
        return xml
    }

    private static let packageRelationships = xmlDeclaration
        + "<Relationships xmlns=\"\(packageRelationshipNamespace)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    private func workbook() -> String {
        var xml = Self.xmlDeclaration
        xml += "<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipNamespace)\">"
        xml += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, name) in sheetNames.enumerated() {
            xml += "<sheet name=\""
            CellFormatting.appendEscaped(name, to: &xml)
            xml += "\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets></workbook>"
        return xml
    }

    private func workbookRelationships() -> String {
        var xml = Self.xmlDeclaration
        xml += "<Relationships xmlns=\"\(Self.packageRelationshipNamespace)\">"
        for index in sheetNames.indices {
            xml += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(Self.relationshipNamespace)/worksheet\" "
                + "Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheetNames.count + 1)\" Type=\"\(Self.relationshipNamespace)/styles\" "
            + "Target=\"styles.xml\"/>"
        xml += "</Relationships>"
        return xml
    }

    /// Style 0: normal; style 1: bold (header).
    private static let styles = xmlDeclaration
        + "<styleSheet xmlns=\"\(mainNamespace)\">"
        + "<fonts count=\"2\">"
        + "<font><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"
        + "</fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
        + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"
}
