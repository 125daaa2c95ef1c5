/// When a passing household counts as a near miss (issue 5 §6): configurable, with the default of the issue.
public struct NearMissRule: Sendable, Equatable, Codable {
    /// Income at or below `incomeFactor` × line per person is a near miss (1.10 = within 110 % of the line).
    public var incomeFactor: Double
    /// Housing grade B ("basically sound, some dangerous members", DOMAIN.md §4) is one step from 危房.
    public var housingGradeB: Bool
    /// AF cutoff k: a household deprived in some scored (non-veto) indicators whose score is below k but one
    /// more deprivation (the smallest weight it is not yet deprived in) would reach k. nil switches it off.
    public var afCutoff: Double?

    public init(incomeFactor: Double = 1.10, housingGradeB: Bool = true, afCutoff: Double? = nil) {
        self.incomeFactor = incomeFactor
        self.housingGradeB = housingGradeB
        self.afCutoff = afCutoff
    }
}

/// A household that passes the veto standard but is close to failing: for 防止返贫 prevention (DOMAIN.md §5, §8).
public struct NearMiss: Sendable, Equatable, Codable {
    public var number: String
    public var villageCode: RegionCode
    public var reasons: [String]

    /// nil when the household fails (it is on the shortfall list instead) or is not close on any rule.
    public static func find(
        _ h: HouseholdFacts, assessment: HouseholdAssessment, standard: ExitStandard, line: Fen, rule: NearMissRule = NearMissRule()
    ) -> NearMiss? {
        NearMissFinder(standard: standard, line: line, rule: rule).find(h, assessment)
    }

    static func decimal(_ x: Double) -> String {
        let v = Int64((x * 1000).rounded())
        let frac = v % 1000
        return "\(v / 1000).\(frac < 100 ? "0" : "")\(frac < 10 ? "0" : "")\(frac)"
    }
}

/// `NearMiss.find` with everything that does not depend on the household worked out once per assessment
/// (it runs for every household of a county: a million times in the benchmark).
public struct NearMissFinder: Sendable {
    let income: (key: String, label: String, perPerson: Fen, margin: Fen)?
    let housingLabel: String?
    let af: AlkireFoster?
    let keys: [String]
    let labels: [String]
    let incomeFactor: Double

    public init(standard: ExitStandard, line: Fen, rule: NearMissRule) {
        if let i = standard.household.first(where: { $0.measure == .perCapitaIncome }) {
            let perPerson = ExitEvaluator.perPersonAmount(i.threshold, line: line)
            income = (i.key, i.label, perPerson, Fen(rawValue: Int64((Double(perPerson.rawValue) * rule.incomeFactor).rounded())))
        } else {
            income = nil
        }
        housingLabel = rule.housingGradeB ? standard.household.first(where: { $0.measure == .housingSafe })?.label : nil
        af = rule.afCutoff.map { AlkireFoster(standard: standard, cutoff: $0) }
        keys = standard.household.map(\.key)
        labels = standard.household.map(\.label)
        incomeFactor = rule.incomeFactor
    }

    public func find(_ h: HouseholdFacts, _ assessment: HouseholdAssessment) -> NearMiss? {
        guard assessment.passes else { return nil }
        var reasons: [String] = []
        if let income, h.size > 0, !assessment.failed.contains(income.key),
            h.netIncome.rawValue < income.margin.rawValue * Int64(h.size), let perCapita = assessment.perCapitaIncome
        {
            reasons.append(
                "\(income.label)：人均纯收入 \(perCapita.display) 元，低于标准 \(income.perPerson.display) 元的 \(Percent.text(ratio: incomeFactor))（\(income.margin.display) 元）")
        }
        if let housingLabel, h.housingGrade == .b { reasons.append("\(housingLabel)：B级住房，接近危房") }
        if let af, !assessment.failed.isEmpty {
            let deprived = keys.map { assessment.failed.contains($0) }
            let c = af.score(deprived)
            let remaining = zip(af.weights, deprived).filter { !$0.1 && $0.0 > 0 }.map(\.0)
            if c > 0, !af.isPoor(score: c), let smallest = remaining.min(), af.isPoor(score: c + smallest) {
                let names = zip(labels, deprived).filter(\.1).map(\.0).joined(separator: "、")
                reasons.append("多维贫困：已在\(names)上未达标（得分 \(NearMiss.decimal(c))），再有一项未达标即达到临界值 \(NearMiss.decimal(af.cutoff))")
            }
        }
        return reasons.isEmpty ? nil : NearMiss(number: h.number, villageCode: h.villageCode, reasons: reasons)
    }
}
