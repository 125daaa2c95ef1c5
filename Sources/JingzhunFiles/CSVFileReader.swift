public import Foundation

/// Streaming csv reader (RFC 4180 quoting, CRLF/LF/CR line ends), one row at a time.
///
/// The encoding is detected when the file is opened: a UTF-8 BOM gives `.utf8BOM`, text whose first non-ASCII
/// bytes are valid UTF-8 gives `.utf8`, anything else `.gb18030` (what Chinese Excel writes as “CSV”).
/// Row numbers count records as Excel shows them (a quoted cell with line breaks is one row). Completely empty
/// rows are skipped but counted; trailing empty cells are trimmed.
///
/// Use `while let row = try reader.nextRow()` to see errors where they happen. The reader is also a single-pass
/// `Sequence`; a `for row in reader` loop stops at the first error, which is then in `error`.
public final class CSVFileReader: Sequence, IteratorProtocol {
    public let url: URL
    public let encoding: TextFileEncoding
    /// The error that ended iteration through `next()`, if any.
    public private(set) var error: TableFileError?

    /// Refuses records longer than this (most often a missing closing quote).
    static let maxRecordBytes = 16 << 20

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private let input: FileChunkReader
    private var chunk: [UInt8] = []
    private var pos = 0
    private var atEnd = false
    private var state = State.fieldStart
    private var skipLF = false
    /// Field contents of the current record, each followed by a 0 byte.
    private var rowBytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var rowHasNonASCII = false
    private var rowHasNUL = false
    private var recordNumber = 0

    public init(url: URL) throws(TableFileError) {
        self.url = url
        do {
            input = try FileChunkReader(url: url)
            let (encoding, bodyOffset) = try Self.detectEncoding(input, url: url)
            self.encoding = encoding
            try input.seek(to: bodyOffset)
        } catch let error as TableFileError {
            throw error
        } catch {
            throw .reading("csv", url, .io, TableFileError.reason(error))
        }
        rowBytes.reserveCapacity(4096)
    }

    public func makeIterator() -> CSVFileReader { self }

    public func next() -> TableRow? {
        guard error == nil else { return nil }
        do {
            return try nextRow()
        } catch {
            self.error = error
            return nil
        }
    }

    /// The next non-empty row, or nil at the end of the file.
    public func nextRow() throws(TableFileError) -> TableRow? {
        while true {
            if pos == chunk.count {
                if atEnd { return nil }
                if try !refill() {
                    atEnd = true
                    if state == .quoted {
                        throw failure("第 \(recordNumber + 1) 行的引号没有闭合 / unterminated quote")
                    }
                    guard state != .fieldStart || !fieldEnds.isEmpty else { return nil }
                    endField()
                    if let row = try endRecord() { return row }
                    return nil
                }
            }
            // Inside a cell, copy the run up to the next byte that matters at once (byte-at-a-time was most of
            // the reader's time at a million rows).
            if !skipLF, state == .unquoted || state == .quoted {
                try appendRun(quoted: state == .quoted)
                if pos == chunk.count { continue }
            }
            let b = chunk[pos]
            pos += 1
            if skipLF {
                skipLF = false
                if b == 0x0A { continue }
            }
            switch state {
            case .fieldStart:
                switch b {
                case 0x22: state = .quoted
                case 0x2C: endField()
                case 0x0D, 0x0A:
                    skipLF = b == 0x0D
                    endField()
                    if let row = try endRecord() { return row }
                default:
                    try append(b)
                    state = .unquoted
                }
            case .unquoted:
                switch b {
                case 0x2C: endField(); state = .fieldStart
                case 0x0D, 0x0A:
                    skipLF = b == 0x0D
                    endField()
                    state = .fieldStart
                    if let row = try endRecord() { return row }
                default: try append(b)
                }
            case .quoted:
                switch b {
                case 0x22: state = .quoteInQuoted
                case 0x0D:
                    // A line break inside a cell becomes "\n", as in an xlsx cell.
                    try append(0x0A)
                    skipLF = true
                default: try append(b)
                }
            case .quoteInQuoted:
                switch b {
                case 0x22: try append(0x22); state = .quoted
                case 0x2C: endField(); state = .fieldStart
                case 0x0D, 0x0A:
                    skipLF = b == 0x0D
                    endField()
                    state = .fieldStart
                    if let row = try endRecord() { return row }
                default:
                    // Text after a closing quote is kept, as Excel does.
                    try append(b)
                    state = .unquoted
                }
            }
        }
    }

    // MARK: - Internals

    private func refill() throws(TableFileError) -> Bool {
        do {
            guard let next = try input.read() else { return false }
            chunk = next
            pos = 0
            return true
        } catch {
            throw TableFileError.reading("csv", url, .io, TableFileError.reason(error))
        }
    }

    @inline(__always)
    private func append(_ b: UInt8) throws(TableFileError) {
        if b >= 0x80 { rowHasNonASCII = true } else if b == 0 { rowHasNUL = true }
        rowBytes.append(b)
        if rowBytes.count > Self.maxRecordBytes {
            throw failure("第 \(recordNumber + 1) 行过长，可能缺少闭合引号 / record too long")
        }
    }

    /// Appends `chunk[pos...]` up to (not including) the next byte the state machine must see: a quote or a
    /// carriage return inside quotes; a comma or a line end outside them.
    private func appendRun(quoted: Bool) throws(TableFileError) {
        let start = pos
        var end = pos
        var nonASCII = false
        var nul = false
        chunk.withUnsafeBufferPointer { buf in
            while end < buf.count {
                let c = buf[end]
                if quoted ? (c == 0x22 || c == 0x0D) : (c == 0x2C || c == 0x0D || c == 0x0A) { break }
                if c >= 0x80 { nonASCII = true } else if c == 0 { nul = true }
                end += 1
            }
        }
        guard end > start else { return }
        if nonASCII { rowHasNonASCII = true }
        if nul { rowHasNUL = true }
        rowBytes.append(contentsOf: chunk[start..<end])
        pos = end
        if rowBytes.count > Self.maxRecordBytes {
            throw failure("第 \(recordNumber + 1) 行过长，可能缺少闭合引号 / record too long")
        }
    }

    private func endField() {
        rowBytes.append(0)
        fieldEnds.append(rowBytes.count - 1)
    }

    /// Decodes the finished record; nil when all its cells are empty.
    private func endRecord() throws(TableFileError) -> TableRow? {
        recordNumber += 1
        defer {
            rowBytes.removeAll(keepingCapacity: true)
            fieldEnds.removeAll(keepingCapacity: true)
            rowHasNonASCII = false
            rowHasNUL = false
        }
        var last = fieldEnds.count - 1
        var start = 0
        while last >= 0 {
            start = last == 0 ? 0 : fieldEnds[last - 1] + 1
            if fieldEnds[last] > start { break }
            last -= 1
        }
        guard last >= 0 else { return nil }
        let cells = try decodeFields(count: last + 1)
        return TableRow(number: recordNumber, cells: cells)
    }

    private func decodeFields(count: Int) throws(TableFileError) -> [String] {
        if encoding == .gb18030, rowHasNonASCII, !rowHasNUL {
            // One conversion per row: fields stay separated by the 0 bytes.
            let end = fieldEnds[count - 1]
            guard let text = TextDecoding.gb18030String(rowBytes[0..<end]) else { throw invalidText() }
            let cells = text.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            if cells.count == count { return cells }
        }
        var cells: [String] = []
        cells.reserveCapacity(count)
        var start = 0
        for i in 0..<count {
            let end = fieldEnds[i]
            let bytes = rowBytes[start..<end]
            start = end + 1
            if !rowHasNonASCII {
                cells.append(String(decoding: bytes, as: UTF8.self))
            } else if encoding == .gb18030 {
                guard let s = TextDecoding.gb18030String(bytes) else { throw invalidText() }
                cells.append(s)
            } else {
                guard let s = TextDecoding.utf8String(bytes) else { throw invalidText() }
                cells.append(s)
            }
        }
        return cells
    }

    private func invalidText() -> TableFileError {
        let name = encoding == .gb18030 ? "GB18030" : "UTF-8"
        return failure("第 \(recordNumber) 行含有无效的 \(name) 字符（文件编码不一致）/ invalid \(name) text")
    }

    private func failure(_ detail: String) -> TableFileError {
        .reading("csv", url, .malformed, detail)
    }

    /// Looks at the BOM, then at the first non-ASCII bytes (up to about 64 KiB of them).
    private static func detectEncoding(_ input: FileChunkReader, url: URL) throws -> (TextFileEncoding, UInt64) {
        guard let first = try input.read() else { return (.utf8, 0) }
        if first.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8BOM, 3) }
        if first.starts(with: [0xFF, 0xFE]) || first.starts(with: [0xFE, 0xFF]) {
            throw TableFileError.reading("csv", url, .malformed, "不支持 UTF-16 编码，请在 Excel 中另存为“CSV（逗号分隔）” / UTF-16 not supported")
        }
        var chunk = first
        while true {
            if let i = chunk.firstIndex(where: { $0 >= 0x80 }) {
                var window = chunk[i...]
                if window.count < 1 << 16, let more = try input.read() {
                    window = ArraySlice(Array(window) + more)
                }
                return (TextDecoding.checkUTF8(window) == .valid ? .utf8 : .gb18030, 0)
            }
            guard let next = try input.read() else { return (.utf8, 0) }
            chunk = next
        }
    }
}
