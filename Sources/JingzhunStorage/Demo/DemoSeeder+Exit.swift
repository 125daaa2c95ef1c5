import Foundation
import JingzhunDomain
import SQLKit

extension DemoSeeder {
    /// Exit-standard demo data: county figures the register cannot give (clearly marked as demo values), a
    /// county copy of the Shaanxi standard, a 三率一度 sample with findings, and exit procedures — three
    /// finished, one in its notice period, one old ledger entry with date errors for the check to find.
    func seedExit(_ county: DemoCounty, accounts: AccountRepository, now: Date) async throws {
        guard let countyRegion = county.regions.first(where: { $0.level == .county }) else { return }
        let code = countyRegion.code
        let year = DemoCounty.registerYear
        let office = ChangeContext(actorAccountID: try await accounts.find(username: "xian")?.id, actor: "xian", now: now)
        let standards = ExitStandardRepository(store: store)
        let source = "演示数据（量级参照陕西省、镇坪县统计公报，非官方数字）"
        for (y, countyIncome, provinceIncome) in [(year - 1, 9_850.0, 12_326.0), (year, 10_720.0, 13_316.0)] {
            try await standards.setCountyFigure(code, year: y, key: "rural_income_per_capita", value: countyIncome, source: source, context: office)
            try await standards.setCountyFigure(code, year: y, key: "province_rural_income_per_capita", value: provinceIncome, source: source, context: office)
        }
        if let shaanxi = try await standards.standard("shaanxi-2017")?.standard {
            try await standards.add(shaanxi.copy(key: "zhenping-\(year)", name: "镇坪县\(year)年退出标准（据陕西“577”复制）"), context: office)
        }

        // 三率一度: three households a village, findings as a county evaluation team might record them.
        let samples = EvaluationSampleRepository(store: store)
        _ = try await samples.draw(county: code, year: year, perVillage: 3, seed: UInt64(year), context: office)
        for (i, s) in try await samples.stored(county: code, year: year).enumerated() {
            let wrongExit: Bool? = s.sample.kind == .exited ? (i % 37 == 5) : nil
            try await samples.recordFinding(id: s.id, wrongExit: wrongExit, omission: nil, approves: i % 23 != 4, context: office)
        }
        let villages = county.regions.filter { $0.level == .village }
        for (i, v) in villages.prefix(20).enumerated() {
            try await samples.add(EvaluationSample(householdNumber: "非建档户-\(v.code.rawValue.suffix(6))-\(i + 1)", villageCode: v.code,
                                                   kind: .nonRegistered, size: 3 + i % 3, omission: i == 7, approves: true),
                                  county: code, year: year, context: office)
        }

        // Exit procedures on households that exit this year and meet the standard.
        let rows = try await store.db.raw("""
            SELECT h.number FROM households h JOIN household_years y ON y.household_id = h.id AND y.year = \(bind: year)
            WHERE y.status = 'exitedWithPolicy' AND y.exit_year = \(bind: year) AND h.first_identified_year < \(bind: year)
            ORDER BY h.number
            """).all().map { try $0.decode(column: "number", as: String.self) }
        // One assessment of the county, not one per candidate.
        let passes = Set(try await ExitAssessor(store: store).assess(standardKey: "shaanxi-2017", year: year, region: code)
            .households.filter(\.passes).map(\.number))
        let passing = Array(rows.filter(passes.contains).prefix(5))
        let procedures = ExitProcedureRepository(store: store)
        let full: [ExitEvent] = [
            .apply(on: "\(year)-09-01"), .appraise(on: "\(year)-09-05"), .verify(on: "\(year)-09-10"), .sign(on: "\(year)-09-12", signer: "户主"),
            .startNotice(on: "\(year)-09-15", endsOn: "\(year)-09-21"), .announce(on: "\(year)-09-25"), .strikeOff(on: "\(year)-10-10"),
        ]
        for (i, number) in passing.prefix(4).enumerated() {
            for event in full.prefix(i == 3 ? 5 : 7) {
                try await procedures.apply(event, household: number, exitYear: year, standardKey: "shaanxi-2017", context: office)
            }
        }
        if let last = passing.dropFirst(4).first {
            // An old paper ledger typed in as it was: signed before the appraisal and a 3-day notice.
            try await procedures.importRecord(ExitProcedureRecord(
                householdNumber: last, firstIdentifiedYear: year - 4, exitYear: year - 1, applied: "\(year - 1)-10-08",
                appraised: "\(year - 1)-10-20", verified: "\(year - 1)-10-22", signed: "\(year - 1)-10-15", signerName: "户主",
                noticeStarted: "\(year - 1)-10-25", noticeEnds: "\(year - 1)-10-27", announced: "\(year - 1)-10-28", struckOff: "\(year - 1)-11-02"),
                context: office)
        }
    }
}
