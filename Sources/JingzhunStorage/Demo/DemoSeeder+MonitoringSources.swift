import Foundation
import JingzhunDomain

extension DemoSeeder {
    /// The data the four input-fed alert rules read, seeded before the demo's scans file their clues (so the dashboard
    /// shows clues from all eight rules): 风险信息登记 — a 暴雨 that hit two households of the second village, a road
    /// accident, large out-of-pocket medical costs in three households (one paying for dialysis twice), a member who can
    /// no longer work — and the civil affairs bureau's 低保 list and the disabled persons' federation's list, matched by
    /// 身份证号 with two people the register does not know. Everything is dated a few weeks back, before the scans.
    func seedMonitoringSources(_ county: DemoCounty, accounts: AccountRepository, now: Date) async throws {
        let register = county.register
        let exitedLabels: Set<String> = [PovertyStatus.exitedWithPolicy.label, PovertyStatus.exitedWithoutPolicy.label]
        // Exited households by village, leaving out the first five of a village (the demo's change requests use them).
        var byVillage: [String: [[String]]] = [:]
        var seen: [String: Int] = [:]
        for row in register.households {
            let village = String(row[0].prefix(12))
            seen[village, default: 0] += 1
            if seen[village]! > 5, exitedLabels.contains(row[11]) { byVillage[village, default: []].append(row) }
        }
        var membersOf: [String: [[String]]] = [:]
        for m in register.members { membersOf[m[0], default: []].append(m) }
        let previousNet: [String: Fen] = Dictionary(register.previousYear.map { row in
            let parts = (14...17).map { Fen(yuan: row[$0]) ?? .zero }
            return (row[0], parts.reduce(.zero, +) - (Fen(yuan: row[18]) ?? .zero))
        }, uniquingKeysWith: { a, _ in a })
        let villages = county.villages.map(\.code.rawValue).filter { !(byVillage[$0] ?? []).isEmpty }
        guard villages.count >= 4 else { return }
        func household(_ village: Int, _ index: Int) -> [String]? {
            let list = byVillage[villages[village]] ?? []
            return list.isEmpty ? nil : list[(list.count - 1 - index % list.count)]
        }

        let today = Day.today(now)
        let entered = now.addingTimeInterval(-24 * 86_400)
        func context(_ username: String) async throws -> ChangeContext {
            ChangeContext(actorAccountID: try await accounts.find(username: username)?.id, actor: username, now: entered)
        }
        let reports = RiskReportRepository(store: store)
        let cun01 = try await context("cun01"), cun02 = try await context("cun02"), xian = try await context("xian")
        let firstVillage = county.villages[0].code.rawValue, secondVillage = county.villages[1].code.rawValue
        func who(_ number: String) -> ChangeContext {
            number.hasPrefix(firstVillage) ? cun01 : number.hasPrefix(secondVillage) ? cun02 : xian
        }
        // Medical costs above last year's net income: the 2020 rule's "rigid expenditure clearly above last year's income".
        func heavy(_ number: String, share: Double) -> Fen {
            let base = max(previousNet[number]?.rawValue ?? 0, 2_000_000)
            return Fen(rawValue: Int64((Double(base) * share / 10_000).rounded()) * 10_000)
        }
        func member(_ number: String, working: Bool) -> String? {
            let list = membersOf[number] ?? []
            let pick = working ? list.first { LabourSkill(label: $0[8])?.canWork == true } : list.first
            return (pick ?? list.first)?[1]
        }

        // The 暴雨: two households of the second village (or of the first that has some), reported by the village. The
        // second one's house was assessed a C-grade 危房 afterwards, and the village updated its register row.
        let storm = today.adding(days: -40)
        for (i, text, loss) in [(0, "连日暴雨引发山洪，冲毁厢房两间、耕地 3 亩", "38000"), (1, "暴雨致房后边坡滑塌，院墙倒塌，正房开裂", "12500")] {
            guard let h = household(1, i) else { continue }
            try await reports.record(RiskReport(householdNumber: h[0], kind: .naturalDisaster, occurredOn: storm, description: text,
                                                amount: Fen(yuan: loss), channel: .cadreScreening), context: who(h[0]))
            if i == 1 {
                var assessed = h
                assessed[19] = HousingGrade.c.label
                _ = try await RegisterImporter(store: store).run([
                    SheetRows(fileName: "危房鉴定后更新", sheetLabel: RegisterSheet.households.name, sheet: .households,
                              header: RegisterSheet.households.headers, rows: [(2, assessed)]),
                ], year: register.year, context: who(h[0]))
            }
        }
        // A road accident, declared by the household itself.
        if let h = household(3, 0), let m = member(h[0], working: true) {
            try await reports.record(RiskReport(householdNumber: h[0], kind: .accident, memberName: m, occurredOn: today.adding(days: -55),
                                                description: "\(m)务工途中遭遇车祸受伤住院，三轮车报废", amount: Fen(yuan: "20000"),
                                                channel: .selfReport), context: who(h[0]))
        }
        // Large out-of-pocket medical costs: three households, one of them paying twice.
        let medical: [(Int, String, Double, Int)] = [(0, "肺癌住院化疗，医保报销后个人自付", 1.3, -70), (2, "脑出血住院手术，报销后自付", 1.1, -45)]
        for (village, text, share, days) in medical {
            guard let h = household(village, 0), let m = member(h[0], working: false) else { continue }
            try await reports.record(RiskReport(householdNumber: h[0], kind: .medical, memberName: m, occurredOn: today.adding(days: days),
                                                description: text, amount: heavy(h[0], share: share), channel: .cadreScreening), context: who(h[0]))
        }
        if let h = household(4, 0), let m = member(h[0], working: false) {
            for (days, share) in [(-150, 0.7), (-60, 0.7)] {
                try await reports.record(RiskReport(householdNumber: h[0], kind: .medical, memberName: m, occurredOn: today.adding(days: days),
                                                    description: "尿毒症维持性血液透析，门诊特殊病种报销后自付", amount: heavy(h[0], share: share),
                                                    channel: .selfReport), context: who(h[0]))
            }
        }
        // A member who can no longer work.
        if let h = household(0, 1), let m = member(h[0], working: true) {
            try await reports.record(RiskReport(householdNumber: h[0], kind: .labourLoss, memberName: m, occurredOn: today.adding(days: -50),
                                                description: "脑梗死后遗症致右侧偏瘫，经鉴定丧失劳动能力", channel: .cadreScreening), context: who(h[0]))
        }

        // Departments' lists: members of exited households in several villages, and two people outside the register.
        let importer = DepartmentListImporter(store: store)
        let listContext = ChangeContext(actorAccountID: xian.actorAccountID, actor: "xian", now: now.addingTimeInterval(-25 * 86_400))
        var dibao: [DepartmentListRow] = []
        for village in [0, 2, 5, 7] where village < villages.count {
            guard let h = household(village, 2), let m = (membersOf[h[0]] ?? []).first else { continue }
            dibao.append(DepartmentListRow(list: .dibao, idNumber: m[2], name: m[1], unit: "县民政局", since: today.adding(days: -90).firstDayOfMonth))
        }
        for (i, name) in ["周桂兰", "陈德旺"].enumerated() {
            // A neighbouring county's area code: numbers no household of this register carries.
            dibao.append(DepartmentListRow(list: .dibao, idNumber: IDNumberChecksum.make(area: "610926", birth: "19\(58 + i * 9)-03-1\(i + 2)",
                                                                                          sequence: 401 + i, male: i == 1),
                                           name: name, unit: "县民政局", since: today.adding(days: -60).firstDayOfMonth))
        }
        _ = try await importer.run(dibao, list: .dibao, unit: "县民政局", fileName: "县民政局低保名单.xlsx", region: county.countyCode, context: listContext)
        var disability: [DepartmentListRow] = []
        for village in [1, 6] where village < villages.count {
            guard let h = household(village, 3), let m = (membersOf[h[0]] ?? []).last else { continue }
            disability.append(DepartmentListRow(list: .disability, idNumber: m[2], name: m[1], unit: "县残联", since: today.adding(days: -120)))
        }
        if !disability.isEmpty {
            _ = try await importer.run(disability, list: .disability, unit: "县残联", fileName: "新办残疾证人员.csv", region: county.countyCode,
                                       context: listContext)
        }
    }
}
