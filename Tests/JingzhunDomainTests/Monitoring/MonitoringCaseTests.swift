import JingzhunDomain
import Testing

/// A case from its first clue to identification, help, 风险消除 and 回退, and every refusal on the way.
@Suite struct MonitoringCaseTests {
    typealias F = MonitoringFixtures
    let consent = Consent(signer: "王大山", signedOn: Day("2021-06-03")!)

    func run(_ events: [MonitoringEvent], from start: MonitoringCase? = nil) throws(MonitoringCaseError) -> MonitoringCase {
        var c = start ?? MonitoringCase(clue: F.clue("2021-06-01"))
        for e in events { c = try MonitoringProcedure.apply(e, to: c) }
        return c
    }

    var toIdentification: [MonitoringEvent] {
        [
            .verify(on: F.day("2021-06-03"), consent: consent),
            .appraise(on: F.day("2021-06-05")),
            .startNotice(on: F.day("2021-06-06"), endsOn: F.day("2021-06-10")),
            .townReview(on: F.day("2021-06-12")),
            .confirm(on: F.day("2021-06-15"), objectType: .unstableExited, riskTypes: [.unstableEmployment]),
        ]
    }

    /// Income above 6,000 a head since 2021-07-01, 三保障 and water secured, labour in the house.
    func evidence(facts: MonitoringFacts = F.facts(), since: String? = "2021-07-01", rigid: Bool = true) -> EliminationEvidence {
        EliminationEvidence(
            facts: facts, threshold: F.threshold2021, incomeAboveRangeSince: since.map { F.day($0) }, rigidExpensesResolved: rigid)
    }

    @Test func aCaseRunsFromClueToIdentifiedHelpedEliminatedAndReopened() throws {
        let identified = try run(toIdentification)
        #expect(identified.stage == .identified)
        #expect(identified.consent?.signer == "王大山")
        #expect(identified.notice?.days == 5)
        #expect(identified.objectType == .unstableExited)
        #expect(IdentificationClock(for: identified, today: F.day("2021-12-31")).text == "用时 14 天，在 15 天时限内")

        let helped = try run([.addMeasure(F.measure)], from: identified)
        #expect(helped.measures.map(\.responsiblePerson) == ["李建国"])

        let eliminated = try run([
            .appraiseElimination(on: F.day("2022-01-10"), evidence: evidence()),
            .startEliminationNotice(on: F.day("2022-01-11"), endsOn: F.day("2022-01-15")),
            .townReviewElimination(on: F.day("2022-01-17")),
            .eliminate(on: F.day("2022-01-20")),
        ], from: helped)
        #expect(eliminated.stage == .eliminated)
        #expect(!eliminated.isMonitored)
        #expect(eliminated.elimination?.eliminatedOn == F.day("2022-01-20"))

        let reopened = try run([.reopen(on: F.day("2022-05-01"), reason: "户主务工受伤，收入中断")], from: eliminated)
        #expect(reopened.stage == .identified)
        #expect(reopened.isMonitored)
        #expect(reopened.pastEliminations.count == 1)
        #expect(reopened.pastEliminations[0].reopenReason == "户主务工受伤，收入中断")
        #expect(reopened.measures.count == 1)
        #expect(reopened.identifiedOn == F.day("2021-06-15"))
    }

    @Test func verificationWithoutASigned授权承诺IsRefused() throws {
        #expect(throws: MonitoringCaseError("入户核实须有农户签字的授权承诺书，未记录授权承诺不能进入下一步")) {
            try run([.verify(on: F.day("2021-06-03"), consent: nil)])
        }
        #expect(throws: MonitoringCaseError("入户核实须有农户签字的授权承诺书，未记录授权承诺不能进入下一步")) {
            try run([.verify(on: F.day("2021-06-03"), consent: Consent(signer: " ", signedOn: F.day("2021-06-03")))])
        }
    }

    @Test func stepsOutOfOrderAreRefused() throws {
        #expect(throws: MonitoringCaseError("当前应办理“入户核实”，不能办理“民主评议”")) {
            try run([.appraise(on: F.day("2021-06-05"))])
        }
        let verified = try run([.verify(on: F.day("2021-06-03"), consent: consent)])
        #expect(throws: MonitoringCaseError("当前应办理“民主评议”，不能办理“县级确认（纳入监测）”")) {
            try run([.confirm(on: F.day("2021-06-15"), objectType: .edgeProne, riskTypes: [.illness])], from: verified)
        }
    }

    @Test func aDateBeforeTheStepBeforeIsRefused() throws {
        #expect(throws: MonitoringCaseError("“入户核实”日期 2021-05-31 早于上一步“发现线索”的日期 2021-06-01")) {
            try run([.verify(on: F.day("2021-05-31"), consent: consent)])
        }
        let verified = try run([.verify(on: F.day("2021-06-03"), consent: consent)])
        #expect(throws: MonitoringCaseError("“民主评议”日期 2021-06-02 早于上一步“入户核实”的日期 2021-06-03")) {
            try run([.appraise(on: F.day("2021-06-02"))], from: verified)
        }
    }

    @Test func aNoticeOfFourDaysIsRefusedAndFiveIsEnough() throws {
        let appraised = try run(Array(toIdentification.prefix(2)))
        #expect(throws: MonitoringCaseError("公示期 4 天，少于规定的 5 天（\(MonitoringSettings.national.noticeDays.source)）")) {
            try run([.startNotice(on: F.day("2021-06-06"), endsOn: F.day("2021-06-09"))], from: appraised)
        }
        let noticed = try run([.startNotice(on: F.day("2021-06-06"), endsOn: F.day("2021-06-10"))], from: appraised)
        #expect(throws: MonitoringCaseError("公示期至 2021-06-10 未满，不能在 2021-06-09 办理“乡镇审核”")) {
            try run([.townReview(on: F.day("2021-06-09"))], from: noticed)
        }
    }

    @Test func theNoticePeriodIsConfigurable() throws {
        var settings = MonitoringSettings.national
        settings.noticeDays = .init(7, year: 2022, source: "测试：7天")
        let appraised = try run(Array(toIdentification.prefix(2)))
        #expect(throws: MonitoringCaseError("公示期 5 天，少于规定的 7 天（测试：7天）")) {
            try MonitoringProcedure.apply(.startNotice(on: F.day("2021-06-06"), endsOn: F.day("2021-06-10")), to: appraised, settings: settings)
        }
    }

    @Test func theCountyMustNameOneToFiveRiskTypes() throws {
        let reviewed = try run(Array(toIdentification.prefix(4)))
        #expect(throws: MonitoringCaseError("县级确认须至少选择一项风险类型")) {
            try run([.confirm(on: F.day("2021-06-15"), objectType: .edgeProne, riskTypes: [])], from: reviewed)
        }
        #expect(throws: MonitoringCaseError("风险类型最多 5 项，现选了 6 项")) {
            try run([.confirm(on: F.day("2021-06-15"), objectType: .edgeProne,
                              riskTypes: [.illness, .schooling, .disability, .accident, .other, .labourShortage])], from: reviewed)
        }
    }

    @Test func aCheckedClueCanBeDismissedWithAReason() throws {
        let verified = try run([.verify(on: F.day("2021-06-03"), consent: consent)])
        let dismissed = try run([.dismiss(on: F.day("2021-06-04"), reason: "核实收入含一次性征地补偿，实际收入稳定")], from: verified)
        #expect(dismissed.stage == .dismissed)
        #expect(IdentificationClock(for: dismissed, today: F.day("2021-07-01")).daysUsed == 3)
        #expect(throws: MonitoringCaseError("本案已核实后不纳入，不能办理“民主评议”")) {
            try run([.appraise(on: F.day("2021-06-05"))], from: dismissed)
        }
    }

    // MARK: the 15-day clock

    @Test func theClockCountsCalendarDaysFromTheFirstClue() throws {
        var c = MonitoringCase(clue: F.clue("2021-06-01"))
        c = try MonitoringProcedure.apply(.addClue(F.clue("2021-06-05")), to: c)
        let day12 = IdentificationClock(for: c, today: F.day("2021-06-13"))
        #expect(day12.daysUsed == 12)
        #expect(day12.daysLeft == 3)
        #expect(!day12.isOverrun)
        #expect(day12.text == "已用 12 天，剩余 3 天")
        let day15 = IdentificationClock(for: c, today: F.day("2021-06-16"))
        #expect(day15.daysLeft == 0)
        #expect(!day15.isOverrun)
    }

    @Test func anUnidentifiedCasePastFifteenDaysIsOverrunAndEscalatesLikeATask() throws {
        let c = try run([.verify(on: F.day("2021-06-03"), consent: consent)])
        let policy = CaseEscalationPolicy.standard
        let late = IdentificationClock(for: c, today: F.day("2021-06-18"))
        #expect(late.daysUsed == 17)
        #expect(late.daysLeft == -2)
        #expect(late.overrunDays == 2)
        #expect(late.text == "已用 17 天，超期 2 天")
        #expect(policy.rungsEarned(overrunDays: late.overrunDays) == 1)
        #expect(policy.rungsEarned(overrunDays: IdentificationClock(for: c, today: F.day("2021-06-24")).overrunDays) == 2)
        #expect(policy.rungsEarned(overrunDays: IdentificationClock(for: c, today: F.day("2021-06-16")).overrunDays) == 0)
    }

    @Test func anIdentificationAfterTheLimitStaysOnRecordAsOverrun() throws {
        var events = toIdentification
        events[4] = .confirm(on: F.day("2021-06-20"), objectType: .unstableExited, riskTypes: [.illness])
        let c = try run(events)
        let clock = IdentificationClock(for: c, today: F.day("2021-12-31"))
        #expect(clock.daysUsed == 19)
        #expect(clock.overrunDays == 4)
        #expect(clock.text == "用时 19 天，超过 15 天时限 4 天")
        let subject = CaseSubject(householdNumber: c.householdNumber, headName: nil, villageName: "测试村")
        #expect(CaseClock.notices(for: c, subject: subject, today: F.day("2021-12-31"), climbed: 0).isEmpty)
    }

    @Test func theLimitIsConfigurable() throws {
        var settings = MonitoringSettings.national
        settings.identificationDays = .init(10, year: 2023, source: "测试：10天")
        let c = MonitoringCase(clue: F.clue("2021-06-01"))
        #expect(IdentificationClock(for: c, today: F.day("2021-06-13"), settings: settings).text == "已用 12 天，超期 2 天")
    }

    // MARK: measures and 风险消除

    @Test func aCaseCannotBeClosedWithoutAMeasure() throws {
        let identified = try run(toIdentification)
        #expect(throws: MonitoringCaseError("未落实任何帮扶措施，不能风险消除（至少须有一项帮扶措施）")) {
            try run([.appraiseElimination(on: F.day("2022-01-10"), evidence: evidence())], from: identified)
        }
    }

    @Test func aMeasureNeedsAResponsiblePerson() throws {
        var m = F.measure
        m.responsiblePerson = ""
        #expect(throws: MonitoringCaseError("帮扶措施须有责任人")) { try run([.addMeasure(m)]) }
    }

    @Test func aHouseholdWithoutLabourCapacityIsNeverEliminated() throws {
        let helped = try run(toIdentification + [.addMeasure(F.measure)])
        #expect(throws: MonitoringCaseError("无劳动能力的家庭不能风险消除，应继续监测并落实兜底保障")) {
            try run([.appraiseElimination(on: F.day("2022-01-10"), evidence: evidence(facts: F.facts(hasLabour: false)))], from: helped)
        }
    }

    @Test func incomeAboveTheRangeForLessThanSixMonthsIsRefused() throws {
        let helped = try run(toIdentification + [.addMeasure(F.measure)])
        #expect(throws: MonitoringCaseError("收入稳定超过监测范围不满 6 个月（自 2021-08-01 起，2022-02-01 方满）")) {
            try run([.appraiseElimination(on: F.day("2022-01-31"), evidence: evidence(since: "2021-08-01"))], from: helped)
        }
        _ = try run([.appraiseElimination(on: F.day("2022-02-01"), evidence: evidence(since: "2021-08-01"))], from: helped)
    }

    @Test func incomeAtTheRangeIsNotAboveIt() throws {
        let helped = try run(toIdentification + [.addMeasure(F.measure)])
        #expect(throws: MonitoringCaseError("人均纯收入 6,000.00 元，未超过监测范围 6,000.00 元")) {
            try run([.appraiseElimination(on: F.day("2022-01-10"), evidence: evidence(facts: F.facts(netIncomeYuan: "18000")))], from: helped)
        }
    }

    @Test func everyUnmetCriterionIsListed() throws {
        let identified = try run(toIdentification)
        let refusals = RiskElimination.refusals(
            identified, evidence: evidence(facts: F.facts(grade: .c, waterSafe: false, dropouts: 1), since: nil, rigid: false),
            on: F.day("2021-10-01"))
        #expect(refusals == [
            "未落实任何帮扶措施，不能风险消除（至少须有一项帮扶措施）",
            "未记录收入稳定超过监测范围的起始日期，无法确认已满 6 个月",
            "大额刚性支出问题尚未解决",
            "三保障和饮水安全未全部保障：住房为 C 级危房，1 名适龄儿童少年辍学，饮水不安全",
            "纳入监测不满 6 个月（2021-06-15 纳入，2021-12-15 方满）",
        ])
    }

    @Test func anEliminationNoticeOfFourDaysIsRefused() throws {
        let appraised = try run(toIdentification + [.addMeasure(F.measure), .appraiseElimination(on: F.day("2022-01-10"), evidence: evidence())])
        #expect(throws: MonitoringCaseError("公示期 4 天，少于规定的 5 天（\(MonitoringSettings.national.noticeDays.source)）")) {
            try run([.startEliminationNotice(on: F.day("2022-01-11"), endsOn: F.day("2022-01-14"))], from: appraised)
        }
    }

    @Test func onlyAnEliminatedCaseCanBeReopened() throws {
        let identified = try run(toIdentification)
        #expect(throws: MonitoringCaseError("当前为“县级确认（纳入监测）”，只有已风险消除的案件可以回退")) {
            try run([.reopen(on: F.day("2022-01-10"), reason: "测试")], from: identified)
        }
    }
}
