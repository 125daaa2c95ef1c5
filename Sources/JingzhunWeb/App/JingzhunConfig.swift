public import JingzhunStorage
public import Logging

/// Configuration read once (CLI flags > environment > defaults) and passed explicitly.
public struct JingzhunConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var database = DatabaseLocation.sqlite(path: DatabaseLocation.defaultPath)
    public var logLevel = Logger.Level.info
    /// bcrypt work factor for new passwords.
    public var bcryptCost: UInt8 = 11
    /// Mark cookies `Secure` (set when served behind HTTPS).
    public var secureCookies = false
    /// Failed sign-ins allowed per account within `throttleWindow` seconds before it is locked for that long.
    public var maxLoginFailures = 5
    public var throttleWindow: Double = 15 * 60

    public init() {}
}
