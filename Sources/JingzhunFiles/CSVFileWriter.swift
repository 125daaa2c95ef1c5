public import Foundation

/// Streaming csv writer: CRLF line ends, fields quoted only when they contain a comma, quote or line break.
/// `.utf8BOM` starts the file with EF BB BF so that Excel opens UTF-8 text correctly; `.gb18030` is what
/// Chinese Excel reads without a BOM.
public final class CSVFileWriter {
    public let encoding: TextFileEncoding
    private let url: URL?
    private let output: BufferedOutput
    private var line = ""

    /// Creates or truncates the file at `url`; nil writes to standard output.
    public init(url: URL?, encoding: TextFileEncoding) throws(TableFileError) {
        self.url = url
        self.encoding = encoding
        do {
            if let url {
                output = try BufferedOutput(creating: url)
            } else {
                output = BufferedOutput(handle: FileHandle.standardOutput, ownsHandle: false)
            }
            if encoding == .utf8BOM { try output.write(bytes: [0xEF, 0xBB, 0xBF]) }
        } catch {
            throw .writing("csv", url, .io, TableFileError.reason(error))
        }
    }

    public func write(_ cells: [String]) throws(TableFileError) {
        guard !output.isClosed else { throw .writing("csv", url, .misuse, "文件已关闭 / writer closed") }
        line.removeAll(keepingCapacity: true)
        for (i, cell) in cells.enumerated() {
            if i > 0 { line.append(",") }
            Self.appendField(cell, to: &line)
        }
        line.append("\r\n")
        do {
            switch encoding {
            case .utf8, .utf8BOM:
                try output.write(line)
            case .gb18030:
                guard let data = line.data(using: TextDecoding.gb18030) else {
                    throw TableFileError.writing("csv", url, .malformed, "文字无法转换为 GB18030 / cannot encode")
                }
                try output.write(bytes: data)
            }
        } catch let error as TableFileError {
            throw error
        } catch {
            throw .writing("csv", url, .io, TableFileError.reason(error))
        }
    }

    /// Flushes and closes the file (standard output is flushed, not closed). Safe to call twice.
    public func close() throws(TableFileError) {
        do {
            try output.close()
        } catch {
            throw .writing("csv", url, .io, TableFileError.reason(error))
        }
    }

    deinit { try? output.close() }

    static func appendField(_ cell: String, to line: inout String) {
        let needsQuotes = cell.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            line.append(cell)
            return
        }
        line.append("\"")
        line.append(cell.replacingOccurrences(of: "\"", with: "\"\""))
        line.append("\"")
    }
}
