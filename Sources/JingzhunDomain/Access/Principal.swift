/// The signed-in account as the access policy sees it.
public struct Principal: Sendable, Equatable {
    public var accountID: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    /// Root of the region subtree the account works in.
    public var scope: RegionCode
    /// The unit of a 行业部门 account.
    public var unitID: OrgUnit.ID?
    /// The person behind the account (a 帮扶干部's pairings hang off it).
    public var personID: Person.ID?

    public init(
        accountID: Int64, username: String, displayName: String, role: Role, scope: RegionCode,
        unitID: OrgUnit.ID? = nil, personID: Person.ID? = nil
    ) {
        self.accountID = accountID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.scope = scope
        self.unitID = unitID
        self.personID = personID
    }

    /// Whose pairings limit what this principal sees in lists: a 帮扶干部 sees only the households paired with
    /// them (none at all when the account has no person); everyone else sees their whole scope (nil).
    public var pairingFilter: Person.ID? {
        role == .helpCadre ? (personID ?? Person.ID(rawValue: -1)) : nil
    }
}
