import Foundation
public import JingzhunDomain
import SQLKit

/// How to treat bad rows: refuse the whole import (default), or import the good rows and hand back the rest.
public enum ImportMode: Sendable { case allOrNothing, validRowsOnly }

/// What an import did.
public struct RegisterImportReport: Sendable, Equatable {
    public var householdsCreated = 0
    public var householdsUpdated = 0
    public var householdsUnchanged = 0
    public var membersCreated = 0
    public var membersUpdated = 0
    public var membersUnchanged = 0
    public var villagesUpdated = 0
    public var groupsCreated = 0
    /// Rows left out in `validRowsOnly` mode: file, sheet, row, cells and the reasons.
    public var rejected: [RejectedRow] = []

    public struct RejectedRow: Sendable, Equatable {
        public var fileName: String
        public var sheet: RegisterSheet
        public var row: Int
        /// In `sheet.headers` order.
        public var cells: [String]
        public var reasons: [String]
    }

    public var summary: String {
        var s = "户：新增 \(householdsCreated)，更新 \(householdsUpdated)，未变 \(householdsUnchanged)；"
        s += "成员：新增 \(membersCreated)，更新 \(membersUpdated)，未变 \(membersUnchanged)；村信息 \(villagesUpdated) 个"
        if groupsCreated > 0 { s += "；新建组 \(groupsCreated) 个" }
        if !rejected.isEmpty { s += "；未导入 \(rejected.count) 行" }
        return s
    }
}

/// Imports the 户信息 / 家庭成员 / 村信息 sheets into the register for one data year: parse every row,
/// check across rows and sheets, then write everything in one transaction with an audit entry per change
/// (personal identifiers masked in the log). Any problem in `allOrNothing` mode throws `ImportFailure`
/// listing every problem and changes nothing.
public struct RegisterImporter: Sendable {
    public let store: Store
    public init(store: Store) { self.store = store }

    public func run(_ inputs: [SheetRows], year: Int, county: RegionCode? = nil, mode: ImportMode = .allOrNothing, context: ChangeContext) async throws -> RegisterImportReport {
        var problems: [ImportProblem] = []
        var rejected: [RegisterImportReport.RejectedRow] = []
        var households: [(HouseholdRecord, Int, SheetRows)] = []
        var members: [(MemberRecord, Int, SheetRows)] = []
        /// 户编号 → row, of household rows that could not be read: their members are not reported twice.
        var rejectedHouseholds: [String: Int] = [:]
        var villages: [(VillageRecord, Int, SheetRows)] = []

        func reject(_ input: SheetRows, _ row: Int, _ cells: [String], _ rowProblems: [ImportProblem]) {
            for var p in rowProblems {
                p.fileName = input.fileName
                problems.append(p)
            }
            rejected.append(.init(fileName: input.fileName, sheet: input.sheet, row: row, cells: cells,
                                  reasons: rowProblems.map { ($0.column.map { "“\($0)”列：" } ?? "") + $0.message }))
        }

        // 1. Parse every row.
        for input in inputs {
            let map: HeaderMap
            do { map = try HeaderMap(sheet: input.sheet, header: input.header, sheetLabel: input.sheetLabel) } catch {
                throw ImportFailure(fileName: input.fileName, problems: error.problems.map { var p = $0; p.fileName = input.fileName; return p })
            }
            let parser = RegisterRowParser(map: map, sheetLabel: input.sheetLabel)
            for (number, cells) in input.rows where !cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                // Rejected rows go back in the template's column order, whatever order the file used.
                let templateCells = input.sheet.headers.map { map.value($0, in: cells) }
                switch input.sheet {
                case .households:
                    let (r, p) = parser.household(cells, row: number)
                    if let r { households.append((r, number, input)) } else {
                        reject(input, number, templateCells, p)
                        rejectedHouseholds[map.value("户编号", in: cells)] = number
                    }
                case .members:
                    let (r, p) = parser.member(cells, row: number)
                    if let r { members.append((r, number, input)) } else { reject(input, number, templateCells, p) }
                case .villages:
                    let (r, p) = parser.village(cells, row: number)
                    if let r { villages.append((r, number, input)) } else { reject(input, number, templateCells, p) }
                }
            }
        }

        // 2. Checks across rows: duplicates within the files.
        var seenNumbers: [String: Int] = [:]
        households = households.filter { (h, row, input) in
            if let first = seenNumbers[h.number] {
                reject(input, row, RegisterRowFormatter.household(h, masked: false), [
                    .init(sheet: input.sheetLabel, row: row, column: "户编号", message: "户编号 \(h.number) 与第\(first)行重复")
                ])
                return false
            }
            seenNumbers[h.number] = row
            return true
        }
        var seenIDs: [String: Int] = [:]
        members = members.filter { (m, row, input) in
            if let first = seenIDs[m.idNumber] {
                reject(input, row, RegisterRowFormatter.member(m, masked: false), [
                    .init(sheet: input.sheetLabel, row: row, column: "身份证号", message: "身份证号与第\(first)行重复")
                ])
                return false
            }
            seenIDs[m.idNumber] = row
            return true
        }

        // 3. Write, in one transaction. Problems found against the database (unknown village, member of an
        // unknown household) are collected the same way; in allOrNothing mode they roll everything back.
        let parsedHouseholds = households.map { ($0.0, $0.1, $0.2.fileName, $0.2.sheetLabel) }
        let parsedMembers = members.map { ($0.0, $0.1, $0.2.fileName, $0.2.sheetLabel) }
        let parsedVillages = villages.map { ($0.0, $0.1, $0.2.fileName, $0.2.sheetLabel) }
        let rejectedSoFar = rejected
        let parseProblems = problems
        let rejectedHouseholdRows = rejectedHouseholds
        let fileNames = Array(Set(inputs.map(\.fileName))).sorted().joined(separator: "、")
        let outcome = try await store.write { db in
            var writer = try await RegisterWriter(db: db, year: year, county: county, context: context)
            writer.rejectedHouseholds = rejectedHouseholdRows
            writer.reportMembersOfRejected = mode == .validRowsOnly
            try await writer.villages(parsedVillages)
            try await writer.households(parsedHouseholds)
            try await writer.members(parsedMembers)
            // Every problem at once — from the rows and from the database — then nothing is kept.
            let all = parseProblems + writer.problems.map { var p = $0.1; p.fileName = $0.0; return p }
            if mode == .allOrNothing, !all.isEmpty {
                throw ImportFailure(fileName: fileNames, problems: all)
            }
            try await writer.flushAudit()
            return writer
        }
        var report = outcome.report
        report.rejected = rejectedSoFar + outcome.rejected
        return report
    }
}
