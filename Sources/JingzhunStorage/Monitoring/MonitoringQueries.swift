import Foundation
import JingzhunDomain
import SQLKit

extension MonitoringRepository {
    /// Household heads' names by 户编号, for case lists: one query per 500 numbers instead of one per case. Names only —
    /// lists of cases never carry 身份证号 or phone numbers.
    public func headNames(_ numbers: [String]) async throws -> [String: String] {
        try await households(numbers).mapValues(\.head)
    }

    /// Village and household head of each 户编号, read in chunks.
    func households(_ numbers: [String]) async throws -> [String: (village: RegionCode, head: String)] {
        var out: [String: (village: RegionCode, head: String)] = [:]
        for chunk in Array(Set(numbers)).chunked() {
            for row in try await store.db.select().columns("number", "village_code", "head_name").from("households")
                .where("number", .in, Array(chunk)).all() {
                out[try row.decode(column: "number", as: String.self)] =
                    (RegionCode(rawValue: try row.decode(column: "village_code", as: String.self))!, try row.decode(column: "head_name", as: String.self))
            }
        }
        return out
    }
}
