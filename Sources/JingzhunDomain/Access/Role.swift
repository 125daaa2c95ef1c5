/// The roles of Jingzhun's users, each scoped by a region subtree (issue 3 §5). Labels live here only.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// 系统管理员: accounts, configuration, everything.
    case systemAdmin
    /// 县脱贫办: the whole county, read and write.
    case countyOffice
    /// 行业部门: reads the county, writes its own unit's work.
    case sectorDepartment
    /// 镇干部: its town.
    case townCadre
    /// 村干部 / 驻村工作队: its village.
    case villageCadre
    /// 帮扶干部: the households paired to them (pairing arrives with the help-measures module).
    case helpCadre
    /// 督查: reads everything, writes inspections.
    case inspector

    public var label: String {
        switch self {
        case .systemAdmin: "系统管理员"
        case .countyOffice: "县脱贫办"
        case .sectorDepartment: "行业部门"
        case .townCadre: "镇干部"
        case .villageCadre: "村干部/驻村工作队"
        case .helpCadre: "帮扶干部"
        case .inspector: "督查"
        }
    }

    /// The region level an account of this role is scoped to.
    public var scopeLevel: RegionLevel {
        switch self {
        case .systemAdmin, .countyOffice, .sectorDepartment, .inspector: .county
        case .townCadre: .town
        case .villageCadre, .helpCadre: .village
        }
    }

    /// Whether unmasked 身份证号, phone and bank numbers may be shown to this role (inside its scope).
    /// Departments, inspectors and paired cadres work from masked copies.
    public var seesPersonalData: Bool {
        switch self {
        case .systemAdmin, .countyOffice, .townCadre, .villageCadre: true
        case .sectorDepartment, .helpCadre, .inspector: false
        }
    }
}
