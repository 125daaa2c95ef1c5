import Foundation
import JingzhunDomain
import JingzhunStorage
import JingzhunTestSupport
import Logging
import SQLKit
import Synchronization
import Testing

/// The hourly pass beside the server: a sweep that fails is logged (its kind only) and the other still runs.
@Suite struct SweepsTests {
    /// Keeps what is logged, for the test to read.
    struct Recorder: LogHandler {
        final class Lines: Sendable {
            let lines = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])
        }
        let sink = Lines()
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink.lines.withLock { $0.append((event.level, event.message.description, event.metadata ?? [:])) }
        }
    }

    @Test(arguments: engines)
    func aSweepThatFailsIsLoggedAndTheOtherStillRuns(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            // given a county ladder the case sweep cannot read (written past the settings' validation)
            try await store.db.raw("UPDATE settings SET value = \(bind: "{\"rungs\": \"财政局 13912345678\"}") WHERE key = \(bind: "monitor.escalation")").run()
            let recorder = Recorder()
            let logger = Logger(label: "test.sweep") { _ in recorder }
            // when
            let lines = await Sweeps.runOnce(store: store, logger: logger, now: beijing("2025-11-17 09:00"))
            // then: one error for the case sweep, its kind and nothing of the value; the task sweep ran
            #expect(lines.isEmpty)
            let logged = recorder.sink.lines.withLock { $0 }
            #expect(logged.count == 1)
            let (level, message, metadata) = try #require(logged.first)
            #expect(level == .error && message.contains("监测案件检查失败") && metadata["sweep"] == "case")
            #expect(metadata["error"]?.description.contains("DecodingError") == true)
            #expect(!"\(message) \(metadata)".contains("13912345678"))
        }
    }
}
