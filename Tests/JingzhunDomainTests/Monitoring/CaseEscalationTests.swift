import JingzhunDomain
import Testing

/// Issue 7 §3: a case's identification clock reminds before it runs out and climbs a 督办 ladder once it has —
/// village, then town, then county office — rung by rung, and falls silent once the case is identified or dismissed.
@Suite struct CaseEscalationTests {
    typealias F = MonitoringFixtures
    let subject = CaseSubject(householdNumber: "6109271002010001", headName: "王大山", villageName: "新华村")
    let consent = Consent(signer: "王大山", signedOn: Day("2021-06-03")!)

    /// A clue of 2021-06-01: the 15 days run out on 2021-06-16.
    func notices(_ today: String, climbed: Int = 0, _ c: MonitoringCase? = nil,
                 policy: CaseEscalationPolicy = .standard) -> [CaseNotice] {
        CaseClock.notices(for: c ?? MonitoringCase(clue: F.clue("2021-06-01")), subject: subject, today: F.day(today), climbed: climbed,
                          policy: policy)
    }

    @Test func theVillageIsRemindedThreeDaysAndOneDayBeforeTheLimit() {
        #expect(notices("2021-06-12").isEmpty)  // four days left
        let three = notices("2021-06-13")
        #expect(three.map(\.key) == ["case-remind:T-3:2021-06-16"])
        #expect(three[0].kind == .reminder && three[0].rung == nil && three[0].levels == [.village])
        #expect(three[0].message.contains("须在 2021-06-16 前完成识别认定（15 天），还剩 3 天"))
        #expect(three[0].message.contains("下一步“入户核实”由村干部/驻村工作队办理"))
        // a sweep that missed the third day sends the same T-3 key (stored once), not a second notice
        #expect(notices("2021-06-14").map(\.key) == ["case-remind:T-3:2021-06-16"])
        #expect(notices("2021-06-15").map(\.key) == ["case-remind:T-1:2021-06-16"])
        let last = notices("2021-06-16")
        #expect(last.map(\.key) == ["case-remind:T-1:2021-06-16"] && last[0].message.contains("今天到期"))
    }

    @Test func anOverrunCaseClimbsRungByRungFromTheVillageToTheTownToTheCounty() {
        // one day over: the first rung, to the village and its town
        let first = notices("2021-06-17")
        #expect(first.map(\.key) == ["case-escalation:1"])
        #expect(first[0].kind == .escalation && first[0].rung == 1 && first[0].levels == [.village, .town])
        #expect(first[0].message.hasPrefix("【督办·第 1 级（至镇）】"))
        #expect(first[0].message.contains("超过 15 天识别认定时限 1 天"))
        #expect(first[0].message.contains("请镇督促限期完成"))
        #expect(first[0].timelineNote.hasPrefix("自动督办（第 1 级，至镇）"))
        // climbed already: nothing again until the next rung is earned
        #expect(notices("2021-06-20", climbed: 1).isEmpty)
        // a week over: the county office as well
        let second = notices("2021-06-23", climbed: 1)
        #expect(second.map(\.key) == ["case-escalation:2"] && second[0].levels == [.village, .town, .county])
        #expect(notices("2021-07-30", climbed: 2).isEmpty)
        // a sweep that first runs a week late climbs both rungs, in order
        #expect(notices("2021-06-23").map(\.rung) == [1, 2])
    }

    @Test func whoeverHoldsTheCaseIsAddressedAndTheLevelsAbove() throws {
        var c = MonitoringCase(clue: F.clue("2021-06-01"))
        for e: MonitoringEvent in [.verify(on: F.day("2021-06-03"), consent: consent), .appraise(on: F.day("2021-06-05")),
                                   .startNotice(on: F.day("2021-06-06"), endsOn: F.day("2021-06-10"))] {
            c = try MonitoringProcedure.apply(e, to: c)
        }
        // waiting for the town's review
        #expect(notices("2021-06-13", c).first?.levels == [.town])
        #expect(notices("2021-06-17", c).first?.levels == [.town])
        #expect(notices("2021-06-23", climbed: 1, c).first?.levels == [.town, .county])
        c = try MonitoringProcedure.apply(.townReview(on: F.day("2021-06-12")), to: c)
        // waiting for the county's decision: the county office is told however low the rung
        let first = try #require(notices("2021-06-17", c).first)
        #expect(first.levels == [.county] && first.message.contains("请限期完成"))
    }

    @Test func theClockFallsSilentOnceTheCaseIsIdentifiedOrDismissed() throws {
        var c = MonitoringCase(clue: F.clue("2021-06-01"))
        for e: MonitoringEvent in [
            .verify(on: F.day("2021-06-03"), consent: consent), .appraise(on: F.day("2021-06-05")),
            .startNotice(on: F.day("2021-06-06"), endsOn: F.day("2021-06-10")), .townReview(on: F.day("2021-06-12")),
            .confirm(on: F.day("2021-06-20"), objectType: .unstableExited, riskTypes: [.illness]),  // identified late
        ] {
            c = try MonitoringProcedure.apply(e, to: c)
        }
        #expect(notices("2021-06-25", c).isEmpty)
        let dismissed = try MonitoringProcedure.apply(.dismiss(on: F.day("2021-06-14"), reason: "收入已达标"), to: MonitoringCase(clue: F.clue("2021-06-01")))
        #expect(notices("2021-06-15", dismissed).isEmpty)
        #expect(notices("2021-06-25", dismissed).isEmpty)
    }

    @Test func theLadderIsConfigurable() {
        let policy = CaseEscalationPolicy(reminderDays: [5], rungs: [.init(daysOver: 3, level: .county)], source: "测试")
        #expect(notices("2021-06-11", policy: policy).map(\.key) == ["case-remind:T-5:2021-06-16"])
        #expect(notices("2021-06-18", policy: policy).isEmpty)  // two days over
        let rung = notices("2021-06-19", policy: policy)
        #expect(rung.map(\.key) == ["case-escalation:1"] && rung[0].levels == [.village, .town, .county])
        var settings = MonitoringSettings.national
        settings.identificationDays = .init(10, year: 2023, source: "测试：10天")
        let ten = CaseClock.notices(for: MonitoringCase(clue: F.clue("2021-06-01")), subject: subject, today: F.day("2021-06-12"), climbed: 0,
                                    settings: settings)
        #expect(ten.map(\.key) == ["case-escalation:1"])
    }

    @Test func aNoticeNamesTheHouseholdButNotWhyItIsAtRisk() {
        var c = MonitoringCase(clue: RiskClue(
            householdNumber: "6109271002010001", ruleKey: nil, reason: "农户申报：家人住院，自付医疗费用较高", channel: .selfReport,
            foundOn: F.day("2021-06-01"), riskTypes: [.illness]))
        c.clues[0].reason += "，联系电话 13912345678"
        for n in notices("2021-06-23", c) + notices("2021-06-13", c) {
            #expect(n.message.contains("户编号 6109271002010001（户主 王大山，新华村）"))
            #expect(!n.message.contains("住院") && !n.message.contains("13912345678") && !n.message.contains("因病"))
            #expect(!n.timelineNote.contains("住院"))
        }
    }
}
