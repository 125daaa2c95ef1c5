/// One bad cell or row of an imported file, named so a county clerk can find it in Excel.
public struct ImportProblem: Sendable, Equatable, Codable {
    /// Set when one import reads several files.
    public var fileName: String?
    public var sheet: String?
    public var row: Int
    public var column: String?
    public var message: String

    public init(fileName: String? = nil, sheet: String? = nil, row: Int, column: String?, message: String) {
        self.fileName = fileName
        self.sheet = sheet
        self.row = row
        self.column = column
        self.message = message
    }
}

/// An import that changed nothing, with every reason.
public struct ImportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var fileName: String
    public var problems: [ImportProblem]

    public init(fileName: String, problems: [ImportProblem]) {
        self.fileName = fileName
        self.problems = problems
    }

    public var description: String {
        var lines = ["导入失败（未写入任何数据）：\(fileName) 有 \(problems.count) 处错误 / import rejected, nothing changed"]
        for p in problems.prefix(500) {
            var place = p.fileName ?? fileName
            if let sheet = p.sheet { place += " 工作表“\(sheet)”" }
            place += " 第\(p.row)行"
            if let column = p.column { place += " “\(column)”列" }
            lines.append("  \(place)：\(p.message)")
        }
        if problems.count > 500 { lines.append("  ……其余 \(problems.count - 500) 处从略 / more omitted") }
        return lines.joined(separator: "\n")
    }
}
