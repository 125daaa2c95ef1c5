import JingzhunDomain
import Testing

@Suite struct AlkireFosterTests {
    /// DOMAIN.md §5's example, in shaanxi-2017's column order: income, housing, education, medical, water.
    static let matrix = DeprivationMatrix(
        indicators: ["income", "housing", "education", "medical", "water"],
        rows: [
            .init(unit: "H1", deprived: [true, true, false, false, false]),
            .init(unit: "H2", deprived: [false, false, false, false, true]),
            .init(unit: "H3", deprived: [false, false, true, true, false]),
            .init(unit: "H4", deprived: [false, false, false, false, false]),
            .init(unit: "H5", deprived: [true, false, false, false, false]),
        ])

    let af = AlkireFoster(standard: BuiltInStandards.shaanxi2017, cutoff: 1.0 / 3)

    @Test func theWorkedExampleOfTheDomainGuide() {
        let r = af.evaluate(Self.matrix)
        #expect(r.poor == [true, false, true, false, true])
        #expect(abs(r.scores[0] - 0.5) < 1e-12)
        #expect(abs(r.scores[1] - 1.0 / 6) < 1e-12)
        #expect(r.headcount == 0.6)
        #expect(abs(r.intensity - 0.388_888_9) < 1e-6)
        #expect(abs(r.adjustedHeadcount - 0.233_333_3) < 1e-6)
        #expect(r.censoredHeadcounts.map { ($0 * 10).rounded() / 10 } == [0.4, 0.2, 0.2, 0.2, 0])
        // M0 = Σ w_j·h_j, and contributions sum to 1
        let sum = zip(af.weights, r.censoredHeadcounts).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(sum - r.adjustedHeadcount) < 1e-12)
        #expect(abs(r.contributions[0] - 4.0 / 7) < 1e-12)
        #expect(abs(r.contributions.reduce(0, +) - 1) < 1e-12)
    }

    @Test func withTheSmallestWeightAsCutoffAFIsTheVetoRule() {
        let union = AlkireFoster(standard: BuiltInStandards.shaanxi2017, cutoff: 1.0 / 6)
        #expect(union.evaluate(Self.matrix).poor == [true, true, true, false, true])
    }

    @Test func villagesRollUpExactly() throws {
        let village1 = af.evaluate(DeprivationMatrix(indicators: Self.matrix.indicators, rows: Array(Self.matrix.rows[0..<2])))
        let village2 = af.evaluate(DeprivationMatrix(indicators: Self.matrix.indicators, rows: Array(Self.matrix.rows[2...])))
        let whole = af.evaluate(Self.matrix)
        let combined = try #require(AlkireFosterResult.combine([village1, village2]))
        #expect(abs(combined.adjustedHeadcount - whole.adjustedHeadcount) < 1e-12)
        #expect(combined.censoredCounts == whole.censoredCounts)
        #expect(combined.headcount == whole.headcount)
        let identity = AlkireFosterResult.decomposedM0([
            (village1.population, village1.adjustedHeadcount), (village2.population, village2.adjustedHeadcount),
        ])
        #expect(abs(identity - whole.adjustedHeadcount) < 1e-12)
        #expect(abs(village1.adjustedHeadcount - 0.25) < 1e-12)
    }

    @Test func theMatrixComesFromAssessments() {
        let standard = BuiltInStandards.shaanxi2017
        let a = [
            ExitFixtures.household("H1", netIncomeYuan: "100", grade: .c),
            ExitFixtures.household("H2", waterSafe: false),
        ].map { ExitEvaluator.evaluate($0, standard: standard, line: ExitFixtures.line2017) }
        let m = DeprivationMatrix(assessments: a, standard: standard)
        #expect(m.rows == Array(Self.matrix.rows[0..<2]))
    }
}

@Suite struct NearMissTests {
    let standard = BuiltInStandards.shaanxi2017
    let line = ExitFixtures.line2017

    func nearMiss(_ h: HouseholdFacts, standard: ExitStandard? = nil, rule: NearMissRule = NearMissRule()) -> NearMiss? {
        let s = standard ?? self.standard
        return NearMiss.find(h, assessment: ExitEvaluator.evaluate(h, standard: s, line: line), standard: s, line: line, rule: rule)
    }

    @Test func incomeWithinTenPercentOfTheLineIsANearMiss() {
        let h = ExitFixtures.household(size: 2, netIncomeYuan: "6600")
        #expect(nearMiss(h)?.reasons == ["收入：人均纯收入 3,300.00 元，低于标准 3,075.00 元的 110.00%（3,382.50 元）"])
        // exactly 110 % is not below it
        #expect(nearMiss(ExitFixtures.household(size: 2, netIncomeYuan: "6765")) == nil)
        #expect(nearMiss(h, rule: NearMissRule(incomeFactor: 1.05)) == nil)
    }

    @Test func aFailingHouseholdIsNotANearMiss() {
        #expect(nearMiss(ExitFixtures.household(size: 2, netIncomeYuan: "6000")) == nil)
    }

    @Test func gradeBHousingIsANearMissUnlessSwitchedOff() {
        let h = ExitFixtures.household(grade: .b)
        #expect(nearMiss(h)?.reasons == ["住房：B级住房，接近危房"])
        #expect(nearMiss(h, rule: NearMissRule(housingGradeB: false)) == nil)
    }

    @Test func oneScoredIndicatorFromTheAFCutoffIsANearMiss() {
        var scored = standard
        scored.household[4].veto = false  // water scored, not a veto
        let h = ExitFixtures.household(waterSafe: false)
        #expect(nearMiss(h, standard: scored, rule: NearMissRule(afCutoff: 1.0 / 3))?.reasons == [
            "多维贫困：已在饮水安全上未达标（得分 0.167），再有一项未达标即达到临界值 0.333"
        ])
        #expect(nearMiss(h, standard: scored, rule: NearMissRule(afCutoff: 0.5)) == nil)
        #expect(nearMiss(ExitFixtures.household(), standard: scored, rule: NearMissRule(afCutoff: 1.0 / 3)) == nil)
    }
}
