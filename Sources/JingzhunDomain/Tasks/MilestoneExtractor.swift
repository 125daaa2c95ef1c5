import Foundation

/// Dated steps inside an action's prose (issue 6 §3: "7月底前，每镇至少建立1个…示范点"; DOMAIN.md §6.2: [001]'s
/// "按阶段进度要求" milestones sit in the action text). Each date phrase in a sentence starts a milestone whose text
/// runs to the next dated clause or the sentence's end; words of the same clause before the date that name the
/// subject ("其余集中安置点5月底前全部实际入住") are kept, connectives (力争在, 确保, 于) are not. The first number
/// with a measure word is the target ("至少建立1个" → 1 个). Recurrences ("每月15日前") are not milestones.
enum MilestoneExtractor {
    static let measureWords = [
        "万亩", "万头", "万人", "万元", "万只", "亿元", "公里", "千米", "平方米", "立方米", "%", "％", "个", "座", "户", "人",
        "元", "亩", "头", "家", "次", "名", "所", "村", "米", "处", "间", "套", "项", "台", "条", "场", "批", "期",
        "支", "件", "份", "吨", "只", "株", "棵", "本", "篇", "期", "班", "栋", "张", "辆", "天", "小时",
    ]

    static func extract(from content: String, planDate: Day) -> [ParsedMilestone] {
        let text = ChineseText.arabicDates(ChineseText.asciiDigits(content))
        var out: [ParsedMilestone] = []
        for sentence in sentences(text) {
            let c = Array(sentence)
            let phrases = rangeEnds(DatePhrase.scan(c)).filter { !$0.recurring }
            for (k, phrase) in phrases.enumerated() {
                guard let r = phrase.resolve(planDate: planDate) else { continue }
                let start = clauseStart(c, before: phrase.range.lowerBound)
                var prefix = String(c[start..<phrase.range.lowerBound])
                prefix = stripConnectives(prefix)
                let end = k + 1 < phrases.count ? clauseStart(c, before: phrases[k + 1].range.lowerBound) : c.count
                var rest = phrase.range.upperBound < end ? String(c[phrase.range.upperBound..<end]) : ""
                rest = trimPunctuation(rest)
                let body = trimPunctuation(prefix + rest)
                guard !body.isEmpty else { continue }
                let (target, unit) = target(in: body)
                let m = ParsedMilestone(due: r.last, dueText: phrase.text, text: body, target: target, unit: unit)
                if !out.contains(m) { out.append(m) }
            }
        }
        return out
    }

    /// Keeps the end of each "5月—8月" range and drops its start.
    static func rangeEnds(_ phrases: [DatePhrase]) -> [DatePhrase] {
        var out: [DatePhrase] = []
        for p in phrases {
            if let last = out.last, p.range.lowerBound - last.range.upperBound <= 1 { out.removeLast() }
            out.append(p)
        }
        return out
    }

    static func sentences(_ text: String) -> [String] {
        text.split(whereSeparator: { "。；;！!？?\n".contains($0) }).map(String.init)
    }

    static func clauseStart(_ c: [Character], before index: Int) -> Int {
        var k = index
        while k > 0, !"，,：:".contains(c[k - 1]) { k -= 1 }
        return k
    }

    static func stripConnectives(_ s: String) -> String {
        var t = ChineseText.trimmed(s)
        var changed = true
        while changed {
            changed = false
            for w in ["力争在", "力争于", "确保在", "确保于", "争取在", "务必在", "必须在", "力争", "确保", "争取", "必须", "务必",
                "要在", "要于", "截至", "截止", "计划", "预计", "要", "于", "在", "并", "将", "到", "至", "前"]
            where t.hasSuffix(w) {
                t.removeLast(w.count)
                t = ChineseText.trimmed(t)
                changed = true
            }
        }
        return t
    }

    static func trimPunctuation(_ s: String) -> String {
        var t = Substring(s)
        while let f = t.first, "，,、：: 　".contains(f) { t = t.dropFirst() }
        while let l = t.last, "，,、：: 　".contains(l) { t = t.dropLast() }
        return String(t)
    }

    /// The first "number + measure word" in the text.
    static func target(in text: String) -> (Double?, String?) {
        let c = Array(text)
        var i = 0
        while i < c.count {
            guard c[i].isASCII, c[i].isNumber, i == 0 || !(c[i - 1].isASCII && (c[i - 1].isNumber || c[i - 1] == "." || c[i - 1].isLetter)) else {
                i += 1
                continue
            }
            var j = i
            while j < c.count, c[j].isASCII, c[j].isNumber || c[j] == "." { j += 1 }
            let number = String(c[i..<j])
            var k = j
            while k < c.count, ChineseText.isSpace(c[k]) { k += 1 }
            let rest = String(c[k...])
            if !rest.hasPrefix("年"), !rest.hasPrefix("月"), !rest.hasPrefix("日"),
                let unit = measureWords.first(where: { rest.hasPrefix($0) }), let value = Double(number)
            {
                return (value, unit == "％" ? "%" : unit)
            }
            i = j
        }
        return (nil, nil)
    }
}
