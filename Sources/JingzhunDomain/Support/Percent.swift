/// Percentages: typed "98.5%" ⇄ basis points (9850), and the one way each kind of percentage is printed.
public enum Percent {
    public static func basisPoints(_ text: String) -> Int? {
        var t = text.trimmingWhitespace()
        if t.hasSuffix("%") || t.hasSuffix("％") { t.removeLast() }
        guard let fen = Fen(yuan: t), fen.rawValue >= 0, fen.rawValue <= 10_000 else { return nil }
        return Int(fen.rawValue)
    }

    /// The template's form, trailing zeros dropped: 9850 → "98.5%".
    public static func text(_ basisPoints: Int) -> String {
        Fen(rawValue: Int64(basisPoints)).yuanText + "%"
    }

    /// A ratio as shown in reasons and reports, always two decimals (so a threshold reads "3.00%" beside "2.99%"):
    /// 0.985 → "98.50%". Without Foundation formatting: it runs once per failing indicator of an assessment.
    public static func text(ratio: Double) -> String {
        let basis = Int64((ratio * 10_000).rounded())
        let v = abs(basis)
        let cents = v % 100
        return "\(basis < 0 ? "-" : "")\(v / 100).\(cents < 10 ? "0" : "")\(cents)%"
    }

    /// Basis points with trailing zeros dropped, for thresholds people write by hand: 5000 → "50%", 3750 → "37.5%".
    public static func short(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100
        let rest = abs(basisPoints % 100)
        if rest == 0 { return "\(whole)%" }
        if rest % 10 == 0 { return "\(whole).\(rest / 10)%" }
        return "\(whole).\(rest < 10 ? "0" : "")\(rest)%"
    }
}
