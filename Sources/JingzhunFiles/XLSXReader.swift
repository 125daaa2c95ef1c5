public import Foundation
import ZIPFoundation

/// Reads .xlsx workbooks sheet by sheet. Each sheet's XML is extracted to a temporary file and parsed as a
/// stream, so memory grows only with the shared-strings table, not with the number of rows.
///
/// Cell values come back as text as Excel shows them in a plain column: numbers without exponent or trailing
/// ".0", date-formatted numbers as "YYYY-MM-DD", time formats as "HH:MM:SS", percentages as "98.5%",
/// booleans as "TRUE"/"FALSE".
public final class XLSXReader {
    public let url: URL
    /// Sheet names in workbook order.
    public let sheetNames: [String]
    /// Whether the workbook uses the 1904 date system (old Mac Excel).
    public let usesDate1904: Bool

    private let archive: Archive
    private let sheetPaths: [String]
    private let sharedStringsPath: String?
    private let stylesPath: String?
    private var sharedStrings: [String]?
    private var numberDisplays: [NumberDisplay]?

    public init(url: URL) throws(TableFileError) {
        self.url = url
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .reading("xlsx", url, .io, "文件不存在 / file not found")
        }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Self.notZip(url)
        }
        do {
            let packageRels = try Self.relationships(in: archive, path: "_rels/.rels", for: "")
            let workbookPath = packageRels.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
            guard let workbookBytes = try Self.bytes(in: archive, path: workbookPath) else {
                throw TableFileError.reading("xlsx", url, .malformed, "缺少工作簿（\(workbookPath)）/ workbook part missing")
            }
            let directory = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
            let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/"
                + (workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
            let rels = try Self.relationships(in: archive, path: relsPath, for: workbookPath)

            var names: [String] = []
            var paths: [String] = []
            var date1904 = false
            let parser = XMLPullParser(bytes: workbookBytes)
            while true {
                let event = try parser.next()
                if event == .endOfDocument { break }
                guard event == .start else { continue }
                if parser.name == "workbookPr" {
                    date1904 = ["1", "true"].contains(parser.attribute("date1904")?.lowercased() ?? "")
                } else if parser.name == "sheet", let name = parser.attribute("name") {
                    let id = parser.attribute("id") ?? ""
                    let path = rels.first { $0.id == id }?.target
                        ?? Self.resolve("worksheets/sheet\(names.count + 1).xml", relativeTo: workbookPath)
                    names.append(name)
                    paths.append(path)
                }
            }
            sheetNames = names
            sheetPaths = paths
            usesDate1904 = date1904
            sharedStringsPath = rels.first { $0.type.hasSuffix("/sharedStrings") }?.target
                ?? (Self.entry(in: archive, path: "xl/sharedStrings.xml") != nil ? "xl/sharedStrings.xml" : nil)
            stylesPath = rels.first { $0.type.hasSuffix("/styles") }?.target
                ?? (Self.entry(in: archive, path: "xl/styles.xml") != nil ? "xl/styles.xml" : nil)
        } catch let error as TableFileError {
            throw error
        } catch {
            throw .reading("xlsx", url, .malformed, "工作簿结构已损坏 / corrupt workbook (\(error))")
        }
    }

    /// The rows of the sheet with this name (surrounding spaces in the workbook's names are ignored).
    public func rows(sheet name: String) throws(TableFileError) -> XLSXSheetRows {
        let index = sheetNames.firstIndex(of: name)
            ?? sheetNames.firstIndex { $0.trimmingCharacters(in: .whitespaces) == name.trimmingCharacters(in: .whitespaces) }
        guard let index else {
            throw .reading("xlsx", url, .missingSheet(name), "缺少工作表“\(name)” / sheet not found")
        }
        return try rows(sheetAt: index)
    }

    /// The rows of the sheet at a 0-based position in `sheetNames`.
    public func rows(sheetAt index: Int) throws(TableFileError) -> XLSXSheetRows {
        guard sheetNames.indices.contains(index) else {
            throw .reading("xlsx", url, .missingSheet("#\(index + 1)"), "没有第 \(index + 1) 个工作表 / no such sheet")
        }
        let name = sheetNames[index]
        do {
            let strings = try loadSharedStrings()
            let displays = try loadNumberDisplays()
            guard let entry = Self.entry(in: archive, path: sheetPaths[index]) else {
                throw TableFileError.reading("xlsx", url, .malformed,
                                             "缺少工作表“\(name)”的内容（\(sheetPaths[index])）/ sheet part missing")
            }
            let temporary = try TemporaryDirectory(prefix: "jingzhun-xlsx-read")
            let file = temporary.url.appendingPathComponent("sheet.xml")
            _ = try archive.extract(entry, to: file, bufferSize: 1 << 16)
            return XLSXSheetRows(
                url: url, sheetName: name, parser: try XMLPullParser(url: file), temporary: temporary,
                sharedStrings: strings, displays: displays, date1904: usesDate1904)
        } catch let error as TableFileError {
            throw error
        } catch {
            throw .reading("xlsx", url, .malformed, "工作表“\(name)”已损坏 / corrupt sheet (\(error))")
        }
    }

    // MARK: - Shared parts

    private func loadSharedStrings() throws -> [String] {
        if let sharedStrings { return sharedStrings }
        var strings: [String] = []
        if let path = sharedStringsPath, let entry = Self.entry(in: archive, path: path) {
            let temporary = try TemporaryDirectory(prefix: "jingzhun-xlsx-strings")
            defer { temporary.remove() }
            let file = temporary.url.appendingPathComponent("sharedStrings.xml")
            _ = try archive.extract(entry, to: file, bufferSize: 1 << 16)
            let parser = try XMLPullParser(url: file)
            while true {
                let event = try parser.next()
                if event == .endOfDocument { break }
                if event == .start, parser.name == "si" {
                    strings.append(try Self.readRichText(parser))
                }
            }
        }
        sharedStrings = strings
        return strings
    }

    private func loadNumberDisplays() throws -> [NumberDisplay] {
        if let numberDisplays { return numberDisplays }
        var displays: [NumberDisplay] = []
        if let path = stylesPath, let bytes = try Self.bytes(in: archive, path: path) {
            var customFormats: [Int: String] = [:]
            var formatIDs: [Int] = []
            var inCellXfs = false
            var inNumFmts = false
            let parser = XMLPullParser(bytes: bytes)
            loop: while true {
                switch try parser.next() {
                case .endOfDocument: break loop
                case .start:
                    switch parser.name {
                    case "numFmts": inNumFmts = true
                    case "numFmt" where inNumFmts:
                        if let id = parser.attribute("numFmtId").flatMap({ Int($0) }) {
                            customFormats[id] = parser.attribute("formatCode") ?? ""
                        }
                    case "cellXfs": inCellXfs = true
                    case "xf" where inCellXfs:
                        formatIDs.append(parser.attribute("numFmtId").flatMap { Int($0) } ?? 0)
                    default: break
                    }
                case .end:
                    if parser.name == "cellXfs" { inCellXfs = false }
                    if parser.name == "numFmts" { inNumFmts = false }
                case .text: break
                }
            }
            displays = formatIDs.map { id in customFormats[id].map(NumberDisplay.custom) ?? NumberDisplay.builtIn(id) }
        }
        numberDisplays = displays
        return displays
    }

    /// Text of an `<si>` or `<is>` element: its `<t>` and rich-text runs `<r><t>`, without phonetic `<rPh>`.
    static func readRichText(_ parser: XMLPullParser) throws -> String {
        var text = ""
        var depth = 0
        while true {
            switch try parser.next() {
            case .start:
                if parser.name == "t" {
                    text += try parser.readElementText()
                } else if parser.name == "rPh" || parser.name == "phoneticPr" {
                    try parser.skipElement()
                } else {
                    depth += 1
                }
            case .end:
                if depth == 0 { return CellFormatting.decodeOOXMLEscapes(text) }
                depth -= 1
            case .text: break
            case .endOfDocument: throw XMLParseError.unexpectedEnd
            }
        }
    }

    // MARK: - Package helpers

    private struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    private static func relationships(in archive: Archive, path: String, for sourcePart: String) throws -> [Relationship] {
        guard let bytes = try bytes(in: archive, path: path) else { return [] }
        var result: [Relationship] = []
        let parser = XMLPullParser(bytes: bytes)
        while true {
            let event = try parser.next()
            if event == .endOfDocument { break }
            guard event == .start, parser.name == "Relationship", parser.attribute("TargetMode") != "External",
                  let target = parser.attribute("Target") else { continue }
            result.append(Relationship(id: parser.attribute("Id") ?? "", type: parser.attribute("Type") ?? "",
                                       target: resolve(target, relativeTo: sourcePart)))
        }
        return result
    }

    /// A relationship target as a path inside the package.
    static func resolve(_ target: String, relativeTo sourcePart: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var components = sourcePart.split(separator: "/").dropLast().map(String.init)
        for component in target.split(separator: "/") {
            if component == ".." {
                _ = components.popLast()
            } else if component != "." {
                components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }

    private static func entry(in archive: Archive, path: String) -> Entry? {
        if let entry = archive[path] { return entry }
        let lower = path.lowercased()
        return archive.first { $0.path.lowercased() == lower || $0.path.lowercased() == "/" + lower }
    }

    private static func bytes(in archive: Archive, path: String) throws -> [UInt8]? {
        guard let entry = entry(in: archive, path: path) else { return nil }
        var bytes: [UInt8] = []
        _ = try archive.extract(entry, bufferSize: 1 << 16) { data in bytes.append(contentsOf: data) }
        return bytes
    }

    private static func notZip(_ url: URL) -> TableFileError {
        var head = [UInt8]()
        if let handle = try? FileHandle(forReadingFrom: url) {
            head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
            try? handle.close()
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return .reading("xlsx", url, .malformed,
                            "这是旧版 .xls 文件或加密的文件，请在 Excel 中另存为 .xlsx（不设密码）/ .xls or encrypted file")
        }
        return .reading("xlsx", url, .malformed, "不是有效的 xlsx 文件（可能已损坏）/ not a valid xlsx file")
    }
}

/// The rows of one xlsx sheet, read as a stream. Completely empty rows are skipped but keep Excel's row
/// numbers; trailing empty cells are trimmed.
///
/// Use `while let row = try rows.nextRow()` to see errors where they happen. It is also a single-pass
/// `Sequence`; a `for row in rows` loop stops at the first error, which is then in `error`.
public final class XLSXSheetRows: Sequence, IteratorProtocol {
    public let sheetName: String
    /// The error that ended iteration through `next()`, if any.
    public private(set) var error: TableFileError?

    private let url: URL
    private let parser: XMLPullParser
    private var temporary: TemporaryDirectory?
    private let sharedStrings: [String]
    private let displays: [NumberDisplay]
    private let date1904: Bool
    private var inSheetData = false
    private var lastRowNumber = 0
    private var rowNumber = 0
    private var cells: [String] = []
    private var nextColumn = 0

    init(url: URL, sheetName: String, parser: XMLPullParser, temporary: TemporaryDirectory,
         sharedStrings: [String], displays: [NumberDisplay], date1904: Bool) {
        self.url = url
        self.sheetName = sheetName
        self.parser = parser
        self.temporary = temporary
        self.sharedStrings = sharedStrings
        self.displays = displays
        self.date1904 = date1904
    }

    public func makeIterator() -> XLSXSheetRows { self }

    public func next() -> TableRow? {
        guard error == nil else { return nil }
        do {
            return try nextRow()
        } catch {
            self.error = error
            return nil
        }
    }

    /// The next non-empty row, or nil after the last one.
    public func nextRow() throws(TableFileError) -> TableRow? {
        guard temporary != nil else { return nil }
        do {
            while true {
                switch try parser.next() {
                case .endOfDocument:
                    finish()
                    return nil
                case .start:
                    switch parser.name {
                    case "sheetData":
                        inSheetData = true
                    case "row" where inSheetData:
                        rowNumber = parser.attribute("r").flatMap { Int($0) } ?? lastRowNumber + 1
                        lastRowNumber = rowNumber
                        cells = []
                        nextColumn = 0
                    case "c" where inSheetData:
                        try readCell()
                    default:
                        break
                    }
                case .end:
                    if parser.name == "row", inSheetData {
                        while cells.last?.isEmpty == true { cells.removeLast() }
                        if !cells.isEmpty { return TableRow(number: rowNumber, cells: cells) }
                    } else if parser.name == "sheetData" {
                        finish()
                        return nil
                    }
                case .text:
                    break
                }
            }
        } catch let error as TableFileError {
            finish()
            throw error
        } catch {
            finish()
            throw .reading("xlsx", url, .malformed, "工作表“\(sheetName)”第 \(rowNumber) 行附近已损坏 / corrupt sheet XML")
        }
    }

    private func finish() {
        temporary?.remove()
        temporary = nil
    }

    private func readCell() throws {
        let column: Int
        if let reference = parser.attribute("r"), let parsed = Self.columnIndex(reference) {
            column = parsed
        } else {
            column = nextColumn
        }
        guard column < XLSXWriter.maxColumns else {
            throw TableFileError.reading("xlsx", url, .malformed, "工作表“\(sheetName)”第 \(rowNumber) 行的列号超出范围")
        }
        let type = parser.attribute("t") ?? "n"
        let style = parser.attribute("s").flatMap { Int($0) } ?? 0
        var value: String?
        var inline: String?
        var depth = 0
        loop: while true {
            switch try parser.next() {
            case .start:
                switch parser.name {
                case "v": value = try parser.readElementText()
                case "is": inline = try XLSXReader.readRichText(parser)
                case "f", "extLst": try parser.skipElement()
                default: depth += 1
                }
            case .end:
                if depth == 0 { break loop }
                depth -= 1
            case .text: break
            case .endOfDocument: throw XMLParseError.unexpectedEnd
            }
        }
        let text = try cellText(type: type, style: style, value: value, inline: inline)
        nextColumn = column + 1
        guard !text.isEmpty else { return }
        if cells.count <= column { cells.append(contentsOf: repeatElement("", count: column + 1 - cells.count)) }
        cells[column] = text
    }

    private func cellText(type: String, style: Int, value: String?, inline: String?) throws -> String {
        switch type {
        case "s":
            guard let value else { return "" }
            guard let index = Int(value) ?? Int(value.trimmingCharacters(in: .whitespaces)),
                  sharedStrings.indices.contains(index) else {
                throw TableFileError.reading("xlsx", url, .malformed,
                                             "工作表“\(sheetName)”第 \(rowNumber) 行引用了不存在的共享字符串 / bad shared string")
            }
            return sharedStrings[index]
        case "inlineStr":
            return inline ?? value.map(CellFormatting.decodeOOXMLEscapes) ?? ""
        case "str", "e":
            return value.map(CellFormatting.decodeOOXMLEscapes) ?? ""
        case "b":
            guard let value else { return "" }
            return value.trimmingCharacters(in: .whitespaces) == "1" ? "TRUE" : "FALSE"
        case "d":
            guard let value else { return "" }
            return display(style) == .date && value.count >= 10 ? String(value.prefix(10)) : value
        default:
            guard let value, !value.isEmpty else { return "" }
            guard let number = Double(value) ?? Double(value.trimmingCharacters(in: .whitespaces)) else { return value }
            switch display(style) {
            case .plain: return CellFormatting.plainNumber(number)
            case .date: return CellFormatting.date(number, date1904: date1904) ?? CellFormatting.plainNumber(number)
            case .time: return CellFormatting.time(number, elapsed: false) ?? CellFormatting.plainNumber(number)
            case .elapsedTime: return CellFormatting.time(number, elapsed: true) ?? CellFormatting.plainNumber(number)
            case .percent: return CellFormatting.percent(number)
            }
        }
    }

    private func display(_ style: Int) -> NumberDisplay {
        displays.indices.contains(style) ? displays[style] : .plain
    }

    /// "C5" → 2; nil when the reference has no column letters.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            let upper = byte & 0xDF
            guard upper >= 65, upper <= 90, byte >= 65 else { break }
            index = index * 26 + Int(upper - 64)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : index - 1
    }

    deinit { temporary?.remove() }
}
