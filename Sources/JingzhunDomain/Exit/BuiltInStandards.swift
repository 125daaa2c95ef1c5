/// The standards Jingzhun ships (issue 5 §1). Each lives in a file named for it with its sources.
public enum BuiltInStandards {
    public static var all: [ExitStandard] { [shaanxi2017, national2016, national2016(west: false)] }

    public static func standard(key: String) -> ExitStandard? { all.first { $0.key == key } }
}
