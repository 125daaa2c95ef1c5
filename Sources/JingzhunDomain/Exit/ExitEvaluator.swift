/// Applies a standard to facts (issue 5 §2–3; ../shared/DOMAIN.md §4). Pure and allocation-light on the
/// passing path: reasons are built only for failures, because this runs once per household for a million.
public enum ExitEvaluator {
    // MARK: household

    /// `line` is the year's line for the standard's income indicator (PovertyLineTable, purpose exit).
    /// Income passes only when 家庭纯收入 > line × 家庭人口数, compared exactly in fen, so a per-capita figure that
    /// rounds up to the line never passes.
    public static func evaluate(_ h: HouseholdFacts, standard: ExitStandard, line: Fen) -> HouseholdAssessment {
        var passes = true
        var failed: [String] = []
        var reasons: [String] = []
        let perCapita = HouseholdIncome(wage: h.netIncome).perCapita(size: h.size)
        for indicator in standard.household {
            guard let reason = householdFailure(indicator, h, line: line, perCapita: perCapita) else { continue }
            if indicator.veto { passes = false }
            failed.append(indicator.key)
            reasons.append(reason)
        }
        return HouseholdAssessment(
            number: h.number, villageCode: h.villageCode, passes: passes, failed: failed, reasons: reasons,
            perCapitaIncome: perCapita)
    }

    /// The per-person amount a money threshold stands for.
    static func perPersonAmount(_ threshold: ExitThreshold?, line: Fen) -> Fen {
        switch threshold {
        case .povertyLine(let factor):
            factor == 1 ? line : Fen(rawValue: Int64((Double(line.rawValue) * factor).rounded()))
        case .amount(let fen): fen
        case .number(let n): Fen(rawValue: Int64((n * 100).rounded()))
        case nil: line
        }
    }

    private static func householdFailure(_ indicator: ExitIndicator, _ h: HouseholdFacts, line: Fen, perCapita: Fen?) -> String? {
        let label = indicator.label
        switch indicator.measure {
        case .perCapitaIncome:
            guard h.size > 0, let perCapita else { return "\(label)：家庭人口数为 \(h.size)，无法计算人均纯收入" }
            let perPerson = perPersonAmount(indicator.threshold, line: line)
            if indicator.comparison.holds(h.netIncome.rawValue, perPerson.rawValue * Int64(h.size)) { return nil }
            return "\(label)：人均纯收入 \(perCapita.display) 元，\(indicator.comparison.failurePhrase) \(perPerson.display) 元"
        case .housingSafe:
            if h.housingGrade.isSafe { return nil }
            return "\(label)：\(h.housingGrade.label)级危房" + (indicator.veto ? "，一票否决" : "")
        case .dropouts:
            if countHolds(indicator, h.dropouts) { return nil }
            return "\(label)：\(h.dropouts) 名适龄儿童辍学" + countLimit(indicator)
        case .uninsuredMembers:
            if countHolds(indicator, h.uninsuredMedical + h.uninsuredSeriousIllness) { return nil }
            var parts: [String] = []
            if h.uninsuredMedical > 0 { parts.append("\(h.uninsuredMedical) 人未参加基本医疗保险") }
            if h.uninsuredSeriousIllness > 0 { parts.append("\(h.uninsuredSeriousIllness) 人未参加大病保险") }
            return "\(label)：" + parts.joined(separator: "，") + countLimit(indicator)
        case .householdSafeWater:
            return h.waterSafe ? nil : "\(label)：饮水不安全"
        default:
            return "\(label)：不是户级指标"
        }
    }

    private static func countHolds(_ indicator: ExitIndicator, _ value: Int) -> Bool {
        guard case .number(let n) = indicator.threshold else { return value == 0 }
        return indicator.comparison.holds(Double(value), n)
    }

    /// Spelled out only when the limit is not the usual zero.
    private static func countLimit(_ indicator: ExitIndicator) -> String {
        guard case .number(let n) = indicator.threshold, n != 0 else { return "" }
        return "（标准：\(indicator.comparison.symbol) \(Int(n))）"
    }

    // MARK: village

    public static func evaluate(_ v: VillageFacts, standard: ExitStandard) -> VillageAssessment {
        var passes = true
        var failed: [String] = []
        var reasons: [String] = []
        for indicator in standard.village {
            guard let reason = villageFailure(indicator, v) else { continue }
            if indicator.veto { passes = false }
            failed.append(indicator.key)
            reasons.append(reason)
        }
        return VillageAssessment(code: v.code, name: v.name, incidence: v.incidence, passes: passes, failed: failed, reasons: reasons)
    }

    private static func villageFailure(_ indicator: ExitIndicator, _ v: VillageFacts) -> String? {
        let label = indicator.label
        switch indicator.measure {
        case .villageIncidence:
            guard let incidence = v.incidence else { return "\(label)：无总人口数据" }
            return ratioFailure(indicator, incidence, detail: "（\(v.poorPopulation)/\(v.totalPopulation)）")
        case .incomeShareVsLastYear:
            guard let share = v.exitedIncomeShare, let last = v.lastYearShare else { return "\(label)：无数据" }
            if share > last { return nil }
            return "\(label)：脱贫户人均纯收入占全县平均 \(Percent.text(ratio: share))，未高于上年 \(Percent.text(ratio: last))"
        case .collectiveEconomy:
            return v.collectiveEconomy ? nil : "\(label)：无集体经济、合作社或互助资金"
        case .hardenedRoad:
            return v.hardenedRoad ? nil : "\(label)：未通沥青（水泥）路"
        case .villageSafeWater:
            return v.safeWater ? nil : "\(label)：未实现安全饮水"
        case .villageElectricityRate:
            return ratioFailure(indicator, Double(v.electricityRateBasisPoints) / 10_000, detail: "")
        case .standardClinic:
            return v.standardClinic ? nil : "\(label)：无标准化村卫生室"
        default:
            return "\(label)：不是村级指标"
        }
    }

    private static func ratioFailure(_ indicator: ExitIndicator, _ value: Double, detail: String) -> String? {
        guard case .number(let threshold) = indicator.threshold else { return "\(indicator.label)：缺少阈值" }
        if indicator.comparison.holds(value, threshold) { return nil }
        return "\(indicator.label)：\(Percent.text(ratio: value))\(detail)，\(indicator.comparison.failurePhrase) \(Percent.text(ratio: threshold))"
    }

    // MARK: county

    public static func evaluate(_ c: CountyFacts, standard: ExitStandard) -> CountyAssessment {
        var passes = true
        var failed: [String] = []
        var reasons: [String] = []
        var values: [String: Double] = [:]
        for indicator in standard.county {
            let reason: String?
            if let value = c.value(for: indicator.measure) {
                values[indicator.key] = value
                reason = ratioFailure(indicator, value, detail: "")
            } else {
                reason = "\(indicator.label)：无数据"
            }
            guard let reason else { continue }
            if indicator.veto { passes = false }
            failed.append(indicator.key)
            reasons.append(reason)
        }
        return CountyAssessment(passes: passes, failed: failed, reasons: reasons, values: values)
    }
}
