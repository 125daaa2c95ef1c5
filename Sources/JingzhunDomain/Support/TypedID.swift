/// Integer row IDs, typed so a unit's ID cannot be passed where a person's is wanted.
public protocol TypedID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible
where RawValue == Int64 {
    init(rawValue: Int64)
}

extension TypedID {
    public var description: String { String(rawValue) }
    public init?(_ text: String) {
        guard let value = Int64(text), value > 0 else { return nil }
        self.init(rawValue: value)
    }
}
