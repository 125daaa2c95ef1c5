public import Foundation

/// Times are China Standard Time whatever the server's zone (DEVELOPERS.md; issue 6 §2).
public enum ChinaTime {
    public static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// `2026-11-23T08:00:00Z` — what the database stores.
    public static func isoUTC(_ date: Date) -> String {
        var f = Date.ISO8601FormatStyle()
        f.timeZone = TimeZone(secondsFromGMT: 0)!
        return date.formatted(f)
    }

    public static func parseISO(_ text: String) -> Date? {
        try? Date(text, strategy: Date.ISO8601FormatStyle())
    }

    /// `2026-11-23 16:00` in Beijing time, for pages.
    public static func display(_ iso: String) -> String {
        guard let date = parseISO(iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    /// The calendar year in Beijing.
    public static func year(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.component(.year, from: date)
    }

    /// `YYYY-MM-DD` of the given instant in Beijing.
    public static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The instant a Beijing wall-clock time names: `2018-07-06 12:00` → 04:00 UTC, whatever the server's zone.
    public static func date(_ day: Day, hour: Int, minute: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))!
    }
}
