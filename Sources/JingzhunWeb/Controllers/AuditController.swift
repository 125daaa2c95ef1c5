import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// The audit log, filtered by object and by person; limited to the viewer's region unless system admin.
struct AuditController {
    let services: Services

    struct Line: Sendable {
        var id: Int64
        var at: String
        var actor: String
        var actorURL: String
        var actionLabel: String
        var objectType: String
        var objectID: String
        var objectURL: String
        var changes: [FieldChange]
    }

    struct AuditPage: Sendable {
        var chrome: Chrome
        var type: String
        var objectID: String
        var actor: String
        var lines: [Line]
        var hasLines: Bool
        var nextURL: String?
        var actionURL = SiteURL.audit.path
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/audit", .read, .auditLog) { _, _, granted in
            let (filter, entries) = try await load(granted)
            let lines = entries.map { e in
                Line(id: e.id, at: ChinaTime.display(e.at), actor: e.actor, actorURL: SiteURL.auditActor(e.actor).path,
                     actionLabel: e.action.label, objectType: e.objectType, objectID: e.objectID,
                     objectURL: SiteURL.auditObject(type: e.objectType, id: e.objectID).path, changes: e.changes)
            }
            var next: String?
            if let last = entries.last, entries.count == filter.limit {
                var q = "?before=\(last.id)"
                if let t = filter.objectType { q += "&type=\(t.formEncoded)" }
                if let o = filter.objectID { q += "&id=\(o.formEncoded)" }
                if let a = filter.actor { q += "&actor=\(a.formEncoded)" }
                next = SiteURL.audit.path + q
            }
            return services.renderer.html("audit", AuditPage(
                chrome: Chrome(title: "审计日志", granted: granted, section: .admin), type: filter.objectType ?? "",
                objectID: filter.objectID ?? "", actor: filter.actor ?? "", lines: lines, hasLines: !lines.isEmpty, nextURL: next))
        }
        routes.get("/api/audit", .read, .auditLog) { _, _, granted in
            JSONBody.response(try await load(granted).1)
        }
    }

    private func load(_ granted: Granted) async throws -> (AuditRepository.Filter, [AuditEntry]) {
        let q = granted.query
        let filter = AuditRepository.Filter(
            objectType: q["type"], objectID: q["id"], actor: q["actor"],
            within: granted.principal.role == .systemAdmin ? nil : granted.principal.scope, limit: 100,
            beforeID: q["before"].flatMap { Int64($0) })
        return (filter, try await services.audit.list(filter))
    }
}
