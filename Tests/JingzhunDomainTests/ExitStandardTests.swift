import Foundation
import JingzhunDomain
import Testing

@Suite struct ExitStandardTests {
    @Test func shaanxi577HasFiveSevenSevenVetoes() {
        let s = BuiltInStandards.shaanxi2017
        #expect(s.key == "shaanxi-2017")
        #expect(s.household.map(\.key) == ["income", "housing", "education", "medical", "water"])
        #expect(s.village.map(\.key) == ["incidence", "income_share", "collective_economy", "road", "water", "electricity", "clinic"])
        #expect(
            s.county.map(\.key) == [
                "incidence", "rural_income_ratio", "road_ratio", "tap_water_ratio", "electricity", "safe_housing_ratio", "insurance",
            ])
        #expect((s.household + s.village + s.county).allSatisfy { $0.veto && !$0.source.isEmpty })
        #expect(s.indicator("incidence", level: .village)?.threshold == .number(0.03))
        #expect(s.indicator("rural_income_ratio", level: .county)?.threshold == .number(0.70))
        #expect(s.problems().isEmpty)
    }

    @Test func theNationalStandardHasAWesternAndAnEasternVariant() {
        let west = BuiltInStandards.national2016
        let east = BuiltInStandards.national2016(west: false)
        #expect(west.key == "national-2016")
        #expect(west.household.map(\.key) == ["income", "education", "medical", "housing"])
        #expect(west.county.map(\.key) == ["comprehensive_incidence", "wrong_exit_rate", "omission_rate", "approval"])
        #expect(west.indicator("incidence", level: .village)?.threshold == .number(0.03))
        #expect(east.indicator("incidence", level: .village)?.threshold == .number(0.02))
        #expect(east.indicator("comprehensive_incidence", level: .county)?.threshold == .number(0.02))
        #expect(west.indicator("approval", level: .county)?.comparison == .atLeast)
        #expect(west.problems().isEmpty && east.problems().isEmpty)
        #expect(BuiltInStandards.standard(key: "national-2016-east") == east)
    }

    @Test(arguments: BuiltInStandards.all)
    func aStandardRoundTripsThroughJSON(_ standard: ExitStandard) throws {
        let json = try standard.encodedJSON()
        #expect(try ExitStandard.decode(json: json) == standard)
    }

    @Test func aMissingFieldIsNamedInChinese() throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: BuiltInStandards.shaanxi2017.encodedJSON()) as? [String: Any])
        var household = try #require(object["household"] as? [[String: Any]])
        household[2].removeValue(forKey: "measure")
        object["household"] = household
        let json = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: ExitStandardError(field: "household[2].measure", message: "缺少该字段")) {
            try ExitStandard.decode(json: json)
        }
    }

    @Test func anUnknownMeasureAndAWrongTypeAreNamed() throws {
        let text = String(decoding: try BuiltInStandards.shaanxi2017.encodedJSON(), as: UTF8.self)
        let unknown = text.replacingOccurrences(of: "\"village.standardClinic\"", with: "\"village.hospital\"")
        do {
            _ = try ExitStandard.decode(json: Data(unknown.utf8))
            Issue.record("accepted an unknown measure")
        } catch {
            #expect(error.field == "village[6].measure")
            #expect(error.description == "退出标准“village[6].measure”：取值无效")
        }
        let wrongType = text.replacingOccurrences(of: "\"firstYear\" : 2017", with: "\"firstYear\" : \"2017年\"")
        #expect(throws: ExitStandardError(field: "firstYear", message: "类型不对，应为整数")) {
            try ExitStandard.decode(json: Data(wrongType.utf8))
        }
        #expect(throws: ExitStandardError(field: "（根）", message: "不是有效的 JSON")) {
            try ExitStandard.decode(json: Data("{".utf8))
        }
    }

    @Test func validationFindsDuplicateKeysBadWeightsAndOutOfRangeThresholds() {
        var s = BuiltInStandards.shaanxi2017
        s.household[4].key = "income"
        s.household[1].weight = 0.5
        s.village[0].threshold = .number(3)
        s.county[1].comparison = .isTrue
        let problems = s.problems()
        #expect(problems.contains(.init(field: "household[4].key", message: "指标键“income”重复")))
        #expect(problems.contains { $0.field == "household" && $0.message.hasPrefix("权重之和为") })
        #expect(problems.contains(.init(field: "village[0].threshold", message: "比率 3.0 不在 0～1 之间")))
        #expect(problems.contains(.init(field: "county[1].threshold", message: "数值类指标不能用 isTrue")))
        #expect(problems.count == 4)
    }

    @Test func invalidStandardsAreRejectedOnLoad() throws {
        var s = BuiltInStandards.shaanxi2017
        s.village[5].threshold = .number(100)  // 100 % written as a percentage
        #expect(throws: ExitStandardError(field: "village[5].threshold", message: "比率 100.0 不在 0～1 之间")) {
            try ExitStandard.decode(json: s.encodedJSON())
        }
    }

    @Test func aCountyCopiesAStandardAndEditsAThreshold() throws {
        let own = try BuiltInStandards.shaanxi2017
            .copy(key: "zhenping-2018", name: "镇坪县2018年退出标准")
            .withThreshold(.number(0.02), for: "incidence", level: .village)
        #expect(own.key == "zhenping-2018")
        #expect(own.indicator("incidence", level: .village)?.threshold == .number(0.02))
        #expect(own.indicator("incidence", level: .county)?.threshold == .number(0.03))
        #expect(BuiltInStandards.shaanxi2017.indicator("incidence", level: .village)?.threshold == .number(0.03))
        #expect(throws: ExitStandardError(field: "village.hospital", message: "没有这个指标")) {
            try own.withThreshold(.number(0.5), for: "hospital", level: .village)
        }
        #expect(throws: ExitStandardError(field: "household[0].threshold", message: "贫困线倍数 0.0 须大于 0")) {
            try own.withThreshold(.povertyLine(factor: 0), for: "income", level: .household)
        }
    }
}
