import Foundation
import JingzhunDomain
import Testing

/// DOMAIN.md §6.3's table, phrase by phrase, for a plan dated 2017-11-01 (a winter action like [000]).
@Suite struct FuzzyDeadlineTests {
    static let planDate = Day("2017-11-01")!

    static let dated: [(String, String)] = [
        ("11月底前", "2017-11-30"), ("11月底", "2017-11-30"), ("11月20日前", "2017-11-20"), ("11月上旬", "2017-11-10"),
        ("11月中旬", "2017-11-20"), ("11月下旬", "2017-11-30"), ("2017年11月15日前", "2017-11-15"),
        ("年底前", "2017-12-31"), ("年内", "2017-12-31"), ("12月底前", "2017-12-31"), ("第三季度", "2017-09-30"),
        ("9月底以前", "2017-09-30"), ("到2020年", "2020-12-31"), ("十一月底", "2017-11-30"),
        ("１１月２０日前", "2017-11-20"), ("11月底前  ", "2017-11-30"), ("十二月二十日", "2017-12-20"),
        ("2017年10月20前", "2017-10-20"), ("2018年11月底", "2018-11-30"), ("3月底前", "2018-03-31"),
        ("第四季度", "2017-12-31"), ("下半年", "2017-12-31"), ("明年3月底前", "2018-03-31"),
    ]

    @Test(arguments: dated) func phrasesWithADate(_ text: String, _ due: String) {
        let d = FuzzyDeadline.parse(text, planDate: Self.planDate)
        #expect(d.kind == .date)
        #expect(d.due == Day(due))
        #expect(d.text == text.trimmingCharacters(in: .whitespaces))
    }

    /// The same phrases in a plan dated 2019-05-24 ([001]).
    static let datedInMay: [(String, String)] = [
        ("8月份", "2019-08-31"), ("7月份", "2019-07-31"), ("5月底", "2019-05-31"), ("第三季度", "2019-09-30"),
        ("9月底以前", "2019-09-30"), ("年底前", "2019-12-31"),
    ]

    @Test(arguments: datedInMay) func phrasesInAMayPlan(_ text: String, _ due: String) {
        let d = FuzzyDeadline.parse(text, planDate: Day("2019-05-24")!)
        #expect(d.kind == .date && d.due == Day(due) && !d.outsidePlanWindow)
    }

    @Test func aWrittenYearOutsideThePlanIsFlagged() {
        // [000]: "2018年11月底" in a 2017 plan (DOMAIN.md §11.7).
        #expect(FuzzyDeadline.parse("2018年11月底", planDate: Self.planDate).outsidePlanWindow)
        #expect(!FuzzyDeadline.parse("11月底", planDate: Self.planDate).outsidePlanWindow)
        #expect(!FuzzyDeadline.parse("2018年11月底", planDate: Self.planDate, planYears: 2017...2018).outsidePlanWindow)
        // A year-less date just before the plan date stays in the plan year, flagged; two months back rolls over.
        let october = FuzzyDeadline.parse("10月底前", planDate: Self.planDate)
        #expect(october.due == Day("2017-10-31") && october.outsidePlanWindow)
        #expect(!FuzzyDeadline.parse("3月底前", planDate: Self.planDate).outsidePlanWindow)
    }

    @Test func staged() {
        let d = FuzzyDeadline.parse("按阶段进度要求", planDate: Self.planDate)
        #expect(d.kind == .staged && d.due == nil)
    }

    @Test func recurringAndEvents() throws {
        #expect(FuzzyDeadline.parse("长期坚持", planDate: Self.planDate).kind == .recurring)
        let weekly = FuzzyDeadline.parse("每周五中午12时前", planDate: Self.planDate)
        #expect(weekly.kind == .recurring)
        #expect(weekly.cadence == .weekly(weekday: 5, hour: 12, minute: 0))
        #expect(weekly.due == Day("2017-11-03"))  // the first Friday on or after Wednesday 1 November
        let event = FuzzyDeadline.parse("验收前", planDate: Self.planDate)
        #expect(event.kind == .event && event.due == nil)
        let autumn = FuzzyDeadline.parse("秋季", planDate: Self.planDate)
        #expect(autumn.kind == .unknown && autumn.due == nil && autumn.text == "秋季")
    }

    @Test func theMonthsLastWorkdayUsesTheCalendar() throws {
        let calendar = try #require(WorkCalendar.builtIn(year: 2018))
        let d = FuzzyDeadline.parse("月最后一个工作日", planDate: Day("2018-04-02")!, calendar: calendar)
        #expect(d.kind == .recurring && d.cadence == .monthly(day: nil))
        #expect(d.due == Day("2018-04-28"))
        #expect(FuzzyDeadline.parse("月最后一个工作日", planDate: Day("2018-04-02")!).due == Day("2018-04-30"))
    }

    @Test func firmness() {
        #expect(FuzzyDeadline.parse("确保11月底前", planDate: Self.planDate).firmness == .must)
        #expect(FuzzyDeadline.parse("务必于11月20日前", planDate: Self.planDate).firmness == .must)
        #expect(FuzzyDeadline.parse("力争9月底", planDate: Self.planDate).firmness == .strive)
        #expect(FuzzyDeadline.parse("9月底", planDate: Self.planDate).firmness == .plain)
    }
}

@Suite struct NamedMonthLastWorkdayTests {
    @Test func aNamedMonthsLastWorkdayIsOneDateOnTheHolidayCalendar() {
        let plan = Day("2018-05-01")!
        // September 2018 ended on a Sunday made a workday for 国庆 (国办发明电〔2017〕12号)
        #expect(FuzzyDeadline.parse("2018年9月最后一个工作日", planDate: plan, calendar: WorkCalendar.builtIn(year: 2018)!).due == Day("2018-09-30"))
        #expect(FuzzyDeadline.parse("9月最后一个工作日", planDate: plan).due == Day("2018-09-28"))
        #expect(FuzzyDeadline.parse("9月最后一个工作日", planDate: plan).kind == .date)
        #expect(FuzzyDeadline.parse("每月最后一个工作日", planDate: plan).kind == .recurring)
    }
}
