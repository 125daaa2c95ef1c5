import JingzhunDomain
import Testing

/// 风险信息登记 as a cadre fills it in: what is refused on its face, and how a report's channel reaches the clue.
@Suite struct RiskReportTests {
    typealias F = MonitoringFixtures
    let today = F.day("2021-06-01")

    func report(_ kind: RiskReport.Kind, member: String? = "王明华", on: String = "2021-05-20", text: String = "住院治疗",
                amount: String? = "3000", channel: ClueChannel = .cadreScreening) -> RiskReport {
        RiskReport(householdNumber: "6109271002010001", kind: kind, memberName: member, occurredOn: F.day(on), description: text,
                   amount: amount.map { Fen(yuan: $0)! }, channel: channel)
    }

    @Test func aCompleteReportHasNoProblems() {
        for kind in RiskReport.Kind.allCases { #expect(report(kind).problems(today: today).isEmpty, "\(kind)") }
    }

    @Test(arguments: [
        (RiskReport(householdNumber: "6109271002010001", kind: .naturalDisaster, occurredOn: Day("2021-06-02")!, description: "暴雨"), "晚于今天"),
        (RiskReport(householdNumber: "6109271002010001", kind: .accident, occurredOn: Day("2021-05-02")!, description: " "), "情况说明"),
        (RiskReport(householdNumber: "6109271002010001", kind: .accident, occurredOn: Day("2021-05-02")!, description: "车祸",
                    amount: Fen(rawValue: -1)), "负数"),
        (RiskReport(householdNumber: "6109271002010001", kind: .medical, occurredOn: Day("2021-05-02")!, description: "住院",
                    amount: Fen(yuan: "100")), "医疗自付费用须写明是哪位家庭成员"),
        (RiskReport(householdNumber: "6109271002010001", kind: .medical, memberName: "王明华", occurredOn: Day("2021-05-02")!,
                    description: "住院"), "自付医疗费用（元）"),
        (RiskReport(householdNumber: "6109271002010001", kind: .labourLoss, occurredOn: Day("2021-05-02")!, description: "偏瘫"),
         "丧失劳动能力须写明"),
        (RiskReport(householdNumber: "6109271002010001", kind: .naturalDisaster, occurredOn: Day("2021-05-02")!, description: "暴雨",
                    channel: .departmentAlert), "部门名单导入"),
        // a year ago to the day is outside the 12 months a scan counts
        (RiskReport(householdNumber: "6109271002010001", kind: .medical, memberName: "王明华", occurredOn: Day("2020-06-01")!,
                    description: "住院", amount: Fen(yuan: "100")), "已超过 12 个月（早于 2020-06-02）"),
    ])
    func aReportIsRefusedWithTheReason(_ report: RiskReport, _ words: String) {
        let problems = report.problems(today: Day("2021-06-01")!)
        #expect(problems.count == 1)
        #expect(problems.first?.contains(words) == true, "\(problems)")
    }

    @Test func theTwelveMonthsEndTheDayAfterTheSameDayAYearEarlierAndALabourLossLasts() {
        #expect(RiskReport.earliestCounted(today: today) == F.day("2020-06-02"))
        for kind in RiskReport.Kind.allCases {
            #expect(report(kind, on: "2020-06-02").problems(today: today).isEmpty, "\(kind)")
        }
        #expect(report(.labourLoss, on: "2019-03-01").problems(today: today).isEmpty)
        #expect(report(.accident, on: "2020-06-01").problems(today: today).count == 1)
    }

    @Test func theCommandLineSpellingsReadBack() {
        #expect(RiskReport.Kind.allCases.map(\.argument) == ["disaster", "accident", "medical", "labour-loss"])
        for kind in RiskReport.Kind.allCases { #expect(RiskReport.Kind(argument: kind.argument) == kind) }
        #expect(RiskReport.channel(argument: "self") == .selfReport && RiskReport.channel(argument: "cadre") == .cadreScreening)
        #expect(RiskReport.channel(argument: "department") == nil)
        #expect(DepartmentList(argument: "medical-aid") == .medicalAid && DepartmentList(argument: "temporary-aid") == .temporaryAid)
        #expect(Set(RiskReport.Kind.allCases.map(\.label)) == ["自然灾害", "意外事故", "医疗自付费用", "丧失劳动能力"])
    }

    @Test func onlyADisastersWordsAreFreeOfHealth() {
        #expect(RiskReport.Kind.allCases.filter { !$0.mayConcernHealth } == [.naturalDisaster])
        // and only a disaster's words may be typed on the command line
        #expect(RiskReport.Kind.allCases.filter { $0.inlineDescriptionRefusal == nil } == [.naturalDisaster])
        #expect(RiskReport.Kind.medical.inlineDescriptionRefusal?.contains("--description-file") == true)
    }

    @Test func aClueCarriesTheChannelItsFactsCameBy() throws {
        var facts = F.facts(previousNetIncomeYuan: "10000", medicalYuan: "12000")
        #expect(MonitoringScan.clues(for: facts, context: F.context()).first?.channel == .cadreScreening)
        facts.channels[.medicalSpending] = .selfReport
        let clue = try #require(MonitoringScan.clues(for: facts, context: F.context()).first)
        #expect(clue.ruleKey == .medicalSpending && clue.channel == .selfReport)
    }

    /// Matching a list tells the uploader which 身份证号 are in the register: each list has its senders.
    @Test func eachDepartmentalListHasItsSenders() {
        let senders = DepartmentListSenders.national
        #expect(senders.lists(of: "民政局") == [.dibao, .tekun, .temporaryAid])
        #expect(senders.lists(of: "残联") == [.disability])
        #expect(senders.lists(of: "水利局").isEmpty)
        #expect(senders.refusal(.dibao, unit: "民政局") == nil)
        #expect(senders.refusal(.disability, unit: "民政局")?.contains("民政局不是残疾人名单的报送单位（残联）") == true)
    }
}
