import Foundation
import JingzhunDomain

/// The seed plans, copied into the test bundle so that CI needs no ../shared.
enum SeedPlans {
    static func text(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures/seeds"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("missing fixture \(name)") }
        return text
    }

    static let qingjian2019 = "001_fdee2c871ee8325c"
    static let zhenping2017 = "000_5297ffbd7620d7e2"
    static let ankang2020 = "003_115fff6afda7b54e"
}
