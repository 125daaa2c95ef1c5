import ArgumentParser
import Foundation
import Hummingbird
import JingzhunDomain
import JingzhunStorage
import JingzhunWeb
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "启动网页服务 / serve the web UI and API")
    @OptionGroup var database: DatabaseOption
    @Option(help: "监听地址") var host = "127.0.0.1"
    @Option(help: "端口") var port = 8080

    func run() async throws {
        try await reportingErrors {
            try await database.withStore { store in
            var config = JingzhunConfig()
            config.host = host
            config.port = port
            config.database = database.location
            print("精准 正在运行：http://\(host):\(port)  （数据库：\(database.location)）")
            fflush(nil)  // the URL and accounts must show before the server blocks, even when piped
            let app = try await buildApplication(config, store: store)
            try await serveWithSweeps(app, store: store)
            }
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "生成演示县（镇坪县区划）并启动服务 / seed a demo county and serve it")
    @Option(help: "端口") var port = 8080
    @Option(help: "监听地址") var host = "127.0.0.1"
    @Option(help: "演示数据目录（其中的 demo.sqlite 会被复用）") var data = "./demo-data"
    @Option(help: "改用其他数据库（如 postgres://…）") var db: String?
    @Flag(help: "只生成数据，不启动服务") var seedOnly = false

    func run() async throws {
        try await reportingErrors {
            let location = db.map(DatabaseLocation.init(argument:)) ?? .sqlite(path: (data as NSString).appendingPathComponent("demo.sqlite"))
            try await DatabaseOption(db: location.argument).withStore { store in
            let county = DemoCounty.generate()
            switch try await DemoSeeder(store: store).seed(county) {
            case .seeded(let n): print("已生成演示县：镇坪县 7 镇 62 村（社区），\(n) 户建档立卡户（\(location)）")
            case .alreadySeeded: print("复用已有演示数据（\(location)）")
            }
            print("")
            print("演示账号（密码均为 \(DemoCounty.demoPassword)）：")
            for a in county.accounts {
                print("  \(a.username.padding(toLength: 10, withPad: " ", startingAt: 0)) \(a.role.label)  \(a.displayName)")
            }
            if seedOnly { return }
            var config = JingzhunConfig()
            config.host = host
            config.port = port
            config.database = location
            print("")
            print("请用浏览器打开：http://\(host):\(port)/")
            fflush(nil)  // the URL and accounts must show before the server blocks, even when piped
            let app = try await buildApplication(config, store: store)
            try await serveWithSweeps(app, store: store)
            }
        }
    }
}

extension DatabaseOption {
    init(db: String) {
        self.init()
        self.db = db
    }
}

extension DatabaseLocation {
    var argument: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url, _): url
        }
    }
}

/// Runs the server and, beside it, the task sweep (reminders, overdue, automatic 督办) and the monitoring case sweep
/// (identification-limit reminders and 督办) at start and then hourly.
func serveWithSweeps(_ app: some ApplicationProtocol & Sendable, store: Store) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService() }
        group.addTask {
            // A failed sweep is logged (its kind, nothing personal) and tried again next hour; it never stops the server.
            let logger = Logger(label: "jingzhun.sweep")
            while !Task.isCancelled {
                for line in await Sweeps.runOnce(store: store, logger: logger) { print(line) }
                try await Task.sleep(for: .seconds(3600))
            }
        }
        try await group.next()
        group.cancelAll()
    }
}
