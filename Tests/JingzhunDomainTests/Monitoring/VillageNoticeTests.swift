import JingzhunDomain
import Testing

/// The village-wide 公示 (issue 7 §6): every case of the village in its notice period on one sheet, one notice per
/// period, and nothing on it a notice may not show.
@Suite struct VillageNoticeTests {
    typealias F = MonitoringFixtures
    let consent = Consent(signer: "王大山", signedOn: Day("2021-06-03")!)

    /// A case of household `n` appraised and put on notice from `start` for five days; `identified` goes on to 风险消除.
    func noticed(_ n: Int, start: String = "2021-06-06", reason: String? = nil, type: MonitoringObjectType? = .unstableExited) throws -> MonitoringCase {
        let number = "610927100201000\(n)"
        var clue = F.clue("2021-06-01", number: number)
        clue.suggestedObjectType = type
        clue.riskTypes = [.illness]
        if let reason { clue.reason = reason }
        var c = MonitoringCase(clue: clue)
        let s = F.day(start)
        for e: MonitoringEvent in [.verify(on: F.day("2021-06-03"), consent: consent), .appraise(on: F.day("2021-06-05")),
                                   .startNotice(on: s, endsOn: s.adding(days: 4))] {
            c = try MonitoringProcedure.apply(e, to: c)
        }
        return c
    }

    func eliminationNoticed() throws -> MonitoringCase {
        var c = try noticed(9)
        for e: MonitoringEvent in [
            .townReview(on: F.day("2021-06-12")), .confirm(on: F.day("2021-06-15"), objectType: .suddenHardship, riskTypes: [.accident]),
            .addMeasure(F.measure),
            .appraiseElimination(on: F.day("2022-01-10"), evidence: EliminationEvidence(
                facts: F.facts(number: c.householdNumber), threshold: F.threshold2021, incomeAboveRangeSince: F.day("2021-07-01"),
                rigidExpensesResolved: true)),
            .startEliminationNotice(on: F.day("2022-01-11"), endsOn: F.day("2022-01-15")),
        ] {
            c = try MonitoringProcedure.apply(e, to: c)
        }
        return c
    }

    @Test func everyCaseInItsNoticePeriodIsListedOncePerPeriod() throws {
        // given on 2022-01-12 two households on notice together, one from the day before, one up for 风险消除, one
        // already past its notice and one whose type nobody has suggested
        var past = try noticed(5)
        past = try MonitoringProcedure.apply(.townReview(on: F.day("2021-06-12")), to: past)
        let entries = [
            VillageNotice.Entry(record: try noticed(1, start: "2022-01-08"), headName: "王大山", householdSize: 3),
            VillageNotice.Entry(record: try noticed(2, start: "2022-01-08"), headName: "李小花", householdSize: 4),
            VillageNotice.Entry(record: try noticed(3, start: "2022-01-11"), headName: "张三", householdSize: 2),
            VillageNotice.Entry(record: try eliminationNoticed(), headName: "赵四", householdSize: 5),
            VillageNotice.Entry(record: past, headName: "钱五", householdSize: 1),
            VillageNotice.Entry(record: try noticed(6, start: "2022-01-10", type: nil), headName: "孙六", householdSize: 2),
        ]
        // when
        let sheet = try VillageNotice.build(entries, today: F.day("2022-01-12"), townName: "城关镇", villageName: "新华村",
                                            objectionOffice: "城关镇人民政府")
        // then
        #expect(sheet.notices.map(\.kind) == [.identificationNotice, .identificationNotice, .eliminationNotice])
        #expect(sheet.notices.map { $0.rows.map(\.headName) } == [["王大山", "李小花"], ["张三"], ["赵四"]])
        #expect(sheet.notices.map(\.period.start) == [F.day("2022-01-08"), F.day("2022-01-11"), F.day("2022-01-11")])
        #expect(sheet.notices[2].rows[0].objectType == .suddenHardship && sheet.notices[2].rows[0].riskTypes == [.accident])
        #expect(sheet.leftOut == ["6109271002010006"])
        #expect(!sheet.notices.flatMap(\.rows).map(\.headName).contains("钱五"))
    }

    @Test func aCaseWhoseNoticeHasEndedIsNoLongerOnTheSheet() throws {
        // given a case noticed 06-06 to 06-10, still at 公示 while the town has not reviewed it, and one noticed from 06-08
        let ended = try noticed(1)
        let running = try noticed(2, start: "2021-06-08")
        let entries = [VillageNotice.Entry(record: ended, headName: "王大山", householdSize: 3),
                       VillageNotice.Entry(record: running, headName: "李小花", householdSize: 4)]
        #expect(ended.stage == .noticed)
        // when printed on its last day, and the day after
        let lastDay = try VillageNotice.build(entries, today: F.day("2021-06-10"), townName: "城关镇", villageName: "新华村",
                                              objectionOffice: "城关镇人民政府")
        let dayAfter = try VillageNotice.build(entries, today: F.day("2021-06-11"), townName: "城关镇", villageName: "新华村",
                                               objectionOffice: "城关镇人民政府")
        // then it is listed through its last day and then no more (nor counted as left out); the other stays
        #expect(lastDay.notices.map { $0.rows.map(\.headName) } == [["王大山"], ["李小花"]])
        #expect(dayAfter.notices.map { $0.rows.map(\.headName) } == [["李小花"]])
        #expect(dayAfter.leftOut.isEmpty)
        #expect(ended.isOnNotice(F.day("2021-06-10")) && !ended.isOnNotice(F.day("2021-06-11")) && !ended.isOnNotice(F.day("2021-06-05")))
    }

    @Test func theVillageNoticePassesThePrivacyScan() throws {
        // clue reasons may name an illness or carry a phone number; none of it reaches the notice
        let entries = try (1...4).map { n in
            VillageNotice.Entry(record: try noticed(n, reason: "户主住院治疗，自付医疗费 3 万元，联系电话 13912345678，身份证 610927198001011234"),
                                headName: ["王大山", "李小花", "张三", "赵四"][n - 1], householdSize: n + 1)
        }
        let sheet = try VillageNotice.build(entries, today: F.day("2021-06-07"), townName: "城关镇", villageName: "新华村",
                                            objectionOffice: "城关镇人民政府")
        #expect(sheet.notices.count == 1 && sheet.notices[0].rows.count == 4)
        let text = sheet.notices.map { $0.render() }.joined(separator: "\n")
        #expect(NoticePrivacyScan.findings(in: text) == [])
        for word in ["住院", "医疗", "13912345678", "610927198001011234", "6109271002010001"] { #expect(!text.contains(word), "\(word)") }
        #expect(text.contains("4\t赵四\t5人\t脱贫不稳定户\t因病"))
    }

    @Test func aHeadNameCarryingANumberStopsTheSheet() throws {
        let entries = [VillageNotice.Entry(record: try noticed(1), headName: "王大山 13912345678", householdSize: 3)]
        #expect(throws: PublicNotice.Refusal(message: "公示的“户主姓名”中含有手机号码，不能公示")) {
            try VillageNotice.build(entries, today: F.day("2021-06-07"), townName: "城关镇", villageName: "新华村",
                                    objectionOffice: "城关镇人民政府")
        }
    }
}
