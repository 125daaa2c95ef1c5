import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Testing

@Suite struct DemoSeederTests {
    @Test(arguments: engines)
    func theDemoCountyLooksLikeZhenping(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let county = DemoCounty.generate()
            #expect(try await DemoSeeder(store: store, bcryptCost: 4).seed(county, now: t0) == .seeded(households: county.register.households.count))
            let regions = RegionRepository(store: store)
            let towns = try await regions.childSummaries(of: county.countyCode)
            #expect(towns.count == 7)
            #expect(towns.map(\.villages).reduce(0, +) == 62)
            #expect(towns.map(\.poorVillages).reduce(0, +) == 43)
            let households = towns.map(\.households).reduce(0, +)
            #expect((5_500...6_500).contains(households))
            // accounts for every role, including the village cadre of the first village
            let accounts = try await AccountRepository(store: store).all()
            #expect(Set(accounts.map(\.role)) == Set(Role.allCases))
            #expect(accounts.first { $0.username == "cun01" }?.scope == county.villages[0].code)
            // the paired cadre sees only their households
            let bangfu = try #require(accounts.first { $0.username == "bangfu01" })
            let paired = try await RegisterRepository(store: store).households(within: bangfu.scope, pairedTo: bangfu.personID)
            #expect((1...5).contains(paired.count))
            // change requests in several states, a 合户 among those waiting for the town
            let changes = try await HouseholdChangeRepository(store: store).list(within: county.countyCode)
            #expect(Set(changes.map(\.state)) == [.proposed, .approved, .rejected])
            #expect(changes.contains { $0.detail.kind == .merge && $0.state == .proposed })
            // the seed plan 001 handed out with its 38 actions: some struck off, one awaiting its check, some overdue and
            // chased up the ladder to a 约谈; weekly reports (late and missing ones too) give the bulletin something to rank
            let tasks = TaskRepository(store: store)
            let plan = try #require(try await tasks.plans(in: county.countyCode).first)
            #expect(plan.status == .active && plan.title.contains("七化"))
            let items = try await tasks.tasks(plan: plan.id)
            #expect(items.count == 38)
            let today = Day.today(t0)
            #expect(items.contains { $0.status == .closed } && items.contains { $0.status == .closing })
            #expect(items.contains { $0.isOverdue(on: today) })
            #expect(items.contains { $0.escalation == EscalationStep.admonition.rawValue })
            let week = ReportCadence.weekly(weekday: 5, hour: 12, minute: 0).period(containing: today.adding(days: -7))
            let bulletin = try await BulletinBuilder(store: store).bulletin(plan: plan.id, week: week)
            #expect(bulletin.totals.reportsOnTime > 0 && bulletin.byUnit.count > 5 && !bulletin.overdue.isEmpty)
            #expect(bulletin.totals.reportsLate + bulletin.totals.reportsMissing > 0)
            // shortfalls handed out as tasks, each led by a unit of the county
            let shortfalls = try await tasks.openTasks().filter { $0.kind == .shortfall }
            #expect(!shortfalls.isEmpty && shortfalls.allSatisfy { $0.owningUnits.first?.unitID != nil })
            // 防返贫: the rules' clues filed as cases; in the first village some identified with measures, one dismissed,
            // one in its notice period; the first town's untouched cases have overrun the 15-day clock
            let cases = try await MonitoringRepository(store: store).cases(within: county.countyCode)
            #expect(cases.count > 100)
            let identified = cases.filter { $0.record.stage == .identified }
            #expect(!identified.isEmpty && identified.allSatisfy { !$0.record.measures.isEmpty })
            #expect(cases.contains { $0.record.stage == .dismissed } && cases.contains { $0.record.stage == .noticed })
            #expect(cases.contains { IdentificationClock(for: $0.record, today: today).isOverrun })
            // every rule has found something, the four input-fed ones from the seeded reports and lists
            #expect(Set(cases.flatMap(\.record.clues).compactMap(\.ruleKey)) == Set(AlertRuleKey.allCases))
            #expect(try await RiskReportRepository(store: store).recent(within: county.countyCode).count >= 6)
            let lists = try await DepartmentListImporter(store: store).batches(within: county.countyCode)
            #expect(lists.count == 2 && lists.contains { $0.unmatchedCount == 2 })
            // one household of the first village helped back to work and its risk eliminated
            let eliminated = cases.filter { $0.record.stage == .eliminated }
            #expect(eliminated.count == 1 && eliminated.first?.villageCode == county.villages[0].code)
            #expect(eliminated.first?.record.measures.isEmpty == false)
            // weighed as the appraisal weighs it, on its day with the 丧失劳动能力 reports of the year before: still eligible
            let done = try #require(eliminated.first)
            let round = try #require(done.record.elimination)
            let evidence = try await MonitoringRepository(store: store).evidence(
                for: done.id, year: DemoCounty.registerYear, on: round.appraisedOn, incomeAboveRangeSince: done.record.firstClueOn.adding(days: 20),
                rigidExpensesResolved: true)
            #expect(evidence.facts.hasLabourCapacity)
            // the sweep has chased every overrun case of the first town: the town's cadre has each one's 督办, cun01 its own
            let zhen = try #require(accounts.first { $0.username == "zhen01" })
            let overrun = cases.filter {
                let clock = IdentificationClock(for: $0.record, today: today)
                return clock.stoppedOn == nil && clock.isOverrun
            }
            #expect(!overrun.isEmpty && overrun.allSatisfy { zhen.scope.rawValue.prefix(9) == $0.villageCode.rawValue.prefix(9) })
            let chased = try await Inbox(store: store).messages(for: zhen.principal, limit: 10_000).filter { $0.kind == .escalation }
            #expect(Set(chased.compactMap(\.caseID)) == Set(overrun.map(\.id)))
            let cun = try #require(accounts.first { $0.username == "cun01" })
            let own = try await Inbox(store: store).messages(for: cun.principal, limit: 10_000).compactMap(\.caseID)
            // (a case waiting for the town's review is the town's to move: its 督办 goes to the town, not back to the village)
            let villageHeld = overrun.filter { $0.villageCode == cun.scope && CaseLevel.holding($0.record.stage) == .village }
            #expect(!own.isEmpty && Set(own) == Set(villageHeld.map(\.id)))
            #expect(overrun.contains { $0.villageCode == cun.scope && $0.record.stage == .noticed })
            // a second run leaves it alone; the audit chain holds
            #expect(try await DemoSeeder(store: store, bcryptCost: 4).seed(county, now: t0) == .alreadySeeded)
            guard case .intact = try await AuditRepository(store: store).verify() else { Issue.record("chain broken"); return }
        }
    }
}
