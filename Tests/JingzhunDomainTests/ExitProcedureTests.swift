import JingzhunDomain
import Testing

@Suite struct ExitProcedureTests {
    let passing = ExitEvaluator.evaluate(ExitFixtures.household("H1"), standard: BuiltInStandards.shaanxi2017, line: ExitFixtures.line2017)
    let start = ExitProcedureRecord(householdNumber: "H1", firstIdentifiedYear: 2014, exitYear: 2017)

    static let happyPath: [ExitEvent] = [
        .apply(on: "2017-09-01"), .appraise(on: "2017-09-10"), .verify(on: "2017-09-15"), .sign(on: "2017-09-20", signer: "王大山"),
        .startNotice(on: "2017-09-21", endsOn: "2017-09-27"), .announce(on: "2017-09-27"), .strikeOff(on: "2017-10-10"),
    ]

    func run(_ events: [ExitEvent], from record: ExitProcedureRecord? = nil) throws(ExitProcedureError) -> ExitProcedureRecord {
        var r = record ?? start
        for e in events { r = try ExitProcedure.apply(e, to: r, assessment: passing) }
        return r
    }

    @Test func aHouseholdGoesThroughEveryStepInOrder() throws {
        let done = try run(Self.happyPath)
        #expect(done.currentStep == .struckOff)
        #expect(done.signerName == "王大山")
        #expect(done.noticeEnds == "2017-09-27")
        #expect(done.struckOff == "2017-10-10")
        #expect(ExitProcedureCheck.problems(done).isEmpty)
    }

    @Test func aStepCannotBeSkipped() throws {
        let applied = try run([.apply(on: "2017-09-01")])
        #expect(throws: ExitProcedureError("当前应办理“民主评议”，不能办理“村两委和工作队核实”")) {
            try ExitProcedure.apply(.verify(on: "2017-09-15"), to: applied, assessment: passing)
        }
    }

    @Test func aDateBeforeThePreviousStepIsRefused() throws {
        let applied = try run([.apply(on: "2017-09-01")])
        #expect(throws: ExitProcedureError("“民主评议”日期 2017-08-31 早于上一步“申请”的日期 2017-09-01")) {
            try ExitProcedure.apply(.appraise(on: "2017-08-31"), to: applied, assessment: passing)
        }
        #expect(throws: ExitProcedureError("“民主评议”日期“2017-02-30”不是有效的年-月-日（YYYY-MM-DD）")) {
            try ExitProcedure.apply(.appraise(on: "2017-02-30"), to: applied, assessment: passing)
        }
    }

    @Test func aNoticeShorterThanTheConfiguredDaysIsRefused() throws {
        let signed = try run(Array(Self.happyPath.prefix(4)))
        let six = ExitEvent.startNotice(on: "2017-09-21", endsOn: "2017-09-26")
        do {
            _ = try ExitProcedure.apply(six, to: signed, assessment: passing)
            Issue.record("accepted a 6-day notice")
        } catch {
            #expect(error.message.hasPrefix("公示期 6 天，少于规定的 7 天"))
        }
        // a county configured for 5 days accepts it
        let five = ExitProcedureConfig(noticeDays: 5, noticeDaysSource: "某县细则")
        #expect(try ExitProcedure.apply(six, to: signed, assessment: passing, config: five).noticeEnds == "2017-09-26")
    }

    @Test func announcingBeforeTheNoticeEndsIsRefused() throws {
        let noticed = try run(Array(Self.happyPath.prefix(5)))
        #expect(throws: ExitProcedureError("公示期至 2017-09-27 未满，不能在 2017-09-26 公告退出")) {
            try ExitProcedure.apply(.announce(on: "2017-09-26"), to: noticed, assessment: passing)
        }
    }

    @Test func aHouseholdIdentifiedThisYearCannotExitThisYear() {
        let new = ExitProcedureRecord(householdNumber: "H1", firstIdentifiedYear: 2017, exitYear: 2017)
        #expect(throws: ExitProcedureError("当年新识别贫困户当年不能退出（2017年识别）")) {
            try ExitProcedure.apply(.apply(on: "2017-09-01"), to: new, assessment: passing)
        }
    }

    @Test func aHouseholdFailingTheStandardIsRefused() throws {
        let failing = ExitEvaluator.evaluate(
            ExitFixtures.household("H1", grade: .c), standard: BuiltInStandards.shaanxi2017, line: ExitFixtures.line2017)
        let applied = try run([.apply(on: "2017-09-01")])
        #expect(throws: ExitProcedureError("未达到退出标准，不能办理“民主评议”：住房：C级危房，一票否决")) {
            try ExitProcedure.apply(.appraise(on: "2017-09-10"), to: applied, assessment: failing)
        }
    }

    @Test func aSignatureNeedsAName() throws {
        let verified = try run(Array(Self.happyPath.prefix(3)))
        #expect(throws: ExitProcedureError("户认可须有签字人姓名")) {
            try ExitProcedure.apply(.sign(on: "2017-09-20", signer: " "), to: verified, assessment: passing)
        }
    }

    @Test func theCheckListsEveryProblemOfABadRecord() {
        let bad = ExitProcedureRecord(
            householdNumber: "H9", firstIdentifiedYear: 2017, exitYear: 2017, applied: "2017-09-10", appraised: "2017-09-01",
            verified: nil, signed: "2017-09-20", signerName: nil, noticeStarted: "2017-09-21", noticeEnds: "2017-09-25",
            announced: "2017-09-24", struckOff: "2017-09-23")
        #expect(
            ExitProcedureCheck.problems(bad) == [
                "当年新识别贫困户当年不能退出（2017年识别并退出）",
                "缺少“村两委和工作队核实”日期，却已办理“销号”",
                "“民主评议”日期 2017-09-01 早于“申请”日期 2017-09-10",
                "“销号”日期 2017-09-23 早于“公告退出”日期 2017-09-24",
                "户认可未签字",
                "公示期 5 天，少于规定的 7 天",
                "公告退出日期 2017-09-24 早于公示截止日期 2017-09-25",
            ])
    }
}
