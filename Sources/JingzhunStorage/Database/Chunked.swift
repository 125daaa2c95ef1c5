extension Array {
    /// Pieces of at most `size` elements, for `IN (…)` lists and multi-row inserts that must stay under each engine's
    /// bind-parameter limit (SQLite 32,766, PostgreSQL 65,535).
    func chunked(_ size: Int = 500) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
