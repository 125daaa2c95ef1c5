import JingzhunDomain

/// Every link the pages print comes from here, never from hand-written strings in templates.
enum SiteURL {
    case home, login, logout, regions, region(RegionCode), units, unit(OrgUnit.ID), people, person(Person.ID)
    case household(String), audit, auditObject(type: String, id: String), auditActor(String), admin, accounts
    case accountPassword(String), myAccount, myPassword, myTokens, stylesheet

    var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .regions: "/regions"
        case .region(let code): "/regions/\(code.rawValue)"
        case .units: "/units"
        case .unit(let id): "/units/\(id.rawValue)"
        case .people: "/people"
        case .person(let id): "/people/\(id.rawValue)"
        case .household(let number): "/households/\(number)"
        case .audit: "/audit"
        case .auditObject(let type, let id): "/audit?type=\(type.formEncoded)&id=\(id.formEncoded)"
        case .auditActor(let actor): "/audit?actor=\(actor.formEncoded)"
        case .admin: "/admin"
        case .accounts: "/admin/accounts"
        case .accountPassword(let username): "/admin/accounts/\(username)/password"
        case .myAccount: "/account"
        case .myPassword: "/account/password"
        case .myTokens: "/account/tokens"
        case .stylesheet: "/static/app.css"
        }
    }
}

extension String {
    var formEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}

import Foundation
