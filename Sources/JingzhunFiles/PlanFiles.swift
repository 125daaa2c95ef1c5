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

    /// Parses the file at `url`.
    public static func parse(_ url: URL, year: Int? = nil) throws -> ParsedPlan {
        switch kind(of: url.lastPathComponent) {
        case .text:
            let data = try Data(contentsOf: url)
            return PlanTextParser.parse(try decodeText(data, fileName: url.lastPathComponent), year: year)
        case .table:
            throw TableFileError(kind: .malformed, fileName: url.lastPathComponent, message: "表格导入稍后提供")
        }
    }

    /// Parses uploaded bytes (the web form), written to a temporary file for the table readers.
    public static func parse(_ data: Data, fileName: String, year: Int? = nil) throws -> ParsedPlan {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jingzhun-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = (fileName as NSString).lastPathComponent
        let url = dir.appendingPathComponent(name.isEmpty ? "plan.txt" : name)
        try data.write(to: url)
        return try parse(url, year: year)
    }
}
