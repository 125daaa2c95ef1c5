import Foundation
import JingzhunStorage

/// What a POST produced, held for an hour for the account that posted it, so the browser can be redirected to a GET
/// that shows it (a refresh then re-reads the page instead of posting again) or fetch it once more: the rejected rows
/// of a register import, the outcome of a departmental list upload. Tokens are random and tied to the account.
actor HeldForAccount<Value: Sendable> {
    private var held: [String: (account: Int64, value: Value, at: Date)] = [:]

    func keep(_ value: Value, for account: Int64, now: Date) -> String {
        held = held.filter { now.timeIntervalSince($0.value.at) < 3600 }
        let token = AccountRepository.randomToken()
        held[token] = (account, value, now)
        return token
    }

    func take(_ token: String, for account: Int64, now: Date) -> Value? {
        guard let entry = held[token], entry.account == account, now.timeIntervalSince(entry.at) < 3600 else { return nil }
        return entry.value
    }
}

/// The rejected rows of register imports, as xlsx.
typealias RejectedFiles = HeldForAccount<Data>
