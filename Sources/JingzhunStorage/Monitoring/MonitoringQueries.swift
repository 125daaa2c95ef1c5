import Foundation
import JingzhunDomain
import SQLKit

extension MonitoringRepository {
    /// Household heads' names by 户编号, for case lists: one query per 500 numbers instead of one per case. Names only —
    /// lists of cases never carry 身份证号 or phone numbers.
    public func headNames(_ numbers: [String]) async throws -> [String: String] {
        var out: [String: String] = [:]
        let unique = Array(Set(numbers))
        for start in stride(from: 0, to: unique.count, by: 500) {
            let chunk = Array(unique[start..<min(start + 500, unique.count)])
            for row in try await store.db.select().columns("number", "head_name").from("households").where("number", .in, chunk).all() {
                out[try row.decode(column: "number", as: String.self)] = try row.decode(column: "head_name", as: String.self)
            }
        }
        return out
    }
}
