import Foundation

/// A problem with one row of a task table, in Chinese, for the import report ("第3行 完成时限：…").
public struct PlanRowProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The row as the user sees it: the spreadsheet row, or the line of a text table.
    public var row: Int
    /// The column's header as printed, when one column is at fault.
    public var column: String?
    public var reason: String

    public init(row: Int, column: String?, reason: String) {
        self.row = row
        self.column = column
        self.reason = reason
    }

    public var description: String { "第\(row)行" + (column.map { " \($0)" } ?? "") + "：" + reason }
}

/// A task table read from rows: its actions, the rows that cannot be imported (`problems`) and the rows that
/// import but deserve a look (`warnings`, e.g. [000]'s 8 units against 6 persons, DOMAIN.md §11.6).
public struct PlanTable: Sendable, Equatable, Codable {
    public var title: String?
    public var actions: [ParsedAction]
    public var problems: [PlanRowProblem]
    public var warnings: [PlanRowProblem]
    /// Headers the reader did not recognise (户数, 合计, …): shown, not imported.
    public var ignoredColumns: [String]
}

/// A table in a text file laid out as [000] prints it: one cell per line, tab-indented; an untabbed line continues
/// the cell above; a blank line ends a row (DOMAIN.md §6.2 "[000] tables").
public struct TextTable: Sendable, Equatable {
    /// Single-cell rows before the first wide row (the table's caption).
    public var title: String?
    /// Rows of cells; a cell keeps its line breaks.
    public var rows: [[String]]
    /// The 1-based line of each row's first cell.
    public var rowLines: [Int]
}

/// Reads task lists laid out as tables — [000]'s 附件1 (序号 | 主要任务 | 落实措施 | 完成时限 | 责任单位 | 责任领导 |
/// 责任人) and the 责任落实表 of its sector plans — from text, or from the rows of an xlsx/csv sheet. Headers are
/// matched loosely (the seed's is garbled: "主要" then "主要任务"); optional 配合单位, 牵头单位, 牵头领导, 具体责任人
/// columns are read when present. Issue 6 §3.
public enum PlanTableParser {
    enum Role: Equatable { case number, title, goal, measures, deadline, leadUnit, responsibleUnit, cooperatingUnit, leader, person, note }

    /// What a header means; `nil` for a column the task model has no place for.
    static func role(of header: String) -> Role? {
        let h = ChineseText.withoutSpaces(header.replacingOccurrences(of: "\n", with: ""))
        if h.contains("序号") || h == "序" || h == "编号" { return .number }
        if h.contains("时限") || h.contains("完成时间") || h.contains("时间要求") || h.contains("办结时间") || h == "完成时" {
            return .deadline
        }
        if h.contains("配合") || h.contains("协助") || h.contains("协办") { return .cooperatingUnit }
        if h.contains("牵头单位") || h.contains("牵头部门") { return .leadUnit }
        if h.contains("领导") { return .leader }
        if h.contains("责任人") || h.contains("联系人") { return .person }
        if h.contains("单位") || h.contains("部门") { return .responsibleUnit }
        if h.contains("措施") { return .measures }
        if h.contains("目标") || h.contains("指标") || h.contains("要求") { return .goal }
        if ["任务", "项目", "事项", "内容", "主要", "工作", "名称"].contains(where: h.contains) { return .title }
        if h.contains("备注") { return .note }
        return nil
    }

    /// Parses rows whose first row is the header.
    /// - Parameter firstRowNumber: the sheet row of `rows[0]`, so problems name the row the user sees.
    public static func parse(
        rows: [[String]], title: String? = nil, planDate: Day, calendar: WorkCalendar = .weekendsOnly,
        planYears: ClosedRange<Int>? = nil, firstRowNumber: Int = 1
    ) -> PlanTable {
        let lines = rows.indices.map { firstRowNumber + $0 }
        return parse(rows: rows, rowNumbers: lines, title: title, planDate: planDate, calendar: calendar, planYears: planYears)
    }

    static func parse(
        rows: [[String]], rowNumbers: [Int], title: String?, planDate: Day, calendar: WorkCalendar,
        planYears: ClosedRange<Int>?, numberPrefix: String = "", strictWidth: Bool = false
    ) -> PlanTable {
        guard let header = rows.first else {
            return PlanTable(title: title, actions: [], problems: [], warnings: [], ignoredColumns: [])
        }
        var roles: [Role?] = []
        var ignored: [String] = []
        for cell in header {
            var r = role(of: cell)
            // A second title-like column is the task's goal ([000]: "主要" | "主要任务" for 任务 | 目标).
            if r == .title, roles.contains(.title) { r = .goal }
            roles.append(r)
            let printed = ChineseText.withoutSpaces(cell.replacingOccurrences(of: "\n", with: ""))
            if r == nil, !printed.isEmpty { ignored.append(printed) }
        }
        var table = PlanTable(title: title, actions: [], problems: [], warnings: [], ignoredColumns: ignored)
        func headerName(_ role: Role) -> String? {
            roles.firstIndex(of: role).map { ChineseText.withoutSpaces(header[$0].replacingOccurrences(of: "\n", with: "")) }
        }
        for (index, row) in rows.enumerated().dropFirst() {
            let rowNumber = rowNumbers[index]
            if row.allSatisfy({ ChineseText.trimmed($0).isEmpty }) { continue }
            if strictWidth, row.count != header.count {
                // In a text table a merged cell is printed once, so the cells no longer line up with the header.
                table.warnings.append(
                    PlanRowProblem(
                        row: rowNumber, column: nil,
                        reason: "有\(row.count)个单元格，表头有\(header.count)列（合并单元格），无法对齐，未读取，请手工录入"))
                continue
            }
            if row.count < header.count {
                table.warnings.append(
                    PlanRowProblem(
                        row: rowNumber, column: nil,
                        reason: "只有\(row.count)列，表头有\(header.count)列，可能有合并单元格，已按从左到右对应，请核对"))
            }
            func cells(_ role: Role) -> [String] {
                zip(roles, row).compactMap { $0.0 == role ? $0.1 : nil }
            }
            func joined(_ role: Role) -> String {
                cells(role).map { ChineseText.trimmed($0.split(whereSeparator: \.isNewline).map { ChineseText.trimmed($0) }.joined()) }
                    .filter { !$0.isEmpty }.joined(separator: "\n")
            }
            let number = ChineseText.trimmed(joined(.number))
            var titleText = joined(.title)
            let goal = joined(.goal)
            let measures = joined(.measures)
            if titleText.isEmpty { titleText = firstClause(goal.isEmpty ? measures : goal) }
            guard !titleText.isEmpty else {
                table.problems.append(PlanRowProblem(row: rowNumber, column: headerName(.title), reason: "缺少任务名称"))
                continue
            }
            var r = Responsibility()
            r.leaders = NameList.dedup(cells(.leader).flatMap(NameList.split))
            r.persons = NameList.dedup(cells(.person).flatMap(NameList.split))
            r.leadUnits = NameList.dedup(cells(.leadUnit).flatMap(UnitList.split))
            r.responsibleUnits = NameList.dedup(cells(.responsibleUnit).flatMap(UnitList.split))
            r.cooperatingUnits = NameList.dedup(cells(.cooperatingUnit).flatMap(UnitList.split))
            let deadlineText = joined(.deadline)
            if !r.namesSomeone {
                table.problems.append(
                    PlanRowProblem(row: rowNumber, column: headerName(.responsibleUnit), reason: "没有责任单位，也没有责任领导或责任人"))
            }
            let content = [goal, measures].filter { !$0.isEmpty }.joined(separator: "\n")
            var action = ActionBuilder.action(
                number: numberPrefix + number, title: titleText, content: content, responsibility: r,
                deadlineText: deadlineText.isEmpty ? nil : deadlineText, planDate: planDate, calendar: calendar,
                planYears: planYears, line: rowNumber)
            for w in ActionBuilder.warnings(for: action) {
                table.warnings.append(PlanRowProblem(row: rowNumber, column: nil, reason: w))
            }
            if let d = action.deadline, d.kind == .unknown {
                table.warnings.append(
                    PlanRowProblem(row: rowNumber, column: headerName(.deadline), reason: "完成时限“\(d.text)”无法识别，请向县里确认"))
            }
            let counts = [r.responsibleUnits.count + r.leadUnits.count, r.leaders.count, r.persons.count]
            if counts.filter({ $0 > 1 }).count >= 2, Set(counts.filter { $0 > 0 }).count > 1 {
                table.warnings.append(
                    PlanRowProblem(
                        row: rowNumber, column: nil,
                        reason: "责任单位\(counts[0])个、责任领导\(counts[1])个、责任人\(counts[2])个，数量不一致，请核对对应关系"))
            }
            action.line = rowNumber
            table.actions.append(action)
        }
        return table
    }

    static func firstClause(_ text: String) -> String {
        let head = text.prefix(while: { !"。，,；;\n".contains($0) })
        return String(head.prefix(30))
    }

    /// Does this header row look like a task list (a title-like column and someone responsible)?
    static func isTaskHeader(_ row: [String]) -> Bool {
        let roles = row.map(role(of:))
        let hasWhat = roles.contains(.title) || roles.contains(.measures) || roles.contains(.goal)
        let hasWho = roles.contains(.responsibleUnit) || roles.contains(.leadUnit) || roles.contains(.leader)
            || roles.contains(.person)
        return hasWhat && hasWho
    }

    // MARK: text tables

    /// Every tab-laid-out table in `text`.
    public static func textTables(in text: String) -> [TextTable] {
        textTables(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)).map(\.table)
    }

    static func isTableBreak(_ line: String) -> Bool {
        let t = ChineseText.trimmed(line)
        return t.hasPrefix("附件") || t.hasPrefix("附表")
    }

    /// Tables with the 0-based line ranges they occupy.
    static func textTables(lines: [String]) -> [(table: TextTable, lines: Range<Int>)] {
        var out: [(TextTable, Range<Int>)] = []
        var i = 0
        while i < lines.count {
            guard lines[i].hasPrefix("\t") else {
                i += 1
                continue
            }
            let start = i
            var rows: [[String]] = []
            var rowLines: [Int] = []
            var row: [String] = []
            var rowLine = i
            func endRow() {
                if !row.isEmpty {
                    rows.append(row)
                    rowLines.append(rowLine + 1)
                }
                row = []
            }
            while i < lines.count {
                let line = lines[i]
                // A line holding only a tab is an empty cell; a blank line ends the row.
                if !line.hasPrefix("\t"), ChineseText.trimmed(line).isEmpty {
                    endRow()
                    var k = i + 1
                    while k < lines.count, !lines[k].hasPrefix("\t"), ChineseText.trimmed(lines[k]).isEmpty { k += 1 }
                    if k >= lines.count || !lines[k].hasPrefix("\t") {
                        i = k
                        break
                    }
                    i += 1
                    continue
                }
                if line.hasPrefix("\t") {
                    if row.isEmpty { rowLine = i }
                    row.append(String(line.drop(while: { $0 == "\t" })))
                } else if isTableBreak(line) {
                    break
                } else if row.isEmpty {
                    break
                } else {
                    row[row.count - 1] += "\n" + line
                }
                i += 1
            }
            endRow()
            var title: String?
            var firstWide = 0
            while firstWide < rows.count, rows[firstWide].count <= 1 {
                let t = ChineseText.trimmed(rows[firstWide].first ?? "")
                if !t.isEmpty { title = (title.map { $0 + " " } ?? "") + t }
                firstWide += 1
            }
            let table = TextTable(
                title: title, rows: Array(rows[firstWide...]), rowLines: Array(rowLines[firstWide...]))
            out.append((table, start..<max(i, start + 1)))
        }
        return out
    }

    /// Every task table in a text file, parsed; tables that are not task lists are left out.
    public static func parse(
        text: String, planDate: Day, calendar: WorkCalendar = .weekendsOnly, planYears: ClosedRange<Int>? = nil
    ) -> [PlanTable] {
        textTables(in: text).compactMap { t in
            guard let header = t.rows.first, isTaskHeader(header) else { return nil }
            return parse(
                rows: t.rows, rowNumbers: t.rowLines, title: t.title, planDate: planDate, calendar: calendar,
                planYears: planYears, strictWidth: true)
        }
    }
}
