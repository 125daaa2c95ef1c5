/// One household of a 第三方评估 sample and what the evaluators found (issue 5 §5).
public struct EvaluationSample: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// 已脱贫户: checked for 错退
        case exited
        /// 未脱贫建档立卡户
        case registeredPoor
        /// 非建档立卡户: checked for 漏评
        case nonRegistered
    }

    public var householdNumber: String
    public var villageCode: RegionCode
    public var kind: Kind
    /// 家庭人口数, when known: makes 错退率 and 漏评率 people-weighted.
    public var size: Int?
    /// 错退 found (exited households); nil = not checked.
    public var wrongExit: Bool?
    /// 漏评 verified (non-registered households); nil = not checked.
    public var omission: Bool?
    /// 认可 (any household asked); nil = no answer.
    public var approves: Bool?

    public init(
        householdNumber: String, villageCode: RegionCode, kind: Kind, size: Int? = nil, wrongExit: Bool? = nil,
        omission: Bool? = nil, approves: Bool? = nil
    ) {
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.kind = kind
        self.size = size
        self.wrongExit = wrongExit
        self.omission = omission
        self.approves = approves
    }
}

/// A rate with its parts, or nil with the reason it cannot be computed.
public struct EvaluationRate: Sendable, Equatable, Codable {
    public enum Unit: String, Sendable, Codable { case people, households }
    public var value: Double?
    public var numerator: Double
    public var denominator: Double
    public var unit: Unit
    public var reason: String?

    init(numerator: Double, denominator: Double, unit: Unit, emptyReason: String) {
        self.numerator = numerator
        self.denominator = denominator
        self.unit = unit
        value = denominator > 0 ? numerator / denominator : nil
        reason = denominator > 0 ? nil : emptyReason
    }
}

/// The county's population figures the comprehensive incidence scales the sample rates to.
public struct EvaluationPopulation: Sendable, Equatable, Codable {
    /// 未脱贫 + 返贫 people on the register.
    public var remainingPoor: Int
    /// People in households that have exited.
    public var exitedPeople: Int
    /// Rural people not on the register.
    public var nonRegisteredPeople: Int
    /// 农村人口.
    public var ruralPopulation: Int

    public init(remainingPoor: Int, exitedPeople: Int, nonRegisteredPeople: Int, ruralPopulation: Int) {
        self.remainingPoor = remainingPoor
        self.exitedPeople = exitedPeople
        self.nonRegisteredPeople = nonRegisteredPeople
        self.ruralPopulation = ruralPopulation
    }
}

/// 三率一度 (../shared/DOMAIN.md §4 "County"; [BG http://m.dddjmc.com/news/txnews/cnnews/sh/2017-11-06/2070843_3.html]):
/// - 错退率 = sampled wrong exits ÷ sampled exits (exited samples with a finding);
/// - 漏评率 = verified omissions ÷ sampled non-registered (non-registered samples with a finding);
///   both are people-weighted when every counted sample has a size, else by households, and say which;
/// - 群众认可度 = approving ÷ answered (households);
/// - 综合贫困发生率 = (remaining poor + 漏评率 × non-registered people + 错退率 × exited people) ÷ rural population:
///   the sample rates scaled to the populations they were drawn from give the estimated omissions and wrong exits.
public struct ThreeRatesOneDegree: Sendable, Equatable, Codable {
    public var wrongExitRate: EvaluationRate
    public var omissionRate: EvaluationRate
    public var approval: EvaluationRate
    public var comprehensiveIncidence: Double?
    public var comprehensiveIncidenceReason: String?
    public var estimatedWrongExits: Double?
    public var estimatedOmissions: Double?

    public init(samples: [EvaluationSample], population: EvaluationPopulation) {
        wrongExitRate = Self.rate(
            samples.filter { $0.kind == .exited && $0.wrongExit != nil }, hit: { $0.wrongExit == true },
            emptyReason: "无已脱贫户抽样核查结果，无法计算错退率")
        omissionRate = Self.rate(
            samples.filter { $0.kind == .nonRegistered && $0.omission != nil }, hit: { $0.omission == true },
            emptyReason: "无非建档立卡户抽样核查结果，无法计算漏评率")
        let answered = samples.filter { $0.approves != nil }
        approval = EvaluationRate(
            numerator: Double(answered.filter { $0.approves == true }.count), denominator: Double(answered.count),
            unit: .households, emptyReason: "无认可度回答，无法计算群众认可度")
        if let wrong = wrongExitRate.value, let omission = omissionRate.value {
            let wrongExits = wrong * Double(population.exitedPeople)
            let omissions = omission * Double(population.nonRegisteredPeople)
            estimatedWrongExits = wrongExits
            estimatedOmissions = omissions
            if population.ruralPopulation > 0 {
                comprehensiveIncidence = (Double(population.remainingPoor) + omissions + wrongExits) / Double(population.ruralPopulation)
            } else {
                comprehensiveIncidenceReason = "农村人口为 0，无法计算综合贫困发生率"
            }
        } else {
            comprehensiveIncidenceReason = "错退率或漏评率无法计算，综合贫困发生率无法估算"
        }
    }

    private static func rate(_ counted: [EvaluationSample], hit: (EvaluationSample) -> Bool, emptyReason: String) -> EvaluationRate {
        let byPeople = !counted.isEmpty && counted.allSatisfy { $0.size != nil }
        let weight = { (s: EvaluationSample) in byPeople ? Double(s.size!) : 1 }
        return EvaluationRate(
            numerator: counted.filter(hit).reduce(0) { $0 + weight($1) }, denominator: counted.reduce(0) { $0 + weight($1) },
            unit: byPeople ? .people : .households, emptyReason: emptyReason)
    }

    /// The four figures as county facts, to evaluate with a standard's 三率一度 indicators.
    public func applied(to facts: CountyFacts) -> CountyFacts {
        var f = facts
        f.comprehensiveIncidence = comprehensiveIncidence
        f.wrongExitRate = wrongExitRate.value
        f.omissionRate = omissionRate.value
        f.approval = approval.value
        return f
    }
}
