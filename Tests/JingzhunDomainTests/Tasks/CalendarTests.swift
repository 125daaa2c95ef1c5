import Foundation
import JingzhunDomain
import Testing

@Suite struct DayTests {
    @Test func readsAndPrintsBeijingDates() throws {
        let d = try #require(Day("2019-05-24"))
        #expect(d.year == 2019 && d.month == 5 && d.day == 24)
        #expect(d.description == "2019-05-24")
        #expect(Day("2019-02-29") == nil)
        #expect(Day("2019-5-24") == nil)
        #expect(Day(year: 2020, month: 2, day: 29) != nil)
    }

    @Test func countsWeekdaysAndDays() throws {
        #expect(Day("2019-05-24")!.weekday == 5)  // a Friday
        #expect(Day("2018-07-01")!.weekday == 7)  // a Sunday
        #expect(Day("2017-12-31")!.adding(days: 1) == Day("2018-01-01"))
        #expect(Day("2019-05-24")!.days(to: Day("2019-06-30")!) == 37)
        #expect(Day("2019-02-10")!.lastDayOfMonth == Day("2019-02-28"))
        #expect(Day("2020-02-10")!.lastDayOfMonth == Day("2020-02-29"))
    }

    @Test func todayIsTheDateInBeijing() {
        // 2019-05-23 17:00 UTC is already the 24th in Beijing.
        let instant = Date(timeIntervalSince1970: 1_558_630_800)
        #expect(Day.today(instant) == Day("2019-05-24"))
    }

    @Test func isCodableAsItsText() throws {
        let data = try JSONEncoder().encode([Day("2019-05-24")!])
        #expect(String(decoding: data, as: UTF8.self) == #"["2019-05-24"]"#)
        #expect(try JSONDecoder().decode([Day].self, from: data) == [Day("2019-05-24")!])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Day].self, from: Data(#"["2019-13-01"]"#.utf8)) }
    }
}

@Suite struct WorkCalendarTests {
    @Test func aMonthsLastWorkdayCanBeAMakeUpSaturday() throws {
        // 2018: 劳动节 4月29日至5月1日放假，4月28日（星期六）上班 — April's last two days are off, the Saturday is worked.
        let calendar = try #require(WorkCalendar.builtIn(year: 2018))
        #expect(!calendar.isWorkday(Day("2018-04-30")!))
        #expect(calendar.isWorkday(Day("2018-04-28")!))
        #expect(calendar.lastWorkday(ofMonthContaining: Day("2018-04-03")!) == Day("2018-04-28"))
        // September 2018 ends on a Sunday that was worked (国庆 调休).
        #expect(calendar.lastWorkday(ofMonthContaining: Day("2018-09-03")!) == Day("2018-09-30"))
        #expect(WorkCalendar.weekendsOnly.lastWorkday(ofMonthContaining: Day("2018-09-03")!) == Day("2018-09-28"))
        #expect(calendar.source.contains("国办发明电〔2017〕12号"))
    }

    @Test func theNextYearsNoticeMovesDaysOfThisYear() throws {
        // 元旦 2019 began on 2018-12-30 and 2018-12-29 (Saturday) was worked.
        let calendar = try #require(WorkCalendar.builtIn(year: 2018))
        #expect(calendar.isWorkday(Day("2018-12-29")!))
        #expect(!calendar.isWorkday(Day("2018-12-31")!))
        #expect(calendar.lastWorkday(ofMonthContaining: Day("2018-12-01")!) == Day("2018-12-29"))
    }

    @Test func anExtendedHolidayCancelsAMakeUpDay() throws {
        // 2020: 春节 extended to 2 February (国办发明电〔2020〕1号), so Saturday 1 February was not worked.
        let calendar = try #require(WorkCalendar.builtIn(year: 2020))
        #expect(!calendar.isWorkday(Day("2020-02-01")!))
        #expect(calendar.isWorkday(Day("2020-01-19")!))
        #expect(calendar.isWorkday(Day("2020-02-03")!))
    }

    @Test func addsWorkdaysAcrossAHoliday() throws {
        let calendar = try #require(WorkCalendar.builtIn(year: 2019))
        // Friday 2019-09-27 + 1 workday → Sunday 09-29 (调休上班); + 3 → 10-08 after 国庆.
        #expect(calendar.adding(workdays: 1, to: Day("2019-09-27")!) == Day("2019-09-29"))
        #expect(calendar.adding(workdays: 2, to: Day("2019-09-27")!) == Day("2019-09-30"))
        #expect(calendar.adding(workdays: 3, to: Day("2019-09-27")!) == Day("2019-10-08"))
        #expect(calendar.adding(workdays: -1, to: Day("2019-10-08")!) == Day("2019-09-30"))
        #expect(calendar.adding(workdays: 0, to: Day("2019-10-05")!) == Day("2019-10-08"))
    }

    @Test func onlyYearsTranscribedFromANoticeAreBuiltIn() {
        #expect(WorkCalendar.builtInYears == [2017, 2018, 2019, 2020])
        #expect(WorkCalendar.builtIn(year: 2016) == nil)
    }

    @Test func isStoredAsJSON() throws {
        let calendar = try #require(WorkCalendar.builtIn(year: 2019))
        let back = try JSONDecoder().decode(WorkCalendar.self, from: JSONEncoder().encode(calendar))
        #expect(back == calendar)
    }
}

@Suite struct ReportCadenceTests {
    @Test func isoWeeksAcrossYearBoundaries() throws {
        #expect(ReportPeriod.isoWeekLabel(of: Day("2018-01-01")!) == "2018-W01")
        #expect(ReportPeriod(isoWeek: "2018-W01")?.start == Day("2018-01-01"))
        #expect(ReportPeriod(isoWeek: "2020-W53")?.start == Day("2020-12-28"))
        #expect(ReportPeriod(isoWeek: "2020-W53")?.end == Day("2021-01-03"))
        #expect(ReportPeriod.isoWeekLabel(of: Day("2021-01-03")!) == "2020-W53")
        #expect(ReportPeriod(isoWeek: "2021-W01")?.start == Day("2021-01-04"))
        #expect(ReportPeriod(isoWeek: "2019-W53") == nil)  // 2019 has 52 weeks
        #expect(ReportPeriod.isoWeekLabel(of: Day("2014-12-29")!) == "2015-W01")
        #expect(ReportPeriod(isoWeek: "2018-27") == nil)
    }

    @Test func weeklyReportsAreDueFridayNoon() throws {
        // [002]: 每周五中午12时前.
        let cadence = try #require(ReportCadence.parse("每周五中午12时前"))
        #expect(cadence == .weekly(weekday: 5, hour: 12, minute: 0))
        let p = cadence.period(containing: Day("2018-07-04")!)
        #expect(p.label == "2018-W27")
        #expect(p.start == Day("2018-07-02") && p.end == Day("2018-07-08"))
        #expect(p.dueDay == Day("2018-07-06") && p.dueHour == 12 && p.dueMinute == 0)
        #expect(ReportPeriod(isoWeek: "2018-W27") == p)
        #expect(ReportCadence.parse("每周一下午5点半前") == .weekly(weekday: 1, hour: 17, minute: 30))
    }

    @Test func tenDayReportsCloseOnThe10th20thAndMonthEnd() throws {
        let periods = ReportCadence.tenDays.periods(from: Day("2018-02-05")!, to: Day("2018-03-01")!)
        #expect(periods.map(\.label) == ["2018年2月上旬", "2018年2月中旬", "2018年2月下旬", "2018年3月上旬"])
        #expect(periods.map(\.dueDay) == ["2018-02-10", "2018-02-20", "2018-02-28", "2018-03-10"].map { Day($0)! })
        #expect(ReportCadence.parse("旬报") == .tenDays)
    }

    @Test func monthlyReportsOnADayOrTheLastWorkday() throws {
        let calendar = try #require(WorkCalendar.builtIn(year: 2018))
        let last = ReportCadence.monthly(day: nil).period(containing: Day("2018-04-10")!, calendar: calendar)
        #expect(last.label == "2018年4月" && last.dueDay == Day("2018-04-28"))
        #expect(ReportCadence.monthly(day: 31).period(containing: Day("2018-02-03")!).dueDay == Day("2018-02-28"))
        #expect(ReportCadence.parse("每月15日前") == .monthly(day: 15))
        #expect(ReportCadence.parse("每月最后一个工作日") == .monthly(day: nil))
        let weeks = ReportCadence.weekly(weekday: 5, hour: 12, minute: 0).periods(
            from: Day("2020-12-30")!, to: Day("2021-01-12")!)
        #expect(weeks.map(\.label) == ["2020-W53", "2021-W01", "2021-W02"])
    }
}
