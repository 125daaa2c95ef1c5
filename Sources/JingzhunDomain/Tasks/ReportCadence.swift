public import Foundation

/// How often an action's owner reports progress, and when each report is due (issue 6 §4; DOMAIN.md §6.4):
/// weekly by a weekday and time ([002] 周通报 "每周五中午12时前"), every ten days ([004] 旬报, due on the 10th,
/// the 20th and the month's last day) or monthly ([001] "by the 15th", "fund summary on the last working day").
/// Configured per plan; a weekly report is due inside its own ISO week.
public enum ReportCadence: Sendable, Equatable, Codable, CustomStringConvertible {
    /// `weekday` 1 = Monday … 7 = Sunday; due at `hour:minute` Beijing time.
    case weekly(weekday: Int, hour: Int, minute: Int)
    /// 上旬 1–10, 中旬 11–20, 下旬 21–end; each due at the end of its last day.
    case tenDays
    /// Due on `day` of the month (the last day when the month is shorter), or on the month's last working day
    /// when `day` is nil.
    case monthly(day: Int?)

    /// End of day for due dates written without a time: deadlines are inclusive.
    public static let endOfDay = (hour: 23, minute: 59)

    public var description: String {
        switch self {
        case .weekly(let w, let h, let m): "每周\(Self.weekdayNames[w - 1]) \(Self.clock(h, m))前"
        case .tenDays: "每旬（10日、20日、月末）"
        case .monthly(let d?): "每月\(d)日前"
        case .monthly(nil): "每月最后一个工作日"
        }
    }

    static let weekdayNames = ["一", "二", "三", "四", "五", "六", "日"]

    static func clock(_ h: Int, _ m: Int) -> String {
        (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// The period that `day` falls in.
    public func period(containing day: Day, calendar: WorkCalendar = .weekendsOnly) -> ReportPeriod {
        switch self {
        case .weekly(let weekday, let hour, let minute):
            let start = day.adding(days: 1 - day.weekday)
            return ReportPeriod(
                start: start, end: start.adding(days: 6), dueDay: start.adding(days: weekday - 1), dueHour: hour,
                dueMinute: minute, label: ReportPeriod.isoWeekLabel(of: day))
        case .tenDays:
            let (startDay, endDay, name): (Int, Int, String) =
                day.day <= 10 ? (1, 10, "上旬") : day.day <= 20 ? (11, 20, "中旬") : (21, day.lastDayOfMonth.day, "下旬")
            let end = Day(year: day.year, month: day.month, day: endDay)!
            return ReportPeriod(
                start: Day(year: day.year, month: day.month, day: startDay)!, end: end, dueDay: end,
                dueHour: Self.endOfDay.hour, dueMinute: Self.endOfDay.minute, label: "\(day.year)年\(day.month)月\(name)")
        case .monthly(let dueDay):
            let last = day.lastDayOfMonth
            let due =
                if let dueDay { Day(year: day.year, month: day.month, day: min(max(dueDay, 1), last.day))! } else {
                    calendar.lastWorkday(ofMonthContaining: day)
                }
            return ReportPeriod(
                start: day.firstDayOfMonth, end: last, dueDay: due, dueHour: Self.endOfDay.hour,
                dueMinute: Self.endOfDay.minute, label: "\(day.year)年\(day.month)月")
        }
    }

    /// Every period that overlaps `from…to`, in order.
    public func periods(from: Day, to: Day, calendar: WorkCalendar = .weekendsOnly) -> [ReportPeriod] {
        guard from <= to else { return [] }
        var out: [ReportPeriod] = []
        var p = period(containing: from, calendar: calendar)
        while p.start <= to {
            out.append(p)
            p = period(containing: p.end.adding(days: 1), calendar: calendar)
        }
        return out
    }

    /// "每周五中午12时前", "每周一上午9:30前", "周五下午5点前", "每旬", "旬报", "每月15日前", "每月最后一个工作日",
    /// "每月底"; `nil` when the text names no cadence.
    public static func parse(_ text: String) -> ReportCadence? {
        let t = ChineseText.arabicDates(ChineseText.asciiDigits(ChineseText.withoutSpaces(text)))
        let c = Array(t)
        if t.contains("旬") && (t.contains("每旬") || t.contains("旬报")) { return .tenDays }
        if t.contains("最后一个工作日") && (t.contains("月") ) { return .monthly(day: nil) }
        if let r = t.range(of: "每月") {
            let rest = Array(t[r.upperBound...])
            if rest.first == "底" || rest.first == "末" { return .monthly(day: 31) }
            var v = 0
            var k = 0
            while k < rest.count, rest[k].isASCII, rest[k].isNumber {
                v = v * 10 + Int(String(rest[k]))!
                k += 1
            }
            if k > 0, k < rest.count, "日号".contains(rest[k]), (1...31).contains(v) { return .monthly(day: v) }
            if let n = ChineseText.value(ofNumeral: String(rest.prefix(while: ChineseText.isNumeral))),
                (1...31).contains(n)
            {
                return .monthly(day: n)
            }
        }
        for marker in ["每周", "每星期", "周", "星期", "礼拜"] {
            guard let r = t.range(of: marker) else { continue }
            let start = t.distance(from: t.startIndex, to: r.upperBound)
            guard start < c.count else { continue }
            let names: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7]
            guard let weekday = names[c[start]] else { continue }
            if marker == "周" || marker == "星期" || marker == "礼拜", !t.contains("每") { continue }
            let (hour, minute) = time(in: Array(c[(start + 1)...])) ?? endOfDay
            return .weekly(weekday: weekday, hour: hour, minute: minute)
        }
        return nil
    }

    /// "中午12时", "上午9:30", "下午5点", "9点半", "17时30分" → 24-hour time.
    static func time(in c: [Character]) -> (Int, Int)? {
        let s = String(c)
        var i = 0
        while i < c.count, !(c[i].isASCII && c[i].isNumber) { i += 1 }
        guard i < c.count else { return nil }
        var h = 0
        while i < c.count, c[i].isASCII, c[i].isNumber {
            h = h * 10 + Int(String(c[i]))!
            i += 1
        }
        guard i < c.count, "时点:：".contains(c[i]) else { return nil }
        i += 1
        var m = 0
        var digits = 0
        while i < c.count, c[i].isASCII, c[i].isNumber {
            m = m * 10 + Int(String(c[i]))!
            i += 1
            digits += 1
        }
        if digits == 0, i < c.count, c[i] == "半" { m = 30 }
        if (s.contains("下午") || s.contains("晚")) && h < 12 { h += 12 }
        guard (0...23).contains(h), (0...59).contains(m) else { return nil }
        return (h, m)
    }
}

/// One reporting period: its days, when its report is due, and its label — "2018-W27" (ISO 8601 week),
/// "2018年7月上旬", "2018年7月".
public struct ReportPeriod: Sendable, Equatable, Codable {
    /// When the report is due, as an instant (Beijing time).
    public var dueDate: Date { ChinaTime.date(dueDay, hour: dueHour, minute: dueMinute) }

    public var start: Day
    public var end: Day
    public var dueDay: Day
    public var dueHour: Int
    public var dueMinute: Int
    public var label: String

    public init(start: Day, end: Day, dueDay: Day, dueHour: Int, dueMinute: Int, label: String) {
        self.start = start
        self.end = end
        self.dueDay = dueDay
        self.dueHour = dueHour
        self.dueMinute = dueMinute
        self.label = label
    }

    /// "2018-W27" → the Monday-to-Sunday week, due Friday 12:00 (the [002] default; use
    /// `ReportCadence.weekly(...).period(containing:)` for another due time). `nil` for a week the year does not have.
    public init?(isoWeek text: String, weekday: Int = 5, hour: Int = 12, minute: Int = 0) {
        let parts = text.uppercased().split(separator: "-W")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let week = Int(parts[1]),
            (1...53).contains(week), (1...7).contains(weekday), let jan4 = Day(year: year, month: 1, day: 4)
        else { return nil }
        let monday = jan4.adding(days: 1 - jan4.weekday + 7 * (week - 1))
        guard Self.isoWeekLabel(of: monday) == Self.label(year: year, week: week) else { return nil }
        self.init(
            start: monday, end: monday.adding(days: 6), dueDay: monday.adding(days: weekday - 1), dueHour: hour,
            dueMinute: minute, label: Self.label(year: year, week: week))
    }

    /// ISO 8601: weeks start on Monday and belong to the year of their Thursday.
    public static func isoWeek(of day: Day) -> (year: Int, week: Int) {
        let thursday = day.adding(days: 4 - day.weekday)
        let jan1 = Day(year: thursday.year, month: 1, day: 1)!
        return (thursday.year, jan1.days(to: thursday) / 7 + 1)
    }

    public static func isoWeekLabel(of day: Day) -> String {
        let w = isoWeek(of: day)
        return label(year: w.year, week: w.week)
    }

    static func label(year: Int, week: Int) -> String { "\(year)-W" + (week < 10 ? "0" : "") + "\(week)" }
}
