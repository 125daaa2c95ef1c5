/// Reads a 区划代码 csv in the layout of ../shared/data/zhenping-regions.csv: `代码,名称,级别,上级代码`
/// (NBS 2020 edition), header required, UTF-8. Every bad row is reported with its row and column; nothing
/// is returned unless every row is good, so an import applies whole or not at all.
public enum RegionCSV {
    public static let requiredHeaders = ["代码", "名称", "级别", "上级代码"]

    public static func parse(_ text: String, fileName: String, validFrom: String = "2020-06-30") throws(ImportFailure) -> [Region] {
        let rows = CSVText.rows(text)
        guard let header = rows.first else {
            throw ImportFailure(fileName: fileName, problems: [.init(row: 1, column: nil, message: "文件为空")])
        }
        var columns: [String: Int] = [:]
        for (i, name) in header.enumerated() { columns[name.trimmingWhitespace()] = i }
        let missing = requiredHeaders.filter { columns[$0] == nil }
        if !missing.isEmpty {
            throw ImportFailure(
                fileName: fileName,
                problems: missing.map { .init(row: 1, column: $0, message: "缺少表头“\($0)”") })
        }
        var problems: [ImportProblem] = []
        var regions: [Region] = []
        var seen: Set<RegionCode> = []
        for (index, row) in rows.dropFirst().enumerated() {
            let rowNumber = index + 2
            if row.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
            func cell(_ name: String) -> String {
                let i = columns[name]!
                return i < row.count ? row[i].trimmingWhitespace() : ""
            }
            guard let code = RegionCode(rawValue: cell("代码")) else {
                problems.append(.init(row: rowNumber, column: "代码", message: "“\(cell("代码"))”不是12位或15位数字代码"))
                continue
            }
            let name = cell("名称")
            if name.isEmpty { problems.append(.init(row: rowNumber, column: "名称", message: "名称为空")) }
            guard let level = RegionLevel(label: cell("级别")) else {
                problems.append(.init(row: rowNumber, column: "级别", message: "无法识别的级别“\(cell("级别"))”"))
                continue
            }
            var parent: RegionCode?
            let parentText = cell("上级代码")
            if !parentText.isEmpty {
                parent = RegionCode(rawValue: parentText)
                if parent == nil {
                    problems.append(.init(row: rowNumber, column: "上级代码", message: "“\(parentText)”不是有效代码"))
                    continue
                }
            } else if level != .province {
                problems.append(.init(row: rowNumber, column: "上级代码", message: "\(level.label)级区划必须有上级代码"))
            }
            if !seen.insert(code).inserted {
                problems.append(.init(row: rowNumber, column: "代码", message: "代码 \(code) 重复"))
            }
            regions.append(Region(code: code, name: name, level: level, parentCode: parent, validFrom: validFrom))
        }
        if !problems.isEmpty { throw ImportFailure(fileName: fileName, problems: problems) }
        return regions
    }
}

/// Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM.
public enum CSVText {
    public static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        var first = true
        while let c = pending ?? chars.next() {
            pending = nil
            if first {
                first = false
                if c == "\u{FEFF}" { continue }
            }
            if inQuotes {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                    } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": inQuotes = true
            case ",": row.append(field); field = ""
            case "\r": continue
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
