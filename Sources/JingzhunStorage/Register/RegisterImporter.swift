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
    /// Set when the register was empty and the import took the first-load path (how it wrote its rows).
    public var firstLoad: FirstLoadPath?
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
    /// Whether an import into empty register tables takes the first-load path (off only to compare both paths in tests).
    public var firstLoadPath: Bool
    public init(store: Store, firstLoadPath: Bool = true) {
        self.store = store
        self.firstLoadPath = firstLoadPath
    }

    public func run(_ inputs: [SheetRows], year: Int, county: RegionCode? = nil, mode: ImportMode = .allOrNothing, context: ChangeContext) async throws -> RegisterImportReport {
        try await run(sources: inputs, year: year, county: county, mode: mode, context: context)
    }

    /// Streams the sources (村信息, then 户信息, then 家庭成员, whatever order they come in) through one
    /// transaction in batches of 1,000 rows; memory holds the keys for the cross-row checks, not the rows.
    public func run(sources given: [any RegisterRowSource], year: Int, county: RegionCode? = nil, mode: ImportMode = .allOrNothing,
                    context: ChangeContext) async throws -> RegisterImportReport {
        let order: [RegisterSheet: Int] = [.villages: 0, .households: 1, .members: 2]
        var sources = given.enumerated().sorted { (order[$0.element.sheet]!, $0.offset) < (order[$1.element.sheet]!, $1.offset) }.map(\.element)
        let fileNames = Array(Set(sources.map(\.fileName))).sorted().joined(separator: "、")
        // Whether this may be a first load is looked at before the transaction only to choose how SQLite sorts and
        // checkpoints (neither can change inside one); whether it is one is decided inside it.
        let mayBeFirstLoad = firstLoadPath ? try await FirstLoad.tablesEmpty(store.db) : false
        let transaction = try await store.begin(bulkLoad: mayBeFirstLoad)
        do {
            var writer = try await RegisterWriter(db: transaction.db, year: year, county: county, context: context)
            if firstLoadPath { writer.firstLoad = try await FirstLoad.beginIfEmpty(transaction, dialect: store.dialect) }
            writer.reportMembersOfRejected = mode == .validRowsOnly
            let reading = HandOff(RowReading(sources: sources, keepsRejectedRows: mode == .validRowsOnly))
            sources = []

            for index in reading.value.sources.indices {
                let source = reading.value.sources[index]
                let file = source.fileName
                let map: HeaderMap
                do { map = try HeaderMap(sheet: source.sheet, header: source.header, sheetLabel: source.sheetLabel) } catch {
                    throw ImportFailure(fileName: file, problems: error.problems.map { var p = $0; p.fileName = file; return p })
                }
                let parser = RegisterRowParser(map: map, sheetLabel: source.sheetLabel)
                // Two cores: the next batch is read and checked while this one is written.
                var batch = try reading.value.nextBatch(index, map: map, parser: parser)
                while !batch.isEmpty {
                    writer.rejectedHouseholds = reading.value.rejectedHouseholds
                    async let next = reading.value.nextBatch(index, map: map, parser: parser)
                    try await writer.villages(batch.villages)
                    try await writer.households(batch.households)
                    try await writer.members(batch.members)
                    try await writer.flushAudit()
                    batch = try await next
                }
            }

            // Every problem at once — from the rows and from the database — then nothing is kept.
            let all = reading.value.problems + writer.problems.map { var p = $0.1; p.fileName = $0.0; return p }
            if mode == .allOrNothing, !all.isEmpty {
                throw ImportFailure(fileName: fileNames, problems: all)
            }
            try await writer.firstLoad?.finish()
            try await transaction.commit()
            var report = writer.report
            report.firstLoad = writer.firstLoad?.path
            report.rejected = reading.value.rejected + writer.rejected
            return report
        } catch {
            await transaction.rollback()
            throw error
        }
    }
}

/// The reading half of an import: rows of each source parsed into records in batches of up to 1,000, with the
/// in-file duplicate checks (户编号, 身份证号) and the problems of the rows refused while reading.
struct RowReading {
    var sources: [any RegisterRowSource]
    var problems: [ImportProblem] = []
    var rejected: [RegisterImportReport.RejectedRow] = []
    /// Whether refused rows are kept to hand back (valid-rows mode); an all-or-nothing import keeps only the problems,
    /// so a bad million-row file does not hold every row in memory.
    let keepsRejectedRows: Bool
    /// 户编号 → row of household rows refused while reading.
    var rejectedHouseholds: [String: Int] = [:]
    private var seenNumbers = CompactKeyIndex()
    private var seenIDs = CompactKeyIndex(capacity: 1 << 18)

    init(sources: [any RegisterRowSource], keepsRejectedRows: Bool = true) {
        self.sources = sources
        self.keepsRejectedRows = keepsRejectedRows
    }

    struct Batch: Sendable {
        var villages: [(VillageRecord, Int, String, String?)] = []
        var households: [(HouseholdRecord, Int, String, String?)] = []
        var members: [(MemberRecord, Int, String, String?)] = []
        var isEmpty: Bool { villages.isEmpty && households.isEmpty && members.isEmpty }
        var count: Int { villages.count + households.count + members.count }
    }

    private mutating func reject(_ file: String, _ sheet: RegisterSheet, _ row: Int, _ cells: [String], _ rowProblems: [ImportProblem]) {
        // The first 5,000 are plenty to fix a file by; the rows themselves all go to `rejected`.
        for var p in rowProblems where problems.count < 5_000 {
            p.fileName = file
            problems.append(p)
        }
        guard keepsRejectedRows else { return }
        rejected.append(.init(fileName: file, sheet: sheet, row: row, cells: cells,
                              reasons: rowProblems.map { ($0.column.map { "“\($0)”列：" } ?? "") + $0.message }))
    }

    /// The next rows of source `index`; empty at its end.
    mutating func nextBatch(_ index: Int, map: HeaderMap, parser: RegisterRowParser) throws -> Batch {
        let file = sources[index].fileName
        let label = sources[index].sheetLabel
        let sheet = sources[index].sheet
        var batch = Batch()
        while batch.count < 1_000, let (number, cells) = try sources[index].next() {
            if cells.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { continue }
            // Rejected rows go back in the template's column order, whatever order the file used.
            var templateCells: [String] { sheet.headers.map { map.value($0, in: cells) } }
            switch sheet {
            case .households:
                let (r, p) = parser.household(cells, row: number)
                if let r, let first = seenNumbers.insertIfAbsent(r.number, row: number) {
                    reject(file, sheet, number, templateCells, [
                        .init(sheet: label, row: number, column: "户编号", message: "户编号 \(r.number) 与第\(first)行重复")
                    ])
                } else if let r {
                    batch.households.append((r, number, file, label))
                } else {
                    reject(file, sheet, number, templateCells, p)
                    rejectedHouseholds[map.value("户编号", in: cells)] = number
                }
            case .members:
                let (r, p) = parser.member(cells, row: number)
                if let r, let first = seenIDs.insertIfAbsent(r.idNumber, row: number) {
                    reject(file, sheet, number, templateCells, [
                        .init(sheet: label, row: number, column: "身份证号", message: "身份证号与第\(first)行重复")
                    ])
                } else if let r {
                    batch.members.append((r, number, file, label))
                } else {
                    reject(file, sheet, number, templateCells, p)
                }
            case .villages:
                let (r, p) = parser.village(cells, row: number)
                if let r { batch.villages.append((r, number, file, label)) } else { reject(file, sheet, number, templateCells, p) }
            }
        }
        return batch
    }
}
