import Foundation

/// One line of the audit log: who changed what, when, old → new (Standards: "Every change to the
/// register, a task or a case is audit-logged"). Entries are hash-chained by the storage layer.
public struct AuditEntry: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    /// UTC, ISO 8601 (`2026-11-23T08:00:00Z`).
    public var at: String
    public var actorAccountID: Int64?
    /// The account's username at the time, or "system"/"cli" for unattended work.
    public var actor: String
    public var action: AuditAction
    public var objectType: String
    public var objectID: String
    /// The region the object belongs to, so the log can be filtered by scope.
    public var regionCode: RegionCode?
    public var changes: [FieldChange]
    public var previousHash: String
    public var hash: String

    public init(
        id: Int64, at: String, actorAccountID: Int64?, actor: String, action: AuditAction, objectType: String,
        objectID: String, regionCode: RegionCode?, changes: [FieldChange], previousHash: String, hash: String
    ) {
        self.id = id
        self.at = at
        self.actorAccountID = actorAccountID
        self.actor = actor
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.regionCode = regionCode
        self.changes = changes
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The exact text the hash covers; any edit to a stored field changes it.
    public var canonicalText: String {
        var parts = [String(id), at, actorAccountID.map(String.init) ?? "", actor, action.rawValue, objectType, objectID,
                     regionCode?.rawValue ?? "", previousHash]
        for change in changes {
            parts.append(change.field)
            parts.append(change.old ?? "\u{1}")
            parts.append(change.new ?? "\u{1}")
        }
        // NUL separates fields, so it is dropped from values (rare; checked first because this runs per entry).
        return parts.map { $0.utf8.contains(0) ? String($0.unicodeScalars.filter { $0 != "\u{0}" }.map(Character.init)) : $0 }
            .joined(separator: "\u{0}")
    }
}

public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case create, update, delete

    public var label: String {
        switch self {
        case .create: "新增"
        case .update: "修改"
        case .delete: "删除"
        }
    }
}

public struct FieldChange: Sendable, Equatable, Codable {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }
}

/// A record that can describe itself for the audit log. Sensitive fields are masked before they are
/// written, so the log itself never holds a full 身份证号 or phone number.
public protocol Auditable: Sendable {
    static var auditType: String { get }
    var auditID: String { get }
    var auditRegion: RegionCode? { get }
    /// Field name → printable value.
    var auditFields: [(String, String?)] { get }
}

public enum AuditDiff {
    /// Old → new for every field that differs; a create has no old, a delete no new.
    public static func changes<T: Auditable>(old: T?, new: T?) -> [FieldChange] {
        let before = Dictionary(old?.auditFields ?? [], uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new?.auditFields ?? [], uniquingKeysWith: { a, _ in a })
        let order = (new?.auditFields ?? old?.auditFields ?? []).map(\.0)
        var result: [FieldChange] = []
        for field in order {
            let o = before[field] ?? nil
            let n = after[field] ?? nil
            if old == nil || new == nil || o != n { result.append(FieldChange(field: field, old: o, new: n)) }
        }
        return result
    }
}

extension Region: Auditable {
    public static let auditType = "region"
    public var auditID: String { code.rawValue }
    public var auditRegion: RegionCode? { code }
    public var auditFields: [(String, String?)] {
        [("名称", name), ("级别", level.label), ("上级代码", parentCode?.rawValue), ("生效日期", validFrom), ("失效日期", validTo)]
    }
}

extension OrgUnit: Auditable {
    public static let auditType = "unit"
    public var auditID: String { id.description }
    public var auditRegion: RegionCode? { regionCode }
    public var auditFields: [(String, String?)] {
        [("名称", name), ("别名", aliases.joined(separator: "、")), ("类别", kind.label), ("区划", regionCode.rawValue)]
    }
}

extension Person: Auditable {
    public static let auditType = "person"
    public var auditID: String { id.description }
    public var auditRegion: RegionCode? { regionCode }
    public var auditFields: [(String, String?)] {
        [("姓名", name), ("联系电话", phone.map(PersonalDataMask.phone)), ("单位", unitID?.description), ("区划", regionCode.rawValue)]
    }
}

extension Post: Auditable {
    public static let auditType = "post"
    public var auditID: String { id.description }
    public var auditRegion: RegionCode? { regionCode }
    public var auditFields: [(String, String?)] {
        [("人员", personID.description), ("职务类别", kind.label), ("职务", title), ("单位", unitID?.description),
         ("区划", regionCode.rawValue), ("任职起", validFrom), ("任职止", validTo)]
    }
}
