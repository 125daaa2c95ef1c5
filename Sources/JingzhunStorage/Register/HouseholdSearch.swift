import Foundation
public import JingzhunDomain
import SQLKit

/// The household list's filters: region, 属性, 状态, 致贫原因, per-capita income band, and a search by
/// name, 户编号 or the last 4–6 characters of an ID number.
public struct HouseholdFilter: Sendable, Equatable {
    public var within: RegionCode
    public var attribute: HouseholdAttribute?
    public var status: PovertyStatus?
    public var cause: PovertyCause?
    /// Per-capita net income band in fen, lower inclusive, upper exclusive.
    public var incomeFrom: Fen?
    public var incomeTo: Fen?
    public var query: String?
    /// Only households paired to this person (帮扶干部).
    public var pairedTo: Person.ID?

    public init(within: RegionCode, attribute: HouseholdAttribute? = nil, status: PovertyStatus? = nil, cause: PovertyCause? = nil,
                incomeFrom: Fen? = nil, incomeTo: Fen? = nil, query: String? = nil, pairedTo: Person.ID? = nil) {
        self.within = within
        self.attribute = attribute
        self.status = status
        self.cause = cause
        self.incomeFrom = incomeFrom
        self.incomeTo = incomeTo
        self.query = query
        self.pairedTo = pairedTo
    }
}

public struct HouseholdListItem: Sendable, Equatable {
    public var number: String
    public var headName: String
    public var villageCode: RegionCode
    public var size: Int
    public var status: PovertyStatus
    public var attribute: HouseholdAttribute?
    public var mainCause: PovertyCause?
    public var perCapita: Fen?
    public var year: Int
}

extension RegisterRepository {
    /// One page of the filtered list, by 户编号, with each household's latest figures. Current households only:
    /// one merged away (合户) is left out.
    public func search(_ f: HouseholdFilter, limit: Int, offset: Int) async throws -> [HouseholdListItem] {
        var sql: SQLQueryString = """
            SELECT h.number, h.head_name, h.village_code, h.attribute, h.main_cause, y.year, y.size, y.status,
                   \(RegisterSQL.netIncome) AS net
            FROM households h
            JOIN household_years y ON y.household_id = h.id
              AND y.year = (SELECT MAX(y2.year) FROM household_years y2 WHERE y2.household_id = h.id)
            WHERE \(RegisterSQL.within("h.village_code", f.within))
              AND h.merged_into_id IS NULL
            """
        if let a = f.attribute { sql = sql + " AND h.attribute = \(bind: a.rawValue)" }
        if let s = f.status { sql = sql + " AND y.status = \(bind: s.rawValue)" }
        if let c = f.cause { sql = sql + " AND (h.main_cause = \(bind: c.rawValue) OR h.other_causes LIKE \(bind: "%" + c.rawValue + "%"))" }
        // Compare net income with band × size: no division, exact in fen.
        if let lo = f.incomeFrom { sql = sql + " AND \(RegisterSQL.netIncome) >= \(bind: lo.rawValue) * y.size" }
        if let hi = f.incomeTo { sql = sql + " AND \(RegisterSQL.netIncome) < \(bind: hi.rawValue) * y.size" }
        if let p = f.pairedTo {
            sql = sql + " AND h.id IN (SELECT household_id FROM household_pairings WHERE person_id = \(bind: p.rawValue) AND valid_to IS NULL)"
        }
        if let q = f.query?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            let upper = q.uppercased()
            let isIDTail = (4...6).contains(upper.count) && upper.allSatisfy { $0.isNumber || $0 == "X" }
            if isIDTail {
                sql = sql + " AND (h.head_id_number LIKE \(bind: "%" + upper) OR h.id IN (SELECT household_id FROM members WHERE id_number LIKE \(bind: "%" + upper)))"
            } else if q.allSatisfy(\.isNumber) {
                sql = sql + " AND h.number LIKE \(bind: q + "%")"
            } else {
                sql = sql + " AND (h.head_name LIKE \(bind: "%" + q + "%") OR h.id IN (SELECT household_id FROM members WHERE name LIKE \(bind: "%" + q + "%")))"
            }
        }
        sql = sql + " ORDER BY h.number LIMIT \(bind: limit) OFFSET \(bind: offset)"
        return try await store.db.raw(sql).all().map { row in
            let size = try row.decode(column: "size", as: Int.self)
            let net = HouseholdIncome(wage: Fen(rawValue: try row.decode(column: "net", as: Int64.self)))
            return HouseholdListItem(
                number: try row.decode(column: "number", as: String.self), headName: try row.decode(column: "head_name", as: String.self),
                villageCode: RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!, size: size,
                status: PovertyStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .poor,
                attribute: try row.decode(column: "attribute", as: String?.self).flatMap(HouseholdAttribute.init(rawValue:)),
                mainCause: try row.decode(column: "main_cause", as: String?.self).flatMap(PovertyCause.init(rawValue:)),
                perCapita: net.perCapita(size: size), year: try row.decode(column: "year", as: Int.self))
        }
    }
}
