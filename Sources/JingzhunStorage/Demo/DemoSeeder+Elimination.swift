import Foundation
import JingzhunDomain

extension DemoSeeder {
    /// One case of the first village run to 风险消除: eight months ago a cadre found an exited household whose main
    /// earner had lost his job; it was identified within the 15 days, given a job through the county's employment
    /// service, and once its income had stayed above the range for six months it went through the elimination
    /// appraisal, notice, town review and the county's confirmation. The household is the first one the register's
    /// facts let pass every criterion (labour capacity, income, 三保障 and water).
    func seedEliminatedCase(_ village: RegionCode, accounts: AccountRepository, now: Date) async throws {
        let today = Day.today(now)
        let year = DemoCounty.registerYear
        let scanner = MonitoringScanner(store: store)
        let repository = MonitoringRepository(store: store)
        let threshold = try await scanner.threshold(year: year, region: village)
        let taken = Set(try await repository.cases(within: village).map(\.record.householdNumber))
        let start = today.adding(days: -240)
        let appraisedOn = today.adding(days: -30)
        func clue(_ number: String) -> RiskClue {
            RiskClue(householdNumber: number, ruleKey: nil, reason: "基层干部排查：家中主要劳动力务工中断，收入明显减少", channel: .cadreScreening,
                     foundOn: start, riskTypes: [.unstableEmployment], suggestedObjectType: .unstableExited)
        }
        /// The steps after the clue, each with who takes it: v(illage), t(own), c(ounty).
        func steps(_ facts: MonitoringFacts, signer: String) -> [(MonitoringEvent, Character, String)] {
            let evidence = EliminationEvidence(facts: facts, threshold: threshold, incomeAboveRangeSince: start.adding(days: 20),
                                               rigidExpensesResolved: true)
            return [
                (.verify(on: start.adding(days: 2), consent: Consent(signer: signer, signedOn: start.adding(days: 2))),
                 "v", "入户核实，户主签订授权承诺书"),
                (.appraise(on: start.adding(days: 4)), "v", "村民代表会议评议通过"),
                (.startNotice(on: start.adding(days: 5), endsOn: start.adding(days: 9)), "v", ""),
                (.townReview(on: start.adding(days: 10)), "t", ""),
                (.confirm(on: start.adding(days: 12), objectType: .unstableExited, riskTypes: [.unstableEmployment]), "c", ""),
                (.addMeasure(HelpMeasure(kind: .employment, content: "县人社局推荐到县城社区工厂务工，月工资 2,800 元", responsiblePerson: "驻村工作队",
                                         responsibleUnit: "人社局", startedOn: start.adding(days: 14), completedOn: start.adding(days: 20))), "v", ""),
                (.appraiseElimination(on: appraisedOn, evidence: evidence), "v", "务工收入稳定超过监测范围半年以上，村民代表会议评议同意风险消除"),
                (.startEliminationNotice(on: today.adding(days: -29), endsOn: today.adding(days: -25)), "v", ""),
                (.townReviewElimination(on: today.adding(days: -24)), "t", ""),
                (.eliminate(on: today.adding(days: -22)), "c", "风险消除，继续跟踪帮扶"),
            ]
        }
        // The first household of the village, not yet a case, whose facts pass every step (tried on the domain first).
        // Its facts are weighed on the appraisal's day, as `MonitoringRepository.evidence(for:year:on:…)` does, so a
        // 丧失劳动能力 report of the 12 months before counts and such a household is never chosen.
        var chosen: MonitoringFacts?
        for facts in try await scanner.facts(year: year, region: village, today: appraisedOn)
            .sorted(by: { $0.household.number < $1.household.number })
        where !taken.contains(facts.household.number) && !facts.household.status.countsAsPoor {
            var trial = MonitoringCase(clue: clue(facts.household.number))
            do {
                for (event, _, _) in steps(facts, signer: "户主") { trial = try MonitoringProcedure.apply(event, to: trial) }
                chosen = facts
                break
            } catch {
                continue
            }
        }
        guard let facts = chosen else { return }
        let contexts: [Character: ChangeContext] = [
            "v": ChangeContext(actorAccountID: try await accounts.find(username: "cun01")?.id, actor: "cun01", now: now),
            "t": ChangeContext(actorAccountID: try await accounts.find(username: "zhen01")?.id, actor: "zhen01", now: now),
            "c": ChangeContext(actorAccountID: try await accounts.find(username: "xian")?.id, actor: "xian", now: now),
        ]
        _ = try await repository.take([clue(facts.household.number)], context: contexts["c"]!)
        guard let id = try await repository.cases(within: village).first(where: { $0.record.householdNumber == facts.household.number })?.id else { return }
        let signer = try await repository.headNames([facts.household.number])[facts.household.number] ?? "户主"
        for (event, who, note) in steps(facts, signer: signer) { try await repository.apply(event, to: id, note: note, context: contexts[who]!) }
    }
}
