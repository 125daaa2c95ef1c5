/// A register sheet read row by row: a file streamed from disk, or rows already in memory.
public protocol RegisterRowSource {
    var fileName: String { get }
    /// The xlsx sheet name, or nil for a csv file.
    var sheetLabel: String? { get }
    var sheet: RegisterSheet { get }
    var header: [String] { get }
    /// The next (Excel row number, cells), or nil at the end.
    mutating func next() throws -> (Int, [String])?
}

/// The rows of one sheet of one file, already split into cells (file formats live in JingzhunFiles).
public struct SheetRows: Sendable, RegisterRowSource {
    public var fileName: String
    public var sheetLabel: String?
    public var sheet: RegisterSheet
    public var header: [String]
    /// (Excel row number, cells)
    public var rows: [(Int, [String])]
    private var position = 0

    public init(fileName: String, sheetLabel: String?, sheet: RegisterSheet, header: [String], rows: [(Int, [String])]) {
        self.fileName = fileName
        self.sheetLabel = sheetLabel
        self.sheet = sheet
        self.header = header
        self.rows = rows
    }

    public mutating func next() throws -> (Int, [String])? {
        guard position < rows.count else { return nil }
        defer { position += 1 }
        return rows[position]
    }
}
