import Hummingbird
import JingzhunDomain
import JingzhunStorage

/// The inbox (issue 6 §5): reminders, overdue marks, 督办 and 销号 notices addressed to the account, its person,
/// unit, role or town, newest first, each linking to its task — or, for a monitoring case's reminder or 督办, to the case.
struct InboxController {
    let services: Services

    struct Line: Sendable {
        var kind: String
        var message: String
        var at: String
        var unread: Bool
        var taskURL: String?
        var caseURL: String?
    }

    struct InboxPage: Sendable {
        var chrome: Chrome
        var lines: [Line]
        var hasLines: Bool
        var hasUnread: Bool
        var readURL = SiteURL.inboxRead.path
    }

    func addRoutes(to routes: GuardedRouter) {
        routes.get("/inbox", .read, .ownAccount) { _, _, granted in
            let messages = try await services.inbox.messages(for: granted.principal)
            let lines = messages.map { m in
                Line(kind: m.kind.label, message: m.message, at: ChinaTime.display(m.createdAt), unread: !m.read,
                     taskURL: m.taskID.map { SiteURL.task($0).path }, caseURL: m.caseID.map { SiteURL.monitoringCase($0).path })
            }
            return services.renderer.html("inbox", InboxPage(
                chrome: Chrome(title: "通知", granted: granted, section: .tasks), lines: lines, hasLines: !lines.isEmpty,
                hasUnread: lines.contains { $0.unread }))
        }
        routes.post("/inbox/read", .write, .ownAccount) { _, _, granted in
            try await services.inbox.markRead(granted.principal, now: services.clock())
            return .redirect(to: SiteURL.inbox.path)
        }
    }
}
