import JingzhunDomain
import Testing

@Suite struct ThreeRatesOneDegreeTests {
    static let v = ExitFixtures.village

    /// 10 exited households (1 wrong exit), 20 non-registered (1 omission), approval asked of 25 (23 yes).
    static func samples(withSizes: Bool = false) -> [EvaluationSample] {
        var out: [EvaluationSample] = []
        for i in 0..<10 {
            out.append(
                .init(
                    householdNumber: "E\(i)", villageCode: v, kind: .exited, size: withSizes ? (i == 0 ? 5 : 3) : nil,
                    wrongExit: i == 0, approves: i < 9))
        }
        for i in 0..<20 {
            out.append(
                .init(
                    householdNumber: "N\(i)", villageCode: v, kind: .nonRegistered, size: withSizes ? (i == 0 ? 2 : 4) : nil,
                    omission: i == 0, approves: i < 15 ? (i != 3) : nil))
        }
        out.append(.init(householdNumber: "P0", villageCode: v, kind: .registeredPoor))  // not asked
        return out
    }

    static let population = EvaluationPopulation(remainingPoor: 400, exitedPeople: 10_000, nonRegisteredPeople: 60_000, ruralPopulation: 100_000)

    @Test func theRatesByHouseholds() throws {
        let r = ThreeRatesOneDegree(samples: Self.samples(), population: Self.population)
        #expect(r.wrongExitRate.value == 0.1)
        #expect(r.wrongExitRate.unit == .households)
        #expect(r.omissionRate.value == 0.05)
        // 9 of 10 exited + 14 of 15 answering non-registered approve
        #expect(r.approval.numerator == 23 && r.approval.denominator == 25)
        #expect(r.approval.value == 0.92)
        // (400 + 0.05 × 60,000 + 0.1 × 10,000) ÷ 100,000 = 4,400 ÷ 100,000
        #expect(r.estimatedOmissions == 3_000)
        #expect(r.estimatedWrongExits == 1_000)
        #expect(abs(try #require(r.comprehensiveIncidence) - 0.044) < 1e-12)
    }

    @Test func theRatesArePeopleWeightedWhenSizesAreKnown() {
        let r = ThreeRatesOneDegree(samples: Self.samples(withSizes: true), population: Self.population)
        // wrong exits: 5 of 5 + 9×3 = 32 people; omissions: 2 of 2 + 19×4 = 78 people
        #expect(r.wrongExitRate.unit == .people)
        #expect(r.wrongExitRate.value == 5.0 / 32)
        #expect(r.omissionRate.value == 2.0 / 78)
    }

    @Test func noSampleMeansNoRateWithAReason() {
        let r = ThreeRatesOneDegree(
            samples: [.init(householdNumber: "E0", villageCode: Self.v, kind: .exited, wrongExit: false)],
            population: Self.population)
        #expect(r.wrongExitRate.value == 0)
        #expect(r.omissionRate.value == nil)
        #expect(r.omissionRate.reason == "无非建档立卡户抽样核查结果，无法计算漏评率")
        #expect(r.approval.reason == "无认可度回答，无法计算群众认可度")
        #expect(r.comprehensiveIncidence == nil)
        #expect(r.comprehensiveIncidenceReason == "错退率或漏评率无法计算，综合贫困发生率无法估算")
        let empty = ThreeRatesOneDegree(
            samples: Self.samples(), population: EvaluationPopulation(remainingPoor: 0, exitedPeople: 0, nonRegisteredPeople: 0, ruralPopulation: 0))
        #expect(empty.comprehensiveIncidenceReason == "农村人口为 0，无法计算综合贫困发生率")
    }

    @Test func theRatesFeedTheNationalCountyIndicators() {
        let r = ThreeRatesOneDegree(samples: Self.samples(), population: Self.population)
        let a = ExitEvaluator.evaluate(r.applied(to: CountyFacts()), standard: BuiltInStandards.national2016)
        #expect(a.failed == ["comprehensive_incidence", "wrong_exit_rate", "omission_rate"])
        #expect(a.reasons[1] == "错退率：10.00%，未低于 2.00%")
    }
}

@Suite struct EvaluationSamplerTests {
    static func households() -> [SampledHousehold] {
        (0..<30).map { SampledHousehold(number: "A\($0)", villageCode: ExitFixtures.village) }
            + (0..<10).map { SampledHousehold(number: "B\($0)", villageCode: ExitFixtures.otherVillage) }
    }

    @Test func theSameSeedDrawsTheSameSampleWhateverTheInputOrder() {
        let a = EvaluationSampler.draw(households: Self.households(), allocation: .perVillage(5), seed: 42)
        let b = EvaluationSampler.draw(households: Self.households().reversed(), allocation: .perVillage(5), seed: 42)
        #expect(a == b)
        #expect(a.count == 10)
        #expect(a.filter { $0.villageCode == ExitFixtures.village }.count == 5)
        #expect(Set(a.map(\.number)).count == 10)
        #expect(EvaluationSampler.draw(households: Self.households(), allocation: .perVillage(5), seed: 43) != a)
    }

    @Test func aTotalIsSharedInProportion() {
        let s = EvaluationSampler.draw(households: Self.households(), allocation: .total(8), seed: 7)
        #expect(s.filter { $0.villageCode == ExitFixtures.village }.count == 6)
        #expect(s.filter { $0.villageCode == ExitFixtures.otherVillage }.count == 2)
    }

    @Test func aSmallVillageIsTakenWhole() {
        let s = EvaluationSampler.draw(households: Self.households(), allocation: .perVillage(12), seed: 1)
        #expect(s.filter { $0.villageCode == ExitFixtures.otherVillage }.count == 10)
        #expect(s.count == 22)
    }
}
