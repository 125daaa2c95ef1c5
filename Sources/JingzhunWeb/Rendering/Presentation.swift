import JingzhunDomain
import JingzhunStorage

/// Small formatting shared by pages: links only where the viewer may follow them, masked personal data.
struct Presentation {
    let principal: Principal

    func phone(_ phone: String?) -> String {
        guard let phone else { return "" }
        return principal.role.seesPersonalData ? phone : PersonalDataMask.phone(phone)
    }

    struct Crumb: Sendable {
        var name: String
        var url: String?
    }

    /// The path above a page: ancestors the viewer may open are links, the rest plain names.
    /// `includingSelf` for pages about an object inside the region (a person, a household).
    func breadcrumbs(_ path: RegionPath, includingSelf: Bool = false) -> [Crumb] {
        let chain = path.ancestors + (includingSelf ? [path.region] : [])
        let scopeIndex = chain.firstIndex { $0.code == principal.scope }
        return chain.enumerated().map { i, r in
            let visible = principal.role == .systemAdmin || (scopeIndex.map { i >= $0 } ?? false)
            return Crumb(name: r.shortName, url: visible ? SiteURL.region(r.code).path : nil)
        }
    }

    static func statusLabel(_ s: PovertyStatus) -> String { s.label }
}
