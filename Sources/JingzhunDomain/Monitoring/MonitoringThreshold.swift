/// The 监测范围 (monitoring income range) of a year, for the nation, a province or a county, with its source
/// (../shared/DOMAIN.md §8 "Thresholds" and §3; Rule 0: dated, sourced configuration, never a constant).
/// 2020's range was about 1.5 × the year's poverty line; from 2021 a fixed amount (6,000 元), later set yearly by
/// each province. A household is below the range when its per-capita net income is *lower* than it ("低于监测范围").
public struct MonitoringThreshold: Sendable, Equatable, Codable {
    /// How the amount is fixed.
    public enum Rule: Sendable, Equatable, Codable {
        /// A fixed amount per person per year.
        case amount(Fen)
        /// A multiple of the year's national poverty line (PovertyLineTable, purpose NBS), in thousandths:
        /// 1500 = 1.5 ×. Integer so the result is exact in fen.
        case multipleOfLine(permille: Int)
    }

    public var year: Int
    public var scope: PovertyLine.Scope
    /// Region code prefix ("61", "610927") below the nation; nil for the nation.
    public var regionCode: String?
    public var regionName: String?
    public var rule: Rule
    public var document: String
    public var url: String?
    public var confidence: PovertyLine.Confidence

    public init(
        year: Int, scope: PovertyLine.Scope, regionCode: String? = nil, regionName: String? = nil, rule: Rule,
        document: String, url: String? = nil, confidence: PovertyLine.Confidence
    ) {
        self.year = year
        self.scope = scope
        self.regionCode = regionCode
        self.regionName = regionName
        self.rule = rule
        self.document = document
        self.url = url
        self.confidence = confidence
    }

    func applies(province: String?, county: String?) -> Bool {
        // Reuse the poverty line's region matching (codes by prefix, names either way round).
        let probe = PovertyLine(
            year: year, scope: scope, regionCode: regionCode, regionName: regionName, purpose: .monitoring, yuan: 0,
            document: document, confidence: confidence)
        switch scope {
        case .nation: return true
        case .province, .city: return probe.applies(to: province) || probe.applies(to: county)
        case .county: return probe.applies(to: county)
        }
    }
}

/// A threshold resolved to money for one (year, place), with the text that says where it comes from.
public struct ResolvedMonitoringThreshold: Sendable, Equatable {
    /// 元 per person per year, as fen.
    public var amount: Fen
    public var entry: MonitoringThreshold
    /// The poverty line a multiple was taken of.
    public var line: PovertyLine?

    /// "6,000.00 元（2021年 全国：…）" for explanations.
    public var sourceText: String {
        var text = "\(entry.year)年\(entry.regionName ?? (entry.scope == .nation ? "全国" : entry.regionCode ?? ""))监测范围"
        if case .multipleOfLine(let permille) = entry.rule, let line {
            text += "（\(MonitoringThresholdTable.factorText(permille)) × \(line.year)年扶贫标准 \(line.amount.display) 元）"
        }
        return text + "，出处：\(entry.document)"
    }
}

/// The thresholds a county works with, looked up per (year, province, county) like PovertyLineTable: the latest
/// year not after the asked one wins; within a year county beats province beats nation, then higher confidence.
/// `.unconfirmed` rows are skipped unless asked for.
public struct MonitoringThresholdTable: Sendable, Equatable, Codable {
    public var entries: [MonitoringThreshold]

    public init(entries: [MonitoringThreshold]) { self.entries = entries }

    public func entry(year: Int, province: String? = nil, county: String? = nil, includeUnconfirmed: Bool = false)
        -> MonitoringThreshold?
    {
        var best: (entry: MonitoringThreshold, rank: (Int, Int, Int))?
        for entry in entries where entry.year <= year {
            if !includeUnconfirmed && entry.confidence == .unconfirmed { continue }
            guard entry.applies(province: province, county: county) else { continue }
            let rank = (entry.year, entry.scope.specificityRank, entry.confidence.rankValue)
            if best == nil || rank > best!.rank { best = (entry, rank) }
        }
        return best?.entry
    }

    /// The amount for `year`; a multiple of the line needs that year's national line from `lines`
    /// (nil when there is none).
    public func resolve(
        year: Int, province: String? = nil, county: String? = nil, lines: PovertyLineTable = .builtIn,
        includeUnconfirmed: Bool = false
    ) -> ResolvedMonitoringThreshold? {
        guard let entry = entry(year: year, province: province, county: county, includeUnconfirmed: includeUnconfirmed)
        else { return nil }
        switch entry.rule {
        case .amount(let fen):
            return ResolvedMonitoringThreshold(amount: fen, entry: entry, line: nil)
        case .multipleOfLine(let permille):
            guard let line = lines.line(year: year, purpose: .nbs) else { return nil }
            // Half up, in fen: 4,000 元 × 1.5 = 6,000 元 exactly.
            let fen = (line.amount.rawValue * Int64(permille) + 500) / 1000
            return ResolvedMonitoringThreshold(amount: Fen(rawValue: fen), entry: entry, line: line)
        }
    }

    static func factorText(_ permille: Int) -> String {
        var text = "\(permille / 1000)"
        var rest = permille % 1000
        if rest != 0 {
            var digits = ""
            var divisor = 100
            while rest != 0 {
                digits += "\(rest / divisor)"
                rest %= divisor
                divisor /= 10
            }
            text += "." + digits
        }
        return text
    }
}

extension PovertyLine.Scope {
    var specificityRank: Int {
        switch self {
        case .nation: 0
        case .province: 1
        case .city: 2
        case .county: 3
        }
    }
}

extension PovertyLine.Confidence {
    var rankValue: Int {
        switch self {
        case .unconfirmed: 0
        case .secondary: 1
        case .seed: 2
        case .confirmed: 3
        }
    }
}
