import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

/// The 防返贫 alert rules run over the register as imported: the threshold with its source, one clue per rule hit.
@Suite struct MonitoringScannerTests {
    @Test(arguments: engines)
    func theRulesOpenCluesFromTheRegisterWithTheThresholdAndItsSource(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            // 王明华's household earns well above the range in 2020; 李秀英's stays at 2,100 元 a head in a C-grade house.
            var households = LedgerFixture.households
            households[0][14] = "20000"
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households), year: 2020, context: cli)
            // still 未脱贫: helped as a poor household, not a monitoring object
            let poor = try await MonitoringScanner(store: store).scan(year: 2020, region: code("610927000000"), today: Day("2020-11-01")!)
            #expect(poor.households == 1 && poor.clues.isEmpty)
            households[1][11] = "已脱贫享受政策"
            households[1][12] = "2019"
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households), year: 2020, context: cli)
            let result = try await MonitoringScanner(store: store).scan(year: 2020, region: code("610927000000"), today: Day("2020-11-01")!)
            #expect(result.threshold.amount == Fen(rawValue: 6_000_00))  // 1.5 × the 2020 national line
            #expect(result.threshold.sourceText.contains("1.5"))
            #expect(result.households == 2)
            let keys = Set(result.clues.map { "\($0.householdNumber) \($0.ruleKey?.rawValue ?? "")" })
            #expect(keys == ["6109271002010002 income_below_threshold", "6109271002010002 unsafe_housing"])
            let income = try #require(result.clues.first { $0.ruleKey == .incomeBelowThreshold })
            #expect(income.reason.contains("2,100.00"))
            // No range configured for a year before any entry: a Chinese refusal that says what to do.
            await #expect(throws: StorageError.self) {
                try await MonitoringScanner(store: store).scan(year: 2018, region: code("610927000000"), today: Day("2018-11-01")!)
            }
        }
    }
}

@Suite struct MonitoringRepositoryTests {
    func day(_ s: String) -> Day { Day(s)! }

    @Test(arguments: engines)
    func aCaseRunsFromClueToRiskEliminationWithEveryRefusalOnTheWay(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let exited = LedgerFixture.householdsWithLiExited
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: exited), year: 2020, context: cli)
            let county = code("610927000000")
            let clues = try await MonitoringScanner(store: store).scan(year: 2020, region: county, today: day("2020-11-01")).clues
            let repo = MonitoringRepository(store: store)
            #expect(try await repo.take(clues, context: cli) == .init(opened: 2, joined: 0, alreadyKnown: 0))
            #expect(try await repo.take(clues, context: cli) == .init(opened: 0, joined: 0, alreadyKnown: 2))  // nothing twice
            let id = try #require(try await repo.cases(within: county).first { $0.record.householdNumber == "6109271002010002" }?.id)

            func refused(_ event: MonitoringEvent, _ words: String) async {
                await #expect { try await repo.apply(event, to: id, context: cli) } throws: { error in
                    (error as? StorageError)?.description.contains(words) == true
                }
            }
            await refused(.verify(on: day("2020-11-02"), consent: nil), "授权承诺")
            try await repo.apply(.verify(on: day("2020-11-02"), consent: Consent(signer: "李秀英", signedOn: day("2020-11-02"))), to: id, context: cli)
            try await repo.apply(.appraise(on: day("2020-11-04")), to: id, context: cli)
            await refused(.startNotice(on: day("2020-11-05"), endsOn: day("2020-11-08")), "少于规定的 5 天")  // four days
            try await repo.apply(.startNotice(on: day("2020-11-05"), endsOn: day("2020-11-09")), to: id, context: cli)
            try await repo.apply(.townReview(on: day("2020-11-10")), to: id, context: cli)
            try await repo.apply(.confirm(on: day("2020-11-12"), objectType: .unstableExited, riskTypes: [.illness, .disability]), to: id, context: cli)
            #expect(try await repo.find(id)?.record.stage == .identified)
            #expect(IdentificationClock(for: try await repo.find(id)!.record, today: day("2020-11-30")).isOverrun == false)  // 11 days

            // 2021: the household's income rose above the range, the house was repaired.
            var households = exited
            households[1][14] = "20000"
            households[1][19] = "B"
            households[1][20] = "是"
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households), year: 2021, context: cli)
            let evidence = try await repo.evidence(for: id, year: 2021, on: day("2021-06-15"), incomeAboveRangeSince: day("2020-12-01"), rigidExpensesResolved: true)
            await refused(.appraiseElimination(on: day("2021-06-15"), evidence: evidence), "帮扶措施")  // no measure yet
            try await repo.apply(.addMeasure(HelpMeasure(kind: .publicWelfareJob, content: "村保洁公益岗", responsiblePerson: "帮扶干部",
                                                         startedOn: day("2020-11-20"))), to: id, context: cli)
            try await repo.apply(.appraiseElimination(on: day("2021-06-15"), evidence: evidence), to: id, context: cli)
            try await repo.apply(.startEliminationNotice(on: day("2021-06-16"), endsOn: day("2021-06-20")), to: id, context: cli)
            try await repo.apply(.townReviewElimination(on: day("2021-06-21")), to: id, context: cli)
            try await repo.apply(.eliminate(on: day("2021-06-25")), to: id, context: cli)
            #expect(try await repo.find(id)?.record.stage == .eliminated)
            #expect(try await repo.events(id).count == 11)  // opened + ten steps (the refusals left nothing)
            // A new clue after elimination opens a new case; the old one keeps its history.
            #expect(try await repo.take([clues.first { $0.householdNumber == "6109271002010002" }!], context: cli).opened == 1)
        }
    }

    @Test(arguments: engines)
    func aHouseholdWithoutLabourCapacityIsNeverEliminated(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            var members = LedgerFixture.members
            members[3][8] = "丧失劳动力"  // 李秀英 can no longer work either
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(members: members), year: 2020, context: cli)
            let scanner = MonitoringScanner(store: store)
            let facts = try await scanner.facts(year: 2020, region: code("610927000000"), number: "6109271002010002")
            #expect(facts.first?.hasLabourCapacity == false)
            #expect(try await scanner.facts(year: 2020, region: code("610927000000"), number: "6109271002010001").first?.hasLabourCapacity == true)
        }
    }
}

extension MonitoringRepositoryTests {
    @Test(arguments: engines)
    func twoCadresAddingMeasuresAtOnceLoseNothingSilently(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            let exited = LedgerFixture.householdsWithLiExited
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: exited), year: 2020, context: cli)
            let repo = MonitoringRepository(store: store)
            let clues = try await MonitoringScanner(store: store).scan(year: 2020, region: code("610927000000"), today: day("2020-11-01")).clues
            _ = try await repo.take(clues, context: cli)
            let id = try #require(try await repo.cases(within: code("610927000000")).first?.id)
            func measure(_ content: String) -> MonitoringEvent {
                .addMeasure(HelpMeasure(kind: .employment, content: content, responsiblePerson: "驻村队", startedOn: day("2020-11-02")))
            }
            async let a = try? repo.apply(measure("公益岗"), to: id, context: cli)
            async let b = try? repo.apply(measure("务工推荐"), to: id, context: cli)
            let saved = await [a, b].compactMap { $0 }.count
            // Each measure either stands or its cadre was told to retry; none is overwritten by the other.
            #expect(try await repo.find(id)?.record.measures.count == saved)
            #expect(saved >= 1)
        }
    }

    /// A clue's reason and a cadre's note can name an illness: they stay on the case, the audit log keeps only the rule,
    /// the channel and that a note was written.
    @Test(arguments: engines)
    func theAuditLogNeverHoldsAClueReasonOrACadresNote(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2020, context: cli)
            let repo = MonitoringRepository(store: store)
            let clue = RiskClue(householdNumber: "6109271002010002", ruleKey: .medicalSpending, reason: "赵德肺癌住院，自付医疗费用 38,000.00 元",
                                channel: .cadreScreening, foundOn: day("2020-11-01"), riskTypes: [.illness])
            #expect(try await repo.take([clue], context: cli).opened == 1)
            let id = try #require(try await repo.cases(within: code("610927000000")).first?.id)
            try await repo.apply(.verify(on: day("2020-11-02"), consent: Consent(signer: "李秀英", signedOn: day("2020-11-02"))), to: id,
                                 note: "入户核实：赵德化疗中，李秀英残疾", context: cli)
            try await repo.apply(.addMeasure(HelpMeasure(kind: .health, content: "肺癌靶向药纳入慢病报销", responsiblePerson: "乡镇卫生院",
                                                         startedOn: day("2020-11-03"))), to: id, context: cli)
            let entries = try await AuditRepository(store: store).list(.init(objectType: "monitoring_case", objectID: String(id)))
            #expect(entries.count == 3)
            let logged = entries.flatMap(\.changes).map { "\($0.field)=\($0.old ?? "")→\($0.new ?? "")" }.joined(separator: "\n")
            for word in ["肺癌", "住院", "化疗", "残疾", "38,000", "靶向"] { #expect(!logged.contains(word)) }
            #expect(logged.contains("乡镇卫生院"))
            #expect(logged.contains("医疗自付费用较大（基层干部排查）"))
            #expect(logged.contains("说明=→已记入办理过程"))
            // the case itself keeps every word, for the roles that may read them
            #expect(try await repo.find(id)?.record.clues.first?.reason.contains("肺癌") == true)
            #expect(try await repo.events(id).contains { $0.note.contains("化疗") })
        }
    }

    /// Every step's dates and decisions go into the audit log old → new — the first clue's day, the notice period, the
    /// object and risk types, the dismissal day — and still no reason or note.
    @Test(arguments: engines)
    func theAuditLogKeepsEachStepsDatesAndTypesOldToNew(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2020, context: cli)
            let repo = MonitoringRepository(store: store)
            // given a case opened on 11-03, then an earlier clue of 11-01 joins it
            _ = try await repo.take([RiskClue(householdNumber: "6109271002010002", ruleKey: nil, reason: "农户申报：住院", channel: .selfReport,
                                              foundOn: day("2020-11-03"), riskTypes: [.illness])], context: cli)
            let id = try #require(try await repo.cases(within: code("610927000000")).first?.id)
            _ = try await repo.take([RiskClue(householdNumber: "6109271002010002", ruleKey: .medicalSpending, reason: "自付医疗费用较高",
                                              channel: .cadreScreening, foundOn: day("2020-11-01"), riskTypes: [.illness])], context: cli)
            // when it goes through identification
            try await repo.apply(.verify(on: day("2020-11-04"), consent: Consent(signer: "李秀英", signedOn: day("2020-11-04"))), to: id, context: cli)
            try await repo.apply(.appraise(on: day("2020-11-05")), to: id, context: cli)
            try await repo.apply(.startNotice(on: day("2020-11-06"), endsOn: day("2020-11-10")), to: id, context: cli)
            try await repo.apply(.townReview(on: day("2020-11-11")), to: id, context: cli)
            try await repo.apply(.confirm(on: day("2020-11-12"), objectType: .suddenHardship, riskTypes: [.illness, .accident]), to: id,
                                 context: cli)
            // then
            let entries = try await AuditRepository(store: store).list(.init(objectType: "monitoring_case", objectID: String(id)))
            let logged = Set(entries.flatMap(\.changes).map { "\($0.field)=\($0.old ?? "")→\($0.new ?? "")" })
            #expect(logged.contains("首条线索日期=2020-11-03→2020-11-01"))
            #expect(logged.contains("公示期=→2020-11-06 至 2020-11-10"))
            #expect(logged.contains { $0.hasPrefix("监测对象类别=") && $0.hasSuffix("→突发严重困难户") }, "\(logged.sorted())")
            #expect(logged.contains { $0.hasPrefix("风险类型=") && $0.hasSuffix("→因病、因意外事故") }, "\(logged.sorted())")
            #expect(!logged.joined().contains("住院") && !logged.joined().contains("医疗费用"))
            // a dismissal's day is logged, its reason is not
            _ = try await repo.take([RiskClue(householdNumber: "6109271002010001", ruleKey: nil, reason: "农户申报", channel: .selfReport,
                                              foundOn: day("2020-11-01"))], context: cli)
            let other = try #require(try await repo.cases(within: code("610927000000")).first { $0.record.householdNumber == "6109271002010001" }?.id)
            try await repo.apply(.dismiss(on: day("2020-11-02"), reason: "家人患精神疾病，核实收入已达标"), to: other, context: cli)
            let dismissal = try await AuditRepository(store: store).list(.init(objectType: "monitoring_case", objectID: String(other)))
                .flatMap(\.changes).map { "\($0.field)=\($0.old ?? "")→\($0.new ?? "")" }
            #expect(dismissal.contains("不纳入日期=→2020-11-02"))
            #expect(!dismissal.joined().contains("精神"))
        }
    }

    /// 李秀英 was the household's only member able to work; a 丧失劳动能力 report of this year leaves it without labour,
    /// so its risk cannot be eliminated however its income stands — the register alone still says she can work.
    @Test(arguments: engines)
    func aLabourLossReportStopsTheRiskEliminationTheRegisterWouldAllow(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            var households = LedgerFixture.householdsWithLiExited
            households[1][14] = "20000"
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(households: households), year: 2020, context: cli)
            let repo = MonitoringRepository(store: store)
            let clue = RiskClue(householdNumber: "6109271002010002", ruleKey: .unsafeHousing, reason: "住房 C 级", channel: .cadreScreening,
                                foundOn: day("2020-06-01"))
            _ = try await repo.take([clue], context: ChangeContext.cli(ChinaTime.date(day("2020-06-01"), hour: 9, minute: 0)))
            let id = try #require(try await repo.cases(within: code("610927000000")).first?.id)
            let before = try await repo.evidence(for: id, year: 2020, on: day("2020-12-20"), incomeAboveRangeSince: day("2020-05-01"),
                                                 rigidExpensesResolved: true)
            #expect(before.facts.hasLabourCapacity)
            _ = try await RiskReportRepository(store: store).record(
                RiskReport(householdNumber: "6109271002010002", kind: .labourLoss, memberName: "李秀英", occurredOn: day("2020-10-08"),
                           description: "摔伤致瘫"), context: ChangeContext.cli(ChinaTime.date(day("2020-10-09"), hour: 9, minute: 0)))
            let after = try await repo.evidence(for: id, year: 2020, on: day("2020-12-20"), incomeAboveRangeSince: day("2020-05-01"),
                                                rigidExpensesResolved: true)
            #expect(after.facts.hasLabourCapacity == false)
            let stored = try #require(try await repo.find(id))
            #expect(RiskElimination.refusals(stored.record, evidence: after, on: day("2020-12-20")).contains { $0.contains("无劳动能力") })
            #expect(!RiskElimination.refusals(stored.record, evidence: before, on: day("2020-12-20")).contains { $0.contains("无劳动能力") })
            // the loss lasts: more than 12 months on it still stops the elimination, though the labour_loss rule has lapsed
            let later = try await repo.evidence(for: id, year: 2020, on: day("2021-12-20"), incomeAboveRangeSince: day("2020-05-01"),
                                                rigidExpensesResolved: true)
            #expect(later.facts.hasLabourCapacity == false)
            #expect(later.facts.membersWhoLostLabour == 0)
            #expect(RiskElimination.refusals(stored.record, evidence: later, on: day("2021-12-20")).contains { $0.contains("无劳动能力") })
        }
    }
}
