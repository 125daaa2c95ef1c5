/// Which days are working days: weekends off, public holidays off, make-up workdays (调休上班) on. "月最后一个工作日"
/// deadlines and report due dates use it (issue 6 §2; DOMAIN.md §6.3 "holiday calendar incl. make-up workdays").
/// Configuration, not constants: the county stores one per year (settings key `work_calendar`, with its source);
/// `builtIn(year:)` only offers the State Council's published 节假日安排 as a starting point.
public struct WorkCalendar: Sendable, Equatable, Codable {
    /// Days off that would otherwise be working days (the whole 放假 range is listed, weekend days included).
    public var holidays: Set<Day>
    /// Saturdays or Sundays worked instead (调休上班).
    public var makeUpWorkdays: Set<Day>
    /// Where the dates come from, e.g. the notice's title and number.
    public var source: String

    public init(holidays: Set<Day> = [], makeUpWorkdays: Set<Day> = [], source: String = "") {
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
        self.source = source
    }

    /// Monday to Friday, no holidays: what a deadline uses when the county has configured nothing.
    public static let weekendsOnly = WorkCalendar(source: "仅双休日（未配置节假日）")

    /// A holiday wins over a make-up workday, so an extension (2020's 春节 to 2 February) can cancel a 调休 Saturday.
    public func isWorkday(_ day: Day) -> Bool {
        if holidays.contains(day) { return false }
        if makeUpWorkdays.contains(day) { return true }
        return day.weekday <= 5
    }

    /// The month's last working day: a make-up Saturday can be it (2018-04-28), a holiday cannot (2018-04-30).
    public func lastWorkday(ofMonthContaining day: Day) -> Day {
        var d = day.lastDayOfMonth
        let first = day.firstDayOfMonth
        while !isWorkday(d) && d > first { d = d.adding(days: -1) }
        return d
    }

    /// The working day `workdays` working days after `day` (before it when negative); 0 gives `day` itself if it
    /// is a working day, otherwise the next one.
    public func adding(workdays: Int, to day: Day) -> Day {
        var d = day
        if workdays == 0 {
            while !isWorkday(d) { d = d.adding(days: 1) }
            return d
        }
        let step = workdays > 0 ? 1 : -1
        var left = abs(workdays)
        while left > 0 {
            d = d.adding(days: step)
            if isWorkday(d) { left -= 1 }
        }
        return d
    }

    /// Both calendars' days, for a span across two notices (元旦 2019 moved 2018-12-29…31).
    public func merged(with other: WorkCalendar) -> WorkCalendar {
        WorkCalendar(
            holidays: holidays.union(other.holidays), makeUpWorkdays: makeUpWorkdays.union(other.makeUpWorkdays),
            source: [source, other.source].filter { !$0.isEmpty }.joined(separator: "；"))
    }

    /// The years with a built-in table.
    public static var builtInYears: [Int] { notices.map(\.year).sorted() }

    /// The State Council's arrangement for `year`, plus the days of `year` that the next year's notice moves
    /// (元旦 2019 began on 2018-12-30); `nil` for a year not transcribed here.
    public static func builtIn(year: Int) -> WorkCalendar? {
        guard let own = notices.first(where: { $0.year == year }) else { return nil }
        var calendar = own.calendar
        if let next = notices.first(where: { $0.year == year + 1 }) {
            let spill = next.calendar
            let holidays = spill.holidays.filter { $0.year == year }
            let makeUps = spill.makeUpWorkdays.filter { $0.year == year }
            if !holidays.isEmpty || !makeUps.isEmpty {
                calendar = calendar.merged(
                    with: WorkCalendar(holidays: holidays, makeUpWorkdays: makeUps, source: next.title))
            }
        }
        return calendar
    }

    /// Transcribed from the notices as published on www.gov.cn (checked against several reprints). Each entry is
    /// (first day, last day) of a 放假 range, and the 上班 days.
    struct Notice {
        var year: Int
        var title: String
        var off: [(String, String)]
        var on: [String]

        var calendar: WorkCalendar {
            var holidays = Set<Day>()
            for (from, to) in off {
                var d = Day(from)!
                while d <= Day(to)! {
                    holidays.insert(d)
                    d = d.adding(days: 1)
                }
            }
            return WorkCalendar(holidays: holidays, makeUpWorkdays: Set(on.map { Day($0)! }), source: title)
        }
    }

    static let notices: [Notice] = [
        Notice(
            year: 2017, title: "国务院办公厅关于2017年部分节假日安排的通知（国办发明电〔2016〕17号）",
            off: [
                ("2017-01-01", "2017-01-02"), ("2017-01-27", "2017-02-02"), ("2017-04-02", "2017-04-04"),
                ("2017-05-01", "2017-05-01"), ("2017-05-28", "2017-05-30"), ("2017-10-01", "2017-10-08"),
            ],
            on: ["2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30"]),
        Notice(
            year: 2018, title: "国务院办公厅关于2018年部分节假日安排的通知（国办发明电〔2017〕12号）",
            off: [
                ("2018-01-01", "2018-01-01"), ("2018-02-15", "2018-02-21"), ("2018-04-05", "2018-04-07"),
                ("2018-04-29", "2018-05-01"), ("2018-06-18", "2018-06-18"), ("2018-09-24", "2018-09-24"),
                ("2018-10-01", "2018-10-07"),
            ],
            on: ["2018-02-11", "2018-02-24", "2018-04-08", "2018-04-28", "2018-09-29", "2018-09-30"]),
        Notice(
            year: 2019,
            title: "国务院办公厅关于2019年部分节假日安排的通知（国办发明电〔2018〕15号）；"
                + "国务院办公厅关于调整2019年劳动节假期安排的通知（国办发明电〔2019〕3号）",
            off: [
                ("2018-12-30", "2019-01-01"), ("2019-02-04", "2019-02-10"), ("2019-04-05", "2019-04-05"),
                ("2019-05-01", "2019-05-04"), ("2019-06-07", "2019-06-07"), ("2019-09-13", "2019-09-13"),
                ("2019-10-01", "2019-10-07"),
            ],
            on: ["2018-12-29", "2019-02-02", "2019-02-03", "2019-04-28", "2019-05-05", "2019-09-29", "2019-10-12"]),
        Notice(
            year: 2020,
            title: "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）；"
                + "国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）",
            // The extension ran 春节 to 2 February, so the 调休 Saturday 1 February was not worked.
            off: [
                ("2020-01-01", "2020-01-01"), ("2020-01-24", "2020-02-02"), ("2020-04-04", "2020-04-06"),
                ("2020-05-01", "2020-05-05"), ("2020-06-25", "2020-06-27"), ("2020-10-01", "2020-10-08"),
            ],
            on: ["2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"]),
    ]
}
