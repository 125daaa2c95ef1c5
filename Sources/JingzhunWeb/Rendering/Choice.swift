/// One `<option>` of a select (or one radio button) in a page model: what is sent, what is shown, and whether it is
/// the current value. Every page's filters and forms use this one type.
struct Choice: Sendable, Equatable {
    var value: String
    var label: String
    var selected: Bool
}
