import Foundation
import JingzhunDomain
import SQLKit

/// What 风险信息登记 and the departmental lists add to the facts of a scan (issue 7 §2): for the 12 months before the
/// scan date, each household's disasters and accidents, the sum of its out-of-pocket medical costs, the members who lost
/// their labour capacity, and its entries on lists imported in that time. A region is read in a few queries (reports,
/// entries, and the working members of households with a labour loss), never one per household.
struct MonitoringSourceReader: Sendable {
    let store: Store

    /// One household's share.
    struct Sources: Sendable, Equatable {
        var incidents: [Incident] = []
        var medical = Fen.zero
        /// Members reported as having lost their labour capacity in the window: what fires `labour_loss`.
        var lostLabour: Set<String> = []
        /// Members reported as having lost it at any time up to the scan: the loss lasts, so this is what the
        /// household's labour capacity (the scan's and the 风险消除 appraisal's) is judged by.
        var lostLabourEver: Set<String> = []
        var entries: [DepartmentListEntry] = []
        /// The reports' channels by the rule they feed.
        var reportChannels: [AlertRuleKey: Set<ClueChannel>] = [:]
        /// Members the register still counts as able to work.
        var ableMembers: Set<String> = []

        /// Folds the sources into the register's facts. A household whose every able member has been reported as having
        /// lost their labour capacity has none left, whatever the register still says. A rule whose reports were all
        /// declared by the household is a 农户自主申报 clue; any cadre's finding makes it 基层干部排查.
        func apply(to facts: inout MonitoringFacts) {
            facts.incidents = incidents
            facts.medicalOutOfPocket = medical
            facts.membersWhoLostLabour = lostLabour.count
            if !lostLabourEver.isEmpty { facts.hasLabourCapacity = !ableMembers.subtracting(lostLabourEver).isEmpty }
            facts.departmentEntries = entries
            for (key, channels) in reportChannels {
                facts.channels[key] = channels == [.selfReport] ? .selfReport : .cadreScreening
            }
        }
    }

    /// The 12 months a scan on `today` looks back over: from the day after the same day a year earlier up to `today`.
    static func window(_ today: Day) -> ClosedRange<Day> { RiskReport.earliestCounted(today: today)...today }

    func read(within region: RegionCode, number: String?, today: Day) async throws -> [String: Sources] {
        let window = Self.window(today)
        let closed = try await closures(within: region, number: number)
        var out: [String: Sources] = [:]
        for stored in try await RiskReportRepository(store: store)
            .occurred(within: region, number: number, from: window.lowerBound, to: window.upperBound, enteredBy: today)
        {
            let r = stored.report
            var s = out[r.householdNumber] ?? Sources()
            // A loss of labour capacity lasts: every one up to the scan counts for the household's labour, only those of
            // the window fire the rule — and only those entered after the household's last case was closed: a case
            // dismissed or eliminated has weighed what was known then, and must not reopen on every scan.
            if r.kind == .labourLoss, let m = r.memberName { s.lostLabourEver.insert(m) }
            guard r.occurredOn >= window.lowerBound, closed[r.householdNumber].map({ stored.createdAt > $0 }) ?? true else {
                out[r.householdNumber] = s
                continue
            }
            let rule: AlertRuleKey
            switch r.kind {
            case .naturalDisaster, .accident:
                rule = .disasterOrAccident
                let who = r.channel == .selfReport ? "农户申报，\(stored.enteredBy)" : stored.enteredBy
                s.incidents.append(Incident(kind: r.kind.incidentKind ?? .accident, date: r.occurredOn, description: r.description, loss: r.amount,
                                            enteredBy: who))
            case .medical:
                rule = .medicalSpending
                s.medical = s.medical + (r.amount ?? .zero)
            case .labourLoss:
                rule = .labourLoss
                if let m = r.memberName { s.lostLabour.insert(m) }
            }
            s.reportChannels[rule, default: []].insert(r.channel)
            out[r.householdNumber] = s
        }
        // A list sent again names the same people: an entry counts once per list and member (the latest import), however
        // the sender wrote its unit this time (县民政局, 镇坪县民政局).
        var seen: [String: Set<String>] = [:]
        for stored in try await DepartmentListImporter(store: store)
            .entries(within: region, number: number, importedFrom: window.lowerBound, to: window.upperBound).reversed()
        {
            let e = stored.entry
            if let closedAt = closed[stored.householdNumber], stored.importedAt <= closedAt { continue }
            guard seen[stored.householdNumber, default: []].insert("\(e.list.rawValue)|\(e.memberName)").inserted else { continue }
            out[stored.householdNumber, default: Sources()].entries.insert(e, at: 0)
        }
        try await readAbleMembers(into: &out)
        return out
    }

    /// When each household's latest dismissed (核实后不纳入) or eliminated (风险消除) case was closed — its last change,
    /// as an ISO timestamp comparable with a report's `created_at` and a list's `imported_at` — in one query.
    private func closures(within region: RegionCode, number: String?) async throws -> [String: String] {
        let only: SQLQueryString = number.map { " AND household_number = \(bind: $0)" } ?? ""
        let closedStages = [MonitoringStage.dismissed.rawValue, MonitoringStage.eliminated.rawValue]
        var out: [String: String] = [:]
        for row in try await store.db.raw("""
            SELECT household_number, MAX(updated_at) AS closed_at FROM monitoring_cases
            WHERE \(RegisterSQL.within("village_code", region)) AND stage IN (\(binds: closedStages))
            """ + only + " GROUP BY household_number").all() {
            out[try row.decode(column: "household_number", as: String.self)] = try row.decode(column: "closed_at", as: String.self)
        }
        return out
    }

    /// The register's working members of the households with a reported labour loss, 500 households a query.
    private func readAbleMembers(into out: inout [String: Sources]) async throws {
        let numbers = out.filter { !$0.value.lostLabourEver.isEmpty }.keys.sorted()
        guard !numbers.isEmpty else { return }
        let able = LabourSkill.allCases.filter(\.canWork).map(\.rawValue)
        for chunk in numbers.chunked() {
            for row in try await store.db.raw("""
                SELECT h.number, m.name FROM households h JOIN members m ON m.household_id = h.id
                WHERE h.number IN \(SQLBind.group(Array(chunk))) AND \(RegisterSQL.current) AND m.labour_skill IN (\(binds: able))
                """).all() {
                out[try row.decode(column: "number", as: String.self)]?.ableMembers.insert(try row.decode(column: "name", as: String.self))
            }
        }
    }
}
