import Foundation

/// A deadline as a plan writes it, kept beside what it means (issue 6 §2; DOMAIN.md §6.3 table).
///
/// | text | kind | due |
/// |---|---|---|
/// | 11月底前, 11月底, 十一月底 | date | 11-30 |
/// | 11月20日前, 2017年11月15日前 | date | that day |
/// | 11月上旬 / 中旬 / 下旬 | date | 10th / 20th / last day |
/// | 第三季度 | date | 09-30 |
/// | 年底前, 年内, 12月底前 | date | 12-31 |
/// | 8月份 | date | 08-31 |
/// | 到2020年 | date | 2020-12-31 |
/// | 按阶段进度要求 | staged | none: milestones in the action text carry the dates |
/// | 长期坚持, 每周五… | recurring | the next occurrence when there is one |
/// | 月最后一个工作日 | recurring | the last working day of the plan's month (by the work calendar) |
/// | 验收前, 考核前 | event | none: relative to an event |
/// | 秋季, anything else | unknown | none: ask the county |
///
/// A missing year is the plan year, except that a date more than two months before the plan date is read in the
/// next year (a plan dated 2017-11-01 saying "3月底前" means March 2018; see `DatePhrase.rolloverDays`).
/// `outsidePlanWindow` flags a written year outside the plan's years ([000]: "2018年11月底" in a 2017 plan,
/// DOMAIN.md §11.7) and a date before the plan date. Deadlines are inclusive.
public struct FuzzyDeadline: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case date
        /// 按阶段进度要求: no date; the milestones carry it.
        case staged
        /// 长期坚持, 每周五…, 月最后一个工作日.
        case recurring
        /// 验收前: relative to an event.
        case event
        /// 秋季, or text the parser does not know: ask the county.
        case unknown
    }

    public enum Firmness: String, Sendable, Codable {
        /// 确保 / 必须 / 务必 / 一律.
        case must
        /// 力争 / 争取.
        case strive
        case plain
    }

    /// As printed (trimmed).
    public var text: String
    public var kind: Kind
    public var due: Day?
    public var firmness: Firmness
    public var outsidePlanWindow: Bool
    /// For `.recurring` deadlines that name a cadence ("每周五中午12时前" → weekly Friday 12:00).
    public var cadence: ReportCadence?

    public init(
        text: String, kind: Kind, due: Day? = nil, firmness: Firmness = .plain, outsidePlanWindow: Bool = false,
        cadence: ReportCadence? = nil
    ) {
        self.text = text
        self.kind = kind
        self.due = due
        self.firmness = firmness
        self.outsidePlanWindow = outsidePlanWindow
        self.cadence = cadence
    }

    public static func firmness(of text: String) -> Firmness {
        if ["确保", "必须", "务必", "一律"].contains(where: text.contains) { return .must }
        if ["力争", "争取"].contains(where: text.contains) { return .strive }
        return .plain
    }

    /// - Parameters:
    ///   - planDate: the plan's date (or 1 January of its year when it has none); year-less dates take its year.
    ///   - planYears: the years the plan covers; a written year outside them is flagged. Defaults to the plan
    ///     date's year; a three-year plan passes 2018...2020.
    public static func parse(
        _ text: String, planDate: Day, calendar: WorkCalendar = .weekendsOnly, planYears: ClosedRange<Int>? = nil
    ) -> FuzzyDeadline {
        let printed = ChineseText.trimmed(text)
        let t = ChineseText.arabicDates(ChineseText.asciiDigits(ChineseText.withoutSpaces(printed)))
        let firmness = firmness(of: t)
        func make(_ kind: Kind, _ due: Day? = nil, outside: Bool = false, cadence: ReportCadence? = nil) -> FuzzyDeadline {
            FuzzyDeadline(
                text: printed, kind: kind, due: due, firmness: firmness, outsidePlanWindow: outside, cadence: cadence)
        }
        if ["按阶段", "按进度", "按时间节点", "分阶段"].contains(where: t.contains) { return make(.staged) }
        if t.contains("最后一个工作日") {
            // "2018年9月最后一个工作日" is one date; a bare "月最后一个工作日" recurs every month.
            if let (year, month) = monthBefore("最后一个工作日", in: t), let first = Day(year: year ?? planDate.year, month: month, day: 1) {
                let due = calendar.lastWorkday(ofMonthContaining: first)
                return make(.date, due, outside: due < planDate)
            }
            var due = calendar.lastWorkday(ofMonthContaining: planDate)
            if due < planDate { due = calendar.lastWorkday(ofMonthContaining: planDate.lastDayOfMonth.adding(days: 1)) }
            return make(.recurring, due, cadence: .monthly(day: nil))
        }
        if t.hasPrefix("每") || t.contains("每周") || t.contains("每月") || t.contains("每旬") || t.contains("每季") {
            let cadence = ReportCadence.parse(t)
            let due = cadence.map { next(of: $0, onOrAfter: planDate, calendar: calendar) }
            return make(.recurring, due, cadence: cadence)
        }
        if ["长期", "常态", "持续", "经常性", "随时"].contains(where: t.contains) { return make(.recurring) }

        let phrases = DatePhrase.scan(t).filter { !$0.recurring }
        if let phrase = phrases.last, let r = phrase.resolve(planDate: planDate) {
            let years = planYears ?? planDate.year...planDate.year
            let outside = (r.yearWritten && !years.contains(r.last.year)) || r.last < planDate
            return make(.date, r.last, outside: outside)
        }
        if ["前", "后", "之际", "期间", "时"].contains(where: t.hasSuffix) || ["验收", "考核", "评估", "检查"].contains(where: t.contains) {
            return make(.event)
        }
        return make(.unknown)
    }

    /// The first due day of a cadence on or after `day`.
    static func next(of cadence: ReportCadence, onOrAfter day: Day, calendar: WorkCalendar) -> Day {
        var p = cadence.period(containing: day, calendar: calendar)
        while p.dueDay < day { p = cadence.period(containing: p.end.adding(days: 1), calendar: calendar) }
        return p.dueDay
    }
}

extension FuzzyDeadline {
    /// The "(YYYY年)M月" written just before `marker` ("2018年9月最后一个工作日" → (2018, 9)); digits already ASCII.
    static func monthBefore(_ marker: String, in t: String) -> (Int?, Int)? {
        guard let range = t.range(of: "月" + marker) else { return nil }
        let head = Array(t[..<range.lowerBound])
        var i = head.count
        while i > 0, head[i - 1].isASCII, head[i - 1].isNumber { i -= 1 }
        guard i < head.count, let month = Int(String(head[i...])), (1...12).contains(month) else { return nil }
        var year: Int?
        if i > 0, head[i - 1] == "年" {
            var j = i - 1
            while j > 0, head[j - 1].isASCII, head[j - 1].isNumber { j -= 1 }
            year = Int(String(head[j..<(i - 1)]))
        }
        return (year, month)
    }
}
