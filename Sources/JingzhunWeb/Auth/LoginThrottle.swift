import Foundation

/// Locks an account name after too many failed sign-ins within a window (brute-force protection).
/// Kept in memory: a restart clears it, which is acceptable for a single county server.
actor LoginThrottle {
    private let maxFailures: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(maxFailures: Int, window: TimeInterval) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Seconds until the name may try again, or nil when it may try now.
    func lockedFor(_ username: String, now: Date) -> TimeInterval? {
        let recent = prune(username.lowercased(), now: now)
        guard recent.count >= maxFailures, let oldest = recent.first else { return nil }
        return oldest.addingTimeInterval(window).timeIntervalSince(now)
    }

    func recordFailure(_ username: String, now: Date) {
        let key = username.lowercased()
        failures[key] = prune(key, now: now) + [now]
    }

    func recordSuccess(_ username: String) {
        failures[username.lowercased()] = nil
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let kept = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = kept.isEmpty ? nil : kept
        return kept
    }
}
