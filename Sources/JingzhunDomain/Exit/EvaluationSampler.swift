/// A sampled household for 三率一度 fieldwork.
public struct SampledHousehold: Sendable, Equatable, Codable {
    public var number: String
    public var villageCode: RegionCode
    public init(number: String, villageCode: RegionCode) {
        self.number = number
        self.villageCode = villageCode
    }
}

/// Draws a reproducible random sample by village (issue 5 §5; about 1,000 households per county, DOMAIN.md §4).
/// Same seed and same households give the same sample whatever the input order: the input is sorted first, each
/// village is shuffled by its own generator seeded from the seed and the village code (so adding a village does
/// not change the others' draws), and the shuffle is our own Fisher–Yates, because the standard library's may
/// change between Swift versions.
public enum EvaluationSampler {
    public enum Allocation: Sendable, Equatable {
        /// The same number from every village (all of a smaller village).
        case perVillage(Int)
        /// A total shared in proportion to village sizes (largest remainders; ties to the lower village code).
        case total(Int)
    }

    public static func draw(households: [SampledHousehold], allocation: Allocation, seed: UInt64) -> [SampledHousehold] {
        var byVillage: [RegionCode: [String]] = [:]
        for h in households { byVillage[h.villageCode, default: []].append(h.number) }
        let villages = byVillage.keys.sorted()
        for v in villages { byVillage[v]!.sort() }
        let quotas = quotas(villages.map { byVillage[$0]!.count }, allocation: allocation)
        var out: [SampledHousehold] = []
        for (v, quota) in zip(villages, quotas) where quota > 0 {
            var numbers = byVillage[v]!
            var rng = SeededRandom(seed: seed ^ fnv1a(v.rawValue))
            // Partial Fisher–Yates: the first `quota` positions are a uniform sample.
            for i in 0..<min(quota, numbers.count) {
                let j = i + Int(rng.next() % UInt64(numbers.count - i))
                numbers.swapAt(i, j)
            }
            out += numbers.prefix(quota).sorted().map { SampledHousehold(number: $0, villageCode: v) }
        }
        return out
    }

    static func quotas(_ sizes: [Int], allocation: Allocation) -> [Int] {
        switch allocation {
        case .perVillage(let n):
            return sizes.map { min(max(n, 0), $0) }
        case .total(let total):
            let n = sizes.reduce(0, +)
            guard n > 0 else { return sizes.map { _ in 0 } }
            let target = min(max(total, 0), n)
            var quotas = sizes.map { $0 * target / n }
            let remainders = sizes.enumerated().map { (i: $0, r: $1 * target % n) }
            var left = target - quotas.reduce(0, +)
            for (i, _) in remainders.sorted(by: { $0.r != $1.r ? $0.r > $1.r : $0.i < $1.i }) where left > 0 {
                if quotas[i] < sizes[i] {
                    quotas[i] += 1
                    left -= 1
                }
            }
            return quotas
        }
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
