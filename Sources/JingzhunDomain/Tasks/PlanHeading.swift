/// A numbered heading in a plan: the levels of Chinese official documents (GB/T 9704), recognised by their marks
/// whatever their order in the file — 一、 (1), （一） (2), 1. / 1、 (3), （1） (4), ① (5). Full-width and ASCII
/// brackets and stops are the same ("(四）" occurs in [000]). DOMAIN.md §6.2: "numbered headings 一、 (一) 1. (1) ①".
struct PlanHeading: Equatable {
    var level: Int
    /// The mark as printed, normalised to ASCII brackets: "三、", "(一)", "2.", "6、", "(1)", "①".
    var mark: String
    /// The text after the mark.
    var text: String
    /// 0-based line.
    var line: Int

    /// A title line ("1.产业扶贫对象清底行动"), as opposed to a paragraph that starts with a number
    /// ("（1）突出山地苹果…，大力推进…。").
    var isTitle: Bool {
        let t = ChineseText.trimmed(text)
        return !t.isEmpty && t.count <= 40 && !t.contains(where: { "。，,；;".contains($0) }) && !t.hasSuffix("：")
    }

    /// The heading's own title: the whole title line, or a paragraph's first sentence.
    var title: String {
        let t = ChineseText.trimmed(text)
        if isTitle { return t }
        if let stop = t.firstIndex(of: "。"), t.distance(from: t.startIndex, to: stop) <= 60 { return String(t[..<stop]) }
        return String(t.prefix(while: { !"，,；;。".contains($0) }).prefix(60))
    }

    static func detect(_ raw: String, line: Int) -> PlanHeading? {
        var c = Array(ChineseText.trimmed(raw))
        if c.count >= 2, "-•·".contains(c[0]), ChineseText.isSpace(c[1]) { c = Array(ChineseText.trimmed(String(c[2...]))) }
        guard let first = c.first else { return nil }
        func rest(_ k: Int) -> String { k < c.count ? String(c[k...]) : "" }
        // 一、 二十、
        if ChineseText.isNumeral(first) {
            var k = 0
            while k < c.count, k < 3, ChineseText.isNumeral(c[k]) { k += 1 }
            if k < c.count, "、．".contains(c[k]), ChineseText.value(ofNumeral: String(c[0..<k])) != nil {
                return PlanHeading(level: 1, mark: String(c[0..<k]) + "、", text: rest(k + 1), line: line)
            }
            return nil
        }
        // （一） (1)
        if first == "（" || first == "(" {
            var k = 1
            while k < c.count, k < 5, c[k] != "）" && c[k] != ")" { k += 1 }
            guard k < c.count, k > 1 else { return nil }
            let inner = String(c[1..<k])
            if ChineseText.value(ofNumeral: inner) != nil {
                return PlanHeading(level: 2, mark: "(\(inner))", text: rest(k + 1), line: line)
            }
            if inner.allSatisfy({ $0.isASCII && $0.isNumber }), inner.count <= 2 {
                return PlanHeading(level: 4, mark: "(\(inner))", text: rest(k + 1), line: line)
            }
            return nil
        }
        // ①…⑳
        if let v = first.unicodeScalars.first?.value, (0x2460...0x2473).contains(v) {
            return PlanHeading(level: 5, mark: String(first), text: rest(1), line: line)
        }
        // 1. 1、 1．  (not "1.5元")
        if first.isASCII && first.isNumber {
            var k = 0
            while k < c.count, k < 2, c[k].isASCII, c[k].isNumber { k += 1 }
            guard k < c.count, ".、．".contains(c[k]) else { return nil }
            if c[k] != "、", k + 1 < c.count, c[k + 1].isASCII, c[k + 1].isNumber { return nil }
            let mark = String(c[0..<k]) + (c[k] == "、" ? "、" : ".")
            return PlanHeading(level: 3, mark: mark, text: rest(k + 1), line: line)
        }
        return nil
    }

    /// "三、(一) 2.(1)①": marks joined, with a space before a 1. level.
    static func path(_ headings: [PlanHeading]) -> String {
        var out = ""
        for h in headings {
            if h.level == 3, !out.isEmpty, !out.hasSuffix("、") { out += " " }
            out += h.mark
        }
        return out
    }
}
