import JingzhunDomain
import SQLKit

/// SQL fragments the register's readers share, written once for both engines.
enum RegisterSQL {
    /// `column IN (every region code in the subtree of code)`, through the closure table.
    static func within(_ column: String, _ code: RegionCode) -> SQLQueryString {
        "\(unsafeRaw: column) IN (SELECT descendant_code FROM region_closure WHERE ancestor_code = \(bind: code.rawValue))"
    }

    /// Join condition for `household_years y` on `households h`: each household's figures for `year`, or its latest
    /// year before it (a household not re-surveyed this year keeps last year's figures).
    static func figures(atMost year: Int) -> SQLQueryString {
        "y.household_id = h.id AND y.year = (SELECT MAX(y2.year) FROM household_years y2 WHERE y2.household_id = h.id AND y2.year <= \(bind: year))"
    }

    /// 家庭纯收入 of `household_years y` in fen (HouseholdIncome.net).
    static let netIncome: SQLQueryString = "(y.wage_fen + y.production_fen + y.property_fen + y.transfer_fen - y.production_cost_fen)"

    /// Households that still exist as households (not absorbed by a 合户).
    static let current: SQLQueryString = "h.merged_into_id IS NULL"
}
