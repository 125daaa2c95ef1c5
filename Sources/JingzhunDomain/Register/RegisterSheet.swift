import Foundation

/// The template's three sheets and their headers. The contract columns (issue 4 §2) come first, in this
/// order; the optional columns after them are read when present and written on export.
public enum RegisterSheet: String, CaseIterable, Sendable {
    case households = "户信息"
    case members = "家庭成员"
    case villages = "村信息"

    public var name: String { rawValue }

    public var contractHeaders: [String] {
        switch self {
        case .households:
            ["户编号", "乡镇", "村", "组", "户主姓名", "户主身份证号", "联系电话", "贫困户属性", "主要致贫原因", "其他致贫原因",
             "首次识别年度", "脱贫状态", "脱贫年度", "家庭人口数", "工资性收入", "生产经营性收入", "财产性收入", "转移性收入",
             "生产经营性支出", "住房安全等级", "饮水安全"]
        case .members:
            ["户编号", "姓名", "身份证号", "性别", "出生日期", "与户主关系", "在校生状况", "健康状况", "劳动技能", "参加基本医疗保险",
             "参加大病保险"]
        case .villages:
            ["村代码", "乡镇", "村", "是否贫困村", "总户数", "总人口", "通硬化路", "安全饮水", "电力入户率", "标准化卫生室", "集体经济组织"]
        }
    }

    public var optionalHeaders: [String] {
        switch self {
        case .households: ["开户银行", "银行账号", "识别标准", "住房保障方式", "饮水水量达标", "饮水水质达标", "用水方便", "供水保证率达标", "生活用电"]
        case .members: ["民族", "文化程度", "务工状况", "务工月数", "享受低保", "特困供养", "残疾证号"]
        case .villages: []
        }
    }

    public var headers: [String] { contractHeaders + optionalHeaders }

    /// A sheet recognised by its name, or by its header row when a csv file has no sheet name.
    public static func recognise(name: String?, header: [String]) -> RegisterSheet? {
        if let name, let sheet = RegisterSheet(rawValue: name.trimmingWhitespace()) { return sheet }
        let set = Set(header.map { $0.trimmingWhitespace() })
        return allCases.first { Set($0.contractHeaders).isSubset(of: set) }
    }

    /// One sentence for the template's 说明 sheet per column.
    public static let notes: [(String, String)] = [
        ("收入", "以“元”为单位，最多两位小数"),
        ("是/否", "填“是”或“否”"),
        ("住房安全等级", "A、B、C、D"),
        ("脱贫状态", PovertyStatus.allCases.map(\.label).joined(separator: "、")),
        ("贫困户属性", HouseholdAttribute.labels),
        ("致贫原因", PovertyCause.labels + "；其他致贫原因最多两项，用顿号分隔"),
        ("在校生状况", SchoolStatus.labels),
        ("健康状况", HealthStatus.labels),
        ("劳动技能", LabourSkill.labels),
        ("与户主关系", Relation.labels),
        ("出生日期", "YYYY-MM-DD"),
        ("电力入户率", "百分比，如 98.5%"),
    ]
}

/// Column positions of one sheet, from its header row.
public struct HeaderMap: Sendable {
    public let sheet: RegisterSheet
    private let index: [String: Int]
    /// Open addressing by the names' byte hash (see `position`): a power-of-two table at most half full.
    private let slots: [Slot]

    private struct Slot: Sendable {
        var hash: UInt64 = 0
        var name = ""
        var position = -1
    }

    /// Fails (row 1) when a contract column is missing or appears twice.
    public init(sheet: RegisterSheet, header: [String], sheetLabel: String?) throws(ImportFailure) {
        self.sheet = sheet
        var index: [String: Int] = [:]
        var problems: [ImportProblem] = []
        for (i, raw) in header.enumerated() {
            let name = raw.trimmingWhitespace()
            guard !name.isEmpty else { continue }
            if index[name] != nil, sheet.headers.contains(name) {
                problems.append(.init(sheet: sheetLabel, row: 1, column: name, message: "表头“\(name)”重复"))
            }
            index[name] = index[name] ?? i
        }
        for name in sheet.contractHeaders where index[name] == nil {
            problems.append(.init(sheet: sheetLabel, row: 1, column: name, message: "缺少表头“\(name)”"))
        }
        if !problems.isEmpty { throw ImportFailure(fileName: "", problems: problems) }
        self.index = index
        // The template's columns a file lacks are asked for on every row too ("has 享受低保?"): they go in the
        // table as absent (position -1 found by name) so the answer is as quick as for the columns present.
        let names = Array(index.keys) + sheet.headers.filter { index[$0] == nil }
        var size = 16
        while size < names.count * 2 { size *= 2 }
        var slots = [Slot](repeating: Slot(), count: size)
        for name in names {
            let h = Self.hash(name)
            var i = Int(truncatingIfNeeded: h) & (size - 1)
            while !slots[i].name.isEmpty { i = (i + 1) & (size - 1) }
            slots[i] = Slot(hash: h, name: name, position: index[name] ?? -1)
        }
        self.slots = slots
    }

    public func has(_ column: String) -> Bool { position(column) != nil }

    public func value(_ column: String, in cells: [String]) -> String {
        guard let i = position(column), i < cells.count else { return "" }
        return cells[i].trimmingWhitespace()
    }

    /// The column's position. Called for every cell of every row: a byte hash of the (Chinese) name instead of
    /// `String` hashing, which normalises non-ASCII text each time (a few percent of a bulk import).
    private func position(_ column: String) -> Int? {
        let h = Self.hash(column)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while !slots[i].name.isEmpty {
            if slots[i].hash == h, slots[i].name.sameBytes(column) { return slots[i].position < 0 ? nil : slots[i].position }
            i = (i + 1) & mask
        }
        return index[column]
    }

    private static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var s = s
        s.withUTF8 { bytes in
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        return h
    }
}
