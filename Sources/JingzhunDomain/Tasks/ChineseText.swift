import Foundation

/// Text clean-up shared by the plan readers: full-width digits, Chinese numerals in dates ("十一月底",
/// "二〇一八年"), and the conversion artefacts of the seed files (`[bookmark: _GoBack]`, markdown "- " bullets).
/// DOMAIN.md §6.2–6.3 ("full-width and ASCII digits", Chinese numerals where the seeds use them).
enum ChineseText {
    static let chineseDigits: [Character: Int] = [
        "〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
        "九": 9,
    ]

    /// "十一" → 11, "二十" → 20, "三十一" → 31, "七" → 7; `nil` for anything else (up to 99 is all dates need).
    static func value(ofNumeral text: some StringProtocol) -> Int? {
        let chars = Array(text)
        guard !chars.isEmpty else { return nil }
        if let i = chars.firstIndex(of: "十") {
            guard i <= 1, chars.count - i <= 2 else { return nil }
            let tens = i == 0 ? 1 : chineseDigits[chars[0]]
            let units = i == chars.count - 1 ? 0 : chineseDigits[chars[i + 1]]
            guard let tens, let units, tens > 0 else { return nil }
            return tens * 10 + units
        }
        guard chars.count == 1 else { return nil }
        return chineseDigits[chars[0]]
    }

    static func isNumeral(_ c: Character) -> Bool { c == "十" || chineseDigits[c] != nil }

    /// Full-width digits and the full-width full stop of "1．" become ASCII; everything else is left as printed.
    static func asciiDigits(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if (0xFF10...0xFF19).contains(s.value) {
                out.append(Unicode.Scalar(s.value - 0xFF10 + 0x30)!)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// Chinese numerals that name a month, a day or a year become digits: "十一月底" → "11月底", "五月二十日" →
    /// "5月20日", "二〇一八年" → "2018年". Numerals elsewhere ("一是", "三年内") are left alone.
    static func arabicDates(_ text: String) -> String {
        let c = Array(text)
        var out = ""
        var i = 0
        while i < c.count {
            if isNumeral(c[i]) && (i == 0 || !isNumeral(c[i - 1])) {
                var j = i
                while j < c.count && isNumeral(c[j]) { j += 1 }
                let run = c[i..<j]
                if j < c.count {
                    let next = c[j]
                    if next == "年", run.count == 4, run.allSatisfy({ chineseDigits[$0] != nil }) {
                        out += run.map { String(chineseDigits[$0]!) }.joined()
                        i = j
                        continue
                    }
                    if next == "月", let v = value(ofNumeral: String(run)), (1...12).contains(v),
                        monthFollows(c, after: j)
                    {
                        out += String(v)
                        i = j
                        continue
                    }
                    if next == "日" || next == "号", let v = value(ofNumeral: String(run)), (1...31).contains(v), i > 0,
                        c[i - 1] == "月"
                    {
                        out += String(v)
                        i = j
                        continue
                    }
                }
                out += String(run)
                i = j
                continue
            }
            out.append(c[i])
            i += 1
        }
        return out
    }

    /// What may follow "X月" for X to be a month rather than, say, "一月一次".
    private static func monthFollows(_ c: [Character], after j: Int) -> Bool {
        let k = j + 1
        guard k < c.count else { return true }
        if "底末份前初上中下".contains(c[k]) { return true }
        if c[k].isASCII && c[k].isNumber { return true }
        if isNumeral(c[k]) { return true }
        return "，,。；;、）) —-至到".contains(c[k])
    }

    /// Removes `[bookmark: …]` left by the docx conversion.
    static func withoutArtefacts(_ line: String) -> String {
        var s = line
        while let open = s.range(of: "[bookmark:"), let close = s[open.upperBound...].firstIndex(of: "]") {
            s.removeSubrange(open.lowerBound...close)
        }
        return s
    }

    /// Spaces of any width.
    static func isSpace(_ c: Character) -> Bool { c == " " || c == "\u{3000}" || c == "\t" || c == "\u{A0}" }

    static func trimmed(_ s: some StringProtocol) -> String {
        var chars = Substring(s)
        while let f = chars.first, isSpace(f) || f.isNewline { chars = chars.dropFirst() }
        while let l = chars.last, isSpace(l) || l.isNewline { chars = chars.dropLast() }
        return String(chars)
    }

    static func withoutSpaces(_ s: some StringProtocol) -> String { String(s.filter { !isSpace($0) }) }

    /// Sentence-final punctuation: a paragraph line ending without it continues on the next line (003 breaks
    /// "大病保" / "险，" across a page).
    static func endsSentence(_ s: String) -> Bool {
        guard let last = trimmed(s).last else { return true }
        return "。；;！!？?：:”\"」）)".contains(last)
    }
}
