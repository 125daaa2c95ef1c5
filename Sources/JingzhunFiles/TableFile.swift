public import Foundation

/// One row of a table file, with its 1-based row number as Excel shows it.
public struct TableRow: Sendable, Equatable {
    public var number: Int
    public var cells: [String]

    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }

    /// The cell at a 0-based column, or "" past the end of the row.
    public subscript(column: Int) -> String {
        column >= 0 && column < cells.count ? cells[column] : ""
    }
}

/// Text encodings of csv files as Excel writes them.
public enum TextFileEncoding: String, Sendable, CaseIterable {
    case utf8, utf8BOM, gb18030
}

/// A table file that could not be read or written. `message` is Chinese and names the file.
public struct TableFileError: Error, Sendable, Equatable, LocalizedError, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file is missing, unreadable or unwritable.
        case io
        /// The content is not a valid csv/xlsx file.
        case malformed
        /// The workbook has no sheet of this name.
        case missingSheet(String)
        /// A sheet name Excel does not accept.
        case invalidSheetName(String)
        /// More rows or columns than Excel allows.
        case tooLarge
        /// The writer was used in the wrong order (e.g. a row before any sheet).
        case misuse
    }

    public var kind: Kind
    public var fileName: String
    public var message: String

    public init(kind: Kind, fileName: String, message: String) {
        self.kind = kind
        self.fileName = fileName
        self.message = message
    }

    public var description: String { message }
    public var errorDescription: String? { message }

    static func reading(_ format: String, _ url: URL?, _ kind: Kind, _ detail: String) -> TableFileError {
        let name = displayName(url)
        return TableFileError(kind: kind, fileName: name, message: "无法读取 \(format) 文件 \(name)：\(detail)")
    }

    static func writing(_ format: String, _ url: URL?, _ kind: Kind, _ detail: String) -> TableFileError {
        let name = displayName(url)
        return TableFileError(kind: kind, fileName: name, message: "无法写入 \(format) 文件 \(name)：\(detail)")
    }

    static func displayName(_ url: URL?) -> String {
        guard let url else { return "（标准输出）" }
        return url.lastPathComponent
    }

    /// A short, clerk-readable reason for an underlying system error.
    static func reason(_ error: any Error) -> String {
        if let error = error as? TableFileError { return error.message }
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "文件不存在 / file not found"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "没有访问权限 / permission denied"
            case NSFileWriteOutOfSpaceError: return "磁盘空间不足 / disk full"
            default: break
            }
        }
        return "无法访问文件 / \(error.localizedDescription)"
    }
}
