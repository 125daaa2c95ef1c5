/// A value passed back and forth between a task and its child, never used by both at once: the importer reads
/// and checks the next batch of rows in an `async let` child while it writes the previous batch, and touches the
/// reading state again only after awaiting that child (`RegisterImporter.run`).
///
/// Reviewed `@unchecked Sendable` (STYLE.md habit 3): the alternation is the importer's structure — each child
/// is started after the parent's last use of the value and awaited before the parent's next use — and the value
/// holds the file readers, which are not `Sendable`.
final class HandOff<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
