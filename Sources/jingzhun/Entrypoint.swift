import ArgumentParser

/// The one executable: the server (`serve`, `demo`) and the commands. Entry point only — no routes,
/// SQL or rules here.
@main
struct Jingzhun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jingzhun",
        abstract: "精准 — 县脱贫攻坚指挥部工作系统 / Jingzhun, a county poverty-alleviation office system",
        subcommands: [
            Serve.self, Demo.self, Migrate.self, Backup.self, UserCommand.self, RegionCommand.self, AuditCommand.self,
            Import.self, Export.self, Template.self, Generate.self, Check.self, Assess.self, Shortfalls.self, StandardCommand.self,
            ExitCheck.self, PlanCommand.self, Bulletin.self, TasksCommand.self, ConfigCommand.self, MonitorCommand.self,
        ])
}
