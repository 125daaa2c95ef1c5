import Foundation

/// A date as plans write it: "11月底前", "2017年11月15日前", "11月中旬", "第三季度", "年底前", "到2020年",
/// "8月份", "10月20前" (日 missing, [000]). The scanner finds them in deadlines, prose and phase ranges; the
/// meanings follow DOMAIN.md §6.3's table (上旬/中旬/下旬 end on the 10th/20th/last day, 第三季度 on 09-30,
/// 年底前/年内 on 12-31, 7月份 on 07-31). Deadlines are inclusive: "前" does not move the day.
struct DatePhrase: Equatable {
    enum Span: Equatable {
        case day(month: Int, day: Int)
        case month(Int, Part)
        case quarter(Int)
        case half(Int)
        case year
    }

    enum Part: Equatable { case whole, end, early, middle, late }

    /// Character offsets in the scanned text.
    var range: Range<Int>
    var text: String
    /// Written in the phrase ("2018年11月底"), as opposed to the plan's year.
    var explicitYear: Int?
    /// 明年/次年: one year after the plan year.
    var relativeYear: Int
    var span: Span
    /// Preceded by 每 (每月15日, 每季度): a recurrence, not a date.
    var recurring: Bool

    /// How far before the plan date a year-less date may fall and still be read in the plan year. A plan dated
    /// 2017-11-01 that says "3月底前" means next March (months before the plan's own month, well in the past);
    /// a 2018-06-11 plan whose phase starts "5月" is read as that May and flagged (DOMAIN.md §11.10).
    static let rolloverDays = 60

    /// First and last day of the span. A year-less date falling more than `rolloverDays` before `planDate` is
    /// taken in the following year.
    func resolve(planDate: Day) -> (first: Day, last: Day, yearWritten: Bool)? {
        let written = explicitYear != nil || relativeYear != 0
        let base = explicitYear ?? (planDate.year + relativeYear)
        guard var r = resolve(year: base) else { return nil }
        if !written, span != .year, r.last < planDate.adding(days: -Self.rolloverDays),
            let next = resolve(year: base + 1)
        {
            r = next
        }
        return (r.first, r.last, written)
    }

    func resolve(year: Int) -> (first: Day, last: Day)? {
        switch span {
        case .day(let m, let d):
            guard let day = Day(year: year, month: m, day: d) else { return nil }
            return (day, day)
        case .month(let m, let part):
            guard let end = Day.lastDay(year: year, month: m) else { return nil }
            let first = Day(year: year, month: m, day: 1)!
            switch part {
            case .whole: return (first, end)
            case .end: return (end, end)
            case .early: return (first, Day(year: year, month: m, day: 10)!)
            case .middle: return (Day(year: year, month: m, day: 11)!, Day(year: year, month: m, day: 20)!)
            case .late: return (Day(year: year, month: m, day: 21)!, end)
            }
        case .quarter(let q):
            return (Day(year: year, month: 3 * q - 2, day: 1)!, Day.lastDay(year: year, month: 3 * q)!)
        case .half(let h):
            return h == 1
                ? (Day(year: year, month: 1, day: 1)!, Day(year: year, month: 6, day: 30)!)
                : (Day(year: year, month: 7, day: 1)!, Day(year: year, month: 12, day: 31)!)
        case .year:
            return (Day(year: year, month: 1, day: 1)!, Day(year: year, month: 12, day: 31)!)
        }
    }

    // MARK: scanning

    static func scan(_ text: String) -> [DatePhrase] { scan(Array(text)) }

    static func scan(_ c: [Character]) -> [DatePhrase] {
        var out: [DatePhrase] = []
        var i = 0
        while i < c.count {
            if let p = parse(c, at: i) {
                out.append(p)
                i = p.range.upperBound
            } else {
                i += 1
            }
        }
        return out
    }

    private static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    private static func digits(_ c: [Character], from i: Int, max: Int) -> (value: Int, end: Int)? {
        var j = i
        var v = 0
        while j < c.count, j - i < max, isDigit(c[j]) {
            v = v * 10 + Int(String(c[j]))!
            j += 1
        }
        guard j > i, j >= c.count || !isDigit(c[j]) else { return nil }
        return (v, j)
    }

    private static func has(_ c: [Character], _ word: String, at i: Int) -> Bool {
        let w = Array(word)
        guard i >= 0, i + w.count <= c.count else { return false }
        return Array(c[i..<(i + w.count)]) == w
    }

    static func parse(_ c: [Character], at i: Int) -> DatePhrase? {
        if i > 0, isDigit(c[i - 1]) || c[i - 1] == "." { return nil }
        let recurring = (i > 0 && c[i - 1] == "每") || has(c, "每个", at: i - 2)
        var j = i
        var explicitYear: Int?
        var relative = 0
        var yearToken = false

        if ["今年", "当年", "本年"].contains(where: { has(c, $0, at: j) }) {
            j += 2
            yearToken = true
        } else if ["明年", "次年", "下年", "来年"].contains(where: { has(c, $0, at: j) }) {
            j += 2
            relative = 1
            yearToken = true
        } else if let y = digits(c, from: j, max: 4), y.end - j == 4, y.end < c.count, c[y.end] == "年" {
            explicitYear = y.value
            j = y.end + 1
            yearToken = true
        }

        var span: DatePhrase.Span?
        if yearToken {
            if j < c.count, "底末内".contains(c[j]) {
                span = .year
                j += 1
            } else if let (s, end) = halfOrQuarter(c, at: j) {
                span = s
                j = end
            } else if let (s, end) = monthSpan(c, at: j) {
                span = s
                j = end
            } else if explicitYear != nil, i > 0, "到至".contains(c[i - 1]) {
                span = .year
            } else {
                return nil
            }
        } else {
            let before: Character? = i > 0 ? c[i - 1] : nil
            if has(c, "年底", at: j) || has(c, "年末", at: j) || has(c, "年内", at: j) {
                if let b = before, isDigit(b) || ChineseText.isNumeral(b) || "每半近往去前上下明今当本次来多全".contains(b) {
                    return nil
                }
                span = .year
                j += 2
            } else if let (s, end) = halfOrQuarter(c, at: j) {
                span = s
                j = end
            } else if let (s, end) = monthSpan(c, at: j) {
                span = s
                j = end
            } else {
                return nil
            }
        }
        guard let span else { return nil }
        for suffix in ["以前", "之前", "为止", "前", "止"] where has(c, suffix, at: j) {
            j += suffix.count
            break
        }
        return DatePhrase(
            range: i..<j, text: String(c[i..<j]), explicitYear: explicitYear, relativeYear: relative, span: span,
            recurring: recurring)
    }

    /// "上半年", "下半年", "第三季度", "三季度末", "第3季度".
    private static func halfOrQuarter(_ c: [Character], at i: Int) -> (Span, Int)? {
        if has(c, "上半年", at: i) { return (.half(1), i + 3) }
        if has(c, "下半年", at: i) { return (.half(2), i + 3) }
        var j = i
        if j < c.count, c[j] == "第" { j += 1 }
        guard j < c.count else { return nil }
        let q: Int? = ["一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4][c[j]]
        guard let q, has(c, "季度", at: j + 1) else { return nil }
        j += 3
        if j < c.count, "末底".contains(c[j]) { j += 1 }
        return (.quarter(q), j)
    }

    /// "11月", "11月底", "11月20日", "11月中旬", "8月份", "10月20前".
    private static func monthSpan(_ c: [Character], at i: Int) -> (Span, Int)? {
        guard let m = digits(c, from: i, max: 2), (1...12).contains(m.value), m.end < c.count, c[m.end] == "月"
        else { return nil }
        var j = m.end + 1
        if let d = digits(c, from: j, max: 2), (1...31).contains(d.value), d.end < c.count {
            if "日号".contains(c[d.end]) { return (.day(month: m.value, day: d.value), d.end + 1) }
            if c[d.end] == "前" { return (.day(month: m.value, day: d.value), d.end) }
        }
        if has(c, "上旬", at: j) { return (.month(m.value, .early), j + 2) }
        if has(c, "中旬", at: j) { return (.month(m.value, .middle), j + 2) }
        if has(c, "下旬", at: j) { return (.month(m.value, .late), j + 2) }
        if j < c.count, "底末".contains(c[j]) { return (.month(m.value, .end), j + 1) }
        if j < c.count, c[j] == "初" { return (.month(m.value, .early), j + 1) }
        if j < c.count, c[j] == "份" { j += 1 }
        return (.month(m.value, .whole), j)
    }
}
