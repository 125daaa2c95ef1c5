import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

/// Issue 7 §3 on both engines: a case's identification clock reminds its village before the 15 days run out and, once
/// they have, climbs the 督办 ladder — town at one day over, county office at seven — once per rung, in order, onto the
/// timeline, into the audit log and into the inboxes of the right accounts only; nothing once the case is identified.
@Suite struct CaseSweeperTests {
    /// 新华村 (城关镇) with the ledger's two households, cadres of it, of 文彩村 next door, of its town and of 曾家镇, and
    /// the county office.
    struct Fixture {
        let store: Store
        let cun: Principal
        let otherCun: Principal
        let zhen: Principal
        let otherZhen: Principal
        let xian: Principal
        /// An office of another county, made up: nothing of 镇坪's may reach it.
        let otherCounty = Principal(accountID: 9_999, username: "x", displayName: "x", role: .countyOffice, scope: code("610926000000"))

        static func make(_ store: Store) async throws -> Fixture {
            _ = try await RegionRepository(store: store).upsert(try zhenping(), context: cli)
            _ = try await RegisterImporter(store: store).run(LedgerFixture.sheets(), year: 2020, context: cli)
            let accounts = AccountRepository(store: store, bcryptCost: 4)
            func account(_ name: String, _ role: Role, _ scope: String) async throws -> Principal {
                try await accounts.create(username: name, displayName: name, password: "secret-123", role: role, scope: code(scope), context: cli).principal
            }
            return Fixture(
                store: store, cun: try await account("cun", .villageCadre, "610927100201"), otherCun: try await account("cun2", .villageCadre, "610927100202"),
                zhen: try await account("zhen", .townCadre, "610927100000"), otherZhen: try await account("zhen2", .townCadre, "610927101000"),
                xian: try await account("xian", .countyOffice, "610927000000"))
        }

        /// A self-reported clue for a ledger household, found on `day`; the case's id.
        func open(_ number: String, on day: String) async throws -> Int64 {
            let repo = MonitoringRepository(store: store)
            _ = try await repo.take([RiskClue(householdNumber: number, ruleKey: nil, reason: "农户申报：家人住院，自付医疗费用较高", channel: .selfReport,
                                              foundOn: Day(day)!, riskTypes: [.illness])], context: cli)
            return try #require(try await repo.cases(within: code("610927100201")).first { $0.record.householdNumber == number }?.id)
        }

        func sweep(_ at: String) async throws -> CaseSweeper.Result {
            try await CaseSweeper(store: store).sweep(context: .system(beijing(at)))
        }

        func inbox(_ p: Principal) async throws -> [Inbox.Message] { try await Inbox(store: store).messages(for: p) }
    }

    @Test(arguments: engines)
    func anOverrunCaseClimbsFromVillageToTownToCountyOncePerRung(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await Fixture.make(store)
            let repo = MonitoringRepository(store: store)
            // given a clue of 1 November: the 15 days run out on the 16th
            let id = try await f.open("6109271002010001", on: "2025-11-01")
            // four days left: nothing yet
            #expect(try await f.sweep("2025-11-12 09:00") == .init(cases: 0, reminders: 0, escalations: 0))
            // three days left: the village is reminded, once however often the sweep runs
            #expect(try await f.sweep("2025-11-13 09:00") == .init(cases: 1, reminders: 1, escalations: 0))
            #expect(try await f.sweep("2025-11-13 10:00") == .init(cases: 1, reminders: 0, escalations: 0))
            let reminder = try #require(try await f.inbox(f.cun).first)
            #expect(reminder.caseID == id && reminder.taskID == nil && reminder.kind == .reminder)
            #expect(reminder.message.contains("户编号 6109271002010001（户主 王明华，城关镇新华村）") && reminder.message.contains("还剩 3 天"))
            #expect(!reminder.message.contains("住院") && !reminder.message.contains("610927198001011234"))
            #expect(try await f.inbox(f.zhen).isEmpty)
            #expect(try await Inbox(store: store).unreadCount(for: f.cun) == 1)

            // one day over: the first rung, to the village and its town
            #expect(try await f.sweep("2025-11-17 09:00") == .init(cases: 1, reminders: 0, escalations: 1))
            #expect(try await f.sweep("2025-11-17 10:00").escalations == 0)
            #expect(try await repo.find(id)?.escalation == 1)
            for p in [f.cun, f.zhen] {
                let top = try #require(try await f.inbox(p).first)
                #expect(top.caseID == id && top.kind == .escalation && top.message.hasPrefix("【督办·第 1 级（至镇）】"))
            }
            for p in [f.otherCun, f.otherZhen, f.xian, f.otherCounty] { #expect(try await f.inbox(p).isEmpty, "\(p.username)") }
            // seven days over: the county office too
            #expect(try await f.sweep("2025-11-23 09:00").escalations == 1)
            #expect(try await f.sweep("2025-11-30 09:00").escalations == 0)  // no rung beyond the last
            #expect(try await f.inbox(f.xian).map(\.message).first?.hasPrefix("【督办·第 2 级（至县脱贫办）】") == true)
            #expect(try await f.inbox(f.cun).map(\.kind) == [.escalation, .escalation, .reminder])
            #expect(try await f.inbox(f.otherCounty).isEmpty)
            #expect(try await f.inbox(f.otherCun).isEmpty)

            // each rung on the timeline and in the audit log, in order, once
            let notes = try await repo.events(id).map(\.note).filter { $0.hasPrefix("自动督办") }
            #expect(notes.count == 2 && notes[0].hasPrefix("自动督办（第 1 级，至镇）") && notes[1].hasPrefix("自动督办（第 2 级，至县脱贫办）"))
            let audit = try await AuditRepository(store: store).list(.init(objectType: "monitoring_case", objectID: String(id)))
            let rungs = audit.flatMap(\.changes).filter { $0.field == "督办" }.map { "\($0.old ?? "")→\($0.new ?? "")" }.sorted()
            #expect(rungs == ["→第 1 级（至镇）", "第 1 级→第 2 级（至县脱贫办）"])
            guard case .intact = try await AuditRepository(store: store).verify() else { Issue.record("chain broken"); return }
        }
    }

    /// A ladder the sweep could not climb (rungs out of order, a level that does not rise, a reminder at 0 days) is
    /// refused with the reason in Chinese when the county sets it, and the policy in force stays.
    @Test(arguments: engines)
    func anEscalationPolicyTheSweepCouldNotClimbIsRefused(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            _ = try await Migrator(store: store).migrate()
            let settings = SettingsRepository(store: store)
            func set(_ policy: CaseEscalationPolicy) async throws {
                try await settings.set(.monitorEscalation, year: 2026, value: String(decoding: try JSONEncoder().encode(policy), as: UTF8.self),
                                       source: "县脱贫办通知", context: cli)
            }
            func refusal(_ policy: CaseEscalationPolicy) async -> String? {
                do { try await set(policy); return nil } catch let StorageError.invalid(message) { return message } catch { return "\(error)" }
            }
            typealias Rung = CaseEscalationPolicy.Rung
            let unordered = CaseEscalationPolicy(reminderDays: [3], rungs: [Rung(daysOver: 7, level: .town), Rung(daysOver: 7, level: .county)], source: "x")
            let flat = CaseEscalationPolicy(reminderDays: [3], rungs: [Rung(daysOver: 1, level: .county), Rung(daysOver: 7, level: .town)], source: "x")
            let zero = CaseEscalationPolicy(reminderDays: [3, 0], rungs: [Rung(daysOver: 0, level: .town)], source: "x")
            #expect(await refusal(unordered)?.contains("第 2 级督办的超期天数（7）应大于第 1 级（7）") == true)
            #expect(await refusal(flat)?.contains("第 2 级督办应送到比第 1 级更高的层级") == true)
            let zeroText = await refusal(zero)
            #expect(zeroText?.contains("提醒天数应为正整数") == true && zeroText?.contains("第 1 级督办的超期天数应为正整数") == true)
            #expect(try await CaseSweeper.policy(store: store, year: 2026) == .standard)
            // a sound stricter ladder is taken
            let stricter = CaseEscalationPolicy(reminderDays: [5, 2], rungs: [Rung(daysOver: 1, level: .town), Rung(daysOver: 3, level: .county)],
                                                source: "县脱贫办通知")
            try await set(stricter)
            #expect(try await CaseSweeper.policy(store: store, year: 2026) == stricter)
        }
    }

    /// Two sweeps at once (the hourly one and `jingzhun monitor sweep`, or two servers): each rung is climbed, put on
    /// the timeline, logged and sent once, and each reminder sent once.
    @Test(arguments: engines)
    func twoSweepsAtOnceSendEachRungOnce(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await Fixture.make(store)
            // given one case nine days over its limit (two rungs earned) and one with two days left
            let late = try await f.open("6109271002010001", on: "2025-11-01")
            _ = try await f.open("6109271002010002", on: "2025-11-12")
            // when
            let results = try await withThrowingTaskGroup(of: CaseSweeper.Result.self) { group in
                for _ in 0..<2 { group.addTask { try await f.sweep("2025-11-25 09:00") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then
            #expect(results.map(\.escalations).reduce(0, +) == 2)
            #expect(results.map(\.reminders).reduce(0, +) == 1)
            #expect(try await MonitoringRepository(store: store).find(late)?.escalation == 2)
            #expect(try await f.inbox(f.zhen).filter { $0.kind == .escalation }.count == 2)
            #expect(try await f.inbox(f.xian).count == 1)
            #expect(try await f.inbox(f.cun).filter { $0.kind == .reminder }.count == 1)
            let notes = try await MonitoringRepository(store: store).events(late).map(\.note).filter { $0.hasPrefix("自动督办") }
            #expect(notes.map { $0.prefix(10) } == ["自动督办（第 1 级", "自动督办（第 2 级"])
            let audit = try await AuditRepository(store: store).list(.init(objectType: "monitoring_case", objectID: String(late)))
            #expect(audit.flatMap(\.changes).filter { $0.field == "督办" }.count == 2)
            guard case .intact = try await AuditRepository(store: store).verify() else { Issue.record("chain broken"); return }
        }
    }

    @Test(arguments: engines)
    func aSweepThatRunsLateClimbsEveryRungInOrder(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await Fixture.make(store)
            let id = try await f.open("6109271002010001", on: "2025-11-01")
            #expect(try await f.sweep("2025-11-25 09:00") == .init(cases: 1, reminders: 0, escalations: 2))
            let notes = try await MonitoringRepository(store: store).events(id).map(\.note).filter { $0.hasPrefix("自动督办") }
            #expect(notes.map { $0.prefix(10) } == ["自动督办（第 1 级", "自动督办（第 2 级"])
            #expect(try await f.inbox(f.xian).count == 1)
            #expect(try await f.inbox(f.zhen).count == 2)
        }
    }

    @Test(arguments: engines)
    func theClockStopsOnceTheCaseIsIdentifiedOrDismissed(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let f = try await Fixture.make(store)
            let repo = MonitoringRepository(store: store)
            func day(_ s: String) -> Day { Day(s)! }
            // one case identified late, after its first rung; another dismissed before its limit
            let late = try await f.open("6109271002010001", on: "2025-11-01")
            let dismissed = try await f.open("6109271002010002", on: "2025-11-01")
            #expect(try await f.sweep("2025-11-17 09:00").escalations == 2)
            try await repo.apply(.dismiss(on: day("2025-11-17"), reason: "核实收入已达监测范围以上"), to: dismissed, context: cli)
            try await repo.apply(.verify(on: day("2025-11-17"), consent: Consent(signer: "王明华", signedOn: day("2025-11-17"))), to: late, context: cli)
            try await repo.apply(.appraise(on: day("2025-11-17")), to: late, context: cli)
            try await repo.apply(.startNotice(on: day("2025-11-17"), endsOn: day("2025-11-21")), to: late, context: cli)
            try await repo.apply(.townReview(on: day("2025-11-21")), to: late, context: cli)
            try await repo.apply(.confirm(on: day("2025-11-22"), objectType: .unstableExited, riskTypes: [.illness]), to: late, context: cli)
            // a week over the limit: nothing more for either
            #expect(try await f.sweep("2025-11-30 09:00") == .init(cases: 0, reminders: 0, escalations: 0))
            #expect(try await f.inbox(f.xian).isEmpty)
            #expect(try await repo.find(late)?.escalation == 1)
        }
    }
}
