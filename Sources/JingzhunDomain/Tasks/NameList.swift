import Foundation

/// Splits a cell or a labelled value into names of people or posts ("包抓领导：柳清海  刘世政", "田  辉",
/// "责任领导:王 某", "各镇党委书记、各帮扶单位负责人").
///
/// Names are padded with spaces in the seeds (DOMAIN.md §11.14: "丁  涛" [000], "赵 强" [002]) but two names can
/// also be separated by spaces alone ("白春田 白晓强", "柳清海  刘世政" [001]). Rule: split on 、，,；;/ and line
/// breaks, then on runs of spaces; a one-character piece is a padded name and joins its neighbour.
enum NameList {
    static let separators: Set<Character> = ["、", "，", ",", "；", ";", "/", "／", "\n", "\r"]

    static func split(_ text: String) -> [String] {
        var out: [String] = []
        var segment = ""
        func flush() {
            out += joinPadded(segment)
            segment = ""
        }
        for c in text {
            if separators.contains(c) { flush() } else { segment.append(c) }
        }
        flush()
        return dedup(out)
    }

    /// "丁  涛" → ["丁涛"]; "白春田 白晓强" → ["白春田", "白晓强"]; "王 小 明" → ["王小明"].
    static func joinPadded(_ segment: String) -> [String] {
        var out: [String] = []
        for piece in segment.split(whereSeparator: ChineseText.isSpace).map(String.init) {
            if piece.count == 1, let last = out.popLast() {
                out.append(last + piece)
            } else if let last = out.last, last.count == 1 {
                out[out.count - 1] = last + piece
            } else {
                out.append(piece)
            }
        }
        return out
    }

    static func dedup(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
