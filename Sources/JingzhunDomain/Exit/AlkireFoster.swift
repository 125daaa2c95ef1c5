/// Rows = units (households), columns = indicators, true = deprived (g_ij = 1).
public struct DeprivationMatrix: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var unit: String
        public var deprived: [Bool]
        public init(unit: String, deprived: [Bool]) {
            self.unit = unit
            self.deprived = deprived
        }
    }

    public var indicators: [String]
    public var rows: [Row]

    public init(indicators: [String], rows: [Row]) {
        self.indicators = indicators
        self.rows = rows
    }

    /// The matrix of a standard's household indicators: deprived = the assessment lists the key as failed. One
    /// matrix gives both the veto result and the AF scores (DOMAIN.md §5).
    public init(assessments: some Sequence<HouseholdAssessment>, standard: ExitStandard) {
        let keys = standard.household.map(\.key)
        indicators = keys
        rows = assessments.map { a in Row(unit: a.number, deprived: keys.map { a.failed.contains($0) }) }
    }
}

/// The Alkire–Foster adjusted headcount M0 ([BG Alkire & Foster 2011, https://ophi.org.uk/publications/WP-86];
/// ../shared/DOMAIN.md §5): c_i = Σ w_j·g_ij; poor iff c_i ≥ k; H = q/n; A = Σc_i(k)/q; M0 = H·A = Σ w_j·h_j.
public struct AlkireFoster: Sendable, Equatable {
    public var weights: [Double]
    public var cutoff: Double

    /// Weights in the matrix's column order; they should sum to 1 (ExitStandard validates a standard's).
    public init(weights: [Double], cutoff: Double) {
        self.weights = weights
        self.cutoff = cutoff
    }

    /// A standard's household weights (indicators without a weight count 0) and cutoff k. With k equal to the
    /// smallest weight AF reproduces the Chinese union (veto) rule (DOMAIN.md §5).
    public init(standard: ExitStandard, cutoff: Double) {
        self.init(weights: standard.household.map { $0.weight ?? 0 }, cutoff: cutoff)
    }

    /// Scores are sums of fractions such as 1/6 + 1/6; compare with a tolerance so 1/3 is not missed by an ulp.
    static let tolerance = 1e-9

    public func score(_ deprived: [Bool]) -> Double {
        var c = 0.0
        for (j, d) in deprived.enumerated() where d && j < weights.count { c += weights[j] }
        return c
    }

    public func isPoor(score c: Double) -> Bool { c > 0 && c + Self.tolerance >= cutoff }

    /// `undeprived` counts further units deprived in nothing: they add to n without a row each (a county's
    /// passing households need not be listed to be counted).
    public func evaluate(_ matrix: DeprivationMatrix, undeprived: Int = 0) -> AlkireFosterResult {
        let m = matrix.indicators.count
        var scores: [Double] = []
        var poor: [Bool] = []
        scores.reserveCapacity(matrix.rows.count)
        poor.reserveCapacity(matrix.rows.count)
        var q = 0
        var censoredSum = 0.0
        var censoredCounts = Array(repeating: 0, count: m)
        for row in matrix.rows {
            let c = score(row.deprived)
            let isPoor = isPoor(score: c)
            scores.append(c)
            poor.append(isPoor)
            if isPoor {
                q += 1
                censoredSum += c
                for (j, d) in row.deprived.enumerated() where d && j < m { censoredCounts[j] += 1 }
            }
        }
        let n = matrix.rows.count + undeprived
        return AlkireFosterResult(
            indicators: matrix.indicators, weights: weights, cutoff: cutoff, population: n, poorCount: q,
            censoredScoreSum: censoredSum, censoredCounts: censoredCounts, units: matrix.rows.map(\.unit), scores: scores,
            poor: poor)
    }
}

/// AF results for a group. Sums are kept, not just ratios, so groups combine exactly (M0 = Σ n_g/n · M0_g).
public struct AlkireFosterResult: Sendable, Equatable {
    public var indicators: [String]
    public var weights: [Double]
    public var cutoff: Double
    /// n
    public var population: Int
    /// q
    public var poorCount: Int
    /// Σ c_i(k)
    public var censoredScoreSum: Double
    /// Per indicator: units poor and deprived in it.
    public var censoredCounts: [Int]
    /// Per unit (empty after `combine`).
    public var units: [String]
    public var scores: [Double]
    public var poor: [Bool]

    /// H = q/n
    public var headcount: Double { population > 0 ? Double(poorCount) / Double(population) : 0 }
    /// A = Σc_i(k)/q
    public var intensity: Double { poorCount > 0 ? censoredScoreSum / Double(poorCount) : 0 }
    /// M0 = H·A = Σc_i(k)/n
    public var adjustedHeadcount: Double { population > 0 ? censoredScoreSum / Double(population) : 0 }
    /// h_j: share of all units who are poor and deprived in j.
    public var censoredHeadcounts: [Double] {
        censoredCounts.map { population > 0 ? Double($0) / Double(population) : 0 }
    }
    /// w_j·h_j / M0, summing to 1 when M0 > 0.
    public var contributions: [Double] {
        let m0 = adjustedHeadcount
        return zip(weights, censoredHeadcounts).map { m0 > 0 ? $0 * $1 / m0 : 0 }
    }

    /// Rolls villages up to a town or county. Groups must share indicators, weights and cutoff.
    public static func combine(_ groups: [AlkireFosterResult]) -> AlkireFosterResult? {
        guard let first = groups.first else { return nil }
        guard groups.allSatisfy({ $0.indicators == first.indicators && $0.weights == first.weights && $0.cutoff == first.cutoff })
        else { return nil }
        var counts = Array(repeating: 0, count: first.indicators.count)
        for g in groups { for (j, c) in g.censoredCounts.enumerated() { counts[j] += c } }
        return AlkireFosterResult(
            indicators: first.indicators, weights: first.weights, cutoff: first.cutoff,
            population: groups.reduce(0) { $0 + $1.population }, poorCount: groups.reduce(0) { $0 + $1.poorCount },
            censoredScoreSum: groups.reduce(0) { $0 + $1.censoredScoreSum }, censoredCounts: counts, units: [], scores: [],
            poor: [])
    }

    /// M0 = Σ (n_g / n) · M0_g (DOMAIN.md §5), from each group's population and M0.
    public static func decomposedM0(_ groups: [(population: Int, m0: Double)]) -> Double {
        let n = groups.reduce(0) { $0 + $1.population }
        guard n > 0 else { return 0 }
        return groups.reduce(0) { $0 + Double($1.population) / Double(n) * $1.m0 }
    }
}
