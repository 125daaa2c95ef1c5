import Foundation
public import JingzhunDomain
import SQLKit

extension MonitoringRepository {
    /// The village's cases in a notice period (识别 or 风险消除) on `today` — start ≤ today ≤ end, not a case whose period
    /// has ended and waits for the town — each with its household's head and size from the register: what
    /// `VillageNotice` may print, and nothing else; 户编号 of cases whose household the register lacks come back apart
    /// (they cannot be named on a notice).
    public func noticeEntries(village: RegionCode, today: Day) async throws -> (entries: [VillageNotice.Entry], unregistered: [String]) {
        let cases = try await cases(within: village, stages: [.noticed, .eliminationNoticed]).filter { $0.record.isOnNotice(today) }
            .sorted { $0.id < $1.id }
        var households: [String: (head: String, size: Int)] = [:]
        for chunk in Array(Set(cases.map(\.record.householdNumber))).chunked() {
            for row in try await store.db.select().columns("number", "head_name", "size").from("households").where("number", .in, Array(chunk)).all() {
                households[try row.decode(column: "number", as: String.self)] =
                    (try row.decode(column: "head_name", as: String.self), try row.decode(column: "size", as: Int.self))
            }
        }
        var entries: [VillageNotice.Entry] = []
        var unregistered: [String] = []
        for c in cases {
            if let h = households[c.record.householdNumber] {
                entries.append(VillageNotice.Entry(record: c.record, headName: h.head, householdSize: h.size))
            } else {
                unregistered.append(c.record.householdNumber)
            }
        }
        return (entries, unregistered)
    }
}
