/// One dated poverty line with its source (../shared/DOMAIN.md §3, Rule 0: every number is local, dated and
/// revisable, so lines are data with a document and a confidence, never constants in the rules).
public struct PovertyLine: Sendable, Equatable, Codable {
    public enum Scope: String, Sendable, Codable, CaseIterable {
        case nation, province, city, county
        /// Higher wins when several entries apply.
        var specificity: Int {
            switch self {
            case .nation: 0
            case .province: 1
            case .city: 2
            case .county: 3
            }
        }
    }

    public enum Purpose: String, Sendable, Codable, CaseIterable {
        /// 国家统计局 national line (现行标准)
        case nbs
        case identification
        case exit
        case monitoring
        /// 低保 standard
        case dibao

        public var label: String {
            switch self {
            case .nbs: "国家扶贫标准"
            case .identification: "识别标准"
            case .exit: "退出标准"
            case .monitoring: "监测范围"
            case .dibao: "低保标准"
            }
        }
    }

    public enum Concept: String, Sendable, Codable {
        /// 纯收入
        case net
        /// 可支配收入
        case disposable
    }

    /// The marks of DOMAIN.md "Sources and marks".
    public enum Confidence: String, Sendable, Codable, Comparable {
        case unconfirmed, secondary, seed, confirmed
        var rank: Int {
            switch self {
            case .unconfirmed: 0
            case .secondary: 1
            case .seed: 2
            case .confirmed: 3
            }
        }
        public static func < (a: Confidence, b: Confidence) -> Bool { a.rank < b.rank }
    }

    public var year: Int
    public var scope: Scope
    /// Region code prefix ("61" for 陕西, "610927" for 镇坪县) for scopes below the nation; nil for the nation.
    public var regionCode: String?
    public var regionName: String?
    public var purpose: Purpose
    /// Yuan per person per year, as fen.
    public var amount: Fen
    public var concept: Concept
    /// Price year when the figure is at constant prices (2010 for the 2,300 line); nil for current prices.
    public var priceBase: Int?
    public var document: String
    public var url: String?
    public var confidence: Confidence

    public init(
        year: Int, scope: Scope, regionCode: String? = nil, regionName: String? = nil, purpose: Purpose, yuan: Int64,
        concept: Concept = .net, priceBase: Int? = nil, document: String, url: String? = nil, confidence: Confidence
    ) {
        self.year = year
        self.scope = scope
        self.regionCode = regionCode
        self.regionName = regionName
        self.purpose = purpose
        self.amount = Fen(rawValue: yuan * 100)
        self.concept = concept
        self.priceBase = priceBase
        self.document = document
        self.url = url
        self.confidence = confidence
    }

    /// A region asked for by code ("61", "610927", a full 12-digit code) or by name ("陕西", "陕西省").
    func applies(to region: String?) -> Bool {
        if scope == .nation { return true }
        guard let region, !region.isEmpty else { return false }
        if let code = regionCode, region.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            return region.hasPrefix(code)
        }
        if let name = regionName { return region.hasPrefix(name) || name.hasPrefix(region) }
        return false
    }
}

/// The dated lines a county evaluates against, looked up per (purpose, year, region).
public struct PovertyLineTable: Sendable, Equatable, Codable {
    public var entries: [PovertyLine]

    public init(entries: [PovertyLine]) { self.entries = entries }

    /// The line that applies to `year`: the latest year not after it wins, so a new national line replaces an
    /// older county figure (镇坪's 3,075 of 2017 must not survive into 2020's 4,000); within one year a county
    /// entry beats a province entry beats the nation, and the purpose's own entry beats the national (NBS) line
    /// that exit and identification fall back on — the national standard is the floor every province used.
    /// `.unconfirmed` rows are skipped unless asked for: DOMAIN.md marks them as quoted but found in no source.
    public func line(
        year: Int, purpose: PovertyLine.Purpose, province: String? = nil, county: String? = nil,
        includeUnconfirmed: Bool = false
    ) -> PovertyLine? {
        let fallsBackToNational = purpose == .exit || purpose == .identification
        var best: (entry: PovertyLine, rank: (Int, Int, Int, Int))?
        for entry in entries where entry.year <= year && (entry.purpose == purpose || (fallsBackToNational && entry.purpose == .nbs)) {
            if !includeUnconfirmed && entry.confidence == .unconfirmed { continue }
            let applies: Bool
            switch entry.scope {
            case .nation: applies = true
            case .province, .city: applies = entry.applies(to: province) || entry.applies(to: county)
            case .county: applies = entry.applies(to: county)
            }
            guard applies else { continue }
            let rank = (entry.year, entry.purpose == purpose ? 1 : 0, entry.scope.specificity, entry.confidence.rank)
            if best == nil || rank > best!.rank { best = (entry, rank) }
        }
        return best?.entry
    }
}
