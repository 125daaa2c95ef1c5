import JingzhunDomain
import Testing

@Suite struct PovertyLineTableTests {
    let table = PovertyLineTable.builtIn

    @Test func theNationalLineOfAYearIsItsCurrentPriceValue() {
        #expect(table.line(year: 2016, purpose: .nbs)?.amount == Fen(yuan: "2952"))
        #expect(table.line(year: 2019, purpose: .nbs)?.amount == Fen(yuan: "3218"))
        #expect(table.line(year: 2020, purpose: .nbs)?.amount == Fen(yuan: "4000"))
    }

    @Test func unconfirmedRowsAreSkippedUnlessAskedFor() {
        // 2018's 2,995 is unconfirmed: the latest confirmed-or-better line before it is 2016's 2,952 (2017 is unconfirmed too)
        #expect(table.line(year: 2018, purpose: .nbs)?.year == 2016)
        #expect(table.line(year: 2018, purpose: .nbs, includeUnconfirmed: true)?.amount == Fen(yuan: "2995"))
    }

    @Test func theCountyLineBeatsTheNationalLine() {
        let zhenping = table.line(year: 2017, purpose: .exit, province: "61", county: "610927")
        #expect(zhenping?.amount == Fen(yuan: "3075"))
        #expect(zhenping?.confidence == .seed)
        #expect(zhenping?.document.contains("3075") == true)
        // elsewhere in Shaanxi the exit line falls back to the national line
        let elsewhere = table.line(year: 2017, purpose: .exit, province: "61", county: "610925")
        #expect(elsewhere?.scope == .nation)
        #expect(elsewhere?.amount == Fen(yuan: "2952"))
    }

    @Test func aNewerNationalLineReplacesAnOlderCountyFigure() {
        // 镇坪's 3,075 is a 2017 figure; by 2020 the national 4,000 applies there too.
        #expect(table.line(year: 2020, purpose: .exit, province: "61", county: "610927")?.amount == Fen(yuan: "4000"))
        #expect(table.line(year: 2019, purpose: .exit, province: "61", county: "610927")?.amount == Fen(yuan: "3218"))
    }

    @Test func theProvinceLineBeatsTheNationalOneAndIsFoundByCodeOrName() {
        #expect(table.line(year: 2021, purpose: .monitoring, province: "61")?.amount == Fen(yuan: "6000"))
        #expect(table.line(year: 2021, purpose: .monitoring, province: "陕西省")?.amount == Fen(yuan: "6000"))
        #expect(table.line(year: 2021, purpose: .monitoring, province: "610927000000")?.amount == Fen(yuan: "6000"))
        // a later year keeps 2021's line because 2022–24 are unconfirmed
        #expect(table.line(year: 2023, purpose: .monitoring, province: "61")?.year == 2021)
        #expect(table.line(year: 2021, purpose: .monitoring, province: "62") == nil)
    }

    @Test func noLineBeforeTheFirstYear() {
        #expect(table.line(year: 2009, purpose: .nbs) == nil)
    }

    @Test func everyRowHasASource() {
        #expect(table.entries.allSatisfy { !$0.document.isEmpty })
        #expect(table.entries.filter { $0.confidence == .confirmed }.allSatisfy { $0.url != nil })
    }
}
