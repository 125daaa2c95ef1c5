import Foundation
import JingzhunDomain
import SQLKit

extension DemoSeeder {
    /// 防返贫 monitoring in the demo county: the alert rules run over the register's latest year and every clue is filed
    /// as a case — the first town twenty days ago (so its untouched cases have overrun the 15-day clock), the rest ten
    /// days ago. In the first village some cases went further: identified with help measures, one dismissed after the
    /// visit, one waiting in its notice period.
    func seedMonitoring(_ county: DemoCounty, accounts: AccountRepository, now: Date) async throws {
        guard let firstTown = county.regions.first(where: { $0.level == .town }) else { return }
        try await seedMonitoringSources(county, accounts: accounts, now: now)
        let today = Day.today(now)
        let scanner = MonitoringScanner(store: store)
        let repository = MonitoringRepository(store: store)
        let office = ChangeContext(actorAccountID: try await accounts.find(username: "xian")?.id, actor: "xian", now: now)
        let year = DemoCounty.registerYear
        for (region, daysAgo) in [(firstTown.code, 20)] + county.regions.filter({ $0.level == .town && $0.code != firstTown.code }).map({ ($0.code, 10) }) {
            let clues = try await scanner.scan(year: year, region: region, today: today.adding(days: -daysAgo)).clues
            _ = try await repository.take(clues, context: office)
        }
        guard let village = county.villages.first else { return }
        let cadre = ChangeContext(actorAccountID: try await accounts.find(username: "cun01")?.id, actor: "cun01", now: now)
        let cases = try await repository.cases(within: village.code).sorted { $0.id < $1.id }
        let start = today.adding(days: -20)
        for (i, c) in cases.prefix(6).enumerated() {
            let number = c.record.householdNumber
            let head = county.register.households.first { $0.first == number }?[4] ?? "户主"
            try await repository.apply(.verify(on: start.adding(days: 2), consent: Consent(signer: head, signedOn: start.adding(days: 2))),
                                       to: c.id, note: "入户核实，户主签订授权承诺书", context: cadre)
            if i == 5 {
                try await repository.apply(.dismiss(on: start.adding(days: 3), reason: "核实为子女在外务工收入未登记，实际收入高于监测范围"),
                                           to: c.id, context: cadre)
                continue
            }
            try await repository.apply(.appraise(on: start.adding(days: 4)), to: c.id, note: "村民代表会议评议通过", context: cadre)
            if i == 4 {
                try await repository.apply(.startNotice(on: today.adding(days: -2), endsOn: today.adding(days: 2)), to: c.id, context: cadre)
                continue
            }
            try await repository.apply(.startNotice(on: start.adding(days: 5), endsOn: start.adding(days: 9)), to: c.id, context: cadre)
            try await repository.apply(.townReview(on: start.adding(days: 10)), to: c.id, context: office)
            let risk: [MonitoringRiskType] = c.record.clues.contains { $0.ruleKey == .dropout } ? [.schooling] : [.illness]
            try await repository.apply(.confirm(on: start.adding(days: 12), objectType: .unstableExited, riskTypes: risk), to: c.id, context: office)
            let measure = i % 2 == 0
                ? HelpMeasure(kind: .publicWelfareJob, content: "安排村保洁公益岗，月补贴 500 元", responsiblePerson: "驻村工作队", startedOn: start.adding(days: 13))
                : HelpMeasure(kind: .industry, content: "发放产业奖补，发展中蜂养殖 10 箱", responsiblePerson: "帮扶干部", startedOn: start.adding(days: 13))
            try await repository.apply(.addMeasure(measure), to: c.id, context: cadre)
        }
        try await seedEliminatedCase(village.code, accounts: accounts, now: now)
        _ = try await CaseSweeper(store: store).sweep(context: .system(now))
    }
}
