import Foundation

/// Splits a list of units ("各镇（中心）、林业局、畜牧局", "县卫健委、各乡（镇）", "市审计局及相关部门",
/// "县农牧局和县林业局") as the plans print them (DOMAIN.md §6.2).
///
/// - 、，,；; and line breaks always separate; nothing inside parentheses does ("各镇（办、中心）" is one unit).
/// - "和", "及", "以及" separate only when the text before them already ends like a unit (局, 委, 办, 镇, 单位, 公司,
///   a closing parenthesis…), because many unit names contain 和: 发展改革和科技局, 自然资源和规划局, 文化和旅游文物广电局.
/// - "X等相关单位" gives X and 相关单位.
/// - Spaces inside a unit are padding ("卫健局 " → "卫健局"), as with names.
enum UnitList {
    static let separators: Set<Character> = ["、", "，", ",", "；", ";", "\n", "\r", "/", "／"]
    static let unitEndings: Set<Character> = [
        "局", "委", "办", "院", "部", "厅", "处", "科", "股", "室", "站", "所", "心", "司", "会", "联", "团", "队",
        "组", "社", "行", "镇", "乡", "村", "道", "位", "门", "构", "校", "馆", "台", "府", "）", ")", "区", "县", "市",
    ]

    static func split(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var depth = 0
        let chars = Array(text)
        var i = 0
        func flush() {
            let piece = ChineseText.withoutSpaces(current)
            if !piece.isEmpty { items.append(piece) }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "（" || c == "(" { depth += 1 }
            if c == "）" || c == ")" { depth = max(0, depth - 1) }
            if depth == 0 {
                if separators.contains(c) {
                    flush()
                    i += 1
                    continue
                }
                let connective: Int? =
                    if c == "以", i + 1 < chars.count, chars[i + 1] == "及" { 2 } else if c == "和" || c == "及" { 1 } else { nil }
                if let length = connective, let last = ChineseText.withoutSpaces(current).last,
                    unitEndings.contains(last)
                {
                    flush()
                    i += length
                    continue
                }
                if c == "等", i + 1 < chars.count, "相有其各".contains(chars[i + 1]) {
                    flush()
                    i += 1
                    continue
                }
            }
            current.append(c)
            i += 1
        }
        flush()
        return NameList.dedup(items)
    }

    /// "各镇", "每个镇", "各乡（镇）", "各镇（中心）", "各镇民政办": the work is done in every town, so the task is
    /// handed to each town separately (issue 6 §1: "每个镇" expands to one sub-task per town).
    static func isEveryTown(_ unit: String) -> Bool {
        for prefix in ["各", "每个", "每"] where unit.hasPrefix(prefix) {
            let rest = unit.dropFirst(prefix.count)
            if rest.hasPrefix("镇") || rest.hasPrefix("乡") || rest.hasPrefix("街道") { return true }
        }
        return false
    }
}
