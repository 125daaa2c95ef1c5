import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// Household change requests in the browser: proposed from the household page, listed and decided on
/// the 户籍变更 page by the town or county office (never by the proposer).
struct HouseholdChangeController {
    let services: Services

    struct Line: Sendable {
        var id: Int64
        var householdURL: String
        var number: String
        var kind: String
        var summary: String
        var reason: String
        var state: String
        var proposedBy: String
        var proposedAt: String
        var decidedBy: String?
        var note: String?
        var decideURL: String?
    }

    struct ChangesPage: Sendable {
        var chrome: Chrome
        var lines: [Line]
        var hasLines: Bool
        var message: String?
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.post("/households/:number/changes", .write, .household(param: "number")) { _, _, granted in
            guard case .household(let row, _) = granted.target else { throw HTTPError(.notFound) }
            let f = granted.form
            let members = try await RegisterReader(store: services.store).members(ofHousehold: row.id.rawValue)
            func member(_ key: String) -> String? { f[key].flatMap(Int.init).flatMap { members.indices.contains($0) ? members[$0].idNumber : nil } }
            let detail: HouseholdChangeDetail?
            switch f["kind"].flatMap(HouseholdChangeKind.init(rawValue:)) {
            case .addMember:
                if let name = f["name"], let id = f["idNumber"], let sex = f["sex"].flatMap(Sex.init(rawValue:)),
                    let birth = f["birthDate"].flatMap(DateText.normalise), let relation = f["relation"].flatMap(Relation.init(rawValue:)),
                    let school = f["school"].flatMap(SchoolStatus.init(rawValue:)), let health = f["health"].flatMap(HealthStatus.init(rawValue:)),
                    let labour = f["labour"].flatMap(LabourSkill.init(rawValue:)) {
                    detail = .addMember(MemberRecord(
                        householdNumber: row.household.number, name: name, idNumber: id.uppercased(), sex: sex, birthDate: birth, relation: relation,
                        schoolStatus: school, health: health, labourSkill: labour, medicalInsurance: f["medical"] != nil,
                        seriousIllnessInsurance: f["serious"] != nil))
                } else { detail = nil }
            case .removeMember: detail = member("member").map { .removeMember(idNumber: $0) }
            case .headChange: detail = member("member").map { .headChange(newHeadIDNumber: $0) }
            case .move: detail = f["toRegion"].flatMap(RegionCode.init(rawValue:)).map { .move(toRegion: $0) }
            case .split:
                let ids = members.indices.filter { f["split\($0)"] != nil }.map { members[$0].idNumber }
                detail = f["newNumber"].map { .split(idNumbers: ids, newNumber: $0) }
            case .merge:
                detail = f["absorbedNumber"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : .merge(absorbedNumber: $0) }
            case nil: detail = nil
            }
            guard let detail else { return try await page(granted, message: "变更内容不完整，请按所选类型填写", status: .badRequest) }
            if case .merge(let absorbed) = detail, let reason = try await mayNotMerge(absorbed, into: row, granted) {
                return try await page(granted, message: reason, status: .badRequest)
            }
            do {
                _ = try await HouseholdChangeRepository(store: services.store).propose(
                    household: row.household.number, detail: detail, reason: f["reason"] ?? "", context: services.changeContext(granted))
            } catch let error as StorageError {
                return try await page(granted, message: error.description, status: .badRequest)
            }
            return .redirect(to: "/changes")
        }
        routes.get("/changes", .read, .scopedList) { _, _, granted in
            try await page(granted, message: nil)
        }
        routes.post("/changes/:changeID/decide", .write, .changeRequest(param: "changeID")) { _, context, granted in
            guard let id = context.parameters.get("changeID").flatMap(HouseholdChangeRequest.ID.init) else { throw HTTPError(.notFound) }
            do {
                try await HouseholdChangeRepository(store: services.store).decide(
                    id, approve: granted.form["approve"] == "1", note: granted.form["note"], context: services.changeContext(granted))
            } catch let error as StorageError {
                return try await page(granted, message: error.description, status: .badRequest)
            }
            return .redirect(to: "/changes")
        }
    }

    /// 合户 changes two households: the proposer must be allowed to change the absorbed one too (a 帮扶干部
    /// only their own pairings). A number that does not exist or lies in another village is left to the
    /// repository's refusal.
    private func mayNotMerge(_ absorbed: String, into row: RegisterRepository.HouseholdRow, _ granted: Granted) async throws -> String? {
        guard let other = try await services.register.household(number: absorbed), other.household.villageCode == row.household.villageCode,
            let path = try await services.regions.path(other.household.regionCode) else { return nil }
        if case .deny = AccessPolicy.decide(granted.principal, .write, .household(path, pairedPersons: other.pairedPersons)) {
            return "无权合并户 \(absorbed)：只能合并本账号可以修改的同村户"
        }
        return nil
    }


    private func page(_ granted: Granted, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let requests = try await HouseholdChangeRepository(store: services.store).list(
            within: granted.principal.scope, pairedTo: granted.principal.pairingFilter)
        var lines: [Line] = []
        var paths: [RegionCode: RegionPath] = [:]  // one lookup per village, not per request
        for r in requests {
            var decide: String?
            if r.state == .proposed, paths[r.villageCode] == nil { paths[r.villageCode] = try await services.regions.path(r.villageCode) }
            if r.state == .proposed, let path = paths[r.villageCode],
                AccessPolicy.decide(granted.principal, .write, .changeDecision(path, proposer: r.proposedByAccount)).isAllowed {
                decide = "/changes/\(r.id.rawValue)/decide"
            }
            lines.append(Line(
                id: r.id.rawValue, householdURL: SiteURL.household(r.householdNumber).path, number: r.householdNumber, kind: r.detail.kind.label,
                summary: r.detail.summary, reason: r.reason, state: r.state.label, proposedBy: r.proposedBy,
                proposedAt: ChinaTime.display(r.proposedAt), decidedBy: r.decidedBy, note: r.note, decideURL: decide))
        }
        return services.renderer.html("changes", ChangesPage(
            chrome: Chrome(title: "户籍变更", granted: granted, section: .register), lines: lines, hasLines: !lines.isEmpty, message: message),
            status: status)
    }
}
