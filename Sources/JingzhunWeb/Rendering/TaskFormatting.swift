import Foundation
import JingzhunDomain

/// Small shared pieces of the task pages: the report cadences offered on import, ISO weeks for the bulletin's
/// week picker (`<input type="week">` sends "2025-W47"), party lists as 、-separated text and milestone lines
/// as the review page writes them.
enum TaskFormatting {
    /// The cadences the import form offers, the first being the default ([002] "每周五中午12时前").
    static let cadences: [(key: String, label: String, cadence: ReportCadence)] = [
        ("fri12", "每周五 12:00 前", .weekly(weekday: 5, hour: 12, minute: 0)),
        ("mon9", "每周一 9:00 前", .weekly(weekday: 1, hour: 9, minute: 0)),
        ("tendays", "旬报（10日、20日、月末）", .tenDays),
        ("monthly", "月报（每月最后一个工作日）", .monthly(day: nil)),
    ]

    static func cadence(key: String?) -> ReportCadence {
        cadences.first { $0.key == key }?.cadence ?? cadences[0].cadence
    }

    static func cadenceLabel(_ cadence: ReportCadence) -> String {
        if let known = cadences.first(where: { $0.cadence == cadence }) { return known.label }
        switch cadence {
        case .weekly(let w, let h, let m): return "每周" + ["一", "二", "三", "四", "五", "六", "日"][max(0, min(6, w - 1))] + String(format: " %02d:%02d 前", h, m)
        case .tenDays: return "旬报"
        case .monthly(let d): return d.map { "每月 \($0) 日前" } ?? "月报"
        }
    }


    static func cadenceChoices(selected: ReportCadence) -> [Choice] {
        cadences.map { Choice(value: $0.key, label: $0.label, selected: $0.cadence == selected) }
    }

    // MARK: ISO weeks (ReportPeriod owns the numbering)

    /// The last complete week before `today`.
    static func lastCompleteWeek(before today: Day) -> Day {
        let monday = today.adding(days: 1 - today.weekday)
        return monday.adding(days: -7)
    }

    // MARK: parties and milestones

    static func join(_ names: [String]) -> String { names.joined(separator: "、") }

    /// "水利局、卫健局" or "水利局,卫健局" → the names, in order, without blanks.
    static func split(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { "、,，;；\n".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }

    /// "2025-12-15 每镇至少建立1个示范点 [1 个]".
    static func milestoneLine(_ m: ParsedMilestone) -> String {
        var line = "\(m.due) \(m.text)"
        if let target = m.target { line += " [\(number(target))\(m.unit.map { " " + $0 } ?? "")]" }
        return line
    }

    /// Reads the review page's milestone lines back. A line whose date is unchanged keeps the printed date text.
    static func milestones(_ text: String?, previous: [ParsedMilestone]) throws -> [ParsedMilestone] {
        var out: [ParsedMilestone] = []
        for (i, raw) in (text ?? "").split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let head = line.prefix { !$0.isWhitespace }
            guard let due = Day(String(head)), head.count == 10 else {
                throw ReviewError("第 \(i + 1) 行节点“\(line)”：应以日期开头（YYYY-MM-DD）")
            }
            var rest = line.dropFirst(head.count).trimmingCharacters(in: .whitespaces)
            var target: Double?
            var unit: String?
            if rest.hasSuffix("]"), let open = rest.lastIndex(of: "[") {
                let inner = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)].split(separator: " ", maxSplits: 1)
                guard let first = inner.first, let value = Double(first) else {
                    throw ReviewError("第 \(i + 1) 行节点“\(line)”：方括号内应为目标值和单位，如 [10 户]")
                }
                target = value
                unit = inner.count > 1 ? inner[1].trimmingCharacters(in: .whitespaces) : nil
                rest = rest[..<open].trimmingCharacters(in: .whitespaces)
            }
            guard !rest.isEmpty else { throw ReviewError("第 \(i + 1) 行节点“\(line)”：缺少节点内容") }
            let dueText = previous.first { $0.due == due }?.dueText ?? due.description
            out.append(try makeMilestone(due: due, dueText: dueText, text: rest, target: target, unit: unit))
        }
        return out
    }

    /// Built through its Codable form: the parser's own initialiser is not public in every version of the API.
    static func makeMilestone(due: Day, dueText: String, text: String, target: Double?, unit: String?) throws -> ParsedMilestone {
        var object: [String: Any] = ["due": due.description, "dueText": dueText, "text": text]
        if let target { object["target"] = target }
        if let unit { object["unit"] = unit }
        return try JSONDecoder().decode(ParsedMilestone.self, from: JSONSerialization.data(withJSONObject: object))
    }
}

/// A correction on the review page that cannot be read; the message names the place, in Chinese.
struct ReviewError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
