import Foundation
import JingzhunDomain
import Testing

@Suite struct MonitoringThresholdTests {
    let table = MonitoringThresholdTable.builtIn

    @Test func in2020TheRangeIsOneAndAHalfTimesThatYearsPovertyLine() throws {
        let t = try #require(table.resolve(year: 2020, province: "61"))
        #expect(t.amount == Fen(yuan: "6000")!)
        #expect(t.line?.year == 2020)
        #expect(t.sourceText.contains("1.5 × 2020年扶贫标准 4,000.00 元"))
    }

    @Test func in2021TheRangeIs6000Yuan() throws {
        let t = try #require(table.resolve(year: 2021, province: "61", county: "610927"))
        #expect(t.amount == Fen(yuan: "6000")!)
        #expect(t.entry.scope == .nation)
        #expect(t.entry.url == "https://zazf.gov.cn/info/content.jsp?info_id=91617&tm_id=84")
    }

    @Test func unconfirmedProvincialRangesAreUsedOnlyWhenAskedFor() throws {
        #expect(table.resolve(year: 2023, province: "61")?.amount == Fen(yuan: "6000")!)
        #expect(table.resolve(year: 2023, province: "61", includeUnconfirmed: true)?.amount == Fen(yuan: "6600")!)
        #expect(table.resolve(year: 2025, province: "53")?.amount == Fen(yuan: "8700")!)
        #expect(table.resolve(year: 2025, province: "61")?.amount == Fen(yuan: "6000")!)
    }

    @Test func aCountyFigureBeatsTheProvinceAndTheNationInItsYear() throws {
        var t = table
        t.entries.append(MonitoringThreshold(
            year: 2022, scope: .county, regionCode: "610927", regionName: "镇坪县", rule: .amount(Fen(yuan: "6500")!),
            document: "镇坪县2022年监测范围（测试）", confidence: .seed))
        #expect(t.resolve(year: 2022, province: "61", county: "610927")?.amount == Fen(yuan: "6500")!)
        #expect(t.resolve(year: 2022, province: "61", county: "610926")?.amount == Fen(yuan: "6000")!)
    }

    @Test func thereIsNoRangeBeforeMonitoringBegan() {
        #expect(table.resolve(year: 2018, province: "61") == nil)
    }

    @Test func theTableRoundTripsThroughJSONForTheSettingsTable() throws {
        let data = try JSONEncoder().encode(table)
        #expect(try JSONDecoder().decode(MonitoringThresholdTable.self, from: data) == table)
        let settings = try JSONEncoder().encode(MonitoringSettings.national)
        #expect(try JSONDecoder().decode(MonitoringSettings.self, from: settings) == .national)
    }
}
