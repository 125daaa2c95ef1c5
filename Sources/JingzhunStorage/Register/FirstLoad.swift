import JingzhunDomain
import SQLKit

/// How a first load wrote its rows (`RegisterImportReport.firstLoad`).
public enum FirstLoadPath: String, Sendable, Equatable {
    /// SQLite: one prepared statement per table, reused for every row through the C API.
    case sqliteStatements
    /// PostgreSQL: `COPY … FROM STDIN`.
    case postgresCopy
    /// SQLKit multi-row `INSERT`s (SQLite without its raw handle).
    case sqlInserts
}

/// A first load: the register tables (households, their yearly figures, members) held no rows when the import
/// began, so nothing can be an update. `RegisterWriter` then skips the existence probes, appends rows through
/// `BulkTable`s with ids it assigns itself, and logs creations as one audit entry per batch and village that
/// names the households created (README, Decisions). Secondary indexes of the three tables are dropped for the
/// load and built again before the commit, from the definitions the database itself holds, so an index added by
/// a later migration is rebuilt too. It all happens inside the import's transaction: a refused import rolls the
/// indexes back with everything else.
final class FirstLoad {
    static let tables = ["households", "household_years", "members"]

    let households: BulkTable
    let years: BulkTable
    let members: BulkTable
    var nextHouseholdID: Int64 = 1
    let path: FirstLoadPath
    private let db: any SQLDatabase
    private let dialect: Dialect
    /// (name, CREATE INDEX statement) of the indexes dropped for the load.
    private var droppedIndexes: [(String, String)] = []
    /// Created since the last audit flush: sheet → village → 户编号 in file order (members: each household once).
    private var created: [RegisterSheet: [RegionCode: [String]]] = [:]
    private var createdCount: [RegisterSheet: [RegionCode: Int]] = [:]

    private init(transaction: StoreTransaction, dialect: Dialect) throws {
        db = transaction.db
        self.dialect = dialect
        households = try BulkTable(table: "households", columns: ["id"] + RegisterWriter.householdColumns, transaction: transaction)
        years = try BulkTable(table: "household_years", columns: RegisterWriter.yearColumns, transaction: transaction)
        members = try BulkTable(table: "members", columns: RegisterWriter.memberColumns, transaction: transaction)
        path = switch dialect {
        case .postgres: .postgresCopy
        case .sqlite: households.isDirect ? .sqliteStatements : .sqlInserts
        }
    }

    /// A first load when the register tables are empty, with their secondary indexes dropped; nil otherwise.
    static func beginIfEmpty(_ transaction: StoreTransaction, dialect: Dialect) async throws -> FirstLoad? {
        let db = transaction.db
        guard try await tablesEmpty(db) else { return nil }
        let load = try FirstLoad(transaction: transaction, dialect: dialect)
        let rows = switch dialect {
        case .sqlite:
            // Indexes behind UNIQUE and PRIMARY KEY constraints have no `sql` and stay. The rebuild sorts through
            // temporary files (`Store.begin(bulkLoad:)`): in memory it took a million-household load to 514 MB.
            try await db.raw("""
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN \(SQLBind.group(tables)) ORDER BY name
                """).all()
        case .postgres:
            try await db.raw("""
                SELECT i.relname AS name, pg_get_indexdef(i.oid) AS sql
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema() AND t.relname IN \(SQLBind.group(tables)) AND NOT x.indisunique AND NOT x.indisprimary
                ORDER BY i.relname
                """).all()
        }
        for row in rows {
            let name = try row.decode(column: "name", as: String.self)
            load.droppedIndexes.append((name, try row.decode(column: "sql", as: String.self)))
            try await db.raw("DROP INDEX \(ident: name)").run()
        }
        return load
    }

    static func tablesEmpty(_ db: any SQLDatabase) async throws -> Bool {
        for table in ["households", "members"] where try await db.select().column(SQLLiteral.numeric("1")).from(table).limit(1).first() != nil {
            return false
        }
        return true
    }

    func created(_ sheet: RegisterSheet, village: RegionCode, number: String) {
        createdCount[sheet, default: [:]][village, default: 0] += 1
        if sheet == .members, created[sheet]?[village]?.last == number { return }
        created[sheet, default: [:]][village, default: []].append(number)
    }

    /// One entry per sheet and village for the rows created since the last call: how many, and which households.
    func takeAudits() -> [PendingAudit] {
        var out: [PendingAudit] = []
        for sheet in [RegisterSheet.households, .members] {
            for (village, numbers) in (created[sheet] ?? [:]).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                // Members of one household normally follow each other; should they not, name the household once.
                var seen = Set<String>()
                let households = numbers.filter { seen.insert($0).inserted }
                let count = createdCount[sheet]?[village] ?? 0
                let changes = sheet == .households
                    ? [FieldChange(field: "首次导入新增户数", old: nil, new: String(count)),
                       FieldChange(field: "户编号", old: nil, new: households.joined(separator: "、"))]
                    : [FieldChange(field: "首次导入新增成员数", old: nil, new: String(count)),
                       FieldChange(field: "所属户编号", old: nil, new: households.joined(separator: "、"))]
                out.append(PendingAudit(
                    action: .create, objectType: sheet == .households ? "household_batch" : "member_batch",
                    objectID: "\(households.first ?? "")–\(households.last ?? "")", regionCode: village, changes: changes))
            }
        }
        created = [:]
        createdCount = [:]
        return out
    }

    /// Sends what is buffered and builds the dropped indexes again; on PostgreSQL the id sequence moves past the
    /// ids given here.
    func finish() async throws {
        try await households.flush()
        try await years.flush()
        try await members.flush()
        // SQLite's sorter may use as much memory as the page cache holds, on top of the cache itself: a quarter
        // of the cache while the indexes are built keeps a million-household load under 300 MB.
        var cacheSize: Int?
        if dialect == .sqlite, !droppedIndexes.isEmpty {
            cacheSize = try await db.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self)
            if let size = cacheSize { try await db.raw("PRAGMA cache_size = \(unsafeRaw: String(size / 4))").run() }
        }
        do {
            for (_, sql) in droppedIndexes { try await db.execute(sql: SQLRaw(sql)) { _ in } }
        } catch {
            // The writer connection outlives the import: give it its cache back before the rollback.
            if let size = cacheSize { try? await db.raw("PRAGMA cache_size = \(unsafeRaw: String(size))").run() }
            throw error
        }
        if let size = cacheSize { try await db.raw("PRAGMA cache_size = \(unsafeRaw: String(size))").run() }
        droppedIndexes = []
        if dialect == .postgres {
            try await db.raw("SELECT setval(pg_get_serial_sequence('households', 'id'), MAX(id)) FROM households").run()
        }
    }
}
