/// The rows of one sheet of one file, already split into cells (file formats live in JingzhunFiles).
public struct SheetRows: Sendable {
    public var fileName: String
    /// The xlsx sheet name, or nil for a csv file.
    public var sheetLabel: String?
    public var sheet: RegisterSheet
    public var header: [String]
    /// (Excel row number, cells)
    public var rows: [(Int, [String])]

    public init(fileName: String, sheetLabel: String?, sheet: RegisterSheet, header: [String], rows: [(Int, [String])]) {
        self.fileName = fileName
        self.sheetLabel = sheetLabel
        self.sheet = sheet
        self.header = header
        self.rows = rows
    }
}
