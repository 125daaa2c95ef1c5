extension DepartmentList {
    /// The command line's spelling: `--list dibao|tekun|disability|medical-aid|temporary-aid`.
    public var argument: String {
        switch self {
        case .dibao: "dibao"
        case .tekun: "tekun"
        case .disability: "disability"
        case .medicalAid: "medical-aid"
        case .temporaryAid: "temporary-aid"
        }
    }

    public init?(argument: String) {
        guard let list = Self.allCases.first(where: { $0.argument == argument || $0.rawValue == argument }) else { return nil }
        self = list
    }
}

/// A department's list as a table (issue 7 §2, 部门筛查): a header row with 姓名 and 身份证号 (both required) and,
/// optionally, a date column such as 纳入时间. The rows become `DepartmentListRow`s for `DepartmentListMatcher`; any
/// bad cell fails the whole list with its file, sheet, row and column, so a list is imported whole or not at all.
public enum DepartmentListSheet {
    /// Spellings of the two required columns, after spaces and `*` are dropped.
    public static let nameHeaders = ["姓名", "救助对象姓名", "人员姓名"]
    public static let idHeaders = ["身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证"]
    /// How far down the header row may be (title lines above it are usual).
    static let headerSearchRows = 20

    public struct Sheet: Sendable {
        /// The xlsx sheet name, nil for a csv file.
        public var name: String?
        /// (Excel row number, cells)
        public var rows: [(Int, [String])]
        public init(name: String?, rows: [(Int, [String])]) {
            self.name = name
            self.rows = rows
        }
    }

    /// Reads every sheet that has the header; throws `ImportFailure` naming every bad cell. A sheet without the
    /// header (a 说明 page) is skipped; a file where no sheet has it fails at its first row.
    public static func rows(
        in sheets: [Sheet], fileName: String, list: DepartmentList, unit: String, today: Day
    ) throws -> [DepartmentListRow] {
        var out: [DepartmentListRow] = []
        var problems: [ImportProblem] = []
        var seen: [String: (sheet: String?, row: Int)] = [:]
        var foundHeader = false
        for sheet in sheets {
            func problem(_ row: Int, _ column: String?, _ message: String) {
                problems.append(ImportProblem(fileName: fileName, sheet: sheet.name, row: row, column: column, message: message))
            }
            // The header: the first row that names either required column; a missing one is reported on that row.
            guard let h = sheet.rows.prefix(headerSearchRows).firstIndex(where: { cells in
                cells.1.contains { nameHeaders.contains(normalised($0)) || idHeaders.contains(normalised($0)) }
            }) else { continue }
            foundHeader = true
            let (headerRow, header) = sheet.rows[h]
            let names = header.map(normalised)
            let nameColumn = names.firstIndex { nameHeaders.contains($0) }
            let idColumn = names.firstIndex { idHeaders.contains($0) }
            let dateColumn = dateColumn(names)
            if nameColumn == nil { problem(headerRow, "姓名", "缺少必填列“姓名”") }
            if idColumn == nil { problem(headerRow, "身份证号", "缺少必填列“身份证号”") }
            guard let nameColumn, let idColumn else { continue }
            let idHeader = header[idColumn], nameHeader = header[nameColumn]
            for (number, cells) in sheet.rows[(h + 1)...] {
                func cell(_ i: Int) -> String { i < cells.count ? cells[i].trimmingWhitespace() : "" }
                if cells.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
                let name = cell(nameColumn)
                let id = String(cell(idColumn).filter { !$0.isWhitespace }).uppercased()
                if name.isEmpty { problem(number, nameHeader, "姓名为空") }
                if id.isEmpty {
                    problem(number, idHeader, "身份证号为空")
                } else if !IDNumberFormat.looksValid(id) {
                    // Masked even here: the message reaches pages and terminals.
                    problem(number, idHeader, "“\(PersonalDataMask.idNumber(id))”不是身份证号，应为18位（末位可为X）或15位数字；在 Excel 中请把该列设为文本")
                } else if let first = seen[id] {
                    let place = first.sheet == sheet.name ? "第\(first.row)行" : "工作表“\(first.sheet ?? "")”第\(first.row)行"
                    problem(number, idHeader, "与\(place)的身份证号重复")
                } else {
                    seen[id] = (sheet.name, number)
                }
                var since: Day?
                if let dateColumn, case let text = cell(dateColumn), !text.isEmpty {
                    if let day = day(text) {
                        if day > today { problem(number, header[dateColumn], "“\(text)”晚于今天（\(today)）") } else { since = day }
                    } else {
                        problem(number, header[dateColumn], "“\(text)”不是日期，应为 YYYY-MM-DD（或 YYYY-MM）")
                    }
                }
                out.append(DepartmentListRow(list: list, idNumber: id, name: name, unit: unit, since: since))
            }
        }
        if !foundHeader {
            problems.append(ImportProblem(
                fileName: fileName, sheet: nil, row: 1, column: nil, message: "没有找到表头：名单须有“姓名”和“身份证号”两列（可另有“纳入时间”）"))
        } else if problems.isEmpty && out.isEmpty {
            problems.append(ImportProblem(fileName: fileName, sheet: nil, row: 1, column: nil, message: "名单中没有数据行"))
        }
        if !problems.isEmpty { throw ImportFailure(fileName: fileName, problems: problems) }
        return out
    }

    /// 纳入时间, 纳入日期, 享受时间, 救助年月, 认定日期, 发证时间 …: the date a person came onto the list. A column naming
    /// 纳入 first, else the first that names one of the other starts; never any other date (停保时间, 退出时间, 死亡日期,
    /// 出生日期 are the opposite or nothing of the kind), so a list without such a column has no dates.
    static func dateColumn(_ names: [String]) -> Int? {
        let dated = names.indices.filter { i in
            ["时间", "日期", "年月"].contains { names[i].contains($0) } && !["出生", "填报", "制表", "打印"].contains { names[i].contains($0) }
        }
        return dated.first { names[$0].contains("纳入") } ?? dated.first { i in sinceWords.contains { names[i].contains($0) } }
    }

    /// Words of a date column that tell when a person came onto a list, other than 纳入.
    static let sinceWords = ["享受", "救助", "认定", "发证"]

    static func normalised(_ header: String) -> String {
        String(header.filter { !$0.isWhitespace && $0 != "*" && $0 != "＊" })
    }

    /// A date as clerks write it (2020-06-01, 2020/6/1, 2020年6月1日, 20200601), or a month (2020-06, 2020年6月) as its
    /// first day.
    static func day(_ text: String) -> Day? {
        if let d = DateText.normalise(text).flatMap(Day.init) { return d }
        let parts = text.split { !$0.isASCII || !$0.isNumber }.map(String.init)
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), (1900...2100).contains(y) else { return nil }
        return Day(year: y, month: m, day: 1)
    }
}
