import ArgumentParser
import JingzhunStorage

extension MonitorCommand {
    /// `jingzhun monitor sweep`: reminders before a case's identification limit and automatic 督办 after it (the server
    /// runs it hourly beside the task sweep).
    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "检查监测案件的识别认定时限，到期前提醒，超期自动督办")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await reportingErrors {
                let result = try await database.withStore { try await CaseSweeper(store: $0).sweep(context: .system()) }
                print(result.summary)
            }
        }
    }
}
