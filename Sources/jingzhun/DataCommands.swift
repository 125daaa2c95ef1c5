import ArgumentParser
import Foundation
import JingzhunDomain
import JingzhunStorage

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "执行数据库迁移 / apply schema migrations")
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await reportingErrors {
            try await database.withStore(migrate: false) { store in
            let ran = try await Migrator(store: store).migrate()
            print(ran.isEmpty ? "数据库已是最新（\(database.location)）" : "已执行迁移：\(ran.joined(separator: ", "))")
            }
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "在线备份 SQLite 数据库 / online backup (SQLite); PostgreSQL: use pg_dump")
    @OptionGroup var database: DatabaseOption
    @Option(help: "备份文件（不得已存在）") var to: String

    func run() async throws {
        try await reportingErrors {
            try await database.withStore(migrate: false) { store in
                try await store.backup(to: to)
            }
            print("已备份到 \(to)")
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "账号管理 / accounts", subcommands: [Add.self, Passwd.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "新建账号 / add an account")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "用户名") var username: String
        @Option(help: "角色：\(Role.allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、"))") var role: String
        @Option(help: "工作范围的区划代码（12位）") var scope: String
        @Option(help: "显示名") var name: String?
        @Option(help: "所属单位名称（行业部门）") var unit: String?
        @Option(help: "密码（省略则从标准输入读取一行）") var password: String?

        func run() async throws {
            try await reportingErrors {
                guard let role = Role(rawValue: role) ?? Role.allCases.first(where: { $0.label == self.role }) else {
                    throw ValidationError("未知角色 \(self.role) / unknown role")
                }
                guard let scope = RegionCode(rawValue: scope) else { throw ValidationError("区划代码应为12位数字 / scope must be a 12-digit code") }
                let password = try self.password ?? readPassword()
                try await database.withStore { store in
                let unitID = try await unit.asyncMap { name -> OrgUnit.ID in
                    guard let u = try await OrganisationRepository(store: store).unit(named: name) else { throw StorageError.notFound("单位 \(name)") }
                    return u.id
                }
                let account = try await AccountRepository(store: store).create(
                    username: username, displayName: name ?? username, password: password, role: role, scope: scope, unitID: unitID,
                    context: .cli())
                print("已创建账号 \(account.username)（\(role.label)，范围 \(scope)）")
                }
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重设密码 / set a password")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "用户名") var username: String
        @Option(help: "新密码（省略则从标准输入读取一行）") var password: String?

        func run() async throws {
            try await reportingErrors {
                let password = try self.password ?? readPassword()
                try await database.withStore { store in
                try await AccountRepository(store: store).setPassword(username: username, password: password, context: .cli())
                print("已重设 \(username) 的密码，原有登录已失效")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出账号 / list accounts")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await reportingErrors {
                try await database.withStore { store in
                for a in try await AccountRepository(store: store).all() {
                    print("\(a.username)\t\(a.role.label)\t\(a.scope)\t\(a.displayName)")
                }
                }
            }
        }
    }
}

func readPassword() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw ValidationError("请用 --password 或标准输入提供密码 / no password given")
    }
    return line
}

struct RegionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "region", abstract: "区划 / regions", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从区划代码 csv 导入（列：代码,名称,级别,上级代码）/ import a division-code csv")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "csv 文件（UTF-8，表头 代码,名称,级别,上级代码）") var file: String
        @Option(help: "生效日期 YYYY-MM-DD") var validFrom = "2020-06-30"

        func run() async throws {
            try await reportingErrors {
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("无法读取文件 \(file) / cannot read file") }
                let text = String(decoding: data, as: UTF8.self)
                let regions = try RegionCSV.parse(text, fileName: (file as NSString).lastPathComponent, validFrom: validFrom)
                try await database.withStore { store in
                let summary = try await RegionRepository(store: store).upsert(regions, context: .cli())
                print("区划导入完成：新增 \(summary.created)，更新 \(summary.updated)，未变 \(summary.unchanged)")
                }
            }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "审计日志 / audit log", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "校验审计日志哈希链 / verify the hash chain")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await reportingErrors {
                let result = try await database.withStore(migrate: false) { store in
                    try await AuditRepository(store: store).verify()
                }
                switch result {
                case .intact(let n):
                    print("审计日志完整：\(n) 条记录，哈希链无断裂 / audit log intact (\(n) entries)")
                case .broken(let id, let reason):
                    FileHandle.standardError.write(Data("审计日志被篡改 / audit log TAMPERED at entry \(id): \(reason)\n".utf8))
                    throw ExitCode(2)
                }
            }
        }
    }
}
