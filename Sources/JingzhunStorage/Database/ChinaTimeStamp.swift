import Foundation
import JingzhunDomain

/// Timestamps are stored as ISO-8601 UTC text (portable, sortable) — see STYLE.md §1.
enum ChinaTimeStamp {
    static func iso(_ date: Date) -> String { ChinaTime.isoUTC(date) }
}
