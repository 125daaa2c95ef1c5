import Foundation
import JingzhunDomain
import Testing

@Suite struct ScratchDump {
    @Test func dump() throws {
        for name in [SeedPlans.qingjian2019, SeedPlans.zhenping2017, SeedPlans.ankang2020] {
            let plan = PlanTextParser.parse(SeedPlans.text(name))
            try PlanParseDocument(plan).json().write(to: URL(fileURLWithPath: "/tmp/dump-\(name).json"))
        }
    }
}
